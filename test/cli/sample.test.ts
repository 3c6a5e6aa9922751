/**
 * README's first command: the built CLI on the committed sample archive (a real `docker save`, made by
 * scripts/make-sample.sh from samples/sample-app/Dockerfile). The figures are exact; the Dockerfile fixes every
 * size, and an independent computation with GNU tar and the file system checks them once more.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Analysis } from '../../src/model';
import { formatBytes } from '../../src/util/units';
import { analyzeJson, runCli, SAMPLE_TAR } from '../helpers/cli';

let analysis: Analysis;
let work: string;

beforeAll(async () => {
  analysis = await analyzeJson('samples/sample.tar');
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'imgdiet-sample-'));
});

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

const IMAGE_ID = 'sha256:921f615051a61b79b16eba61db1d577681de30f369c04d2730b512ac57403ded';

describe('imgdiet analyze samples/sample.tar --json', () => {
  test('totals', () => {
    expect(analysis.totals).toMatchObject({
      layerBytes: 2_569_368,
      compressedBytes: null,
      finalBytes: 2_339_166,
      hiddenBytes: 230_202,
      duplicateBytes: 80_076,
      layerCount: 10,
      finalFiles: 291,
    });
    // Waste is hidden + duplicate + visible caches and junk, each byte once (DESIGN.md). The sample's junk is
    // neither hidden nor a duplicate, so it adds in full. What counts as junk grows with the rules: at least the
    // apt lists (60,000 B), at most everything samples/README.md lists as visible junk (166,098 B).
    const { wasteBytes, efficiency, junkBytes } = analysis.totals;
    expect(junkBytes).toBeGreaterThanOrEqual(60_000);
    expect(junkBytes).toBeLessThanOrEqual(166_098);
    expect(wasteBytes).toBe(230_202 + 80_076 + junkBytes);
    expect(efficiency).toBe(1 - wasteBytes / 2_569_368);
  });

  test('image', () => {
    expect(analysis.schemaVersion).toBe(1);
    expect(analysis.source).toEqual({ reference: 'samples/sample.tar', transport: 'docker-archive' });
    expect(analysis.image).toMatchObject({ id: IMAGE_ID, manifestDigest: null, tags: ['imgdiet/sample:1.0'], os: 'linux', architecture: 'amd64' });
    expect(analysis.image.config).toEqual({
      user: '',
      entrypoint: null,
      cmd: ['/app/start.sh'],
      env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'APP_HOME=/app'],
      workingDir: '/app',
      exposedPorts: [],
      labels: {
        'org.opencontainers.image.title': 'imgdiet sample',
        'org.opencontainers.image.description': 'A small image with hidden, duplicate and junk bytes',
      },
      stopSignal: null,
      healthcheck: null,
    });
  });

  test('layers: one per history entry, empty ones at 0 bytes', () => {
    const rows = analysis.layers.map((l) => [l.index, l.instructionKind, l.emptyLayer, l.sizeBytes, l.files, l.whiteouts, l.hiddenBytes]);
    expect(rows).toEqual([
      // busybox 1,982,256 B + /etc/passwd 82 B + /etc/group 27 B; 269 applet symlinks (0 B each)
      [0, 'OTHER', false, 1_982_365, 271, 0, 0],
      [1, 'LABEL', true, 0, 0, 0, 0],
      [2, 'ENV', true, 0, 0, 0, 0],
      [3, 'WORKDIR', false, 0, 0, 0, 0],
      // the app, its Dockerfile, and the checkout's junk: .git/ 62,069 B, __pycache__/ 1,500 B, .env, logs/ 50,000 B
      [4, 'COPY', false, 116_803, 14, 0, 50_202],
      // apt lists 60,000 + pip cache 40,000 + site-packages 20,000 + model.bin v1 50,000
      [5, 'RUN', false, 170_000, 4, 0, 50_000],
      // /tmp/build 100,000 + 30,000 and bundle.js 40,000
      [6, 'RUN', false, 170_000, 3, 0, 130_000],
      [7, 'RUN', false, 80_000, 2, 0, 0],
      [8, 'RUN', false, 0, 0, 2, 0],
      [9, 'RUN', false, 50_000, 1, 0, 0],
      [10, 'COPY', false, 76, 1, 0, 0],
      [11, 'RUN', false, 124, 1, 0, 0],
      [12, 'CMD', true, 0, 0, 0, 0],
    ]);
    expect(analysis.layers[8].instruction).toBe('RUN rm -rf /tmp/build /app/logs/debug.log');
    expect(analysis.layers[12].instruction).toBe('CMD ["/app/start.sh"]');
    expect(analysis.layers[11].instruction).toBe('RUN chmod +x /app/start.sh');
    for (const l of analysis.layers) {
      expect(l.digest === null).toBe(l.emptyLayer);
      expect(l.compressedBytes).toBeNull();
    }
  });

  test('hidden: deleted, overwritten, and the chmod copy, each with the layers that added and hid it', () => {
    expect(analysis.hidden).toEqual([
      { path: 'tmp/build/bundle.o', bytes: 100_000, addedByLayer: 6, hiddenByLayer: 8, reason: 'deleted' },
      { path: 'app/data/model.bin', bytes: 50_000, addedByLayer: 5, hiddenByLayer: 9, reason: 'overwritten' },
      { path: 'app/logs/debug.log', bytes: 50_000, addedByLayer: 4, hiddenByLayer: 8, reason: 'deleted' },
      { path: 'tmp/build/bundle.map', bytes: 30_000, addedByLayer: 6, hiddenByLayer: 8, reason: 'deleted' },
      { path: 'app/start.sh', bytes: 124, addedByLayer: 4, hiddenByLayer: 11, reason: 'overwritten' },
      { path: 'app/config.json', bytes: 78, addedByLayer: 4, hiddenByLayer: 10, reason: 'overwritten' },
    ]);
  });

  test('duplicates: the bundle three times, the config twice', () => {
    expect(analysis.duplicates.map(({ sha256: _, ...d }) => d)).toEqual([
      { sizeBytes: 40_000, paths: ['app/static/bundle.js', 'app/static/bundle.min.js', 'usr/share/sample/bundle.js'], wastedBytes: 80_000 },
      { sizeBytes: 76, paths: ['app/config.json', 'app/config.prod.json'], wastedBytes: 76 },
    ]);
  });

  test('findings: root, no HEALTHCHECK, apt lists left by layer 5', () => {
    const found = analysis.findings.map((f) => ({ id: f.id, bytes: f.bytes, layer: f.layer, paths: f.paths.map((p) => p.path) }));
    expect(found).toEqual(
      expect.arrayContaining([
        { id: 'root-user', bytes: 0, layer: null, paths: [] },
        { id: 'no-healthcheck', bytes: 0, layer: null, paths: [] },
        { id: 'apt-lists', bytes: 60_000, layer: 5, paths: ['var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages'] },
      ]),
    );
  });

  test('the same through docker-archive:PATH and docker-archive:PATH:NAME:TAG', async () => {
    for (const ref of ['docker-archive:samples/sample.tar', `docker-archive:${SAMPLE_TAR}:imgdiet/sample:1.0`]) {
      const other = await analyzeJson(ref);
      expect(other.source).toEqual({ reference: ref, transport: 'docker-archive' });
      expect({ ...other, source: null }).toEqual({ ...analysis, source: null });
    }
  });
});

describe('imgdiet analyze samples/sample.tar --verbose (every table)', () => {
  test('prints the summary, the layers, the hidden files and the duplicates, without colour', async () => {
    const r = await runCli(['analyze', 'samples/sample.tar', '--verbose']);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    // eslint-disable-next-line no-control-regex
    expect(r.stdout).not.toMatch(/\u001b\[/);
    const rows = r.stdout.split('\n');
    const row = (label: string): string | undefined => rows.find((l) => l.startsWith(`│ ${label} `))?.replace(/\s+/g, ' ');
    expect(row('Image')).toBe('│ Image │ imgdiet/sample:1.0 │');
    expect(row('Id')).toBe(`│ Id │ ${IMAGE_ID} │`);
    expect(row('Layer bytes')).toBe('│ Layer bytes │ 2.57 MB in 10 layers │');
    expect(row('Final files')).toBe('│ Final files │ 2.34 MB in 291 files │');
    expect(row('Hidden')).toBe('│ Hidden │ 230 kB │');
    expect(row('Duplicate')).toBe('│ Duplicate │ 80.1 kB │');
    expect(row('Waste')).toBe(`│ Waste │ ${formatBytes(analysis.totals.wasteBytes)} │`);
    expect(row('Efficiency')).toBe(`│ Efficiency │ ${(analysis.totals.efficiency * 100).toFixed(1)} % │`);
    expect(r.stdout).toContain('Largest hidden files (6 in all, 230 kB)');
    expect(r.stdout).toContain('Largest duplicate groups (2 in all, 80.1 kB wasted)');
    expect(r.stdout).toMatch(/│\s+100 kB │ \/tmp\/build\/bundle\.o\s+│ #6 RUN mkdir -p \/tmp\/build/);
  });

  test('--top 1 keeps one row in each of the two tables', async () => {
    const r = await runCli(['analyze', 'samples/sample.tar', '--verbose', '--top', '1']);
    expect(r.code).toBe(0);
    // The findings table after them lists paths of its own: look at the two tables alone.
    const section = (title: string): string => {
      const start = r.stdout.indexOf(title);
      expect(start).toBeGreaterThanOrEqual(0);
      const next = r.stdout.indexOf('\n\n', start);
      return r.stdout.slice(start, next < 0 ? undefined : next);
    };
    const hidden = section('Largest hidden files');
    expect(hidden).toContain('/tmp/build/bundle.o');
    expect(hidden).not.toContain('/tmp/build/bundle.map');
    const dups = section('Largest duplicate groups');
    expect(dups).toContain('/app/static/bundle.min.js');
    expect(dups).not.toContain('/app/config.prod.json');
  });
});

/**
 * The same figures without imgdiet: GNU tar lists and extracts each layer, whiteouts are applied by hand, and
 * the final tree is measured on disk.
 */
