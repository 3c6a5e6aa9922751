import type { DuplicateGroup } from '../../model';
import type { FinalFile, Inode } from './model';
import { compareText } from '../../util/compare';

/**
 * Groups visible regular files by content. A group of N distinct bodies (hard links to one body count once)
 * of S bytes wastes (N−1)×S. Empty files waste nothing and are left out. `files` come in path order.
 */
export function findDuplicates(files: FinalFile[]): DuplicateGroup[] {
  // Most hashes are unique: hold a lone body as itself and make a list only for a second one.
  const byHash = new Map<string, Inode | Inode[]>();
  // Hard links show one body at several paths: count each body once.
  const counted = new Set<Inode>();
  for (const f of files) {
    const inode = f.inode;
    // A body with no hash has a size no other visible body has (see hashDuplicateCandidates).
    if (!inode || inode.size === 0 || inode.sha256 === null || counted.has(inode)) continue;
    counted.add(inode);
    const seen = byHash.get(inode.sha256);
    if (seen === undefined) byHash.set(inode.sha256, inode);
    else if (Array.isArray(seen)) seen.push(inode);
    else byHash.set(inode.sha256, [seen, inode]);
  }
  // The first path (in path order) stands for a body with several links.
  const shown = new Map<Inode, string>();
  for (const f of files) {
    if (f.inode && Array.isArray(byHash.get(f.inode.sha256 ?? '')) && !shown.has(f.inode)) shown.set(f.inode, f.path);
  }
  const groups: DuplicateGroup[] = [];
  for (const [sha256, bodies] of byHash) {
    if (!Array.isArray(bodies)) continue;
    const paths = bodies.map((b) => shown.get(b) as string).sort();
    const size = bodies[0].size;
    groups.push({ sha256, sizeBytes: size, paths, wastedBytes: (paths.length - 1) * size });
  }
  return groups.sort((a, b) => b.wastedBytes - a.wastedBytes || compareText(a.sha256, b.sha256));
}
