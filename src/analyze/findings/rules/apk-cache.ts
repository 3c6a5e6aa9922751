import { cacheDirsRule } from '../path-rule';

/** apk's package cache: the indexes and packages `apk add` keeps when the cache is enabled. */
export const apkCache = cacheDirsRule(
  {
    id: 'apk-cache',
    category: 'waste',
    severity: 'medium',
    title: 'apk package cache',
    description:
      '`apk update`, and `apk add` without `--no-cache`, leave the repository indexes (APKINDEX.*.tar.gz) and, with ' +
      'a cache enabled, the downloaded .apk files in /var/cache/apk (or /etc/apk/cache when that is a directory ' +
      'rather than the usual link). The installed packages never read them again. Deleting them in a later RUN does ' +
      'not shrink the image; the rule counts them both where they are visible and where a later layer deleted them.',
    fix: 'Install with `apk add --no-cache`, or end the same RUN with `&& rm -rf /var/cache/apk/*`.',
  },
  () => ['var/cache/apk', 'etc/apk/cache'],
);
