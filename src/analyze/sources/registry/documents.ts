/**
 * Manifests, indexes and configs from a registry: size-capped before anything is buffered, verified against their
 * digest, and type-checked where the code downstream reads them, so a malformed one is an error naming it.
 */
import { InputError } from '../../../errors';
import type { Descriptor, ManifestJson } from '../oci-index';
import type { RegistryClient } from './client';
import { digestHash, digestOf } from './digest';
import { printable } from './printable';

/** Real manifests and indexes are a few KB (a 100-platform index is under 100 KB). */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/** Real configs are KBs to a few hundred KB (long histories); 16 MiB leaves room and still bounds memory. */
export const MAX_CONFIG_BYTES = 16 * 1024 * 1024;
/** Real documents nest under 10 levels; deeper ones would overflow the recursive code that prints them. */
export const MAX_JSON_DEPTH = 64;

const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** Fetches a manifest (`manifests/REF`) or config (`blobs/DIGEST`), checking its digest when one is known. */
export async function fetchDocument(client: RegistryClient, path: string, what: string, expected: string | null): Promise<{ value: unknown; digest: string }> {
  const manifest = path.startsWith('manifests/');
  const check = expected === null ? null : digestHash(expected, what);
  const res = await client.get(path, what, manifest ? { accept: MANIFEST_TYPES } : {});
  if (res.status !== 200) throw await client.fail(res, what);
  const raw = await client.readCapped(res, manifest ? MAX_MANIFEST_BYTES : MAX_CONFIG_BYTES, what);
  const digest = digestOf(raw, check?.algorithm);
  if (expected !== null && digest !== expected) {
    throw new InputError(`${what} from ${client.ref.host}/${client.ref.repository} does not match its digest (its bytes hash to ${digest}); the registry's copy is corrupt`);
  }
  if (jsonDepth(raw) > MAX_JSON_DEPTH) throw new InputError(`${what} from ${client.ref.host} nests deeper than ${MAX_JSON_DEPTH} levels`);
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new InputError(`${what} from ${client.ref.host} is not valid JSON`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new InputError(`${what} from ${client.ref.host} is not a JSON object`);
  return { value, digest: expected ?? digest };
}

/** The deepest nesting of arrays and objects in JSON text, counted in one pass without parsing. */
export function jsonDepth(raw: Buffer): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (inString) {
      if (c === 0x5c) i++; // a backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/** Checks the fields of a manifest or index that are read, so that nothing malformed reaches the walk. */
export function checkManifest(value: unknown, what: string): ManifestJson {
  const m = value as Record<string, unknown>;
  const field = (name: string, problem: string): InputError => new InputError(`${what}: field ${name} ${problem}`);
  if (m.mediaType !== undefined && typeof m.mediaType !== 'string') throw field('mediaType', 'is not a string');
  if (m.manifests !== undefined) {
    if (!Array.isArray(m.manifests)) throw field('manifests', 'is not a list');
    m.manifests.forEach((d, i) => checkDescriptor(d, `${what}: manifests[${i}]`));
    return m as ManifestJson;
  }
  if (m.config !== undefined) checkDescriptor(m.config, `${what}: config`);
  if (m.layers !== undefined) {
    if (!Array.isArray(m.layers)) throw field('layers', 'is not a list');
    m.layers.forEach((d, i) => checkDescriptor(d, `${what}: layers[${i}]`));
  }
  return m as ManifestJson;
}

function checkDescriptor(d: unknown, where: string): asserts d is Descriptor {
  if (d === null || typeof d !== 'object' || Array.isArray(d)) throw new InputError(`${where} is not a descriptor object`);
  const r = d as Record<string, unknown>;
  digestHash(r.digest, where);
  if (r.size !== undefined && !(Number.isSafeInteger(r.size) && (r.size as number) >= 0)) {
    throw new InputError(`${where}: size ${printable(JSON.stringify(r.size) ?? '', 40)} is not a non-negative whole number`);
  }
  if (r.mediaType !== undefined && typeof r.mediaType !== 'string') throw new InputError(`${where}: mediaType is not a string`);
  for (const key of ['platform', 'annotations']) {
    if (r[key] !== undefined && (r[key] === null || typeof r[key] !== 'object' || Array.isArray(r[key]))) throw new InputError(`${where}: ${key} is not an object`);
  }
  const platform = (r.platform ?? {}) as Record<string, unknown>;
  for (const key of ['os', 'architecture', 'variant']) {
    if (platform[key] !== undefined && typeof platform[key] !== 'string') throw new InputError(`${where}: platform.${key} is not a string`);
  }
}
