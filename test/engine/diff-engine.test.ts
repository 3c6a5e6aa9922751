/**
 * `imgdiet diff` on a real Docker engine: a baseline and a grown image built there from one Dockerfile (legacy
 * builder, FROM the minbase Debian) whose RUN writes the files a requirements list names — as `pip install -r
 * requirements.txt` would — and a grown list. The RUN's text is the same in both, so the diff pairs the two layers
 * by instruction and names it with its growth. Every figure is checked against the engine's own word: `docker
 * history` for layer sizes, `docker image inspect` for diffIDs, and `stat`/`sha256sum` run in containers for files.
 */
import type { ImageDiff } from '../../src/diff/model';
import { ellipsize } from '../../src/util/units';
import { runCli } from '../helpers/cli';
import { BASE_IMAGE, buildImage, describeEngine, dockerHistory, inspectImage, removeImages, runContainer, uniqueName } from '../helpers/engine';

const RUN = 'cd /opt/app && grep -v "^#" requirements.txt | while read -r name bytes; do head -c "$bytes" /dev/urandom > "$name"; done';

const dockerfile = (extra: string): string => `FROM ${BASE_IMAGE}
COPY requirements.txt /opt/app/requirements.txt
RUN ${RUN}
${extra}`;

// Random bytes: lib-b.bin keeps its size but not its content. The first line makes every test run's COPY its own,
// so that no build takes a step from the cache of another run on the same engine (which may be deleting it).
const RUN_ID = `# test run ${process.pid}-${Date.now().toString(36)}\n`;
const BASELINE_LIST = `${RUN_ID}lib-a.bin 200000\nlib-b.bin 50000\nlib-d.bin 30000\n`;
const GROWN_LIST = `${RUN_ID}lib-a.bin 500000\nlib-b.bin 50000\nlib-c.bin 120000\n`;
const EXTRA = 'RUN head -c 40000 /dev/urandom > /opt/app/extra.bin\n';

interface Measured {
  /** `stat -c '%s %n'` of /opt/app/*: path (no leading slash) → bytes. */
  sizes: Map<string, number>;
  sums: Map<string, string>;
}

async function measure(name: string): Promise<Measured> {
  const sizes = new Map<string, number>();
  const sums = new Map<string, string>();
  for (const line of (await runContainer(name, { script: "stat -c '%s %n' /opt/app/*" })).trim().split('\n')) {
    const [bytes, path] = line.split(' ');
    sizes.set(path.slice(1), Number(bytes));
  }
  for (const line of (await runContainer(name, { script: 'sha256sum /opt/app/*' })).trim().split('\n')) {
    const [sum, path] = line.split(/\s+/);
    sums.set(path.slice(1), sum);
  }
  return { sizes, sums };
}

