import type { BaseInfo, LayerReport, Package, Transport } from '../../model';
import { candidatesFor, identifyBase } from '../../suggest/catalog/candidates';
import type { Join } from '../../suggest/dockerfile/join';
import { Dockerfile, finalStage } from '../../suggest/dockerfile/parse';
import type { FilesystemModel } from '../filesystem/model';
import { detectBase } from './detect';
import { BaseEngineOption, ENGINE_BUDGET_MS, engineImageBytes, EngineImages, findEngineBase, resolveBaseEngine, withinBudget } from './engine-images';

/** What base detection knows beyond BaseInfo, for the suggestions; not part of the JSON. */
export interface BaseExtras {
  /** How the boundary was found, in one phrase. */
  evidence: string;
  /** Candidate images measured in the engine: reference → uncompressed bytes (its history's layer sizes). */
  live: { address: string; bytes: Map<string, number> } | null;
}

const extras = new WeakMap<BaseInfo, BaseExtras>();

export function baseExtras(base: BaseInfo): BaseExtras | undefined {
  return extras.get(base);
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
}

/**
 * Base detection with the engine's help: the Dockerfile join when there is one, else the engine image whose
 * diffIDs are the longest proper prefix of this image's, else the label and the history (see detectBase). When an
 * engine answers, the smaller variants the base-image suggestion will weigh are measured in it too, if it has them.
 * An engine that is absent, slow or failing changes nothing but the method.
 */
export async function resolveBase(input: ResolveBaseInput): Promise<BaseInfo> {
  const fromEngine = input.transport === 'docker-daemon';
  const client = resolveBaseEngine(input.engine, fromEngine);
  // A client given by the caller, or an engine the image came from, is worth a longer wait than a guess at a socket.
  const budget = input.engine !== undefined && input.engine !== 'auto' && input.engine !== 'on' ? 10 * ENGINE_BUDGET_MS : fromEngine ? 5 * ENGINE_BUDGET_MS : ENGINE_BUDGET_MS;
  const dockerfileLastLayer = input.join?.baseLastLayer ?? null;
  const engine = client && dockerfileLastLayer === null ? await withinBudget(findEngineBase(input.diffIds, client), budget) : null;
  const { base, evidence } = detectBase(input.layers, input.filesystem, input.env, {
    dockerfileLastLayer,
    dockerfileFrom: input.dockerfile ? finalImage(input.dockerfile) : null,
    engine,
    labels: input.labels,
  });
  const live = client ? await measureCandidates(base, input, client, budget) : null;
  extras.set(base, { evidence, live });
  return base;
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
