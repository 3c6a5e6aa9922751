import { jsonText } from '../util/units';
import type { Analysis } from '../model';

/** The analysis object as it is: the JSON contract. */
export function renderJson(analysis: Analysis): string {
  return jsonText(analysis);
}
