import type { Command } from 'commander';
import type { AnalysisResult, AnalyzeOptions } from '../pipeline';
import { diffImages } from '../diff/diff';
import { writeFileAtomic } from '../util/files';
import { writeChunks } from '../util/json-stream';
import { ImgdietError, InputError, UsageError } from '../errors';
import { renderDiffJsonChunks } from '../report/diff-json';
import { renderDiffMarkdown } from '../report/diff-markdown';
import { renderDiffText } from '../report/diff-text';
import { renderDiffHtml } from '../report/html';
import { finalTree } from '../pipeline/views';
import { addImageOptions, ImageFlags, imageOptions, readImage } from './image-options';
import { checkWritable, Io, useColor } from './io';

export interface DiffFlags extends ImageFlags {
  json?: boolean;
  format?: string;
  top: string;
  /** Also write the HTML report to this file. */
  html?: string;
}

const FORMATS = ['text', 'json', 'markdown'] as const;
type DiffFormat = (typeof FORMATS)[number];

/** Declares `imgdiet diff` on the command main.ts created; `done` receives the exit code. */
export function defineDiffCommand(command: Command, io: Io, done: (code: number) => void): void {
  command
    .description('compare two images: totals, layers by diffID and instruction, files, packages, findings; see docs/diff.md')
    .argument('<old>', 'the image before, as for analyze')
    .argument('<new>', 'the image after')
    .option('--json', 'print the diff object as JSON (the same as --format json)')
    .option('--format <format>', `${FORMATS.join(', ')} (default text); markdown suits a pull-request comment`)
    .option('--top <n>', 'rows per list in text and markdown (the JSON has every row)', '10')
    .option('--html <file>', 'also write a self-contained HTML report to FILE (stdout still carries the report)');
  addImageOptions(command).action(async (oldRef: string, newRef: string, flags: DiffFlags) => {
    done(await diffCommand(oldRef, newRef, flags, io));
  });
}

/** Exit 0 whatever differs: a diff reports, it does not judge (`imgdiet check --baseline` does). */
export async function diffCommand(oldRef: string, newRef: string, flags: DiffFlags, io: Io): Promise<number> {
  const format = chooseFormat(flags);
  const top = Number(flags.top);
  if (!Number.isInteger(top) || top < 0) throw new UsageError(`--top "${flags.top}" is not a whole number`);
  if (flags.html !== undefined) checkWritable(flags.html, '--html');
  const options = imageOptions(flags);
  const old = await readSide('old', oldRef, options, io);
  const neu = await readSide('new', newRef, options, io);
  const diff = await diffImages(old, neu);
  if (flags.html !== undefined) writeFileAtomic(flags.html, renderDiffHtml(diff, finalTree(neu)));
  // The JSON lists every changed file, so it goes out in chunks; text and markdown show --top rows.
  const render: Record<DiffFormat, () => Iterable<string>> = {
    text: () => [renderDiffText(diff, { color: useColor(io), top })],
    json: () => renderDiffJsonChunks(diff),
    markdown: () => [renderDiffMarkdown(diff, { top })],
  };
  await writeChunks(io.stdout, render[format]());
  return 0;
}

function chooseFormat(flags: DiffFlags): DiffFormat {
  if (flags.format === undefined) return flags.json ? 'json' : 'text';
  const name = flags.format.trim().toLowerCase();
  if (!(FORMATS as readonly string[]).includes(name)) throw new UsageError(`--format "${flags.format}": expected one of ${FORMATS.join(', ')}`);
  if (flags.json && name !== 'json') throw new UsageError(`--json and --format ${name} ask for two formats; give one`);
  return name as DiffFormat;
}

/** Reads one side; a known error says which side it was about. */
async function readSide(which: 'old' | 'new', ref: string, options: AnalyzeOptions, io: Io): Promise<AnalysisResult> {
  try {
    return await readImage(ref, options, io);
  } catch (err) {
    if (err instanceof ImgdietError) throw new InputError(`${which} image: ${err.message}`, { cause: err, exitCode: err.exitCode });
    throw err;
  }
}
