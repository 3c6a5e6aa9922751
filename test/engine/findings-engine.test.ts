/**
 * The rules on real images built in the Docker engine (legacy builder, FROM the minbase Debian):
 *
 * - `caches`: apt installs jq with no clean-up, pip installs a local sdist with its cache on, npm installs one
 *   dependency and one devDependency with its cache on — the waste rules must report exactly the bytes the
 *   container holds in those caches, at the layer of the RUN that wrote them, and the inventories the packages
 *   with the versions dpkg, pip's METADATA and npm's package.json give inside the container.
 * - `cleaned`: the same image plus a later RUN that deletes those caches (still shipped: same bytes, hiddenBy that
 *   RUN), and `USER toor`, a second name for uid 0.
 * - `uid1000`: `USER 1000` with no passwd entry: not root.
 * - `good`: non-root user, HEALTHCHECK, tini as ENTRYPOINT, apt and pip without caches, a .dockerignore: none of
 *   the rules that judge those may fire.
 *
 * Every figure is measured in a container of the image (`docker run … sh -c 'find …'`, dpkg-query, apt's
 * history.log) or read from `docker history`, never from imgdiet. With the vfs storage driver every build step
 * copies the whole root file system, so the images share steps and have few of them; the two Dockerfiles that
 * install Python start with the same RUN, which the second build takes from the engine's build cache.
 *
 * The CA bundle of this machine goes into the build context for the one RUN that fetches from the npm registry
 * over HTTPS (NPM_CONFIG_CAFILE), and that RUN deletes it: it belongs to the test harness, not to the image.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../src/analyze/findings/list';
import type { Analysis, Finding, FindingPath, Package } from '../../src/model';
import { analyzeJson } from '../helpers/cli';
import { BASE_IMAGE, buildImage, describeEngine, docker, dockerHistory, type HistoryRow, removeImages, runContainer, uniqueName } from '../helpers/engine';
import { compress, dir, file, layerTar } from '../helpers/image-builder';

const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
// Debian's nodejs is 18, too old for npm 11: the image gets the Node 20 running these tests and its npm.
const NODE = process.execPath;
const NPM_DIR = path.join(path.dirname(path.dirname(NODE)), 'lib', 'node_modules', 'npm');
const BUILD_TIMEOUT = 1_200_000;

// Both Python images start with this step, so the second build takes it from the build cache. It cleans up
// after itself in the same RUN, so no apt rule may fire on its layer.
const PYTHON =
  'RUN apt-get update && apt-get install -y --no-install-recommends python3-pip python3-setuptools python3-wheel tini' +
  ' && apt-get clean && rm -rf /var/lib/apt/lists/*';

const CACHES_DOCKERFILE = `FROM ${BASE_IMAGE}
${PYTHON}
COPY rootfs/ /
RUN apt-get update && apt-get install -y jq
RUN pip install --break-system-packages --no-build-isolation /src/mypkg-1.0.tar.gz
RUN cd /app && NPM_CONFIG_CAFILE=/opt/build-ca.crt npm install --no-audit --no-fund && rm /opt/build-ca.crt
`;

const cleanedDockerfile = (from: string): string => `FROM ${from}
RUN rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/cache/apt/archives/*.deb /root/.cache/pip /root/.npm/_cacache \\
 && useradd --non-unique --uid 0 --gid 0 --no-create-home --home-dir /root toor
USER toor
`;

const UID1000_DOCKERFILE = `FROM ${BASE_IMAGE}
USER 1000
`;

const GOOD_DOCKERFILE = `FROM ${BASE_IMAGE}
${PYTHON}
COPY . /app/
RUN pip install --no-cache-dir --break-system-packages --no-build-isolation /app/dist/mypkg-1.0.tar.gz \\
 && useradd --uid 10001 --create-home app
ENV PYTHONUNBUFFERED=1
USER app
HEALTHCHECK CMD ["python3", "-c", "import mypkg"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["python3", "/app/app.py"]
`;

// What a .dockerignore is for: none of it may reach the good image.
const GOOD_CONTEXT: Record<string, string> = {
  'app.py': 'import mypkg\nprint(mypkg.VALUE)\n',
  '.dockerignore': '.git\n.env\n*.log\n**/__pycache__\n**/*.pyc\n.vscode\ntests\nDockerfile\n.dockerignore\n',
  '.git/HEAD': 'ref: refs/heads/main\n',
  '.git/config': '[core]\n\trepositoryformatversion = 0\n',
  '.env': 'API_TOKEN=imgdiet-test-token-not-in-the-image\n',
  'debug.log': 'started\n',
  '__pycache__/app.cpython-311.pyc': 'not really bytecode\n',
  '.vscode/settings.json': '{}\n',
  'tests/test_app.py': 'def test_value():\n    assert True\n',
};

const APP_PACKAGE_JSON = JSON.stringify(
  { name: 'demo-app', version: '1.0.0', private: true, dependencies: { ms: '2.1.3' }, devDependencies: { 'is-number': '7.0.0' } },
  null,
  2,
);

/** A source distribution pip builds a wheel from (and, with its cache on, keeps under ~/.cache/pip/wheels). */
async function sdist(): Promise<Buffer> {
  const top = 'mypkg-1.0';
  return compress(
    await layerTar([
      dir(top),
      file(`${top}/PKG-INFO`, 'Metadata-Version: 2.1\nName: mypkg\nVersion: 1.0\n'),
      file(`${top}/setup.py`, 'from setuptools import setup\n\nsetup(name="mypkg", version="1.0", packages=["mypkg"])\n'),
      dir(`${top}/mypkg`),
      file(`${top}/mypkg/__init__.py`, 'VALUE = 42\n'),
    ]),
    'gzip',
  );
}

