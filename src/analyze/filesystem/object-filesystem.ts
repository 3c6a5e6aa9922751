import type { HiddenFile, HiddenReason } from '../../model';
import type { ContentKind } from '../layers/content';
import type { EntryType, LayerEntry } from '../layers/walk';
import type { LayerRecord } from './changes';
import type { BodyLocation, Entry, FilesystemModel, FinalFile, Inode } from './model';
import { NON_DIR, PathNodes } from './path-nodes';

/** The model's parts as buildFilesystem makes them, entries still as the walk's objects. */
export interface ModelParts {
  files: LayerEntry[];
  layers: LayerRecord[];
  inodes: LayerEntry[];
  visibleInodes: LayerEntry[];
  hidden: HiddenFile[];
  finalBytes: number;
}

const of = (e: Entry): LayerEntry => e as unknown as LayerEntry;
const handle = (e: LayerEntry): Entry => e as unknown as Entry;
const handles = (list: LayerEntry[]): Entry[] => list as unknown as Entry[];

/** The filesystem model over the walk's entry objects: each handle is the entry itself. */
export class ObjectFilesystem implements FilesystemModel {
  readonly files: FinalFile[];
  readonly layers: LayerRecord[];
  readonly inodes: Inode[];
  readonly visibleInodes: Inode[];
  readonly hidden: HiddenFile[];
  readonly finalBytes: number;

  constructor(
    parts: ModelParts,
    private readonly nodes: PathNodes,
  ) {
    this.files = handles(parts.files);
    this.layers = parts.layers;
    this.inodes = handles(parts.inodes);
    this.visibleInodes = handles(parts.visibleInodes);
    this.hidden = parts.hidden;
    this.finalBytes = parts.finalBytes;
  }

  find(path: string): FinalFile | undefined {
    const id = this.nodes.present(path);
    const e = id < 0 || this.nodes.state(id) !== NON_DIR ? null : this.nodes.entries[id];
    return e ? handle(e) : undefined;
  }

  path(e: Entry): string {
    return of(e).path;
  }

  type(e: Entry): EntryType {
    return of(e).type;
  }

  size(e: Entry): number {
    return of(e).size;
  }

  mode(e: Entry): number {
    return of(e).mode;
  }

  uid(e: Entry): number {
    return of(e).uid;
  }

  gid(e: Entry): number {
    return of(e).gid;
  }

  link(e: Entry): string | undefined {
    return of(e).link;
  }

  kind(e: Entry): ContentKind | undefined {
    return of(e).kind;
  }

  data(e: Entry): Buffer | undefined {
    return of(e).data;
  }

  layer(e: Entry): number {
    return of(e).layer;
  }

  inode(f: FinalFile): Inode | null {
    const i = of(f).inode;
    return i ? handle(i) : null;
  }

  sha256(i: Inode): string | null {
    return of(i).sha256;
  }

  links(i: Inode): number {
    return of(i).links;
  }

  hiddenBy(i: Inode): number | null {
    return of(i).hiddenBy;
  }

  hiddenReason(i: Inode): HiddenReason | null {
    return of(i).hiddenReason;
  }

  location(i: Inode): BodyLocation | null {
    const e = of(i);
    return e.file === null || e.offset === undefined ? null : { file: e.file, offset: e.offset };
  }
}
