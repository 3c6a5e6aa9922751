import type { FinalFile } from '../filesystem/model';
import { basename, dirname, joinPath } from '../../util/paths';
import { Claims, compareText, contentOf, Measured, sumBytes, Tree } from './tree';

const NODE_MODULES = 'node_modules';

interface NpmPackage {
  /** The package's directory: `…/node_modules/<name>` or `…/node_modules/@scope/<name>`. */
  root: string;
  manifest: FinalFile;
  name: string;
  version: string;
  /** Names it needs at run time: dependencies, optionalDependencies, peerDependencies. */
  deps: string[];
  devDeps: string[];
  files: FinalFile[];
}

/**
 * npm's inventory: every package root in a node_modules tree at any depth (`node_modules/<name>/package.json`,
 * `node_modules/@scope/<name>/package.json`). Its bytes are the regular files visible under its directory,
 * nested node_modules left out (they are packages of their own); its layer is the layer that added its
 * package.json. A body hard-linked into two packages counts for the first by path.
 *
 * buildOnly: an application's package.json next to a top-level node_modules (`/app/package.json` beside
 * `/app/node_modules`) names devDependencies. A package is build-only when it is reached from those, through
 * dependencies resolved as Node resolves them (nearest node_modules upwards), and not reached from the
 * application's dependencies, optionalDependencies or peerDependencies — what `npm install --omit=dev` would
 * leave out.
 */
export function npmPackages(tree: Tree): Measured[] {
  const fs = tree.filesystem;
  const byRoot = new Map<string, NpmPackage>();
  for (const f of tree.files) {
    const path = fs.path(f);
    if (basename(path) !== 'package.json' || !path.includes(`${NODE_MODULES}/`)) continue;
    const root = dirname(path);
    if (packageRoot(path) !== root) continue;
    const m = manifest(tree, f);
    const name = typeof m.name === 'string' && m.name !== '' ? m.name : root.slice(root.lastIndexOf(`${NODE_MODULES}/`) + NODE_MODULES.length + 1);
    byRoot.set(root, {
      root,
      manifest: f,
      name,
      version: typeof m.version === 'string' ? m.version : '',
      deps: [...names(m.dependencies), ...names(m.optionalDependencies), ...names(m.peerDependencies)],
      devDeps: names(m.devDependencies),
      files: [],
    });
  }
  if (byRoot.size === 0) return [];
  for (const f of tree.files) {
    const path = fs.path(f);
    if (!path.includes(`${NODE_MODULES}/`)) continue;
    const root = packageRoot(path);
    if (root !== null) byRoot.get(root)?.files.push(f);
  }

  const buildOnly = devOnly(tree, byRoot);
  const packages = [...byRoot.values()].sort((a, b) => compareText(a.root, b.root));
  const claims = new Claims();
  return packages.map((p) => {
    const inodes = claims.take(fs, p.files);
    return {
      pkg: { manager: 'npm', name: p.name, version: p.version, bytes: sumBytes(fs, inodes), layer: fs.layer(p.manifest), buildOnly: buildOnly.has(p), source: fs.path(p.manifest) },
      inodes,
    };
  });
}

/** The package directory a path lies in: after the last node_modules segment, `<name>` or `@scope/<name>`. */
export function packageRoot(path: string): string | null {
  let at = path.lastIndexOf(`${NODE_MODULES}/`);
  while (at > 0 && path[at - 1] !== '/') at = path.lastIndexOf(`${NODE_MODULES}/`, at - 1);
  if (at < 0) return null;
  const start = at + NODE_MODULES.length + 1;
  let end = path.indexOf('/', start);
  // A file straight in node_modules (.package-lock.json) or in .bin, .cache…: no package.
  if (end < 0 || path[start] === '.') return null;
  if (path[start] === '@') {
    end = path.indexOf('/', end + 1);
    if (end < 0) return null;
  }
  return path.slice(0, end);
}

/** Packages reached only from an application's devDependencies. */
function devOnly(tree: Tree, byRoot: Map<string, NpmPackage>): Set<NpmPackage> {
  const resolve = (from: string, dep: string): NpmPackage | undefined => {
    for (let dir = from; ; dir = dirname(dir)) {
      if (basename(dir) !== NODE_MODULES) {
        const hit = byRoot.get(joinPath(dir, `${NODE_MODULES}/${dep}`));
        if (hit) return hit;
      }
      if (dir === '') return undefined;
    }
  };
  const reach = (from: string, start: string[], into: Set<NpmPackage>): void => {
    const queue: NpmPackage[] = [];
    for (const n of start) {
      const p = resolve(from, n);
      if (p) queue.push(p);
    }
    for (let p = queue.pop(); p; p = queue.pop()) {
      if (into.has(p)) continue;
      into.add(p);
      for (const n of p.deps) {
        const q = resolve(p.root, n);
        if (q && !into.has(q)) queue.push(q);
      }
    }
  };

  const runtime = new Set<NpmPackage>();
  const dev = new Set<NpmPackage>();
  const apps = new Set<string>();
  for (const root of byRoot.keys()) {
    const at = root.startsWith(`${NODE_MODULES}/`) ? 0 : root.indexOf(`/${NODE_MODULES}/`) + 1;
    apps.add(at === 0 ? '' : root.slice(0, at - 1));
  }
  for (const app of apps) {
    const f = tree.get(joinPath(app, 'package.json'));
    if (!f) continue;
    const m = manifest(tree, f);
    reach(app, [...names(m.dependencies), ...names(m.optionalDependencies), ...names(m.peerDependencies)], runtime);
    reach(app, names(m.devDependencies), dev);
  }
  for (const p of runtime) dev.delete(p);
  return dev;
}

function manifest(tree: Tree, f: FinalFile): Record<string, unknown> {
  const data = contentOf(tree.filesystem, f);
  if (!data || data.length === 0) return {};
  try {
    const v: unknown = JSON.parse(data.toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Dependency names: the walk keeps them as a list; a whole package.json has them as an object's keys. */
function names(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((n): n is string => typeof n === 'string');
  return v && typeof v === 'object' ? Object.keys(v) : [];
}
