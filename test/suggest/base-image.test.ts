import * as fs from 'node:fs';
import { baseImage } from '../../src/suggest/rules/base-image';
import { candidatesFor, identifyBase, parseImageRef } from '../../src/analyze/base/catalog/candidates';
import { CATALOG } from '../../src/analyze/base/catalog/data';
import { joinDockerfile } from '../../src/dockerfile/join';
import { parseDockerfile } from '../../src/dockerfile/parse';
import { suggest } from '../../src/suggest/suggest';
import type { Analysis, BaseInfo } from '../../src/model';
import { analyzeWith, Analyzed, debBytes, Deb, debs, elf, entryBytes, fakeEngine, nop, run, text } from '../helpers/base-fixtures';
import { Entry, file, Step } from '../helpers/image-builder';

const OS_RELEASE = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\n';
const LIB = 'usr/lib/x86_64-linux-gnu';

// A full python:3.13-like base: Debian packages with a compiler, libpq and its headers, and the runtime.
const libc6: Deb = { name: 'libc6', priority: 'required', files: [['lib/x86_64-linux-gnu/libc.so.6', text(3000, 'libc')]] };
const libssl3: Deb = { name: 'libssl3', depends: 'libc6 (>= 2.34)', files: [[`${LIB}/libssl.so.3`, text(2000, 'ssl')]] };
const libpq5: Deb = {
  name: 'libpq5',
  depends: 'libc6 (>= 2.34), libssl3 (>= 3.0.0)',
  files: [[`${LIB}/libpq.so.5.15`, text(1500, 'pq')], [`${LIB}/libpq.so.5`, { link: 'libpq.so.5.15' }]],
};
const libpqDev: Deb = { name: 'libpq-dev', depends: 'libpq5 (= 15.1-1), libssl-dev | libssl1.0-dev', files: [['usr/include/postgresql/libpq-fe.h', text(700, 'pqh')]] };
const gcc12: Deb = { name: 'gcc-12', depends: 'cpp-12 (= 12.2.0-14), libgcc-12-dev (= 12.2.0-14), binutils', files: [['usr/bin/x86_64-linux-gnu-gcc-12', text(5000, 'gcc12')]] };
const cpp12: Deb = { name: 'cpp-12', files: [['usr/lib/gcc/x86_64-linux-gnu/12/cc1', text(8000, 'cc1')]] };
const libgcc12dev: Deb = { name: 'libgcc-12-dev', files: [['usr/lib/gcc/x86_64-linux-gnu/12/libgcc.a', text(900, 'libgcc')]] };
const gcc: Deb = { name: 'gcc', depends: 'cpp (= 4:12.2.0-3), gcc-12 (>= 12.2.0-1~)', files: [['usr/share/doc/gcc/README', text(100, 'gccdoc')]] };
const make: Deb = { name: 'make', files: [['usr/bin/make', text(600, 'make')]] };
const libc6Dev: Deb = { name: 'libc6-dev', depends: 'libc6 (= 2.36-9), libc-dev-bin (= 2.36-9)', files: [['usr/include/stdio.h', text(400, 'stdio')]] };
const libxml2: Deb = { name: 'libxml2', files: [[`${LIB}/libxml2.so.2`, text(2500, 'xml')]] };
const basePkgs = [libc6, libssl3, libpq5, libpqDev, gcc12, cpp12, libgcc12dev, gcc, make, libc6Dev, libxml2];

const rootfs: Entry[] = [file('etc/os-release', OS_RELEASE), ...debs(basePkgs), file('usr/share/doc/buildpack/README', text(60_000, 'buildpack'))];
const runtime: Entry[] = [
  file('usr/local/bin/python3.13', text(4000, 'python')),
  file('usr/local/lib/python3.13/lib-dynload/_ssl.cpython-313-x86_64-linux-gnu.so', elf(['libssl.so.3', 'libc.so.6'], 1000)),
];
const BASE_BYTES = entryBytes(rootfs) + entryBytes(runtime);
const SITE = 'usr/local/lib/python3.13/site-packages';

function pipDist(name: string, version: string, wheelTag: string, files: [string, Buffer][]): Entry[] {
  const info = `${SITE}/${name}-${version}.dist-info`;
  const record = [...files.map(([p]) => `${p.slice(SITE.length + 1)},,`), `${name}-${version}.dist-info/METADATA,,`].join('\n');
  return [
    ...files.map(([p, c]) => file(p, c)),
    file(`${info}/METADATA`, `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n`),
    file(`${info}/RECORD`, `${record}\n`),
    file(`${info}/WHEEL`, `Wheel-Version: 1.0\nGenerator: setuptools (75.1.0)\nRoot-Is-Purelib: false\nTag: ${wheelTag}\n`),
  ];
}

