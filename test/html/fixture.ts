/**
 * Images for the HTML report tests, built in memory and written as docker-archives: one that looks like a small
 * real service (a base with packages, apt lists, an app with duplicates, a clean-up in a later RUN, gzip layers so
 * that compressed sizes are known), and one whose file names, labels and history carry HTML and script payloads.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeImage, AnalysisResult } from '../../src/pipeline';
import type { Analysis } from '../../src/model';
import { run } from '../helpers/analyze-built';
import { runCli } from '../helpers/cli';
import { buildImage, Entry, file, hardlink, legacyArchiveFiles, Step, symlink, tarFiles, tempDir, whiteout } from '../helpers/image-builder';
import { dpkgList, dpkgStatus } from '../helpers/packages';

/** `n` bytes that differ for every name, so that only the files meant to be copies are duplicates. */
export function bytesOf(name: string, n: number): Buffer {
  const seed = createHash('sha256').update(name).digest('hex');
  return Buffer.from(seed.repeat(Math.ceil(n / seed.length)).slice(0, n));
}

function f(name: string, n: number, content?: Buffer): Entry {
  return file(name, content ?? bytesOf(name, n));
}

function gz(step: Step): Step {
  return { ...step, compression: 'gzip' };
}

const bundle = bytesOf('bundle', 42_000);

export const SERVICE_STEPS: Step[] = [
  gz({
    createdBy: '/bin/sh -c #(nop) ADD file:3c1a0b4d5e6f in / ',
    entries: [
      f('bin/bash', 1_234_000),
      f('bin/ls', 140_000),
      f('lib/x86_64-linux-gnu/libc.so.6', 1_900_000),
      f('lib/x86_64-linux-gnu/libssl.so.3', 690_000),
      f('lib/x86_64-linux-gnu/libcrypto.so.3', 4_700_000),
      f('usr/share/doc/libssl3/changelog.gz', 12_000),
      f('usr/share/zoneinfo/Europe/Paris', 2_900),
      f('usr/share/zoneinfo/America/New_York', 3_500),
      f('etc/passwd', 900),
      f('etc/os-release', 260, Buffer.from('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n')),
      dpkgStatus({ name: 'libc6', version: '2.36-9' }, { name: 'libssl3', version: '3.0.11-1' }, { name: 'bash', version: '5.2.15-2' }),
      dpkgList('libc6', '/lib/x86_64-linux-gnu/libc.so.6'),
      dpkgList('libssl3', '/lib/x86_64-linux-gnu/libssl.so.3', '/lib/x86_64-linux-gnu/libcrypto.so.3', '/usr/share/doc/libssl3/changelog.gz'),
      dpkgList('bash', '/bin/bash'),
    ],
  }),
  { createdBy: '/bin/sh -c #(nop)  CMD ["bash"]' },
  gz(run('apt-get update && apt-get install -y curl', [
    f('usr/bin/curl', 290_000),
    f('var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages', 880_000),
    f('var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease', 150_000),
  ])),
  gz({ createdBy: '/bin/sh -c #(nop) WORKDIR /app', entries: [] }),
  gz({
    createdBy: '/bin/sh -c #(nop) COPY dir:8a1f3e9c0b7d6a5e in /app ',
    entries: [
      f('app/server.js', 18_000),
      f('app/package.json', 700),
      file('app/static/bundle.js', bundle),
      file('app/static/bundle.min.js', bundle),
      file('app/public/bundle.js', bundle),
      f('app/node_modules/express/index.js', 52_000),
      f('app/node_modules/express/lib/router.js', 31_000),
      f('app/build/output.o', 310_000),
      f('app/build/debug.log', 95_000),
    ],
  }),
  gz(run('rm -rf /app/build', [whiteout('app/build')])),
  { createdBy: '/bin/sh -c #(nop)  ENV NODE_ENV=production' },
];

/** The service a release later: lists cleaned in the apt RUN, curl registered with dpkg, a bigger app, no build output. */
export const NEXT_SERVICE_STEPS: Step[] = [
  SERVICE_STEPS[0],
  SERVICE_STEPS[1],
  gz(run('apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*', [
    f('usr/bin/curl', 300_000),
    dpkgStatus({ name: 'libc6', version: '2.36-9' }, { name: 'libssl3', version: '3.0.11-1' }, { name: 'bash', version: '5.2.15-2' }, { name: 'curl', version: '7.88.1-10' }),
    dpkgList('curl', '/usr/bin/curl'),
  ])),
  SERVICE_STEPS[3],
  gz({
    createdBy: '/bin/sh -c #(nop) COPY dir:5d0c2b1a9e8f7d6c in /app ',
    entries: [
      f('app/server.js', 26_000),
      f('app/package.json', 700),
      file('app/static/bundle.js', bundle),
      f('app/static/chart.js', 120_000),
      f('app/node_modules/express/index.js', 52_000),
      f('app/node_modules/express/lib/router.js', 31_000),
      f('app/node_modules/lodash/lodash.js', 540_000),
    ],
  }),
  SERVICE_STEPS[6],
];

