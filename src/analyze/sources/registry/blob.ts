import { InputError } from '../../../errors';
import { hashToVerify } from '../digest';
import { RegistryClient, tried } from './client';
import { RegistryError } from './failure';

/**
 * A blob's bytes as they arrive, hashed on the way (sha256 or sha512, as its digest says): the hash must equal the
 * digest, or the last read fails naming the blob. More bytes than the descriptor's size fail at once. A
 * connection that drops mid-blob is picked up where it stopped (a Range request), with the client's tries,
 * back-off and time budget.
 */
export async function* verifiedBlob(client: RegistryClient, digest: string, size: number | null = null): AsyncGenerator<Buffer> {
  const where = `blob ${digest} from ${client.ref.host}/${client.ref.repository}`;
  const hash = hashToVerify(digest, `a descriptor in ${client.ref.display}`);
  const what = `blob ${digest}`;
  let received = 0;
  for (let attempt = 1; ; attempt++) {
    let res;
    try {
      res = await client.get(`blobs/${digest}`, what, received > 0 ? { range: `bytes=${received}-` } : {});
    } catch (err) {
      // The client's own message names only the registry: say which blob, and how far it got.
      if (!(err instanceof RegistryError) || err.status !== null || !err.message.startsWith('cannot reach')) throw err;
      const reason = err.message.slice(err.message.indexOf(': ') + 2);
      const lead = received > 0 ? `registry ${client.ref.host} stopped sending ${what} after ${received} bytes and cannot be reached again` : `cannot reach registry ${client.ref.host} for ${what}`;
      throw new RegistryError(`${lead}: ${reason}`, null, [], true, { cause: err });
    }
    if (res.status !== 200 && res.status !== 206) throw await client.fail(res, what);
    // A server that ignores Range starts again from byte 0: skip what was already read.
    let skip = received > 0 && res.status !== 206 ? received : 0;
    try {
      for await (const chunk of res.body) {
        let buf = chunk;
        if (skip > 0) {
          const n = Math.min(skip, buf.length);
          skip -= n;
          buf = buf.subarray(n);
          if (buf.length === 0) continue;
        }
        received += buf.length;
        if (size !== null && received > size) throw new InputError(`${where} is longer than the ${size} bytes its descriptor gives`);
        hash.update(buf);
        yield buf;
      }
      break;
    } catch (err) {
      const failure = client.failure(err, `registry ${client.ref.host} stopped sending ${what} after ${received} bytes`, tried(attempt));
      if (!(failure instanceof RegistryError) || !failure.temporary || attempt >= client.net.attempts) throw failure;
      await client.waitToRetry(attempt, null, failure);
    }
  }
  const actual = `${digest.slice(0, digest.indexOf(':'))}:${hash.digest('hex')}`;
  if (actual !== digest) {
    const short = size !== null && received < size ? ` after ${received} of its ${size} bytes (truncated?)` : '';
    throw new InputError(`${where} does not match its digest${short} (its bytes hash to ${actual}); the registry's copy is corrupt`);
  }
}
