import type { Package } from '../../model';
import type { FilesystemModel, Inode } from '../filesystem/model';
import { apkPackages } from './apk';
import { dpkgPackages } from './dpkg';
import { DpkgDatabase, readDpkgDatabase } from './dpkg-status';
import { npmPackages } from './npm';
import { pipPackages } from './pip';
import { compareText, Tree } from './tree';

/** The inventories with what rules and suggesters read beside them; only `packages` is part of the JSON. */
export interface PackageIndex {
  packages: Package[];
  /** The visible regular-file bodies each package's bytes were measured from. */
  bodies: Map<Package, Inode[]>;
  /** dpkg's status and apt's marks, read once. */
  dpkg: DpkgDatabase;
}

/**
 * Inventories read from the image itself: dpkg, apk, pip and npm, with bytes measured in the final tree.
 * Within a manager every body counts for one package, so a manager's bytes never exceed the final tree's; across
 * managers they may overlap (a Debian python3-* package is also a dist-info). Sorted by manager, name, version.
 */
export function findPackages(filesystem: FilesystemModel, tree: Tree = new Tree(filesystem)): PackageIndex {
  const all = [...dpkgPackages(tree), ...apkPackages(tree), ...pipPackages(tree), ...npmPackages(tree)];
  const bodies = new Map<Package, Inode[]>();
  for (const m of all) bodies.set(m.pkg, m.inodes);
  const packages = all
    .map((m) => m.pkg)
    .sort(
      (a, b) =>
        compareText(a.manager, b.manager) ||
        compareText(a.name, b.name) ||
        compareText(a.version, b.version) ||
        compareText(a.source, b.source) ||
        (a.layer ?? -1) - (b.layer ?? -1),
    );
  return { packages, bodies, dpkg: readDpkgDatabase(tree) };
}

/** The bodies a package was measured from (empty for one the index did not make). */
export function bodiesOf(index: PackageIndex, pkg: Package): Inode[] {
  return index.bodies.get(pkg) ?? [];
}
