/** Library entry: the same analysis the CLI runs, returned as data. Nothing here prints. */
import { analyzeImage, AnalyzeOptions } from './pipeline';
import type { Analysis } from './model';

export async function analyze(reference: string, options: AnalyzeOptions = {}): Promise<Analysis> {
  return (await analyzeImage(reference, options)).analysis;
}

export { analyzeImage } from './pipeline';
export type { AnalyzeOptions, AnalysisResult, ProgressEvent, ProgressPhase } from './pipeline';
export * from './model';
export { ImgdietError, InputError, UsageError } from './errors';
/** Every changed path of one layer, from analyzeImage's model: what `analyze --layer N --json` lists. */
export { layerPathChanges } from './analyze/filesystem/changes';
export type { PathChange } from './analyze/filesystem/changes';

/** Compares two analyses (from analyzeImage): totals, layers, files, packages and findings. */
export { diffImages } from './diff/diff';
export type { ImageDiff } from './diff/model';
/** Evaluates budgets and policies on an analysis, as `imgdiet check` does. */
export { evaluateCheck } from './check/evaluate';
