import { isDockerHub, namesNoImage, parseImageName, shortName } from '../../src/util/image-name';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('parseImageName', () => {
  test.each([
    ['python', { host: null, path: 'python', tag: null, digest: null }],
    ['python:3.12-slim', { host: null, path: 'python', tag: '3.12-slim', digest: null }],
    ['library/python:3', { host: null, path: 'library/python', tag: '3', digest: null }],
    ['docker.io/library/python', { host: 'docker.io', path: 'library/python', tag: null, digest: null }],
    ['team/app:1.0', { host: null, path: 'team/app', tag: '1.0', digest: null }],
    ['ghcr.io/org/team/app:v2', { host: 'ghcr.io', path: 'org/team/app', tag: 'v2', digest: null }],
    ['localhost/app', { host: 'localhost', path: 'app', tag: null, digest: null }],
    ['localhost:5000/x', { host: 'localhost:5000', path: 'x', tag: null, digest: null }],
    ['localhost:5000/x:1', { host: 'localhost:5000', path: 'x', tag: '1', digest: null }],
    ['registry.example:443/a/b@' + DIGEST, { host: 'registry.example:443', path: 'a/b', tag: null, digest: DIGEST }],
    ['python:3.12@' + DIGEST, { host: null, path: 'python', tag: '3.12', digest: DIGEST }],
    ['[::1]:5000/app:1', { host: '[::1]:5000', path: 'app', tag: '1', digest: null }],
    ['[fe80::1%eth0]/app', { host: '[fe80::1%eth0]', path: 'app', tag: null, digest: null }],
  ])('%s', (text, parts) => {
    expect(parseImageName(text)).toEqual(parts);
  });

  test('a name without a slash never has a host: `localhost:5000` is localhost tagged 5000', () => {
    expect(parseImageName('localhost:5000')).toEqual({ host: null, path: 'localhost', tag: '5000', digest: null });
    expect(parseImageName('docker.io')).toEqual({ host: null, path: 'docker.io', tag: null, digest: null });
  });

  test('a first part without a dot or a port is a path, uppercase or not', () => {
    expect(parseImageName('Team/App:Latest')).toEqual({ host: null, path: 'Team/App', tag: 'Latest', digest: null });
    expect(parseImageName('LOCALHOST/app').host).toBeNull();
  });

  test('odd text splits without a throw, nothing checked', () => {
    expect(parseImageName('')).toEqual({ host: null, path: '', tag: null, digest: null });
    expect(parseImageName('::')).toEqual({ host: null, path: ':', tag: '', digest: null });
    expect(parseImageName('a:')).toEqual({ host: null, path: 'a', tag: '', digest: null });
    expect(parseImageName('a@')).toEqual({ host: null, path: 'a', tag: null, digest: '' });
    expect(parseImageName('@')).toEqual({ host: null, path: '', tag: null, digest: '' });
    expect(parseImageName('a@b@c')).toEqual({ host: null, path: 'a', tag: null, digest: 'b@c' });
    expect(parseImageName('a:b:c')).toEqual({ host: null, path: 'a:b', tag: 'c', digest: null });
    expect(parseImageName('/x')).toEqual({ host: null, path: '/x', tag: null, digest: null });
    expect(parseImageName('x.y/')).toEqual({ host: 'x.y', path: '', tag: null, digest: null });
    expect(parseImageName('ü.example/straße:ä')).toEqual({ host: 'ü.example', path: 'straße', tag: 'ä', digest: null });
  });

  test('a very long name', () => {
    const long = 'a'.repeat(200_000);
    expect(parseImageName(`reg.io/${long}:${long}`)).toEqual({ host: 'reg.io', path: long, tag: long, digest: null });
  });
});

describe('shortName', () => {
  const short = (text: string) => shortName(parseImageName(text));

  test.each([
    ['python', { prefix: '', repo: 'python' }],
    ['library/python', { prefix: 'library/', repo: 'python' }],
    ['docker.io/python:3', { prefix: 'docker.io/', repo: 'python' }],
    ['docker.io/library/python', { prefix: 'docker.io/library/', repo: 'python' }],
    ['index.docker.io/library/node', { prefix: 'index.docker.io/library/', repo: 'node' }],
    ['registry-1.docker.io/library/node', { prefix: 'registry-1.docker.io/library/', repo: 'node' }],
    ['team/app', { prefix: '', repo: 'team/app' }],
    ['library/a/b', { prefix: '', repo: 'library/a/b' }],
    ['library/', { prefix: 'library/', repo: '' }],
    ['ghcr.io/library/python', { prefix: '', repo: 'ghcr.io/library/python' }],
    ['localhost:5000/python', { prefix: '', repo: 'localhost:5000/python' }],
  ])('%s', (text, name) => {
    expect(short(text)).toEqual(name);
  });
});

test('isDockerHub knows the names Docker normalises, not the API host', () => {
  expect(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'Docker.io', 'docker.io:443'].map(isDockerHub)).toEqual([true, true, false, false, false]);
});

test('namesNoImage: nothing, scratch, and build arguments', () => {
  expect(['', 'scratch', '$BASE', '${BASE}', 'python:${V}', 'python', 'Scratch', ' '].map(namesNoImage)).toEqual([true, true, true, true, true, false, false, false]);
});
