import { noChanges } from '../../src/analyze/filesystem/changes';

import { detectBase } from '../../src/analyze/base/detect';
import { elfNeeded, elfNeededAt } from '../../src/analyze/base/elf';
import { resolveBaseEngine } from '../../src/analyze/base/engine-images';
import { boundaryFromHistory } from '../../src/analyze/base/history';
import { buildFilesystem } from '../../src/analyze/filesystem/build';
import type { InstructionKind, LayerReport } from '../../src/model';
import { analyzeWith, elf, entryBytes, fakeEngine, nop, run, text } from '../helpers/base-fixtures';
import { Entry, file, Step } from '../helpers/image-builder';

const OS_RELEASE = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\n';
const rootfs: Entry[] = [file('etc/os-release', OS_RELEASE), file('usr/share/doc/base/README', text(3000, 'base-readme'))];
const pythonBuild: Entry[] = [file('usr/local/bin/python3.13', text(4000, 'python'))];
const app: Entry[] = [file('usr/local/lib/python3.13/site-packages/flask/__init__.py', text(700, 'flask'))];
const BASE_BYTES = entryBytes(rootfs) + entryBytes(pythonBuild);

/** A python:3.13-like base (rootfs, the runtime's build, ENV, CMD) and an app on it, as the legacy builder records them. */
const steps: Step[] = [
  { createdBy: '/bin/sh -c #(nop) ADD file:0123456789abcdef in / ', entries: rootfs },
  run('set -eux; ./configure && make install', pythonBuild),
  nop('ENV PYTHON_VERSION=3.13.1'),
  nop('CMD ["python3"]'),
  run('pip install flask', app),
  nop('CMD ["python3" "app.py"]'),
];
const spec = { config: { Env: ['PATH=/usr/local/bin:/usr/bin:/bin', 'PYTHON_VERSION=3.13.1'] } };
const DOCKERFILE = 'FROM python:3.13\nRUN pip install flask\nCMD ["python3", "app.py"]\n';
const DISTRO = { id: 'debian', versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)' };
const PYTHON = { name: 'python', version: '3.13.1', evidence: 'ENV PYTHON_VERSION' };

function layer(index: number, kind: InstructionKind, o: Partial<LayerReport> = {}): LayerReport {
  return {
    index, digest: null, blobDigest: null, mediaType: null, instruction: kind, instructionKind: kind, createdBy: '/bin/sh -c x', created: null,
    comment: null, emptyLayer: false, sizeBytes: 100, compressedBytes: null, hiddenBytes: 0, files: 0, whiteouts: 0, dockerfileLine: null, dockerfileInstruction: null, changes: noChanges(), ...o,
  };
}

const NO_FILES = buildFilesystem([]);

