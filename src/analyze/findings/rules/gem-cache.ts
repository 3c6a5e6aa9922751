import { envDir, homeDirs, inHome, pathRuleWith, treeDir, under } from '../path-rule';

/** A RubyGems install directory named by its Ruby ABI version: var/lib/gems/3.1.0, …/ruby/3.3.0, …/jruby/3.1.0. */
const VERSIONED_GEM_HOME = /(?:^|\/)(?:gems|j?ruby)\/\d+\.\d+\.\d+$/;

/** The .gem archives RubyGems keeps after installing them, Bundler's git checkouts beside them, and its own cache. */
export const gemCache = pathRuleWith(
  {
    id: 'gem-cache',
    category: 'waste',
    severity: 'medium',
    title: 'RubyGems cache',
    description:
      'RubyGems keeps the .gem archive of every gem it installs in the cache/ folder of the gem directory ' +
      '(/usr/local/bundle/cache in the official ruby images, /var/lib/gems/VERSION/cache on Debian, ' +
      'vendor/bundle/ruby/VERSION/cache, ~/.gem/ruby/VERSION/cache, or the GEM_HOME and GEM_PATH the image sets); ' +
      'Bundler adds its git checkouts in cache/bundler and its index cache in ~/.bundle/cache. The installed gems ' +
      'never read them. A project\'s vendor/cache, which `bundle cache` fills on purpose for offline installs, is ' +
      'not reported. A cache deleted in a later RUN still ships in the layer that filled it; the rule counts both.',
    fix: 'End the RUN that installs gems with `&& rm -rf "$(gem env gemdir)"/cache ~/.bundle/cache` (in the same RUN), or install them in a build stage and copy only the installed gems.',
  },
  (ctx) => {
    const homes = homeDirs(ctx);
    const gemHomes = new Set(['usr/local/bundle']);
    for (const dir of [envDir(ctx, 'GEM_HOME'), ...(ctx.env.get('GEM_PATH') ?? '').split(':').map((d) => treeDir(d))]) {
      if (dir) gemHomes.add(dir);
    }
    const isGemHome = (dir: string): boolean => gemHomes.has(dir) || VERSIONED_GEM_HOME.test(dir);
    return (path) => {
      if (inHome(path, '.bundle/cache', homes)) return true;
      for (let at = path.indexOf('cache/'); at >= 0; at = path.indexOf('cache/', at + 1)) {
        if (at > 0 && path[at - 1] !== '/') continue;
        const rest = path.slice(at + 'cache/'.length);
        const cached = (!rest.includes('/') && rest.endsWith('.gem')) || under(rest, 'bundler');
        if (cached && isGemHome(at === 0 ? '' : path.slice(0, at - 1))) return true;
      }
      return false;
    };
  },
);
