import { cacheDirsRule, envDir } from '../path-rule';

/** pip's HTTP and wheel cache, in whichever home pip ran or where PIP_CACHE_DIR / XDG_CACHE_HOME point. */
export const pipCache = cacheDirsRule(
  {
    id: 'pip-cache',
    category: 'waste',
    severity: 'medium',
    title: 'pip cache',
    description:
      '`pip install` keeps every download and every wheel it built in its cache: ~/.cache/pip of the user who ran ' +
      'it (/root/.cache/pip, /home/NAME/.cache/pip, any home in /etc/passwd or the HOME variable), or the directory ' +
      'the image sets in PIP_CACHE_DIR or XDG_CACHE_HOME. The installed packages never read it, so in an image it ' +
      'only adds bytes, often as many as the packages themselves. A cache deleted in a later RUN still ships in ' +
      'the layer that filled it; the rule counts both.',
    fix: 'Install with `pip install --no-cache-dir` (or `ENV PIP_NO_CACHE_DIR=1`), or mount the cache with `RUN --mount=type=cache,target=/root/.cache/pip`.',
  },
  (ctx) => ['~/.cache/pip', envDir(ctx, 'PIP_CACHE_DIR'), envDir(ctx, 'XDG_CACHE_HOME', 'pip')],
);