// ── measurements inside containers ────────────────────────────────────────────────────────────────────────────

const CACHE_DIRS = '/var/lib/apt/lists /var/cache/apt /root/.cache/pip /root/.npm/_cacache /root/.npm/_logs';

/**
 * Tab-separated lines: every regular file in the cache dirs; what `apt-get install -y jq` installed (apt's own
 * history.log) with dpkg-query's version and the regular files of its file list; every installed package; mypkg's
 * METADATA and the regular files its RECORD names; the name, version, dev flag and files of the app's npm packages.
 */
const MEASURE_CACHES = `
find ${CACHE_DIRS} -type f -printf 'file\\t%s\\t%p\\n'
for p in $(sed -n '/^Commandline: apt-get install -y jq$/,/^End-Date/s/^Install: //p' /var/log/apt/history.log | sed 's/ ([^)]*)//g; s/,//g'); do
  dpkg-query -W -f='dpkg\\t\${Package}\\t\${Version}\\n' "$p"
  dpkg-query -L "$p" | while read -r f; do
    if [ -f "$f" ] && [ ! -h "$f" ]; then printf 'dpkgfile\\t%s\\t%s\\t%s\\n' "\${p%%:*}" "$(stat -c %s "$f")" "$f"; fi
  done
done
dpkg-query -W -f='installed\\t\${Package}\\n'
for d in /usr/local/lib/python3*/dist-packages/mypkg-*.dist-info; do
  sed -n 's/^Name: /pip\\tname\\t/p; s/^Version: /pip\\tversion\\t/p' "$d/METADATA"
  (cd "$d/.." && cut -d, -f1 "$d/RECORD" | while read -r f; do
    if [ -f "$f" ]; then printf 'pipfile\\t%s\\t%s\\n' "$(stat -c %s "$f")" "$f"; fi
  done)
done
for p in ms is-number; do
  node -p "const j = require('/app/node_modules/$p/package.json'); ['npm', '$p', j.name, j.version].join('\\t')"
  node -p "['npmdev', '$p', require('/app/node_modules/.package-lock.json').packages['node_modules/$p'].dev === true].join('\\t')"
  find /app/node_modules/$p -type f -printf "npmfile\\t$p\\t%s\\t%p\\n"
done
`;