export const SERVICE_CONFIG = {
  Env: ['PATH=/usr/local/bin:/usr/bin:/bin', 'NODE_ENV=production', 'API_TOKEN=not-for-the-page'],
  Cmd: ['node', 'server.js'],
  WorkingDir: '/app',
  ExposedPorts: { '8080/tcp': {} },
  Labels: { 'org.opencontainers.image.title': 'shop', 'org.opencontainers.image.version': '1.4.2' },
};

/** Payloads that would run script or add elements if the page parsed any of them as HTML. */
export const SCRIPT_PAYLOAD = '<script>alert(1)</script>';
export const IMG_PAYLOAD = '"><img src=x onerror=alert(1)>';

const EVIL_DIR = `srv/${IMG_PAYLOAD}`;
/** The payloads as file names (a `/` in `</script>` makes a directory of its start). */
export const EVIL_FILES = [`srv/${SCRIPT_PAYLOAD}`, `${EVIL_DIR}/x.txt`, `srv/${IMG_PAYLOAD}.bin`];

export const EVIL_STEPS: Step[] = [
  run(`echo '${SCRIPT_PAYLOAD}' > /srv/x`, [
    f(EVIL_FILES[0], 30_000),
    f(EVIL_FILES[1], 20_000),
    file(EVIL_FILES[2], bytesOf('same', 9_000)),
    file(`srv/copy ${IMG_PAYLOAD}`, bytesOf('same', 9_000)),
    f(`tmp/${SCRIPT_PAYLOAD}.tmp`, 7_000),
  ]),
  run(`rm -rf /tmp/* # ${IMG_PAYLOAD}`, [whiteout(`tmp/${SCRIPT_PAYLOAD}.tmp`)]),
];

export const EVIL_CONFIG = {
  User: IMG_PAYLOAD,
  Env: [`${SCRIPT_PAYLOAD}=1`],
  Labels: { [IMG_PAYLOAD]: SCRIPT_PAYLOAD, description: `${SCRIPT_PAYLOAD} and ${IMG_PAYLOAD}` },
};

/** Writes the image as a legacy docker-archive, tagged, into a fresh temp directory under `name`. */
export async function writeArchive(steps: Step[], config: Record<string, unknown>, tag: string, name = 'image.tar'): Promise<string> {
  const image = await buildImage({ steps, config });
  const dir = tempDir();
  const file = path.join(dir, name);
  fs.writeFileSync(file, await tarFiles(legacyArchiveFiles([{ image, tags: [tag] }])));
  return file;
}

/** `imgdiet analyze ARCHIVE --json --html HTML` on the built CLI, which must succeed quietly; returns the JSON. */
export async function analyzeToHtml(archive: string, html: string, extra: string[] = []): Promise<Analysis> {
  const r = await runCli(['analyze', archive, '--json', '--html', html, ...extra]);
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  return JSON.parse(r.stdout) as Analysis;
}

/**
 * Three layers for the layer view and `--layer`: a base; a layer that adds, modifies (a file, and a symlink over a
 * file), removes (a whiteout, a directory replaced) and writes a hard link and a directory; and a clean-up.
 * Dockerfile lines: RUN at 2, the multi-line RUN at 3–5, RUN at 6 (LAYERS_DOCKERFILE).
 */
export const LAYER_STEPS: Step[] = [
  run('install base', [
    f('etc/conf', 120),
    f('usr/bin/tool', 5_000),
    f('usr/lib/libx.so', 3_000),
    f('old/gone.txt', 700),
    f('old/keep.txt', 300),
    f('srv/data/a.bin', 1_100),
    f('srv/data/b.bin', 900),
    symlink('usr/bin/t', 'tool'),
  ]),
  run('update && add app', [
    f('usr/lib/libx.so', 4_000),
    symlink('etc/conf', '/run/conf'),
    whiteout('old/gone.txt'),
    f('srv/data', 50),
    { name: 'app', type: 'directory', mode: 0o755 },
    f('app/main.js', 2_000),
    hardlink('app/main-link.js', 'app/main.js'),
  ]),
  run('clean', [whiteout('usr/bin/tool')]),
];

export const LAYERS_DOCKERFILE = 'FROM scratch\nRUN install base\nRUN update \\\n && add \\\n app\nRUN clean\n';

/** The steps as an in-memory image, analysed (the model too). */
export async function analyzeArchiveOf(steps: Step[]): Promise<AnalysisResult> {
  return analyzeImage(`docker-archive:${await writeArchive(steps, {}, 'steps:1')}`);
}
