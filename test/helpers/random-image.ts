/**
 * A deterministic random image for property tests: a few layers over a small pool of paths, so that the same path
 * is a file in one layer, a directory or a symlink in another, written twice in a layer, whited out, made opaque.
 */
import { dir, Entry, file, hardlink, opaque, Step, symlink, whiteout } from './image-builder';

/** mulberry32: small, seedable, the same on every machine. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const POOL = ['a', 'a/b', 'a/b/c', 'a/b/c/f', 'a/x', 'a/y', 'd', 'd/e', 'd/e/f', 'd/g', 'h', 'h/i'];

export interface RandomImageOptions {
  layers?: number;
  entriesPerLayer?: number;
  /** Hard links make a body reachable by several paths, which bytes-by-body identities do not allow for. */
  hardlinks?: boolean;
}

export function randomImage(seed: number, options: RandomImageOptions = {}): Step[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  const steps: Step[] = [];
  const layers = options.layers ?? 2 + Math.floor(next() * 4);
  for (let l = 0; l < layers; l++) {
    if (next() < 0.1) {
      steps.push({ createdBy: `ENV L=${l}` });
      continue;
    }
    const entries: Entry[] = [];
    const files: string[] = [];
    const count = options.entriesPerLayer ?? 1 + Math.floor(next() * 10);
    for (let i = 0; i < count; i++) {
      const path = pick(POOL);
      const r = next();
      if (r < 0.45) {
        entries.push(file(path, 'x'.repeat(Math.floor(next() * 300))));
        files.push(path);
      } else if (r < 0.6) entries.push(dir(`${path}/`));
      else if (r < 0.68) entries.push(symlink(path, pick(POOL)));
      else if (r < 0.76 && options.hardlinks !== false && files.some((f) => f !== path)) entries.push(hardlink(path, pick(files.filter((f) => f !== path))));
      else if (r < 0.9) entries.push(whiteout(path));
      else entries.push(opaque(next() < 0.1 ? '' : path));
    }
    steps.push({ createdBy: `/bin/sh -c layer ${l}`, entries });
  }
  return steps;
}
