import * as fs from 'node:fs';
import { aptCleanup } from '../../src/suggest/rules/apt-cleanup';
import { suggestionDoc } from '../../src/suggest/suggestion-doc';
import { file, whiteout } from '../helpers/image-builder';
import { base, body, nop, reparsed, run, suggestOn } from './dockerfile-image';

jest.mock('../../src/suggest/list', () => jest.requireActual('./only').registryWith('cleanup-same-layer', 'apt-cleanup'));

const OS = base([file('etc/os-release', 'ID=debian\nVERSION_ID="12"\n'), file('bin/sh', body(100))]);
const LISTS = [file('var/lib/apt/lists/deb_Packages', body(3000)), file('var/lib/apt/lists/deb_Release', body(500)), file('var/lib/apt/lists/lock', '')];
const CURL = file('usr/bin/curl', body(200));

describe('apt-cleanup', () => {
  it('has its doc page made from its meta', () => {
    expect(fs.readFileSync('docs/suggestions/apt-cleanup.md', 'utf8')).toBe(suggestionDoc(aptCleanup.meta));
  });

  it('counts the lists of the layer that downloaded them, without a Dockerfile', async () => {
    const r = await suggestOn([OS, run('apt-get update && apt-get install -y curl', [...LISTS, CURL])], null);
    const s = r.one('apt-cleanup');
    expect(s).toMatchObject({ savings: { bytes: 3500 }, confidence: 'high', layer: 1, findings: ['apt-lists'], dockerfile: null });
    expect(s.rationale).toContain("apt's package lists (2 files, 3.50 kB), still in the final image");
  });

  it('ends the installing RUN with the clean-up, and apt-get clean when a package cache was left', async () => {
    const df = ['FROM debian:12', 'RUN apt-get update && \\', '    apt-get install -y curl', 'CMD ["curl"]', ''].join('\n');
    const steps = [OS, run('apt-get update &&     apt-get install -y curl', [...LISTS, CURL, file('var/cache/apt/archives/curl.deb', body(800)), file('var/cache/apt/pkgcache.bin', body(200))]), nop('CMD ["curl"]')];
    const r = await suggestOn(steps, df);
    const s = r.one('apt-cleanup');
    expect(s).toMatchObject({ savings: { bytes: 4500 }, layer: 1, findings: ['apt-lists', 'apt-cache'] });
    expect(r.analysis.layers[1].dockerfileLine).toBe(2);
    // The RUN's own style, `&& \` at line ends, is kept.
    expect(r.proposedDockerfile).toBe(
      ['FROM debian:12', 'RUN apt-get update && \\', '    apt-get install -y curl && \\', '    apt-get clean && \\', '    rm -rf /var/lib/apt/lists/*', 'CMD ["curl"]', ''].join('\n'),
    );
    expect(s.dockerfile).toContain('+    rm -rf /var/lib/apt/lists/*');
  });

  it('moves an apt-get update of its own RUN into the RUN that installs', async () => {
    const df = 'FROM debian:12\nWORKDIR /app\nRUN apt-get update\nRUN apt-get install -y curl\nCMD ["bash"]\n';
    const r = await suggestOn([OS, nop('WORKDIR /app'), run('apt-get update', LISTS), run('apt-get install -y curl', [CURL]), nop('CMD ["bash"]')], df);
    const s = r.one('apt-cleanup');
    expect(s).toMatchObject({ savings: { bytes: 3500 }, layer: 2 });
    expect(s.rationale).toContain('Dockerfile line 3');
    expect(r.proposedDockerfile).toBe('FROM debian:12\nWORKDIR /app\nRUN apt-get update && apt-get install -y curl \\\n    && rm -rf /var/lib/apt/lists/*\nCMD ["bash"]\n');
    expect(reparsed(r.proposedDockerfile!)).toEqual(['FROM debian:12', 'WORKDIR /app', 'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*', 'CMD ["bash"]']);
  });

  it('gives every later RUN that installed with the same lists its own update and clean-up', async () => {
    const df = 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN apt-get install -y git\n';
    const r = await suggestOn([OS, run('apt-get update && apt-get install -y curl', [...LISTS, CURL]), run('apt-get install -y git', [file('usr/bin/git', body(10))])], df);
    expect(r.proposedDockerfile).toBe(
      'FROM debian:12\nRUN apt-get update && apt-get install -y curl \\\n    && rm -rf /var/lib/apt/lists/*\nRUN apt-get update && apt-get install -y git \\\n    && rm -rf /var/lib/apt/lists/*\n',
    );
  });

  it('counts lists a later RUN deleted, drops that RUN, and leaves nothing to cleanup-same-layer', async () => {
    const df = 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\n';
    const steps = [OS, run('apt-get update && apt-get install -y curl', [...LISTS, CURL]), run('rm -rf /var/lib/apt/lists/*', [whiteout('var/lib/apt/lists/deb_Packages'), whiteout('var/lib/apt/lists/deb_Release'), whiteout('var/lib/apt/lists/lock')])];
    const r = await suggestOn(steps, df);
    const s = r.one('apt-cleanup');
    expect(s.savings.bytes).toBe(3500);
    expect(s.rationale).toContain('layer 2 deleted some of it, but it still ships in layer 1');
    expect(r.of('cleanup-same-layer')).toEqual([]);
    expect(r.proposedDockerfile).toBe('FROM debian:12\nRUN apt-get update && apt-get install -y curl \\\n    && rm -rf /var/lib/apt/lists/*\n');
  });

  it('keeps the clean-up of an install RUN that deleted the lists an update RUN downloaded', async () => {
    const df = 'FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n';
    const steps = [OS, run('apt-get update', LISTS), run('apt-get install -y curl && rm -rf /var/lib/apt/lists/*', [CURL, whiteout('var/lib/apt/lists/deb_Packages'), whiteout('var/lib/apt/lists/deb_Release'), whiteout('var/lib/apt/lists/lock')])];
    const r = await suggestOn(steps, df);
    expect(r.one('apt-cleanup').savings.bytes).toBe(3500);
    expect(r.proposedDockerfile).toBe('FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n');
  });

  it('says nothing when the same RUN already removes the lists, or for the base image\'s lists', async () => {
    const clean = await suggestOn([OS, run('apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*', [CURL])], null);
    expect(clean.of('apt-cleanup')).toEqual([]);
    const inBase = await suggestOn([base([file('etc/os-release', 'ID=debian\n'), ...LISTS]), nop('CMD ["bash"]'), run('echo hi', [file('hi', 'x')])], 'FROM debian:12\nRUN echo hi\n');
    expect(inBase.of('apt-cleanup')).toEqual([]);
  });
});
