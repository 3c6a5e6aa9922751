import type { ImageConfig, LayerReport, Package } from '../../model';
import type { FilesystemModel } from '../filesystem/model';
import type { RuleContext } from './types';

export function buildContext(config: ImageConfig, layers: LayerReport[], filesystem: FilesystemModel, packages: Package[]): RuleContext {
  const byPath = new Map(filesystem.files.map((f) => [f.path, f]));
  const env = new Map<string, string>();
  for (const kv of config.env) {
    const eq = kv.indexOf('=');
    if (eq > 0) env.set(kv.slice(0, eq), kv.slice(eq + 1));
  }
  return {
    config,
    layers,
    filesystem,
    file: (path) => byPath.get(path),
    packages,
    users: parsePasswd(byPath.get('etc/passwd')?.entry.data),
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
