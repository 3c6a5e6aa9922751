import * as fs from 'node:fs';
import { baseImage } from '../../src/suggest/base-image';
import { joinDockerfile } from '../../src/suggest/dockerfile/join';
import { parseDockerfile } from '../../src/suggest/dockerfile/parse';
import { multiStage } from '../../src/suggest/multi-stage';
import { suggest } from '../../src/suggest/run';
import { analyzeWith, Analyzed, debBytes, Deb, debs, elf, entryBytes, fakeEngine, nop, run, text } from '../helpers/base-fixtures';
import { Entry, file } from '../helpers/image-builder';

const OS_RELEASE = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\n';
const libc6: Deb = { name: 'libc6', priority: 'required', files: [['lib/x86_64-linux-gnu/libc.so.6', text(3000, 'libc')]] };
const gcc12: Deb = { name: 'gcc-12', depends: 'cpp-12, libc6', files: [['usr/bin/x86_64-linux-gnu-gcc-12', text(5000, 'gcc12')]] };
const cpp12: Deb = { name: 'cpp-12', files: [['usr/lib/gcc/x86_64-linux-gnu/12/cc1', text(8000, 'cc1')]] };
const gcc: Deb = { name: 'gcc', depends: 'gcc-12', files: [['usr/share/doc/gcc/README', text(100, 'gccdoc')]] };
const make: Deb = { name: 'make', files: [['usr/bin/make', text(600, 'make')]] };
const libc6Dev: Deb = { name: 'libc6-dev', depends: 'libc6', files: [['usr/include/stdio.h', text(400, 'stdio')]] };
const curl: Deb = { name: 'curl', depends: 'libc6', files: [['usr/bin/curl', text(300, 'curl')]] };

/** The suggesters alone on an analysis, with a Dockerfile named `Dockerfile` (stable diff headers). */
function suggestOnly(a: Analyzed, dockerfile: string, suggesters = [multiStage]) {
  const d = parseDockerfile(dockerfile, 'Dockerfile');
  return suggest(a.analysis, a.filesystem, d, joinDockerfile(d, a.analysis.layers), suggesters);
}

