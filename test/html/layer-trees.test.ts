/**
 * The layer view's summaries without a browser: bounded however many paths a layer has, directories adding up what
 * is below them, smaller entries folded into "N more" nodes that keep their bytes and counts.
 */
import { analyzeImage } from '../../src/pipeline';
import { layerPathChanges } from '../../src/analyze/filesystem/changes';
import { AsOfTrees } from '../../src/analyze/filesystem/as-of-tree';
import { Change, changeTree, ChangeTreeLimits, TreeEntry } from '../../src/util/change-tree';
import { summarizeLayers } from '../../src/report/html';
import type { PageTreeNode } from '../../src/report/html';
import { SAMPLE_TAR } from '../helpers/cli';
import { removeTemps } from '../helpers/image-builder';
import { analyzeArchiveOf, LAYER_STEPS } from './fixture';

afterAll(removeTemps);

/** A fixed as-of tree: its root holds `n` unchanged files of 1 byte. */
const flat = (n: number) => (limits: ChangeTreeLimits) => changeTree(Array.from({ length: n }, (_, i): TreeEntry => ({ path: `f${i}`, type: 'file', change: null, bytes: 1 })), limits);

function count(n: PageTreeNode): number {
  return 1 + (n[4] ?? []).reduce((k, c) => k + count(c), 0);
}

function each(n: PageTreeNode, visit: (n: PageTreeNode) => void): void {
  visit(n);
  (n[4] ?? []).forEach((c) => each(c, visit));
}

describe('summarizeLayers', () => {
  const many: TreeEntry[] = [];
  for (let d = 0; d < 60; d++) {
    for (let f = 0; f < 500; f++) many.push({ path: `srv/d${d}/sub/f${f}.bin`, type: 'file', change: f % 3 === 0 ? 'removed' : 'added', bytes: 1000 + d * 10 + f });
  }
  const total = many.reduce((n, e) => n + e.bytes, 0);

  test('30,000 paths in a layer: at most perTree nodes, the root holds every byte and path', () => {
    const t = summarizeLayers([{ index: 3, changes: many, asOf: flat(10) }], 1, { perTree: 300, perDir: 20 });
    const root = t.layers[0].changes;
    expect(count(root)).toBeLessThanOrEqual(301);
    expect(root.slice(0, 4)).toEqual(['', 'd*', total, many.length]);
    expect(t.layers[0]).toMatchObject({ index: 3, changedPaths: 30_000, visibleFiles: 10 });
    // Every opened directory's children add up to it: folded and closed nodes keep their totals.
    each(root, (n) => {
      if (!n[4]) return;
      expect(n[4].length).toBeLessThanOrEqual(20);
      expect(n[4].reduce((k, c) => k + c[2], 0)).toBe(n[2]);
      expect(n[4].reduce((k, c) => k + c[3], 0)).toBe(n[3]);
    });
    const folded: PageTreeNode[] = [];
    each(root, (n) => (n[1].startsWith('m') ? folded.push(n) : undefined));
    expect(folded.length).toBeGreaterThan(0);
    expect(folded[0][0]).toMatch(/^\d+ more$/);
  });

  test('the budget is shared: many layers get smaller trees, never more than the total', () => {
    const inputs = Array.from({ length: 40 }, (_, i) => ({ index: i, changes: many, asOf: (l: ChangeTreeLimits) => changeTree(many, l) }));
    const t = summarizeLayers(inputs, 40, { perTree: 600, total: 4_000, perDir: 25 });
    expect(t.limits.perTree).toBe(50);
    const nodes = t.layers.reduce((k, l) => k + count(l.changes) + count(l.asOf), 0);
    expect(nodes).toBeLessThanOrEqual(4_000 + 80); // each tree's root beyond its budget
  });
});

test('a path 50,000 directories deep builds without recursion, within the budget', () => {
  const deep = `${Array.from({ length: 50_000 }, () => 'a').join('/')}/f`;
  const root = changeTree([{ path: deep, type: 'file', change: 'added', bytes: 7 }], { maxNodes: 100, maxChildren: 5 });
  let depth = 0;
  for (let n = root; n.children; n = n.children[0]) depth++;
  expect(depth).toBe(100);
  expect(root).toMatchObject({ bytes: 7, files: 1, change: 'added' });
});

describe('AsOfTrees', () => {
  test('built once through the layers, each tree equals the one built from that layer\'s visible files', async () => {
    for (const result of [await analyzeImage(SAMPLE_TAR), await analyzeArchiveOf(LAYER_STEPS)]) {
      const { analysis, filesystem } = result;
      let compared = 0;
      for (const limits of [{ maxNodes: 1000, maxChildren: 50 }, { maxNodes: 12, maxChildren: 4 }]) {
        const trees = new AsOfTrees(filesystem);
        for (const l of analysis.layers.filter((x) => !x.emptyLayer)) {
          const written = new Map<string, Change>();
          for (const c of layerPathChanges(filesystem, l.index)) if (c.type === 'file' && c.change !== 'removed') written.set(c.path, c.change);
          const fs = filesystem;
          const visible = fs.inodes
            .filter((i) => fs.layer(i) <= l.index && (fs.hiddenBy(i) === null || (fs.hiddenBy(i) as number) > l.index))
            .map((i): TreeEntry => ({ path: fs.path(i), type: 'file', change: fs.layer(i) === l.index ? (written.get(fs.path(i)) ?? 'added') : null, bytes: fs.size(i) }));
          expect(trees.after(l.index, written, limits)).toEqual(changeTree(visible, limits));
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(4);
    }
  });
});
