import { jsonText } from '../util/json-stream';
import type { CheckReport } from '../check/report';

/** The check report as it is: the JSON contract of `imgdiet check --format json` (see docs/check.md). */
export function renderCheckJson(report: CheckReport): string {
  return jsonText(report);
}