describe('multi-stage', () => {
  it('has its doc page made from its meta', () => {
    expect(fs.readFileSync('docs/suggestions/multi-stage.md', 'utf8')).toBe(`# ${multiStage.meta.id}: ${multiStage.meta.title}\n\n${multiStage.meta.description}\n`);
  });

  // A C program built in the final image: gcc and make installed by the app's own RUN, with curl beside them.
  const C_DOCKERFILE = [
    'FROM imgdiet-test/debian:bookworm',
    'RUN apt-get update && apt-get install -y gcc make curl',
    'WORKDIR /src',
    'COPY hello.c /src/',
    'RUN gcc -o /usr/local/bin/hello hello.c',
    'CMD ["/usr/local/bin/hello"]',
    '',
  ].join('\n');
  const installs: Entry[] = [
    ...debs([gcc12, cpp12, gcc, make, libc6Dev, curl], { status: [libc6] }),
    file('var/lib/apt/extended_states', 'Package: gcc-12\nArchitecture: amd64\nAuto-Installed: 1\n\nPackage: cpp-12\nArchitecture: amd64\nAuto-Installed: 1\n\nPackage: libc6-dev\nArchitecture: amd64\nAuto-Installed: 1\n'),
  ];
  const cSteps = [
    { createdBy: '/bin/sh -c #(nop) ADD file:0123456789abcdef in / ', entries: [file('etc/os-release', OS_RELEASE), ...debs([libc6])] },
    nop('CMD ["bash"]'),
    run('apt-get update && apt-get install -y gcc make curl', installs),
    nop('WORKDIR /src'),
    { createdBy: '/bin/sh -c #(nop) COPY file:4e5f6a7b in /src/ ', entries: [file('src/hello.c', text(200, 'hello.c'))] },
    run('gcc -o /usr/local/bin/hello hello.c', [file('usr/local/bin/hello', elf(['libc.so.6'], 1000))]),
    nop('CMD ["/usr/local/bin/hello"]'),
  ];
  const cSpec = { config: { WorkingDir: '/src', Env: ['PATH=/usr/local/bin:/usr/bin:/bin'] } };

  it('counts the build-only packages the app installed, names what to copy, and writes a builder and a runtime stage', async () => {
    const a = await analyzeWith(cSteps, { spec: cSpec, dockerfile: C_DOCKERFILE });
    const { suggestions, proposed } = suggestOnly(a, C_DOCKERFILE);
    const bytes = debBytes(gcc12, cpp12, gcc, make, libc6Dev);
    expect(bytes).toBe(14_100);
    expect(suggestions).toHaveLength(1);
    const s = suggestions[0];
    expect(s).toMatchObject({ id: 'multi-stage', savings: { bytes }, confidence: 'medium', findings: ['build-toolchain'], layer: 2 });
    expect(a.analysis.layers[2].dockerfileLine).toBe(2);
    expect(s.rationale).toBe(
      '5 build-only packages installed by layers after the base (1) are still visible: cpp-12 (dpkg) 8.00 kB, gcc-12 (dpkg) 5.00 kB, make (dpkg) 600 B, libc6-dev (dpkg) 400 B, gcc (dpkg) 100 B — 14.1 kB measured. ' +
        'The runtime stage must copy from the builder: /src/ (the working directory), /usr/local/bin/hello (a program built here). ' +
        'The runtime stage installs again what the app uses at run time: curl. ' +
        'Savings = 14.1 kB. The Dockerfile change is a sketch: check that the runtime stage has all the app needs.',
    );
    expect(proposed).toBe(
      [
        'FROM imgdiet-test/debian:bookworm AS build',
        'RUN apt-get update && apt-get install -y gcc make curl',
        'WORKDIR /src',
        'COPY hello.c /src/',
        'RUN gcc -o /usr/local/bin/hello hello.c',
        'CMD ["/usr/local/bin/hello"]',
        '',
        '# Runtime stage: a sketch from imgdiet (multi-stage). Check that it copies all the app needs at run time.',
        'FROM imgdiet-test/debian:bookworm',
        'RUN apt-get update && apt-get install -y --no-install-recommends curl && apt-get clean && rm -rf /var/lib/apt/lists/*',
        'COPY --from=build /src /src',
        'COPY --from=build /usr/local/bin/hello /usr/local/bin/hello',
        'WORKDIR /src',
        'CMD ["/usr/local/bin/hello"]',
        '',
      ].join('\n'),
    );
    expect(s.dockerfile).toBe(
      [
        'Index: Dockerfile',
        '===================================================================',
        '--- Dockerfile',
        '+++ Dockerfile',
        '@@ -1,3 +1,3 @@',
        '-FROM imgdiet-test/debian:bookworm',
        '+FROM imgdiet-test/debian:bookworm AS build',
        ' RUN apt-get update && apt-get install -y gcc make curl',
        ' WORKDIR /src',
        '@@ -5,2 +5,10 @@',
        ' RUN gcc -o /usr/local/bin/hello hello.c',
        ' CMD ["/usr/local/bin/hello"]',
        '+',
        '+# Runtime stage: a sketch from imgdiet (multi-stage). Check that it copies all the app needs at run time.',
        '+FROM imgdiet-test/debian:bookworm',
        '+RUN apt-get update && apt-get install -y --no-install-recommends curl && apt-get clean && rm -rf /var/lib/apt/lists/*',
        '+COPY --from=build /src /src',
        '+COPY --from=build /usr/local/bin/hello /usr/local/bin/hello',
        '+WORKDIR /src',
        '+CMD ["/usr/local/bin/hello"]',
        '',
      ].join('\n'),
    );
  });

  it('says nothing when no build-only package came from the image\'s own layers', async () => {
    const steps = cSteps.map((s, i) => (i === 2 ? run('apt-get update && apt-get install -y curl', debs([curl], { status: [libc6] })) : s));
    const a = await analyzeWith(steps, { spec: cSpec });
    expect(a.analysis.suggestions.filter((s) => s.id === 'multi-stage')).toEqual([]);
  });

  it('subtracts the base files a copied directory brings again, and leaves uncounted the build-only packages inside it', async () => {
    const SITE = 'usr/local/lib/python3.13/site-packages';
    const dist = (name: string, n: number): Entry[] => [
      file(`${SITE}/${name}/__init__.py`, text(n, name)),
      file(`${SITE}/${name}-1.0.dist-info/METADATA`, `Metadata-Version: 2.1\nName: ${name}\nVersion: 1.0\n`),
      file(`${SITE}/${name}-1.0.dist-info/RECORD`, `${name}/__init__.py,,\n${name}-1.0.dist-info/METADATA,,\n`),
    ];
    const steps = [
      { createdBy: '/bin/sh -c #(nop) ADD file:0123456789abcdef in / ', entries: [file('etc/os-release', OS_RELEASE), ...debs([libc6]), ...dist('pip', 5000)] },
      nop('CMD ["python3"]'),
      run('apt-get update && apt-get install -y gcc libc6-dev', debs([gcc12, cpp12, gcc, libc6Dev], { status: [libc6] })),
      run('pip install flask wheel', [...dist('flask', 2000), ...dist('wheel', 700)]),
      nop('CMD ["flask" "run"]'),
    ];
    const dockerfile = 'FROM imgdiet-test/python:3.13\nRUN apt-get update && apt-get install -y gcc libc6-dev\nRUN pip install flask wheel\nCMD ["flask", "run"]\n';
    const a = await analyzeWith(steps, { dockerfile });
    const pipBase = entryBytes(dist('pip', 5000));
    const { suggestions } = suggestOnly(a, dockerfile);
    expect(suggestions.map((s) => s.savings.bytes)).toEqual([debBytes(gcc12, cpp12, gcc, libc6Dev) - pipBase]);
    expect(suggestions[0].rationale).toContain(`The runtime stage must copy from the builder: /${SITE}/ (the app's Python packages).`);
    expect(suggestions[0].rationale).toContain(`Copying whole directories brings ${(pipBase / 1000).toPrecision(3)} kB of the base's own files again (subtracted). Inside copied directories, wheel would still ship (not counted).`);
  });

  // A node app installed with its devDependencies and npm's cache, on the full node image.
  const NODE_DOCKERFILE = ['FROM node:22', 'WORKDIR /app', 'COPY package.json ./', 'RUN npm install', 'COPY . .', 'CMD ["node", "server.js"]', ''].join('\n');
  const pkg = (name: string, n: number): Entry[] => [
    file(`app/node_modules/${name}/package.json`, JSON.stringify({ name, version: '1.0.0' })),
    file(`app/node_modules/${name}/index.js`, text(n, name)),
  ];
  const nodeBase: Entry[] = [file('etc/os-release', OS_RELEASE), ...debs([libc6, gcc, gcc12, cpp12]), file('usr/local/bin/node', text(9000, 'node'))];
  const npmInstall: Entry[] = [...pkg('express', 3000), ...pkg('jest', 9000), file('root/.npm/_cacache/content-v2/sha512/ab/cdef', text(2000, 'cache'))];
  const nodeSteps = [
    { createdBy: '/bin/sh -c #(nop) ADD file:0123456789abcdef in / ', entries: nodeBase },
    nop('ENV NODE_VERSION=22.23.1'),
    nop('CMD ["node"]'),
    nop('WORKDIR /app'),
    { createdBy: '/bin/sh -c #(nop) COPY file:aa11 in ./ ', entries: [file('app/package.json', JSON.stringify({ name: 'app', dependencies: { express: '^5' }, devDependencies: { jest: '^30' } }))] },
    run('npm install', npmInstall),
    { createdBy: '/bin/sh -c #(nop) COPY dir:bb22 in . ', entries: [file('app/server.js', text(400, 'server'))] },
    nop('CMD ["node" "server.js"]'),
  ];
  const nodeSpec = { config: { WorkingDir: '/app', Env: ['PATH=/usr/local/bin:/usr/bin:/bin', 'NODE_VERSION=22.23.1'] } };

  it('prunes devDependencies in the builder, counts them and npm\'s cache, and runs on the slim variant', async () => {
    const a = await analyzeWith(nodeSteps, { spec: nodeSpec, dockerfile: NODE_DOCKERFILE });
    const jest = entryBytes(pkg('jest', 9000));
    const { suggestions, proposed } = suggestOnly(a, NODE_DOCKERFILE);
    expect(suggestions.map((s) => [s.savings.bytes, s.confidence, s.findings])).toEqual([[jest + 2000, 'medium', ['build-toolchain', 'npm-cache']]]);
    expect(suggestions[0].rationale).toContain('The runtime stage must copy from the builder: /app/ (the app with its node_modules (devDependencies pruned)).');
    expect(suggestions[0].rationale).toContain("The sketch's runtime stage uses node:22-slim: the base-image suggestion's savings come on top of these.");
    expect(proposed).toBe(
      [
        'FROM node:22 AS build',
        'WORKDIR /app',
        'COPY package.json ./',
        'RUN npm install',
        'COPY . .',
        'RUN npm prune --omit=dev',
        'CMD ["node", "server.js"]',
        '',
        '# Runtime stage: a sketch from imgdiet (multi-stage). Check that it copies all the app needs at run time.',
        'FROM node:22-slim',
        'COPY --from=build /app /app',
        'WORKDIR /app',
        'CMD ["node", "server.js"]',
        '',
      ].join('\n'),
    );
  });

  it('composes with base-image: the builder keeps the full base, the runtime stage takes the slim one', async () => {
    const engine = fakeEngine([{ tags: ['node:22-slim'], diffIds: ['sha256:s'], history: [{ createdBy: 'ADD', size: 1000 }] }]);
    const a = await analyzeWith(nodeSteps, { spec: nodeSpec, dockerfile: NODE_DOCKERFILE, engine });
    const alone = suggestOnly(a, NODE_DOCKERFILE, [baseImage]);
    expect(alone.proposed?.split('\n')[0]).toBe('FROM node:22-slim');
    const both = suggestOnly(a, NODE_DOCKERFILE, [baseImage, multiStage]);
    expect(both.suggestions.map((s) => s.id)).toEqual(['base-image', 'multi-stage']);
    expect(both.proposed?.split('\n').filter((l) => l.startsWith('FROM '))).toEqual(['FROM node:22 AS build', 'FROM node:22-slim']);
  });
});
