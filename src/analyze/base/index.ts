import type { BaseInfo, LayerReport, Package, Transport } from '../../model';
import { candidatesFor, identifyBase } from './catalog/candidates';
import type { Join } from '../../dockerfile/join';
import { Dockerfile, finalStage } from '../../dockerfile/parse';
import type { FilesystemModel } from '../filesystem/model';
import { detectBase } from './detect';
import { BaseEngineOption, ENGINE_BUDGET_MS, engineImageBytes, EngineImages, findEngineBase, resolveBaseEngine, withinBudget } from './engine-images';
import { formatBytes } from '../../util/units';
import { BaseRegistryInput, BaseRegistrySetting, baseRegistrySetting, measureInRegistry, RegistryAnswer } from './registry-sizes';
import { findRegistryBase, RegistryBase } from './registry-base';
import { BASE_NAME_LABEL } from '../findings/rules/untagged-base';

/** What base detection knows beyond BaseInfo, for the suggestions; not part of the JSON. */
export interface BaseExtras {
  /** How the boundary was found, in one phrase. */
  evidence: string;
  /** Candidate images measured in the engine: reference → uncompressed bytes (its history's layer sizes). */
  live: { address: string; bytes: Map<string, number> } | null;
  /** Candidates the engine did not hold, as a registry answered for them: reference → figure or miss. */
  registry: Map<string, RegistryAnswer>;
}

export interface ResolveBaseInput {
  layers: LayerReport[];
  filesystem: FilesystemModel;
  env: Map<string, string>;
  labels: Record<string, string>;
  packages: readonly Package[];
  /** The image's diffIDs, bottom first. */
  diffIds: string[];
  dockerfile: Dockerfile | null;
  join: Join | null;
  transport: Transport;
  /** Whether and which engine to ask (see BaseEngineOption); default `auto`. */
  engine?: BaseEngineOption;
  /** Where to read candidates the engine does not hold (see registry-sizes.ts); absent: no registry is asked. */
  registry?: BaseRegistryInput;
}

/**
 * Base detection with the engine's help: the Dockerfile join when there is one, else the engine image whose
 * diffIDs are the longest proper prefix of this image's, else the label and the history (see detectBase). When an
 * engine answers, the smaller variants the base-image suggestion will weigh are measured in it too, if it has them.
 * An engine that is absent, slow or failing changes nothing but the method.
 */
export async function resolveBase(input: ResolveBaseInput): Promise<{ base: BaseInfo; extras: BaseExtras }> {
  const fromEngine = input.transport === 'docker-daemon';
  const client = resolveBaseEngine(input.engine, fromEngine);
  // A client given by the caller, or an engine the image came from, is worth a longer wait than a guess at a socket.
  const budget = input.engine !== undefined && input.engine !== 'auto' && input.engine !== 'on' ? 10 * ENGINE_BUDGET_MS : fromEngine ? 5 * ENGINE_BUDGET_MS : ENGINE_BUDGET_MS;
  const dockerfileLastLayer = input.join?.baseLastLayer ?? null;
  const engine = client && dockerfileLastLayer === null ? await withinBudget(findEngineBase(input.diffIds, client), budget) : null;
  // Read once: the base match and the candidates' sizes both depend on it (null: no registry is asked).
  const setting = input.registry ? baseRegistrySetting(input.registry) : null;
  const hints = { dockerfileLastLayer, dockerfileFrom: input.dockerfile ? finalImage(input.dockerfile) : null, engine, labels: input.labels };
  let { base, evidence } = detectBase(input.layers, input.filesystem, input.env, hints);
  if (dockerfileLastLayer === null && !engine) {
    const found = await registryBase(base, hints.dockerfileFrom, setting, input);
    if (found && 'match' in found) ({ base, evidence } = detectBase(input.layers, input.filesystem, input.env, { ...hints, registry: found.match }));
    else if (found) evidence += `; ${found.miss}`;
  }
  const live = client ? await measureCandidates(base, input, client, budget) : null;
  const registry = await registryCandidates(base, setting, input, live);
  return { base, extras: { evidence, live, registry } };
}

/**
 * The named base looked up in the registry, when lookups are on: the label (with its digest when given), else the
 * Dockerfile's FROM, else the name detection inferred. Null when no registry is asked.
 */
