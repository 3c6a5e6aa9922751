import type { FinalFile } from '../filesystem/model';
import { normalizePath } from '../../util/paths';
import { osBuildOnly } from './build-only';
import { isInstalled, parseStatus, STATUS, StatusEntry } from './dpkg-status';
import { Claims, compareText, contentOf, Measured, sumBytes, Tree } from './tree';

const STATUS_D = 'var/lib/dpkg/status.d/';
const INFO = 'var/lib/dpkg/info/';

interface Installed {
  name: string;
  version: string;
  arch: string;
  /** The database file the stanza came from. */
  db: FinalFile;
  /** What says which files are the package's: `info/<pkg>[:<arch>].list`, or distroless' `status.d/<pkg>.md5sums`. */
  files: FinalFile | undefined;
}

/**
 * dpkg's inventory: the installed stanzas of /var/lib/dpkg/status, and of distroless' status.d/* (one file per
 * package, no Status field). A package's bytes are the regular files visible in the final tree at the paths its
 * `info/<pkg>.list` (or `<pkg>:<arch>.list`) names — whatever layer last wrote them; its layer is the layer that
 * added that visible list (the status file's when there is none). Without a list, distroless'
 * `status.d/<pkg>.md5sums` names the files.
 *
 * A body is counted once: hard links, and a path two packages list (after a `Replaces:` whose list was not
 * rewritten, or two spellings through the /bin → /usr/bin link), go to the package whose list the latest layer
 * wrote — the later install — then by name. The sum over packages never exceeds the final tree's bytes.
 * Diversions (`dpkg-divert`) are not followed: a diverted file counts for the package that lists its path.
 */
export function dpkgPackages(tree: Tree): Measured[] {
  const fs = tree.filesystem;
  const found = new Map<string, Installed>();
  const add = (db: FinalFile, entry: StatusEntry, statusRequired: boolean, md5sums: string | null): void => {
    const { name, arch, status } = entry;
    // status.d stanzas may leave Status out; one that says something else than installed is not.
    if ((statusRequired || status !== undefined) && !isInstalled(status)) return;
    const key = `${name}:${arch}`;
    if (found.has(key)) return;
    const files = tree.get(`${INFO}${name}:${arch}.list`) ?? tree.get(`${INFO}${name}.list`) ?? (md5sums === null ? undefined : tree.get(md5sums));
    found.set(key, { name, version: entry.version, arch, db, files });
  };

  const status = tree.get(STATUS);
  const stanzas = status && tree.stanzas(STATUS);
  if (status && stanzas) for (const e of parseStatus(stanzas)) add(status, e, true, null);
  for (const f of tree.files) {
    const path = fs.path(f);
    if (!path.startsWith(STATUS_D) || path.endsWith('.md5sums')) continue;
    const data = contentOf(fs, f);
    if (data) for (const e of parseStatus(data.toString('utf8'))) add(f, e, false, `${path}.md5sums`);
  }

  const all = [...found.values()];
  const archs = new Map<string, number>();
  for (const p of all) archs.set(p.name, (archs.get(p.name) ?? 0) + 1);
  const layerOf = (p: Installed): number => fs.layer(p.files ?? p.db);
  all.sort((a, b) => layerOf(b) - layerOf(a) || compareText(a.name, b.name) || compareText(a.arch, b.arch));

  const claims = new Claims();
  return all.map((p) => {
    const inodes = claims.take(fs, listedPaths(tree, p.files).map((path) => tree.get(path)));
    return {
      pkg: {
        manager: 'dpkg',
        // Two architectures of one package (multiarch) are told apart by it.
        name: (archs.get(p.name) ?? 0) > 1 ? `${p.name}:${p.arch}` : p.name,
        version: p.version,
        bytes: sumBytes(fs, inodes),
        layer: layerOf(p),
        buildOnly: osBuildOnly(p.name),
        source: fs.path(p.db),
      },
      inodes,
    };
  });
}

/** Paths a `.list` (one absolute path a line) or a `.md5sums` (`<md5>  <path>` relative to /) names. */
function listedPaths(tree: Tree, f: FinalFile | undefined): string[] {
  const data = f && contentOf(tree.filesystem, f);
  if (!f || !data) return [];
  const md5 = tree.filesystem.path(f).endsWith('.md5sums');
  const out: string[] = [];
  for (const line of data.toString('utf8').split('\n')) {
    const path = md5 ? line.replace(/^[0-9a-f]{32}\s+/, '') : line;
    if (path.trim() === '' || path === '/.') continue;
    out.push(normalizePath(path));
  }
  return out;
}
