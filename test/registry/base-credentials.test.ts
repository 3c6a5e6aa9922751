/**
 * Which credentials the base-size lookup sends, on a real registry behind htpasswd basic auth: --creds go to the
 * registry the user named (--base-registry, or the analyzed image's own registry), never to one imgdiet picked
 * from a FROM line; the Docker config's entry filed under a host goes to that host. The password never shows.
 * Also: a malformed --base-registry is a usage error, one line, exit 2, before anything is read.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { measureInRegistry } from '../../src/analyze/base/registry-sizes';
import type { Analysis } from '../../src/model';
import { expectOneLineError, runCli } from '../helpers/cli';
import { buildImage, file, legacyArchiveFiles, ociLayoutFiles, removeTemps, Step, tarFiles, tempDir, writeDir, writeTemp } from '../helpers/image-builder';
import { describeRegistry, Registry, RegistryAuth, skopeoCopy, startRegistry } from '../helpers/registry';

const AUTH: RegistryAuth = { username: 'imgdiet-base', password: 'Base-pw-71c2-never-print-me' };
const CREDS = `${AUTH.username}:${AUTH.password}`;

/** A full python:3.12 stand-in (12,000 bytes of base) with a 300-byte app layer on it. */
const APP: Step[] = [
  { createdBy: '/bin/sh -c #(nop) ADD file:0123456789abcdef in / ', entries: [file('etc/os-release', 'ID=debian\nVERSION_ID="12"\n'), file('usr/local/bin/python3.12', 'p'.repeat(11_974))] },
  { createdBy: '/bin/sh -c #(nop)  ENV PYTHON_VERSION=3.12.8' },
  { createdBy: '/bin/sh -c echo app > /app.py', entries: [file('app.py', 'a'.repeat(300))] },
];

describeRegistry('base-image candidates from a registry behind basic auth', { htpasswd: true, skopeo: true }, () => {
  let registry: Registry;
  let archive: string;
  let noConfig: NodeJS.ProcessEnv;

  beforeAll(async () => {
    registry = await startRegistry({ auth: AUTH });
    // The candidate: one layer of 1,000 bytes.
    const slim = await buildImage({ steps: [{ createdBy: '/bin/sh -c #(nop) ADD file:slim in / ', compression: 'gzip', entries: [file('slim.bin', 's'.repeat(1000))] }] });
    const layout = writeDir(ociLayoutFiles([{ image: slim, ref: 'v1' }]));
    for (const repo of ['library/python:3.12-slim', 'team/python:3.12-slim']) skopeoCopy(`oci:${layout}:v1`, registry.ref(repo), ['--dest-creds', CREDS]);
    const app = await buildImage({ steps: APP, config: { Env: ['PYTHON_VERSION=3.12.8'] } });
    archive = writeTemp('app.tar', await tarFiles(legacyArchiveFiles([{ image: app, tags: ['app:1'] }])));
    const empty = tempDir();
    noConfig = { ...process.env, HOME: empty, DOCKER_CONFIG: empty, IMGDIET_REGISTRY_CREDS: undefined };
  }, 120_000);

  afterAll(async () => {
    await registry?.dispose();
    removeTemps();
  });

  test('--creds go to the registry --base-registry names: the candidate is measured, and no secret is printed', async () => {
    const dockerfile = writeTemp('Dockerfile', Buffer.from('FROM python:3.12\nRUN echo app > /app.py\n'));
    const r = await runCli(['analyze', archive, '--json', '--dockerfile', dockerfile, '--base-registry', registry.host, '--creds', CREDS], { env: { HOME: noConfig.HOME, DOCKER_CONFIG: noConfig.DOCKER_CONFIG, IMGDIET_REGISTRY_CREDS: undefined } });
    expect([r.code, r.stderr]).toEqual([0, '']);
    for (const secret of [AUTH.password, Buffer.from(CREDS).toString('base64')]) expect(r.stdout).not.toContain(secret);
    const a = JSON.parse(r.stdout) as Analysis;
    expect(a.base).toMatchObject({ name: 'python:3.12', layerBytes: 12_000 });
    const slim = a.suggestions.find((s) => s.title === 'Use python:3.12-slim instead of python:3.12')!;
    expect(slim.savings.bytes).toBe(11_000);
    expect(slim.rationale).toContain(`python:3.12-slim is 1.00 kB (measured in registry ${registry.host}: ${registry.host}/library/python:3.12-slim sha256:`);
  });

  test('a registry only a FROM line names gets no --creds, the image’s own registry and a Docker config entry do', async () => {
    const own = `${registry.host}/team/python:3.12-slim`;
    const platform = { os: 'linux', architecture: 'amd64' };
    const withheld = await measureInRegistry([own], { mirror: null }, { creds: CREDS, env: noConfig, platform });
    expect(withheld.get(own)).toEqual({ found: false, host: registry.host, reason: 'denied access (401)' });
    const imageHost = await measureInRegistry([own], { mirror: null }, { creds: CREDS, env: noConfig, platform, imageHost: registry.host });
    expect(imageHost.get(own)).toMatchObject({ found: true, bytes: 1000, layers: 1, host: registry.host, name: own, platform: 'linux/amd64' });
    const config = tempDir();
    fs.writeFileSync(path.join(config, 'config.json'), JSON.stringify({ auths: { [registry.host]: { auth: Buffer.from(CREDS).toString('base64') } } }));
    const filed = await measureInRegistry([own], { mirror: null }, { env: { ...noConfig, DOCKER_CONFIG: config }, platform });
    expect(filed.get(own)).toMatchObject({ found: true, bytes: 1000 });
  });

  test('a lookup that runs out of its time budget is a miss that says so', async () => {
    const own = `${registry.host}/team/python:3.12-slim`;
    const r = await measureInRegistry([own], { mirror: null }, { creds: CREDS, env: noConfig, imageHost: registry.host, budgetMs: 1 });
    expect(r.get(own)).toEqual({ found: false, host: registry.host, reason: 'was not read within 0.001 s' });
  });

  test('a malformed --base-registry is one line, exit 2, before the image is read', async () => {
    const r = await runCli(['analyze', '/nonexistent.tar', '--base-registry', 'https://mirror.example/v2']);
    expect(expectOneLineError(r)).toBe('imgdiet: --base-registry "https://mirror.example/v2" is not a registry host; write HOST or HOST:PORT (no scheme, no path), or off');
  });
});
