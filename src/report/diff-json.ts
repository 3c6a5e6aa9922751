import { jsonChunks, jsonText } from '../util/json-stream';
import type { ImageDiff } from '../diff/model';

/** The diff object as it is: the JSON contract of `imgdiet diff --json` (see docs/diff.md). */
export function renderDiffJson(diff: ImageDiff): string {
  return jsonText(diff);
}

/** The same text in bounded chunks, for stdout: a diff lists every changed file. */
export function renderDiffJsonChunks(diff: ImageDiff): Iterable<string> {
  return jsonChunks(diff);
}
