import { untaggedBase, unpinned } from '../../src/analyze/findings/rules/untagged-base';
import { run } from '../helpers/analyze-built';
import { file, removeTemps, Step } from '../helpers/image-builder';
import { findingsOf } from '../helpers/rules';

afterAll(removeTemps);

const LABEL = 'org.opencontainers.image.base.name';
const layer = run('x', [file('app/x', '1')]);
const labelled = (name: string, steps: Step[] = [layer]) => findingsOf(untaggedBase, steps, { config: { Labels: { [LABEL]: name, other: 'x' } } });

describe('untagged-base', () => {
  it.each([
    ['python', 'no tag, so `latest`'],
    ['docker.io/library/python', 'no tag, so `latest`'],
    ['localhost:5000/team/base', 'no tag, so `latest`'],
    ['python:latest', 'tag `latest`'],
    ['ghcr.io/acme/base:latest', 'tag `latest`'],
  ])('fires for the label %p', async (name, why) => {
    expect(await labelled(name)).toEqual([
      expect.objectContaining({
        id: 'untagged-base',
        category: 'practice',
        severity: 'medium',
        bytes: 0,
        paths: [],
        layer: null,
        hiddenBy: null,
        message: `The base image is \`${name}\` (label ${LABEL}): ${why}, and no digest`,
      }),
    ]);
  });

  it.each(['python:3.12-slim', 'localhost:5000/team/base:1.4', 'python@sha256:0123abcd', 'python:latest@sha256:0123abcd', 'scratch', '${BASE_IMAGE}', ''])(
    'does not fire for the label %p',
    async (name) => {
      expect(await labelled(name)).toEqual([]);
    },
  );

  it('names the history entry that set the label', async () => {
    const steps: Step[] = [layer, { createdBy: `LABEL ${LABEL}=debian # buildkit` }];
    expect((await labelled('debian', steps)).map((f) => f.message)).toEqual([`The base image is \`debian\` (label ${LABEL}, set by layer 1): no tag, so \`latest\`, and no digest`]);
  });

  it('reads a FROM that a history entry records, once per reference', async () => {
    const steps: Step[] = [{ createdBy: 'FROM --platform=linux/amd64 node AS build' }, layer, { createdBy: 'FROM python:3.12' }];
    const found = await findingsOf(untaggedBase, steps, { config: { Labels: { [LABEL]: 'node' } } });
    expect(found.map((f) => f.message)).toEqual([`The base image is \`node\` (label ${LABEL}): no tag, so \`latest\`, and no digest`]);
    expect((await findingsOf(untaggedBase, steps)).map((f) => f.message)).toEqual(['The base image is `node` (history entry 0: FROM): no tag, so `latest`, and no digest']);
  });

  it('says nothing when the image does not record its base', async () => {
    expect(await findingsOf(untaggedBase, [{ createdBy: '/bin/sh -c #(nop) ADD file:abc in / ' }, layer], { config: { Labels: { 'org.opencontainers.image.base.digest': 'sha256:00' } } })).toEqual([]);
  });

  it('parses references with registries, ports and digests', () => {
    expect(unpinned('registry.example.com:443/a/b')).toBe('no tag, so `latest`');
    expect(unpinned('registry.example.com:443/a/b:2')).toBeNull();
    expect(unpinned('b:LATEST')).toBeNull();
    expect(unpinned('localhost:5000/app')).toBe('no tag, so `latest`');
    expect(unpinned('localhost:5000/app:latest')).toBe('tag `latest`');
    expect(unpinned('[::1]:5000/app')).toBe('no tag, so `latest`');
    expect(unpinned(`app@sha256:${'a'.repeat(64)}`)).toBeNull();
    expect(unpinned('app:latest@')).toBeNull();
    expect(unpinned('app:')).toBeNull();
  });

  it('leaves what names no image alone: nothing, scratch, a build argument', () => {
    expect(['', 'scratch', '$BASE', '${BASE}:latest', 'python:${TAG}'].map(unpinned)).toEqual([null, null, null, null, null]);
  });
});
