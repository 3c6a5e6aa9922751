/**
 * Sizes of base-image candidates read from a registry: the manifest for the analyzed image's platform, and the
 * uncompressed layer bytes (the sum of regular-file content bytes, imgdiet's layer size) measured by streaming
 * every layer through the layer walk — a manifest only knows compressed sizes. Nothing is buffered or written.
 * A registry that cannot be reached, answers slowly or lacks the image gives a miss saying why; never an error.
 */
import { UsageError } from '../../errors';
import { walkLayer } from '../layers/walk';
import { formatPlatform } from '../sources/oci-index';
import { networkReason, RegistryError } from '../sources/registry/client';
import { CREDS_ENV } from '../sources/registry/credentials';
import { isLoopback, parseRegistryRef } from '../sources/registry/reference';
import { RegistrySource } from '../sources/registry/source';
import type { Platform } from '../sources/types';
import { reachRegistry } from './registry-reach';

/** The env variable that names the registry to read Docker Hub candidates from, or `off`. */
export const BASE_REGISTRY_ENV = 'IMGDIET_BASE_REGISTRY';

/** Time to get a candidate's manifest and config: a registry slower than this is not waited for. */
export const REACH_MS = 5000;
/** Time for the whole lookup, every candidate's layers streamed. */
export const BUDGET_MS = 30_000;

export interface BaseRegistryInput {
  /** --base-registry: `docker.io`, a `HOST[:PORT]` that serves Docker Hub's names (a mirror), or `off`; else $IMGDIET_BASE_REGISTRY. */
  registry?: string;
  /** --creds: sent only to a registry the user named (--base-registry, or the analyzed image's own). */
  creds?: string;
  insecure?: boolean;
  /** The host of the analyzed `docker://` image, if it came from a registry. */
  imageHost?: string | null;
  /** The analyzed image's platform: the candidate is read for the same one. */
  platform?: Platform;
  env?: NodeJS.ProcessEnv;
  /** Time limits; tests shorten them. */
  reachMs?: number;
  budgetMs?: number;
}

/** A candidate measured in a registry. */
export interface RegistryFigure {
  found: true;
  /** Uncompressed layer bytes. */
  bytes: number;
  /** The manifest's layer sizes, summed. */
  compressedBytes: number;
  layers: number;
  host: string;
  /** `host/repository:tag` as read. */
  name: string;
  manifestDigest: string | null;
  platform: string;
}

/** Why a registry gave no figure. */
export interface RegistryMiss {
  found: false;
  host: string;
  reason: string;
}

export type RegistryAnswer = RegistryFigure | RegistryMiss;

/** Where candidates are read: Docker Hub's names from the mirror when one is set; null when lookups are off. */
export interface BaseRegistrySetting {
  mirror: string | null;
}

/**
 * The setting from --base-registry, else the env; unset or `off` reads no registry (a lookup downloads every
 * candidate's layers, so it is asked for, never done behind the user's back); `docker.io` reads Docker Hub
 * itself. A malformed host is a usage error.
 */
export function baseRegistrySetting(input: Pick<BaseRegistryInput, 'registry' | 'env'>): BaseRegistrySetting | null {
  const env = input.env ?? process.env;
  const where = input.registry !== undefined ? '--base-registry' : `$${BASE_REGISTRY_ENV}`;
  const value = (input.registry ?? env[BASE_REGISTRY_ENV] ?? '').trim();
  if (value === 'off' || value === '') return null;
  if (value === 'docker.io' || value === 'index.docker.io') return { mirror: null };
  if (!/^[A-Za-z0-9.-]+(:\d+)?$|^\[[0-9A-Fa-f:]+\](:\d+)?$/.test(value)) {
    throw new UsageError(`${where} "${value}" is not a registry host; write HOST or HOST:PORT (no scheme, no path), or off`);
  }
  return { mirror: value };
}

/** The registry host of a `docker://` reference, else null. */
export function imageHostOf(ref: { transport: string; name?: string }): string | null {
  if (ref.transport !== 'docker' || ref.name === undefined) return null;
  try {
    return parseRegistryRef(ref.name).host;
  } catch {
    return null;
  }
}

/** What to ask for a FROM reference: Docker Hub's names go to the mirror when one is set. */
export function registryName(reference: string, setting: BaseRegistrySetting): { host: string; name: string; userNamed: boolean } | null {
  let ref;
  try {
    ref = parseRegistryRef(reference);
  } catch {
    return null;
  }
  const hub = ref.host === 'docker.io' || ref.host === 'index.docker.io';
  const host = hub && setting.mirror ? setting.mirror : ref.host;
  const sep = ref.reference.includes(':') ? '@' : ':';
  return { host, name: `${host}/${ref.repository}${sep}${ref.reference}`, userNamed: hub && setting.mirror !== null };
}

