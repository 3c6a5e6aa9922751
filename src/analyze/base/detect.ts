import type { BaseInfo, LayerReport, RuntimeInfo } from '../../model';
import type { FilesystemModel } from '../filesystem/model';

export interface BaseHints {
  /** From the Dockerfile join: the last history index before the final stage's first instruction. */
  dockerfileLastLayer: number | null;
  /** The final stage's FROM image, with --dockerfile. */
  dockerfileFrom: string | null;
}

/** Which layers are the base image, its distro and the language runtimes in the image. */
export function detectBase(layers: LayerReport[], filesystem: FilesystemModel, env: Map<string, string>, hints: BaseHints): BaseInfo {
  let lastLayer: number | null = null;
  let method: BaseInfo['method'] = 'none';
  if (hints.dockerfileLastLayer !== null) {
    lastLayer = hints.dockerfileLastLayer;
    method = 'dockerfile';
  }
  const layerBytes = lastLayer === null ? 0 : layers.filter((l) => l.index <= lastLayer!).reduce((n, l) => n + l.sizeBytes, 0);
  return { lastLayer, method, name: hints.dockerfileFrom, layerBytes, distro: readOsRelease(filesystem), runtimes: runtimesFromEnv(env) };
}

function readOsRelease(filesystem: FilesystemModel): BaseInfo['distro'] {
  const file = filesystem.files.find((f) => f.path === 'etc/os-release' || f.path === 'usr/lib/os-release');
  let data = file?.entry.data;
  if (!data && file?.entry.type === 'symlink') data = filesystem.files.find((f) => f.path === 'usr/lib/os-release')?.entry.data;
  if (!data) return null;
  const fields = new Map<string, string>();
  for (const line of data.toString('utf8').split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) fields.set(m[1], m[2].replace(/^"(.*)"$/, '$1'));
  }
  const id = fields.get('ID');
  return id ? { id, versionId: fields.get('VERSION_ID') ?? null, prettyName: fields.get('PRETTY_NAME') ?? null } : null;
}

/** Official language images say their runtime's version in ENV. */
const RUNTIME_ENV: Array<[RuntimeInfo['name'], string]> = [
  ['python', 'PYTHON_VERSION'],
  ['node', 'NODE_VERSION'],
  ['go', 'GOLANG_VERSION'],
  ['java', 'JAVA_VERSION'],
  ['ruby', 'RUBY_VERSION'],
];

function runtimesFromEnv(env: Map<string, string>): RuntimeInfo[] {
  const out: RuntimeInfo[] = [];
  for (const [name, key] of RUNTIME_ENV) {
    const v = env.get(key);
    if (v) out.push({ name, version: v, evidence: `ENV ${key}` });
  }
  return out;
}
