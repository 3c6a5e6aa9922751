/**
 * A real registry behind htpasswd basic auth: the right password works from --creds, from
 * $IMGDIET_REGISTRY_CREDS, from a Docker config's `auths`, and from a credential helper (`credHelpers` and
 * `credsStore`); a wrong password and no credentials are one line and exit 2. The password (and its base64
 * form, which is what an Authorization header carries) never shows in stdout or stderr, --debug included.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Analysis } from '../../src/model';
import { CliOptions, expectOneLineError, runCli } from '../helpers/cli';
import { buildImage, BuiltImage, file, ociLayoutFiles, removeTemps, tempDir, writeDir } from '../helpers/image-builder';
import { describeRegistry, Registry, RegistryAuth, skopeoCopy, startRegistry } from '../helpers/registry';

const AUTH: RegistryAuth = { username: 'imgdiet-ci', password: 'Pw-9f3kQ-never-print-me' };
const WRONG = 'Wrong-pw-4471-never-print-me';

describeRegistry('a registry behind htpasswd basic auth', { htpasswd: true, skopeo: true }, () => {
  let registry: Registry;
  let image: BuiltImage;
  let ref: string;
  /** HOME and DOCKER_CONFIG pointing at an empty directory: no credentials but those a test gives. */
  let noConfig: Record<string, string | undefined>;

  beforeAll(async () => {
    registry = await startRegistry({ auth: AUTH });
    image = await buildImage({ steps: [{ createdBy: '/bin/sh -c #(nop) ADD file:x in / ', compression: 'gzip', entries: [file('secret-app', 'app bytes\n')] }] });
    const layout = writeDir(ociLayoutFiles([{ image, ref: 'v1' }]));
    ref = registry.ref('team/private:v1');
    skopeoCopy(`oci:${layout}:v1`, ref, ['--preserve-digests', '--dest-creds', `${AUTH.username}:${AUTH.password}`]);
    const empty = tempDir();
    noConfig = { HOME: empty, DOCKER_CONFIG: empty, IMGDIET_REGISTRY_CREDS: undefined };
  }, 120_000);

  afterAll(async () => {
    await registry?.dispose();
    removeTemps();
  });

  const secrets = (): string[] => [
    AUTH.password,
    WRONG,
    Buffer.from(`${AUTH.username}:${AUTH.password}`).toString('base64'),
    Buffer.from(`${AUTH.username}:${WRONG}`).toString('base64'),
  ];

  function expectNoSecret(r: { stdout: string; stderr: string }): void {
    for (const s of secrets()) {
      expect(r.stdout).not.toContain(s);
      expect(r.stderr).not.toContain(s);
    }
  }

  /** Analyzes with --json; must succeed, print nothing on stderr, and read the pushed image. */
  async function expectReads(args: string[], options: CliOptions): Promise<Analysis> {
    const r = await runCli(['analyze', ref, '--json', ...args], options);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expectNoSecret(r);
    const a = JSON.parse(r.stdout) as Analysis;
    expect([a.image.id, a.image.manifestDigest, a.totals.layerBytes]).toEqual([image.configDigest, image.manifestDigest, 10]);
    return a;
  }

  /** A Docker client config directory holding config.json. */
  function dockerConfig(config: unknown): string {
    const d = tempDir();
    fs.writeFileSync(path.join(d, 'config.json'), JSON.stringify(config));
    return d;
  }

  /**
   * A `docker-credential-imgdiettest` helper on PATH that answers `get` with the right credentials and writes the
   * server it was asked about to a file.
   */
  function credentialHelper(): { pathDir: string; asked: string } {
    const d = tempDir();
    const asked = path.join(d, 'asked');
    const script = [
      '#!/bin/sh',
      '[ "$1" = get ] || exit 1',
      `cat > ${JSON.stringify(asked)}`,
      `printf '%s' '${JSON.stringify({ ServerURL: registry.host, Username: AUTH.username, Secret: AUTH.password })}'`,
      '',
    ].join('\n');
    fs.writeFileSync(path.join(d, 'docker-credential-imgdiettest'), script, { mode: 0o755 });
    return { pathDir: d, asked };
  }

  test('the right password via --creds', async () => {
    await expectReads(['--creds', `${AUTH.username}:${AUTH.password}`], { env: noConfig });
  });

  test('the right password via $IMGDIET_REGISTRY_CREDS', async () => {
    await expectReads([], { env: { ...noConfig, IMGDIET_REGISTRY_CREDS: `${AUTH.username}:${AUTH.password}` } });
  });

  test('the right password via a Docker config’s auths (base64 user:password)', async () => {
    const auth = Buffer.from(`${AUTH.username}:${AUTH.password}`).toString('base64');
    const config = dockerConfig({ auths: { [registry.host]: { auth } } });
    await expectReads([], { env: { ...noConfig, DOCKER_CONFIG: config } });
  });

  test('the right password via a credHelpers entry for the host, asked with the host name', async () => {
    const helper = credentialHelper();
    const config = dockerConfig({ credHelpers: { [registry.host]: 'imgdiettest' }, auths: { [registry.host]: { auth: Buffer.from(`${AUTH.username}:${WRONG}`).toString('base64') } } });
    await expectReads([], { env: { ...noConfig, DOCKER_CONFIG: config, PATH: `${helper.pathDir}:${process.env.PATH}` } });
    expect(fs.readFileSync(helper.asked, 'utf8')).toBe(registry.host);
  });

  test('the right password via credsStore', async () => {
    const helper = credentialHelper();
    const config = dockerConfig({ credsStore: 'imgdiettest' });
    await expectReads([], { env: { ...noConfig, DOCKER_CONFIG: config, PATH: `${helper.pathDir}:${process.env.PATH}` } });
    expect(fs.readFileSync(helper.asked, 'utf8')).toBe(registry.host);
  });

  test('--creds wins over the environment and the Docker config', async () => {
    const config = dockerConfig({ auths: { [registry.host]: { auth: Buffer.from(`${AUTH.username}:${WRONG}`).toString('base64') } } });
    await expectReads(['--creds', `${AUTH.username}:${AUTH.password}`], {
      env: { ...noConfig, DOCKER_CONFIG: config, IMGDIET_REGISTRY_CREDS: `${AUTH.username}:${WRONG}` },
    });
  });

  test('a wrong password: one line saying the credentials were refused, exit 2', async () => {
    const r = await runCli(['analyze', ref, '--creds', `${AUTH.username}:${WRONG}`], { env: noConfig });
    expectNoSecret(r);
    const line = expectOneLineError(r);
    expect(line).toBe(`imgdiet: registry ${registry.host} denied access to team/private (401 UNAUTHORIZED): the credentials were refused; check them`);
  });

  test('a wrong password from the environment or a Docker config: the same line', async () => {
    const viaEnv = await runCli(['analyze', ref], { env: { ...noConfig, IMGDIET_REGISTRY_CREDS: `${AUTH.username}:${WRONG}` } });
    expectNoSecret(viaEnv);
    expect(expectOneLineError(viaEnv)).toMatch(/denied access to team\/private \(401 UNAUTHORIZED\): the credentials were refused; check them$/);
    const config = dockerConfig({ auths: { [registry.host]: { auth: Buffer.from(`${AUTH.username}:${WRONG}`).toString('base64') } } });
    const viaConfig = await runCli(['analyze', ref], { env: { ...noConfig, DOCKER_CONFIG: config } });
    expectNoSecret(viaConfig);
    expect(expectOneLineError(viaConfig)).toMatch(/the credentials were refused; check them$/);
  });

  test('no credentials: one line saying how to give them, exit 2', async () => {
    const r = await runCli(['analyze', ref], { env: noConfig });
    const line = expectOneLineError(r);
    expect(line).toBe(
      `imgdiet: registry ${registry.host} denied access to team/private (401 UNAUTHORIZED): it needs credentials; give --creds USER:PASSWORD or run docker login`,
    );
  });

  test('--debug prints the stack but never the password, right or wrong', async () => {
    const wrong = await runCli(['--debug', 'analyze', ref, '--creds', `${AUTH.username}:${WRONG}`], { env: noConfig });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/denied access.*\n\s+at /);
    expectNoSecret(wrong);
    const right = await runCli(['--debug', 'analyze', ref, '--json', '--creds', `${AUTH.username}:${AUTH.password}`], { env: noConfig });
    expect(right.code).toBe(0);
    expectNoSecret(right);
    // A failure after a successful login: the blob is gone from storage.
    const blob = registry.blobPath(image.layers[0].digest);
    const saved = fs.readFileSync(blob);
    fs.rmSync(blob);
    try {
      const missing = await runCli(['--debug', 'analyze', ref, '--creds', `${AUTH.username}:${AUTH.password}`], { env: noConfig });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain(image.layers[0].digest);
      expectNoSecret(missing);
    } finally {
      fs.writeFileSync(blob, saved);
    }
  });
});
