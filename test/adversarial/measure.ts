import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliResult, runCli } from '../helpers/cli';

export interface Measured extends CliResult {
  seconds: number;
  /** Peak resident set of the CLI process, in MB. */
  peakMb: number;
}

/** Runs the built CLI and measures its wall time and peak RSS (reported by the process itself at exit). */
export async function measureCli(args: string[], scratch: string, id: string): Promise<Measured> {
  const rssFile = path.join(scratch, `${id}.rss`);
  const started = process.hrtime.bigint();
  const r = await runCli(args, {
    env: { NODE_OPTIONS: `--require ${path.join(__dirname, 'rss-preload.js')}`, IMGDIET_TEST_RSS_FILE: rssFile },
    timeout: 60_000,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const peakKb = fs.existsSync(rssFile) ? Number(fs.readFileSync(rssFile, 'utf8')) : NaN;
  return { ...r, seconds, peakMb: peakKb / 1024 };
}

/** Runs `fn` on every item with at most `limit` at once. */
export async function pool<A>(items: readonly A[], limit: number, fn: (item: A, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
