import { formatBytes } from '../../util/units';
import type { FilesystemModel, Inode } from '../filesystem/model';
import { joinPath, normalizePath } from '../../util/paths';
import type { Rule, RuleContext, RuleHit, RuleMeta } from './types';
import { compareText } from '../../util/compare';

/**
 * Whether a stored body belongs to a rule, by its path (no leading slash) and what the tar entry says (read
 * through `fs`, the model the body belongs to).
 */
export type PathMatcher = (path: string, inode: Inode, fs: FilesystemModel) => boolean;

/**
 * The shape most waste rules share: files recognised by path, visible or already deleted, reported once per
 * (layer that added them, layer that hid them) so each finding points at one instruction to change.
 * Empty files reclaim nothing and are left out.
 */
export function pathRule(meta: RuleMeta, matches: PathMatcher, what: string = meta.title): Rule {
  return pathRuleWith(meta, () => matches, what);
}

/** A path rule whose test depends on the image (its environment, its users' homes): made once per check. */
export function pathRuleWith(meta: RuleMeta, matcherFor: (ctx: RuleContext) => PathMatcher, what: string = meta.title): Rule {
  return {
    meta,
    check(ctx) {
      const matches = matcherFor(ctx);
      const fs = ctx.filesystem;
      const found = fs.inodes.filter((i) => fs.size(i) > 0 && matches(fs.path(i), i, fs));
      return byLayers(fs, found).map((inodes) => hitFor(fs, inodes, fs.layer(inodes[0]), fs.hiddenBy(inodes[0]), what));
    },
  };
}

/**
 * Caches known by their directories: `~/REL` is REL in any home (see homeDirs), anything else a path in the
 * tree; null entries (an unset variable) are skipped. Every file under them is the rule's.
 */
export function cacheDirsRule(meta: RuleMeta, dirs: (ctx: RuleContext) => (string | null)[], what: string = meta.title): Rule {
  return pathRuleWith(
    meta,
    (ctx) => {
      const homes = homeDirs(ctx);
      const fixed: string[] = [];
      const inHomes: string[] = [];
      for (const d of dirs(ctx)) {
        if (d === null) continue;
        if (d.startsWith('~/')) inHomes.push(d.slice(2));
        else fixed.push(d);
      }
      return (path) => fixed.some((d) => under(path, d)) || inHomes.some((rel) => inHome(path, rel, homes));
    },
    what,
  );
}

/** Bodies grouped by (layer that added them, layer that hid them), in the order first met. */
export function byLayers(fs: FilesystemModel, inodes: Inode[]): Inode[][] {
  const groups = new Map<string, Inode[]>();
  for (const inode of inodes) {
    const key = `${fs.layer(inode)}:${fs.hiddenBy(inode)}`;
    const list = groups.get(key);
    if (list) list.push(inode);
    else groups.set(key, [inode]);
  }
  return [...groups.values()];
}

/** A hit over some bodies, with the message every path rule uses. */
export function hitFor(fs: FilesystemModel, inodes: Inode[], layer: number | null, hiddenBy: number | null, what: string): RuleHit {
  let bytes = 0;
  const paths = inodes
    .map((i) => {
      const size = fs.size(i);
      bytes += size;
      return { path: fs.path(i), bytes: size };
    })
    .sort((a, b) => b.bytes - a.bytes || compareText(a.path, b.path));
  const files = `${inodes.length} file${inodes.length === 1 ? '' : 's'}, ${formatBytes(bytes)}`;
  const where = layer === null ? '' : ` added by layer ${layer}`;
  const message =
    hiddenBy === null ? `${what}: ${files}${where}, still in the final image` : `${what}: ${files}${where}, deleted by layer ${hiddenBy} but still shipped in layer ${layer}`;
  return { message, bytes, paths, layer, hiddenBy, inodes };
}

/** Whether `path` lies in the directory `dir` (both without leading slash). */
export function under(path: string, dir: string): boolean {
  // Called for every stored file by several rules: no string is made.
  return path.length > dir.length + 1 && path.charCodeAt(dir.length) === 47 && path.startsWith(dir);
}

/** Whether some segment of `path` is `dir`, followed by more. */
export function hasDir(path: string, dir: string): boolean {
  if (under(path, dir)) return true;
  for (let at = path.indexOf(dir, 1); at > 0; at = path.indexOf(dir, at + 1)) {
    if (path.charCodeAt(at - 1) === 47 && path.charCodeAt(at + dir.length) === 47) return true;
  }
  return false;
}

/**
 * An absolute directory from the image's config (an env value, a passwd home) as a tree path; null when it is
 * unset, relative, or still holds a variable. `sub` is joined to it. The root is '', which no cache can be.
 */
export function treeDir(value: string | undefined, sub = ''): string | null {
  if (value === undefined || !value.startsWith('/') || value.includes('$')) return null;
  return normalizePath(joinPath(normalizePath(value), sub));
}

/** The directory an environment variable of the image names (see treeDir), or null; never the root. */
export function envDir(ctx: RuleContext, name: string, sub = ''): string | null {
  const dir = treeDir(ctx.env.get(name), sub);
  return dir === '' ? null : dir;
}

/**
 * Where users' files go, as tree paths: `/` (the engine's HOME for a user /etc/passwd does not know), /root, the
 * config's HOME and every home in the image's /etc/passwd. inHome also takes any `home/NAME`.
 */
export function homeDirs(ctx: RuleContext): Set<string> {
  const homes = new Set(['', 'root']);
  const add = (dir: string | undefined): void => {
    const d = treeDir(dir);
    if (d !== null) homes.add(d);
  };
  add(ctx.env.get('HOME'));
  const at = ctx.file('etc/passwd');
  const passwd = at === undefined ? undefined : ctx.filesystem.data(at);
  if (passwd) for (const line of passwd.toString('utf8').split('\n')) add(line.split(':')[5]);
  return homes;
}

const HOME_NAME = /^home\/[^/]+$/;

/** Whether `path` lies in `rel` (e.g. `.cache/pip`) inside one of `homes` or any `home/NAME`. */
export function inHome(path: string, rel: string, homes: ReadonlySet<string>): boolean {
  // Called for every stored file: no string is made unless `rel/` is found.
  for (let at = path.indexOf(rel); at >= 0; at = path.indexOf(rel, at + 1)) {
    if (path.charCodeAt(at + rel.length) !== 47 || (at > 0 && path.charCodeAt(at - 1) !== 47)) continue;
    const home = at === 0 ? '' : path.slice(0, at - 1);
    if (homes.has(home) || HOME_NAME.test(home)) return true;
  }
  return false;
}
