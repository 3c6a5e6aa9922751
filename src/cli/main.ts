import { Command, CommanderError, Option } from 'commander';
import { ImgdietError } from '../errors';
import { analyzeCommand, AnalyzeFlags } from './analyze-command';
import { defineCheckCommand } from './check-command';
import { defineDiffCommand } from './diff-command';
import { addImageOptions } from './image-options';
import type { Io } from './io';
import { printable } from '../util/text';

/** An error is one short line: what an image, a registry or a path put in it is shown escaped, and cut. */
const MAX_ERROR_CHARS = 500;

export function errorLine(message: string): string {
  const line = printable(message);
  return line.length > MAX_ERROR_CHARS ? `${line.slice(0, MAX_ERROR_CHARS - 1)}…` : line;
}

const VERSION: string = (require('../../package.json') as { version: string }).version;

/** Runs the CLI and returns the exit code: 0 ok, 1 a budget or policy failed, 2 usage or input error. */
export async function main(argv: string[], io: Io = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  let debug = argv.includes('--debug');
  let code = 0;
  const program = new Command('imgdiet')
    .description('Take a container image apart: where every byte comes from and which bytes are waste.')
    .version(VERSION)
    .addOption(new Option('--debug', 'print stack traces of errors'))
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(errorLine(s.split('\n')[0]) + '\n'),
    });

  const analyze = program
    .command('analyze')
    .description('analyze an image: sizes per layer, hidden and duplicate bytes, waste')
    .argument('<ref>', 'the image: NAME:TAG, PATH.tar, oci:DIR, oci-archive:PATH, docker://HOST/NAME:TAG (all forms below)')
    .option('--json', 'print the analysis object as JSON')
    .option('--top <n>', 'findings and suggestions listed (with --verbose: rows of the hidden and duplicate tables)', '10')
    .option('--verbose', 'print every table in full instead of one line per layer, finding and suggestion')
    .option('--html <file>', 'also write a self-contained HTML report to FILE (stdout still carries the report)')
    .option('--dockerfile <file>', 'the Dockerfile the image was built from: layers joined to its lines, suggestions as patches (default: ./Dockerfile when its instructions match the image history)')
    .option('--no-dockerfile', 'do not look for ./Dockerfile')
    .option('--write-dockerfile <path>', 'with --dockerfile: write the proposed Dockerfile to PATH (and PATH.dockerignore)')
    .option('--layer <n|line:L>', "print one layer's change tree instead (index as listed, 0 = oldest; line:L = the layer whose Dockerfile instruction covers line L); with --json every changed path");
  addImageOptions(analyze).action(async (ref: string, opts: AnalyzeFlags) => {
    debug = debug || Boolean(program.opts().debug);
    code = await analyzeCommand(ref, opts, io);
  });

  defineCheckCommand(program.command('check'), io, (c) => (code = c));
  defineDiffCommand(program.command('diff'), io, (c) => (code = c));

  try {
    await program.parseAsync(argv);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof ImgdietError) {
      io.stderr.write(`imgdiet: ${errorLine(err.message)}\n`);
      if (debug) io.stderr.write(`${err.stack ?? ''}\n${err.cause instanceof Error ? `caused by: ${err.cause.stack}\n` : ''}`);
      return err.exitCode;
    }
    // An unknown error is a bug: say so, with the stack, and exit 2 like any other failure to analyze.
    const e = err as Error;
    io.stderr.write(`imgdiet: internal error: ${errorLine(e?.message ?? String(err))}; please report it with --debug output\n`);
    if (debug) io.stderr.write(`${e?.stack ?? ''}\n`);
    return 2;
  }
}
