import type { Analysis } from '../model';

/** The analysis object as it is: the JSON contract. */
export function renderJson(analysis: Analysis): string {
  return `${JSON.stringify(analysis, null, 2)}\n`;
}
