import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { LayerWalk } from '../layers/walk';
import { EntryTable, FILE } from '../layers/entry-table';
import { Batch, BodyList, Group, setDigests } from './body-batch';
import type { FilesystemModel, Inode } from './model';

/** Below this many bytes a second thread costs more to start than it saves. */
const PARALLEL_MIN_BYTES = 64 * 1024 * 1024;

/**
 * Hashes the visible bodies that can have a duplicate — those whose size another visible body shares — and
 * were not hashed while streaming. A body of unique size cannot be a copy, so its bytes are never read.
 */
export async function hashDuplicateCandidates(fs: FilesystemModel, inodes: Inode[]): Promise<void> {
  const hasher = new ContentHasher();
  await hasher.finish(fs, inodes);
}

/** Hashes every body of `inodes` that has no hash yet and lies on disk, whatever its size. */
export async function hashBodies(fs: FilesystemModel, inodes: Inode[]): Promise<void> {
  if (inodes.length === 0) return;
  const hasher = new ContentHasher();
  await hasher.finish(fs, inodes, true);
}

export interface HasherOptions {
  /** Bytes of likely candidates that start the worker while layers are still being read. */
  workerMinBytes?: number;
  /** Bytes left to hash at the end below which this thread does it alone. */
  parallelMinBytes?: number;
}

/**
 * Hashes file bodies that lie in plain tars on disk, on a second thread while the layers are still being
 * indexed: a body is sent to the worker as soon as a second body of its size turns up (only those can be
 * copies). Guessing ahead costs only the otherwise idle core; `finish` stops the guessing, keeps what it
 * got, and hashes exactly the candidates still missing, split between both threads.
 */
export class ContentHasher {
  private readonly workerMinBytes: number;
  private readonly parallelMinBytes: number;
  /** Per size: the first body seen of it, until a second one sends both; null once sent. */
  private readonly firstOfSize = new Map<number, { file: string; row: number; offset: number } | null>();
  private queued: BodyList | null = null;
  private compactAt = 4096;
  private worker: HashWorker | null = null;

  constructor(options: HasherOptions = {}) {
    this.workerMinBytes = options.workerMinBytes ?? 32 * 1024 * 1024;
    this.parallelMinBytes = options.parallelMinBytes ?? PARALLEL_MIN_BYTES;
  }

  /** A layer has been indexed: send its likely candidates ahead. Streamed layers are hashed already. */
  offer(walk: LayerWalk): void {
    if (walk.file !== null) this.offerEntries(walk.file, walk.table, walk.entries);
  }

  /** Rows of a plain tar in `file`, as the index finds them (a layer may come in several parts). */
  offerEntries(file: string, table: EntryTable, rows: Int32Array): void {
    const queued = (this.queued ??= new BodyList(table));
    if (queued.table !== table) throw new Error('one hasher hashes the bodies of one entry table');
    for (const row of rows) {
      const size = table.sizes[row];
      if (table.types[row] !== FILE || size === 0 || table.offsets[row] < 0 || table.digestSlots[row] >= 0) continue;
      const first = this.firstOfSize.get(size);
      if (first === undefined) {
        this.firstOfSize.set(size, { file, row, offset: table.offsets[row] });
        continue;
      }
      if (first !== null) {
        queued.push(first.file, first.row, first.offset, size);
        this.firstOfSize.set(size, null);
      }
      queued.push(file, row, table.offsets[row], size);
    }
    if (this.worker === null && queued.bytes >= this.workerMinBytes) this.worker = new HashWorker();
    if (this.worker !== null) {
      // A first body of a size is queued when the second turns up: the batch puts them back in file order.
      if (queued.length > 0) this.worker.send(queued.batches()[0]);
      this.queued = null;
    } else if (queued.length >= this.compactAt) {
      // Bodies whose rows the walk gave to later writes of their paths go: a path written a million times
      // does not wait here a million times.
      this.queued = queued.current();
      this.compactAt = Math.max(4096, 2 * this.queued.length);
    }
  }

