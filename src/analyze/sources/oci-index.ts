import { InputError, listSome } from '../../errors';
import type { Platform } from './types';

/** An OCI descriptor, as found in an index or manifest. */
export interface Descriptor {
  mediaType?: string;
  digest: string;
  size?: number;
  annotations?: Record<string, string>;
  platform?: { os?: string; architecture?: string; variant?: string };
}

export interface IndexJson {
  mediaType?: string;
  manifests?: Descriptor[];
}

export interface ManifestJson {
  mediaType?: string;
  config?: Descriptor;
  layers?: Descriptor[];
  manifests?: Descriptor[];
}

export const DEFAULT_PLATFORM: Platform = { os: 'linux', architecture: 'amd64' };

/** Index within index: real images use one level; a few more are allowed. */
const MAX_NESTING = 4;

const REF_NAME = 'org.opencontainers.image.ref.name';
const CONTAINERD_NAME = 'io.containerd.image.name';

export function isIndex(m: { mediaType?: string; manifests?: unknown }): boolean {
  return Array.isArray(m.manifests) || /manifest\.list|image\.index/.test(m.mediaType ?? '');
}

export function formatPlatform(p: { os?: string; architecture?: string; variant?: string } | undefined): string {
  if (!p) return 'unknown';
  return [p.os ?? '?', p.architecture ?? '?', p.variant].filter(Boolean).join('/');
}

function describe(d: Descriptor): string {
  return d.annotations?.[REF_NAME] ?? d.annotations?.[CONTAINERD_NAME] ?? d.digest;
}

/**
 * Picks one image manifest out of an index: by tag (ref name annotation) when one is asked for, then by platform
 * when the index (or a nested one) lists several. `load` reads a descriptor's JSON.
 */
export async function selectManifest(
  index: IndexJson,
  /** `root`: the index's own digest where it has one (a registry's), so a child naming it is a loop too. */
  want: { tag?: string; platform?: Platform; where: string; root?: string },
  load: (d: Descriptor) => Promise<ManifestJson>,
  /** Indexes met on the way down: one that names itself, or an ancestor, would be read for ever. */
  seen: string[] = [],
): Promise<{ manifest: ManifestJson; digest: string; descriptor: Descriptor }> {
  let candidates = index.manifests ?? [];
  if (candidates.length === 0) throw new InputError(`${want.where} lists no images: its index has no manifests`);
  if (want.tag !== undefined) {
    const tag = want.tag;
    candidates = candidates.filter((d) => {
      const a = d.annotations ?? {};
      return a[REF_NAME] === tag || a[CONTAINERD_NAME] === tag || (a[CONTAINERD_NAME] ?? '').endsWith(`:${tag}`) || d.digest === tag;
    });
    if (candidates.length === 0) {
      const names = listSome((index.manifests ?? []).map(describe));
      throw new InputError(`${want.where} has no image named "${tag}"; it has: ${names}`);
    }
  }
  let chosen = candidates[0];
  if (candidates.length > 1) {
    const withPlatform = candidates.filter((d) => d.platform);
    if (withPlatform.length === candidates.length) chosen = pickPlatform(candidates, want.platform, want.where);
    else {
      const names = listSome(candidates.map(describe));
      throw new InputError(`${want.where} holds several images (${names}); name one, e.g. ${want.where.startsWith('oci:') ? want.where : `oci-archive:${want.where}`}:NAME`);
    }
  }
  if (chosen.digest === want.root || seen.includes(chosen.digest)) throw new InputError(`${want.where}: index ${chosen.digest} lists itself (directly or through another index)`);
  if (seen.length >= MAX_NESTING) throw new InputError(`${want.where}: indexes nest deeper than ${MAX_NESTING} levels`);
  const loaded = await load(chosen);
  if (isIndex(loaded)) {
    return selectManifest({ manifests: loaded.manifests }, { platform: want.platform, where: want.where, root: want.root }, load, [...seen, chosen.digest]);
  }
  return { manifest: loaded, digest: chosen.digest, descriptor: chosen };
}

function pickPlatform(candidates: Descriptor[], platform: Platform | undefined, where: string): Descriptor {
  const p = platform ?? DEFAULT_PLATFORM;
  const real = candidates.filter((d) => d.platform?.os !== 'unknown');
  const match = real.filter(
    (d) => d.platform?.os === p.os && d.platform?.architecture === p.architecture && (!p.variant || d.platform?.variant === p.variant),
  );
  if (match.length === 0) {
    const list = listSome(real.map((d) => formatPlatform(d.platform)));
    throw new InputError(`${where} has no image for platform ${formatPlatform(p)}; it has: ${list}. Choose one with --platform`);
  }
  return match[0];
}
