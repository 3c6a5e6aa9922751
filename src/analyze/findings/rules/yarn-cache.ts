import { cacheDirsRule, envDir } from '../path-rule';

/** Yarn's global caches: yarn 1's in ~/.cache/yarn or /usr/local/share/.cache/yarn, Berry's in ~/.yarn/berry/cache. */
export const yarnCache = cacheDirsRule(
  {
    id: 'yarn-cache',
    category: 'waste',
    severity: 'medium',
    title: 'yarn cache',
    description:
      'Yarn keeps a copy of every package it installs in a global cache: yarn 1 in ~/.cache/yarn (as root in the ' +
      'official node images, /usr/local/share/.cache/yarn), Yarn 2+ (Berry) in ~/.yarn/berry/cache, or wherever ' +
      'YARN_CACHE_FOLDER, YARN_GLOBAL_FOLDER or XDG_CACHE_HOME point. Once node_modules is installed the cache is ' +
      'not read. A project\'s own .yarn/cache (zero-installs, needed by Plug\'n\'Play) is not reported. A cache ' +
      'deleted in a later RUN still ships in the layer that filled it; the rule counts both.',
    fix: 'End the RUN that installs with `&& yarn cache clean` (in the same RUN), or mount the cache with `RUN --mount=type=cache,target=/usr/local/share/.cache/yarn`.',
  },
  (ctx) => [
    '~/.cache/yarn',
    'usr/local/share/.cache/yarn',
    '~/.yarn/berry/cache',
    envDir(ctx, 'YARN_CACHE_FOLDER'),
    envDir(ctx, 'YARN_GLOBAL_FOLDER', 'cache'),
    envDir(ctx, 'XDG_CACHE_HOME', 'yarn'),
  ],
);
