/** The final tree and hidden bytes (DESIGN.md "Definitions"), through the whole analysis of built images. */
import { analyzeSteps, expectConsistent, run } from '../helpers/analyze-built';
import { dir, file, hardlink, opaque, removeTemps, symlink, whiteout } from '../helpers/image-builder';

afterAll(removeTemps);

const bytes = (n: number, fill: string): string => fill.repeat(n);

function hiddenOf(path: string, content: string, addedByLayer: number, hiddenByLayer: number, reason: string) {
  return { path, bytes: content.length, addedByLayer, hiddenByLayer, reason };
}

async function analyze(...steps: Parameters<typeof analyzeSteps>[0]) {
  const result = await analyzeSteps(steps);
  expectConsistent(result.analysis);
  return { ...result, finalPaths: result.filesystem.files.map((f) => result.filesystem.path(f)) };
}

describe('layer size', () => {
  it('is the regular-file bytes of the layer tar; directories, links and whiteouts add 0', async () => {
    const { analysis } = await analyze(
      run('base', [dir('etc/'), file('etc/a', bytes(100, 'a')), file('etc/empty', '')]),
      run('links', [dir('etc/'), symlink('etc/s', 'a'), hardlink('etc/h', 'etc/a'), whiteout('etc/none'), opaque('var'), file('etc/b', bytes(7, 'b'))]),
    );
    expect(analysis.layers.map((l) => [l.sizeBytes, l.files, l.whiteouts])).toEqual([
      [100, 2, 0],
      [7, 3, 2],
    ]);
    expect(analysis.totals.layerBytes).toBe(107);
    expect(analysis.totals.finalBytes).toBe(107);
    expect(analysis.totals.finalFiles).toBe(5); // etc/a, etc/b, etc/empty, etc/h, etc/s
    expect(analysis.hidden).toEqual([]);
  });
});

describe('overwrite', () => {
  it('hides the lower version with the layer that added it and the layer that overwrote it', async () => {
    const v1 = bytes(900, '1');
    const v2 = bytes(150, '2');
    const { analysis, finalPaths } = await analyze(
      run('one', [dir('etc/'), file('etc/app.conf', v1)]),
      run('two', [dir('etc/'), file('etc/app.conf', v2)]),
    );
    expect(analysis.hidden).toEqual([hiddenOf('etc/app.conf', v1, 0, 1, 'overwritten')]);
    expect(analysis.totals).toMatchObject({ layerBytes: 1050, finalBytes: 150, hiddenBytes: 900 });
    expect(analysis.layers.map((l) => l.hiddenBytes)).toEqual([900, 0]);
    expect(finalPaths).toEqual(['etc/app.conf']);
  });

  it('counts a path written twice in one layer tar: the first copy is hidden by its own layer', async () => {
    const { analysis } = await analyze(run('twice', [file('a', 'first'), file('a', 'second!')]));
    expect(analysis.layers[0].sizeBytes).toBe(12);
    expect(analysis.hidden).toEqual([hiddenOf('a', 'first', 0, 0, 'overwritten')]);
  });

  it('hides a file replaced by a symlink', async () => {
    const zone = bytes(2000, 'z');
    const { analysis } = await analyze(
      run('tz', [dir('etc/'), file('etc/localtime', zone)]),
      run('ln', [dir('etc/'), symlink('etc/localtime', '/usr/share/zoneinfo/UTC')]),
    );
    expect(analysis.hidden).toEqual([hiddenOf('etc/localtime', zone, 0, 1, 'overwritten')]);
    expect(analysis.totals.finalBytes).toBe(0);
  });
});

describe('file whiteout', () => {
  it('.wh.NAME deletes NAME from the lower layers', async () => {
    const gone = bytes(10_000, 'g');
    const { analysis, finalPaths } = await analyze(
      run('add', [dir('a/'), file('a/keep', 'keep'), file('a/gone', gone)]),
      run('rm a/gone', [dir('a/'), whiteout('a/gone')]),
    );
    expect(analysis.hidden).toEqual([hiddenOf('a/gone', gone, 0, 1, 'deleted')]);
    expect(finalPaths).toEqual(['a/keep']);
    expect(analysis.layers.map((l) => [l.sizeBytes, l.files, l.whiteouts, l.hiddenBytes])).toEqual([
      [10_004, 2, 0, 10_000],
      [0, 0, 1, 0],
    ]);
  });

  it('applies only to lower layers: a path the same layer adds again stays, whatever the tar order', async () => {
    const { analysis, finalPaths } = await analyze(
      run('add', [file('x', 'old')]),
      run('replace', [file('x', 'new!'), whiteout('x')]),
    );
    expect(analysis.hidden).toEqual([hiddenOf('x', 'old', 0, 1, 'deleted')]);
    expect(finalPaths).toEqual(['x']);
    expect(analysis.totals.finalBytes).toBe(4);
  });

  it('of a path no lower layer has hides nothing', async () => {
    const { analysis } = await analyze(run('add', [file('x', 'old')]), run('rm', [whiteout('nothing/here')]));
    expect(analysis.hidden).toEqual([]);
    expect(analysis.totals.finalBytes).toBe(3);
  });
});