  /** Resolves when the worker has answered every batch sent ahead so far (without skipping any). */
  async idle(): Promise<void> {
    await this.worker?.idle();
  }

  /** Gives a hash to every body in `inodes` whose size another of them shares (`every`: to all). Always stops the worker. */
  async finish(fs: FilesystemModel, inodes: Inode[], every = false): Promise<void> {
    try {
      if (this.worker) await this.worker.drain();
      const sizes = new Map<number, number>();
      for (const i of inodes) if (fs.size(i) > 0) sizes.set(fs.size(i), (sizes.get(fs.size(i)) ?? 0) + 1);
      const missing = new BodyList(fs.table);
      for (const i of inodes) {
        const at = fs.location(i);
        if (at !== null && fs.table.digestSlots[i] < 0 && (every || (sizes.get(fs.size(i)) ?? 0) >= 2)) missing.push(at.file, i, at.offset, fs.size(i));
      }
      if (missing.length === 0) return;
      if (missing.bytes >= this.parallelMinBytes) {
        // Split by bytes: this thread takes the first half, the worker the rest.
        const [mine, theirs] = missing.batches(true);
        this.worker ??= new HashWorker();
        const answered = this.worker.send(theirs);
        hashHere(mine);
        await answered;
      } else hashHere(missing.batches()[0]);
    } finally {
      this.queued = null;
      this.firstOfSize.clear();
      await this.worker?.stop();
      this.worker = null;
    }
  }

  /** Stops the worker, its work given up (the image could not be read). */
  async abandon(): Promise<void> {
    this.queued = null;
    this.firstOfSize.clear();
    await this.worker?.stop();
    this.worker = null;
  }
}

function hashHere(batch: Batch): void {
  const out = Buffer.alloc(32 * batch.rows.length);
  hashRangesSync(fs, crypto, batch.groups, out, null);
  setDigests(batch, out);
}

/** One worker thread for a run. Batches are answered in order; `drain` makes it skip what is still queued. */
class HashWorker {
  private readonly worker: Worker;
  /** Set to 1 to make the worker skip the rest of its queue (read between bodies). */
  private readonly cancel = new Int32Array(new SharedArrayBuffer(4));
  private readonly waiting: Array<{ batch: Batch; resolve: () => void; reject: (e: Error) => void }> = [];
  private inflight: Promise<void>[] = [];
  /** Why the worker is gone, once it is: later batches fail at once instead of waiting forever. */
  private failure: Error | null = null;

  constructor() {
    this.worker = new Worker(
      `const wt = require('node:worker_threads');
       const hash = ${hashRangesSync.toString()};
       (${serve.toString()})(wt, require('node:fs'), require('node:crypto'), hash);`,
      // A small young generation: the worker keeps almost nothing.
      { eval: true, workerData: { cancel: this.cancel.buffer }, resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 256 } },
    );
    this.worker.unref();
    this.worker.on('message', ({ hashed, digests }: { hashed: number; digests: ArrayBuffer }) => {
      const batch = this.waiting.shift();
      if (!batch) return;
      setDigests(batch.batch, Buffer.from(digests), hashed);
      batch.resolve();
    });
    const fail = (err: Error): void => {
      this.failure ??= err;
      for (const b of this.waiting.splice(0)) b.reject(err);
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`hashing worker stopped (exit ${code})`)));
  }

  /** Settles when the worker has answered; a failure is also kept for `drain`. */
  send(batch: Batch): Promise<void> {
    const failure = this.failure;
    const answered = new Promise<void>((resolve, reject) => {
      if (failure) reject(failure);
      else this.waiting.push({ batch, resolve, reject });
    });
    if (!failure) this.worker.postMessage(batch.groups);
    // Cloned into the message: only rows and offsets wait here for the answer.
    batch.groups = [];
    // Nobody may wait for a batch sent ahead until drain(): keep its failure from going unhandled.
    answered.catch(() => undefined);
    this.inflight.push(answered);
    return answered;
  }

  async idle(): Promise<void> {
    await Promise.all(this.inflight);
  }

  /** Skips what the worker has not hashed yet and waits until every batch is answered. */
  async drain(): Promise<void> {
    Atomics.store(this.cancel, 0, 1);
    try {
      await this.idle();
    } finally {
      this.inflight = [];
      Atomics.store(this.cancel, 0, 0);
    }
  }

  async stop(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}

