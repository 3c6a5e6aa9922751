import type { DuplicateGroup } from '../../model';
import type { FinalFile } from './model';

/**
 * Groups visible regular files by content. A group of N distinct bodies (hard links to one body count once)
 * of S bytes wastes (N−1)×S. Empty files waste nothing and are left out.
 */
export function findDuplicates(files: FinalFile[]): DuplicateGroup[] {
  const byHash = new Map<string, { size: number; bodies: Map<object, string> }>();
  for (const f of files) {
    const inode = f.inode;
    // A body with no hash has a size no other visible body has (see hashDuplicateCandidates).
    if (!inode || inode.size === 0 || inode.sha256 === null) continue;
    let group = byHash.get(inode.sha256);
    if (!group) {
      group = { size: inode.size, bodies: new Map() };
      byHash.set(inode.sha256, group);
    }
    // The first path seen (in sorted order) stands for a body with several links.
    if (!group.bodies.has(inode)) group.bodies.set(inode, f.path);
  }
  const groups: DuplicateGroup[] = [];
  for (const [sha256, g] of byHash) {
    if (g.bodies.size < 2) continue;
    const paths = [...g.bodies.values()].sort();
    groups.push({ sha256, sizeBytes: g.size, paths, wastedBytes: (paths.length - 1) * g.size });
  }
  return groups.sort((a, b) => b.wastedBytes - a.wastedBytes || a.sha256.localeCompare(b.sha256));
}
