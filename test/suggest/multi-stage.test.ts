import * as fs from 'node:fs';
import { baseImage } from '../../src/suggest/rules/base-image';
import { joinDockerfile } from '../../src/dockerfile/join';
import { parseDockerfile } from '../../src/dockerfile/parse';
import { healthcheck } from '../../src/suggest/rules/healthcheck';
import { init } from '../../src/suggest/rules/init';
import { multiStage } from '../../src/suggest/rules/multi-stage';
import { noInstallRecommends } from '../../src/suggest/rules/no-install-recommends';
import { suggest } from '../../src/suggest/suggest';
import { combineProposal } from '../../src/suggest/proposal';
import { user } from '../../src/suggest/rules/user';
import { analyzeWith, Analyzed, debBytes, Deb, debRecordBytes, debs, elf, entryBytes, fakeEngine, nop, run, text } from '../helpers/base-fixtures';
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
  return suggest({ ...a, dockerfile: d, join: joinDockerfile(d, a.analysis.layers) }, suggesters);
}

// Plain Node (CommonJS): the harness `npm run savings` runs, for how it adds up the suggestions it applies.

/** The lines a unified diff adds. */
function added(diff: string | null): string[] {
  return (diff ?? '').split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++')).map((l) => l.slice(1));
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
  // What multi-stage makes of it: the builder, and the runtime stage's first lines.
  const C_BUILDER = [
    'FROM imgdiet-test/debian:bookworm AS build',
    ...C_DOCKERFILE.split('\n').slice(1, 6),
    '',
    '# Runtime stage: a sketch from imgdiet (multi-stage). Check that it copies all the app needs at run time.',
    'FROM imgdiet-test/debian:bookworm',
  ];
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
    // The packages' files and dpkg's records of them (curl's stay: the runtime stage installs it again).
    const records = debRecordBytes(gcc12, cpp12, gcc, make, libc6Dev);
    const bytes = debBytes(gcc12, cpp12, gcc, make, libc6Dev) + records;
    expect([bytes, records]).toEqual([14_246, 146]);
    expect(suggestions).toHaveLength(1);
    const s = suggestions[0];
    expect(s).toMatchObject({ id: 'multi-stage', savings: { bytes }, confidence: 'medium', findings: ['build-toolchain'], layer: 2 });
    expect(a.analysis.layers[2].dockerfileLine).toBe(2);
    expect(s.rationale).toBe(
      '5 build-only packages installed by layers after the base (1) are still visible: cpp-12 (dpkg) 8.00 kB, gcc-12 (dpkg) 5.00 kB, make (dpkg) 600 B, libc6-dev (dpkg) 400 B, gcc (dpkg) 100 B; with them go dpkg\'s records of them (146 B) — 14.2 kB measured. ' +
        'The runtime stage must copy from the builder: /src/ (the working directory), /usr/local/bin/hello (a program built here). ' +
        'The runtime stage installs again what the app uses at run time: curl. ' +
        'Savings = 14.2 kB. The Dockerfile change is a sketch: check that the runtime stage has all the app needs.',
    );
    expect(proposed).toBe(
      [
        ...C_BUILDER,
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

  it('puts USER, HEALTHCHECK and tini in the runtime stage it adds, not in the builder', async () => {
    // The same build on a base with useradd and apt-get, as Debian's has them.
    const tools = [file('etc/passwd', 'root:x:0:0:root:/root:/bin/bash\n'), file('usr/sbin/useradd', text(50, 'useradd')), file('usr/bin/apt-get', text(50, 'apt-get'))];
    const steps = cSteps.map((s, i) => (i === 0 ? { ...s, entries: [...s.entries!, ...tools] } : s));
    const a = await analyzeWith(steps, { spec: { config: { ...cSpec.config, Cmd: ['/usr/local/bin/hello'] } }, dockerfile: C_DOCKERFILE });
    const { suggestions, proposed } = suggestOnly(a, C_DOCKERFILE, [user, healthcheck, init, multiStage]);
    expect(suggestions.map((s) => s.id).sort()).toEqual(['healthcheck', 'init', 'multi-stage', 'user']);
    // The HEALTHCHECK template's lines as healthcheck's own diff adds them to the single stage.
    const check = added(suggestions.find((s) => s.id === 'healthcheck')!.dockerfile);
    expect(check.filter((l) => l.startsWith('HEALTHCHECK '))).toHaveLength(1);
    expect(proposed).toBe(
      [
        ...C_BUILDER,
        'RUN apt-get update && apt-get install -y --no-install-recommends curl tini && apt-get clean && rm -rf /var/lib/apt/lists/*',
        'COPY --from=build /src /src',
        'COPY --from=build /usr/local/bin/hello /usr/local/bin/hello',
        'WORKDIR /src',
        'RUN useradd --create-home --uid 10001 app',
        'USER app',
        ...check,
        'ENTRYPOINT ["/usr/bin/tini", "--"]',
        'CMD ["/usr/local/bin/hello"]',
        '',
      ].join('\n'),
    );
    // Each suggestion's own diff still changes the single stage as written.
    expect(suggestions.find((s) => s.id === 'user')!.dockerfile).toContain(' COPY hello.c /src/\n RUN gcc -o /usr/local/bin/hello hello.c\n+RUN useradd --create-home --uid 10001 app\n+USER app\n CMD ["/usr/local/bin/hello"]');
  });

  it('counts what the build-only packages depend on and what only a Recommends brought, not what the runtime stage still needs', async () => {
    // gcc with its compiler's own libraries and binutils; libgmp10 is needed by curl's library too, so it stays.
    const dep = (name: string, depends: string | undefined, n: number): Deb => ({ name, depends, files: [[`usr/lib/x86_64-linux-gnu/${name}.so`, text(n, name)]] });
    const cc = { name: 'gcc', depends: 'gcc-12 (>= 12.2.0)', files: [['usr/bin/gcc', text(100, 'gcc')]] } satisfies Deb;
    const cc12 = { name: 'gcc-12', depends: 'cpp-12 (= 12.2.0-14), binutils, libisl23 (>= 0.15), libmpc3', files: [['usr/bin/gcc-12', text(5000, 'gcc-12')]] } satisfies Deb;
    const cpp = { name: 'cpp-12', depends: 'libmpc3, libisl23', files: [['usr/lib/gcc/x86_64-linux-gnu/12/cc1', text(8000, 'cc1')]] } satisfies Deb;
    const binutils = { name: 'binutils', depends: 'binutils-x86-64-linux-gnu (= 2.40-2), libbinutils', files: [['usr/bin/ld', text(700, 'ld')]] } satisfies Deb;
    const binutilsArch = { name: 'binutils-x86-64-linux-gnu', files: [['usr/bin/x86_64-linux-gnu-ld', text(900, 'ld-arch')]] } satisfies Deb;
    const libbinutils = dep('libbinutils', 'libc6', 1100);
    const libisl = dep('libisl23', 'libgmp10', 1300);
    const libmpc = dep('libmpc3', 'libmpfr6 (>= 4.0.0), libgmp10', 400);
    const libmpfr = dep('libmpfr6', 'libgmp10', 600);
    const libgmp = dep('libgmp10', undefined, 500);
    const curlBin = { name: 'curl', depends: 'libcurl4 (= 7.88.1)', files: [['usr/bin/curl', text(300, 'curl')]] } satisfies Deb;
    const libcurl = dep('libcurl4', 'libgmp10', 800);
    // Only gcc's Recommends brought these: the man pages for developers, and the man pages they recommend.
    const manDev = { name: 'manpages-dev', files: [['usr/share/man/man2/open.2.gz', text(2000, 'open.2')]] } satisfies Deb;
    const man = { name: 'manpages', files: [['usr/share/man/man5/passwd.5.gz', text(1500, 'passwd.5')]] } satisfies Deb;
    const installed = [cc, cc12, cpp, binutils, binutilsArch, libbinutils, libisl, libmpc, libmpfr, libgmp, curlBin, libcurl, manDev, man];
    const auto = installed.filter((p) => p !== cc && p !== curlBin).map((p) => `Package: ${p.name}\nArchitecture: amd64\nAuto-Installed: 1\n`).join('\n');
    const dockerfile = ['FROM imgdiet-test/debian:bookworm', 'RUN apt-get update && apt-get install -y gcc curl', 'COPY hello.c /src/', 'RUN gcc -o /usr/local/bin/hello /src/hello.c', 'CMD ["/usr/local/bin/hello"]', ''].join('\n');
    const steps = [
      cSteps[0],
      nop('CMD ["bash"]'),
      run('apt-get update && apt-get install -y gcc curl', [...debs(installed, { status: [libc6] }), file('var/lib/apt/extended_states', auto)]),
      { createdBy: '/bin/sh -c #(nop) COPY file:4e5f6a7b in /src/ ', entries: [file('src/hello.c', text(200, 'hello.c'))] },
      run('gcc -o /usr/local/bin/hello /src/hello.c', [file('usr/local/bin/hello', elf(['libc.so.6'], 1000))]),
      nop('CMD ["/usr/local/bin/hello"]'),
    ];
    const a = await analyzeWith(steps, { spec: { config: { Env: ['PATH=/usr/local/bin:/usr/bin:/bin'] } }, dockerfile });
    const { suggestions, proposed } = suggestOnly(a, dockerfile, [noInstallRecommends, multiStage]);
    const leaving = [cc, cc12, cpp, binutils, binutilsArch, libbinutils, libisl, libmpc, libmpfr, manDev, man];
    const ms = suggestions.find((s) => s.id === 'multi-stage')!;
    const nir = suggestions.find((s) => s.id === 'no-install-recommends')!;
    expect([ms.savings.bytes, ms.layer]).toEqual([debBytes(...leaving) + debRecordBytes(...leaving), 2]);
    expect([nir.savings.bytes, nir.layer]).toEqual([debBytes(manDev, man), 2]);
    expect(debRecordBytes(...leaving)).toBe(356);
    expect(ms.rationale).toBe(
      '6 build-only packages installed by layers after the base (1) are still visible: cpp-12 (dpkg) 8.00 kB, gcc-12 (dpkg) 5.00 kB, manpages-dev (dpkg) 2.00 kB, binutils-x86-64-linux-gnu (dpkg) 900 B, binutils (dpkg) 700 B and 1 more; ' +
        'with them go 4 packages only they depend on (libisl23 1.30 kB, libbinutils 1.10 kB, libmpfr6 600 B, libmpc3 400 B), 1 package only a Recommends brought, which the runtime stage does not install (manpages 1.50 kB), ' +
        "dpkg's records of them (356 B) — 22.0 kB measured. The runtime stage must copy from the builder: /usr/local/bin/hello (a program built here). " +
        'The runtime stage installs again what the app uses at run time: curl. Savings = 22.0 kB. The Dockerfile change is a sketch: check that the runtime stage has all the app needs.',
    );
    expect(proposed?.split('\n').filter((l) => l.startsWith('RUN apt-get'))).toEqual([
      'RUN apt-get update && apt-get install --no-install-recommends -y gcc curl',
      'RUN apt-get update && apt-get install -y --no-install-recommends curl && apt-get clean && rm -rf /var/lib/apt/lists/*',
    ]);
    // Combined in the proposal, the man pages count once: within multi-stage.
    const combined = combineProposal('dockerfile', [ms, nir].map((suggestion) => ({ suggestion, carriedOut: true })), a.analysis.findings, a.analysis.totals.layerBytes);
    expect(combined.savingsBytes).toBe(ms.savings.bytes);
    expect(combined.applied).toEqual([
      { id: 'multi-stage', layer: 2, bytes: ms.savings.bytes },
      { id: 'no-install-recommends', layer: 2, bytes: 0 },
    ]);
    expect(combined.layerBytes).toBe(a.analysis.totals.layerBytes - ms.savings.bytes);
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
    expect(suggestions.map((s) => s.savings.bytes)).toEqual([debBytes(gcc12, cpp12, gcc, libc6Dev) + debRecordBytes(gcc12, cpp12, gcc, libc6Dev) - pipBase]);
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
