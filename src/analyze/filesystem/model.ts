import type { HiddenFile, HiddenReason } from '../../model';
import type { LayerWalk } from '../layers/walk';
import type { EntryTable, EntryType } from '../layers/entry-table';
import type { ContentKind } from '../layers/content';
import type { LayerRecord } from './changes';

declare const entryBrand: unique symbol;

/**
 * An entry of the image as the model hands it out: a handle, read through the model (`filesystem.path(e)`,
 * `filesystem.size(e)` …), never by its fields, so that how entries are stored can change without the rules,
 * inventories and reports noticing. Handles compare with ===, and serve as Set and Map keys. They are the rows
 * of the image's EntryTable (from 1: a handle is never 0, so never falsy).
 */
export type Entry = number & { readonly [entryBrand]: true };

/**
 * One stored regular-file body: the file entry that stored it. Hard links in a layer share it; `links(i)` counts
 * its visible paths.
 */
export type Inode = Entry;

/**
 * A visible non-directory path in the final tree: the entry that put it there (`layer(f)` the layer that did,
 * `inode(f)` the body it shows, for regular files and hard links).
 */
export type FinalFile = Entry;

/** Where a body's bytes lie, when the walk did not read them: a plain tar on disk. */
export interface BodyLocation {
  file: string;
  offset: number;
}

export interface FilesystemModel {
  /** Every visible non-directory, in path order (names compared as UTF-16, directory by directory). */
  files: FinalFile[];
  /** One record per layer with a tar, in layer order. */
  layers: LayerRecord[];
  /** Every stored body, visible or hidden, in layer order. */
  inodes: Inode[];
  /** Every inode that is still visible, each once. */
  visibleInodes: Inode[];
  hidden: HiddenFile[];
  finalBytes: number;
  /** Where the entries are stored: for the model's own modules (changes, hashing), not for its readers. */
  table: EntryTable;

  /** The visible non-directory at a normalised path (symlinks not followed). */
  find(path: string): FinalFile | undefined;
  path(e: Entry): string;
  type(e: Entry): EntryType;
  /** Content bytes of a regular file; 0 for anything else. */
  size(e: Entry): number;
  mode(e: Entry): number;
  uid(e: Entry): number;
  gid(e: Entry): number;
  /** A symlink's target as written; a hard link's target path, normalised. */
  link(e: Entry): string | undefined;
  /** What a regular file's first bytes say it is. */
  kind(e: Entry): ContentKind | undefined;
  /** The content kept of a metadata file (see layers/content.ts). */
  data(e: Entry): Buffer | undefined;
  /** The layer index that added it. */
  layer(e: Entry): number;
  /** The body a visible regular file or hard link shows; null for anything else, or a link to a hidden body. */
  inode(f: FinalFile): Inode | null;
  /** A body's content hash, when it was read while streaming or is a duplicate candidate; else null. */
  sha256(i: Inode): string | null;
  /** Visible paths of a body. */
  links(i: Inode): number;
  /** The layer that hid a body, and how; null while it is visible. */
  hiddenBy(i: Inode): number | null;
  hiddenReason(i: Inode): HiddenReason | null;
  /** Where a body's bytes lie on disk, when they were not read while streaming. */
  location(i: Inode): BodyLocation | null;
}

export interface ModelLayer {
  index: number;
  walk: LayerWalk;
}
