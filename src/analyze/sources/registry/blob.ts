import { createHash } from 'node:crypto';
import { InputError } from '../../../errors';
import { networkReason, RegistryClient, RegistryError } from './client';

/**
 * A blob's bytes as they arrive, hashed on the way: the sha256 must equal the digest, or the last read fails
 * naming the blob. A connection that drops mid-blob is picked up where it stopped (a Range request), with the
 * client's tries and back-off.
 */
export async function* verifiedBlob(client: RegistryClient, digest: string, attempts = 5): AsyncGenerator<Buffer> {
  const hash = createHash('sha256');
  let received = 0;
  for (let attempt = 1; ; attempt++) {
    let res: Response;
    try {
      res = await client.get(`blobs/${digest}`, received > 0 ? { range: `bytes=${received}-` } : {});
    } catch (err) {
      // The client's own message names only the registry: say which blob, and how far it got.
      if (!(err instanceof RegistryError) || err.status !== null) throw err;
      const where = received > 0 ? `registry ${client.ref.host} stopped sending blob ${digest} after ${received} bytes and cannot be reached again` : `cannot reach registry ${client.ref.host} for blob ${digest}`;
      const tries = /\(tried \d+ times\)$/.exec(err.message)?.[0];
      throw new RegistryError(`${where}: ${networkReason(err.cause)}${tries ? ` ${tries}` : ''}`, null, [], true, { cause: err });
    }
    if (!res.ok) throw await client.fail(res, `blob ${digest}`);
    // A server that ignores Range starts again from byte 0: skip what was already read.
    let skip = received > 0 && res.status !== 206 ? received : 0;
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        let buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        if (skip > 0) {
          const n = Math.min(skip, buf.length);
          skip -= n;
          buf = buf.subarray(n);
          if (buf.length === 0) continue;
        }
        hash.update(buf);
        received += buf.length;
        yield buf;
      }
      break;
    } catch (err) {
      if (err instanceof InputError || attempt >= attempts) {
        if (err instanceof InputError) throw err;
        throw new RegistryError(
          `registry ${client.ref.host} stopped sending blob ${digest} after ${received} bytes: ${networkReason(err)} (tried ${attempt} times)`,
          null,
          [],
          true,
          { cause: err },
        );
      }
      await new Promise((r) => setTimeout(r, 250 * 2 ** (attempt - 1)));
    }
  }
  const actual = `sha256:${hash.digest('hex')}`;
  if (digest.startsWith('sha256:') && actual !== digest) {
    throw new InputError(`blob ${digest} from ${client.ref.host}/${client.ref.repository} does not match its digest (its bytes hash to ${actual}); the registry's copy is corrupt`);
  }
}