/** Answers already read in this process (`imgdiet diff` reads two images on one base). */
const answers = new Map<string, Promise<RegistryAnswer>>();

/**
 * Each reference's size in its registry, all asked at once within one time budget. Never throws: a failure is a
 * miss that says why.
 */
export async function measureInRegistry(references: string[], setting: BaseRegistrySetting, input: BaseRegistryInput): Promise<Map<string, RegistryAnswer>> {
  const out = new Map<string, RegistryAnswer>();
  const controller = new AbortController();
  const budget = setTimeout(() => controller.abort(), input.budgetMs ?? BUDGET_MS);
  try {
    await Promise.all(
      references.map(async (reference) => {
        const target = registryName(reference, setting);
        if (!target) return;
        const key = `${target.name}|${formatPlatform(input.platform)}`;
        let answer = answers.get(key);
        if (!answer) {
          answer = measureOne(target, input, controller.signal);
          answers.set(key, answer);
        }
        const got = await answer;
        // A miss is not kept: the registry may answer the next analysis.
        if (!got.found) answers.delete(key);
        out.set(reference, got);
      }),
    );
  } finally {
    clearTimeout(budget);
    controller.abort();
  }
  return out;
}

/** A RegistrySource for a target, after the reach probe; the reach signal ends it if nothing arrives in time. */
export interface Opened {
  source: RegistrySource;
  reach: AbortController;
  /** Call when the first bytes arrived: the reach limit no longer applies. */
  reached(): void;
  close(): void;
}

export async function openTarget(target: { host: string; name: string; userNamed: boolean }, input: BaseRegistryInput, budget: AbortSignal): Promise<Opened | RegistryMiss> {
  const env = input.env ?? process.env;
  // Credentials given for a registry go only where the user pointed: a registry imgdiet chose (Docker Hub,
  // gcr.io) gets only what the Docker config files under its own name.
  const mine = target.userNamed || target.host === input.imageHost;
  const reach = new AbortController();
  const reachMs = input.reachMs ?? REACH_MS;
  const started = Date.now();
  const secure = !input.insecure && !isLoopback(target.host);
  const reachable = await reachRegistry(target.host, secure, reachMs);
  if ('reason' in reachable) return { found: false, host: target.host, reason: reachable.reason };
  let reached = false;
  const timer = setTimeout(() => {
    if (!reached) reach.abort();
  }, Math.max(0, reachMs - (Date.now() - started)));
  const source = new RegistrySource(target.name, {
    platform: input.platform,
    creds: mine ? input.creds : undefined,
    insecure: input.insecure,
    env: mine ? env : { ...env, [CREDS_ENV]: undefined },
    attempts: 1,
    scheme: reachable.scheme,
    signal: AbortSignal.any([budget, reach.signal]),
  });
  return {
    source,
    reach,
    reached: () => (reached = true),
    close: () => {
      clearTimeout(timer);
      source.close();
    },
  };
}

/** Why a read through openTarget failed, in one phrase. */
export function failReason(err: unknown, opened: Opened, budget: AbortSignal, input: BaseRegistryInput, name: string): string {
  if (opened.reach.signal.aborted) return `did not answer within ${(input.reachMs ?? REACH_MS) / 1000} s`;
  if (budget.aborted) return `was not read within ${(input.budgetMs ?? BUDGET_MS) / 1000} s`;
  return missReason(err, name);
}

async function measureOne(target: { host: string; name: string; userNamed: boolean }, input: BaseRegistryInput, budget: AbortSignal): Promise<RegistryAnswer> {
  const opened = await openTarget(target, input, budget);
  if ('found' in opened) return opened;
  try {
    const image = await opened.source.read(async (blob) => {
      opened.reached();
      return walkLayer(blob);
    });
    return {
      found: true,
      bytes: image.layers.reduce((n, l) => n + l.result.sizeBytes, 0),
      compressedBytes: image.layers.reduce((n, l) => n + (l.descriptor.size ?? l.result.blobBytes), 0),
      layers: image.layers.length,
      host: target.host,
      name: target.name,
      manifestDigest: image.manifestDigest,
      platform: formatPlatform(image.config),
    };
  } catch (err) {
    return { found: false, host: target.host, reason: failReason(err, opened, budget, input, target.name) };
  } finally {
    opened.close();
  }
}

/** One phrase for a failed read, without URLs or credentials. */
function missReason(err: unknown, name: string): string {
  if (err instanceof RegistryError) {
    if (err.status === 404) return `has no ${name.slice(name.indexOf('/') + 1)} (404)`;
    if (err.status === 401 || err.status === 403) return `denied access (${err.status})`;
    if (err.status !== null) return `answered ${err.status}`;
    return `could not be reached (${networkReason(err.cause)})`;
  }
  const message = err instanceof Error ? err.message : String(err);
  return `could not be read (${message.split('\n')[0]})`;
}
