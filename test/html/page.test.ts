/**
 * The HTML report's parts that need no browser: escaping, the page script's pure helpers (run in a Node vm), the
 * bounded directory summary, and the size of the page for a large image.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { analyzeSteps, run } from '../helpers/analyze-built';
import { file, hardlink, removeTemps, symlink } from '../helpers/image-builder';
import { escapeHtml, jsonForScript, renderAnalysisHtml, TreeNode } from '../../src/report/html';
import { summarizeTree } from '../../src/analyze/filesystem/tree-summary';
import { clientScript, clientScriptPaths, pageScript } from '../../src/report/html/page-script';
import { formatBytes, formatPercent, formatSignedBytes } from '../../src/util/units';
import { bytesOf } from './fixture';

afterAll(removeTemps);

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

// The compiled client only declares: its helpers that need no DOM run in a Node vm.
const pure = vm.runInNewContext(`${clientScript()}; ({ formatBytes, formatPercent, formatDelta, shown, ellipsize, squarify })`) as {
  formatBytes(n: number): string;
  formatPercent(n: number): string;
  formatDelta(n: number): string;
  shown(s: string): string;
  ellipsize(s: string, max: number): string;
  squarify(values: number[], x: number, y: number, w: number, h: number): Rect[];
};

describe('escaping', () => {
  test('escapeHtml escapes the five characters that matter in text and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });

  test('jsonForScript leaves no <, >, & or line separators, and parses back to the same value', () => {
    const value = { s: '</script><!-- <script>alert(1)</script> & \u2028\u2029 "q" \\', n: [1, 2.5, null], nested: { '<k>': '>' } };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
    // Also valid as a JavaScript expression.
    expect(vm.runInNewContext(`(${text})`)).toEqual(value);
  });
});

describe('the page script', () => {
  test('parses, has nothing that would end its <script> element, and is built from its current sources', () => {
    expect(() => new vm.Script(pageScript())).not.toThrow();
    expect(pageScript()).not.toMatch(/<\/script|<!--/i);
    const built = clientScriptPaths().find((p) => fs.existsSync(p)) ?? '';
    const dir = path.join(__dirname, '../../src/report/html/client');
    const sources = [...fs.readdirSync(dir).map((f) => path.join(dir, f)), path.join(__dirname, '../../tsconfig.client.json')];
    const stale = sources.filter((f) => fs.statSync(f).mtimeMs > fs.statSync(built).mtimeMs);
    expect({ stale, fix: 'npm run build' }).toEqual({ stale: [], fix: 'npm run build' });
  });

  // The page's formatter is a copy of src/util/units.ts's: held to the same output here.
  const BYTES = [0, 1, 999, 1000, 1001, 1023, 1024, 1536, 9_994, 9_995, 9_999, 99_949, 99_950, 999_499, 999_500, 999_600, 1e6, 2_569_368, 1.5e9, 2 ** 40, 12_345_678_901, 5e15, 3e18];
  test.each(BYTES.flatMap((n) => [n, -n]))('formats %p bytes as the terminal report does', (n) => {
    expect(pure.formatBytes(n)).toBe(formatBytes(n));
  });

  test('formats deltas with their sign, and percentages as the terminal report does', () => {
    for (const n of BYTES) {
      expect(pure.formatDelta(n)).toBe(formatSignedBytes(n));
      expect(pure.formatDelta(-n)).toBe(formatSignedBytes(-n));
    }
    expect(pure.formatDelta(2_000)).toBe('+2.00 kB');
    expect(pure.formatDelta(-300)).toBe('-300 B');
    expect(pure.formatDelta(0)).toBe('0 B');
    expect(pure.formatDelta(-1_536)).toBe('-1.54 kB');
    for (const r of [0, 0.8159, 0.99999, 1]) expect(pure.formatPercent(r)).toBe(formatPercent(r));
  });

  test('shows control characters escaped and shortens in the middle', () => {
    expect(pure.shown('a\u001b[31mb\u0000\u009b')).toBe('a\\x1b[31mb\\x00\\x9b');
    expect(pure.ellipsize('abcdefghijklmnopqrstuvwxyz', 10)).toBe('abcdefg\u2026yz');
    expect(pure.ellipsize('short', 10)).toBe('short');
  });

  test('squarify tiles the rectangle: areas in proportion, inside it, no overlap', () => {
    const values = [500, 300, 120, 80, 80, 40, 20, 5, 3, 1, 0];
    const rects = pure.squarify(values, 10, 20, 600, 400);
    expect(rects).toHaveLength(values.length);
    const total = values.reduce((a, b) => a + b, 0);
    rects.forEach((r, i) => {
      expect(r.w * r.h).toBeCloseTo((values[i] / total) * 600 * 400, 3);
      expect(r.x).toBeGreaterThanOrEqual(10 - 1e-9);
      expect(r.y).toBeGreaterThanOrEqual(20 - 1e-9);
      expect(r.x + r.w).toBeLessThanOrEqual(610 + 1e-6);
      expect(r.y + r.h).toBeLessThanOrEqual(420 + 1e-6);
    });
    for (let i = 0; i < rects.length; i++) {
      for (let j = i + 1; j < rects.length; j++) {
        const a = rects[i];
        const b = rects[j];
        const overlap = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
        expect(overlap).toBeLessThan(1e-6);
      }
    }
    // Squarified: no sliver among the large ones.
    for (let i = 0; i < 5; i++) expect(Math.max(rects[i].w / rects[i].h, rects[i].h / rects[i].w)).toBeLessThan(3);
    expect(pure.squarify([], 0, 0, 10, 10)).toEqual([]);
    expect(pure.squarify([0, 0], 0, 0, 10, 10).map((r) => r.w * r.h)).toEqual([0, 0]);
  });
});

function walk(node: TreeNode, visit: (n: TreeNode, depth: number) => void, depth = 0): void {
  visit(node, depth);
  for (const c of node.children ?? []) walk(c, visit, depth + 1);
}

describe('summarizeTree', () => {
  test('on a real model: the root holds the final bytes and files, hard links count once, directories add up', async () => {
    const { analysis, filesystem } = await analyzeSteps([
      run('setup', [
        file('usr/bin/tool', bytesOf('tool', 5000)),
        hardlink('usr/bin/tool-alias', 'usr/bin/tool'),
        symlink('usr/bin/link', 'tool'),
        file('usr/share/a.txt', bytesOf('a', 300)),
        file('etc/conf', bytesOf('conf', 40)),
        file('top.txt', bytesOf('top', 7)),
        file('empty', ''),
      ]),
    ]);
    const root = summarizeTree(filesystem);
    expect(root).toMatchObject({ name: '', kind: 'dir', bytes: analysis.totals.finalBytes, files: analysis.totals.finalFiles });
    expect(root.children?.map((c) => [c.name, c.kind, c.bytes, c.files])).toEqual([
      ['usr', 'dir', 5300, 4],
      ['etc', 'dir', 40, 1],
      ['top.txt', 'file', 7, 1],
      ['1 more', 'other', 0, 1],
    ]);
    const bin = root.children?.[0].children?.find((c) => c.name === 'bin');
    expect(bin?.children?.map((c) => [c.name, c.bytes])).toEqual([
      ['tool', 5000],
      ['2 more', 0],
    ]);
  });

  test('a 200k-file tree stays within its limits, and every directory adds up to its parts', () => {
    const files: Array<{ path: string; inode: { size: number } }> = [];
    for (let i = 0; i < 200_000; i++) {
      const pkg = `pkg${i % 2000}`;
      files.push({ path: `usr/lib/python3/site-packages/${pkg}/mod${Math.floor(i / 2000) % 10}/f${i}.py`, inode: { size: 100 + ((i * 7919) % 5000) } });
    }
    files.sort((a, b) => (a.path < b.path ? -1 : 1));
    const total = files.reduce((n, f) => n + f.inode.size, 0);
    type F = { path: string; inode: { size: number } };
    const source = { files, path: (f: F) => f.path, inode: (f: F) => f.inode, size: (i: F['inode']) => i.size, links: () => 1 };
    const root = summarizeTree(source, { maxNodes: 3000, maxChildren: 25 });
    let nodes = 0;
    walk(root, (n) => {
      nodes++;
      if (n.kind === 'dir') {
        const kids = n.children ?? [];
        expect(kids.length).toBeLessThanOrEqual(25);
        expect(kids.reduce((s, c) => s + c.bytes, 0)).toBe(n.bytes);
        expect(kids.reduce((s, c) => s + c.files, 0)).toBe(n.files);
      } else expect(n.children).toBeUndefined();
    });
    expect(nodes).toBeLessThanOrEqual(3000);
    expect(root.bytes).toBe(total);
    expect(root.files).toBe(200_000);
    const json = JSON.stringify(root).length;
    expect(json).toBeLessThan(400_000);
  });
});

describe('renderAnalysisHtml', () => {
  test('keeps the first rows of long tables and says how many there are', async () => {
    const { analysis, filesystem } = await analyzeSteps([
      run('add', Array.from({ length: 30 }, (_, i) => file(`data/f${i}`, bytesOf(`f${i}`, 100 + i)))),
      run('rm', Array.from({ length: 30 }, (_, i) => file(`data/f${i}`, bytesOf(`g${i}`, 10)))),
    ]);
    expect(analysis.hidden).toHaveLength(30);
    const html = renderAnalysisHtml(analysis, summarizeTree(filesystem), { hidden: 5 });
    const data = JSON.parse(/<script type="application\/json" id="imgdiet-data">([^<]*)<\/script>/.exec(html)?.[1] ?? 'null');
    const hidden = data.sections.find((s: { id: string }) => s.id === 'hidden');
    expect(hidden.total).toBe(30);
    expect(hidden.rows.map((r: unknown[]) => r[0])).toEqual(analysis.hidden.slice(0, 5).map((h) => h.path));
  });
});
