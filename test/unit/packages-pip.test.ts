/** pip inventory: *.dist-info METADATA for name and version, RECORD for the files, bytes from the final tree. */
import { run } from '../helpers/analyze-built';
import { file, hardlink, removeTemps, whiteout } from '../helpers/image-builder';
import { body, packagesOf, rows } from '../helpers/packages';
import { recordPaths } from '../../src/analyze/packages/pip';

afterAll(removeTemps);

const SITE = 'usr/local/lib/python3.12/site-packages';
const len = (s: string): number => Buffer.byteLength(s);

/** METADATA as a wheel writes it; the body after the headers says `Name:` again, which must not count. */
const metadata = (name: string, version: string): string =>
  `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\nSummary: the ${name} package\nClassifier: A\nClassifier: B\n\n# ${name}\n\nName: not-the-name\n`;

/** A RECORD whose sizes are wrong on purpose: the inventory measures the tree. */
const record = (...paths: string[]): string => `${paths.map((p) => (p.includes(',') ? `"${p}"` : p) + ',sha256=AAAA,99999').join('\n')}\n`;

const pipMeta = metadata('pip', '24.0');
const pipRecord = record('pip/__init__.py', 'pip/_internal/main.py', '../../../bin/pip', 'pip-24.0.dist-info/METADATA', 'pip-24.0.dist-info/RECORD', 'pip/__pycache__/gone.pyc');
const base = run('#(nop) ADD file:python in /', [
  file(`${SITE}/pip-24.0.dist-info/METADATA`, pipMeta),
  file(`${SITE}/pip-24.0.dist-info/RECORD`, pipRecord),
  file(`${SITE}/pip/__init__.py`, body(400, 'i')),
  file(`${SITE}/pip/_internal/main.py`, body(300, 'm')),
  file('usr/local/bin/pip', body(200, 'p')),
  // Debian's python3-six: a dist-info without RECORD.
  file('usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA', metadata('six', '1.16.0')),
  file('usr/lib/python3/dist-packages/six-1.16.0.dist-info/top_level.txt', 'six\n'),
  file('usr/lib/python3/dist-packages/six.py', body(3000, 's')),
]);

const flaskMeta = metadata('Flask', '3.0.0');
const flaskRecord = record('flask/__init__.py', 'flask/app.py', 'flask/we,ird.txt', '../../../bin/flask', '../../../bin/flask3', 'flask-3.0.0.dist-info/METADATA', 'flask-3.0.0.dist-info/RECORD');
const wheelMeta = metadata('wheel', '0.42.0');
const wheelRecord = record('wheel/__init__.py', 'wheel-0.42.0.dist-info/METADATA', 'wheel-0.42.0.dist-info/RECORD');
const install = run('pip install flask==3.0.0 wheel', [
  file(`${SITE}/flask-3.0.0.dist-info/METADATA`, flaskMeta),
  file(`${SITE}/flask-3.0.0.dist-info/RECORD`, flaskRecord),
  file(`${SITE}/flask/__init__.py`, body(100, 'f')),
  file(`${SITE}/flask/app.py`, body(5000, 'a')),
  file(`${SITE}/flask/we,ird.txt`, body(10, 'w')),
  file('usr/local/bin/flask', body(220, 'b')),
  hardlink('usr/local/bin/flask3', 'usr/local/bin/flask'),
  file(`${SITE}/wheel-0.42.0.dist-info/METADATA`, wheelMeta),
  file(`${SITE}/wheel-0.42.0.dist-info/RECORD`, wheelRecord),
  file(`${SITE}/wheel/__init__.py`, body(700, 'W')),
]);