/** psycopg2 built from source in the image: a `linux_x86_64` wheel whose module links against libpq. */
const psycopg2 = pipDist('psycopg2', '2.9.10', 'cp313-cp313-linux_x86_64', [[`${SITE}/psycopg2/_psycopg.cpython-313-x86_64-linux-gnu.so`, elf(['libpq.so.5', 'libc.so.6'], 3000)]]);
const flask = pipDist('flask', '3.1.0', 'py3-none-any', [[`${SITE}/flask/__init__.py`, text(2000, 'flask')]]);

function image(pip: Entry[], pipCommand: string): Step[] {
  return [
    { createdBy: '/bin/sh -c #(nop) ADD file:0123456789abcdef in / ', entries: rootfs },
    run('set -eux; ./configure --enable-optimizations && make install', runtime),
    nop('ENV PYTHON_VERSION=3.13.1'),
    nop('CMD ["python3"]'),
    run(pipCommand, pip),
    { createdBy: '/bin/sh -c #(nop) COPY file:0a1b2c3d in /app/ ', entries: [file('app/app.py', text(300, 'app'))] },
    nop('CMD ["python3" "/app/app.py"]'),
  ];
}
const spec = { config: { Env: ['PATH=/usr/local/bin:/usr/bin:/bin', 'PYTHON_VERSION=3.13.1'] } };
const dockerfileFor = (pipCommand: string, from = 'python:3.13'): string => `FROM ${from}\nRUN ${pipCommand}\nCOPY app.py /app/\nCMD ["python3", "/app/app.py"]\n`;

/** The smaller variants as an engine holding them reports their history. */
const engine = () =>
  fakeEngine([
    { tags: ['python:3.13-slim'], diffIds: ['sha256:slim0', 'sha256:slim1'], history: [{ createdBy: 'ADD', size: 2000 }, { createdBy: 'RUN', size: 1000 }, { createdBy: 'CMD', size: 0 }] },
    { tags: ['python:3.13-alpine'], diffIds: ['sha256:alp0'], history: [{ createdBy: 'ADD', size: 500 }] },
  ]);

/** The base-image suggester alone on an analysis, with a Dockerfile named `Dockerfile` (stable diff headers). */
function suggestOnly(a: Analyzed, dockerfile: string | null, analysis: Omit<Analysis, 'suggestions'> = a.analysis) {
  const d = dockerfile === null ? null : parseDockerfile(dockerfile, 'Dockerfile');
  return suggest({ ...a, analysis, dockerfile: d, join: d ? joinDockerfile(d, analysis.layers) : null }, [baseImage]);
}

