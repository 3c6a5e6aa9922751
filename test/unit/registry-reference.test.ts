/** What follows `docker://`: Docker Hub's defaults, hosts and ports, tags and digests, names that are not names. */
import { apiHost, isLoopback, parseRegistryRef } from '../../src/analyze/sources/registry/reference';
import { UsageError } from '../../src/errors';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('parseRegistryRef', () => {
  it.each([
    ['nginx', 'docker.io', 'library/nginx', 'latest', 'docker.io/library/nginx:latest'],
    ['nginx:1.25', 'docker.io', 'library/nginx', '1.25', 'docker.io/library/nginx:1.25'],
    ['docker.io/nginx', 'docker.io', 'library/nginx', 'latest', 'docker.io/library/nginx:latest'],
    ['index.docker.io/nginx:1', 'index.docker.io', 'library/nginx', '1', 'index.docker.io/library/nginx:1'],
    ['bitnami/redis:7.2', 'docker.io', 'bitnami/redis', '7.2', 'docker.io/bitnami/redis:7.2'],
    ['library/nginx', 'docker.io', 'library/nginx', 'latest', 'docker.io/library/nginx:latest'],
  ])('%s is a Docker Hub image', (text, host, repository, reference, display) => {
    expect(parseRegistryRef(text)).toEqual({ host, repository, reference, display });
  });

  it.each([
    ['localhost:5000/app', 'localhost:5000', 'app', 'latest'],
    ['localhost/app:1', 'localhost', 'app', '1'],
    ['127.0.0.1:5000/team/app:1.4', '127.0.0.1:5000', 'team/app', '1.4'],
    ['[::1]:5000/app:2', '[::1]:5000', 'app', '2'],
    ['registry.example.com/team/sub/app:v1.2.3-rc_1', 'registry.example.com', 'team/sub/app', 'v1.2.3-rc_1'],
    ['ghcr.io/some-org/app__x.y', 'ghcr.io', 'some-org/app__x.y', 'latest'],
  ])('%s names its host (a dot, a port or localhost): no library/ prefix', (text, host, repository, reference) => {
    expect(parseRegistryRef(text)).toEqual({ host, repository, reference, display: `${host}/${repository}:${reference}` });
  });

  it('takes the first part as a repository when it is not a host', () => {
    expect(parseRegistryRef('team/app:1')).toMatchObject({ host: 'docker.io', repository: 'team/app' });
    // As for docker: `localhost:5000` alone is image "localhost", tag "5000".
    expect(parseRegistryRef('localhost:5000')).toEqual({ host: 'docker.io', repository: 'library/localhost', reference: '5000', display: 'docker.io/library/localhost:5000' });
  });

  it('takes @sha256:… as the reference, shown with @', () => {
    expect(parseRegistryRef(`nginx@${DIGEST}`)).toEqual({ host: 'docker.io', repository: 'library/nginx', reference: DIGEST, display: `docker.io/library/nginx@${DIGEST}` });
    expect(parseRegistryRef(`localhost:5000/team/app@${DIGEST}`)).toEqual({
      host: 'localhost:5000',
      repository: 'team/app',
      reference: DIGEST,
      display: `localhost:5000/team/app@${DIGEST}`,
    });
  });

  it('reads a sha512 digest', () => {
    const d = `sha512:${'cd'.repeat(64)}`;
    expect(parseRegistryRef(`localhost:5000/app@${d}`)).toEqual({ host: 'localhost:5000', repository: 'app', reference: d, display: `localhost:5000/app@${d}` });
  });

  it.each([
    ['Team/App:1', 'the image name is not a valid repository path'],
    ['/app', 'the image name is not a valid repository path'],
    ['localhost:5000/', 'the image name is not a valid repository path'],
    ['team//app', 'the image name is not a valid repository path'],
    ['app-:1', 'the image name is not a valid repository path'],
    ['app:', '"" is not a valid tag'],
    ['app:-x', '"-x" is not a valid tag'],
    [`app:${'t'.repeat(129)}`, `"${'t'.repeat(129)}" is not a valid tag`],
    ['app@sha256:abc', '"sha256:abc" is not a sha256 or sha512 digest'],
    [`app@md5:${'a'.repeat(32)}`, `"md5:${'a'.repeat(32)}" is not a sha256 or sha512 digest`],
    [`app@sha256:${'AB'.repeat(32)}`, `"sha256:${'AB'.repeat(32)}" is not a sha256 or sha512 digest`],
    [`app@sha512:${'a'.repeat(64)}`, `"sha512:${'a'.repeat(64)}" is not a sha256 or sha512 digest`],
    ['app@', '"" is not a sha256 or sha512 digest'],
    [`app:1@${DIGEST}`, 'the image name is not a valid repository path'],
    [`localhost:5000@${DIGEST}`, 'the image name is not a valid repository path'],
    ['', 'the image name is not a valid repository path'],
    ['::', '"" is not a valid tag'],
    ['café/app', 'the image name is not a valid repository path'],
    [`${'a'.repeat(5000)}/app:${'t'.repeat(200)}`, `"${'t'.repeat(200)}" is not a valid tag`],
  ])('rejects %j with a usage error saying what to write', (text, why) => {
    expect(() => parseRegistryRef(text)).toThrow(UsageError);
    expect(() => parseRegistryRef(text)).toThrow(`docker://${text}: ${why}; write docker://HOST/NAME:TAG or docker://HOST/NAME@sha256:DIGEST`);
  });
});

describe('apiHost', () => {
  it('sends Docker Hub to registry-1.docker.io and every other host to itself', () => {
    expect(apiHost('docker.io')).toBe('registry-1.docker.io');
    expect(apiHost('index.docker.io')).toBe('registry-1.docker.io');
    expect(apiHost('localhost:5000')).toBe('localhost:5000');
    expect(apiHost('ghcr.io')).toBe('ghcr.io');
  });
});

describe('isLoopback', () => {
  it.each(['localhost', 'localhost:5000', '127.0.0.1', '127.0.0.1:5000', '127.5.6.7:80', '[::1]', '[::1]:5000'])('%s is loopback: plain http allowed', (host) => {
    expect(isLoopback(host)).toBe(true);
  });

  it.each(['docker.io', 'localhost.example.com', '127.0.0.1.nip.io', '10.0.0.1:5000', '128.0.0.1', '[::2]:5000', 'my-localhost:5000'])('%s is not: https only without --insecure', (host) => {
    expect(isLoopback(host)).toBe(false);
  });
});