describe('pip inventory', () => {
  it('reads METADATA and measures RECORD paths (../ to bin, quoted commas, hard links once) in the tree', async () => {
    const { packages, finalBytes } = await packagesOf('pip', [base, install]);
    expect(rows(packages)).toEqual([
      ['Flask', '3.0.0', 100 + 5000 + 10 + 220 + len(flaskMeta) + len(flaskRecord), 1, false],
      ['pip', '24.0', 400 + 300 + 200 + len(pipMeta) + len(pipRecord), 0, false],
      ['six', '1.16.0', len(metadata('six', '1.16.0')) + 4, 0, false],
      ['wheel', '0.42.0', 700 + len(wheelMeta) + len(wheelRecord), 1, true],
    ]);
    expect(packages.find((p) => p.name === 'Flask')?.source).toBe(`${SITE}/flask-3.0.0.dist-info/METADATA`);
    expect(packages.reduce((n, p) => n + p.bytes, 0)).toBeLessThanOrEqual(finalBytes);
  });

  it('follows an upgrade, a file overwritten later and an uninstall', async () => {
    const meta303 = metadata('Flask', '3.0.3');
    const record303 = record('flask/__init__.py', 'flask/app.py', '../../../bin/flask', 'flask-3.0.3.dist-info/METADATA', 'flask-3.0.3.dist-info/RECORD');
    const upgrade = run('pip install --upgrade flask==3.0.3', [
      whiteout(`${SITE}/flask-3.0.0.dist-info`),
      whiteout(`${SITE}/flask/we,ird.txt`),
      whiteout('usr/local/bin/flask3'),
      file(`${SITE}/flask-3.0.3.dist-info/METADATA`, meta303),
      file(`${SITE}/flask-3.0.3.dist-info/RECORD`, record303),
      file(`${SITE}/flask/app.py`, body(5200, 'A')),
      file('usr/local/bin/flask', body(220, 'c')),
    ]);
    const patch = run('#(nop) COPY file:patched in /usr/local/lib/python3.12/site-packages/flask/app.py', [file(`${SITE}/flask/app.py`, body(6000, 'P'))]);
    const uninstall = run('pip uninstall -y wheel', [whiteout(`${SITE}/wheel-0.42.0.dist-info`), whiteout(`${SITE}/wheel`)]);
    const { packages } = await packagesOf('pip', [base, install, upgrade, patch, uninstall]);
    expect(rows(packages)).toEqual([
      ['Flask', '3.0.3', 100 + 6000 + 220 + len(meta303) + len(record303), 2, false],
      ['pip', '24.0', 400 + 300 + 200 + len(pipMeta) + len(pipRecord), 0, false],
      ['six', '1.16.0', len(metadata('six', '1.16.0')) + 4, 0, false],
    ]);
  });

  it('counts a file two dist-infos list for the one the later layer installed', async () => {
    const stale = run('pip install --target', [
      file(`${SITE}/demo-2.0.dist-info/METADATA`, metadata('demo', '2.0')),
      file(`${SITE}/demo-2.0.dist-info/RECORD`, record('demo.py')),
      file(`${SITE}/demo.py`, body(90, 'd')),
    ]);
    const old = run('pip install demo==1.0', [
      file(`${SITE}/demo-1.0.dist-info/METADATA`, metadata('demo', '1.0')),
      file(`${SITE}/demo-1.0.dist-info/RECORD`, record('demo.py')),
    ]);
    const { packages } = await packagesOf('pip', [stale, old]);
    expect(rows(packages)).toEqual([
      ['demo', '1.0', 90, 1, false],
      ['demo', '2.0', 0, 0, false],
    ]);
  });
});

describe('recordPaths', () => {
  it('joins to the directory that holds the dist-info, unquotes CSV and keeps paths inside the image', () => {
    expect(recordPaths('a/b.py,sha256=x,1\r\n"c,d/""e"".txt",,\n../../../bin/x,,\n/etc/abs,,\n../../../../../../../../etc/passwd,,\n', 'usr/lib/python3/site-packages')).toEqual([
      'usr/lib/python3/site-packages/a/b.py',
      'usr/lib/python3/site-packages/c,d/"e".txt',
      'usr/bin/x',
      'etc/abs',
      'etc/passwd',
    ]);
  });
});
