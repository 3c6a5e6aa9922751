/**
 * `analyze --layer N` (or `--layer line:L` with a Dockerfile): which layer, and that layer's report; and the
 * HTML report with its layer view (the model is read in pipeline/views.ts, so the renderers only read data).
 */
import type { AnalysisResult } from '../pipeline';
import { finalTree, layerReport, layerTreeInputs } from '../pipeline/views';
import { UsageError } from '../errors';
import { renderAnalysisHtml, summarizeLayers } from '../report/html';
import { LayerChangesOptions, renderLayerChanges } from '../report/layer-changes';
import { jsonChunks } from '../util/json-stream';

export type LayerChoice = { index: number } | { line: number };

/** Reads the flag's text before the image is read: a history index, or `line:L`. */
export function parseLayerFlag(text: string): LayerChoice {
  const line = /^line:(\d+)$/.exec(text.trim());
  if (line) return { line: Number(line[1]) };
  if (/^\d+$/.test(text.trim())) return { index: Number(text.trim()) };
  throw new UsageError(`--layer "${text}": give a layer index (0 is the oldest, as \`imgdiet analyze\` lists them) or line:L for the Dockerfile line L`);
}

/** The layer index the choice names in this analysis; a usage error saying the valid range when there is none. */
export function resolveLayer(choice: LayerChoice, result: AnalysisResult): number {
  const a = result.analysis;
  const last = a.layers.length - 1;
  if ('index' in choice) {
    if (choice.index > last) throw new UsageError(`--layer ${choice.index}: no such layer; ${last < 0 ? 'this image has no layers or history at all' : `this image has layers 0–${last}`}`);
    return choice.index;
  }
  const parsed = result.dockerfileParsed ?? null;
  if (a.dockerfile === null || parsed === null) throw new UsageError(`--layer line:${choice.line}: no Dockerfile is joined to this image; give --dockerfile FILE, or a layer index 0–${last}`);
  const lines = new Map<number, number>();
  // The file as it was joined, not read again: it may have changed since.
  for (const ins of parsed.instructions) lines.set(ins.startLine + 1, ins.endLine + 1);
  const joined = a.layers.filter((l) => l.dockerfileLine !== null);
  const found = joined.find((l) => {
    const end = lines.get(l.dockerfileLine as number) ?? (l.dockerfileLine as number);
    return (l.dockerfileLine as number) <= choice.line && choice.line <= end;
  });
  if (found) return found.index;
  const spans = joined.map((l) => {
    const end = lines.get(l.dockerfileLine as number) ?? (l.dockerfileLine as number);
    return end > (l.dockerfileLine as number) ? `${l.dockerfileLine}–${end}` : String(l.dockerfileLine);
  });
  throw new UsageError(
    `--layer line:${choice.line}: no layer's instruction covers line ${choice.line} of ${a.dockerfile.path}; ` +
      (spans.length === 0 ? `no line made a layer; give a layer index 0–${last}` : `lines that made layers: ${spans.join(', ')}`),
  );
}

/** `--layer N --json`: the layer's report with every path, escaped and streamed like every JSON imgdiet prints. */
export function layerJson(result: AnalysisResult, index: number): Iterable<string> {
  return jsonChunks(layerReport(result, index));
}

/** `--layer N`: the change tree. */
export function renderLayer(result: AnalysisResult, index: number, options: LayerChangesOptions): string {
  const report = layerReport(result, index);
  const l = result.analysis.layers[index];
  const dockerfile = l.dockerfileLine === null || l.dockerfileInstruction === null ? null : { line: l.dockerfileLine, instruction: l.dockerfileInstruction };
  return renderLayerChanges(report, { ...options, dockerfile });
}

/** The HTML report with its layer view (`--html`; the bench script renders the same). */
export function analysisHtml(result: AnalysisResult): string {
  const layers = result.analysis.layers.filter((l) => !l.emptyLayer).length;
  return renderAnalysisHtml(result.analysis, finalTree(result), {}, summarizeLayers(layerTreeInputs(result), layers));
}