async function registryBase(
  base: BaseInfo,
  dockerfileFrom: string | null,
  setting: BaseRegistrySetting | null,
  input: ResolveBaseInput,
): Promise<{ match: RegistryBase } | { miss: string } | null> {
  if (!setting || !input.registry) return null;
  const label = input.labels[BASE_NAME_LABEL]?.trim();
  const digest = input.labels[BASE_DIGEST_LABEL]?.trim();
  const named = label ? (digest?.startsWith('sha256:') ? `${label.replace(/[:@][^/]*$/, '')}@${digest}` : label) : (dockerfileFrom ?? base.name ?? inferredName(base, input.packages));
  if (!named) return null;
  const got = await findRegistryBase(named, input.diffIds, setting, input.registry);
  return got.found ? { match: got.found } : { miss: got.evidence };
}

/** The image detection infers from the files (a distro and its runtimes), as `prefix+repo:tag`. */
function inferredName(base: BaseInfo, packages: readonly Package[]): string | null {
  const id = identifyBase(base, packages);
  return id ? `${id.ref.prefix}${id.ref.repo}:${id.ref.tag}` : null;
}

/** The OCI label for the base's manifest digest. */
const BASE_DIGEST_LABEL = 'org.opencontainers.image.base.digest';

/** The candidates the engine did not measure, read from a registry unless lookups are off. */
async function registryCandidates(base: BaseInfo, setting: BaseRegistrySetting | null, input: ResolveBaseInput, live: BaseExtras['live']): Promise<Map<string, RegistryAnswer>> {
  if (!setting || !input.registry || base.lastLayer === null) return new Map();
  const id = identifyBase(base, input.packages);
  if (!id) return new Map();
  const wanted = candidatesFor(id, { cgoDisabled: cgoDisabled(input.env, input.dockerfile) })
    .map((c) => c.reference)
    .filter((r) => !live?.bytes.has(r));
  return wanted.length === 0 ? new Map() : measureInRegistry(wanted, setting, input.registry);
}

/** A candidate's size measured live, with where it was measured; else, when a registry was asked, why it gave none. */
export type LiveSize = { bytes: number; source: string } | { bytes: null; note: string | null };

/** The engine's figure first (what a build here starts from), then the registry's. */
export function liveSize(extras: BaseExtras, reference: string): LiveSize {
  const engine = extras.live?.bytes.get(reference);
  if (engine !== undefined) return { bytes: engine, source: 'measured in the local engine' };
  const r = extras.registry.get(reference);
  if (!r) return { bytes: null, note: null };
  if (!r.found) return { bytes: null, note: `registry ${r.host} ${r.reason}, so not measured there` };
  const digest = r.manifestDigest ? ` ${r.manifestDigest.slice(0, 19)}` : '';
  return {
    bytes: r.bytes,
    source: `measured in registry ${r.host}: ${r.name}${digest} for ${r.platform}, ${r.layers} layer${r.layers === 1 ? '' : 's'} streamed, ${formatBytes(r.compressedBytes)} compressed`,
  };
}

/** The final stage's image, an earlier stage's name followed to that stage's own image. */
export function finalImage(d: Dockerfile): string {
  let image = finalStage(d).image;
  for (let hops = 0; hops < d.stages.length; hops++) {
    const stage = d.stages.find((s) => s.name !== null && s.name.toLowerCase() === image.toLowerCase());
    if (!stage || stage === finalStage(d)) break;
    image = stage.image;
  }
  return image;
}

async function measureCandidates(base: BaseInfo, input: ResolveBaseInput, client: EngineImages, budget: number): Promise<BaseExtras['live']> {
  const id = identifyBase(base, input.packages);
  if (!id) return { address: client.address, bytes: new Map() };
  const bytes = new Map<string, number>();
  const started = Date.now();
  for (const c of candidatesFor(id, { cgoDisabled: cgoDisabled(input.env, input.dockerfile) })) {
    const left = budget - (Date.now() - started);
    if (left <= 0) break;
    const n = await withinBudget(engineImageBytes(c.reference, client), left);
    if (n !== null) bytes.set(c.reference, n);
  }
  return { address: client.address, bytes };
}

/** CGO_ENABLED=0 in the image's ENV or anywhere in the Dockerfile: a Go program that needs no libc. */
export function cgoDisabled(env: Map<string, string>, dockerfile: Dockerfile | null): boolean {
  if (env.get('CGO_ENABLED') === '0') return true;
  return dockerfile !== null && /\bCGO_ENABLED=0\b/.test(dockerfile.text);
}
