import { jsonText } from '../util/units';
import type { ImageDiff } from '../diff/model';

/** The diff object as it is: the JSON contract of `imgdiet diff --json` (see docs/diff.md). */
export function renderDiffJson(diff: ImageDiff): string {
  return jsonText(diff);
}
