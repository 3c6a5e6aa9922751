/** Random damage to valid images, for the hostile-input generator (generate.ts). */
import { Generator, imageOf, imageOfConfig, VALID } from './generator';
import { dockerArchiveItems, filesToTar, manifestDigestOf, ociFiles, OciOverrides, sha256, tar } from './tar-writer';

/** Random damage to valid images: bytes (truncation, bit flips) and values (wrong types, swapped fields). */
export function mutations(g: Generator, random: () => number): void {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const bases: Array<[string, Buffer, string]> = [
    ['docker-plain', tar(dockerArchiveItems(imageOf(VALID(), 'none'))), 'docker-archive'],
    ['docker-gzip', tar(dockerArchiveItems(imageOf(VALID(), 'gzip'))), 'docker-archive'],
    ['docker-legacy', tar(dockerArchiveItems(imageOf(VALID(), 'none'), { legacy: true })), 'docker-archive'],
    ['oci-gzip', filesToTar(ociFiles(imageOf(VALID(), 'gzip'))), 'oci-archive'],
    ['oci-zstd', filesToTar(ociFiles(imageOf(VALID(), 'zstd'))), 'oci-archive'],
  ];
  for (let i = 0; i < 120; i++) {
    const [name, base, transport] = pick(bases);
    const b = Buffer.from(base);
    let data: Buffer;
    let how: string;
    if (random() < 0.35) {
      const at = Math.floor(random() * b.length);
      data = b.subarray(0, at);
      how = `truncate${at}`;
    } else {
      const flips = 1 + Math.floor(random() * 8);
      for (let f = 0; f < flips; f++) b[Math.floor(random() * b.length)] ^= 1 << Math.floor(random() * 8);
      data = b;
      how = `flip${flips}`;
    }
    g.archive('mutation-bytes', `m${i}-${name}-${how}`, data, 'any', transport);
  }
  const values: unknown[] = [null, -5, 1.5, '0abc', 'x', [], {}, [1], { a: 1 }, true, 2 ** 60, 'sha256:zz', 'md5:00', '\x1b[31m'];
  for (let i = 0; i < 110; i++) {
    const parts = imageOf(VALID(), pick(['none', 'gzip', 'zstd'] as const));
    const target = pick(['docker-manifest', 'config', 'oci-index', 'oci-manifest'] as const);
    const mutateJson = (v: unknown): unknown => {
      const doc = JSON.parse(JSON.stringify(v)) as unknown;
      const spots: Array<[Record<string, unknown> | unknown[], string | number]> = [];
      const stack: unknown[] = [doc];
      while (stack.length > 0) {
        const x = stack.pop();
        if (x && typeof x === 'object') {
          for (const k of Object.keys(x)) {
            const key = Array.isArray(x) ? Number(k) : k;
            spots.push([x as Record<string, unknown>, key]);
            stack.push((x as Record<string, unknown>)[k]);
          }
        }
      }
      if (spots.length === 0) return pick(values);
      const [obj, key] = pick(spots);
      if (random() < 0.3 && spots.length > 1) {
        const [obj2, key2] = pick(spots);
        const a = (obj as Record<string, unknown>)[key as string];
        (obj as Record<string, unknown>)[key as string] = (obj2 as Record<string, unknown>)[key2 as string];
        (obj2 as Record<string, unknown>)[key2 as string] = a;
      } else if (random() < 0.15 && !Array.isArray(obj)) delete (obj as Record<string, unknown>)[key as string];
      else (obj as Record<string, unknown>)[key as string] = pick(values);
      return doc;
    };
    const config = imageOfConfig(parts);
    if (target === 'docker-manifest' || (target === 'config' && random() < 0.5)) {
      const items = dockerArchiveItems(parts);
      const manifest = JSON.parse(items[items.length - 1].data!.toString()) as unknown;
      const over = target === 'config' ? { configBytes: Buffer.from(JSON.stringify(mutateJson(config))) } : { manifest: mutateJson(manifest) };
      // A changed config is named by its new digest, so that the check reached is the field's, not the digest's.
      g.archive('mutation-json', `j${i}-${target}`, tar(dockerArchiveItems(parts, over)), 'any');
      continue;
    }
    const files = ociFiles(parts);
    const md = manifestDigestOf(files);
    const manifest = JSON.parse(files.get(`blobs/sha256/${md.slice(7)}`)!.toString()) as Record<string, unknown>;
    const index = JSON.parse(files.get('index.json')!.toString()) as unknown;
    const over: OciOverrides =
      target === 'config' ? { configBytes: Buffer.from(JSON.stringify(mutateJson(config))) } : target === 'oci-index' ? { index: mutateJson(index) } : { manifest: mutateJson(manifest) };
    if (target === 'config') {
      // Keep the manifest pointing at the changed config.
      const cb = over.configBytes!;
      over.manifest = { ...manifest, config: { ...(manifest.config as object), digest: sha256(cb), size: cb.length } };
    }
    g.oci('mutation-json', `j${i}-${target}`, parts, over, 'any', random() < 0.3);
  }
}
