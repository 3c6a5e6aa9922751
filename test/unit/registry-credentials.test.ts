/**
 * Where registry credentials come from, first found wins: --creds, $IMGDIET_REGISTRY_CREDS, then the Docker
 * client's config ($DOCKER_CONFIG or ~/.docker): the host's credHelpers entry, else credsStore (both through
 * `docker-credential-NAME get`), else `auths`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CREDS_ENV, findCredentials, parseCreds } from '../../src/analyze/sources/registry/credentials';
import { UsageError } from '../../src/errors';
import { removeTemps, tempDir } from '../helpers/image-builder';

const HOST = 'registry.example.com:5000';

function b64(text: string): string {
  return Buffer.from(text).toString('base64');
}

/** A Docker config directory with this config.json. */
function configDir(config: unknown): string {
  const d = tempDir();
  fs.writeFileSync(path.join(d, 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  return d;
}

/**
 * Fake `docker-credential-NAME` helpers in one directory, first on the PATH of the env given to findCredentials.
 * Each writes the server it was asked about to NAME.asked; `fail` ones exit 1 as a helper does for a server it
 * has no entry for.
 */
let helpers: string;

function helper(name: string, answer: { Username: string; Secret: string } | 'fail'): string {
  const asked = path.join(helpers, `${name}.asked`);
  const reply = answer === 'fail' ? "echo 'credentials not found in native keychain'; exit 1" : `printf '%s' '${JSON.stringify(answer)}'`;
  fs.writeFileSync(path.join(helpers, `docker-credential-${name}`), `#!/bin/sh\n[ "$1" = get ] || exit 2\ncat > '${asked}'\n${reply}\n`, { mode: 0o755 });
  return asked;
}

/** An environment with a fresh HOME, the fake helpers on PATH, and these variables. */
function envWith(vars: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return { HOME: tempDir(), PATH: `${helpers}:${process.env.PATH}`, ...vars };
}

beforeAll(() => {
  helpers = tempDir();
});

afterAll(removeTemps);

describe('parseCreds', () => {
  it('splits at the first colon: the password may hold colons', () => {
    expect(parseCreds('ci:pa:ss:word', '--creds')).toEqual({ username: 'ci', secret: 'pa:ss:word' });
    expect(parseCreds('ci:', '--creds')).toEqual({ username: 'ci', secret: '' });
  });

  it.each(['nocolon', ':password-only'])('rejects %j as a usage error naming where it came from, never echoing it', (text) => {
    expect(() => parseCreds(text, '--creds')).toThrow(UsageError);
    expect(() => parseCreds(text, '--creds')).toThrow(/^--creds must be USER:PASSWORD$/);
  });
});

describe('findCredentials', () => {
  const full = (): NodeJS.ProcessEnv =>
    envWith({
      [CREDS_ENV]: 'from-env:env-secret',
      DOCKER_CONFIG: configDir({
        credHelpers: { [HOST]: 'imgdiet-unit-helper' },
        credsStore: 'imgdiet-unit-store',
        auths: { [HOST]: { auth: b64('from-auths:auths-secret') } },
      }),
    });

  beforeAll(() => {
    helper('imgdiet-unit-helper', { Username: 'from-helper', Secret: 'helper-secret' });
    helper('imgdiet-unit-store', { Username: 'from-store', Secret: 'store-secret' });
  });

  it('--creds first', () => {
    expect(findCredentials(HOST, 'flag-user:flag-secret', full())).toEqual({ username: 'flag-user', secret: 'flag-secret' });
  });

  it('then $IMGDIET_REGISTRY_CREDS', () => {
    expect(findCredentials(HOST, undefined, full())).toEqual({ username: 'from-env', secret: 'env-secret' });
  });

  it('then the host’s credHelpers entry, asked with the host name on stdin', () => {
    const asked = helper('imgdiet-unit-helper', { Username: 'from-helper', Secret: 'helper-secret' });
    const env = { ...full(), [CREDS_ENV]: undefined };
    expect(findCredentials(HOST, undefined, env)).toEqual({ username: 'from-helper', secret: 'helper-secret' });
    expect(fs.readFileSync(asked, 'utf8')).toBe(HOST);
  });

  it('then credsStore, when no helper is set for the host', () => {
    const config = { credHelpers: { 'other.example.com': 'imgdiet-unit-helper' }, credsStore: 'imgdiet-unit-store', auths: { [HOST]: { auth: b64('a:b') } } };
    expect(findCredentials(HOST, undefined, envWith({ DOCKER_CONFIG: configDir(config) }))).toEqual({ username: 'from-store', secret: 'store-secret' });
  });

  it('then auths, also when the helper has no entry (exits 1) or does not exist', () => {
    helper('imgdiet-unit-empty', 'fail');
    for (const store of ['imgdiet-unit-empty', 'imgdiet-unit-not-installed']) {
      const env = envWith({ DOCKER_CONFIG: configDir({ credsStore: store, auths: { [HOST]: { auth: b64('from-auths:auths-secret') } } }) });
      expect(findCredentials(HOST, undefined, env)).toEqual({ username: 'from-auths', secret: 'auths-secret' });
    }
  });

  it('reads auths under the host, https://host or http://host; auth, username/password or an identity token', () => {
    const at = (auths: unknown) => findCredentials(HOST, undefined, envWith({ DOCKER_CONFIG: configDir({ auths }) }));
    expect(at({ [`https://${HOST}`]: { auth: b64('u1:p:1') } })).toEqual({ username: 'u1', secret: 'p:1' });
    expect(at({ [`http://${HOST}`]: { username: 'u2', password: 'p2' } })).toEqual({ username: 'u2', secret: 'p2' });
    expect(at({ [HOST]: { identitytoken: 'tok-3' } })).toEqual({ username: '<token>', secret: 'tok-3' });
    // Another host's entry, or one with nothing usable, is not ours.
    expect(at({ 'registry.example.com': { auth: b64('u:p') } })).toBeNull();
    expect(at({ [HOST]: { auth: b64('no-colon') } })).toBeNull();
  });

  it('files Docker Hub under https://index.docker.io/v1/, and asks helpers with that name', () => {
    const env = envWith({ DOCKER_CONFIG: configDir({ auths: { 'https://index.docker.io/v1/': { auth: b64('hub-user:hub-secret') } } }) });
    expect(findCredentials('docker.io', undefined, env)).toEqual({ username: 'hub-user', secret: 'hub-secret' });
    const asked = helper('imgdiet-unit-hub', { Username: 'hub-helper', Secret: 's' });
    const viaStore = envWith({ DOCKER_CONFIG: configDir({ credsStore: 'imgdiet-unit-hub' }) });
    expect(findCredentials('docker.io', undefined, viaStore)).toEqual({ username: 'hub-helper', secret: 's' });
    expect(fs.readFileSync(asked, 'utf8')).toBe('https://index.docker.io/v1/');
  });

  it('reads ~/.docker/config.json when DOCKER_CONFIG is not set', () => {
    const home = tempDir();
    fs.mkdirSync(path.join(home, '.docker'));
    fs.writeFileSync(path.join(home, '.docker', 'config.json'), JSON.stringify({ auths: { [HOST]: { auth: b64('home-user:home-secret') } } }));
    expect(findCredentials(HOST, undefined, { HOME: home })).toEqual({ username: 'home-user', secret: 'home-secret' });
  });

  it('none: no config, an unreadable config, or an empty one', () => {
    expect(findCredentials(HOST, undefined, envWith({ DOCKER_CONFIG: tempDir() }))).toBeNull();
    expect(findCredentials(HOST, undefined, envWith({ DOCKER_CONFIG: configDir('{ not json') }))).toBeNull();
    expect(findCredentials(HOST, undefined, envWith({ DOCKER_CONFIG: configDir({}) }))).toBeNull();
  });

  it('a malformed --creds or $IMGDIET_REGISTRY_CREDS is a usage error naming which', () => {
    expect(() => findCredentials(HOST, 'no-colon', {})).toThrow(/^--creds must be USER:PASSWORD$/);
    expect(() => findCredentials(HOST, undefined, { [CREDS_ENV]: 'no-colon' })).toThrow(/^\$IMGDIET_REGISTRY_CREDS must be USER:PASSWORD$/);
  });
});
