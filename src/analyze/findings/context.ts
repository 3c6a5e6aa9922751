import type { DuplicateGroup, ImageConfig, LayerReport } from '../../model';
import { findDuplicates } from '../filesystem/duplicates';
import type { FilesystemModel } from '../filesystem/model';
import type { PackageIndex } from '../packages';
import { Tree } from '../packages/tree';
import type { RuleContext } from './types';

/** What the analysis has computed already and rules may reuse instead of computing again. */
export interface ContextExtras {
  /** The final tree indexed by path (the package inventories build one too: share it). */
  tree?: Tree;
  duplicates?: DuplicateGroup[];
}

export function buildContext(
  config: ImageConfig,
  layers: LayerReport[],
  filesystem: FilesystemModel,
  packageIndex: PackageIndex,
  extras: ContextExtras = {},
): RuleContext {
  const tree = extras.tree ?? new Tree(filesystem);
  let duplicates = extras.duplicates;
  const env = new Map<string, string>();
  for (const kv of config.env) {
    const eq = kv.indexOf('=');
    if (eq > 0) env.set(kv.slice(0, eq), kv.slice(eq + 1));
  }
  const passwd = tree.get('etc/passwd');
  return {
    config,
    layers,
    filesystem,
    file: (path) => tree.get(path),
    duplicates: () => (duplicates ??= findDuplicates(filesystem)),
    packages: packageIndex.packages,
    packageBodies: packageIndex.bodies,
    users: parsePasswd(passwd === undefined ? undefined : filesystem.data(passwd)),
    env,
    claimed: new Set(),
  };
}

/** name → uid from passwd lines `name:x:uid:gid:…`. */
export function parsePasswd(data: Buffer | undefined): Map<string, number> {
  const users = new Map<string, number>();
  if (!data) return users;
  for (const line of data.toString('utf8').split('\n')) {
    const parts = line.split(':');
    if (parts.length < 3 || line.startsWith('#')) continue;
    const uid = Number(parts[2]);
    if (Number.isInteger(uid) && !users.has(parts[0])) users.set(parts[0], uid);
  }
  return users;
}
