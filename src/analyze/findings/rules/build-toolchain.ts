import type { Package } from '../../../model';
import { formatBytes } from '../../../util/units';
import type { Inode } from '../../filesystem/model';
import type { Rule } from '../types';

/** Packages named in the message, largest first. */
const NAMED = 5;

/** Compilers, headers, git and npm devDependencies that the built image still carries. */
export const buildToolchain: Rule = {
  meta: {
    id: 'build-toolchain',
    category: 'waste',
    severity: 'medium',
    title: 'Build toolchain in the final image',
    description:
      'Compilers (gcc, g++, clang), `build-essential`/`build-base`, binutils, make and cmake, autotools, ' +
      'pkg-config, `*-dev` headers, git, Python build tools such as wheel and Cython, and the devDependencies of ' +
      'an application’s package.json are needed to build software, not to run it. This rule adds up the bytes ' +
      'of every such package still visible in the final tree, as the dpkg, apk, pip and npm inventories measure ' +
      'them (a file counted once), and lists their files largest first; the message names the largest packages. ' +
      'The layer it points at is the one that installed most of those bytes. Uninstalling them in a later RUN ' +
      'would not help: their bytes stay in the layer that installed them.',
    fix: 'Use a multi-stage build: compile in a builder stage and COPY only the built artifacts into a clean runtime stage.',
  },
  check(ctx) {
    const fs = ctx.filesystem;
    const build = ctx.packages.filter((p) => p.buildOnly);
    const bodies = new Set<Inode>();
    for (const p of build) for (const i of ctx.packageBodies.get(p) ?? []) if (fs.hiddenBy(i) === null) bodies.add(i);
    const inodes = [...bodies];
    const bytes = inodes.reduce((n, i) => n + fs.size(i), 0);
    if (bytes === 0) return [];
    const paths = inodes.map((i) => ({ path: fs.path(i), bytes: fs.size(i) })).sort((a, b) => b.bytes - a.bytes || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const largest = [...build].filter((p) => p.bytes > 0).sort((a, b) => b.bytes - a.bytes || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const named = largest.slice(0, NAMED).map((p) => `${p.name} (${p.manager}) ${formatBytes(p.bytes)}`);
    const more = largest.length > NAMED ? ` and ${largest.length - NAMED} more` : '';
    const count = `${largest.length} build-only package${largest.length === 1 ? '' : 's'}`;
    return [
      {
        message: `${count}, ${formatBytes(bytes)} in the final image: ${named.join(', ')}${more}`,
        bytes,
        paths,
        layer: installingLayer(largest),
        hiddenBy: null,
        inodes,
      },
    ];
  },
};

/** The layer that installed most of the packages' bytes; the earliest on a tie. */
function installingLayer(packages: Package[]): number | null {
  const byLayer = new Map<number, number>();
  for (const p of packages) if (p.layer !== null) byLayer.set(p.layer, (byLayer.get(p.layer) ?? 0) + p.bytes);
  let best: number | null = null;
  for (const [layer, bytes] of byLayer) {
    const top = best === null ? -1 : (byLayer.get(best) as number);
    if (bytes > top || (bytes === top && layer < (best as number))) best = layer;
  }
  return best;
}
