import * as fs from 'node:fs';
import { apkNoCache } from '../../src/suggest/rules/apk-no-cache';
import { suggestionDoc } from '../../src/suggest/suggestion-doc';
import { file, whiteout } from '../helpers/image-builder';
import { base, body, run, suggestOn } from './dockerfile-image';

jest.mock('../../src/suggest/list', () => jest.requireActual('./only').registryWith('cleanup-same-layer', 'apk-no-cache'));

const OS = base([file('etc/os-release', 'ID=alpine\nVERSION_ID=3.19.1\n'), file('bin/busybox', body(100))]);
const INDEX = [file('var/cache/apk/APKINDEX.aaaa.tar.gz', body(2000)), file('var/cache/apk/APKINDEX.bbbb.tar.gz', body(1000))];
const CURL = file('usr/bin/curl', body(200));

describe('apk-no-cache', () => {
  it('has its doc page made from its meta', () => {
    expect(fs.readFileSync('docs/suggestions/apk-no-cache.md', 'utf8')).toBe(suggestionDoc(apkNoCache.meta));
  });

  it('adds --no-cache to apk add and takes apk update out', async () => {
    const df = 'FROM alpine:3.19\nRUN apk update && apk add curl\n';
    const r = await suggestOn([OS, run('apk update && apk add curl', [...INDEX, CURL])], df);
    expect(r.one('apk-no-cache')).toMatchObject({ savings: { bytes: 3000 }, layer: 1, findings: ['apk-cache'], confidence: 'high' });
    expect(r.proposedDockerfile).toBe('FROM alpine:3.19\nRUN apk add --no-cache curl\n');
  });

  it('drops an update-only RUN and flags the RUN that added with its index', async () => {
    const df = 'FROM alpine:3.19\nRUN apk update\nRUN apk add --virtual .build gcc && apk upgrade\n';
    const r = await suggestOn([OS, run('apk update', INDEX), run('apk add --virtual .build gcc && apk upgrade', [CURL])], df);
    expect(r.one('apk-no-cache').layer).toBe(1);
    expect(r.proposedDockerfile).toBe('FROM alpine:3.19\nRUN apk add --no-cache --virtual .build gcc && apk upgrade --no-cache\n');
  });

  it('counts an index a later RUN deleted, and drops that RUN', async () => {
    const df = 'FROM alpine:3.19\nRUN apk add curl\nRUN rm -rf /var/cache/apk/*\n';
    const steps = [OS, run('apk add curl', [...INDEX, CURL]), run('rm -rf /var/cache/apk/*', [whiteout('var/cache/apk/APKINDEX.aaaa.tar.gz'), whiteout('var/cache/apk/APKINDEX.bbbb.tar.gz')])];
    const r = await suggestOn(steps, df);
    expect(r.one('apk-no-cache').savings.bytes).toBe(3000);
    expect(r.of('cleanup-same-layer')).toEqual([]);
    expect(r.proposedDockerfile).toBe('FROM alpine:3.19\nRUN apk add --no-cache curl\n');
  });

  it('has no edit without a Dockerfile', async () => {
    const r = await suggestOn([OS, run('apk add curl', [...INDEX, CURL])], null);
    expect(r.one('apk-no-cache')).toMatchObject({ savings: { bytes: 3000 }, dockerfile: null });
  });
});