describe('directory whiteout', () => {
  it('hides the whole subtree, from every lower layer', async () => {
    const run1 = bytes(100, 'r');
    const so = bytes(200, 's');
    const doc = bytes(50, 'd');
    const { analysis, finalPaths } = await analyze(
      run('install', [dir('opt/'), dir('opt/tool/'), dir('opt/tool/bin/'), file('opt/tool/bin/run', run1), dir('opt/tool/lib/'), file('opt/tool/lib/x.so', so), symlink('opt/tool/current', 'lib'), file('opt/other', 'other!!')]),
      run('docs', [dir('opt/tool/share/'), file('opt/tool/share/doc', doc)]),
      run('rm -rf /opt/tool', [dir('opt/'), whiteout('opt/tool')]),
    );
    expect(analysis.hidden).toEqual([
      hiddenOf('opt/tool/lib/x.so', so, 0, 2, 'deleted'),
      hiddenOf('opt/tool/bin/run', run1, 0, 2, 'deleted'),
      hiddenOf('opt/tool/share/doc', doc, 1, 2, 'deleted'),
    ]);
    expect(finalPaths).toEqual(['opt/other']);
    expect(analysis.layers.map((l) => l.hiddenBytes)).toEqual([300, 50, 0]);
    expect(analysis.totals).toMatchObject({ layerBytes: 357, finalBytes: 7, hiddenBytes: 350 });
  });
  it('then the same directory made again in that layer (rm -rf d && mkdir d) shows only the new content', async () => {
    const { analysis, finalPaths } = await analyze(
      run('fill', [dir('d/'), file('d/a', 'aaaa'), dir('d/sub/'), file('d/sub/b', 'bb')]),
      run('rm -rf /d && mkdir /d && touch /d/c', [whiteout('d'), dir('d/'), file('d/c', 'c')]),
    );
    expect(analysis.hidden).toEqual([hiddenOf('d/a', 'aaaa', 0, 1, 'deleted'), hiddenOf('d/sub/b', 'bb', 0, 1, 'deleted')]);
    expect(finalPaths).toEqual(['d/c']);
  });
});

describe('opaque directory', () => {
  it('hides everything lower layers had under the directory and keeps what its own layer puts there', async () => {
    const a = bytes(30, 'a');
    const b = bytes(40, 'b');
    const { analysis, finalPaths } = await analyze(
      run('fill', [dir('var/'), dir('var/cache/'), file('var/cache/a', a), dir('var/cache/sub/'), file('var/cache/sub/b', b), file('var/keep', 'keep!')]),
      // The marker after the new file: it still acts on the lower layers only.
      run('reset', [dir('var/cache/'), file('var/cache/new', 'new-file'), opaque('var/cache')]),
    );
    expect(analysis.hidden).toEqual([hiddenOf('var/cache/sub/b', b, 0, 1, 'opaque'), hiddenOf('var/cache/a', a, 0, 1, 'opaque')]);
    expect(finalPaths).toEqual(['var/cache/new', 'var/keep']);
    expect(analysis.layers[1]).toMatchObject({ sizeBytes: 8, files: 1, whiteouts: 1, hiddenBytes: 0 });
  });

  it('at the root hides the whole lower tree', async () => {
    const { analysis, finalPaths } = await analyze(run('a', [file('a', 'aaa'), dir('d/'), file('d/b', 'bb')]), run('b', [opaque('.'), file('c', 'c')]));
    expect(analysis.hidden).toEqual([hiddenOf('a', 'aaa', 0, 1, 'opaque'), hiddenOf('d/b', 'bb', 0, 1, 'opaque')]);
    expect(finalPaths).toEqual(['c']);
  });
});

