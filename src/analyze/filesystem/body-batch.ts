import { EntryTable, FILE } from '../layers/entry-table';

/** Ranges of one file, as a worker message carries them (typed arrays clone cheaply). */
export interface Group {
  file: string;
  offsets: Float64Array;
  sizes: Float64Array;
}

/**
 * Bodies to hash, in file order, in typed arrays: rows of one entry table, where their bytes lay when they were
 * offered (a row the walk later gave to another write of its path no longer matches, and gets no digest), and
 * the same as runs of one file each for the reader. About 30 bytes a body, not an object each.
 */
export interface Batch {
  table: EntryTable;
  rows: Int32Array;
  offsets: Float64Array;
  groups: Group[];
  bytes: number;
}

/** Bodies gathered as they are found, made into batches sorted by place. */
export class BodyList {
  private readonly files: string[] = [];
  private readonly rows: number[] = [];
  private readonly offsets: number[] = [];
  private readonly sizes: number[] = [];
  bytes = 0;

  constructor(readonly table: EntryTable) {}

  get length(): number {
    return this.rows.length;
  }

  push(file: string, row: number, offset: number, size: number): void {
    this.files.push(file);
    this.rows.push(row);
    this.offsets.push(offset);
    this.sizes.push(size);
    this.bytes += size;
  }

  /** The bodies whose rows still hold them, as a new list. */
  current(): BodyList {
    const out = new BodyList(this.table);
    for (let k = 0; k < this.rows.length; k++) {
      if (holds(this.table, this.rows[k], this.offsets[k])) out.push(this.files[k], this.rows[k], this.offsets[k], this.sizes[k]);
    }
    return out;
  }

  /** The bodies still current, sorted by file then offset, as one batch; or split in two at half the bytes. */
  batches(split = false): Batch[] {
    const order: number[] = [];
    for (let k = 0; k < this.rows.length; k++) if (holds(this.table, this.rows[k], this.offsets[k])) order.push(k);
    order.sort((a, b) => (this.files[a] === this.files[b] ? this.offsets[a] - this.offsets[b] : this.files[a] < this.files[b] ? -1 : 1));
    if (!split) return [this.batch(order)];
    const total = order.reduce((n, k) => n + this.sizes[k], 0);
    let cut = 0;
    for (let acc = 0; cut < order.length && acc < total / 2; cut++) acc += this.sizes[order[cut]];
    return [this.batch(order.slice(0, cut)), this.batch(order.slice(cut))];
  }

  private batch(order: number[]): Batch {
    const rows = new Int32Array(order.length);
    const offsets = new Float64Array(order.length);
    const groups: Group[] = [];
    let bytes = 0;
    for (let k = 0; k < order.length; ) {
      const file = this.files[order[k]];
      let end = k;
      while (end < order.length && this.files[order[end]] === file) end++;
      const group = { file, offsets: new Float64Array(end - k), sizes: new Float64Array(end - k) };
      for (let j = k; j < end; j++) {
        const at = order[j];
        rows[j] = this.rows[at];
        offsets[j] = this.offsets[at];
        group.offsets[j - k] = this.offsets[at];
        group.sizes[j - k] = this.sizes[at];
        bytes += this.sizes[at];
      }
      groups.push(group);
      k = end;
    }
    return { table: this.table, rows, offsets, groups, bytes };
  }
}

/** Whether a row still holds the body that lay at `offset`. */
function holds(table: EntryTable, row: number, offset: number): boolean {
  return table.offsets[row] === offset && table.types[row] === FILE;
}

/** Sets the digests a hashing run gave: digest k (in `out`) is the batch's body k, if its row still holds it. */
export function setDigests(batch: Batch, out: Buffer, count = batch.rows.length): void {
  for (let k = 0; k < count; k++) if (holds(batch.table, batch.rows[k], batch.offsets[k])) batch.table.setDigest(batch.rows[k], out, 32 * k);
}
