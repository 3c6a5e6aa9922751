/**
 * Runs the BUILT command line (`node bin/imgdiet.js`, which loads dist/) as a child process, the way a user does,
 * with NO_COLOR=1 and CI=1 so that neither colours nor a progress bar get into what the tests read. Every test that
 * runs the CLI goes through runCli, which refuses a dist/ older than src/.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import type { Analysis } from '../../src/model';
import { expectFreshDist } from './dist';

export const ROOT = path.resolve(__dirname, '../..');
export const BIN = path.join(ROOT, 'bin', 'imgdiet.js');
export const SAMPLE_TAR = path.join(ROOT, 'samples', 'sample.tar');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Variables to set (a value of undefined removes the variable). */
  env?: Record<string, string | undefined>;
  cwd?: string;
  timeout?: number;
}

/** Runs `imgdiet ARGS`; throws first when dist/ is missing or older than src/ (see ./dist). */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  expectFreshDist();
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CI: '1' };
  delete env.FORCE_COLOR;
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: options.cwd ?? ROOT, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: options.timeout ?? 300_000 },
      (err, stdout, stderr) => {
        if (err && typeof err.code !== 'number') {
          reject(new Error(`imgdiet ${args.join(' ')} did not run: ${err.message}`));
          return;
        }
        resolve({ code: err ? (err.code as number) : 0, stdout, stderr });
      },
    );
  });
}

/** `imgdiet analyze REF --json`, which must succeed with nothing on stderr; returns the parsed analysis. */
export async function analyzeJson(ref: string, options: CliOptions = {}): Promise<Analysis> {
  const r = await runCli(['analyze', ref, '--json'], options);
  if (r.code !== 0) throw new Error(`imgdiet analyze ${ref} --json exited ${r.code}: ${r.stderr.trim()}`);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Analysis;
}

/** A string as a literal part of a regular expression (paths in expected messages). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * What every failure must look like: the given exit code, nothing on stdout, exactly one line on stderr that starts
 * with the program's name or commander's `error:`, and no stack trace. Returns that line.
 */
export function expectOneLineError(r: CliResult, code = 2): string {
  expect({ code: r.code, stdout: r.stdout }).toEqual({ code, stdout: '' });
  expect(r.stderr.endsWith('\n')).toBe(true);
  const lines = r.stderr.slice(0, -1).split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^(imgdiet|error): \S/);
  expect(r.stderr).not.toMatch(/\n\s+at |internal error|Error: /);
  return lines[0];
}