describe('base detection', () => {
  it('takes the boundary and name from the Dockerfile join first, and never asks the engine then', async () => {
    const engine = fakeEngine([]);
    const { analysis } = await analyzeWith(steps, { spec, dockerfile: DOCKERFILE, engine });
    expect(analysis.base).toEqual({ lastLayer: 3, method: 'dockerfile', name: 'python:3.13', layerBytes: BASE_BYTES, distro: DISTRO, runtimes: [PYTHON] });
    expect(engine.asked).not.toContain('images');
  });

  it('finds the base in the engine: the tagged image whose diffIDs are the longest proper prefix, named by its tags', async () => {
    const { image } = await analyzeWith(steps, { spec });
    const [d0, d1, d2] = image.layers.map((l) => l.diffId);
    const engine = fakeEngine([
      { tags: ['debian:bookworm'], diffIds: [d0], history: [{ createdBy: 'ADD', size: 1 }] },
      { tags: ['python:3.13', 'python:3.13.1'], diffIds: [d0, d1], history: [{ createdBy: 'ADD', size: 1 }, { createdBy: 'RUN', size: 2 }, { createdBy: 'ENV', size: 0 }, { createdBy: 'CMD', size: 0 }] },
      { tags: [], diffIds: [d0, d1], history: [] },
      { tags: ['test:latest'], diffIds: [d0, d1, d2], history: [] },
      { tags: ['other:1'], diffIds: ['sha256:0000'], history: [] },
    ]);
    const { analysis, baseExtras } = await analyzeWith(steps, { spec, engine });
    expect(analysis.base).toEqual({ lastLayer: 3, method: 'engine-image', name: 'python:3.13', layerBytes: BASE_BYTES, distro: DISTRO, runtimes: [PYTHON] });
    expect(baseExtras.evidence).toBe('the engine image python:3.13, whose 2 layers are the first of this image\'s');
  });

  it('without the base\'s history from the engine, ends the base at the entry that added its last layer', async () => {
    const { image } = await analyzeWith(steps, { spec });
    const engine = fakeEngine([{ tags: ['python:3.13'], diffIds: [image.layers[0].diffId, image.layers[1].diffId], history: [] }]);
    engine.history = async () => null;
    const { analysis } = await analyzeWith(steps, { spec, engine });
    expect(analysis.base).toMatchObject({ lastLayer: 1, method: 'engine-image', name: 'python:3.13', layerBytes: BASE_BYTES });
  });

  it('goes on without the engine when it fails, and with `off` never asks it', async () => {
    const failing = fakeEngine([]);
    failing.images = async () => {
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    };
    const { analysis } = await analyzeWith(steps, { spec, engine: failing });
    expect(analysis.base).toMatchObject({ lastLayer: null, method: 'none', name: null, layerBytes: 0 });
    expect(resolveBaseEngine('off', true)).toBeNull();
  });

  it('with `auto`, asks no engine when none is named and the default socket is absent', () => {
    const fs = require('node:fs') as typeof import('node:fs');
    const saved = process.env.DOCKER_HOST;
    delete process.env.DOCKER_HOST;
    try {
      if (!fs.existsSync('/var/run/docker.sock')) expect(resolveBaseEngine('auto', false)).toBeNull();
      expect(resolveBaseEngine('auto', true)).not.toBeNull();
    } finally {
      if (saved !== undefined) process.env.DOCKER_HOST = saved;
    }
  });

  it('measures the smaller variants in the engine when it holds them', async () => {
    const engine = fakeEngine([{ tags: ['python:3.13-slim'], diffIds: ['sha256:aa'], history: [{ createdBy: 'ADD', size: 1000 }, { createdBy: 'RUN', size: 234 }] }]);
    const { baseExtras } = await analyzeWith(steps, { spec, dockerfile: DOCKERFILE, engine });
    expect(baseExtras.live).toEqual({ address: 'unix:///fake/docker.sock', bytes: new Map([['python:3.13-slim', 1234]]) });
  });

  it('names the base from the org.opencontainers.image.base.name label, with the boundary the builder marks show', async () => {
    const buildkitBase: Step[] = [
      { createdBy: '/bin/sh -c #(nop) ADD file:0123456789abcdef in / ', entries: rootfs },
      { createdBy: 'RUN /bin/sh -c ./configure && make install # buildkit', entries: pythonBuild },
      { createdBy: 'ENV PYTHON_VERSION=3.13.1 # buildkit' },
      run('pip install flask', app),
    ];
    const labels = { 'org.opencontainers.image.base.name': 'docker.io/library/python:3.13' };
    const { analysis, baseExtras } = await analyzeWith(buildkitBase, { spec: { config: { ...spec.config, Labels: labels } } });
    expect(analysis.base).toEqual({ lastLayer: 2, method: 'label', name: 'docker.io/library/python:3.13', layerBytes: BASE_BYTES, distro: DISTRO, runtimes: [PYTHON] });
    expect(baseExtras.evidence).toBe(
      'the label org.opencontainers.image.base.name=docker.io/library/python:3.13; boundary from the history: entries 3–3 were written by the legacy builder, entry 2 by BuildKit',
    );
    const { analysis: marks } = await analyzeWith(buildkitBase, { spec });
    expect(marks.base).toMatchObject({ lastLayer: 2, method: 'history', name: null, layerBytes: BASE_BYTES });
  });

  it('reads a boundary from the history: a FROM entry, builder marks, an hour-long pause; else none', () => {
    const detect = (layers: LayerReport[]) => detectBase(layers, NO_FILES, new Map(), { dockerfileLastLayer: null, dockerfileFrom: null }).base;
    const t = (h: number): string => new Date(Date.UTC(2026, 0, 1) + h * 3_600_000).toISOString();
    // Two builds an hour and a half apart, all by BuildKit on a root file system no builder wrote.
    const gap = [
      layer(0, 'OTHER', { createdBy: '# debian.sh --arch amd64 out/ bookworm', created: t(0), sizeBytes: 1000 }),
      layer(1, 'RUN', { comment: 'buildkit.dockerfile.v0', created: t(24), sizeBytes: 200 }),
      layer(2, 'ENV', { comment: 'buildkit.dockerfile.v0', created: t(24), emptyLayer: true, sizeBytes: 0 }),
      layer(3, 'RUN', { comment: 'buildkit.dockerfile.v0', created: t(25.5), sizeBytes: 30 }),
    ];
    expect(boundaryFromHistory(gap)).toEqual({ lastLayer: 2, evidence: '2 h between the creation of entries 2 and 3' });
    expect(detect(gap)).toMatchObject({ lastLayer: 2, method: 'history', name: null, layerBytes: 1200 });
    const from = [layer(0, 'OTHER'), layer(1, 'RUN'), layer(2, 'FROM', { emptyLayer: true }), layer(3, 'RUN')];
    expect(boundaryFromHistory(from)).toEqual({ lastLayer: 1, evidence: 'history entry 2 records a FROM' });
    const imported = [layer(0, 'OTHER', { createdBy: '', comment: 'Imported from -' }), layer(1, 'RUN'), layer(2, 'COPY', { createdBy: '/bin/sh -c #(nop) COPY file:1 in / ' })];
    expect(boundaryFromHistory(imported)).toEqual({ lastLayer: 0, evidence: 'entries 1–2 were written by the legacy builder, entry 0 by docker import' });
    const oneBuild = [layer(0, 'OTHER', { createdBy: 'ADD file:1 in /', created: t(0) }), layer(1, 'RUN', { created: t(0.1) }), layer(2, 'RUN', { created: t(0.2) })];
    expect(boundaryFromHistory(oneBuild)).toBeNull();
    expect(detect(oneBuild)).toEqual({ lastLayer: null, method: 'none', name: null, layerBytes: 0, distro: null, runtimes: [] });
  });

  it('finds runtimes in files when ENV says nothing, ENV first when it does', async () => {
    const files: Entry[] = [
      file('usr/bin/python3.11', text(100, 'py311')),
      file('usr/local/bin/python3.12', text(100, 'py312')),
      file('usr/local/bin/python3.9', text(100, 'py39')),
      file('usr/local/include/node/node_version.h', '#define NODE_MAJOR_VERSION 22\n#define NODE_MINOR_VERSION 23\n#define NODE_PATCH_VERSION 1\n'),
      file('usr/local/go/VERSION', 'go1.26.7\ntime 2026-08-05T00:00:00Z\n'),
      file('opt/java/openjdk/release', 'IMPLEMENTOR="Eclipse Adoptium"\nJAVA_VERSION="21.0.12"\n'),
      file('usr/local/lib/ruby/3.4.0/set.rb', text(50, 'set')),
    ];
    const { analysis } = await analyzeWith([{ createdBy: '/bin/sh -c #(nop) ADD file:1 in / ', entries: files }]);
    expect(analysis.base.runtimes).toEqual([
      { name: 'python', version: '3.12', evidence: '/usr/local/bin/python3.12' },
      { name: 'node', version: '22.23.1', evidence: '/usr/local/include/node/node_version.h' },
      { name: 'go', version: '1.26.7', evidence: '/usr/local/go/VERSION' },
      { name: 'java', version: '21.0.12', evidence: '/opt/java/openjdk/release' },
      { name: 'ruby', version: '3.4', evidence: '/usr/local/lib/ruby/3.4.0' },
    ]);
    const { analysis: env } = await analyzeWith([{ createdBy: '/bin/sh -c #(nop) ADD file:1 in / ', entries: files }], {
      spec: { config: { Env: ['NODE_VERSION=20.1.0', 'JAVA_VERSION=jdk-21.0.11+10'] } },
    });
    expect(env.base.runtimes.filter((r) => r.name === 'node' || r.name === 'java')).toEqual([
      { name: 'node', version: '20.1.0', evidence: 'ENV NODE_VERSION' },
      { name: 'java', version: '21.0.11+10', evidence: 'ENV JAVA_VERSION' },
    ]);
  });
});

