import * as fs from 'node:fs';
import { pinBase } from '../../src/suggest/rules/pin-base';
import { suggestionDoc } from '../../src/suggest/suggestion-doc';
import { file } from '../helpers/image-builder';
import { base, body, nop, run, suggestOn } from './dockerfile-image';

jest.mock('../../src/suggest/list', () => jest.requireActual('./only').registryWith('pin-base'));

const PY = [base([file('etc/os-release', 'ID=debian\nVERSION_ID="12"\n'), file('usr/local/bin/python3', body(10))]), nop('ENV PYTHON_VERSION=3.12.7'), nop('CMD ["python3"]')];
const APP = run('echo hi', [file('hi', 'x')]);
const PY_ENV = { config: { Env: ['PYTHON_VERSION=3.12.7'] } };

describe('pin-base', () => {
  it('has its doc page made from its meta', () => {
    expect(fs.readFileSync('docs/suggestions/pin-base.md', 'utf8')).toBe(suggestionDoc(pinBase.meta));
  });

  it('pins an untagged FROM to the runtime version the image shows, build stages on the same image too', async () => {
    const df = ['FROM python AS build', 'RUN pip wheel .', 'FROM --platform=linux/amd64 python:latest', 'RUN echo hi', ''].join('\n');
    const r = await suggestOn([...PY, APP], df, PY_ENV);
    const s = r.of('pin-base');
    expect(s).toHaveLength(2);
    expect(s.map((x) => [x.savings.bytes, x.confidence])).toEqual([[0, 'high'], [0, 'high']]);
    expect(s[0].rationale).toContain('`FROM python` (Dockerfile line 1) is no tag, so `latest`');
    expect(s[1].rationale).toContain('python 3.12.7 (ENV PYTHON_VERSION)');
    expect(r.proposedDockerfile).toBe(['FROM python:3.12.7 AS build', 'RUN pip wheel .', 'FROM --platform=linux/amd64 python:3.12.7', 'RUN echo hi', ''].join('\n'));
  });

  it('pins a distribution image to its os-release version, and follows ARG defaults without editing them', async () => {
    const alpine = [base([file('etc/os-release', 'ID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME="Alpine Linux v3.19"\n')]), nop('CMD ["/bin/sh"]'), APP];
    expect((await suggestOn(alpine, 'FROM alpine\nRUN echo hi\n')).proposedDockerfile).toBe('FROM alpine:3.19\nRUN echo hi\n');
    const r = await suggestOn(alpine, 'ARG BASE=alpine:latest\nFROM ${BASE}\nRUN echo hi\n');
    const s = r.one('pin-base');
    expect(s.rationale).toContain('alpine:latest from the ARG default');
    expect(s.rationale).toContain('change its default');
    expect(s.dockerfile).toBeNull();
  });

  it('says nothing of a tagged, digest-pinned or scratch base, or without --dockerfile', async () => {
    for (const from of ['python:3.12-slim', 'python@sha256:abcd', 'scratch']) {
      expect((await suggestOn([...PY, APP], `FROM ${from}\nRUN echo hi\n`, PY_ENV)).of('pin-base')).toEqual([]);
    }
    expect((await suggestOn([...PY, APP], null, PY_ENV)).of('pin-base')).toEqual([]);
  });

  it('reads Docker Hub names with a host or library/ as the official image', async () => {
    for (const from of ['docker.io/library/python', 'index.docker.io/python:latest', 'library/python']) {
      const df = `FROM ${from}\nRUN echo hi\n`;
      const pinned = `${from.replace(/:latest$/, '')}:3.12.7`;
      expect((await suggestOn([...PY, APP], df, PY_ENV)).proposedDockerfile).toBe(`FROM ${pinned}\nRUN echo hi\n`);
    }
  });

  it('asks for a tag it cannot name at medium confidence, with no edit', async () => {
    const r = await suggestOn([base([file('x', 'y')]), APP], 'FROM registry.example.com/team/app\nRUN echo hi\n');
    expect(r.one('pin-base')).toMatchObject({ confidence: 'medium', dockerfile: null });
  });
});
