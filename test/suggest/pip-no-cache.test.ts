import * as fs from 'node:fs';
import { pipNoCache } from '../../src/suggest/rules/pip-no-cache';
import { suggestionDoc } from '../../src/suggest/suggestion-doc';
import { file, whiteout } from '../helpers/image-builder';
import { base, body, nop, run, suggestOn } from './dockerfile-image';

jest.mock('../../src/suggest/list', () => jest.requireActual('./only').registryWith('cleanup-same-layer', 'pip-no-cache'));

const OS = base([file('etc/os-release', 'ID=debian\nVERSION_ID="12"\n'), file('usr/local/bin/python3', body(100))]);
const CACHE = [file('root/.cache/pip/http-v2/a/b/c.body', body(5000)), file('root/.cache/pip/wheels/x.whl', body(1500))];
const FLASK = file('usr/local/lib/python3.12/site-packages/flask/__init__.py', body(3000));

describe('pip-no-cache', () => {
  it('has its doc page made from its meta', () => {
    expect(fs.readFileSync('docs/suggestions/pip-no-cache.md', 'utf8')).toBe(suggestionDoc(pipNoCache.meta));
  });

  it('counts the cache of the layer that filled it, without a Dockerfile', async () => {
    const r = await suggestOn([OS, run('pip install flask', [...CACHE, FLASK])], null);
    expect(r.one('pip-no-cache')).toMatchObject({ savings: { bytes: 6500 }, confidence: 'high', layer: 1, findings: ['pip-cache'], dockerfile: null });
  });

  it('adds --no-cache-dir to every pip install of that RUN, python -m pip included', async () => {
    const df = ['FROM python:3.12', 'WORKDIR /app', 'COPY requirements.txt .', 'RUN pip install -U pip && python3 -m pip install -r requirements.txt', ''].join('\n');
    const steps = [OS, nop('WORKDIR /app'), { createdBy: '/bin/sh -c #(nop) COPY file:abc in .', entries: [file('app/requirements.txt', 'flask\n')] }, run('pip install -U pip && python3 -m pip install -r requirements.txt', [...CACHE, FLASK])];
    const r = await suggestOn(steps, df);
    const s = r.one('pip-no-cache');
    expect(s.layer).toBe(3);
    expect(r.analysis.layers[3].dockerfileLine).toBe(4);
    expect(s.rationale).toContain('Dockerfile line 4');
    expect(r.proposedDockerfile).toBe(['FROM python:3.12', 'WORKDIR /app', 'COPY requirements.txt .', 'RUN pip install --no-cache-dir -U pip && python3 -m pip install --no-cache-dir -r requirements.txt', ''].join('\n'));
    expect(s.dockerfile).toContain('+RUN pip install --no-cache-dir -U pip');
  });

  it('counts a cache a later RUN deleted and drops that RUN', async () => {
    const df = 'FROM python:3.12\nRUN pip install flask\nRUN rm -rf /root/.cache/pip\n';
    const r = await suggestOn([OS, run('pip install flask', [...CACHE, FLASK]), run('rm -rf /root/.cache/pip', [whiteout('root/.cache/pip')])], df);
    const s = r.one('pip-no-cache');
    expect(s.savings.bytes).toBe(6500);
    expect(s.rationale).toContain('deleted by layer 2 but still shipped in layer 1');
    expect(r.of('cleanup-same-layer')).toEqual([]);
    expect(r.proposedDockerfile).toBe('FROM python:3.12\nRUN pip install --no-cache-dir flask\n');
  });

  it('keeps the rm of a later RUN that installs with pip itself', async () => {
    const df = 'FROM python:3.12\nRUN pip install flask\nRUN pip install gunicorn && rm -rf /root/.cache/pip\n';
    const r = await suggestOn([OS, run('pip install flask', [...CACHE, FLASK]), run('pip install gunicorn && rm -rf /root/.cache/pip', [whiteout('root/.cache/pip'), file('usr/local/bin/gunicorn', body(9))])], df);
    expect(r.one('pip-no-cache').savings.bytes).toBe(6500);
    expect(r.proposedDockerfile).toBe('FROM python:3.12\nRUN pip install --no-cache-dir flask\nRUN pip install gunicorn && rm -rf /root/.cache/pip\n');
  });

  it('removes the cache at the end of a RUN that runs pip through another program', async () => {
    const df = 'FROM python:3.12\nRUN ./install-deps.sh\n';
    const r = await suggestOn([OS, run('./install-deps.sh', [...CACHE, FLASK])], df);
    expect(r.proposedDockerfile).toBe('FROM python:3.12\nRUN ./install-deps.sh \\\n    && rm -rf /root/.cache/pip\n');
    expect(r.one('pip-no-cache').rationale).toContain('ends with `rm -rf /root/.cache/pip` instead');
  });
});
