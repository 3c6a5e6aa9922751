import { baseCapture, baseKept } from '../base/capture';
import { basename } from '../../util/paths';
import { isRouteSource, routeLines } from './routes';

/**
 * What the analysis keeps of file content besides its hash: the kind told by its first bytes, and the whole of
 * the few small metadata files that findings and package inventories read (passwd, dpkg and apk databases,
 * Python dist-info, package.json, credential files), and the health routes of an application's source files.
 * Everything else is hashed or skipped and never kept.
 */
export type ContentKind = 'private-key' | 'elf';

/** Bytes of a file's start that decide its kind. */
export const HEAD_BYTES = 64;
/** A metadata file larger than this is not kept (dpkg's status is a few MB on big images). */
export const MAX_CAPTURE_BYTES = 16 * 1024 * 1024;

const EXACT = new Set([
  'etc/passwd',
  'etc/group',
  'etc/os-release',
  'usr/lib/os-release',
  'var/lib/dpkg/status',
  // apt's Auto-Installed marks: which packages came in only as dependencies (no-install-recommends reads them).
  'var/lib/apt/extended_states',
  'lib/apk/db/installed',
]);
const NAMES = new Set(['package.json', '.npmrc', '.pypirc', '.netrc', '.git-credentials', '.yarnrc', '.yarnrc.yml']);

export function shouldCapture(path: string, size: number): boolean {
  if (size > MAX_CAPTURE_BYTES) return false;
  if (EXACT.has(path)) return true;
  const name = basename(path);
  if (NAMES.has(name)) return name !== 'package.json' || size <= 1024 * 1024;
  // pip requirements: copy-order reads them for the local files they name (`./vendor/pkg.tar.gz`, `-r other.txt`).
  if (size <= 1024 * 1024 && name.endsWith('.txt') && (name.startsWith('requirements') || name.startsWith('constraints'))) return true;
  if (path.startsWith('var/lib/dpkg/info/') && name.endsWith('.list')) return true;
  if (path.startsWith('var/lib/dpkg/status.d/')) return true;
  if ((name === 'METADATA' || name === 'RECORD') && path.includes('.dist-info/')) return true;
  // Registry and cloud credentials: ~/.docker/config.json, ~/.aws/credentials.
  if (path.endsWith('.docker/config.json') || path.endsWith('.aws/credentials')) return true;
  // An application's source, cut down to the health routes it declares (see routes.ts).
  if (isRouteSource(path, size)) return true;
  // Runtime versions, wheel tags and native modules' links, for base detection (see base/capture.ts).
  return baseCapture(path, size, name);
}

/**
 * What is kept of a captured file. A package.json is cut down to the fields the npm inventory reads: an image
 * can hold tens of thousands of them.
 */
export function keptContent(path: string, data: Buffer): Buffer | undefined {
  if (isRouteSource(path, data.length)) return routeLines(data);
  if (basename(path) !== 'package.json') return baseKept(path, data);
  try {
    const p = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
    const names = (v: unknown): string[] | undefined => (v && typeof v === 'object' ? Object.keys(v) : undefined);
    return Buffer.from(
      JSON.stringify({
        name: p.name,
        version: p.version,
        dependencies: names(p.dependencies),
        devDependencies: names(p.devDependencies),
        optionalDependencies: names(p.optionalDependencies),
        peerDependencies: names(p.peerDependencies),
      }),
    );
  } catch {
    return Buffer.alloc(0);
  }
}

const BEGIN = Buffer.from('-----BEGIN ');
const PUTTY = Buffer.from('PuTTY-User-Key-File-');

/** Called for every file: decides on the bytes, and makes a string only for the rare PEM or PuTTY header. */
export function contentKind(head: Uint8Array): ContentKind | undefined {
  if (head.length >= 4 && head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46) return 'elf';
  if (!startsWith(head, BEGIN) && !startsWith(head, PUTTY)) return undefined;
  const text = Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('latin1');
  if (/^-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(text) || text.startsWith('PuTTY-User-Key-File-')) return 'private-key';
  return undefined;
}

function startsWith(head: Uint8Array, prefix: Buffer): boolean {
  if (head.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (head[i] !== prefix[i]) return false;
  return true;
}
