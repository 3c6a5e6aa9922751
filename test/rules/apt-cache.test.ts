import { aptCache } from '../../src/analyze/findings/rules/apt-cache';
import { run } from '../helpers/analyze-built';
import { dir, file, removeTemps } from '../helpers/image-builder';
import { wasteRuleCases } from '../helpers/rules';

afterAll(removeTemps);

const archives = 'var/cache/apt/archives';

describe('apt-cache', () => {
  wasteRuleCases(aptCache, {
    adds: run('apt-get install -y curl', [
      dir(`${archives}/partial`),
      file(`${archives}/curl_7.88.1-10_amd64.deb`, 'c'.repeat(4000)),
      file(`${archives}/partial/libcurl4_7.88.1-10_amd64.deb`, 'p'.repeat(700)),
      file(`${archives}/lock`, ''),
      file('var/cache/apt/pkgcache.bin', 'b'.repeat(3000)),
      file('var/cache/apt/srcpkgcache.bin', 's'.repeat(2900)),
      file('usr/bin/curl', 'elf'),
    ]),
    reports: [
      [`${archives}/curl_7.88.1-10_amd64.deb`, 4000],
      ['var/cache/apt/pkgcache.bin', 3000],
      ['var/cache/apt/srcpkgcache.bin', 2900],
      [`${archives}/partial/libcurl4_7.88.1-10_amd64.deb`, 700],
    ],
    quiet: [
      run('apt-get install -y --no-install-recommends curl && apt-get clean', [
        file(`${archives}/lock`, ''),
        file(`${archives}/README`, 'not a package'),
        file(`${archives}/old/curl.deb`, 'kept somewhere else'),
        file('var/cache/apt/pkgcache.bin.Xyz123', 'temp'),
        file('usr/share/doc/curl/changelog.Debian.gz', 'docs'),
        file('opt/mirror/var/cache/apt/archives/curl.deb', 'a mirror'),
        file('srv/debs/curl_7.88.1-10_amd64.deb', 'served on purpose'),
      ]),
    ],
  });
});
