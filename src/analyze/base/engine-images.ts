import * as fs from 'node:fs';
import { modemAddress } from '../sources/engine';
import type Docker from 'dockerode';

/** An image the engine holds, as base detection sees it. */
export interface EngineImage {
  id: string;
  repoTags: string[];
  /** RootFS.Layers: the diffIDs, bottom first. */
  diffIds: string[];
}

/** One history entry as the engine reports it, oldest first; `size` is the layer's uncompressed bytes. */
export interface EngineHistoryEntry {
  createdBy: string;
  size: number;
}

/**
 * The engine calls base detection and live candidate sizes make: a narrow interface, injected, so that tests give
 * a fake engine and CI decides whether a real one is asked.
 */
export interface EngineImages {
  readonly address: string;
  /** Tagged images with their diffIDs. */
  images(): Promise<EngineImage[]>;
  /** An image's history, oldest first; null when the engine does not have the image. */
  history(name: string): Promise<EngineHistoryEntry[] | null>;
}

/**
 * How analysis asks an engine about the base: `off` never; `auto` (the default) only when the image came from the
 * engine; `on` (IMGDIET_BASE_ENGINE=on) also for archives, OCI layouts and registries, at DOCKER_HOST or the
 * default socket — a file's analysis does not talk to a daemon unless asked to. Always with a short time limit,
 * going on without an answer; or a given client.
 */
export type BaseEngineOption = 'auto' | 'on' | 'off' | EngineImages;

const DEFAULT_SOCKET = '/var/run/docker.sock';
/** Time for the whole engine lookup: an engine that answers slower than this is not waited for. */
export const ENGINE_BUDGET_MS = 2000;

/** The engine client to ask, or null: for `auto`, only when an engine is named or its socket exists. */
export function resolveBaseEngine(option: BaseEngineOption | undefined, fromEngine: boolean): EngineImages | null {
  const env = process.env.IMGDIET_BASE_ENGINE;
  const chosen = option ?? (env === 'off' || env === 'on' ? env : 'auto');
  if (chosen === 'off') return null;
  if (chosen !== 'auto' && chosen !== 'on') return chosen;
  if (chosen === 'auto' && !fromEngine) return null;
  if (!fromEngine && !process.env.DOCKER_HOST && !fs.existsSync(DEFAULT_SOCKET)) return null;
  try {
    return dockerodeImages(ENGINE_BUDGET_MS);
  } catch {
    return null;
  }
}

/** Image ids already inspected: an id's diffIDs never change, so each is asked once per process. */
const diffIdsById = new Map<string, string[]>();

/** dockerode with its defaults (DOCKER_HOST, the default socket) and a request timeout. */
export function dockerodeImages(timeoutMs: number): EngineImages {
  const DockerClass = require('dockerode') as typeof Docker;
  const docker = new DockerClass({ timeout: timeoutMs });
  return {
    address: modemAddress(docker.modem),
    async images() {
      const list = await docker.listImages();
      const out: EngineImage[] = [];
      for (const i of list) {
        const repoTags = (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>');
        if (repoTags.length === 0) continue;
        let diffIds = diffIdsById.get(i.Id);
        if (!diffIds) {
          const info = await docker.getImage(i.Id).inspect();
          diffIds = info.RootFS?.Layers ?? [];
          diffIdsById.set(i.Id, diffIds);
        }
        out.push({ id: i.Id, repoTags, diffIds });
      }
      return out;
    },
    async history(name) {
      try {
        const h = (await docker.getImage(name).history()) as Array<{ CreatedBy?: string; Size?: number }>;
        return h.map((e) => ({ createdBy: e.CreatedBy ?? '', size: e.Size ?? 0 })).reverse();
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode === 404) return null;
        throw err;
      }
    },
  };
}

/** The promise's value, or null when it fails or takes longer than `ms`; never throws. */
export async function withinBudget<T>(p: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
    timer.unref();
  });
  try {
    return await Promise.race([p.catch(() => null), late]);
  } finally {
    clearTimeout(timer);
  }
}

export interface EngineBase {
  /** The base's name: its first tag, in sort order. */
  name: string;
  tags: string[];
  /** diffIDs the base has (a proper prefix of the image's). */
  layerCount: number;
  /** Entries of the base's own history, when the engine gave it. */
  historyLength: number | null;
}

/**
 * The engine image whose diffIDs are the longest proper prefix of `diffIds`: the image this one was built FROM.
 * Only tagged images count (the legacy builder's untagged intermediates would match every step). Ties go to the
 * first tag in sort order.
 */
export async function findEngineBase(diffIds: string[], client: EngineImages): Promise<EngineBase | null> {
  if (diffIds.length < 2) return null;
  let best: EngineImage | null = null;
  for (const img of await client.images()) {
    const n = img.diffIds.length;
    if (img.repoTags.length === 0 || n === 0 || n >= diffIds.length) continue;
    if (!img.diffIds.every((d, i) => d === diffIds[i])) continue;
    const better = !best || n > best.diffIds.length || (n === best.diffIds.length && firstTag(img) < firstTag(best));
    if (better) best = img;
  }
  if (!best) return null;
  const tags = [...best.repoTags].sort();
  const history = await client.history(best.id).catch(() => null);
  return { name: tags[0], tags, layerCount: best.diffIds.length, historyLength: history ? history.length : null };
}

function firstTag(img: EngineImage): string {
  return [...img.repoTags].sort()[0] ?? '';
}

/** Uncompressed bytes of an image in the engine (the sum of its history's layer sizes), or null. */
export async function engineImageBytes(name: string, client: EngineImages): Promise<number | null> {
  const h = await client.history(name).catch(() => null);
  return h ? h.reduce((n, e) => n + e.size, 0) : null;
}
