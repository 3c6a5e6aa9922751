import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Inode } from './model';

interface Job {
  file: string;
  offset: number;
  size: number;
}

/** Below this many bytes a second thread costs more to start than it saves. */
const PARALLEL_MIN_BYTES = 64 * 1024 * 1024;

/**
 * Hashes the visible bodies that can have a duplicate — those whose size another visible body shares — and
 * were not hashed while streaming. A body of unique size cannot be a copy, so its bytes are never read.
 */
export async function hashDuplicateCandidates(inodes: Inode[]): Promise<void> {
  const sizes = new Map<number, number>();
  for (const i of inodes) if (i.size > 0) sizes.set(i.size, (sizes.get(i.size) ?? 0) + 1);
  const jobs: Array<Job & { inode: Inode }> = [];
  for (const i of inodes) {
    if (i.sha256 !== null || i.file === null || i.entry.offset === undefined || (sizes.get(i.size) ?? 0) < 2) continue;
    jobs.push({ file: i.file, offset: i.entry.offset, size: i.size, inode: i });
  }
  if (jobs.length === 0) return;
  jobs.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.offset - b.offset));
  const digests = await hashJobs(jobs.map(({ file, offset, size }) => ({ file, offset, size })));
  jobs.forEach((job, k) => {
    job.inode.sha256 = digests[k];
  });
}

/** Splits the jobs by bytes between this thread and one worker: there are two cores to use. */
async function hashJobs(jobs: Job[]): Promise<string[]> {
  const total = jobs.reduce((n, j) => n + j.size, 0);
  if (total < PARALLEL_MIN_BYTES) return hashRangesSync(fs, crypto, jobs);
  let split = 0;
  for (let acc = 0; split < jobs.length && acc < total / 2; split++) acc += jobs[split].size;
  const theirs = jobs.slice(split);
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const hash = ${hashRangesSync.toString()};
     parentPort.postMessage(hash(require('node:fs'), require('node:crypto'), workerData));`,
    { eval: true, workerData: theirs, resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 256 } },
  );
  const result = new Promise<string[]>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`hashing worker stopped (exit ${code})`)));
  });
  const mine = hashRangesSync(fs, crypto, jobs.slice(0, split));
  return mine.concat(await result);
}

/**
 * Hashes byte ranges of files, sorted by file and offset, reading neighbouring small ranges in one read.
 * It takes fs and crypto as arguments and uses nothing else from outside, so a worker can run its source.
 */
function hashRangesSync(fsm: typeof fs, cryptom: typeof crypto, jobs: Job[]): string[] {
  const WINDOW = 1024 * 1024;
  const MAX_GAP = 64 * 1024;
  const buf = Buffer.allocUnsafe(WINDOW);
  const out: string[] = new Array(jobs.length);
  const readAt = (fd: number, len: number, pos: number): void => {
    let done = 0;
    while (done < len) {
      const n = fsm.readSync(fd, buf, done, len - done, pos + done);
      if (n === 0) throw new Error(`file ends before byte ${pos + len}`);
      done += n;
    }
  };
  let fd = -1;
  let file = '';
  try {
    for (let k = 0; k < jobs.length; ) {
      const j = jobs[k];
      if (j.file !== file) {
        if (fd >= 0) fsm.closeSync(fd);
        fd = fsm.openSync(j.file, 'r');
        file = j.file;
      }
      if (j.size > WINDOW) {
        const h = cryptom.createHash('sha256');
        for (let done = 0; done < j.size; ) {
          const n = Math.min(WINDOW, j.size - done);
          readAt(fd, n, j.offset + done);
          h.update(buf.subarray(0, n));
          done += n;
        }
        out[k++] = h.digest('hex');
        continue;
      }
      // One read for this range and the close neighbours after it that fit in the window.
      let last = k;
      while (
        last + 1 < jobs.length &&
        jobs[last + 1].file === file &&
        jobs[last + 1].offset + jobs[last + 1].size - j.offset <= WINDOW &&
        jobs[last + 1].offset - (jobs[last].offset + jobs[last].size) <= MAX_GAP
      ) last++;
      readAt(fd, jobs[last].offset + jobs[last].size - j.offset, j.offset);
      for (; k <= last; k++) {
        const at = jobs[k].offset - j.offset;
        const body = buf.subarray(at, at + jobs[k].size);
        // One-shot hash (Node ≥ 20.12) costs less per small file than a Hash object.
        out[k] = cryptom.hash ? cryptom.hash('sha256', body) : cryptom.createHash('sha256').update(body).digest('hex');
      }
    }
  } finally {
    if (fd >= 0) fsm.closeSync(fd);
  }
  return out;
}
