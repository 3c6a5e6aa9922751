/**
 * Package inventories of two images compared by manager and name. A name can be installed more than once (npm
 * nests copies in node_modules, pip can hold two site-packages): within one name, installs are paired by where
 * their metadata lies and by version first, then in inventory order.
 */
import type { Package } from '../model';
import { compareText as compare } from '../util/compare';
import type { PackageChange, PackagesDiff } from './model';

function change(o: Package | null, n: Package | null): PackageChange {
  const p = (n ?? o) as Package;
  return {
    manager: p.manager,
    name: p.name,
    oldVersion: o?.version ?? null,
    newVersion: n?.version ?? null,
    oldBytes: o?.bytes ?? null,
    newBytes: n?.bytes ?? null,
    deltaBytes: (n?.bytes ?? 0) - (o?.bytes ?? 0),
  };
}

function byName(list: Package[]): Map<string, Package[]> {
  const map = new Map<string, Package[]>();
  for (const p of list) {
    const key = `${p.manager}\0${p.name}`;
    const group = map.get(key);
    if (group) group.push(p);
    else map.set(key, [p]);
  }
  return map;
}

/** Pairs installs of one name: same place and version, same place, same version, then whatever is left, in order. */
function pairGroup(old: Package[], neu: Package[]): [Package | null, Package | null][] {
  const pairs: [Package | null, Package | null][] = [];
  const freeOld = [...old];
  const freeNew = [...neu];
  const likeness = (o: Package, n: Package): number => (o.source === n.source ? 2 : 0) + (o.version === n.version ? 1 : 0);
  for (const wanted of [3, 2, 1, 0]) {
    for (let i = 0; i < freeOld.length; i++) {
      const j = freeNew.findIndex((n) => likeness(freeOld[i], n) === wanted);
      if (j < 0) continue;
      pairs.push([freeOld[i], freeNew[j]]);
      freeOld.splice(i--, 1);
      freeNew.splice(j, 1);
    }
  }
  for (const o of freeOld) pairs.push([o, null]);
  for (const n of freeNew) pairs.push([null, n]);
  return pairs;
}

export function diffPackages(old: Package[], neu: Package[]): PackagesDiff {
  const result: PackagesDiff = { added: [], removed: [], upgraded: [] };
  const before = byName(old);
  const after = byName(neu);
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    for (const [o, n] of pairGroup(before.get(key) ?? [], after.get(key) ?? [])) {
      if (!o) result.added.push(change(null, n));
      else if (!n) result.removed.push(change(o, null));
      else if (o.version !== n.version) result.upgraded.push(change(o, n));
    }
  }
  const order = (a: PackageChange, b: PackageChange): number =>
    Math.abs(b.deltaBytes) - Math.abs(a.deltaBytes) ||
    compare(a.manager, b.manager) ||
    compare(a.name, b.name) ||
    compare(a.oldVersion ?? '', b.oldVersion ?? '') ||
    compare(a.newVersion ?? '', b.newVersion ?? '');
  result.added.sort(order);
  result.removed.sort(order);
  result.upgraded.sort(order);
  return result;
}
