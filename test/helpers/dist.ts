/**
 * Tests of the built CLI read dist/, not src/: a dist/ older than src/ would test yesterday's code and pass or fail
 * for the wrong reason. Every src/X.ts must have a dist/X.js at least as new (tsc writes every output file on each
 * build, so one older output means a source changed after the last build, or a build failed half-way).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const SRC = path.join(ROOT, 'src');
const DIST = path.join(ROOT, 'dist');

const BUILD = 'run `npm run build` (npm test and npm run test:fast do)';

/** Every .ts file under src/, relative to it (declaration files have no output). */
function sources(): string[] {
  return fs.readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
}

/** Why dist/ does not hold a build of today's src/; empty when it does. */
export function distProblem(): string {
  if (!fs.existsSync(path.join(DIST, 'cli', 'main.js'))) return `dist/ is missing: ${BUILD}`;
  for (const file of sources()) {
    // The page script's sources compile into one file (tsconfig.client.json).
    const out = file.split(path.sep).join('/').startsWith('report/html/client/') ? 'report/html/client.js' : file.replace(/\.ts$/, '.js');
    const built = fs.statSync(path.join(DIST, out), { throwIfNoEntry: false });
    if (!built) return `dist/ is older than src/: src/${file} has no dist/${out}; ${BUILD}`;
    if (built.mtimeMs < fs.statSync(path.join(SRC, file)).mtimeMs) return `dist/ is older than src/: src/${file} changed after dist/${out} was built; ${BUILD}`;
  }
  return '';
}

let checked = false;

/** Throws when dist/ is missing or older than src/; checked once per test file, before its first CLI run. */
export function expectFreshDist(): void {
  if (checked) return;
  const problem = distProblem();
  if (problem) throw new Error(problem);
  checked = true;
}
