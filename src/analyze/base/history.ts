import type { LayerReport } from '../../model';

/** A pause this long between two consecutive history entries separates two builds. */
export const BUILD_GAP_MS = 60 * 60 * 1000;

type Builder = 'buildkit' | 'legacy' | 'import' | 'other';

/** Which tool wrote a history entry, from the marks each leaves. */
export function builderOf(l: LayerReport): Builder {
  if (l.comment === 'buildkit.dockerfile.v0' || / # buildkit$/.test(l.createdBy)) return 'buildkit';
  if (l.createdBy === '' && (l.comment ?? '').startsWith('Imported from')) return 'import';
  if (l.createdBy.startsWith('/bin/sh -c ')) return 'legacy';
  return 'other';
}

export interface HistoryBoundary {
  /** History index of the base's last entry. */
  lastLayer: number;
  /** What showed it, for the record. */
  evidence: string;
}

/**
 * Where the base ends, read from the history alone, in order of trust:
 * - a `FROM` entry (some builders record one): the base ends just before the last one;
 * - builder marks: the newest entries were written by one builder (BuildKit's `buildkit.dockerfile.v0` comment,
 *   the legacy builder's `/bin/sh -c`, `docker import`'s comment) and the entry before them by another known one;
 * - a pause of at least an hour between two consecutive `created` times: the last such pause.
 * Null when none of these shows a boundary.
 */
export function boundaryFromHistory(layers: LayerReport[]): HistoryBoundary | null {
  for (let i = layers.length - 1; i > 0; i--) {
    if (layers[i].instructionKind === 'FROM') return { lastLayer: i - 1, evidence: `history entry ${i} records a FROM` };
  }
  if (layers.length >= 2) {
    const top = builderOf(layers[layers.length - 1]);
    let i = layers.length - 1;
    while (i >= 0 && builderOf(layers[i]) === top) i--;
    // A tool we do not know below the run (a distribution's root file system, at the very bottom) tells nothing:
    // the run may span the base and the app, both built by one builder.
    if (i >= 0 && top !== 'other' && builderOf(layers[i]) !== 'other') {
      return { lastLayer: i, evidence: `entries ${i + 1}–${layers.length - 1} were written by ${builderName(top)}, entry ${i} by ${builderName(builderOf(layers[i]))}` };
    }
  }
  for (let i = layers.length - 2; i >= 0; i--) {
    const a = Date.parse(layers[i].created ?? '');
    const b = Date.parse(layers[i + 1].created ?? '');
    if (Number.isFinite(a) && Number.isFinite(b) && b - a >= BUILD_GAP_MS) {
      return { lastLayer: i, evidence: `${formatGap(b - a)} between the creation of entries ${i} and ${i + 1}` };
    }
  }
  return null;
}

function builderName(b: Builder): string {
  return b === 'buildkit' ? 'BuildKit' : b === 'legacy' ? 'the legacy builder' : b === 'import' ? 'docker import' : 'another tool';
}

function formatGap(ms: number): string {
  const hours = ms / 3_600_000;
  return hours >= 48 ? `${Math.round(hours / 24)} days` : `${Math.round(hours)} h`;
}
