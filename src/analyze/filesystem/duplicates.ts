import type { DuplicateGroup } from '../../model';
import type { FilesystemModel, FinalFile, Inode } from './model';
import { compareText } from '../../util/compare';

export interface Duplicates {
  groups: DuplicateGroup[];
  /** The distinct bodies of each group, by hash. */
  bodies: Map<string, Inode[]>;
}

/**
 * Groups visible regular files by content. A group of N distinct bodies (hard links to one body count once)
 * of S bytes wastes (N−1)×S. Empty files waste nothing and are left out. `files` come in path order.
 */
export function findDuplicates(fs: FilesystemModel): DuplicateGroup[] {
  return groupDuplicates(fs).groups;
}

/**
 * Bodies are matched by their 32-byte hashes where the table keeps them, in an open-addressing index over typed
 * arrays: no hex string and no Map entry per file (a million files made 130 MB of them). Hex is made only for
 * the groups found.
 */
export function groupDuplicates(fs: FilesystemModel): Duplicates {
  const t = fs.table;
  // The files that can be copies: a body with content and a hash (a body with no hash has a size no other
  // visible body has, see ContentHasher), each body once, at its first path (in path order).
  const shown: FinalFile[] = [];
  const shownBodies: number[] = [];
  const linked = new Set<Inode>();
  for (const f of fs.files) {
    const inode = t.inodes[f];
    if (inode < 0 || t.sizes[inode] === 0 || t.digestSlots[inode] < 0) continue;
    if (t.links[inode] > 1) {
      if (linked.has(inode as Inode)) continue;
      linked.add(inode as Inode);
    }
    shown.push(f);
    shownBodies.push(inode);
  }
  const n = shown.length;
  let size = 1024;
  while (size < 2 * n) size *= 2;
  const slots = new Int32Array(size);
  // Each group as a list in path order: its first file, then `next` links; `last` is where the list ends.
  const next = new Int32Array(n).fill(-1);
  const last = new Int32Array(n);
  const firsts: number[] = [];
  const body = (k: number): Inode => shownBodies[k] as Inode;
  for (let k = 0; k < n; k++) {
    const inode = shownBodies[k];
    let slot = (Math.imul(t.digestPrefix(inode), 0x9e3779b1) >>> 0) & (size - 1);
    for (;;) {
      const held = slots[slot] - 1;
      if (held < 0) {
        slots[slot] = k + 1;
        last[k] = k;
        break;
      }
      if (t.sameDigest(shownBodies[held], inode)) {
        if (next[held] < 0 && last[held] === held) firsts.push(held);
        next[last[held]] = k;
        last[held] = k;
        break;
      }
      slot = (slot + 1) & (size - 1);
    }
  }
  const groups: DuplicateGroup[] = [];
  const bodies = new Map<string, Inode[]>();
  for (const first of firsts) {
    const members: number[] = [];
    for (let k = first; k >= 0; k = next[k]) members.push(k);
    const inodes = members.map(body);
    const sha256 = fs.sha256(inodes[0]) as string;
    const bytes = fs.size(inodes[0]);
    const paths = members.map((k) => fs.path(shown[k])).sort(compareText);
    groups.push({ sha256, sizeBytes: bytes, paths, wastedBytes: (paths.length - 1) * bytes });
    bodies.set(sha256, inodes);
  }
  groups.sort((a, b) => b.wastedBytes - a.wastedBytes || compareText(a.sha256, b.sha256));
  return { groups, bodies };
}
