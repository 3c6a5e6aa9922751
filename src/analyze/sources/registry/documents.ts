/**
 * Manifests, indexes and configs from a registry: size-capped before anything is buffered, verified against their
 * digest, then parsed and type-checked by the same rules as every other source's (json-checks).
 */
import { InputError } from '../../../errors';
import { digestOf, hashToVerify } from '../digest';
import { MAX_JSON_BYTES, parseJson } from '../json-checks';
import type { RegistryClient } from './client';

/** Real manifests and indexes are a few KB (a 100-platform index is under 100 KB). */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/**
 * Fetches a manifest (`manifests/REF`) or config (`blobs/DIGEST`), checking its digest when one is known, and
 * parses it (depth-limited); the caller type-checks the value.
 */
export async function fetchDocument(client: RegistryClient, path: string, what: string, expected: string | null): Promise<{ value: unknown; digest: string }> {
  const manifest = path.startsWith('manifests/');
  if (expected !== null) hashToVerify(expected, what);
  const res = await client.get(path, what, manifest ? { accept: MANIFEST_TYPES } : {});
  if (res.status !== 200) throw await client.fail(res, what);
  const raw = await client.readCapped(res, manifest ? MAX_MANIFEST_BYTES : MAX_JSON_BYTES, what);
  const digest = digestOf(raw, expected);
  if (expected !== null && digest !== expected) {
    throw new InputError(`${what} from ${client.ref.host}/${client.ref.repository} does not match its digest (its bytes hash to ${digest}); the registry's copy is corrupt`);
  }
  return { value: parseJson(raw, `${what} from ${client.ref.host}`), digest: expected ?? digest };
}
