/** `imgdiet diff`: two analyses in, one diff object out (src/diff/model.ts). Nothing here prints. */
import type { AnalysisResult } from '../pipeline';
import { summarize } from '../summary';
import type { Totals } from '../model';
import { diffFiles } from './files';
import { diffFindings } from './findings';
import { diffInstructions, diffLayers } from './layers';
import { Delta, DIFF_SCHEMA_VERSION, ImageDiff, TotalsDiff } from './model';
import { diffPackages } from './packages';

const VERSION: string = (require('../../package.json') as { version: string }).version;

function delta(o: number, n: number): Delta {
  return { old: o, new: n, delta: n - o };
}

function diffTotals(o: Totals, n: Totals): TotalsDiff {
  return {
    layerBytes: delta(o.layerBytes, n.layerBytes),
    compressedBytes: o.compressedBytes === null || n.compressedBytes === null ? null : delta(o.compressedBytes, n.compressedBytes),
    finalBytes: delta(o.finalBytes, n.finalBytes),
    hiddenBytes: delta(o.hiddenBytes, n.hiddenBytes),
    duplicateBytes: delta(o.duplicateBytes, n.duplicateBytes),
    junkBytes: delta(o.junkBytes, n.junkBytes),
    wasteBytes: delta(o.wasteBytes, n.wasteBytes),
    efficiency: delta(o.efficiency, n.efficiency),
    layerCount: delta(o.layerCount, n.layerCount),
    finalFiles: delta(o.finalFiles, n.finalFiles),
  };
}

/**
 * Compares two images read by analyzeImage. Async only because same-size files the analysis left unhashed are
 * hashed to tell whether their content changed.
 */
export async function diffImages(old: AnalysisResult, neu: AnalysisResult): Promise<ImageDiff> {
  const a = old.analysis;
  const b = neu.analysis;
  const layers = diffLayers(a, b);
  return {
    schemaVersion: DIFF_SCHEMA_VERSION,
    kind: 'imgdiet-diff',
    tool: { name: 'imgdiet', version: VERSION },
    old: summarize(a),
    new: summarize(b),
    totals: diffTotals(a.totals, b.totals),
    layers,
    instructions: diffInstructions(layers),
    files: await diffFiles(old, neu),
    packages: diffPackages(a.packages, b.packages),
    findings: diffFindings(a, b),
  };
}
