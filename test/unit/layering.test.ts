/**
 * The import direction of src/ (DESIGN.md, "Layering"), checked on the sources: every relative import of every
 * src/**\/*.ts file (`import … from`, `export … from`, `import()`, `require()`, type-only ones included) is resolved
 * to a file, and the graph must have no cycle, point only down the ranks below, keep files short, and keep rule
 * files apart from each other. Violations are listed one per line, `src/a.ts -> src/b.ts: why`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

/**
 * Rank of each top-level module of src/ (a folder, or a file at the top), from the command line down to the
 * result model. A file may import its own module or any lower rank; never a higher rank, nor another module of
 * the same rank. A new top-level module must be added here.
 */
const RANKS: Readonly<Record<string, number>> = {
  cli: 9,
  'index.ts': 9,
  report: 8,
  diff: 7,
  check: 6,
  'summary.ts': 5,
  pipeline: 4,
  suggest: 3,
  analyze: 2,
  dockerfile: 1,
  util: 0,
  'model.ts': -1,
  'errors.ts': -1,
};

/** Longer files are split by concern. */
const MAX_LINES = 400;

/** Folders of rules, one rule per file: a rule imports shared code, never another rule. */
const RULE_FOLDERS = ['analyze/findings/rules', 'suggest/rules'];

const SRC = path.resolve(__dirname, '..', '..', 'src');

interface Edge {
  from: string;
  /** The file imported, relative to src/; null when the specifier names no file. */
  to: string | null;
  specifier: string;
}

/** Every .ts file under src/, relative to it, with forward slashes. */
function sourceFiles(): string[] {
  return fs
    .readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.split(path.sep).join('/'));
}

/** Relative specifiers the file imports, in every form TypeScript sees (comments and strings are not imports). */
function relativeSpecifiers(text: string): string[] {
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((f) => f.fileName)
    .filter((s) => s.startsWith('.'));
}

/** The src/ file a relative specifier names, as TypeScript resolves it; undefined when it leaves src/. */
function resolve(from: string, specifier: string): string | null | undefined {
  const base = path.resolve(SRC, path.dirname(from), specifier);
  if (!base.startsWith(SRC + path.sep)) return undefined;
  const file = [`${base}.ts`, path.join(base, 'index.ts'), base.replace(/\.js$/, '.ts')].find((f) => f.endsWith('.ts') && fs.existsSync(f));
  return file ? path.relative(SRC, file).split(path.sep).join('/') : null;
}

function importsOf(file: string, text: string): Edge[] {
  return relativeSpecifiers(text).flatMap((specifier) => {
    const to = resolve(file, specifier);
    return to === undefined ? [] : [{ from: file, to, specifier }];
  });
}

/** The top-level module of a src/ file: its first folder, or the file itself at the top. */
const moduleOf = (file: string): string => file.split('/')[0];

const show = (file: string): string => `src/${file}`;

/** Each strongly connected group of files (Tarjan), as one cycle through it: `a -> b -> a`. */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v) as number);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    let w: string;
    do {
      w = stack.pop() as string;
      onStack.delete(w);
      group.push(w);
    } while (w !== v);
    if (group.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(cycleWithin(graph, new Set(group)));
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return out;
}

/** A shortest way back to the group's first file (breadth first), which exists because the group is strongly connected. */
function cycleWithin(graph: Map<string, string[]>, group: Set<string>): string[] {
  const start = [...group].sort()[0];
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift() as string;
    for (const w of graph.get(v) ?? []) {
      if (!group.has(w)) continue;
      if (w === start) return [...pathTo(cameFrom, v, start), start];
      if (!cameFrom.has(w)) {
        cameFrom.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

function pathTo(cameFrom: Map<string, string>, end: string, start: string): string[] {
  const way = [end];
  while (way[0] !== start) way.unshift(cameFrom.get(way[0]) as string);
  return way;
}

/** Why an import goes the wrong way; null when it does not (modules missing from RANKS are reported apart). */
function rankProblem(from: string, to: string): string | null {
  const [a, b] = [moduleOf(from), moduleOf(to)];
  if (a === b || !(a in RANKS) || !(b in RANKS) || RANKS[b] < RANKS[a]) return null;
  return `${a} (rank ${RANKS[a]}) imports ${b} (rank ${RANKS[b]})`;
}

function ruleFolderOf(file: string): string | undefined {
  return RULE_FOLDERS.find((folder) => file.startsWith(`${folder}/`));
}

function lineCount(text: string): number {
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

describe('layering of src/', () => {
  const files = sourceFiles().sort();
  const texts = new Map(files.map((f) => [f, fs.readFileSync(path.join(SRC, f), 'utf8')]));
  const edges = files.flatMap((f) => importsOf(f, texts.get(f) as string));
  const resolved = edges.filter((e): e is Edge & { to: string } => e.to !== null);
  const graph = new Map(files.map((f) => [f, [...new Set(resolved.filter((e) => e.from === f).map((e) => e.to))].sort()]));

  test('the scan sees every import form and the files it should', () => {
    const text = "import a from './a';\nimport type { B } from '../b';\nexport * from './c';\nconst d = require('./d');\nconst e = import('./e');\n// import x from './comment'\nimport * as fs from 'node:fs';\n";
    expect(relativeSpecifiers(text)).toEqual(['./a', '../b', './c', './d', './e']);
    expect(files).toEqual(expect.arrayContaining(['cli/main.ts', 'pipeline/index.ts', 'model.ts']));
    expect(graph.get('index.ts')).toEqual(expect.arrayContaining(['pipeline/index.ts', 'model.ts']));
  });

  test('every relative import names a file', () => {
    expect(edges.filter((e) => e.to === null).map((e) => `${show(e.from)} -> ${e.specifier}: no such file`)).toEqual([]);
  });

  test('no import cycle between files', () => {
    expect(cycles(graph).map((c) => `cycle: ${c.map(show).join(' -> ')}`)).toEqual([]);
  });

  test('every module has a rank', () => {
    const unranked = [...new Set(files.map(moduleOf))].filter((m) => !(m in RANKS));
    expect(unranked.map((m) => `src/${m}: not in RANKS`)).toEqual([]);
  });

  test('a module imports only its own files and lower ranks (RANKS)', () => {
    const wrong = resolved.flatMap((e) => {
      const why = rankProblem(e.from, e.to);
      return why ? [`${show(e.from)} -> ${show(e.to)}: ${why}`] : [];
    });
    expect(wrong).toEqual([]);
  });

  test(`no file over ${MAX_LINES} lines`, () => {
    const long = files.filter((f) => lineCount(texts.get(f) as string) > MAX_LINES);
    expect(long.map((f) => `${show(f)}: ${lineCount(texts.get(f) as string)} lines`)).toEqual([]);
  });

  test(`a rule imports no other rule (${RULE_FOLDERS.map((f) => `src/${f}/`).join(', ')})`, () => {
    const wrong = resolved.filter((e) => ruleFolderOf(e.from) !== undefined && ruleFolderOf(e.from) === ruleFolderOf(e.to));
    expect(wrong.map((e) => `${show(e.from)} -> ${show(e.to)}: both in src/${ruleFolderOf(e.from)}/`)).toEqual([]);
  });
});
