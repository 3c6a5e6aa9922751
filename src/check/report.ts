/**
 * The result of `imgdiet check`: what every check renderer reads (text, JSON, JUnit, SARIF, Markdown, GitHub
 * annotations) and the JSON contract of `--format json`. Renderers only lay it out; everything shown — the
 * comparisons, the texts with exact bytes, the Dockerfile lines — is computed before, in src/check/.
 * Bump CHECK_SCHEMA_VERSION on any change that removes or renames a field; adding fields keeps it.
 */
import type { Finding } from '../model';
import type { AnalysisSummary } from '../summary';

export const CHECK_SCHEMA_VERSION = 1;

export type CheckStatus = 'pass' | 'fail' | 'skip';

export interface CheckResult {
  /** The setting checked: a config key (`max-size`, `no-root`…), or `max-compressed-growth` for the compressed half of max-growth. */
  key: string;
  kind: 'budget' | 'policy';
  /** What the check asks, the same for every image: `Total layer bytes within the limit`. */
  title: string;
  status: CheckStatus;
  /** What is measured, in words: `layer bytes`, `layers`, `efficiency`, `root-user findings`. */
  subject: string;
  unit: 'bytes' | 'layers' | 'ratio' | 'findings';
  /** The measured value (bytes, a count, a ratio 0..1, findings not ignored); null when it cannot be measured. */
  actual: number | null;
  /** The limit in the same unit, resolved (a percentage turned into bytes, rounded down); null when it cannot be
   *  resolved (a percentage of a baseline that is missing). */
  limit: number | null;
  /** For min-efficiency the limit is a minimum; for everything else a maximum. */
  limitIs: 'max' | 'min';
  /** The setting as written (`150MB`, `5%`, `true`, `high`) and where (`--max-size`, `.imgdiet.yml:3`). */
  setting: string;
  from: string;
  /** Exact bytes and SI, e.g. `151,234,567 B (151 MB)`. */
  actualText: string;
  /** e.g. `150,000,000 B (150 MB)` or `5% of 1,000,000 B = 50,000 B (50.0 kB)`. */
  limitText: string;
  /** What else the result says: the findings that made a policy fail, the sizes a growth is between, or why a
   *  check was skipped. Empty when there is nothing more. */
  detail: string;
  /** One line: subject, actual, comparison, limit, then the detail — or, for a skipped check, why and the limit. */
  message: string;
  /** The layer the result is about (max-layer-size), for locations. */
  layer: number | null;
  /** Indexes into CheckReport.findings of the findings that made a policy fail. */
  findings: number[];
}

export interface IgnoredBy {
  /** Index into CheckReport.ignores. */
  ignore: number;
  reason: string;
}

export interface CheckedFinding extends Finding {
  /** The ignore entry that matched it, or null. Ignored findings count for no policy. */
  ignoredBy: IgnoredBy | null;
}

export interface IgnoreReport {
  id: string;
  path: string | null;
  reason: string;
  /** `FILE:LINE` of the entry. */
  from: string;
  /** Findings it ignored. */
  matched: number;
}

export interface DockerfileLine {
  layer: number;
  /** 1-based, inclusive: the lines of the instruction. */
  startLine: number;
  endLine: number;
}

/** Where in a Dockerfile the image's layers came from (see src/check/dockerfile.ts for how they are paired). */
export interface DockerfileMap {
  /** As given on the command line. */
  path: string;
  /** As a SARIF artifact URI: relative to the working directory with `/`, or a file: URI when outside it. */
  uri: string;
  /** Relative to the working directory with `/` (what annotations name), or null when outside it. */
  relativePath: string | null;
  /** The final stage's FROM: where image-wide results and the base image's layers point. */
  from: { startLine: number; endLine: number };
  /** Layers (history entries, empty ones included) paired with instructions, oldest first. */
  layers: DockerfileLine[];
}

export interface CheckReport {
  schemaVersion: typeof CHECK_SCHEMA_VERSION;
  kind: 'imgdiet-check';
  tool: { name: 'imgdiet'; version: string };
  /** True when no check failed (skipped ones do not fail). */
  passed: boolean;
  counts: { pass: number; fail: number; skip: number };
  /** The config file used, or null. */
  config: string | null;
  results: CheckResult[];
  /** Every finding of the image, most severe first, each with the ignore that matched it. */
  findings: CheckedFinding[];
  ignores: IgnoreReport[];
  /** Things the user should know that are not results: ignores that matched nothing, no checks configured. */
  notes: string[];
  image: AnalysisSummary;
  baseline: AnalysisSummary | null;
  dockerfile: DockerfileMap | null;
}
