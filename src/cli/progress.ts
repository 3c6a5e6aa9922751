import type * as CliProgress from 'cli-progress';
import { formatBytes } from '../report/units';

/** A byte counter on stderr, shown only on a terminal so that logs and pipes stay clean. */
export function startProgress(enabled: boolean): { update: (bytes: number) => void; stop: () => void } {
  if (!enabled) return { update: () => {}, stop: () => {} };
  const cliProgress = require('cli-progress') as typeof CliProgress;
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: 'reading layers {read}', hideCursor: true, clearOnComplete: true, fps: 10, noTTYOutput: false },
    cliProgress.Presets.shades_classic,
  );
  bar.start(0, 0, { read: '0 B' });
  let last = 0;
  return {
    update: (bytes) => {
      // Updating per chunk would cost more than the bar is worth.
      if (bytes - last < 8 * 1024 * 1024) return;
      last = bytes;
      bar.update(0, { read: formatBytes(bytes) });
    },
    stop: () => bar.stop(),
  };
}