describe('independent computation with GNU tar', () => {
  interface ManifestEntry {
    Config: string;
    RepoTags: string[];
    Layers: string[];
  }
  const tarOut = (args: string[]): Buffer => execFileSync('tar', args, { maxBuffer: 64 * 1024 * 1024 });
  const member = (name: string): Buffer => tarOut(['-xOf', SAMPLE_TAR, name]);
  const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

  test('ids, layer bytes, final bytes, files, hidden and duplicate bytes', () => {
    const [manifest] = JSON.parse(member('manifest.json').toString()) as ManifestEntry[];
    const config = member(manifest.Config);
    expect(`sha256:${sha(config)}`).toBe(analysis.image.id);
    expect(manifest.RepoTags).toEqual(analysis.image.tags);

    const root = path.join(work, 'rootfs');
    fs.mkdirSync(root);
    let layerBytes = 0;
    const perLayer: number[] = [];
    const diffIds: string[] = [];
    for (const name of manifest.Layers) {
      const file = path.join(work, 'layer.tar');
      fs.writeFileSync(file, member(name));
      diffIds.push(`sha256:${sha(fs.readFileSync(file))}`);
      // `-rw-r--r-- 0/0  329 2024-01-01 00:00 app/app.py`: the third column of a regular file ("-") is its size.
      const listing = tarOut(['-tvf', file, '--numeric-owner']).toString().split('\n');
      const bytes = listing.filter((l) => l.startsWith('-')).reduce((n, l) => n + Number(l.split(/\s+/)[2]), 0);
      perLayer.push(bytes);
      layerBytes += bytes;
      for (const entry of tarOut(['-tf', file]).toString().split('\n')) {
        const base = path.posix.basename(entry);
        if (!base.startsWith('.wh.')) continue;
        const dir = path.join(root, path.posix.dirname(entry));
        if (base === '.wh..wh..opq') {
          for (const child of fs.existsSync(dir) ? fs.readdirSync(dir) : []) fs.rmSync(path.join(dir, child), { recursive: true, force: true });
        } else {
          fs.rmSync(path.join(dir, base.slice('.wh.'.length)), { recursive: true, force: true });
        }
      }
      tarOut(['-xf', file, '-C', root, '--exclude=.wh.*']);
    }
    const real = analysis.layers.filter((l) => !l.emptyLayer);
    expect(real.map((l) => l.sizeBytes)).toEqual(perLayer);
    expect(real.map((l) => l.digest)).toEqual(diffIds);
    expect(analysis.totals.layerBytes).toBe(layerBytes);

    let finalBytes = 0;
    let finalFiles = 0;
    const inodes = new Set<number>();
    const byHash = new Map<string, { size: number; count: number }>();
    const walk = (dir: string): void => {
      for (const name of fs.readdirSync(dir)) {
        const p = path.join(dir, name);
        const st = fs.lstatSync(p);
        if (st.isDirectory()) {
          walk(p);
          continue;
        }
        finalFiles++;
        if (!st.isFile() || inodes.has(st.ino)) continue;
        inodes.add(st.ino);
        finalBytes += st.size;
        if (st.size === 0) continue;
        const h = sha(fs.readFileSync(p));
        const g = byHash.get(h) ?? { size: st.size, count: 0 };
        g.count++;
        byHash.set(h, g);
      }
    };
    walk(root);
    const duplicateBytes = [...byHash.values()].reduce((n, g) => n + (g.count - 1) * g.size, 0);
    expect({ finalBytes, finalFiles, duplicateBytes, hiddenBytes: layerBytes - finalBytes }).toEqual({
      finalBytes: analysis.totals.finalBytes,
      finalFiles: analysis.totals.finalFiles,
      duplicateBytes: analysis.totals.duplicateBytes,
      hiddenBytes: analysis.totals.hiddenBytes,
    });
  });
});
