import { isProperPrefix } from '../../src/analyze/base/registry-base';
import { detectBase } from '../../src/analyze/base/detect';
import type { LayerReport } from '../../src/model';

describe('registry base: the prefix match', () => {
  const image = ['sha256:a', 'sha256:b', 'sha256:c', 'sha256:d'];
  it('takes fewer diffIDs equal in order, nothing else', () => {
    expect(isProperPrefix(['sha256:a', 'sha256:b'], image)).toBe(true);
    expect(isProperPrefix(image, image)).toBe(false);
    expect(isProperPrefix([], image)).toBe(false);
    expect(isProperPrefix(['sha256:a', 'sha256:c'], image)).toBe(false);
    expect(isProperPrefix(['sha256:b'], image)).toBe(false);
  });

  it('sets the boundary after the base layers, with the registry in the evidence', () => {
    const layer = (index: number, sizeBytes: number, emptyLayer = false) => ({ index, sizeBytes, emptyLayer, createdBy: '', comment: null, created: null, instructionKind: 'OTHER' }) as unknown as LayerReport;
    const layers = [layer(0, 100), layer(1, 20), layer(2, 0, true), layer(3, 7), layer(4, 3)];
    const got = detectBase(layers, { files: [], find: () => undefined } as never, new Map(), {
      dockerfileLastLayer: null,
      dockerfileFrom: null,
      registry: { name: '127.0.0.1:5000/b:1', host: '127.0.0.1:5000', manifestDigest: 'sha256:0123456789abcdef0123', layerCount: 2, historyLength: 3 },
    });
    expect(got.base).toMatchObject({ lastLayer: 2, method: 'registry-image', name: '127.0.0.1:5000/b:1', layerBytes: 120 });
    expect(got.evidence).toBe("registry 127.0.0.1:5000: 127.0.0.1:5000/b:1 sha256:0123456789ab, whose 2 layers are the first of this image's");
  });
});
