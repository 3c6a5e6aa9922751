import type { BaseInfo, LayerReport } from '../../model';
import type { FilesystemModel } from '../filesystem/model';
import { BASE_NAME_LABEL } from '../findings/rules/untagged-base';
import type { EngineBase } from './engine-images';
import type { RegistryBase } from './registry-base';
import { boundaryFromHistory } from './history';
import { detectRuntimes } from './runtimes';

export interface BaseHints {
  /** From the Dockerfile join: the last history index before the final stage's first instruction. */
  dockerfileLastLayer: number | null;
  /** The final stage's FROM image, with --dockerfile (an earlier stage's name already followed to its image). */
  dockerfileFrom: string | null;
  /** The engine image whose diffIDs are the longest proper prefix of this image's, when an engine was asked. */
  engine?: EngineBase | null;
  /** The named base read from a registry, its diffIDs a proper prefix of this image's (only when lookups are on). */
  registry?: RegistryBase | null;
  /** The image config's labels. */
  labels?: Record<string, string>;
}

/** BaseInfo plus the sentence that says how the boundary was found (for rationales; not in the JSON). */
export interface DetectedBase {
  base: BaseInfo;
  evidence: string;
}

/**
 * Which layers are the base image, its distro and the language runtimes in the image. The boundary comes from, in
 * order: the Dockerfile join; an engine image whose diffIDs are the longest proper prefix of this image's; the
 * named base read from a registry (when lookups are on) whose diffIDs are a proper prefix of this image's; the
 * `org.opencontainers.image.base.name` label (its name, with the boundary the history shows); the history alone
 * (builder marks, a long pause between entries, a FROM entry); else none.
 */
export function detectBase(layers: LayerReport[], filesystem: FilesystemModel, env: Map<string, string>, hints: BaseHints): DetectedBase {
  const label = hints.labels?.[BASE_NAME_LABEL]?.trim() || null;
  let lastLayer: number | null = null;
  let method: BaseInfo['method'] = 'none';
  let name: string | null = null;
  let evidence = 'no base boundary found: no Dockerfile join, engine match, label or history mark';
  const history = boundaryFromHistory(layers);
  if (hints.dockerfileLastLayer !== null) {
    lastLayer = hints.dockerfileLastLayer;
    method = 'dockerfile';
    name = hints.dockerfileFrom;
    evidence = `the Dockerfile's final stage joined to the history (FROM ${hints.dockerfileFrom ?? '?'})`;
  } else if (hints.engine) {
    lastLayer = engineBoundary(layers, hints.engine);
    method = 'engine-image';
    name = hints.engine.name;
    evidence = `the engine image ${hints.engine.name}, whose ${hints.engine.layerCount} layers are the first of this image's`;
  } else if (hints.registry) {
    const r = hints.registry;
    lastLayer = engineBoundary(layers, r);
    method = 'registry-image';
    name = r.name;
    evidence = `registry ${r.host}: ${r.name} ${r.manifestDigest.slice(0, 19)}, whose ${r.layerCount} layers are the first of this image's`;
  } else if (label) {
    lastLayer = history?.lastLayer ?? null;
    method = 'label';
    name = label;
    evidence = `the label ${BASE_NAME_LABEL}=${label}${history ? `; boundary from the history: ${history.evidence}` : '; no boundary in the history'}`;
  } else if (history) {
    lastLayer = history.lastLayer;
    method = 'history';
    evidence = `the history: ${history.evidence}`;
  }
  const layerBytes = lastLayer === null ? 0 : layers.filter((l) => l.index <= lastLayer!).reduce((n, l) => n + l.sizeBytes, 0);
  return {
    base: { lastLayer, method, name, layerBytes, distro: readOsRelease(filesystem), runtimes: detectRuntimes(filesystem, env) },
    evidence,
  };
}

/**
 * The history index of the base's last entry: the base's own history length when its entries line up with this
 * image's (same number of layers among them); else the entry that added the base's last layer.
 */
export function engineBoundary(layers: LayerReport[], engine: Pick<EngineBase, 'historyLength' | 'layerCount'>): number | null {
  const h = engine.historyLength;
  if (h !== null && h > 0 && h < layers.length && layers.slice(0, h).filter((l) => !l.emptyLayer).length === engine.layerCount) return h - 1;
  let seen = 0;
  for (const l of layers) {
    if (!l.emptyLayer && ++seen === engine.layerCount) return l.index;
  }
  return null;
}

function readOsRelease(filesystem: FilesystemModel): BaseInfo['distro'] {
  // The first in path order: etc/ before usr/.
  const file = filesystem.find('etc/os-release') ?? filesystem.find('usr/lib/os-release');
  let data = file && filesystem.data(file);
  if (!data && file && filesystem.type(file) === 'symlink') {
    const lib = filesystem.find('usr/lib/os-release');
    data = lib && filesystem.data(lib);
  }
  if (!data) return null;
  const fields = new Map<string, string>();
  for (const line of data.toString('utf8').split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) fields.set(m[1], m[2].replace(/^"(.*)"$/, '$1'));
  }
  const id = fields.get('ID');
  return id ? { id, versionId: fields.get('VERSION_ID') ?? null, prettyName: fields.get('PRETTY_NAME') ?? null } : null;
}
