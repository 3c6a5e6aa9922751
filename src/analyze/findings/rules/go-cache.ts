import { cacheDirsRule, envDir, treeDir } from '../path-rule';

/** Go's build cache and module cache, where Go puts them by default or where GOCACHE/GOMODCACHE/GOPATH say. */
export const goCache = cacheDirsRule(
  {
    id: 'go-cache',
    category: 'waste',
    severity: 'medium',
    title: 'Go build and module caches',
    description:
      '`go build` keeps compiled packages in its build cache (~/.cache/go-build, or GOCACHE, or XDG_CACHE_HOME/go-build) ' +
      'and `go mod download` keeps every module\'s source in the module cache (GOPATH/pkg/mod: /go/pkg/mod in the ' +
      'official golang images, ~/go/pkg/mod by default, or GOMODCACHE). A compiled Go program needs neither at run ' +
      'time, and both are usually far larger than the binary. A cache deleted in a later RUN still ships in the ' +
      'layer that filled it; the rule counts both.',
    fix: 'Build in a separate stage and copy only the binary into the final image, or mount the caches with `RUN --mount=type=cache,target=/root/.cache/go-build --mount=type=cache,target=/go/pkg/mod`.',
  },
  (ctx) => [
    '~/.cache/go-build',
    '~/go/pkg/mod',
    envDir(ctx, 'GOCACHE'),
    envDir(ctx, 'XDG_CACHE_HOME', 'go-build'),
    envDir(ctx, 'GOMODCACHE'),
    // GOPATH is a list; the module cache lives in its first entry.
    treeDir(ctx.env.get('GOPATH')?.split(':')[0], 'pkg/mod'),
  ],
);
