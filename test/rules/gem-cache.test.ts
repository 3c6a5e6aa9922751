import { gemCache } from '../../src/analyze/findings/rules/gem-cache';
import { run } from '../helpers/analyze-built';
import { file, removeTemps, whiteout } from '../helpers/image-builder';
import { findingsOf, onlyFinding, wasteRuleCases } from '../helpers/rules';

afterAll(removeTemps);

const bundle = 'usr/local/bundle';
const rails = `${bundle}/cache/rails-7.1.3.gem`;
const rack = `${bundle}/cache/rack-3.0.9.gem`;
const git = `${bundle}/cache/bundler/git/sidekiq-5f0e1d/objects/pack/pack-1.pack`;
const debian = 'var/lib/gems/3.1.0/cache/nokogiri-1.16.2-x86_64-linux.gem';
const index = 'root/.bundle/cache/compact_index/rubygems.org.443.29b0360b937aa4d161703e6160654e47/versions';
const install = run('bundle install', [
  file(rails, 'r'.repeat(4000)),
  file(rack, 'k'.repeat(1000)),
  file(git, 'g'.repeat(2000)),
  file(debian, 'n'.repeat(1500)),
  file(index, 'v'.repeat(500)),
  file(`${bundle}/gems/rails-7.1.3/lib/rails.rb`, 'module Rails; end'),
  file(`${bundle}/specifications/rails-7.1.3.gemspec`, 'Gem::Specification.new'),
]);

describe('gem-cache', () => {
  wasteRuleCases(gemCache, {
    adds: install,
    reports: [
      [rails, 4000],
      [git, 2000],
      [debian, 1500],
      [rack, 1000],
      [index, 500],
    ],
    quiet: [
      run('bundle install && rm -rf /usr/local/bundle/cache', [
        file(`${bundle}/gems/rails-7.1.3/lib/rails.rb`, 'module Rails; end'),
        file(`${bundle}/gems/rails-7.1.3/cache/fragment.gem`, 'a file inside a gem'),
        file('app/vendor/cache/rails-7.1.3.gem', 'bundle cache, on purpose'),
        file('app/pkg/mygem-0.1.0.gem', 'built by gem build'),
        file('usr/lib/ruby/3.1.0/cache.rb', 'stdlib'),
        file('var/lib/gems/3.1.0/cache/README', 'not a gem'),
      ]),
    ],
  });

  it('finds the cache of versioned gem directories anywhere, and of GEM_HOME and GEM_PATH', async () => {
    const paths = [
      'app/vendor/bundle/ruby/3.3.0/cache/puma-6.4.2.gem',
      'home/dev/.gem/ruby/3.3.0/cache/rake-13.1.0.gem',
      'usr/local/lib/ruby/gems/3.3.0/cache/minitest-5.20.0.gem',
      'opt/gems/cache/json-2.7.1.gem',
      'srv/gempath/cache/racc-1.7.3.gem',
    ];
    const steps = [run('gem install', paths.map((p, i) => file(p, 'x'.repeat(100 * (5 - i)))))];
    const f = await onlyFinding(gemCache, steps, { config: { Env: ['GEM_HOME=/opt/gems', 'GEM_PATH=/srv/gempath:/opt/gems'] } });
    expect(f).toMatchObject({ bytes: 1500, layer: 0, hiddenBy: null });
    expect(f.paths.map((p) => p.path)).toEqual(paths);
  });

  it('splits a gem directory deleted by a later RUN from the caches still visible', async () => {
    const found = await findingsOf(gemCache, [install, run('rm -rf /usr/local/bundle/cache', [whiteout(`${bundle}/cache`)])]);
    expect(found.map((f) => [f.layer, f.hiddenBy, f.bytes, f.pathCount])).toEqual([
      [0, 1, 7000, 3],
      [0, null, 2000, 2],
    ]);
  });
});
