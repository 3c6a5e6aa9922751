/**
 * Base-image candidates measured in a real registry on loopback: a stand-in for python:3.12-slim, built on the
 * engine and pushed by `docker push` as 127.0.0.1:PORT/library/python:3.12-slim, is read back with
 * `--base-registry 127.0.0.1:PORT` — its manifest, and every layer streamed through the walk. The suggestion's
 * candidate bytes must be the pushed image's exact layer bytes (the engine's own history sizes), the rationale
 * must name the registry, and a candidate the registry lacks falls back to the catalog, saying why.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Analysis } from '../../src/model';
import { formatBytes } from '../../src/util/units';
import { runCli } from '../helpers/cli';
import { BASE_IMAGE, buildImage, describeEngine, docker, dockerHistory, removeImages, saveImage, uniqueName } from '../helpers/engine';
import { describeRegistry, readManifest, Registry, startRegistry } from '../helpers/registry';

const APP_DOCKERFILE = 'FROM python:3.12\nRUN echo app > /app.txt\nCMD ["python3", "/app.txt"]\n';

describeEngine('base-image candidates read from a registry', () => {
  describeRegistry('a stand-in python:3.12-slim pushed to a loopback registry', {}, () => {
    const full = uniqueName('py-full');
    const app = uniqueName('py-app');
    let registry: Registry;
    let slim: string;
    let work: string;
    let analysis: Analysis;
    let stderr: string;
    let tar: string;
    let dockerfile: string;
    const analyzeWith = (args: string[]) => runCli(['analyze', tar, '--json', '--dockerfile', dockerfile, ...args], { env: { IMGDIET_BASE_ENGINE: 'off' } });

    beforeAll(async () => {
      work = fs.mkdtempSync(path.join(os.tmpdir(), 'imgdiet-base-registry-'));
      registry = await startRegistry();
      // The "full" base: Debian plus 3 MB and the ENV the official images set; the app is built on it.
      buildImage(full, `FROM ${BASE_IMAGE}\nENV PYTHON_VERSION=3.12.8\nRUN head -c 3000000 /dev/urandom > /opt/full.bin\n`);
      buildImage(app, `FROM ${full}\nRUN echo app > /app.txt\nCMD ["python3", "/app.txt"]\n`);
      // The candidate: Debian plus 100 kB, pushed under the official name.
      slim = `${registry.host}/library/python:3.12-slim`;
      buildImage(slim, `FROM ${BASE_IMAGE}\nRUN head -c 100000 /dev/urandom > /opt/slim.bin\n`);
      docker(['push', slim]);
      tar = saveImage(app, path.join(work, 'app.tar'));
      dockerfile = path.join(work, 'Dockerfile');
      fs.writeFileSync(dockerfile, APP_DOCKERFILE);
      const r = await analyzeWith(['--base-registry', registry.host]);
      if (r.code !== 0) throw new Error(`imgdiet analyze exited ${r.code}: ${r.stderr.trim()}`);
      analysis = JSON.parse(r.stdout) as Analysis;
      stderr = r.stderr;
    }, 300_000);

    afterAll(async () => {
      removeImages(app, full, ...(slim ? [slim] : []));
      await registry?.dispose();
      if (work) fs.rmSync(work, { recursive: true, force: true });
    });

    test('the candidate bytes are the pushed image’s exact layer bytes, and the rationale names the registry', async () => {
      expect(stderr).toBe('');
      const pushed = dockerHistory(slim).reduce((n, h) => n + h.size, 0);
      const manifest = await readManifest(registry, 'library/python', '3.12-slim');
      const layers = manifest.json.layers ?? [];
      expect(layers).toHaveLength(2);
      const base = analysis.base;
      expect(base).toMatchObject({ method: 'dockerfile', name: 'python:3.12' });
      const s = analysis.suggestions.find((x) => x.title === 'Use python:3.12-slim instead of python:3.12');
      expect(s).toBeDefined();
      expect(s!.savings.bytes).toBe(base.layerBytes - pushed);
      expect(s!.confidence).toBe('high');
      expect(s!.rationale).toContain(
        `python:3.12-slim is ${formatBytes(pushed)} (measured in registry ${registry.host}: ${registry.host}/library/python:3.12-slim ${manifest.digest.slice(0, 19)} for linux/amd64, ` +
          `2 layers streamed, ${formatBytes(layers.reduce((n, l) => n + l.size, 0))} compressed).`,
      );
      expect(s!.rationale).toContain(`Savings = ${formatBytes(base.layerBytes)} − ${formatBytes(pushed)} = ${formatBytes(base.layerBytes - pushed)}.`);
    });

    test('a candidate the registry does not hold falls back to the catalog, and says why', () => {
      const s = analysis.suggestions.find((x) => x.title === 'Use python:3.12-alpine instead of python:3.12');
      expect(s).toBeDefined();
      expect(s!.savings.bytes).toBe(analysis.base.layerBytes - 48_840_000);
      expect(s!.rationale).toContain(`read 2026-11-26; registry ${registry.host} has no library/python:3.12-alpine (404), so not measured there).`);
    });

    test('a registry that accepts connections but does not answer: catalog figures within the reach time, saying so', async () => {
      const started = Date.now();
      const offline = await analyzeWith(['--base-registry', 'off']);
      const offMs = Date.now() - started;
      // The real registry, stopped: the kernel still accepts its connections, nothing answers them.
      registry.process!.kill('SIGSTOP');
      let r;
      const from = Date.now();
      try {
        r = await analyzeWith(['--base-registry', registry.host]);
      } finally {
        registry.process!.kill('SIGCONT');
      }
      const stalledMs = Date.now() - from;
      expect([r.code, r.stderr]).toEqual([0, '']);
      // 5 s to reach it, and the analysis itself; slack for a loaded machine.
      expect(stalledMs - offMs).toBeLessThan(8000);
      const a = JSON.parse(r.stdout) as Analysis;
      const slim = a.suggestions.find((x) => x.title === 'Use python:3.12-slim instead of python:3.12')!;
      expect(slim.savings.bytes).toBe(a.base.layerBytes - 124_300_000);
      expect(slim.confidence).toBe('medium');
      expect(slim.rationale).toContain(`read 2026-11-26; registry ${registry.host} did not answer within 5 s, so not measured there).`);
      // With lookups off nothing is said of a registry.
      const off = JSON.parse(offline.stdout) as Analysis;
      expect(off.suggestions.filter((x) => x.id === 'base-image').map((x) => x.rationale.includes('registry'))).toEqual([false, false]);
    });
  });
});