describe('base-image', () => {
  it('has its doc page made from its meta', () => {
    expect(fs.readFileSync('docs/suggestions/base-image.md', 'utf8')).toBe(`# ${baseImage.meta.id}: ${baseImage.meta.title}\n\n${baseImage.meta.description}\n`);
  });

  it('swaps a full base for slim measured in the engine, re-adding the libraries the app links and the toolchain it built with', async () => {
    const cmd = 'pip install psycopg2';
    const a = await analyzeWith(image(psycopg2, cmd), { spec, dockerfile: dockerfileFor(cmd), engine: engine() });
    expect(a.analysis.base).toMatchObject({ lastLayer: 3, method: 'dockerfile', name: 'python:3.13', layerBytes: BASE_BYTES });
    const libraries = debBytes(libpq5);
    const toolchain = debBytes(cpp12, gcc, gcc12, libc6Dev, libgcc12dev, libpqDev, make);
    expect([libraries, toolchain]).toEqual([1500, 15_700]);

    const { suggestions, proposed } = suggestOnly(a, dockerfileFor(cmd));
    expect(suggestions.map((s) => [s.title, s.savings.bytes, s.confidence])).toEqual([
      ['Use python:3.13-alpine instead of python:3.13', BASE_BYTES - 500 - libraries - toolchain, 'low'],
      ['Use python:3.13-slim instead of python:3.13', BASE_BYTES - 3000 - libraries - toolchain, 'low'],
    ]);
    const slim = suggestions[1];
    expect(slim.rationale).toBe(
      `The base python:3.13 is the full variant: layers 0–3, ${kB(BASE_BYTES)} measured in this image; the boundary comes from the Dockerfile's final stage joined to the history (FROM python:3.13). ` +
        'python:3.13-slim is 3.00 kB (measured in the local engine). ' +
        "The app's native modules link against libc.so.6, libpq.so.5; the base packages that provide them and their dependencies must be installed again: libpq5 1.50 kB (1.50 kB measured in this base). " +
        `Native code was built in the image (/${SITE}/psycopg2-2.9.10.dist-info (wheel tag cp313-cp313-linux_x86_64)), so the build needs a compiler the smaller variant lacks: cpp-12 8.00 kB, gcc-12 5.00 kB, libgcc-12-dev 900 B, libpq-dev 700 B and 3 more (15.7 kB with their dependencies, measured in this base) — or build in a separate stage (see multi-stage) and these bytes stay out. ` +
        `Savings = ${kB(BASE_BYTES)} − 3.00 kB − 17.2 kB to install again = ${kB(BASE_BYTES - 20_200)}.`,
    );
    expect(slim.dockerfile).toBe(
      [
        'Index: Dockerfile',
        '===================================================================',
        '--- Dockerfile',
        '+++ Dockerfile',
        '@@ -1,3 +1,4 @@',
        '-FROM python:3.13',
        '+FROM python:3.13-slim',
        '+RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev libpq-dev libpq5 make && apt-get clean && rm -rf /var/lib/apt/lists/*',
        ' RUN pip install psycopg2',
        ' COPY app.py /app/',
        '',
      ].join('\n'),
    );
    // Alpine would need the same reinstall built for musl: no Dockerfile edit is written for it.
    expect(suggestions[0].dockerfile).toBeNull();
    expect(suggestions[0].rationale).toContain('Alpine uses musl, not glibc');
    // In the proposed Dockerfile the first applicable swap (slim) stands.
    expect(proposed).toBe(
      'FROM python:3.13-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev libpq-dev libpq5 make && apt-get clean && rm -rf /var/lib/apt/lists/*\n' +
        'RUN pip install psycopg2\nCOPY app.py /app/\nCMD ["python3", "/app/app.py"]\n',
    );
  });

  it('re-adds no library a required package depends on: the slim variant has it (libc6 and others are not required themselves)', async () => {
    const libzstd: Deb = { name: 'libzstd1', files: [[`${LIB}/libzstd.so.1`, text(800, 'zstd')]] };
    const dpkgDeb: Deb = { name: 'dpkg', priority: 'required', depends: 'libzstd1 (>= 1.5.2)', files: [['usr/bin/dpkg', text(500, 'dpkg')]] };
    const zstd = pipDist('zstandard', '0.23.0', 'cp313-cp313-manylinux_2_17_x86_64', [[`${SITE}/zstandard/backend_c.cpython-313-x86_64-linux-gnu.so`, elf(['libzstd.so.1'], 700)]]);
    const steps = image(zstd, 'pip install zstandard');
    steps[0] = { ...steps[0], entries: [file('etc/os-release', OS_RELEASE), ...debs([...basePkgs, libzstd, dpkgDeb]), file('usr/share/doc/buildpack/README', text(60_000, 'buildpack'))] };
    const a = await analyzeWith(steps, { spec, dockerfile: dockerfileFor('pip install zstandard'), engine: engine() });
    const slim = suggestOnly(a, dockerfileFor('pip install zstandard')).suggestions.find((x) => x.title.includes('-slim'))!;
    expect(slim.savings.bytes).toBe(a.analysis.base.layerBytes - 3000);
    expect(slim.rationale).not.toContain('libzstd1');
  });

  it('re-adds nothing for a pure-Python app: high confidence when the candidate was measured, the FROM swapped alone', async () => {
    const cmd = 'pip install flask';
    const a = await analyzeWith(image(flask, cmd), { spec, dockerfile: dockerfileFor(cmd), engine: engine() });
    const { suggestions } = suggestOnly(a, dockerfileFor(cmd));
    const slim = suggestions.find((s) => s.title === 'Use python:3.13-slim instead of python:3.13')!;
    expect([slim.savings.bytes, slim.confidence]).toEqual([BASE_BYTES - 3000, 'high']);
    expect(slim.rationale).toContain('No native module of the app links against a package of the base that the smaller variant lacks, and none was compiled in the image.');
    expect(slim.dockerfile).toBe(
      ['Index: Dockerfile', '===================================================================', '--- Dockerfile', '+++ Dockerfile', '@@ -1,3 +1,3 @@', '-FROM python:3.13', '+FROM python:3.13-slim', ' RUN pip install flask', ' COPY app.py /app/', ''].join('\n'),
    );
    // Through the registry, with the whole analysis.
    expect(a.analysis.suggestions.filter((s) => s.id === 'base-image').map((s) => s.savings.bytes)).toEqual([BASE_BYTES - 500, BASE_BYTES - 3000]);
  });

  it('re-adds no compiler for a Python package Debian built: its apt package brings what its module links', async () => {
    // python3-lxml installed with apt by the app: Debian's dist-info says linux_x86_64 too, and its module links
    // against libxml2, which the base has and the slim variant lacks.
    const DIST = 'usr/lib/python3/dist-packages';
    const lxml: Deb = {
      name: 'python3-lxml',
      depends: 'libc6 (>= 2.34), libxml2 (>= 2.9.14)',
      files: [
        [`${DIST}/lxml/etree.cpython-313-x86_64-linux-gnu.so`, elf(['libxml2.so.2', 'libc.so.6'], 2000)],
        [`${DIST}/lxml-4.9.2.dist-info/METADATA`, Buffer.from('Metadata-Version: 2.1\nName: lxml\nVersion: 4.9.2\n')],
        [`${DIST}/lxml-4.9.2.dist-info/WHEEL`, Buffer.from('Wheel-Version: 1.0\nGenerator: bdist_wheel (0.40.0)\nRoot-Is-Purelib: false\nTag: cp313-cp313-linux_x86_64\n')],
      ],
    };
    const cmd = 'apt-get update && apt-get install -y python3-lxml';
    const steps = image(debs([lxml], { status: basePkgs }), cmd);
    const a = await analyzeWith(steps, { spec, dockerfile: dockerfileFor(cmd), engine: engine() });
    const { suggestions, proposed } = suggestOnly(a, dockerfileFor(cmd));
    const slim = suggestions.find((s) => s.title === 'Use python:3.13-slim instead of python:3.13')!;
    // No toolchain (gcc, make, libc6-dev…: 15.0 kB) is re-added; libxml2 (2.50 kB) is counted, installed by apt with python3-lxml.
    expect(debBytes(libxml2)).toBe(2500);
    expect([slim.savings.bytes, slim.confidence]).toEqual([BASE_BYTES - 3000 - 2500, 'medium']);
    expect(slim.rationale).toContain(
      "The app's native modules link against libc.so.6, libxml2.so.2; the base packages that provide them and their dependencies must be installed again (apt installs those the modules of python3-lxml need along with it): libxml2 2.50 kB (2.50 kB measured in this base). " +
        `Savings = ${kB(BASE_BYTES)} − 3.00 kB − 2.50 kB to install again = ${kB(BASE_BYTES - 5500)}.`,
    );
    expect(slim.rationale).not.toContain('Native code was built in the image');
    // Nor for Alpine: its own build of the package replaces Debian's, nothing is compiled.
    const alpine = suggestions.find((s) => s.title === 'Use python:3.13-alpine instead of python:3.13')!;
    expect([alpine.savings.bytes, alpine.confidence, alpine.dockerfile]).toEqual([BASE_BYTES - 500 - 2500, 'low', null]);
    expect(alpine.rationale).not.toContain('Native code was built in the image');
    // With nothing to install again Alpine still gets no edit: the Dockerfile's apt-get has no Alpine counterpart.
    const plain: Deb = { ...lxml, depends: 'libc6 (>= 2.34)', files: lxml.files.map(([p, c]) => [p, p.endsWith('.so') ? elf(['libc.so.6'], 2000) : c]) };
    const b = await analyzeWith(image(debs([plain], { status: basePkgs }), cmd), { spec, dockerfile: dockerfileFor(cmd), engine: engine() });
    const plainAlpine = suggestOnly(b, dockerfileFor(cmd)).suggestions.find((s) => s.title === 'Use python:3.13-alpine instead of python:3.13')!;
    expect([plainAlpine.savings.bytes, plainAlpine.dockerfile]).toEqual([BASE_BYTES - 500, null]);
    expect(plainAlpine.rationale).toContain("The Dockerfile installs with apt-get, which Alpine lacks: its packages must be installed with apk under Alpine's names, so no edit is written.");
    expect(proposed).toBe(`FROM python:3.13-slim\nRUN ${cmd}\nCOPY app.py /app/\nCMD ["python3", "/app/app.py"]\n`);
  });

  it('uses the catalog figure, cited, when no engine holds the candidate', async () => {
    const cmd = 'pip install flask';
    const a = await analyzeWith(image(flask, cmd), { spec, dockerfile: dockerfileFor(cmd, 'python:3.13-bookworm') });
    // The base as the full python:3.13-bookworm would measure; a new BaseInfo object carries no engine figures.
    const analysis = { ...a.analysis, base: { ...a.analysis.base, layerBytes: 1_020_000_000 } as BaseInfo };
    const { suggestions } = suggestOnly(a, dockerfileFor(cmd, 'python:3.13-bookworm'), analysis);
    expect(suggestions.map((s) => [s.title, s.savings.bytes, s.confidence])).toEqual([
      ['Use python:3.13-alpine instead of python:3.13-bookworm', 1_020_000_000 - 45_580_000, 'low'],
      ['Use python:3.13-slim-bookworm instead of python:3.13-bookworm', 1_020_000_000 - 120_970_000, 'medium'],
    ]);
    expect(suggestions[1].rationale).toContain(
      'python:3.13-slim-bookworm is 121 MB (catalog figure (uncompressed, ±5.00 kB) for python:3.13.15-slim-bookworm sha256:d38d65aece7be17f39b369bd50d49f52c96f9409cb30a86cd1ce02d03e4afb8f, created 2026-08-25, from docker-library/repo-info repos/python/local/3.13-slim-bookworm.md at 6cb269bacb2e, read 2026-11-26).',
    );
  });

  it('infers a full base from its runtime ENV and its compiler when nothing names it, with low confidence', async () => {
    const cmd = 'pip install flask';
    const steps = image(flask, cmd).map((s, i) => (i === 1 ? { ...s, createdBy: 'RUN /bin/sh -c ./configure && make install # buildkit' } : i === 2 || i === 3 ? { createdBy: `${s.createdBy.replace('/bin/sh -c #(nop)  ', '')} # buildkit` } : s));
    const a = await analyzeWith(steps, { spec, engine: engine() });
    expect(a.analysis.base).toMatchObject({ lastLayer: 3, method: 'history', name: null });
    const s = a.analysis.suggestions.find((x) => x.title === 'Use python:3.13-slim instead of python:3.13')!;
    expect([s.savings.bytes, s.confidence, s.dockerfile]).toEqual([BASE_BYTES - 3000, 'low', null]);
    expect(s.rationale).toMatch(/^The base looks like python:3\.13 \(ENV PYTHON_VERSION=3\.13\.1, a compiler among its own packages\), the full variant/);
  });

  it('proposes nothing for a slim base, or when the candidate is not smaller than the base', async () => {
    const cmd = 'pip install flask';
    const slimBase = await analyzeWith(image(flask, cmd), { spec, dockerfile: dockerfileFor(cmd, 'python:3.13-slim'), engine: engine() });
    expect(slimBase.analysis.suggestions.filter((s) => s.id === 'base-image')).toEqual([]);
    const huge = fakeEngine([{ tags: ['python:3.13-slim'], diffIds: ['sha256:x'], history: [{ createdBy: 'ADD', size: BASE_BYTES }] }]);
    const a = await analyzeWith(image(flask, cmd), { spec, dockerfile: dockerfileFor(cmd), engine: huge });
    expect(a.analysis.suggestions.filter((s) => s.id === 'base-image').map((s) => s.title)).toEqual([]);
  });
});

