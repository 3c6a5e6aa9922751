import { pathRule, under } from '../path-rule';

const ARCHIVES = 'var/cache/apt/archives';
const BINARY_CACHES = new Set(['var/cache/apt/pkgcache.bin', 'var/cache/apt/srcpkgcache.bin']);

/** apt's downloaded packages and its binary package caches: rebuilt or re-downloaded whenever apt needs them. */
export const aptCache = pathRule(
  {
    id: 'apt-cache',
    category: 'waste',
    severity: 'medium',
    title: 'apt package cache',
    description:
      '`apt-get install` downloads every .deb into /var/cache/apt/archives (partial downloads into its partial/ ' +
      'folder) and keeps a binary cache of the package lists in /var/cache/apt/pkgcache.bin and srcpkgcache.bin. ' +
      'Once the packages are installed none of it is read again: apt downloads or rebuilds it when it needs it. ' +
      'Debian and Ubuntu base images clean it after each install, but a base without that setting, or ' +
      '`--download-only`, leaves it behind; removing it in a later RUN does not shrink the image. The rule counts ' +
      'these files where they are still visible and where a later layer deleted them.',
    fix: 'End the RUN that installs packages with `&& apt-get clean` (in the same RUN), or keep the cache out of the layer with `RUN --mount=type=cache,target=/var/cache/apt`.',
  },
  (path) => {
    if (BINARY_CACHES.has(path)) return true;
    if (!under(path, ARCHIVES)) return false;
    const rest = path.slice(ARCHIVES.length + 1);
    return under(rest, 'partial') || (!rest.includes('/') && rest.endsWith('.deb'));
  },
);
