import type { FinalFile } from '../filesystem/model';
import { basename, dirname, joinPath, normalizePath } from '../../util/paths';
import { pipBuildOnly } from './build-only';
import { Claims, compareText, contentOf, Measured, parseStanzas, sumBytes, Tree } from './tree';

const SUFFIX = '.dist-info';

interface Dist {
  name: string;
  version: string;
  metadata: FinalFile;
  dir: string;
}

/**
 * Python's inventory: every `*.dist-info` directory with a METADATA (`Name`, `Version`). Its bytes are the regular
 * files visible in the final tree at the paths its RECORD names (`path,hash,size`, relative to the directory that
 * holds the dist-info, `../` reaching bin/ and share/; RECORD's sizes are not trusted, the tree's are). Without a
 * RECORD (Debian's python3-* packages drop it) only the dist-info directory's own files count. Its layer is the
 * layer that added its METADATA. A body two distributions list (an old dist-info left behind by an upgrade) is
 * counted once, for the distribution whose METADATA the latest layer wrote, then by name. `.egg-info` is not read.
 */
export function pipPackages(tree: Tree): Measured[] {
  const fs = tree.filesystem;
  const dists: Dist[] = [];
  const ownFiles = new Map<string, FinalFile[]>();
  for (const f of tree.files) {
    const path = fs.path(f);
    if (!path.includes(`${SUFFIX}/`)) continue;
    const dir = dirname(path);
    if (!dir.endsWith(SUFFIX)) continue;
    const list = ownFiles.get(dir);
    if (list) list.push(f);
    else ownFiles.set(dir, [f]);
    if (basename(path) !== 'METADATA') continue;
    const data = contentOf(fs, f);
    const headers = data ? (parseStanzas(data.toString('utf8'), true)[0] ?? new Map<string, string>()) : new Map<string, string>();
    // `<name>-<version>.dist-info` names both when METADATA cannot.
    const [dirName, dirVersion = ''] = basename(dir).slice(0, -SUFFIX.length).split('-');
    dists.push({ name: headers.get('name') || dirName, version: headers.get('version') || dirVersion, metadata: f, dir });
  }
  dists.sort((a, b) => fs.layer(b.metadata) - fs.layer(a.metadata) || compareText(a.name, b.name) || compareText(a.dir, b.dir));

  const claims = new Claims();
  return dists.map((d) => {
    const record = tree.get(`${d.dir}/RECORD`);
    const recordData = record && contentOf(fs, record);
    const files = recordData ? recordPaths(recordData.toString('utf8'), dirname(d.dir)).map((p) => tree.get(p)) : (ownFiles.get(d.dir) ?? []);
    const inodes = claims.take(fs, files);
    return {
      pkg: {
        manager: 'pip',
        name: d.name,
        version: d.version,
        bytes: sumBytes(fs, inodes),
        layer: fs.layer(d.metadata),
        buildOnly: pipBuildOnly(d.name),
        source: fs.path(d.metadata),
      },
      inodes,
    };
  });
}

/** The first column of each RECORD row (CSV: a path with a comma or quote is quoted), as a path in the image. */
export function recordPaths(text: string, base: string): string[] {
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '') continue;
    const path = firstField(line);
    if (path === '') continue;
    out.push(path.startsWith('/') ? normalizePath(path) : normalizePath(joinPath(base, path)));
  }
  return out;
}

function firstField(line: string): string {
  if (line[0] !== '"') {
    const comma = line.indexOf(',');
    return comma < 0 ? line : line.slice(0, comma);
  }
  let out = '';
  for (let i = 1; i < line.length; i++) {
    if (line[i] !== '"') out += line[i];
    else if (line[i + 1] === '"') {
      out += '"';
      i++;
    } else break;
  }
  return out;
}