/**
 * The worker's loop: answers each batch with its digests and how many it hashed, in a buffer it hands over.
 * It takes its modules as arguments and uses nothing else from outside, so that its source can run in the
 * worker as it is.
 */
function serve(
  wt: typeof import('node:worker_threads'),
  fsm: typeof fs,
  cryptom: typeof crypto,
  hash: typeof hashRangesSync,
): void {
  const cancel = new Int32Array((wt.workerData as { cancel: SharedArrayBuffer }).cancel);
  const port = wt.parentPort as import('node:worker_threads').MessagePort;
  port.on('message', (groups: Group[]) => {
    let count = 0;
    for (const g of groups) count += g.offsets.length;
    const out = Buffer.alloc(32 * count);
    const hashed = hash(fsm, cryptom, groups, out, () => Atomics.load(cancel, 0) === 1);
    port.postMessage({ hashed, digests: out.buffer }, [out.buffer as ArrayBuffer]);
  });
}

/**
 * Hashes byte ranges of files, each group's ranges in offset order, reading neighbouring small ranges in one
 * read, and writes range k's digest (32 bytes) at 32·k in `out`. Returns how many ranges it hashed: all, or
 * fewer when `stopped()` turned true. It takes fs and crypto as arguments and uses nothing else from outside,
 * so a worker can run its source.
 */
function hashRangesSync(fsm: typeof fs, cryptom: typeof crypto, groups: Group[], out: Buffer, stopped: (() => boolean) | null): number {
  const WINDOW = 1024 * 1024;
  const MAX_GAP = 64 * 1024;
  const buf = Buffer.allocUnsafe(WINDOW);
  let n = 0;
  for (const { file, offsets, sizes } of groups) {
    const fd = fsm.openSync(file, 'r');
    const readAt = (len: number, pos: number): void => {
      let done = 0;
      while (done < len) {
        const got = fsm.readSync(fd, buf, done, len - done, pos + done);
        if (got === 0) throw new Error(`${file}: file ends before byte ${pos + len}`);
        done += got;
      }
    };
    try {
      for (let k = 0; k < offsets.length; ) {
        if (stopped !== null && stopped()) return n;
        if (sizes[k] > WINDOW) {
          const h = cryptom.createHash('sha256');
          for (let done = 0; done < sizes[k]; ) {
            const len = Math.min(WINDOW, sizes[k] - done);
            readAt(len, offsets[k] + done);
            h.update(buf.subarray(0, len));
            done += len;
          }
          h.digest().copy(out, 32 * n++);
          k++;
          continue;
        }
        // One read for this range and the close neighbours after it that fit in the window.
        const first = offsets[k];
        let last = k;
        while (
          last + 1 < offsets.length &&
          offsets[last + 1] + sizes[last + 1] - first <= WINDOW &&
          offsets[last + 1] >= offsets[last] + sizes[last] &&
          offsets[last + 1] - (offsets[last] + sizes[last]) <= MAX_GAP
        ) last++;
        readAt(offsets[last] + sizes[last] - first, first);
        for (; k <= last; k++) {
          const body = buf.subarray(offsets[k] - first, offsets[k] - first + sizes[k]);
          // One-shot hash (Node ≥ 20.12) costs less per small file than a Hash object.
          const digest = cryptom.hash ? cryptom.hash('sha256', body, 'buffer') : cryptom.createHash('sha256').update(body).digest();
          (digest as Buffer).copy(out, 32 * n++);
        }
      }
    } finally {
      fsm.closeSync(fd);
    }
  }
  return n;
}
