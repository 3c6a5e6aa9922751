/** Every suggestion of the clean-up, flag and guide set on the guide's naive Flask Dockerfile, composed. */
import * as fs from 'node:fs';
import { joinDockerfile } from '../../src/dockerfile/join';
import { parseDockerfile } from '../../src/dockerfile/parse';
import { suggest } from '../../src/suggest/suggest';
import type { Suggester } from '../../src/suggest/types';
import { CONFIG, STEPS } from '../helpers/flask-naive';
import { lineOf, reparsed, suggestOn } from './dockerfile-image';

const MINE = ['cleanup-same-layer', 'apt-cleanup', 'no-install-recommends', 'pip-no-cache', 'npm-omit-dev', 'apk-no-cache', 'dockerignore', 'copy-order', 'add-url', 'pin-base', 'user', 'healthcheck', 'init'];
jest.mock('../../src/suggest/list', () =>
  jest.requireActual('./only').registryWith('cleanup-same-layer', 'apt-cleanup', 'no-install-recommends', 'pip-no-cache', 'npm-omit-dev', 'apk-no-cache', 'dockerignore', 'copy-order', 'add-url', 'pin-base', 'user', 'healthcheck', 'init'),
);

const NAIVE = fs.readFileSync('samples/flask/Dockerfile.naive', 'utf8');

/** Dockerfile.naive's instructions, from FROM on, after the edits. */
const PROPOSED = [
  'FROM python:3.12',
  'WORKDIR /app',
  'COPY requirements.txt .',
  'RUN apt-get update && apt-get install --no-install-recommends -y curl tini \\',
  '    && rm -rf /var/lib/apt/lists/*',
  'RUN pip install --no-cache-dir -r requirements.txt',
  'COPY . .',
  'EXPOSE 8000',
  'RUN useradd --create-home --uid 10001 app',
  'USER app',
  '# Template from imgdiet: adjust the path, port and timing to the application.',
  'HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \\',
  // The probe runs the interpreter the command starts: curl may not be where the app runs.
  `  CMD ["python3", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8000/', timeout=2)"]`,
  'ENTRYPOINT ["/usr/bin/tini", "--"]',
  'CMD ["python", "app.py"]',
  '',
].join('\n');

describe('the naive Flask Dockerfile', () => {
  it('gets every suggestion, with measured bytes and the right lines', async () => {
    const r = await suggestOn(STEPS, NAIVE, CONFIG);
    const rows = r.analysis.suggestions.map((s) => [s.id, s.savings.bytes, s.layer]);
    expect(rows).toEqual([
      ['apt-cleanup', 9000, 5],
      ['pip-no-cache', 6500, 7],
      ['no-install-recommends', 1010, 6],
      ['dockerignore', 830, 4],
      ['copy-order', 0, 7],
      ['healthcheck', 0, null],
      ['init', 0, null],
      ['user', 0, null],
    ]);
    expect(r.analysis.layers.slice(3).map((l) => l.dockerfileLine)).toEqual(
      ['WORKDIR /app', 'COPY . .', 'RUN apt-get update', 'RUN apt-get install', 'RUN pip install', 'EXPOSE', 'CMD'].map((s) => lineOf(NAIVE, s)),
    );
    expect(r.one('apt-cleanup').rationale).toContain(`Dockerfile line ${lineOf(NAIVE, 'RUN apt-get update')}`);
    expect(r.one('copy-order').rationale).toContain(`(Dockerfile line ${lineOf(NAIVE, 'COPY . .')}) comes before \`pip install -r requirements.txt\` (line ${lineOf(NAIVE, 'RUN pip install')})`);
    expect(r.proposedDockerignore).toEqual(['**/.env', '**/.git', '**/__pycache__']);
  });

  it('composes the edits into one valid Dockerfile with every change once', async () => {
    const r = await suggestOn(STEPS, NAIVE, CONFIG);
    const proposed = r.proposedDockerfile!;
    const comments = NAIVE.slice(0, NAIVE.indexOf('FROM '));
    expect(proposed).toBe(comments + PROPOSED);
    const instructions = reparsed(proposed);
    for (const change of ['--no-install-recommends', '--no-cache-dir', 'rm -rf /var/lib/apt/lists/*', 'tini', 'USER app', 'useradd', 'HEALTHCHECK', 'COPY requirements.txt', 'COPY . .']) {
      expect(instructions.filter((i) => i.includes(change))).toHaveLength(change === 'tini' ? 2 : 1);
    }
    expect(r.analysis.dockerfile?.proposedDiff).toContain('-RUN apt-get update\n');
  });

  it('stays valid with every registered suggester, the other engineers\' included', async () => {
    const r = await suggestOn(STEPS, NAIVE, CONFIG);
    const all = (jest.requireActual('../../src/suggest/list') as { SUGGESTERS: Suggester[] }).SUGGESTERS;
    expect(all.map((s) => s.meta.id)).toEqual(expect.arrayContaining(MINE));
    const d = parseDockerfile(NAIVE);
    const { suggestions: _, ...analysis } = r.analysis;
    const out = suggest({ ...r, analysis: { ...analysis, dockerfile: null }, dockerfile: d, join: joinDockerfile(d, r.analysis.layers) }, all);
    const instructions = reparsed(out.proposed!);
    for (const change of ['--no-install-recommends', '--no-cache-dir', 'USER app', 'HEALTHCHECK']) {
      expect(instructions.filter((i) => i.includes(change)).length).toBeGreaterThanOrEqual(1);
    }
  });
});
