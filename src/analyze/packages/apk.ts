import { joinPath, normalizePath } from '../../util/paths';
import { osBuildOnly } from './build-only';
import { Claims, dominantLayer, Measured, sumBytes, Tree } from './tree';

const DB = 'lib/apk/db/installed';

interface ApkRecord {
  name: string;
  version: string;
  paths: string[];
}

/**
 * apk's inventory: the records of /lib/apk/db/installed (`P:` name, `V:` version, `F:` a folder, `R:` a file in
 * the last folder; other fields such as `Z:` checksums are not needed). Bytes are the regular files visible in the
 * final tree at those paths. The database is one file rewritten by every `apk add`, so it cannot tell which layer
 * installed a package: its layer is the one that stored most of its visible bytes (the database's layer for a
 * package without bytes). A body two records name is counted once, for the first record in the database.
 */
export function apkPackages(tree: Tree): Measured[] {
  const db = tree.get(DB);
  const text = tree.text(DB);
  if (!db || text === undefined) return [];
  const fs = tree.filesystem;
  const claims = new Claims();
  return parseInstalled(text).map((r) => {
    const inodes = claims.take(fs, r.paths.map((p) => tree.get(p)));
    return {
      pkg: {
        manager: 'apk',
        name: r.name,
        version: r.version,
        bytes: sumBytes(fs, inodes),
        layer: dominantLayer(fs, inodes) ?? fs.layer(db),
        buildOnly: osBuildOnly(r.name),
        source: fs.path(db),
      },
      inodes,
    };
  });
}

function parseInstalled(text: string): ApkRecord[] {
  const records: ApkRecord[] = [];
  let current: ApkRecord | null = null;
  let folder = '';
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '') {
      if (current?.name) records.push(current);
      current = null;
      folder = '';
      continue;
    }
    if (line[1] !== ':') continue;
    current ??= { name: '', version: '', paths: [] };
    const value = line.slice(2);
    switch (line[0]) {
      case 'P':
        current.name = value;
        break;
      case 'V':
        current.version = value;
        break;
      case 'F':
        folder = normalizePath(value);
        break;
      case 'R':
        current.paths.push(normalizePath(joinPath(folder, value)));
        break;
      default:
        break;
    }
  }
  if (current?.name) records.push(current);
  return records;
}
