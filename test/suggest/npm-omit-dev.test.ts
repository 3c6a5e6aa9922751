import * as fs from 'node:fs';
import { npmOmitDev } from '../../src/suggest/rules/npm-omit-dev';
import { suggestionDoc } from '../../src/suggest/suggestion-doc';
import { Entry, file, whiteout } from '../helpers/image-builder';
import { base, body, copy, nop, run, suggestOn } from './dockerfile-image';

jest.mock('../../src/suggest/list', () => jest.requireActual('./only').registryWith('cleanup-same-layer', 'npm-omit-dev'));

const OS = base([file('etc/os-release', 'ID=debian\nVERSION_ID="12"\n'), file('usr/local/bin/node', body(100))]);
const APP = copy('.', [file('app/package.json', JSON.stringify({ name: 'app', dependencies: { express: '^4' }, devDependencies: { jest: '^29' } })), file('app/package-lock.json', '{}'), file('app/server.js', body(50))]);
function npmPackage(name: string, bytes: number, deps: string[] = []): Entry[] {
  return [
    file(`app/node_modules/${name}/package.json`, JSON.stringify({ name, version: '1.0.0', dependencies: Object.fromEntries(deps.map((d) => [d, '*'])) })),
    file(`app/node_modules/${name}/index.js`, body(bytes)),
  ];
}
// jest (900) and its dependency pretty-format (300) are reached only from devDependencies; express (400) is not.
const MODULES = [...npmPackage('express', 400), ...npmPackage('jest', 900, ['pretty-format']), ...npmPackage('pretty-format', 300)];
const CACHE = [file('root/.npm/_cacache/content-v2/sha512/aa/bb', body(2500)), file('root/.npm/_logs/debug-0.log', body(100))];
const sizeOf = (entries: Entry[]): number => entries.reduce((n, e) => n + (e.content?.length ?? 0), 0);
const DEV = sizeOf(MODULES.slice(2)); // jest and pretty-format, package.json files included

describe('npm-omit-dev', () => {
  it('has its doc page made from its meta', () => {
    expect(fs.readFileSync('docs/suggestions/npm-omit-dev.md', 'utf8')).toBe(suggestionDoc(npmOmitDev.meta));
  });

  it('counts devDependencies and the cache of the installing RUN, and edits it', async () => {
    const df = ['FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci', 'CMD ["node", "server.js"]', ''].join('\n');
    const r = await suggestOn([OS, nop('WORKDIR /app'), APP, run('npm ci', [...MODULES, ...CACHE]), nop('CMD ["node" "server.js"]')], df);
    const s = r.one('npm-omit-dev');
    expect(s).toMatchObject({ savings: { bytes: DEV + 2600 }, confidence: 'high', layer: 3, findings: ['npm-cache'] });
    expect(s.rationale).toContain('2 packages reached only from devDependencies');
    expect(s.rationale).toContain('Dockerfile line 4');
    expect(r.proposedDockerfile).toBe(['FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci --omit=dev \\', '    && npm cache clean --force', 'CMD ["node", "server.js"]', ''].join('\n'));
  });

  it('prunes after a build in the same RUN, and counts only the cache when a later RUN builds', async () => {
    const same = await suggestOn([OS, nop('WORKDIR /app'), APP, run('npm install && npm run build', [...MODULES, ...CACHE])], 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm install && npm run build\n');
    expect(same.one('npm-omit-dev').savings.bytes).toBe(DEV + 2600);
    expect(same.proposedDockerfile).toBe('FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm install && npm run build \\\n    && npm prune --omit=dev \\\n    && npm cache clean --force\n');

    const later = await suggestOn([OS, nop('WORKDIR /app'), APP, run('npm ci', [...MODULES, ...CACHE]), run('npm run build', [file('app/dist/x.js', body(10))])], 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\n');
    const s = later.one('npm-omit-dev');
    expect(s.savings.bytes).toBe(2600);
    expect(s.rationale).toContain('builds with the devDependencies');
    expect(later.proposedDockerfile).toBe('FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci \\\n    && npm cache clean --force\nRUN npm run build\n');
  });

  it('counts a cache a later RUN deleted, and drops that RUN', async () => {
    const df = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nRUN rm -rf /root/.npm\n';
    const r = await suggestOn([OS, nop('WORKDIR /app'), APP, run('npm ci --omit=dev', [...MODULES.slice(0, 2), ...CACHE]), run('rm -rf /root/.npm', [whiteout('root/.npm')])], df);
    expect(r.one('npm-omit-dev').savings.bytes).toBe(2600);
    expect(r.of('cleanup-same-layer')).toEqual([]);
    expect(r.proposedDockerfile).toBe('FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev \\\n    && npm cache clean --force\n');
  });

  it('removes the cache at the end of a RUN that installs through a script', async () => {
    const r = await suggestOn([OS, run('./install.sh', CACHE)], 'FROM node:20\nRUN ./install.sh\n');
    expect(r.one('npm-omit-dev').savings.bytes).toBe(2600);
    expect(r.proposedDockerfile).toBe('FROM node:20\nRUN ./install.sh \\\n    && rm -rf /root/.npm\n');
  });

  it('counts a node_modules copied from the context at low confidence, with no edit', async () => {
    const r = await suggestOn([OS, copy('/app', [file('app/package.json', JSON.stringify({ name: 'app', devDependencies: { jest: '1' } })), ...MODULES.slice(2)])], null);
    expect(r.one('npm-omit-dev')).toMatchObject({ savings: { bytes: DEV }, confidence: 'low', dockerfile: null });
  });
});
