import type { Package } from '../../model';
import type { FilesystemModel, Inode } from '../filesystem/model';
import { apkPackages } from './apk';
import { dpkgPackages } from './dpkg';
import { npmPackages } from './npm';
import { pipPackages } from './pip';
import { compareText, Tree } from './tree';

/** The visible bodies each package was measured from, for rules; not part of the JSON. */
const bodies = new WeakMap<Package, Inode[]>();

/**
 * Inventories read from the image itself: dpkg, apk, pip and npm, with bytes measured in the final tree.
 * Within a manager every body counts for one package, so a manager's bytes never exceed the final tree's; across
 * managers they may overlap (a Debian python3-* package is also a dist-info). Sorted by manager, name, version.
 */
export function findPackages(filesystem: FilesystemModel, tree: Tree = new Tree(filesystem)): Package[] {
  const all = [...dpkgPackages(tree), ...apkPackages(tree), ...pipPackages(tree), ...npmPackages(tree)];
  for (const m of all) bodies.set(m.pkg, m.inodes);
  return all
    .map((m) => m.pkg)
    .sort(
      (a, b) =>
        compareText(a.manager, b.manager) ||
        compareText(a.name, b.name) ||
        compareText(a.version, b.version) ||
        compareText(a.source, b.source) ||
        (a.layer ?? -1) - (b.layer ?? -1),
    );
}

/** The visible regular-file bodies a package's bytes were measured from (empty for one this module did not make). */
export function packageBodies(pkg: Package): Inode[] {
  return bodies.get(pkg) ?? [];
}
