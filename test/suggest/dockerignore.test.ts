import * as fs from 'node:fs';
import { dockerignoreSuggester } from '../../src/suggest/rules/dockerignore';
import { suggestionDoc } from '../../src/suggest/suggestion-doc';
import { file } from '../helpers/image-builder';
import { base, body, copy, nop, suggestOn } from './dockerfile-image';

jest.mock('../../src/suggest/list', () => jest.requireActual('./only').registryWith('dockerignore'));

const OS = base([file('etc/os-release', 'ID=debian\n')]);
const CONTEXT = copy('.', [
  file('app/app.py', body(100)),
  file('app/.git/objects/ab/cdef', body(700)),
  file('app/.git/HEAD', body(20)),
  file('app/__pycache__/app.cpython-312.pyc', body(90)),
  file('app/.env', body(30)),
]);

describe('dockerignore', () => {
  it('has its doc page made from its meta', () => {
    expect(fs.readFileSync('docs/suggestions/dockerignore.md', 'utf8')).toBe(suggestionDoc(dockerignoreSuggester.meta));
  });

  it('counts the junk the COPY brought and gives the .dockerignore entries, largest first', async () => {
    const r = await suggestOn([OS, nop('WORKDIR /app'), CONTEXT], null);
    const s = r.one('dockerignore');
    expect(s).toMatchObject({ savings: { bytes: 840 }, confidence: 'high', layer: 2, findings: ['dockerignore'], dockerfile: null });
    expect(s.rationale).toContain('4 files of build-context junk, 840 B, into layer 2 (840 B)');
    expect(r.proposedDockerignore).toEqual(['**/.env', '**/.git', '**/__pycache__']);
    expect(s.rationale).toContain('`**/.git`, `**/__pycache__`, `**/.env`');
  });

  it('leaves the Dockerfile as it is, and puts the entries in the analysis', async () => {
    const df = 'FROM python:3.12\nWORKDIR /app\nCOPY . .\n';
    const r = await suggestOn([OS, nop('WORKDIR /app'), CONTEXT], df);
    expect(r.one('dockerignore').dockerfile).toBeNull();
    expect(r.proposedDockerfile).toBeNull();
    expect(r.analysis.dockerfile?.dockerignore).toEqual(['**/.env', '**/.git', '**/__pycache__']);
  });

  it('says nothing without junk', async () => {
    const r = await suggestOn([OS, copy('.', [file('app/app.py', body(100))])], null);
    expect(r.of('dockerignore')).toEqual([]);
    expect(r.proposedDockerignore).toEqual([]);
  });
});
