import * as fs from 'node:fs';
import { noInstallRecommends } from '../../src/suggest/rules/no-install-recommends';
import { suggestionDoc } from '../../src/suggest/suggestion-doc';
import { Entry, file } from '../helpers/image-builder';
import { base, body, nop, run, suggestOn } from './dockerfile-image';

jest.mock('../../src/suggest/list', () => jest.requireActual('./only').registryWith('no-install-recommends', 'apt-cleanup'));

function stanza(name: string, fields: Record<string, string> = {}): string {
  const extra = Object.entries(fields).map(([k, v]) => `${k}: ${v}\n`).join('');
  return `Package: ${name}\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.0\n${extra}`;
}

/** A package's dpkg list and its one file of `bytes`. */
function pkg(name: string, path: string, bytes: number): Entry[] {
  return [file(`var/lib/dpkg/info/${name}.list`, `/${path}\n`), file(path, body(bytes))];
}

const BASE_STATUS = [stanza('libc6', { Priority: 'required' }), stanza('bash', { Essential: 'yes', Depends: 'libc6' })].join('\n');
const OS = base([
  file('etc/os-release', 'ID=debian\nVERSION_ID="12"\n'),
  file('var/lib/dpkg/status', BASE_STATUS),
  ...pkg('libc6', 'usr/lib/libc.so.6', 1000),
  ...pkg('bash', 'bin/bash', 400),
]);
const STATUS = [
  BASE_STATUS,
  // curl needs libcurl4; it only recommends ca-certificates, which needs openssl.
  stanza('curl', { Depends: 'libcurl4 (>= 7.88), libc6 (>= 2.34)', Recommends: 'ca-certificates' }),
  stanza('libcurl4', { Depends: 'libc6' }),
  stanza('ca-certificates', { Depends: 'openssl (>= 1.1.1)' }),
  stanza('openssl', { Depends: 'libc6' }),
].join('\n');
const EXTENDED = ['libcurl4', 'ca-certificates', 'openssl'].map((n) => `Package: ${n}\nArchitecture: amd64\nAuto-Installed: 1\n`).join('\n');
const INSTALLED = [
  file('var/lib/dpkg/status', STATUS),
  ...pkg('curl', 'usr/bin/curl', 250),
  ...pkg('libcurl4', 'usr/lib/libcurl.so.4', 600),
  ...pkg('ca-certificates', 'etc/ssl/certs/ca-certificates.crt', 210),
  ...pkg('openssl', 'usr/bin/openssl', 800),
];
const DF = ['FROM debian:12', 'RUN apt-get update \\', ' && apt-get install -y curl \\', ' && rm -rf /var/lib/apt/lists/*', 'CMD ["curl"]', ''].join('\n');
const CMD = 'apt-get update  && apt-get install -y curl  && rm -rf /var/lib/apt/lists/*';

describe('no-install-recommends', () => {
  it('has its doc page made from its meta', () => {
    expect(fs.readFileSync('docs/suggestions/no-install-recommends.md', 'utf8')).toBe(suggestionDoc(noInstallRecommends.meta));
  });

  it('counts the packages only a Recommends brought, from apt\'s Auto-Installed marks, and adds the flag', async () => {
    const r = await suggestOn([OS, run(CMD, [...INSTALLED, file('var/lib/apt/extended_states', EXTENDED)]), nop('CMD ["curl"]')], DF);
    const s = r.one('no-install-recommends');
    // ca-certificates (210) and openssl (800); libcurl4 is a Depends of curl, which was asked for.
    expect(s).toMatchObject({ savings: { bytes: 1010 }, confidence: 'high', layer: 1, findings: [] });
    expect(s.rationale).toContain('2 packages (1.01 kB)');
    expect(s.rationale).toContain('openssl (800 B), ca-certificates (210 B)');
    expect(r.analysis.layers[1].dockerfileLine).toBe(2);
    expect(r.proposedDockerfile).toBe(['FROM debian:12', 'RUN apt-get update \\', ' && apt-get install --no-install-recommends -y curl \\', ' && rm -rf /var/lib/apt/lists/*', 'CMD ["curl"]', ''].join('\n'));
  });

  it('approximates from the install command without extended_states, at lower confidence', async () => {
    const r = await suggestOn([OS, run(CMD, INSTALLED)], null);
    const s = r.one('no-install-recommends');
    expect(s).toMatchObject({ savings: { bytes: 1010 }, confidence: 'medium', dockerfile: null });
    expect(s.rationale).toContain('extended_states is missing');
  });

  it('composes with apt-cleanup on the same RUN', async () => {
    const df = 'FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n';
    const steps = [OS, run('apt-get update', [file('var/lib/apt/lists/x_Packages', body(900))]), run('apt-get install -y curl', [...INSTALLED, file('var/lib/apt/extended_states', EXTENDED)])];
    const r = await suggestOn(steps, df);
    expect(r.one('no-install-recommends').layer).toBe(2);
    expect(r.proposedDockerfile).toBe('FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends -y curl \\\n    && rm -rf /var/lib/apt/lists/*\n');
  });

  it('says nothing when the install already has the flag, or brought nothing through Recommends', async () => {
    const flagged = await suggestOn([OS, run('apt-get install -y --no-install-recommends curl', INSTALLED)], null);
    expect(flagged.of('no-install-recommends')).toEqual([]);
    const noRecommends = STATUS.replace('libc6 (>= 2.34)\nRecommends: ca-certificates', 'libc6 (>= 2.34), ca-certificates');
    expect(noRecommends).not.toBe(STATUS);
    const needed = await suggestOn([OS, run('apt-get install -y curl', [file('var/lib/dpkg/status', noRecommends), ...INSTALLED.slice(1)])], null);
    expect(needed.of('no-install-recommends')).toEqual([]);
  });
});
