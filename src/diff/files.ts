/**
 * The final trees of two images compared path by path: what was added, removed, grown, shrunk, or changed at the
 * same size. Only visible non-directory paths count (what a container sees); a regular file's bytes are its
 * content, anything else's 0.
 */
import type { AnalysisResult } from '../pipeline';
import { hashBodies } from '../analyze/filesystem/hash-content';
import type { FilesystemModel, FinalFile, Inode } from '../analyze/filesystem/model';
import type { Analysis } from '../model';
import { compareText as compare } from '../util/compare';
import type { FileChange, FileChangeKind, FilesDiff } from './model';

function bytesOf(fs: FilesystemModel, f: FinalFile): number {
  const i = fs.inode(f);
  return i === null ? 0 : fs.size(i);
}

/**
 * Whether two entries of the same size differ: by content hash for regular files (null when a hash is missing),
 * by target for symlinks, and by type otherwise.
 */
function differs(old: FilesystemModel, neu: FilesystemModel, a: FinalFile, b: FinalFile): boolean | null {
  const ai = old.inode(a);
  const bi = neu.inode(b);
  if (ai !== null && bi !== null) {
    // Handles are only comparable within one model.
    if ((old === neu && ai === bi) || (old.size(ai) === 0 && neu.size(bi) === 0)) return false;
    const ah = old.sha256(ai);
    const bh = neu.sha256(bi);
    if (ah === null || bh === null) return null;
    return ah !== bh;
  }
  const at = old.type(a);
  if ((ai !== null) !== (bi !== null) || at !== neu.type(b)) return true;
  if (at === 'symlink') return old.link(a) !== neu.link(b);
  return false;
}

/** diffID of each layer index of an image. */
function diffIds(a: Analysis): Map<number, string | null> {
  return new Map(a.layers.map((l) => [l.index, l.digest]));
}

/**
 * Compares the visible trees. A path both images show from layers with one diffID is the same entry of the same
 * tar, so it is not looked at further (most paths of an image, those of its unchanged base). Other same-size
 * regular files that the analysis did not hash (a plain layer read from a file hashes only the bodies that may be
 * duplicates) are hashed here, both bodies of each pair, so that a change of content at the same size is found
 * whatever the source.
 */
export async function diffFiles(oldImage: AnalysisResult, newImage: AnalysisResult): Promise<FilesDiff> {
  const old: FilesystemModel = oldImage.filesystem;
  const neu: FilesystemModel = newImage.filesystem;
  const oldIds = diffIds(oldImage.analysis);
  const newIds = diffIds(newImage.analysis);
  const sameId = (o: number, n: number): boolean => {
    const id = oldIds.get(o);
    return id !== null && id !== undefined && id === newIds.get(n);
  };
  // The body too: a hard link may name a file of a lower layer.
  const sameTar = (o: FinalFile, n: FinalFile): boolean => {
    if (!sameId(old.layer(o), neu.layer(n))) return false;
    const oi = old.inode(o);
    const ni = neu.inode(n);
    return oi !== null && ni !== null ? sameId(old.layer(oi), neu.layer(ni)) : oi === null && ni === null;
  };
  const before = new Map<string, FinalFile>();
  for (const f of old.files) before.set(old.path(f), f);

  const changes: Record<FileChangeKind, FileChange[]> = { added: [], removed: [], grown: [], shrunk: [], changed: [] };
  const sameSize: [FinalFile, FinalFile][] = [];
  const seen = new Set<string>();
  for (const n of neu.files) {
    const path = neu.path(n);
    seen.add(path);
    const o = before.get(path);
    const nb = bytesOf(neu, n);
    if (!o) {
      changes.added.push({ path, oldBytes: null, newBytes: nb, deltaBytes: nb, oldLayer: null, newLayer: neu.layer(n) });
      continue;
    }
    if (sameTar(o, n)) continue;
    const ob = bytesOf(old, o);
    const change: FileChange = { path, oldBytes: ob, newBytes: nb, deltaBytes: nb - ob, oldLayer: old.layer(o), newLayer: neu.layer(n) };
    if (nb > ob) changes.grown.push(change);
    else if (nb < ob) changes.shrunk.push(change);
    else sameSize.push([o, n]);
  }
  for (const o of old.files) {
    const path = old.path(o);
    if (seen.has(path)) continue;
    const ob = bytesOf(old, o);
    changes.removed.push({ path, oldBytes: ob, newBytes: null, deltaBytes: -ob, oldLayer: old.layer(o), newLayer: null });
  }

  await hashUnknown(old, neu, sameSize);
  let notCompared = 0;
  for (const [o, n] of sameSize) {
    const d = differs(old, neu, o, n);
    if (d === null) notCompared++;
    else if (d) changes.changed.push({ path: neu.path(n), oldBytes: bytesOf(old, o), newBytes: bytesOf(neu, n), deltaBytes: 0, oldLayer: old.layer(o), newLayer: neu.layer(n) });
  }

  const order = (a: FileChange, b: FileChange): number =>
    Math.abs(b.deltaBytes) - Math.abs(a.deltaBytes) || Math.max(b.oldBytes ?? 0, b.newBytes ?? 0) - Math.max(a.oldBytes ?? 0, a.newBytes ?? 0) || compare(a.path, b.path);
  const sum = (list: FileChange[]): number => list.reduce((s, c) => s + c.deltaBytes, 0);
  for (const list of Object.values(changes)) list.sort(order);
  return {
    ...changes,
    bytes: { added: sum(changes.added), removed: sum(changes.removed), grown: sum(changes.grown), shrunk: sum(changes.shrunk), changed: 0 },
    notCompared,
  };
}

/** Hashes the bodies of same-size pairs that have no hash yet (a shared body is hashed once). */
async function hashUnknown(old: FilesystemModel, neu: FilesystemModel, pairs: [FinalFile, FinalFile][]): Promise<void> {
  const olds = new Set<Inode>();
  const news = new Set<Inode>();
  for (const [o, n] of pairs) {
    const oi = old.inode(o);
    const ni = neu.inode(n);
    if (!oi || !ni || old.size(oi) === 0) continue;
    if (old.sha256(oi) !== null && neu.sha256(ni) !== null) continue;
    olds.add(oi);
    news.add(ni);
  }
  await hashBodies(old, [...olds]);
  await hashBodies(neu, [...news]);
}
