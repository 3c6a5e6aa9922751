/**
 * Bad input through the built binary: each case exits 2 with exactly one line on stderr that says what is wrong,
 * nothing on stdout and no stack trace (the stack only with --debug).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { escapeRegExp, expectOneLineError, runCli, SAMPLE_TAR } from '../helpers/cli';
import { describeEngine, engine, uniqueName } from '../helpers/engine';
import { buildImage, file, legacyArchiveFiles, tarFiles } from '../helpers/image-builder';

let work: string;
const inWork = (name: string, data: Buffer | string): string => {
  const p = path.join(work, name);
  fs.writeFileSync(p, data);
  return p;
};

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'imgdiet-errors-'));
});

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

/** Bytes that do not compress: a sha256 chain from a fixed seed. */
function noise(bytes: number): Buffer {
  const parts: Buffer[] = [];
  let block = Buffer.from('imgdiet');
  for (let n = 0; n < bytes; n += block.length) parts.push((block = createHash('sha256').update(block).digest()));
  return Buffer.concat(parts).subarray(0, bytes);
}

describe('paths and files that are not images', () => {
  test('a missing path', async () => {
    const line = expectOneLineError(await runCli(['analyze', './no-such-image.tar']));
    expect(line).toBe('imgdiet: ./no-such-image.tar: no such file; check the path, or name an engine image as NAME:TAG');
  });

  test('a missing path behind docker-archive:', async () => {
    const missing = path.join(work, 'gone.tar');
    const line = expectOneLineError(await runCli(['analyze', `docker-archive:${missing}`]));
    expect(line).toBe(`imgdiet: ${missing}: no such file; give the path of a docker save or OCI archive`);
  });

  test('a text file', async () => {
    const notes = inWork('notes.txt', 'These are not the layers you are looking for.\n'.repeat(40));
    const line = expectOneLineError(await runCli(['analyze', notes]));
    expect(line).toMatch(new RegExp(`^imgdiet: ${escapeRegExp(notes)} is not (a readable|an) image archive: .*(tar|checksum)`));
  });

  test('an empty file', async () => {
    const empty = inWork('empty.tar', '');
    const line = expectOneLineError(await runCli(['analyze', empty]));
    expect(line).toMatch(new RegExp(`^imgdiet: ${escapeRegExp(empty)} is not (a readable|an) image archive: .*(empty|no tar data)`));
  });

  test('a tar that holds no image', async () => {
    const tar = inWork('docs.tar', await tarFiles([{ name: 'README', data: Buffer.from('hello\n') }, { name: 'notes/a.txt', data: Buffer.from('a\n') }]));
    const line = expectOneLineError(await runCli(['analyze', tar]));
    expect(line).toMatch(new RegExp(`^imgdiet: ${escapeRegExp(tar)} is not an image archive: it has neither manifest\\.json nor index\\.json`));
  });

  test('a directory that is not an OCI layout', async () => {
    const dir = path.join(work, 'not-a-layout');
    fs.mkdirSync(dir);
    const line = expectOneLineError(await runCli(['analyze', dir]));
    expect(line).toMatch(new RegExp(`^imgdiet: oci:${escapeRegExp(dir)}: oci-layout is missing.*OCI layout`));
  });
});