interface MeasuredFile {
  /** Without the leading slash, as imgdiet names paths. */
  path: string;
  bytes: number;
}

interface Caches {
  files: MeasuredFile[];
  dpkg: Map<string, { version: string; files: MeasuredFile[] }>;
  installed: string[];
  pip: { name: string; version: string; files: MeasuredFile[] };
  npm: Map<string, { name: string; version: string; dev: boolean; files: MeasuredFile[] }>;
}

const rel = (p: string): string => p.replace(/^\/+/, '');

function parseCaches(out: string): Caches {
  const m: Caches = { files: [], dpkg: new Map(), installed: [], pip: { name: '', version: '', files: [] }, npm: new Map() };
  const npm = (name: string) => {
    if (!m.npm.has(name)) m.npm.set(name, { name: '', version: '', dev: false, files: [] });
    return m.npm.get(name)!;
  };
  for (const line of out.split('\n').filter(Boolean)) {
    const [kind, ...f] = line.split('\t');
    if (kind === 'file') m.files.push({ path: rel(f[1]), bytes: Number(f[0]) });
    else if (kind === 'dpkg') m.dpkg.set(f[0], { version: f[1], files: [] });
    else if (kind === 'dpkgfile') m.dpkg.get(f[0])!.files.push({ path: rel(f[2]), bytes: Number(f[1]) });
    else if (kind === 'installed') m.installed.push(f[0]);
    else if (kind === 'pip') m.pip[f[0] as 'name' | 'version'] = f[1];
    else if (kind === 'pipfile') m.pip.files.push({ path: f[1], bytes: Number(f[0]) });
    else if (kind === 'npm') Object.assign(npm(f[0]), { name: f[1], version: f[2] });
    else if (kind === 'npmdev') npm(f[0]).dev = f[1] === 'true';
    else if (kind === 'npmfile') npm(f[0]).files.push({ path: rel(f[2]), bytes: Number(f[1]) });
    else throw new Error(`unexpected measurement line: ${line}`);
  }
  return m;
}

const sum = (files: { bytes: number }[]): number => files.reduce((n, f) => n + f.bytes, 0);
const under = (files: MeasuredFile[], dir: string): MeasuredFile[] => files.filter((f) => f.path.startsWith(`${dir}/`));
/** Paths with bytes, in one order, leaving out empty files (a 0-byte lock reclaims nothing either way). */
const nonEmpty = (paths: (FindingPath | MeasuredFile)[]): FindingPath[] =>
  paths
    .filter((p) => p.bytes > 0)
    .map((p) => ({ path: p.path, bytes: p.bytes }))
    .sort((a, b) => a.path.localeCompare(b.path));

/** The one history entry whose instruction contains `text`: its index is the layer index imgdiet must name. */
function layerOf(history: HistoryRow[], text: string): number {
  const hits = history.map((h, i) => (h.createdBy.includes(text) ? i : -1)).filter((i) => i >= 0);
  if (hits.length !== 1) throw new Error(`expected one history entry with "${text}", found ${hits.length}`);
  return hits[0];
}

const findingsOf = (a: Analysis, id: string): Finding[] =>
  a.findings.filter((f) => f.id === id).sort((x, y) => (x.layer ?? -1) - (y.layer ?? -1) || (x.hiddenBy ?? Infinity) - (y.hiddenBy ?? Infinity));

/** The fields of a finding a test can know from the engine alone. */
const where = (f: Finding) => ({ bytes: f.bytes, layer: f.layer, hiddenBy: f.hiddenBy, paths: nonEmpty(f.paths) });

const packageOf = (a: Analysis, manager: Package['manager'], name: string, sourcePrefix = ''): Package[] =>
  a.packages.filter((p) => p.manager === manager && p.name === name && p.source.startsWith(sourcePrefix));

