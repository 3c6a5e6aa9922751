/**
 * What the renderers need from the in-memory model, read here so that they read data only: one layer's every
 * changed path (`--layer N`), each layer's change and as-of trees (the HTML layer view), and the final tree by
 * directory (the treemap).
 */
import { AsOfTrees } from '../analyze/filesystem/as-of-tree';
import { layerPathChanges } from '../analyze/filesystem/changes';
import { summarizeTree, TreeLimits } from '../analyze/filesystem/tree-summary';
import type { LayerChangesReport, TreeNode } from '../model';
import type { Change, ChangeTreeLimits, ChangeTreeNode, TreeEntry } from '../util/change-tree';
import type { AnalysisResult } from '.';

/** One layer and every path it changed (`--layer N`; with `--json`, as is). */
export function layerReport(result: AnalysisResult, index: number): LayerChangesReport {
  const l = result.analysis.layers[index];
  return { layer: l.index, instruction: l.instruction, changes: l.changes, paths: layerPathChanges(result.filesystem, l.index) };
}

/** What one layer gives the HTML layer view: its changed paths, and the tree of the files visible after it. */
export interface LayerTreeInput {
  index: number;
  changes: readonly TreeEntry[];
  asOf: (limits: ChangeTreeLimits) => ChangeTreeNode;
}

/** Each layer that changed something, one at a time (a large image's lists are big). */
export function* layerTreeInputs(result: AnalysisResult): Generator<LayerTreeInput> {
  const asOf = new AsOfTrees(result.filesystem);
  for (const l of result.analysis.layers) {
    if (l.emptyLayer) continue;
    const changes = layerPathChanges(result.filesystem, l.index);
    const written = new Map<string, Change>();
    for (const c of changes) if (c.type === 'file' && c.change !== 'removed') written.set(c.path, c.change);
    yield { index: l.index, changes, asOf: (limits) => asOf.after(l.index, written, limits) };
  }
}

/** The final tree by directory, bounded, for the treemap. */
export function finalTree(result: AnalysisResult, limits?: TreeLimits): TreeNode {
  return summarizeTree(result.filesystem, limits);
}
