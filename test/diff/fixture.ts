/**
 * Two images for the diff tests, built in memory with exact sizes. Layer by layer:
 *
 *   OLD                                              NEW
 *   0 RUN debootstrap          (the same bytes) ──── 0 RUN debootstrap
 *                                                    1 RUN apt-get install foo baz   (added: foo 1.0 → 1.1, baz new,
 *                                                                                     bar purged)
 *   1 RUN pip install -r requirements.txt ──────────── 2 RUN pip install -r requirements.txt   (changed, grown)
 *   2 RUN apt-get update       (removed: its lists were the apt-lists finding, now fixed)
 *
 * Files of the pip step: big.bin 2,000 → 5,000 (grown), shrink.bin 800 → 300 (shrunk), conf.txt 100 → 100 with
 * other content (changed), gone.bin 400 (removed), new.bin 700 and a pip wheel cache of 600 (added; the cache is
 * the new pip-cache finding).
 */
import type { AnalysisResult } from '../../src/pipeline';
import { analyzeImage } from '../../src/pipeline';
import { run } from '../helpers/analyze-built';
import { buildImage, BuiltImage, Entry, file, legacyArchiveFiles, Step, tarFiles, whiteout, writeTemp } from '../helpers/image-builder';
import { dpkgList, dpkgStatus } from '../helpers/packages';

/** Content bytes of a file entry. */
export function size(e: Entry): number {
  return e.content?.length ?? 0;
}

export const fill = (n: number, ch: string): string => ch.repeat(n);

export const oldStatus = dpkgStatus({ name: 'foo', version: '1.0' }, { name: 'bar', version: '2.0' });
export const fooList = dpkgList('foo', '/usr', '/usr/bin', '/usr/bin/foo');
export const barList = dpkgList('bar', '/usr/lib', '/usr/lib/bar.so');
export const newStatus = dpkgStatus({ name: 'foo', version: '1.1' }, { name: 'baz', version: '0.5' });
export const bazList = dpkgList('baz', '/usr/bin/baz');

export const base = run('debootstrap', [oldStatus, fooList, barList, file('usr/bin/foo', fill(1000, 'f')), file('usr/lib/bar.so', fill(3000, 'b')), file('etc/app.conf', fill(200, 'a'))]);

export const upgrade = run('apt-get install -y foo baz && apt-get purge -y bar', [
  newStatus,
  fooList,
  bazList,
  whiteout('var/lib/dpkg/info/bar.list'),
  whiteout('usr/lib/bar.so'),
  file('usr/bin/foo', fill(1500, 'F')),
  file('usr/bin/baz', fill(250, 'z')),
]);

export const pipCache = 'root/.cache/pip/wheels/ab/cd/numpy-2.0.0-cp312-linux_x86_64.whl';

export const pipOld = run('pip install -r requirements.txt', [
  file('app/lib/big.bin', fill(2000, 'p')),
  file('app/lib/shrink.bin', fill(800, 's')),
  file('app/lib/gone.bin', fill(400, 'g')),
  file('app/lib/conf.txt', fill(100, 'x')),
]);

export const pipNew = run('pip install -r requirements.txt', [
  file('app/lib/big.bin', fill(5000, 'P')),
  file('app/lib/shrink.bin', fill(300, 's')),
  file('app/lib/conf.txt', fill(100, 'y')),
  file('app/lib/new.bin', fill(700, 'n')),
  file(pipCache, fill(600, 'w')),
]);

export const lists = 'var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages';
export const update = run('apt-get update', [file(lists, fill(5000, 'l'))]);

export const OLD_STEPS: Step[] = [base, pipOld, update];
export const NEW_STEPS: Step[] = [base, upgrade, pipNew];

/** Layer bytes of a step: its regular files. */
export function stepBytes(s: Step): number {
  return (s.entries ?? []).reduce((n, e) => n + (e.type === 'file' ? size(e) : 0), 0);
}

export interface BuiltArchive {
  image: BuiltImage;
  archive: string;
}

/** Writes the image as a legacy docker-archive in a temp directory. */
export async function archiveOf(steps: Step[], tag: string, config: Record<string, unknown> = {}): Promise<BuiltArchive> {
  const image = await buildImage({ steps, config });
  return { image, archive: writeTemp('image.tar', await tarFiles(legacyArchiveFiles([{ image, tags: [tag] }]))) };
}

/** Builds both sides and analyzes them as the CLI would. */
export async function analyzePair(oldSteps: Step[], newSteps: Step[]): Promise<{ old: AnalysisResult; new: AnalysisResult; oldArchive: string; newArchive: string }> {
  const o = await archiveOf(oldSteps, 'app:1.0');
  const n = await archiveOf(newSteps, 'app:1.1');
  return { old: await analyzeImage(o.archive), new: await analyzeImage(n.archive), oldArchive: o.archive, newArchive: n.archive };
}
