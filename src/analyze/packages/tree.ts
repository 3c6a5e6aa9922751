import type { Package } from '../../model';
import type { FilesystemModel, FinalFile, Inode } from '../filesystem/model';
import { basename, dirname, joinPath, normalizePath } from '../../util/paths';

/** Symlink hops followed while resolving one directory, as the kernel's limit. */
const MAX_HOPS = 40;

/**
 * The final tree for the inventories: every manager looks its files up by path here (the model finds them)
 * instead of scanning the whole file list per package. A path whose directories go through a symlink (`bin/bash` on a
 * merged-/usr Debian, where `bin` → `usr/bin`) is found where the link leads.
 */
export class Tree {
  readonly files: FinalFile[];
  private readonly links = new Map<string, string>();
  private readonly realDirs = new Map<string, string>();
  private readonly parsed = new Map<string, Map<string, string>[]>();

  constructor(readonly filesystem: FilesystemModel) {
    this.files = filesystem.files;
    for (const f of filesystem.files) {
      if (filesystem.type(f) !== 'symlink') continue;
      const link = filesystem.link(f);
      if (link !== undefined) this.links.set(filesystem.path(f), link);
    }
  }

  /** The visible non-directory at `path` (canonical, no leading slash), following symlinked directories. */
  get(path: string): FinalFile | undefined {
    const hit = this.filesystem.find(path);
    if (hit || this.links.size === 0) return hit;
    const dir = dirname(path);
    if (dir === '') return undefined;
    const real = joinPath(this.realDir(dir, 0), basename(path));
    return real === path ? undefined : this.filesystem.find(real);
  }

  /** The captured content of a visible metadata file (see layers/content.ts), as text. */
  text(path: string): string | undefined {
    const f = this.get(path);
    return f ? contentOf(this.filesystem, f)?.toString('utf8') : undefined;
  }

  /** A metadata file's stanzas, parsed once: dpkg's status is read by the inventory and by the database. */
  stanzas(path: string): Map<string, string>[] | undefined {
    const known = this.parsed.get(path);
    if (known) return known;
    const text = this.text(path);
    if (text === undefined) return undefined;
    const stanzas = parseStanzas(text);
    this.parsed.set(path, stanzas);
    return stanzas;
  }

  /** Where a directory really is once the symlinks on its way are followed; memoised per directory. */
  private realDir(dir: string, hops: number): string {
    if (dir === '') return '';
    const known = this.realDirs.get(dir);
    if (known !== undefined) return known;
    const parent = this.realDir(dirname(dir), hops);
    const here = joinPath(parent, basename(dir));
    const target = this.links.get(here);
    let real = here;
    if (target !== undefined && hops < MAX_HOPS) {
      real = this.realDir(normalizePath(target.startsWith('/') ? target : joinPath(parent, target)), hops + 1);
    }
    // A loop gives up on the path as it stands; only a finished answer is remembered.
    if (hops === 0) this.realDirs.set(dir, real);
    return real;
  }
}

/** The content the walk kept of a file; a hard link's lies on the entry that stored the body. */
export function contentOf(fs: FilesystemModel, f: FinalFile): Buffer | undefined {
  return fs.data(fs.inode(f) ?? f);
}

/** A package with the visible bodies its bytes were measured from. */
export interface Measured {
  pkg: Package;
  inodes: Inode[];
}

/**
 * Bodies already counted for some package of one manager. A body reached twice — hard links, two paths
 * that a symlinked directory makes one, two packages listing one file — is counted once, for the first
 * package that claims it; each manager claims in its documented order.
 */
export class Claims {
  private readonly taken = new Set<Inode>();

  /** The regular-file bodies among `files` not claimed yet, now claimed. */
  take(fs: FilesystemModel, files: Iterable<FinalFile | undefined>): Inode[] {
    const out: Inode[] = [];
    for (const f of files) {
      const inode = f && fs.inode(f);
      if (!inode || this.taken.has(inode)) continue;
      this.taken.add(inode);
      out.push(inode);
    }
    return out;
  }
}

export function sumBytes(fs: FilesystemModel, inodes: Inode[]): number {
  let n = 0;
  for (const i of inodes) n += fs.size(i);
  return n;
}

/** The layer that stored most of these bytes (the earliest on a tie); null without bytes. */
export function dominantLayer(fs: FilesystemModel, inodes: Inode[]): number | null {
  const byLayer = new Map<number, number>();
  for (const i of inodes) {
    const layer = fs.layer(i);
    byLayer.set(layer, (byLayer.get(layer) ?? 0) + fs.size(i));
  }
  let best: number | null = null;
  let bestBytes = 0;
  for (const [layer, bytes] of byLayer) {
    if (bytes > bestBytes || (bytes === bestBytes && bytes > 0 && best !== null && layer < best)) {
      best = layer;
      bestBytes = bytes;
    }
  }
  return best;
}

/**
 * RFC 822-style stanzas as dpkg's status and Python's METADATA write them: `Key: value` lines, continuation
 * lines starting with a space or tab, stanzas separated by blank lines. Keys are lower-cased.
 * With `first`, stops at the end of the first stanza (METADATA's body follows it).
 */
export function parseStanzas(text: string, first = false): Map<string, string>[] {
  const stanzas: Map<string, string>[] = [];
  let current: Map<string, string> | null = null;
  let lastKey: string | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') {
      if (current) {
        stanzas.push(current);
        if (first) return stanzas;
      }
      current = null;
      lastKey = null;
      continue;
    }
    if ((line[0] === ' ' || line[0] === '\t') && current && lastKey !== null) {
      current.set(lastKey, `${current.get(lastKey)}\n${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    current ??= new Map();
    lastKey = line.slice(0, colon).trim().toLowerCase();
    // A repeated key (METADATA's Classifier) keeps its first value: only single-valued fields are read.
    if (!current.has(lastKey)) current.set(lastKey, line.slice(colon + 1).trim());
  }
  if (current) stanzas.push(current);
  return stanzas;
}

export { compareText } from '../../util/compare';
