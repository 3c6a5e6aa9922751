import { cacheDirsRule, envDir } from '../path-rule';

/** npm's content cache and debug logs under ~/.npm, or under the directory npm_config_cache names. */
export const npmCache = cacheDirsRule(
  {
    id: 'npm-cache',
    category: 'waste',
    severity: 'medium',
    title: 'npm cache',
    description:
      '`npm install` and `npm ci` keep every package tarball they fetched in ~/.npm/_cacache, and write debug logs ' +
      'to ~/.npm/_logs, in the home of the user who ran them (/root, /home/NAME, any home in /etc/passwd or the ' +
      'HOME variable, or / for a user without one), or under the directory `npm_config_cache` names. The installed ' +
      'node_modules never read them. A cache deleted in a later RUN still ships in the layer that filled it; the ' +
      'rule counts both.',
    fix: 'End the RUN that installs with `&& npm cache clean --force` (in the same RUN), or mount the cache with `RUN --mount=type=cache,target=/root/.npm`.',
  },
  (ctx) => {
    const dir = envDir(ctx, 'npm_config_cache') ?? envDir(ctx, 'NPM_CONFIG_CACHE');
    const sub = (name: string): string | null => (dir === null ? null : `${dir}/${name}`);
    return ['~/.npm/_cacache', '~/.npm/_logs', sub('_cacache'), sub('_logs')];
  },
);
