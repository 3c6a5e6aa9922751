/**
 * Each layer's change tree and the filesystem as of it, summarised for the page (the layer view). Bounded: at most
 * `perTree` nodes a tree and `total` in all (split evenly over the trees), `perDir` entries a directory; the rest is
 * folded into "N more" nodes or left in closed directories with their totals. The JSON of `--layer N` has every path.
 */
import type { LayerTreeInput } from '../../pipeline/views';
import { changeTree, ChangeTreeNode } from '../../util/change-tree';
import type { PageTreeNode } from './view';

export interface LayerTreeLimits {
  perTree?: number;
  total?: number;
  perDir?: number;
}

export interface LayerTrees {
  limits: Required<LayerTreeLimits>;
  layers: Array<{ index: number; changes: PageTreeNode; changedPaths: number; asOf: PageTreeNode; visibleFiles: number }>;
}

const DEFAULTS: Required<LayerTreeLimits> = { perTree: 600, total: 12_000, perDir: 25 };

const KIND: Record<ChangeTreeNode['kind'], string> = { dir: 'd', file: 'f', hardlink: 'h', symlink: 's', other: 'o', more: 'm' };
const MARK: Record<string, string> = { added: 'A', modified: 'M', removed: 'D', mixed: '*' };

/** `layerCount` sizes the per-tree budget; inputs are read one at a time (a large image's lists are big). */
export function summarizeLayers(inputs: Iterable<LayerTreeInput>, layerCount: number, limits: LayerTreeLimits = {}): LayerTrees {
  const lim = { ...DEFAULTS, ...limits };
  const maxNodes = Math.max(10, Math.min(lim.perTree, Math.floor(lim.total / Math.max(1, 2 * layerCount))));
  const treeLimits = { maxNodes, maxChildren: lim.perDir };
  const layers: LayerTrees['layers'] = [];
  for (const input of inputs) {
    const asOf = input.asOf(treeLimits);
    layers.push({
      index: input.index,
      changes: compact(changeTree(input.changes, treeLimits)),
      changedPaths: input.changes.length,
      asOf: compact(asOf),
      visibleFiles: asOf.files,
    });
  }
  return { limits: { ...lim, perTree: maxNodes }, layers };
}

function compact(n: ChangeTreeNode): PageTreeNode {
  const code = KIND[n.kind] + (n.change === null ? '-' : MARK[n.change]);
  return n.children === undefined ? [n.name, code, n.bytes, n.files] : [n.name, code, n.bytes, n.files, n.children.map(compact)];
}
