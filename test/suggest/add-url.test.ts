import * as fs from 'node:fs';
import { addUrl } from '../../src/suggest/rules/add-url';
import { suggestionDoc } from '../../src/suggest/suggestion-doc';
import { file, sha256, whiteout } from '../helpers/image-builder';
import { base, body, run, suggestOn } from './dockerfile-image';

jest.mock('../../src/suggest/list', () => jest.requireActual('./only').registryWith('cleanup-same-layer', 'add-url'));

const OS = base([file('etc/os-release', 'ID=debian\n'), file('usr/bin/curl', body(10)), file('usr/bin/sha256sum', body(10))]);
const TGZ = body(5000, 'z');
const ADD = { createdBy: '/bin/sh -c #(nop) ADD https://example.com/app.tgz in /tmp/app.tgz', entries: [file('tmp/app.tgz', TGZ)] };

describe('add-url', () => {
  it('has its doc page made from its meta', () => {
    expect(fs.readFileSync('docs/suggestions/add-url.md', 'utf8')).toBe(suggestionDoc(addUrl.meta));
  });

  it('downloads, checks and deletes in the RUN that unpacks, when the download is hidden later', async () => {
    const df = ['FROM debian:12', 'ADD https://example.com/app.tgz /tmp/app.tgz', 'RUN tar -xzf /tmp/app.tgz -C /opt && rm /tmp/app.tgz', ''].join('\n');
    const r = await suggestOn([OS, ADD, run('tar -xzf /tmp/app.tgz -C /opt && rm /tmp/app.tgz', [file('opt/app', body(10)), whiteout('tmp/app.tgz')])], df);
    const s = r.one('add-url');
    expect(s).toMatchObject({ savings: { bytes: 5000 }, confidence: 'high', layer: 1 });
    expect(s.rationale).toContain('Dockerfile line 2');
    expect(r.proposedDockerfile).toBe(
      ['FROM debian:12', `RUN curl -fsSL -o /tmp/app.tgz https://example.com/app.tgz && echo "${sha256(TGZ)}  /tmp/app.tgz" | sha256sum -c - && tar -xzf /tmp/app.tgz -C /opt && rm /tmp/app.tgz`, ''].join('\n'),
    );
  });

  it('pins an ADD whose file stays with the sha256 the image shows, at 0 bytes', async () => {
    const df = 'FROM debian:12\nADD https://example.com/app.tgz /tmp/app.tgz\n';
    const r = await suggestOn([OS, ADD], df);
    const s = r.one('add-url');
    expect(s).toMatchObject({ savings: { bytes: 0 }, confidence: 'medium' });
    expect(s.rationale).toContain('BuildKit');
    expect(r.proposedDockerfile).toBe(`FROM debian:12\nADD --checksum=sha256:${sha256(TGZ)} https://example.com/app.tgz /tmp/app.tgz\n`);
  });

  it('says nothing of ADD from the context or with a checksum, and nothing without --dockerfile', async () => {
    expect((await suggestOn([OS, ADD], null)).of('add-url')).toEqual([]);
    const df = `FROM debian:12\nADD --checksum=sha256:${sha256(TGZ)} https://example.com/app.tgz /tmp/app.tgz\n`;
    expect((await suggestOn([OS, ADD], df)).of('add-url')).toEqual([]);
    const local = { createdBy: '/bin/sh -c #(nop) ADD file:abc in /tmp/app.tgz', entries: [file('tmp/app.tgz', TGZ)] };
    expect((await suggestOn([OS, local], 'FROM debian:12\nADD app.tgz /tmp/app.tgz\n')).of('add-url')).toEqual([]);
  });
});