describe('ELF DT_NEEDED', () => {
  it('reads the needed libraries through the string table mapped by PT_LOAD, [] for none, null for no ELF', () => {
    expect(elfNeeded(elf(['libpq.so.5', 'libc.so.6'], 500))).toEqual(['libpq.so.5', 'libc.so.6']);
    expect(elfNeeded(elf([]))).toEqual([]);
    expect(elfNeeded(Buffer.from('#!/bin/sh\necho not elf\n'.padEnd(100, ' ')))).toBeNull();
    expect(elfNeeded(elf(['libpq.so.5']).subarray(0, 150))).toBeNull();
  });

  it('reads only the headers, the dynamic segment and the names of a large module', () => {
    const module = elf(['libssl.so.3', 'libcrypto.so.3'], 3_000_000);
    let bytes = 0;
    const names = elfNeededAt((offset, length) => {
      const part = module.subarray(offset, Math.min(offset + length, module.length));
      bytes += part.length;
      return part;
    }, module.length);
    expect(names).toEqual(['libssl.so.3', 'libcrypto.so.3']);
    // 64-byte header, 2 program headers, 4 dynamic entries, then a 4 KB look for each name's end.
    expect(bytes).toBe(64 + 2 * 56 + 4 * 16 + 2 * 4096);
  });

  it('keeps only the links of native modules in package directories, nothing of other ELF files', async () => {
    const { filesystem } = await analyzeWith([
      run('pip install psycopg2', [
        file('usr/local/lib/python3.13/site-packages/psycopg2/_psycopg.so', elf(['libpq.so.5', 'libc.so.6'], 2000)),
        file('usr/local/lib/libfoo.so.1', elf(['libc.so.6'], 2000)),
      ]),
    ]);
    const data = (path: string) => {
      const f = filesystem.find(path);
      return f && filesystem.data(f)?.toString('latin1');
    };
    expect(data('usr/local/lib/python3.13/site-packages/psycopg2/_psycopg.so')).toBe('libpq.so.5\nlibc.so.6');
    expect(data('usr/local/lib/libfoo.so.1')).toBeUndefined();
  });
});
