/** Picking one image out of an archive or layout that holds several: by tag, by index, by platform. */
import { analyzeArchive, analyzeLayoutDir, AnalyzeBuiltOptions, inputError } from '../helpers/analyze-built';
import { ArchiveFile, buildImage, BuiltImage, docker25ArchiveFiles, file, IndexItem, legacyArchiveFiles, ociLayoutFiles, Platform, removeTemps } from '../helpers/image-builder';

afterAll(removeTemps);

/** A one-layer image whose content names it, so that the analysis shows which one was read. */
async function image(name: string, platform?: Platform): Promise<BuiltImage> {
  return buildImage({ steps: [{ createdBy: `ADD ${name}`, entries: [file(name, name)] }], platform });
}

describe('docker-archive with several images', () => {
  let a: BuiltImage;
  let b: BuiltImage;
  let files: ArchiveFile[];
  beforeAll(async () => {
    [a, b] = await Promise.all([image('a'), image('b')]);
    files = legacyArchiveFiles([
      { image: a, tags: ['shop/a:latest'] },
      { image: b, tags: ['shop/b:2.0', 'shop/b:stable'] },
    ]);
  });
  const read = (selector?: string) => analyzeArchive(files, 'docker-archive', { selector });

  it.each([
    ['name:tag', 'shop/b:2.0', 'b'],
    ['another tag of the same image', 'shop/b:stable', 'b'],
    ['a name alone, meaning :latest', 'shop/a', 'a'],
    ['@N, the position in manifest.json', '@1', 'b'],
  ])('picks by %s', async (_what, selector, which) => {
    const { analysis } = await read(selector);
    expect(analysis.image.id).toBe((which === 'a' ? a : b).configDigest);
    expect(analysis.layers.map((l) => l.instruction)).toEqual([`ADD ${which}`]);
  });

  it('without a selector, names the images and how to choose', async () => {
    expect(await inputError(read())).toMatch(/holds 2 images \(shop\/a:latest, shop\/b:2\.0 shop\/b:stable\); name one, e\.g\. docker-archive:PATH:NAME:TAG$/);
  });

  it('with a tag it does not hold, lists the tags it has', async () => {
    expect(await inputError(read('shop/c:1'))).toMatch(/has no image tagged shop\/c:1; it has: shop\/a:latest, shop\/b:2\.0, shop\/b:stable$/);
    expect(await inputError(read('@2'))).toMatch(/has no image @2; it holds 2$/);
  });

  it('in the Docker 25+ layout picks the same way', async () => {
    const { analysis } = await analyzeArchive(docker25ArchiveFiles([{ image: a, tags: ['shop/a:latest'] }, { image: b, tags: ['shop/b:2.0'] }]), 'docker-archive', { selector: 'shop/b:2.0' });
    expect(analysis.image.id).toBe(b.configDigest);
  });
});

/** The same checks for an OCI layout directory and an oci-archive. */
const OCI_READERS: Array<[string, (items: IndexItem[], opts?: AnalyzeBuiltOptions) => ReturnType<typeof analyzeLayoutDir>]> = [
  ['OCI layout directory', (items, opts) => analyzeLayoutDir(ociLayoutFiles(items), opts)],
  ['oci-archive', (items, opts) => analyzeArchive(ociLayoutFiles(items), 'oci-archive', opts)],
];

describe.each(OCI_READERS)('%s', (_name, read) => {
  let v1: BuiltImage;
  let v2: BuiltImage;
  let amd64: BuiltImage;
  let arm64: BuiltImage;
  let armv7: BuiltImage;
  let attestation: BuiltImage;
  beforeAll(async () => {
    [v1, v2, amd64, arm64, armv7, attestation] = await Promise.all([
      image('v1'),
      image('v2'),
      image('amd64', { os: 'linux', architecture: 'amd64' }),
      image('arm64', { os: 'linux', architecture: 'arm64', variant: 'v8' }),
      image('armv7', { os: 'linux', architecture: 'arm', variant: 'v7' }),
      // buildx puts provenance next to the platforms with platform unknown/unknown; it is never a choice
      image('attestation', { os: 'unknown', architecture: 'unknown' }),
    ]);
  });

  it('picks an image by its ref name and reports it as the tag', async () => {
    const { analysis } = await read([{ image: v1, ref: 'v1' }, { image: v2, ref: 'v2' }], { selector: 'v2' });
    expect(analysis.image.id).toBe(v2.configDigest);
    expect(analysis.image.manifestDigest).toBe(v2.manifestDigest);
    expect(analysis.image.tags).toEqual(['v2']);
  });

  it('asks for a name when there are several images and none is given, and lists the names when the one given is not there', async () => {
    const items = [{ image: v1, ref: 'v1' }, { image: v2, ref: 'v2' }];
    expect(await inputError(read(items))).toMatch(/holds several images \(v1, v2\); name one/);
    expect(await inputError(read(items, { selector: 'v3' }))).toMatch(/has no image named "v3"; it has: v1, v2$/);
  });

  const multi = (): IndexItem[] => [{ platforms: [amd64, arm64, armv7, attestation], ref: 'multi' }];
  const flat = (): IndexItem[] => [amd64, arm64, armv7].map((image) => ({ image, platform: true }));

  it.each([
    ['an image index blob', multi],
    ['index.json itself', flat],
  ])('with several platforms in %s: linux/amd64 unless --platform says otherwise', async (_where, items) => {
    const pick = async (platform?: Platform) => (await read(items(), { platform })).analysis;
    expect((await pick()).image).toMatchObject({ id: amd64.configDigest, architecture: 'amd64', variant: null });
    expect((await pick({ os: 'linux', architecture: 'arm64' })).image).toMatchObject({ id: arm64.configDigest, architecture: 'arm64', variant: 'v8' });
    expect((await pick({ os: 'linux', architecture: 'arm', variant: 'v7' })).image.id).toBe(armv7.configDigest);
  });

  it('with no image for the platform asked, lists the platforms it has', async () => {
    const message = await inputError(read(multi(), { selector: 'multi', platform: { os: 'linux', architecture: 's390x' } }));
    expect(message).toMatch(/has no image for platform linux\/s390x; it has: linux\/amd64, linux\/arm64\/v8, linux\/arm\/v7\. Choose one with --platform$/);
  });
});
