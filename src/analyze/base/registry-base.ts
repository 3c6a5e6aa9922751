/**
 * The base image matched in a registry: the image's named base (label, --dockerfile FROM or the inferred name)
 * is read there — manifest and config only, never a layer — and is the base when its diffIDs are a proper prefix
 * of this image's. Asked only when registry lookups are on; any failure is a miss that says why, never an error.
 */
import { BaseRegistryInput, BaseRegistrySetting, failReason, openTarget, registryName } from './registry-sizes';

/** A base found in a registry: same shape as an engine match, plus where it was read. */
export interface RegistryBase {
  name: string;
  host: string;
  manifestDigest: string;
  layerCount: number;
  historyLength: number | null;
}

/** Time for the manifest and config together (each request also within the 5 s reach). */
const LOOKUP_MS = 10_000;

export type RegistryBaseAnswer = { found: RegistryBase } | { found: null; evidence: string };

/** Whether `base` is a proper prefix of `image` (fewer diffIDs, all equal in order). */
export function isProperPrefix(base: readonly string[], image: readonly string[]): boolean {
  return base.length > 0 && base.length < image.length && base.every((d, i) => d === image[i]);
}

/** Reads `reference`'s config from the registry the setting gives and matches its diffIDs against `diffIds`. */
export async function findRegistryBase(reference: string, diffIds: string[], setting: BaseRegistrySetting, input: BaseRegistryInput): Promise<RegistryBaseAnswer> {
  const target = registryName(reference, setting);
  if (!target) return { found: null, evidence: `${reference} is not a registry reference` };
  const budget = new AbortController();
  const timer = setTimeout(() => budget.abort(), LOOKUP_MS);
  try {
    const opened = await openTarget(target, input, budget.signal);
    if ('found' in opened) return { found: null, evidence: `registry ${target.host} ${opened.reason}` };
    try {
      const got = await opened.source.readConfig();
      const base = got.config.rootfs?.diff_ids ?? [];
      if (!isProperPrefix(base, diffIds)) {
        return { found: null, evidence: `registry ${target.host}: ${target.name} (${got.manifestDigest.slice(0, 19)}) has layers that are not the first of this image's` };
      }
      const history = Array.isArray(got.config.history) ? got.config.history.length : null;
      return { found: { name: target.name, host: target.host, manifestDigest: got.manifestDigest, layerCount: base.length, historyLength: history } };
    } catch (err) {
      return { found: null, evidence: `registry ${target.host} ${failReason(err, opened, budget.signal, { ...input, budgetMs: LOOKUP_MS }, target.name)}` };
    } finally {
      opened.close();
    }
  } finally {
    clearTimeout(timer);
    budget.abort();
  }
}