describe('hard links', () => {
  const busybox = bytes(1000, 'B');
  const base = run('busybox', [dir('bin/'), file('bin/busybox', busybox, { mode: 0o755 }), hardlink('bin/sh', 'bin/busybox'), hardlink('bin/ls', 'bin/busybox')]);

  it('share one body: counted once in the layer, the final tree and never as duplicates', async () => {
    const { analysis, finalPaths } = await analyze(base);
    expect(analysis.layers[0]).toMatchObject({ sizeBytes: 1000, files: 3 });
    expect(analysis.totals).toMatchObject({ layerBytes: 1000, finalBytes: 1000, hiddenBytes: 0, duplicateBytes: 0, finalFiles: 3 });
    expect(analysis.duplicates).toEqual([]);
    expect(finalPaths).toEqual(['bin/busybox', 'bin/ls', 'bin/sh']);
  });

  it('keep the body visible while any link is left; it is hidden when the last one goes', async () => {
    const rmBusybox = run('rm /bin/busybox', [dir('bin/'), whiteout('bin/busybox')]);
    const one = await analyze(base, rmBusybox);
    expect(one.analysis.hidden).toEqual([]);
    expect(one.analysis.totals.finalBytes).toBe(1000);
    expect(one.finalPaths).toEqual(['bin/ls', 'bin/sh']);

    const all = await analyze(base, rmBusybox, run('rm /bin/sh /bin/ls', [dir('bin/'), whiteout('bin/sh'), whiteout('bin/ls')]));
    expect(all.analysis.hidden).toEqual([hiddenOf('bin/busybox', busybox, 0, 2, 'deleted')]);
    expect(all.analysis.totals).toMatchObject({ layerBytes: 1000, finalBytes: 0, hiddenBytes: 1000 });
  });

  it('keep the old body when the first path is overwritten, next to the new one', async () => {
    const { analysis } = await analyze(base, run('upgrade', [dir('bin/'), file('bin/busybox', bytes(500, 'N'))]));
    expect(analysis.hidden).toEqual([]);
    expect(analysis.totals).toMatchObject({ layerBytes: 1500, finalBytes: 1500 });
  });
});

describe('directory replaced by a file', () => {
  it('hides the whole subtree with reason replaced', async () => {
    const a = bytes(10, 'a');
    const b = bytes(20, 'b');
    const { analysis, finalPaths } = await analyze(
      run('dir', [dir('srv/'), dir('srv/data/'), file('srv/data/a', a), dir('srv/data/deep/'), file('srv/data/deep/b', b)]),
      run('file', [dir('srv/'), file('srv/data', 'xyz')]),
    );
    expect(analysis.hidden).toEqual([hiddenOf('srv/data/deep/b', b, 0, 1, 'replaced'), hiddenOf('srv/data/a', a, 0, 1, 'replaced')]);
    expect(finalPaths).toEqual(['srv/data']);
    expect(analysis.totals.finalBytes).toBe(3);
  });

  it('by a symlink hides the subtree too', async () => {
    const { analysis, finalPaths } = await analyze(
      run('dir', [dir('app/'), dir('app/logs/'), file('app/logs/1.log', 'log-line')]),
      run('ln', [dir('app/'), symlink('app/logs', '/var/log/app')]),
    );
    expect(analysis.hidden).toEqual([hiddenOf('app/logs/1.log', 'log-line', 0, 1, 'replaced')]);
    expect(finalPaths).toEqual(['app/logs']);
  });
});

describe('file replaced by a directory', () => {
  it('hides the file when a directory entry takes its path', async () => {
    const { analysis, finalPaths } = await analyze(
      run('file', [dir('srv/'), file('srv/data', 'xyz')]),
      run('dir', [dir('srv/'), dir('srv/data/'), file('srv/data/a', 'aaaa')]),
    );
    expect(analysis.hidden).toEqual([hiddenOf('srv/data', 'xyz', 0, 1, 'overwritten')]);
    expect(finalPaths).toEqual(['srv/data/a']);
  });

  it('hides the file when a path below it appears without a directory entry', async () => {
    const { analysis, finalPaths } = await analyze(run('file', [file('x', 'xyz')]), run('below', [file('x/y', 'yyyy')]));
    expect(analysis.hidden).toEqual([hiddenOf('x', 'xyz', 0, 1, 'overwritten')]);
    expect(finalPaths).toEqual(['x/y']);
  });
});

describe('long names', () => {
  it.each<['pax' | 'gnu']>([['pax'], ['gnu']])('%s long names are whole paths in the tree and the hidden list', async (longName) => {
    const deep = `usr/share/${'n'.repeat(110)}`;
    const name = `${deep}/${'f'.repeat(140)}.dat`;
    const body = bytes(64, 'L');
    const { analysis, finalPaths } = await analyze(
      run('add', [{ ...dir(`${deep}/`), longName }, file(name, body, { longName }), file('copy.dat', body)]),
      run('rm', [{ ...whiteout(name), longName }]),
    );
    expect(analysis.hidden).toEqual([hiddenOf(name, body, 0, 1, 'deleted')]);
    expect(finalPaths).toEqual(['copy.dat']);
  });
});
