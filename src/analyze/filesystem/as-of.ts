import type { FilesystemModel } from './model';

/** A regular-file body visible just after some layer. */
export interface VisibleBody {
  /** Its first path (a hard link's other names are not listed). */
  path: string;
  bytes: number;
  /** The layer that stored it. */
  layer: number;
}

/**
 * The regular files as of layer N (dive's aggregated view), from the stored bodies: a body is visible after N when a
 * layer up to N stored it and no layer up to N hid it.
 */
export function visibleAsOf(model: Pick<FilesystemModel, 'inodes'>, layer: number): VisibleBody[] {
  const out: VisibleBody[] = [];
  for (const i of model.inodes) {
    if (i.layer <= layer && (i.hiddenBy === null || i.hiddenBy > layer)) out.push({ path: i.path, bytes: i.size, layer: i.layer });
  }
  return out;
}