describe('catalog and candidates', () => {
  const base = (name: string | null, o: Partial<BaseInfo> = {}): BaseInfo => ({
    lastLayer: 3, method: 'dockerfile', name, layerBytes: 1, distro: { id: 'debian', versionId: '12', prettyName: null }, runtimes: [], ...o,
  });
  const refs = (name: string, o: Partial<BaseInfo> = {}, cgo = false) => {
    const id = identifyBase(base(name, o), []);
    return id ? candidatesFor(id, { cgoDisabled: cgo }).map((c) => [c.variant, c.reference, c.catalog?.tag ?? null]) : null;
  };

  it('parses references: registry prefixes kept, library/ dropped from the name, digests apart', () => {
    expect(parseImageRef('docker.io/library/python:3.13@sha256:ab')).toEqual({ prefix: 'docker.io/library/', repo: 'python', tag: '3.13', digest: 'sha256:ab' });
    expect(parseImageRef('node')).toEqual({ prefix: '', repo: 'node', tag: 'latest', digest: null });
    expect(parseImageRef('localhost:5000/team/app:1')).toEqual({ prefix: '', repo: 'localhost:5000/team/app', tag: '1', digest: null });
    expect(parseImageRef('${BASE}')).toBeNull();
    expect(parseImageRef('scratch')).toBeNull();
  });

  it('stays on the runtime line (semver) and keeps the user\'s style of tag', () => {
    const py = { runtimes: [{ name: 'python' as const, version: '3.13.1', evidence: 'ENV PYTHON_VERSION' }] };
    expect(refs('python:3.13', py)).toEqual([['slim', 'python:3.13-slim', '3.13-slim-bookworm'], ['alpine', 'python:3.13-alpine', '3.13-alpine']]);
    expect(refs('python:3', py)).toEqual([['slim', 'python:3-slim', '3.13-slim-bookworm'], ['alpine', 'python:3-alpine', '3.13-alpine']]);
    expect(refs('docker.io/library/python:3.12-bookworm', { runtimes: [{ name: 'python', version: '3.12.14', evidence: 'ENV PYTHON_VERSION' }] })).toEqual([
      ['slim', 'docker.io/library/python:3.12-slim-bookworm', '3.12-slim-bookworm'],
      ['alpine', 'docker.io/library/python:3.12-alpine', '3.12-alpine'],
    ]);
    expect(refs('python:3.11', { runtimes: [{ name: 'python', version: '3.11.9', evidence: 'ENV PYTHON_VERSION' }] })).toEqual([
      ['slim', 'python:3.11-slim', null],
      ['alpine', 'python:3.11-alpine', null],
    ]);
    const node = { runtimes: [{ name: 'node' as const, version: '22.23.1', evidence: 'ENV NODE_VERSION' }], distro: { id: 'debian', versionId: '13', prettyName: null } };
    expect(refs('node:22-trixie', node)).toEqual([['slim', 'node:22-trixie-slim', '22-trixie-slim'], ['alpine', 'node:22-alpine', '22-alpine']]);
    expect(refs('eclipse-temurin:21-jdk-noble', { distro: { id: 'ubuntu', versionId: '24.04', prettyName: null } })).toEqual([['slim', 'eclipse-temurin:21-jre-noble', '21-jre-noble']]);
    expect(refs('debian:12')).toEqual([['slim', 'debian:12-slim', 'bookworm-slim']]);
    expect(refs('debian:latest')).toEqual([['slim', 'debian:bookworm-slim', 'bookworm-slim']]);
    const go = { runtimes: [{ name: 'go' as const, version: '1.26.7', evidence: 'ENV GOLANG_VERSION' }] };
    expect(refs('golang:1.26', go)).toEqual([['alpine', 'golang:1.26-alpine', '1.26-alpine']]);
    expect(refs('golang:1.26', go, true)).toEqual([
      ['alpine', 'golang:1.26-alpine', '1.26-alpine'],
      ['distroless', 'gcr.io/distroless/static-debian12', 'latest'],
    ]);
    // A mirror or stand-in is read as the image it stands in for; only the official one takes catalog figures.
    expect(refs('imgdiet-test/python:3.13', py)).toEqual([['slim', 'imgdiet-test/python:3.13-slim', null], ['alpine', 'imgdiet-test/python:3.13-alpine', null]]);
    expect(refs('python:3.13-slim', py)).toEqual([]);
    expect(refs('ubuntu:24.04', { distro: { id: 'ubuntu', versionId: '24.04', prettyName: null } })).toEqual([]);
    expect(refs('mycompany/app:1')).toBeNull();
  });

  it('cites a source for every figure, once per variant, uncompressed unless stated', () => {
    const keys = CATALOG.map((e) => `${e.repo}|${e.line}|${e.variant}|${e.distro}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const e of CATALOG) {
      expect(e.bytes).toBeGreaterThan(0);
      if (e.measure === 'uncompressed') {
        expect(e.source).toMatchObject({ where: 'docker-library/repo-info', path: expect.stringMatching(/^repos\/[a-z-]+\/local\/.+\.md$/), commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
        expect(e.source.created).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      } else expect(e.source.where).toMatch(/^https:\/\//);
    }
  });
});

function kB(n: number): string {
  return `${(n / 1000).toPrecision(3)} kB`;
}
