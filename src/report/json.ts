import { jsonChunks, jsonText } from '../util/json-stream';
import type { Analysis } from '../model';

/** The analysis object as it is: the JSON contract. */
export function renderJson(analysis: Analysis): string {
  return jsonText(analysis);
}

/** The same text in bounded chunks, for stdout: an analysis can be larger than one string may be. */
export function renderJsonChunks(analysis: Analysis): Iterable<string> {
  return jsonChunks(analysis);
}
