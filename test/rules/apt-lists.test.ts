import { analyzeSteps, run } from '../helpers/analyze-built';
import { dir, file, removeTemps, whiteout } from '../helpers/image-builder';
import { findingsOf } from '../helpers/rules';

afterAll(removeTemps);

const lists = 'var/lib/apt/lists';
const update = run('apt-get update', [
  dir(lists),
  file(`${lists}/deb.debian.org_debian_dists_bookworm_InRelease`, 'r'.repeat(1500)),
  file(`${lists}/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4`, 'p'.repeat(9000)),
  file(`${lists}/lock`, ''),
]);

describe('apt-lists', () => {
  it('reports visible lists with their bytes, largest first, and the layer that added them', async () => {
    const [f, ...rest] = await findingsOf('apt-lists', [run('true', [file('etc/debian_version', '12.5\n')]), update]);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ category: 'waste', severity: 'medium', bytes: 10500, layer: 1, hiddenBy: null, pathCount: 2 });
    expect(f.paths).toEqual([
      { path: `${lists}/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4`, bytes: 9000 },
      { path: `${lists}/deb.debian.org_debian_dists_bookworm_InRelease`, bytes: 1500 },
    ]);
    expect(f.docs).toBe('docs/rules/apt-lists.md');
  });

  it('reports lists deleted in a later RUN as still shipped, with hiddenBy, and they are not junk twice', async () => {
    const { analysis } = await analyzeSteps([update, run('rm -rf /var/lib/apt/lists/*', [whiteout(`${lists}/deb.debian.org_debian_dists_bookworm_InRelease`), whiteout(`${lists}/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4`)])]);
    const found = analysis.findings.filter((f) => f.id === 'apt-lists');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ bytes: 10500, layer: 0, hiddenBy: 1 });
    expect(found[0].message).toBe('apt package lists: 2 files, 10.5 kB added by layer 0, deleted by layer 1 but still shipped in layer 0');
    expect(analysis.totals).toMatchObject({ hiddenBytes: 10500, junkBytes: 0, wasteBytes: 10500 });
  });

  it('counts visible lists as junk in the waste total', async () => {
    const { analysis } = await analyzeSteps([update]);
    expect(analysis.totals).toMatchObject({ layerBytes: 10500, junkBytes: 10500, wasteBytes: 10500, efficiency: 0 });
  });

  it('does not fire without lists, or on a look-alike path', async () => {
    expect(await findingsOf('apt-lists', [run('x', [file('opt/var/lib/apt/lists/x', 'abc'), file(`${lists}/lock`, '')])])).toEqual([]);
  });
});