describeEngine('findings on images built in the Docker engine', () => {
  const caches = uniqueName('caches');
  const cleaned = uniqueName('caches-cleaned');
  const uid1000 = uniqueName('uid1000');
  const good = uniqueName('good-practice');

  const a = {} as Record<'caches' | 'cleaned' | 'uid1000' | 'good', Analysis>;
  let m: Caches;
  let left: MeasuredFile[];
  let toor: string;
  let asUid1000: string;
  let goodRoot: string;
  let goodRun: string;
  let history: { caches: HistoryRow[]; cleaned: HistoryRow[]; good: HistoryRow[] };
  let L: { jq: number; pip: number; npm: number; rm: number; goodPip: number };

  beforeAll(async () => {
    if (!fs.existsSync(path.join(NPM_DIR, 'bin', 'npm-cli.js'))) throw new Error(`no npm next to ${NODE} (looked in ${NPM_DIR})`);
    buildImage(
      caches,
      CACHES_DOCKERFILE,
      { 'rootfs/app/package.json': APP_PACKAGE_JSON, 'rootfs/src/mypkg-1.0.tar.gz': await sdist() },
      {
        copy: {
          'rootfs/usr/local/bin/node': NODE,
          'rootfs/usr/local/lib/node_modules/npm': NPM_DIR,
          'rootfs/opt/build-ca.crt': CA_BUNDLE,
        },
        symlinks: { 'rootfs/usr/local/bin/npm': '../lib/node_modules/npm/bin/npm-cli.js' },
        timeout: BUILD_TIMEOUT,
      },
    );
    buildImage(cleaned, cleanedDockerfile(caches), {}, { timeout: BUILD_TIMEOUT });
    buildImage(uid1000, UID1000_DOCKERFILE, {}, { timeout: BUILD_TIMEOUT });
    buildImage(good, GOOD_DOCKERFILE, { ...GOOD_CONTEXT, 'dist/mypkg-1.0.tar.gz': await sdist() }, { timeout: BUILD_TIMEOUT });

    history = { caches: dockerHistory(caches), cleaned: dockerHistory(cleaned), good: dockerHistory(good) };
    L = {
      jq: layerOf(history.caches, 'apt-get install -y jq'),
      pip: layerOf(history.caches, 'pip install --break-system-packages'),
      npm: layerOf(history.caches, 'npm install'),
      rm: layerOf(history.cleaned, 'rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin'),
      goodPip: layerOf(history.good, 'pip install --no-cache-dir'),
    };

    const measured = await Promise.all([
      runContainer(caches, { user: '0', script: MEASURE_CACHES }),
      runContainer(cleaned, { script: `id -u; getent passwd toor; find ${CACHE_DIRS} -type f -printf 'file\\t%s\\t%p\\n' 2>/dev/null || true` }),
      runContainer(uid1000, { script: 'id -u; getent passwd 1000 || echo "no passwd entry"' }),
      runContainer(good, {
        user: '0',
        script: "find /var/lib/apt/lists /var/cache/apt /root /home /tmp -type f -size +0c -printf '%p\\n'; find /app -printf 'app\\t%p\\n'",
      }),
      // As the engine starts it: through tini, as USER app; the HEALTHCHECK's command must work.
      runContainer(good, { args: ['sh', '-c', 'id -u && python3 -c "import mypkg; print(mypkg.VALUE)"'] }),
      ...[caches, cleaned, uid1000, good].map((ref) => analyzeJson(ref, { timeout: 600_000 })),
    ]);
    [, , asUid1000, goodRoot, goodRun] = measured as string[];
    m = parseCaches(measured[0] as string);
    const cleanedOut = (measured[1] as string).split('\n');
    toor = cleanedOut.slice(0, 2).join('\n');
    left = parseCaches(cleanedOut.slice(2).join('\n')).files;
    [a.caches, a.cleaned, a.uid1000, a.good] = measured.slice(5) as Analysis[];
  }, 2_400_000);

  afterAll(() => removeImages(uid1000, good, cleaned, caches));

  test('the images are laid out as the tests assume', () => {
    expect(history.caches.map((h) => h.createdBy.replace(/^\/bin\/sh -c (#\(nop\) )?/, '').split(' ')[0])).toEqual([
      '', // the imported base
      'apt-get',
      'COPY',
      'apt-get',
      'pip',
      'cd',
    ]);
    expect(L).toEqual({ jq: 3, pip: 4, npm: 5, rm: 6, goodPip: 3 });
    expect(a.caches.layers.map((l) => l.createdBy)).toEqual(history.caches.map((h) => h.createdBy));
    expect(a.cleaned.layers.map((l) => l.createdBy)).toEqual(history.cleaned.map((h) => h.createdBy));
  });

  describe('apt without clean-up', () => {
    test('apt-lists: every byte of /var/lib/apt/lists, at the layer of the RUN that ran apt-get update', () => {
      const lists = under(m.files, 'var/lib/apt/lists');
      expect(sum(lists)).toBeGreaterThan(1_000_000);
      expect(findingsOf(a.caches, 'apt-lists').map(where)).toEqual([{ bytes: sum(lists), layer: L.jq, hiddenBy: null, paths: nonEmpty(lists) }]);
    });

    test('apt-cache: the downloaded .debs and pkgcache.bin/srcpkgcache.bin, at the same layer', () => {
      const all = under(m.files, 'var/cache/apt');
      const cache = all.filter((f) => /^var\/cache\/apt\/(archives\/[^/]+\.deb|[^/]+\.bin)$/.test(f.path));
      // Nothing else under /var/cache/apt holds a byte (the lock files are empty).
      expect(all.filter((f) => !cache.includes(f) && f.bytes > 0)).toEqual([]);
      expect(cache.map((f) => path.basename(f.path))).toEqual(expect.arrayContaining(['pkgcache.bin', 'srcpkgcache.bin']));
      expect(cache.filter((f) => f.path.endsWith('.deb')).length).toBe(m.dpkg.size);
      expect(findingsOf(a.caches, 'apt-cache').map(where)).toEqual([{ bytes: sum(cache), layer: L.jq, hiddenBy: null, paths: nonEmpty(cache) }]);
    });

    test('deleted by a later RUN: the same bytes, still shipped in the install layer, hiddenBy that RUN', () => {
      // The later RUN did delete them: nothing of the lists or the .debs is left in a container.
      expect(nonEmpty(left.filter((f) => !f.path.startsWith('root/.npm/_logs/')))).toEqual([]);
      const lists = under(m.files, 'var/lib/apt/lists');
      const cache = under(m.files, 'var/cache/apt').filter((f) => f.bytes > 0);
      expect(findingsOf(a.cleaned, 'apt-lists').map(where)).toEqual([{ bytes: sum(lists), layer: L.jq, hiddenBy: L.rm, paths: nonEmpty(lists) }]);
      expect(findingsOf(a.cleaned, 'apt-cache').map(where)).toEqual([{ bytes: sum(cache), layer: L.jq, hiddenBy: L.rm, paths: nonEmpty(cache) }]);
    });

    test('dpkg inventory: jq and the libraries apt installed with it, versions as dpkg-query says, bytes of their files', () => {
      // apt's history.log names what `apt-get install -y jq` installed.
      expect([...m.dpkg.keys()]).toEqual(expect.arrayContaining(['jq', 'libjq1', 'libonig5']));
      for (const [name, { version, files }] of m.dpkg) {
        const expected = { manager: 'dpkg', name, version, bytes: sum(files), layer: L.jq, buildOnly: false };
        for (const image of [a.caches, a.cleaned]) {
          expect(packageOf(image, 'dpkg', name).map(({ source: _, ...p }) => p)).toEqual([expected]);
        }
      }
    });
  });

  describe('pip with its cache on', () => {
    test('pip really kept the wheel it built under /root/.cache/pip', () => {
      const cache = under(m.files, 'root/.cache/pip');
      expect(cache.map((f) => f.path)).toContainEqual(expect.stringMatching(/^root\/\.cache\/pip\/wheels\/.+\/mypkg-1\.0-py3-none-any\.whl$/));
    });

    test('pip-cache: every byte of /root/.cache/pip at the pip RUN; after the later RUN deleted it, hiddenBy that RUN', () => {
      const cache = under(m.files, 'root/.cache/pip');
      expect(findingsOf(a.caches, 'pip-cache').map(where)).toEqual([{ bytes: sum(cache), layer: L.pip, hiddenBy: null, paths: nonEmpty(cache) }]);
      expect(findingsOf(a.cleaned, 'pip-cache').map(where)).toEqual([{ bytes: sum(cache), layer: L.pip, hiddenBy: L.rm, paths: nonEmpty(cache) }]);
    });

    test('pip inventory: mypkg with the version of its METADATA and the bytes of the files its RECORD names', () => {
      expect(m.pip).toMatchObject({ name: 'mypkg', version: '1.0' });
      expect(packageOf(a.caches, 'pip', 'mypkg').map(({ source: _, ...p }) => p)).toEqual([
        { manager: 'pip', name: 'mypkg', version: m.pip.version, bytes: sum(m.pip.files), layer: L.pip, buildOnly: false },
      ]);
    });
  });

  describe('npm with its cache on', () => {
    test('npm-cache: ~/.npm/_cacache and the debug log in ~/.npm/_logs, at the npm RUN', () => {
      const cacache = under(m.files, 'root/.npm/_cacache');
      const logs = under(m.files, 'root/.npm/_logs');
      expect(sum(cacache)).toBeGreaterThan(0);
      const all = [...cacache, ...logs];
      expect(findingsOf(a.caches, 'npm-cache').map(where)).toEqual([{ bytes: sum(all), layer: L.npm, hiddenBy: null, paths: nonEmpty(all) }]);
    });

    test('npm-cache after the later RUN deleted _cacache: those bytes hidden by it, the logs still visible', () => {
      const cacache = under(m.files, 'root/.npm/_cacache');
      const logs = under(m.files, 'root/.npm/_logs');
      expect(nonEmpty(left)).toEqual(nonEmpty(logs));
      expect(findingsOf(a.cleaned, 'npm-cache').map(where)).toEqual([
        { bytes: sum(cacache), layer: L.npm, hiddenBy: L.rm, paths: nonEmpty(cacache) },
        { bytes: sum(logs), layer: L.npm, hiddenBy: null, paths: nonEmpty(logs) },
      ]);
    });

    test('npm inventory: the dependency and the devDependency with the versions of their package.json; the dev one build-only', () => {
      expect(m.npm.get('ms')).toMatchObject({ name: 'ms', version: '2.1.3', dev: false });
      expect(m.npm.get('is-number')).toMatchObject({ name: 'is-number', version: '7.0.0', dev: true });
      const app = a.caches.packages.filter((p) => p.manager === 'npm' && p.source.startsWith('app/node_modules/'));
      expect(app.map(({ source: _, ...p }) => p).sort((x, y) => x.name.localeCompare(y.name))).toEqual(
        ['is-number', 'ms'].map((name) => {
          const n = m.npm.get(name)!;
          return { manager: 'npm', name: n.name, version: n.version, bytes: sum(n.files), layer: L.npm, buildOnly: n.dev };
        }),
      );
    });

    test('build-toolchain: the devDependency is the only build-only package, with its bytes', () => {
      // No compiler, -dev headers, make or git among the Debian packages (dpkg-query in the container).
      expect(m.installed.filter((p) => /^(gcc|g\+\+|cpp|clang)(-[\d.]+)?$|^(build-essential|make|git)$|-dev$/.test(p))).toEqual([]);
      const dev = m.npm.get('is-number')!;
      const found = findingsOf(a.caches, 'build-toolchain');
      expect(found.map((f) => ({ bytes: f.bytes, paths: nonEmpty(f.paths) }))).toEqual([{ bytes: sum(dev.files), paths: nonEmpty(dev.files) }]);
    });
  });

  describe('a good-practice image', () => {
    // Rules that judge what this image does right; each must be registered, or its absence proves nothing.
    const MUST_NOT_FIRE = [
      'root-user',
      'no-healthcheck',
      'no-init',
      'apt-lists',
      'apt-cache',
      'pip-cache',
      'npm-cache',
      'python-unbuffered',
      'dockerignore',
      'secret-file',
      'untagged-base',
    ];

    test('the engine agrees it is what it claims: uid 10001 through tini, the healthcheck command works, no caches, no junk', () => {
      expect(goodRun).toBe('10001\n42\n');
      const files = goodRoot.split('\n').filter((l) => l && !l.startsWith('app\t'));
      expect(files.filter((f) => /^\/var\/lib\/apt\/lists\/|^\/var\/cache\/apt\/|\/\.cache\/|\/\.npm\//.test(f))).toEqual([]);
      const app = goodRoot.split('\n').filter((l) => l.startsWith('app\t')).map((l) => l.slice(4)).sort();
      expect(app).toEqual(['/app', '/app/app.py', '/app/dist', '/app/dist/mypkg-1.0.tar.gz']);
      const config = JSON.parse(docker(['image', 'inspect', '--format', '{{json .Config}}', good])) as { User: string; Healthcheck: { Test: string[] }; Entrypoint: string[] };
      expect({ user: config.User, healthcheck: config.Healthcheck.Test, entrypoint: config.Entrypoint }).toEqual({
        user: 'app',
        healthcheck: ['CMD', 'python3', '-c', 'import mypkg'],
        entrypoint: ['/usr/bin/tini', '--'],
      });
    });

    test('every rule this image is checked against is registered', () => {
      const registered = RULES.map((r) => r.meta.id);
      expect(MUST_NOT_FIRE.filter((id) => !registered.includes(id))).toEqual([]);
    });

    test(`none of ${MUST_NOT_FIRE.join(', ')} fires`, () => {
      const ids = a.good.findings.map((f) => `${f.id}: ${f.message}`);
      const wrong = a.good.findings.filter((f) => MUST_NOT_FIRE.includes(f.id)).map((f) => `${f.id}: ${f.message}`);
      // On failure the diff shows every finding the image drew, not only the wrong ones.
      expect({ wrong, all: ids }).toEqual({ wrong: [], all: ids });
    });

    test('the package installed without a cache is still in the pip inventory', () => {
      expect(packageOf(a.good, 'pip', 'mypkg').map((p) => ({ version: p.version, layer: p.layer }))).toEqual([{ version: '1.0', layer: L.goodPip }]);
    });
  });

  describe('root detection on the engine', () => {
    test('no USER: root-user fires, and the practice rules the caches image breaks fire too', () => {
      expect(a.caches.image.config.user).toBe('');
      expect(findingsOf(a.caches, 'root-user').map((f) => f.message)).toEqual([expect.stringMatching(/no USER/)]);
      for (const id of ['no-healthcheck', 'no-init']) expect(findingsOf(a.caches, id)).toHaveLength(1);
    });

    test('USER toor, a second name for uid 0 in /etc/passwd: the engine runs it as uid 0, root-user fires and names it', () => {
      expect(toor).toBe('0\ntoor:x:0:0::/root:/bin/sh');
      expect(a.cleaned.image.config.user).toBe('toor');
      const found = findingsOf(a.cleaned, 'root-user');
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ category: 'security', bytes: 0 });
      expect(found[0].message).toMatch(/\btoor\b/);
    });

    test('USER 1000 with no passwd entry: the engine runs it as uid 1000, root-user does not fire', () => {
      expect(asUid1000).toBe('1000\nno passwd entry\n');
      expect(a.uid1000.image.config.user).toBe('1000');
      expect(findingsOf(a.uid1000, 'root-user')).toEqual([]);
    });
  });
});
