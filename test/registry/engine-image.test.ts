/**
 * An image built on the real Docker engine, pushed by the engine itself (`docker push`, Docker v2 schema 2,
 * gzip layers) and copied again by skopeo with zstd layers (OCI manifest), read back from a real registry on
 * loopback. The registry must give the same analysis as the image's `docker save` archive, apart from what only a
 * registry knows (compressed sizes, blob digests and media types, the manifest digest) and the source; the
 * compressed sizes are the manifest's, read here without imgdiet.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Analysis } from '../../src/model';
import { analyzeJson } from '../helpers/cli';
import { BASE_IMAGE, buildImage, describeEngine, docker, removeImages, saveImage, uniqueName } from '../helpers/engine';
import { describeRegistry, readManifest, Registry, skopeoCopy, startRegistry } from '../helpers/registry';

// Two RUN layers of random bytes (nothing in them can equal a file of the base), one overwriting and deleting.
const DOCKERFILE = `FROM ${BASE_IMAGE}
RUN head -c 200000 /dev/urandom > /opt/big.bin && head -c 30000 /dev/urandom > /opt/gone.bin
RUN rm /opt/gone.bin && cp /opt/big.bin /opt/big-copy.bin
`;

/** The analysis without what depends on where the image was read from. */
function portable(a: Analysis): unknown {
  return {
    ...a,
    source: null,
    image: { ...a.image, tags: null, manifestDigest: null },
    totals: { ...a.totals, compressedBytes: null },
    layers: a.layers.map((l) => ({ ...l, blobDigest: null, mediaType: null, compressedBytes: null })),
    // Compressed savings come from the layers' compressed sizes, which only the registry knows.
    suggestions: a.suggestions.map((s) => ({ ...s, savings: { ...s.savings, compressedBytes: null } })),
    proposal: { ...a.proposal, compressedSavingsBytes: null },
  };
}

describeEngine('imgdiet on the real engine and registry', () => {
  describeRegistry('an engine image in a registry', { skopeo: true }, () => {
    const name = uniqueName('pushed');
    const repo = `imgdiet-it/pushed-${process.pid}`;
    let registry: Registry;
    let pushedName: string;
    let work: string;
    let viaArchive: Analysis;
    let viaRegistry: Analysis;
    let viaZstd: Analysis;

    beforeAll(async () => {
      work = fs.mkdtempSync(path.join(os.tmpdir(), 'imgdiet-registry-engine-'));
      registry = await startRegistry();
      buildImage(name, DOCKERFILE);
      pushedName = `${registry.host}/${repo}:gzip`;
      docker(['tag', name, pushedName]);
      docker(['push', pushedName]);
      skopeoCopy(`docker-daemon:${name}`, `${registry.ref(repo)}:zstd`, ['--format', 'oci', '--dest-compress-format', 'zstd']);
      const tar = saveImage(name, path.join(work, 'pushed.tar'));
      [viaArchive, viaRegistry, viaZstd] = await Promise.all([analyzeJson(tar), analyzeJson(`${registry.ref(repo)}:gzip`), analyzeJson(`${registry.ref(repo)}:zstd`)]);
    }, 300_000);

    afterAll(async () => {
      removeImages(name, ...(pushedName ? [pushedName] : []));
      await registry?.dispose();
      if (work) fs.rmSync(work, { recursive: true, force: true });
    });

    test('docker push: the same analysis as docker save, apart from what only the registry knows', () => {
      expect(viaRegistry.source).toEqual({ reference: `${registry.ref(repo)}:gzip`, transport: 'docker' });
      expect(viaRegistry.image.tags).toEqual([`${registry.host}/${repo}:gzip`]);
      expect(portable(viaRegistry)).toEqual(portable(viaArchive));
      // The base plus three layers, two of them ours: 230,000 bytes, then 200,000 (the copy) and a whiteout.
      expect(viaRegistry.layers.map((l) => [l.instructionKind, l.sizeBytes, l.whiteouts])).toEqual([
        ['OTHER', viaArchive.layers[0].sizeBytes, 0],
        ['RUN', 230_000, 0],
        ['RUN', 200_000, 1],
      ]);
      expect(viaRegistry.hidden.filter((h) => h.path.startsWith('opt/'))).toEqual([
        { path: 'opt/gone.bin', bytes: 30_000, addedByLayer: 1, hiddenByLayer: 2, reason: 'deleted' },
      ]);
    });

    test('compressed sizes, blob digests and media types are the manifest’s', async () => {
      const manifest = await readManifest(registry, repo, 'gzip');
      expect(manifest.mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json');
      expect(viaRegistry.image.manifestDigest).toBe(manifest.digest);
      expect(viaRegistry.image.id).toBe(manifest.json.config?.digest);
      const layers = manifest.json.layers ?? [];
      expect(layers).toHaveLength(3);
      expect(viaRegistry.layers.map((l) => [l.blobDigest, l.mediaType, l.compressedBytes])).toEqual(
        layers.map((l) => [l.digest, 'application/vnd.docker.image.rootfs.diff.tar.gzip', l.size]),
      );
      expect(viaRegistry.totals.compressedBytes).toBe(layers.reduce((n, l) => n + l.size, 0));
      // The archive has only uncompressed layer tars: no compressed sizes to tell.
      expect(viaArchive.totals.compressedBytes).toBeNull();
    });

    test('zstd layers written by skopeo: the same totals, media types saying zstd, sizes from the manifest', async () => {
      const manifest = await readManifest(registry, repo, 'zstd');
      expect(manifest.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
      const layers = manifest.json.layers ?? [];
      expect(layers.map((l) => l.mediaType)).toEqual(Array(3).fill('application/vnd.oci.image.layer.v1.tar+zstd'));
      expect(viaZstd.layers.map((l) => [l.blobDigest, l.mediaType, l.compressedBytes])).toEqual(layers.map((l) => [l.digest, l.mediaType, l.size]));
      expect(viaZstd.totals).toEqual({ ...viaRegistry.totals, compressedBytes: layers.reduce((n, l) => n + l.size, 0) });
      // Same layers (diffIDs), other blobs.
      expect(viaZstd.layers.map((l) => l.digest)).toEqual(viaRegistry.layers.map((l) => l.digest));
      expect(viaZstd.layers.map((l) => l.blobDigest)).not.toEqual(viaRegistry.layers.map((l) => l.blobDigest));
      // skopeo rewrites the config as an OCI config (another image id); everything the analysis measures is equal.
      expect(viaZstd.image.id).toBe(manifest.json.config?.digest);
      const rest = (a: Analysis): unknown => ({ ...(portable(a) as Analysis), image: { ...a.image, id: null, tags: null, manifestDigest: null } });
      expect(rest(viaZstd)).toEqual(rest(viaRegistry));
    });
  });
});
