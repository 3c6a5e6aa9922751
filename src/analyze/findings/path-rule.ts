import { formatBytes } from '../../report/units';
import type { Inode } from '../filesystem/model';
import type { Rule, RuleHit, RuleMeta } from './types';

/**
 * The shape most waste rules share: files recognised by path, visible or already deleted, reported once per
 * (layer that added them, layer that hid them) so each finding points at one instruction to change.
 */
export function pathRule(meta: RuleMeta, matches: (path: string, inode: Inode) => boolean, what: string = meta.title): Rule {
  return {
    meta,
    check(ctx) {
      const groups = new Map<string, Inode[]>();
      for (const inode of ctx.filesystem.inodes) {
        if (!matches(inode.path, inode)) continue;
        const key = `${inode.layer}:${inode.hiddenBy}`;
        const list = groups.get(key);
        if (list) list.push(inode);
        else groups.set(key, [inode]);
      }
      const hits: RuleHit[] = [];
      for (const inodes of groups.values()) {
        const { layer, hiddenBy } = inodes[0];
        hits.push(hitFor(inodes, layer, hiddenBy, what));
      }
      return hits;
    },
  };
}

/** A hit over some bodies, with the message every path rule uses. */
export function hitFor(inodes: Inode[], layer: number | null, hiddenBy: number | null, what: string): RuleHit {
  const bytes = inodes.reduce((n, i) => n + i.size, 0);
  const paths = inodes.map((i) => ({ path: i.path, bytes: i.size })).sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path));
  const files = `${inodes.length} file${inodes.length === 1 ? '' : 's'}, ${formatBytes(bytes)}`;
  const where = layer === null ? '' : ` added by layer ${layer}`;
  const message =
    hiddenBy === null ? `${what}: ${files}${where}, still in the final image` : `${what}: ${files}${where}, deleted by layer ${hiddenBy} but still shipped in layer ${layer}`;
  return { message, bytes, paths, layer, hiddenBy, inodes };
}

/** Whether `path` lies in the directory `dir` (both without leading slash). */
export function under(path: string, dir: string): boolean {
  return path.startsWith(`${dir}/`);
}

/** Whether some segment of `path` is `dir`, followed by more. */
export function hasDir(path: string, dir: string): boolean {
  return path.startsWith(`${dir}/`) || path.includes(`/${dir}/`);
}
