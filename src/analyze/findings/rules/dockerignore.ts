import type { LayerReport } from '../../../model';
import type { Inode } from '../../filesystem/model';
import { basename, joinPath } from '../../../util/paths';
import { byLayers, hasDir, hitFor } from '../path-rule';
import type { Rule, RuleContext, RuleMeta } from '../types';
import { compareText } from '../../../util/compare';

/**
 * Trees the operating system and package managers fill. A build context is copied elsewhere (/app, /srv, /opt,
 * a home…), so junk-looking files here — Debian's usr/lib/python3/dist-packages/…/tests, the bytecode of the
 * Python in usr/local/lib/python3.X, var/log/*.log of a base image's root filesystem — are left alone.
 */
const SYSTEM = /^(?:bin|boot|dev|etc|lib|lib32|lib64|libx32|proc|run|sbin|sys|usr|var)\//;
/** …but for the places under them that apps and web roots are commonly copied to. */
const APP_UNDER_SYSTEM = /^(?:usr\/src|usr\/local\/src|var\/www|usr\/share\/nginx\/html|usr\/local\/apache2\/htdocs)\//;
/** Installed packages (venvs, `pip --user`, vendored code): what they ship is theirs, not the context's. */
const INSTALLED = ['site-packages', 'dist-packages', 'vendor'];
/** Committed templates of .env files: no secrets, and often copied on purpose. */
const ENV_TEMPLATE = /^\.env\.(?:example|sample|template|dist)$/;

/** What each .dockerignore entry keeps out, the first that matches wins; a leading `**` + `/` matches at any depth. */
const JUNK: { entry: string; matches: (path: string, name: string) => boolean }[] = [
  { entry: '**/.git', matches: (p, name) => name === '.git' || hasDir(p, '.git') },
  { entry: '**/__pycache__', matches: (p) => hasDir(p, '__pycache__') },
  { entry: '**/*.pyc', matches: (_, name) => name.endsWith('.pyc') },
  { entry: '**/.env', matches: (_, name) => name === '.env' },
  { entry: '**/.env.*', matches: (_, name) => name.startsWith('.env.') && !ENV_TEMPLATE.test(name) },
  { entry: '**/.vscode', matches: (p) => hasDir(p, '.vscode') },
  { entry: '**/.idea', matches: (p) => hasDir(p, '.idea') },
  { entry: '**/*.swp', matches: (_, name) => name.endsWith('.swp') },
  { entry: '**/.DS_Store', matches: (_, name) => name === '.DS_Store' },
  { entry: '**/*.log', matches: (_, name) => name.endsWith('.log') },
  { entry: '**/logs', matches: (p) => hasDir(p, 'logs') },
  { entry: '**/tests', matches: (p) => hasDir(p, 'tests') },
  { entry: '**/test', matches: (p) => hasDir(p, 'test') },
  { entry: '**/__tests__', matches: (p) => hasDir(p, '__tests__') },
];
const NODE_MODULES = '**/node_modules';

const meta: RuleMeta = {
  id: 'dockerignore',
  category: 'waste',
  severity: 'medium',
  title: 'Build-context junk',
  description:
    'COPY and ADD bring in everything in the build context that no .dockerignore entry excludes: the .git folder, ' +
    'Python bytecode (__pycache__, *.pyc), .env files, logs (*.log, logs/), test folders (tests/, test/, __tests__/), ' +
    'editor files (.vscode, .idea, *.swp, .DS_Store), and a node_modules installed on the build machine. Only files ' +
    'a COPY or ADD layer added count (bytecode or logs a RUN wrote are not the context\'s), and only outside the ' +
    'system trees (/usr, /var, /etc, /lib…, but for /usr/src, /usr/local/src, /var/www and the nginx and Apache web ' +
    'roots) and outside installed packages (site-packages, dist-packages, vendor): the bytecode of an installed ' +
    'Python and the tests of installed packages are theirs. A node_modules counts when the same COPY brought the ' +
    'package.json beside it; a COPY of node_modules alone, or one whose sources are absolute paths (how BuildKit ' +
    'records `COPY --from`), is taken for a copy from a build stage. Each finding names the .dockerignore entries ' +
    'that would have kept its files out.',
  fix: 'Add the entries the finding names (such as `**/.git`, `**/__pycache__`, `**/*.log`, `**/node_modules`) to a .dockerignore file next to the Dockerfile.',
};