describeEngine('imgdiet diff on images in the Docker engine', () => {
  const baseline = uniqueName('diff-baseline');
  const grown = uniqueName('diff-grown');
  let d: ImageDiff;
  let text: string;
  let before: Measured;
  let after: Measured;

  beforeAll(async () => {
    buildImage(baseline, dockerfile(''), { 'requirements.txt': BASELINE_LIST });
    buildImage(grown, dockerfile(EXTRA), { 'requirements.txt': GROWN_LIST });
    [before, after] = await Promise.all([measure(baseline), measure(grown)]);
    const json = await runCli(['diff', baseline, grown, '--json']);
    if (json.code !== 0) throw new Error(`imgdiet diff --json exited ${json.code}: ${json.stderr}`);
    d = JSON.parse(json.stdout) as ImageDiff;
    const t = await runCli(['diff', baseline, grown]);
    if (t.code !== 0) throw new Error(`imgdiet diff exited ${t.code}: ${t.stderr}`);
    text = t.stdout;
  }, 900_000);

  afterAll(() => removeImages(baseline, grown));

  test('layers: the base shared by diffID, COPY and RUN changed and paired by instruction, the extra RUN added', () => {
    const oldHistory = dockerHistory(baseline);
    const newHistory = dockerHistory(grown);
    const size = (rows: typeof newHistory, text: string) => (rows.find((h) => h.createdBy.includes(text)) as { size: number }).size;
    const oldRun = size(oldHistory, RUN);
    const newRun = size(newHistory, RUN);
    // What the RUN wrote, by the list: 280,000 bytes before, 670,000 after.
    expect([oldRun, newRun]).toEqual([280_000, 670_000]);
    expect(d.layers.map((l) => [l.status, l.instructionKind, l.deltaBytes])).toEqual([
      ['shared', 'OTHER', 0],
      ['changed', 'COPY', GROWN_LIST.length - BASELINE_LIST.length],
      ['changed', 'RUN', newRun - oldRun],
      ['added', 'RUN', size(newHistory, 'extra.bin')],
    ]);
    expect(d.layers[1].key).toBe('COPY file:… in /opt/app/requirements.txt');
    expect(d.layers[2]).toMatchObject({ instruction: `RUN ${RUN}`, old: { sizeBytes: oldRun }, new: { sizeBytes: newRun } });
    const [oldIds, newIds] = [inspectImage(baseline).diffIds, inspectImage(grown).diffIds];
    expect(d.layers.map((l) => [l.old?.digest ?? null, l.new?.digest ?? null])).toEqual([
      [oldIds[0], newIds[0]],
      [oldIds[1], newIds[1]],
      [oldIds[2], newIds[2]],
      [null, newIds[3]],
    ]);
    expect(oldIds[0]).toBe(newIds[0]);
  });

  test('totals: layer bytes change by what docker history adds up, files by what ls counts', () => {
    const sum = (name: string) => dockerHistory(name).reduce((n, h) => n + h.size, 0);
    expect(d.totals.layerBytes).toEqual({ old: sum(baseline), new: sum(grown), delta: sum(grown) - sum(baseline) });
    expect(d.totals.layerCount).toEqual({ old: 3, new: 4, delta: 1 });
    expect(d.totals.finalFiles.delta).toBe(after.sizes.size - before.sizes.size);
    expect(d.old.id).toBe(inspectImage(baseline).id);
    expect(d.new.id).toBe(inspectImage(grown).id);
  });

  test('files: what grew, was added, removed or rewritten at the same size, as stat and sha256sum see them', () => {
    const rows = (list: ImageDiff['files']['grown']) => list.map((c) => [c.path, c.oldBytes, c.newBytes]);
    const s = (m: Measured, p: string) => m.sizes.get(p) as number;
    expect(rows(d.files.grown)).toEqual([
      ['opt/app/lib-a.bin', s(before, 'opt/app/lib-a.bin'), s(after, 'opt/app/lib-a.bin')],
      ['opt/app/requirements.txt', s(before, 'opt/app/requirements.txt'), s(after, 'opt/app/requirements.txt')],
    ]);
    expect(s(after, 'opt/app/lib-a.bin') - s(before, 'opt/app/lib-a.bin')).toBe(300_000);
    expect(rows(d.files.added)).toEqual([
      ['opt/app/lib-c.bin', null, s(after, 'opt/app/lib-c.bin')],
      ['opt/app/extra.bin', null, s(after, 'opt/app/extra.bin')],
    ]);
    expect(rows(d.files.removed)).toEqual([['opt/app/lib-d.bin', s(before, 'opt/app/lib-d.bin'), null]]);
    expect(d.files.shrunk).toEqual([]);
    expect(before.sums.get('opt/app/lib-b.bin')).not.toBe(after.sums.get('opt/app/lib-b.bin'));
    expect(rows(d.files.changed)).toEqual([['opt/app/lib-b.bin', 50_000, 50_000]]);
    // Nothing outside /opt/app differs: the base is the same bytes.
    const all = [...d.files.grown, ...d.files.added, ...d.files.removed, ...d.files.changed].map((c) => c.path);
    expect(all.every((p) => p.startsWith('opt/app/'))).toBe(true);
  });

  test('the text report names the instruction and the files that grew', () => {
    const lines = text.split('\n');
    const runRow = lines.find((l) => l.includes('│ changed │') && l.includes('RUN cd /opt/app')) ?? '';
    expect(runRow).toMatch(/│ +280 kB │ +670 kB │ +\+390 kB │$/);
    // The changes-by-instruction row (the text is cut in the middle to fit).
    const cells = (l: string) => l.split('│').slice(1, -1).map((c) => c.trim());
    expect(lines.map(cells)).toContainEqual(['+390 kB', ellipsize(`RUN ${RUN}`, 60), '280 kB', '670 kB']);
    expect(lines.some((l) => /│ +\+300 kB │ \/opt\/app\/lib-a\.bin +│ +200 kB │ +500 kB │ #\d+ RUN cd \/opt\/app/.test(l))).toBe(true);
    expect(lines.some((l) => /│ +\+120 kB │ \/opt\/app\/lib-c\.bin +│/.test(l))).toBe(true);
  });
});