describe('damaged archives', () => {
  const sample = (): Buffer => fs.readFileSync(SAMPLE_TAR);

  test.each([
    ['in the middle of the busybox layer', 1_000_000],
    ['at half a tar block, in the last layer', 2_048_256],
  ])('the sample cut %s', async (_, at) => {
    const cut = inWork('cut.tar', sample().subarray(0, at));
    const line = expectOneLineError(await runCli(['analyze', cut]));
    expect(line).toMatch(new RegExp(`^imgdiet: ${escapeRegExp(cut)} is not a readable image archive: .*truncated`));
  });

  test('the sample cut cleanly between entries, before manifest.json', async () => {
    // GNU tar says where manifest.json's header block is: `block 5488: manifest.json`.
    const listing = execFileSync('tar', ['-tRf', SAMPLE_TAR], { encoding: 'utf8' });
    const block = Number(/^block (\d+): manifest\.json$/m.exec(listing)?.[1]);
    expect(block).toBeGreaterThan(0);
    const cut = inWork('cut-clean.tar', sample().subarray(0, block * 512));
    const line = expectOneLineError(await runCli(['analyze', cut]));
    expect(line).toMatch(new RegExp(`^imgdiet: ${escapeRegExp(cut)} is not an image archive: it has neither manifest\\.json nor index\\.json`));
  });

  test('a gzip layer with damaged bytes', async () => {
    const image = await buildImage({
      steps: [{ createdBy: '/bin/sh -c make', compression: 'gzip', entries: [file('data/noise.bin', noise(200_000))] }],
    });
    const blob = image.layers[0].blob;
    for (let i = 0; i < 64; i++) blob[Math.floor(blob.length / 2) + i] ^= 0xff;
    const archive = inWork('corrupt-gzip.tar', await tarFiles(legacyArchiveFiles([{ image, tags: ['corrupt:gzip'] }])));
    const line = expectOneLineError(await runCli(['analyze', archive]));
    // Which archive, which layer, what is wrong with it.
    expect(line).toMatch(new RegExp(`^imgdiet: ${escapeRegExp(archive)}: layer \\S+/layer\\.tar\\b.*gzip layer cannot be decompressed: incorrect data check`));
  });

  test('the same image with its gzip layer intact analyzes (the damage is what fails)', async () => {
    const image = await buildImage({
      steps: [{ createdBy: '/bin/sh -c make', compression: 'gzip', entries: [file('data/noise.bin', noise(200_000))] }],
    });
    const archive = inWork('good-gzip.tar', await tarFiles(legacyArchiveFiles([{ image, tags: ['good:gzip'] }])));
    const r = await runCli(['analyze', archive, '--json']);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    const a = JSON.parse(r.stdout);
    expect(a.totals.layerBytes).toBe(200_000);
    expect(a.layers[0].compressedBytes).toBe(image.layers[0].blob.length);
  });

  test('--debug adds the stack after the same first line', async () => {
    const cut = inWork('cut-debug.tar', sample().subarray(0, 1_000_000));
    const plain = expectOneLineError(await runCli(['analyze', cut]));
    const r = await runCli(['analyze', cut, '--debug']);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe(plain);
    expect(lines.length).toBeGreaterThan(1);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});

describe('the Docker engine', () => {
  test('unreachable: DOCKER_HOST names a socket that does not exist', async () => {
    const sock = path.join(work, 'no-engine', 'docker.sock');
    const line = expectOneLineError(await runCli(['analyze', 'some/image:1.0'], { env: { DOCKER_HOST: `unix://${sock}` } }));
    expect(line).toBe(`imgdiet: cannot reach the Docker engine at unix://${sock} (ENOENT); start dockerd or set DOCKER_HOST`);
  });

  test('unreachable: no DOCKER_HOST and no engine at the default socket names that socket on one line', async () => {
    // Only meaningful where nothing listens on the default socket (true on CI machines, which start their own engine).
    const line = expectOneLineError(await runCli(['analyze', 'some/image:1.0'], { env: { DOCKER_HOST: undefined } }));
    expect(line).toMatch(/^imgdiet: (cannot reach the Docker engine at unix:\/\/\/var\/run\/docker\.sock \((ENOENT|ECONNREFUSED|EACCES)\); start dockerd or set DOCKER_HOST|image some\/image:1\.0 is not in the Docker engine at unix:\/\/\/var\/run\/docker\.sock; .*)$/);
  });

  test('unreachable: DOCKER_HOST names a file that is not a socket', async () => {
    const notSock = inWork('not-a-socket', '');
    const line = expectOneLineError(await runCli(['analyze', 'docker-daemon:some/image:1.0'], { env: { DOCKER_HOST: `unix://${notSock}` } }));
    expect(line).toMatch(new RegExp(`^imgdiet: cannot reach the Docker engine at unix://${escapeRegExp(notSock)} \\(ECONNREFUSED\\); start dockerd or set DOCKER_HOST$`));
  });

  describeEngine('with an engine', () => {
    test('an image the engine does not have', async () => {
      const name = uniqueName('never-built');
      const line = expectOneLineError(await runCli(['analyze', name]));
      expect(line).toBe(`imgdiet: image ${name} is not in the Docker engine at ${engine.host}; build or pull it first, or give an archive path`);
    });
  });
});

describe('usage', () => {
  test.each([
    [['analyze', 'samples/sample.tar', '--platform', 'linux'], 'imgdiet: --platform "linux" is not os/arch[/variant], e.g. linux/amd64 or linux/arm64/v8'],
    [['analyze', 'samples/sample.tar', '--platform', 'linux/amd64/v8/extra'], 'imgdiet: --platform "linux/amd64/v8/extra" is not os/arch[/variant], e.g. linux/amd64 or linux/arm64/v8'],
    [['analyze', 'samples/sample.tar', '--platform', 'linux//v8'], 'imgdiet: --platform "linux//v8" is not os/arch[/variant], e.g. linux/amd64 or linux/arm64/v8'],
    [['analyze', 'samples/sample.tar', '--top', 'many'], 'imgdiet: --top "many" is not a whole number'],
    [['frobnicate', 'samples/sample.tar'], "error: unknown command 'frobnicate'"],
    [['analyze', 'samples/sample.tar', '--frobnicate'], "error: unknown option '--frobnicate'"],
    [['analyze'], "error: missing required argument 'ref'"],
    [['analyze', ''], 'imgdiet: no image reference given; try imgdiet analyze NAME:TAG or a path to a docker save tar'],
    [['analyze', 'docker-archive:'], 'imgdiet: "docker-archive:" names no image; write docker-archive:PATH'],
  ])('imgdiet %j', async (args, message) => {
    expect(expectOneLineError(await runCli(args))).toBe(message);
  });

  test('--version and --help exit 0 on stdout', async () => {
    const version = await runCli(['--version']);
    expect(version).toEqual({ code: 0, stdout: `${JSON.parse(fs.readFileSync('package.json', 'utf8')).version}\n`, stderr: '' });
    const help = await runCli(['analyze', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: imgdiet analyze [options] <ref>');
  });

  test.each(['analyze', 'check', 'diff'])('imgdiet %s --help lists every reference form', async (command) => {
    const help = await runCli([command, '--help']);
    expect(help.code).toBe(0);
    const forms = ['NAME:TAG', 'docker-daemon:NAME:TAG', 'PATH.tar', 'docker-archive:PATH', 'docker-archive:PATH:NAME:TAG', 'PATH:@N', 'oci:DIR[:TAG]', 'oci-archive:PATH[:TAG]', 'docker://HOST/NAME:TAG', 'docker://HOST/NAME@sha256:'];
    const listed = help.stdout.slice(help.stdout.indexOf('Image references'));
    for (const form of forms) expect(listed).toContain(form);
    expect(Math.max(...help.stdout.split('\n').map((l) => Array.from(l).length))).toBeLessThanOrEqual(100);
  });
});
