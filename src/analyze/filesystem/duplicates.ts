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

export function groupDuplicates(fs: FilesystemModel): Duplicates {
  // Most hashes are unique: hold a lone body's first path as itself and make a list only for a second body.
  const byHash = new Map<string, FinalFile | FinalFile[]>();
  // Hard links show one body at several paths: count each body once, at its first path (in path order).
  // Only a body with several visible paths needs remembering.
  const linked = new Set<Inode>();
  for (const f of fs.files) {
    const inode = fs.inode(f);
    if (inode === null || fs.size(inode) === 0) continue;
    // A body with no hash has a size no other visible body has (see ContentHasher).
    const sha256 = fs.sha256(inode);
    if (sha256 === null) continue;
    if (fs.links(inode) > 1) {
      if (linked.has(inode)) continue;
      linked.add(inode);
    }
    const seen = byHash.get(sha256);
    if (seen === undefined) byHash.set(sha256, f);
    else if (Array.isArray(seen)) seen.push(f);
    else byHash.set(sha256, [seen, f]);
  }
  const groups: DuplicateGroup[] = [];
  const bodies = new Map<string, Inode[]>();
  for (const [sha256, shown] of byHash) {
    if (!Array.isArray(shown)) continue;
    const inodes = shown.map((f) => fs.inode(f) as Inode);
    const size = fs.size(inodes[0]);
    const paths = shown.map((f) => fs.path(f)).sort(compareText);
    groups.push({ sha256, sizeBytes: size, paths, wastedBytes: (paths.length - 1) * size });
    bodies.set(sha256, inodes);
  }
  groups.sort((a, b) => b.wastedBytes - a.wastedBytes || compareText(a.sha256, b.sha256));
  return { groups, bodies };
}
