import type { HiddenFile, HiddenReason } from '../../model';
import type { ContentKind } from '../layers/content';
import type { EntryTable, EntryType } from '../layers/entry-table';
import type { LayerRecord } from './changes';
import type { BodyLocation, Entry, FilesystemModel, FinalFile, Inode } from './model';
import { NON_DIR, PathNodes } from './path-nodes';

/** The model's lists as buildFilesystem makes them, as rows of the entry table. */
export interface ModelParts {
  files: number[];
  layers: LayerRecord[];
  inodes: number[];
  visibleInodes: number[];
  hidden: HiddenFile[];
  finalBytes: number;
}

/** The filesystem model over the image's entry table: each handle is a row. */
export class TableFilesystem implements FilesystemModel {
  readonly files: FinalFile[];
  readonly layers: LayerRecord[];
  readonly inodes: Inode[];
  readonly visibleInodes: Inode[];
  readonly hidden: HiddenFile[];
  readonly finalBytes: number;

  constructor(
    readonly table: EntryTable,
    private readonly nodes: PathNodes,
    parts: ModelParts,
  ) {
    this.files = parts.files as FinalFile[];
    this.layers = parts.layers;
    this.inodes = parts.inodes as Inode[];
    this.visibleInodes = parts.visibleInodes as Inode[];
    this.hidden = parts.hidden;
    this.finalBytes = parts.finalBytes;
  }

  find(path: string): FinalFile | undefined {
    const id = this.nodes.present(path);
    return id < 0 || this.nodes.state(id) !== NON_DIR ? undefined : (this.nodes.entry(id) as FinalFile);
  }

  path(e: Entry): string {
    return this.table.path(e);
  }

  type(e: Entry): EntryType {
    return this.table.type(e);
  }

  size(e: Entry): number {
    return this.table.sizes[e];
  }

  mode(e: Entry): number {
    return this.table.modes[e];
  }

  uid(e: Entry): number {
    return this.table.uids[e];
  }

  gid(e: Entry): number {
    return this.table.gids[e];
  }

  link(e: Entry): string | undefined {
    return this.table.linkTargets.get(e);
  }

  kind(e: Entry): ContentKind | undefined {
    return this.table.kind(e);
  }

  data(e: Entry): Buffer | undefined {
    return this.table.data.get(e);
  }

  layer(e: Entry): number {
    return this.table.layers[e];
  }

  inode(f: FinalFile): Inode | null {
    const i = this.table.inodes[f];
    return i < 0 ? null : (i as Inode);
  }

  sha256(i: Inode): string | null {
    return this.table.sha256(i);
  }

  links(i: Inode): number {
    return this.table.links[i];
  }

  hiddenBy(i: Inode): number | null {
    const by = this.table.hiddenBy[i];
    return by < 0 ? null : by;
  }

  hiddenReason(i: Inode): HiddenReason | null {
    return this.table.reason(i);
  }

  location(i: Inode): BodyLocation | null {
    const offset = this.table.offsets[i];
    const file = this.table.layerFiles.get(this.table.layers[i]);
    return offset < 0 || file === undefined ? null : { file, offset };
  }
}
