import { goCache } from '../../src/analyze/findings/rules/go-cache';
import { run } from '../helpers/analyze-built';
import { file, removeTemps } from '../helpers/image-builder';
import { onlyFinding, wasteRuleCases } from '../helpers/rules';

afterAll(removeTemps);

const build = 'root/.cache/go-build/3f/3f0a9c1e-d';
const mod = 'go/pkg/mod/github.com/spf13/cobra@v1.8.0/command.go';
const download = 'go/pkg/mod/cache/download/github.com/spf13/cobra/@v/v1.8.0.zip';
const userMod = 'home/dev/go/pkg/mod/golang.org/x/sys@v0.20.0/unix/syscall.go';

describe('go-cache', () => {
  wasteRuleCases(goCache, {
    adds: run('go mod download && go build -o /usr/local/bin/app .', [
      file(build, 'b'.repeat(5000)),
      file(mod, 'm'.repeat(1200)),
      file(download, 'z'.repeat(3000)),
      file(userMod, 'u'.repeat(800)),
      file('usr/local/bin/app', 'elf'),
    ]),
    reports: [
      [build, 5000],
      [download, 3000],
      [mod, 1200],
      [userMod, 800],
    ],
    quiet: [
      run('go build -mod=vendor', [
        file('usr/local/go/pkg/tool/linux_amd64/compile', 'elf'),
        file('usr/local/go/src/fmt/print.go', 'package fmt'),
        file('usr/local/bin/app', 'elf'),
        file('src/app/vendor/github.com/spf13/cobra/command.go', 'package cobra'),
        file('src/app/pkg/mod/x.go', 'a package named mod, not a cache'),
      ]),
    ],
    spec: { config: { Env: ['GOPATH=/go', 'GOCACHE=off'] } },
  });

  it('honours GOCACHE, GOMODCACHE and the first GOPATH entry', async () => {
    const steps = [
      run('go build', [
        file('tmp/gocache/aa/aa01-a', 'c'.repeat(400)),
        file('opt/mods/example.com/m@v1.0.0/m.go', 'm'.repeat(300)),
        file('src/gopath/pkg/mod/example.com/n@v1.0.0/n.go', 'n'.repeat(200)),
        file('src/other/pkg/mod/example.com/o@v1.0.0/o.go', 'second GOPATH entry'),
      ]),
    ];
    const config = { Env: ['GOCACHE=/tmp/gocache', 'GOMODCACHE=/opt/mods', 'GOPATH=/src/gopath:/src/other'] };
    const f = await onlyFinding(goCache, steps, { config });
    expect(f).toMatchObject({ bytes: 900, layer: 0, hiddenBy: null });
    expect(f.paths.map((p) => p.path)).toEqual(['tmp/gocache/aa/aa01-a', 'opt/mods/example.com/m@v1.0.0/m.go', 'src/gopath/pkg/mod/example.com/n@v1.0.0/n.go']);
  });
});
