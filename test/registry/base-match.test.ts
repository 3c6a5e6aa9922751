/**
 * Base detection against a real loopback registry: a base B (Debian plus one RUN) is pushed there and removed
 * from the engine; an app built FROM B names it in org.opencontainers.image.base.name. With --base-registry the
 * registry's config for B (diff_ids a proper prefix of the app's) fixes the boundary; with `off` nothing is asked.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Analysis } from '../../src/model';
import { runCli } from '../helpers/cli';
import { BASE_IMAGE, buildImage, describeEngine, docker, dockerHistory, removeImages, saveImage, uniqueName } from '../helpers/engine';
import { describeRegistry, Registry, startRegistry } from '../helpers/registry';

describeEngine('base detection matched in a registry', () => {
  describeRegistry('a base pushed to a loopback registry and removed from the engine', {}, () => {
    const app = uniqueName('rb-app');
    let registry: Registry;
    let base: string;
    let work: string;
    let tar: string;
    let baseEntries: number;
    let baseBytes: number;
    const analyze = async (args: string[]): Promise<Analysis> => {
      const r = await runCli(['analyze', tar, '--json', ...args], { env: { IMGDIET_BASE_ENGINE: 'off' } });
      if (r.code !== 0) throw new Error(`imgdiet analyze exited ${r.code}: ${r.stderr.trim()}`);
      return JSON.parse(r.stdout) as Analysis;
    };

    beforeAll(async () => {
      work = fs.mkdtempSync(path.join(os.tmpdir(), 'imgdiet-base-match-'));
      registry = await startRegistry();
      base = `${registry.host}/${uniqueName('rb-base').slice('imgdiet-it/'.length)}`;
      buildImage(base, `FROM ${BASE_IMAGE}\nRUN head -c 200000 /dev/urandom > /opt/base.bin\n`);
      buildImage(app, `FROM ${base}\nLABEL org.opencontainers.image.base.name=${base}\nRUN echo one > /one.txt\nRUN echo two > /two.txt\n`);
      const history = dockerHistory(base);
      baseEntries = history.length;
      baseBytes = history.reduce((n, h) => n + h.size, 0);
      docker(['push', base]);
      removeImages(base);
      tar = saveImage(app, path.join(work, 'app.tar'));
    }, 300_000);

    afterAll(async () => {
      removeImages(app);
      await registry?.dispose();
      if (work) fs.rmSync(work, { recursive: true, force: true });
    });

    test('the registry copy of the base fixes the boundary and its bytes', async () => {
      const a = await analyze(['--base-registry', registry.host]);
      // B is the imported Debian layer plus the RUN's 200,000 bytes: 2 history entries, 2 layers.
      expect(baseEntries).toBe(2);
      expect(baseBytes - dockerHistory(BASE_IMAGE).reduce((n, h) => n + h.size, 0)).toBe(200_000);
      expect(a.layers.filter((l) => !l.emptyLayer)).toHaveLength(4);
      expect(a.base).toMatchObject({ method: 'registry-image', name: base, lastLayer: baseEntries - 1, layerBytes: baseBytes });
    }, 60_000);

    test('with --base-registry off no registry is asked: the label names the base', async () => {
      const a = await analyze(['--base-registry', 'off']);
      expect(a.base.method).toBe('label');
      expect(a.base.name).toBe(base);
    }, 60_000);
  });
});
