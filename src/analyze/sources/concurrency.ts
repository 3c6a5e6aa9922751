/** Two cores: two layers in flight lets one decompress (zlib runs off the main thread) while the other hashes. */
export const LAYER_CONCURRENCY = 2;

/** Maps in order with at most `limit` calls running at once; the first failure rejects. */
export async function mapLimit<A, B>(items: readonly A[], limit: number, fn: (item: A, index: number) => Promise<B>): Promise<B[]> {
  const out: B[] = new Array(items.length);
  let next = 0;
  const run = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
  return out;
}
