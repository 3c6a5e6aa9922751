/**
 * The progress line on stderr: a bar with percentage, throughput and ETA while layers are read and their total is
 * known, then the named steps after. Only on a terminal, so that logs and pipes stay clean; cleared at the end.
 */
import type { ProgressEvent, ProgressPhase } from '../pipeline';
import { formatBytes } from '../util/units';
import { clipLine } from '../util/width';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface Progress {
  update: (bytesRead: number, event: ProgressEvent) => void;
  stop: () => void;
}

const BAR = 20;
/** Redraw at most this often (ms), except when the step changes. */
const INTERVAL = 100;

const STEP: Record<Exclude<ProgressPhase, 'reading' | 'indexing'>, string> = {
  packages: 'reading packages',
  hashing: 'hashing duplicate candidates',
  rules: 'running rules',
  suggestions: 'working out suggestions',
};

export function startProgress(stream: ProgressStream, options: { enabled: boolean; now?: () => number }): Progress {
  if (!options.enabled || !stream.isTTY) return { update: () => {}, stop: () => {} };
  const now = options.now ?? Date.now;
  // Throughput counts from the first byte read, not from the manifest round trips before it.
  let readFrom: number | null = null;
  let shownAt = -Infinity;
  let shownStep = '';
  let drawn = false;
  return {
    update: (_bytes, event) => {
      const t = now();
      if (event.phase === 'reading' && readFrom === null) readFrom = t;
      const step = stepName(event);
      if (step === shownStep && t - shownAt < INTERVAL) return;
      shownAt = t;
      shownStep = step;
      drawn = true;
      const width = Math.max(20, (stream.columns || 80) - 1);
      stream.write(`\r${clipLine(progressLine(event, t - (readFrom ?? t)), width)}\u001b[K`);
    },
    stop: () => {
      if (drawn) stream.write('\r\u001b[K');
      drawn = false;
    },
  };
}

function stepName(e: ProgressEvent): string {
  if (e.phase !== 'reading' && e.phase !== 'indexing') return STEP[e.phase];
  return e.layer ? `${e.phase} layer ${e.layer.index}/${e.layer.count}` : `${e.phase} layers`;
}

/** One line for an event, `elapsed` ms after the start. */
export function progressLine(e: ProgressEvent, elapsed: number): string {
  const step = stepName(e);
  if (e.phase === 'indexing' && e.total) return `${step}  ${bar(e.done / e.total)}`;
  if (e.phase !== 'reading') return `${step} …`;
  const seconds = elapsed / 1000;
  const rate = seconds > 0 ? e.done / seconds : 0;
  const speed = rate > 0 ? `  ${formatBytes(Math.round(rate))}/s` : '';
  if (!e.total) return `${step}  ${formatBytes(e.done)}${speed}`;
  const left = Math.max(0, e.total - e.done);
  const eta = rate > 0 ? `  ETA ${duration(left / rate)}` : '';
  return `${step}  ${bar(e.done / e.total)}  ${formatBytes(e.done)} of ${formatBytes(e.total)}${speed}${eta}`;
}

function bar(ratio: number): string {
  const r = Math.min(1, Math.max(0, ratio));
  const full = Math.round(r * BAR);
  return `[${'█'.repeat(full)}${'░'.repeat(BAR - full)}] ${String(Math.floor(r * 100)).padStart(3)} %`;
}

function duration(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m ${String(s % 60).padStart(2, '0')}s` : `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}
