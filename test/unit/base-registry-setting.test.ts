import { baseRegistrySetting } from '../../src/analyze/base/registry-sizes';

describe('--base-registry / $IMGDIET_BASE_REGISTRY', () => {
  it('reads no registry unless asked: unset, empty and off are all off', () => {
    expect(baseRegistrySetting({ env: {} })).toBeNull();
    expect(baseRegistrySetting({ env: { IMGDIET_BASE_REGISTRY: '' } })).toBeNull();
    expect(baseRegistrySetting({ registry: 'off', env: { IMGDIET_BASE_REGISTRY: 'mirror.internal:5000' } })).toBeNull();
  });

  it('docker.io reads Docker Hub itself; a host is a mirror serving its names; the flag wins over the env', () => {
    expect(baseRegistrySetting({ registry: 'docker.io', env: {} })).toEqual({ mirror: null });
    expect(baseRegistrySetting({ env: { IMGDIET_BASE_REGISTRY: 'index.docker.io' } })).toEqual({ mirror: null });
    expect(baseRegistrySetting({ env: { IMGDIET_BASE_REGISTRY: 'mirror.internal:5000' } })).toEqual({ mirror: 'mirror.internal:5000' });
    expect(baseRegistrySetting({ registry: '127.0.0.1:5001', env: { IMGDIET_BASE_REGISTRY: 'docker.io' } })).toEqual({ mirror: '127.0.0.1:5001' });
  });

  it('names the setting that is malformed', () => {
    expect(() => baseRegistrySetting({ env: { IMGDIET_BASE_REGISTRY: 'https://m/v2' } })).toThrow(
      '$IMGDIET_BASE_REGISTRY "https://m/v2" is not a registry host; write HOST or HOST:PORT (no scheme, no path), or off',
    );
  });
});
