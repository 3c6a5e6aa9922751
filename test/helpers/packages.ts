/** Package inventories of in-memory images, through the whole analysis. */
import type { Package, PackageManager } from '../../src/model';
import { analyzeSteps } from './analyze-built';
import { Entry, file, Step } from './image-builder';

/** One manager's packages, sorted as the analysis sorts them, and the final tree's bytes. */
export async function packagesOf(manager: PackageManager, steps: Step[]): Promise<{ packages: Package[]; finalBytes: number }> {
  const { analysis } = await analyzeSteps(steps);
  return { packages: analysis.packages.filter((p) => p.manager === manager), finalBytes: analysis.totals.finalBytes };
}

/** `[name, version, bytes, layer, buildOnly]` rows: what the tests compare. */
export function rows(packages: Package[]): [string, string, number, number | null, boolean][] {
  return packages.map((p) => [p.name, p.version, p.bytes, p.layer, p.buildOnly]);
}

/** `n` bytes of text. */
export function body(n: number, fill = 'x'): string {
  return fill.repeat(n);
}

export interface Stanza {
  name: string;
  version: string;
  arch?: string;
  status?: string;
}

/** /var/lib/dpkg/status as dpkg writes it, with fields the inventory skips (a multi-line Description too). */
export function dpkgStatus(...stanzas: Stanza[]): Entry {
  const text = stanzas
    .map(
      (s) =>
        `Package: ${s.name}\nStatus: ${s.status ?? 'install ok installed'}\nPriority: optional\nInstalled-Size: 12\n` +
        `Architecture: ${s.arch ?? 'amd64'}\nVersion: ${s.version}\nDescription: ${s.name}\n the ${s.name} package\n .\n more text\n`,
    )
    .join('\n');
  return file('var/lib/dpkg/status', text);
}

/** var/lib/dpkg/info/NAME.list (NAME may carry `:arch`): one absolute path a line. */
export function dpkgList(name: string, ...paths: string[]): Entry {
  return file(`var/lib/dpkg/info/${name}.list`, `${paths.join('\n')}\n`);
}
