import { apkCache } from '../../src/analyze/findings/rules/apk-cache';
import { run } from '../helpers/analyze-built';
import { file, removeTemps, symlink } from '../helpers/image-builder';
import { onlyFinding, wasteRuleCases } from '../helpers/rules';

afterAll(removeTemps);

describe('apk-cache', () => {
  wasteRuleCases(apkCache, {
    adds: run('apk update && apk add curl', [
      file('var/cache/apk/APKINDEX.5e2a2cfb.tar.gz', 'i'.repeat(2500)),
      file('var/cache/apk/curl-8.5.0-r0.9c7d2a1e.apk', 'a'.repeat(1200)),
      file('usr/bin/curl', 'elf'),
    ]),
    reports: [
      ['var/cache/apk/APKINDEX.5e2a2cfb.tar.gz', 2500],
      ['var/cache/apk/curl-8.5.0-r0.9c7d2a1e.apk', 1200],
    ],
    quiet: [
      run('ADD alpine-minirootfs.tar.gz /', [file('etc/alpine-release', '3.19.1\n'), symlink('etc/apk/cache', '/var/cache/apk')]),
      run('apk add --no-cache curl', [file('usr/bin/curl', 'elf'), file('lib/apk/db/installed', 'P:musl\nP:curl\n'), file('var/cache/apk/.keep', '')]),
    ],
  });

  it('reports /etc/apk/cache when it is a directory that holds files', async () => {
    const cached = 'etc/apk/cache/zlib-1.3.1-r0.b3d4c5e6.apk';
    const f = await onlyFinding(apkCache, [run('apk cache download zlib', [file(cached, 'z'.repeat(900))])]);
    expect(f).toMatchObject({ bytes: 900, layer: 0, hiddenBy: null, paths: [{ path: cached, bytes: 900 }] });
  });
});