/** Files a build context brought in that a .dockerignore would have kept out, per COPY/ADD layer. */
export const dockerignore: Rule = {
  meta,
  check(ctx) {
    const fs = ctx.filesystem;
    const entryOf = junkEntries(ctx);
    const entries = new Map<Inode, string>();
    for (const inode of fs.inodes) {
      const entry = fs.size(inode) > 0 ? entryOf(inode) : null;
      if (entry !== null) entries.set(inode, entry);
    }
    return byLayers(fs, [...entries.keys()]).map((inodes) => {
      const hit = hitFor(fs, inodes, fs.layer(inodes[0]), fs.hiddenBy(inodes[0]), meta.title);
      const bytes = new Map<string, number>();
      for (const i of inodes) {
        const entry = entries.get(i) as string;
        bytes.set(entry, (bytes.get(entry) ?? 0) + fs.size(i));
      }
      const names = [...bytes].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0])).map(([entry]) => entry);
      return { ...hit, message: `${hit.message}; .dockerignore entries that keep them out: ${names.join(', ')}` };
    });
  },
};

/** The entry that would have kept a body out of its layer, or null when the body is not build-context junk. */
function junkEntries(ctx: RuleContext): (inode: Inode) => string | null {
  const copies = new Set(ctx.layers.filter((l) => l.instructionKind === 'COPY' || l.instructionKind === 'ADD').map((l) => l.index));
  // package.json files by the layer that added them, to tell a project copy from a copy of node_modules alone.
  const fs = ctx.filesystem;
  const manifests = new Set<string>();
  for (const i of fs.inodes) {
    const layer = fs.layer(i);
    if (!copies.has(layer)) continue;
    const path = fs.path(i);
    if (basename(path) === 'package.json') manifests.add(`${layer}:${path}`);
  }
  return (inode) => {
    const layer = fs.layer(inode);
    if (!copies.has(layer)) return null;
    const path = fs.path(inode);
    if (SYSTEM.test(path) && !APP_UNDER_SYSTEM.test(path)) return null;
    const at = segmentAt(path, 'node_modules');
    if (at >= 0) {
      const project = at === 0 ? '' : path.slice(0, at - 1);
      const withProject = manifests.has(`${layer}:${joinPath(project, 'package.json')}`);
      return withProject && !fromStage(ctx.layers[layer]) ? NODE_MODULES : null;
    }
    if (INSTALLED.some((dir) => hasDir(path, dir))) return null;
    const name = basename(path);
    return JUNK.find((j) => j.matches(path, name))?.entry ?? null;
  };
}

/** Where the first `dir/` segment of `path` starts, or -1. */
function segmentAt(path: string, dir: string): number {
  if (path.startsWith(`${dir}/`)) return 0;
  const at = path.indexOf(`/${dir}/`);
  return at < 0 ? -1 : at + 1;
}

/**
 * BuildKit writes `COPY --from=stage /app /app` to the history without the flag, as `COPY /app /app`: sources in
 * another stage are absolute, where context sources are almost always relative (`.`, `src/`). The legacy builder
 * writes `COPY dir:HASH in /app`, which tells nothing.
 */
function fromStage(layer: LayerReport): boolean {
  const words = layer.instruction.split(/\s+/).slice(1).filter((w) => !w.startsWith('--'));
  const sources = words.slice(0, -1);
  return sources.length > 0 && sources.every((s) => s.startsWith('/'));
}
