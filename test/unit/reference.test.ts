/** References as skopeo names transports, and --platform. */
import * as path from 'node:path';
import { parsePlatform, parseReference } from '../../src/analyze/reference';
import { UsageError } from '../../src/errors';
import { removeTemps, tempDir, writeTemp } from '../helpers/image-builder';

afterAll(removeTemps);

describe('parseReference', () => {
  let archive: string;
  let layout: string;
  beforeAll(() => {
    archive = writeTemp('app.tar', Buffer.alloc(0));
    layout = tempDir();
  });

  it('takes NAME:TAG, and docker-daemon:NAME:TAG, as an engine image', () => {
    expect(parseReference('nginx:1.25')).toEqual({ transport: 'docker-daemon', name: 'nginx:1.25' });
    expect(parseReference('docker-daemon:shop/app:1.0')).toEqual({ transport: 'docker-daemon', name: 'shop/app:1.0' });
  });

  it('sniffs an existing path: a file is a docker-archive, a directory an OCI layout', () => {
    expect(parseReference(archive)).toEqual({ transport: 'docker-archive', path: archive });
    expect(parseReference(layout)).toEqual({ transport: 'oci', path: layout });
  });

  it('splits a selector off the longest existing path, colons in the selector and all', () => {
    expect(parseReference(`docker-archive:${archive}`)).toEqual({ transport: 'docker-archive', path: archive });
    expect(parseReference(`docker-archive:${archive}:shop/app:1.0`)).toEqual({ transport: 'docker-archive', path: archive, selector: 'shop/app:1.0' });
    expect(parseReference(`oci-archive:${archive}:v2`)).toEqual({ transport: 'oci-archive', path: archive, selector: 'v2' });
    expect(parseReference(`oci:${layout}:v1`)).toEqual({ transport: 'oci', path: layout, selector: 'v1' });
  });

  it('keeps a path that does not exist whole, for the source to report', () => {
    const missing = path.join(layout, 'gone.tar');
    expect(parseReference(`docker-archive:${missing}`)).toEqual({ transport: 'docker-archive', path: missing });
  });

  it('takes docker://HOST/NAME:TAG as a registry reference', () => {
    expect(parseReference('docker://localhost:5000/shop/app:1.0')).toEqual({ transport: 'docker', name: 'localhost:5000/shop/app:1.0' });
  });

  it.each([
    ['', /no image reference given/],
    ['oci-archive:', /names no image; write oci-archive:PATH/],
    ['docker://', /names no image; use docker:\/\/HOST\/NAME:TAG/],
    ['./no/such/image.tar', /no such file; check the path/],
  ])('rejects %j with a usage error that says what to write', (ref, message) => {
    expect(() => parseReference(ref)).toThrow(UsageError);
    expect(() => parseReference(ref)).toThrow(message);
  });
});

describe('parsePlatform', () => {
  it('reads os/arch and os/arch/variant', () => {
    expect(parsePlatform('linux/amd64')).toEqual({ os: 'linux', architecture: 'amd64' });
    expect(parsePlatform('linux/arm64/v8')).toEqual({ os: 'linux', architecture: 'arm64', variant: 'v8' });
  });

  it.each(['linux', 'linux/', '/amd64', 'linux/arm/v7/extra'])('rejects %j', (text) => {
    expect(() => parsePlatform(text)).toThrow(UsageError);
    expect(() => parsePlatform(text)).toThrow(/is not os\/arch\[\/variant\]/);
  });
});
