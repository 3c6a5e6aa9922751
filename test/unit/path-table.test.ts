import { PathTable } from '../../src/util/path-table';
import { StringIndex } from '../../src/util/string-index';

describe('StringIndex', () => {
  it('maps each of 200,000 keys to its value, and knows no other key', () => {
    const keys: string[] = [];
    const index = new StringIndex((v) => keys[v]);
    for (let k = 0; k < 200_000; k++) {
      const key = `k/${k.toString(36)}`;
      expect(index.add(key, keys.length)).toBe(-1);
      keys.push(key);
    }
    expect(index.size).toBe(200_000);
    expect(index.add('k/0', 5)).toBe(0);
    expect(index.get(`k/${(123_456).toString(36)}`)).toBe(123_456);
    expect(index.get('k/')).toBe(-1);
    expect(index.get('')).toBe(-1);
  });

  it('tells apart keys whose hashes collide (the caller gave them all one hash)', () => {
    const keys = ['a', 'b', 'c', 'ab', 'ba'];
    const index = new StringIndex((v) => keys[v]);
    keys.forEach((k, v) => expect(index.add(k, v, 42)).toBe(-1));
    keys.forEach((k, v) => expect(index.get(k, 42)).toBe(v));
    expect(index.get('abc', 42)).toBe(-1);
  });
});

describe('PathTable', () => {
  it('gives each path one id, its parents ids first, and finds paths interned in any order', () => {
    const t = new PathTable();
    const c = t.intern('usr/lib/x.so');
    expect(t.paths).toEqual(['', 'usr', 'usr/lib', 'usr/lib/x.so']);
    expect(c).toBe(3);
    expect(t.intern('usr/lib')).toBe(2);
    expect(t.intern('usr/lib/x.so')).toBe(3);
    // Names of every length: a path's hash goes on from its directory's, two characters a step.
    const paths = ['a', 'ab', 'abc', 'a/b', 'ab/c', 'abc/d', 'a/bc', 'ab/cd', 'usr/lib/y.so', 'usr/lib64/x.so', 'usr/lib/x.so/z'];
    const ids = paths.map((p) => t.intern(p));
    paths.forEach((p, k) => {
      expect(t.find(p)).toBe(ids[k]);
      expect(t.paths[ids[k]]).toBe(p);
      const slash = p.lastIndexOf('/');
      expect(t.paths[t.parent(ids[k])]).toBe(slash < 0 ? '' : p.slice(0, slash));
    });
    expect([t.find('usr/li'), t.find('usr/lib/x'), t.find('b'), t.find('usr/')]).toEqual([-1, -1, -1, -1]);
    expect(t.find('')).toBe(0);
    expect(t.parent(0)).toBe(-1);
  });

  it('lists each directory\'s children, newest first', () => {
    const t = new PathTable();
    for (const p of ['d/a', 'd/b', 'e/x', 'd/c', 'd/b']) t.intern(p);
    const children = (path: string): string[] => {
      const out: string[] = [];
      t.eachChild(t.find(path), (c) => out.push(t.paths[c]));
      return out;
    };
    expect(children('d')).toEqual(['d/c', 'd/b', 'd/a']);
    expect(children('')).toEqual(['e', 'd']);
    expect(children('d/a')).toEqual([]);
  });

  it('holds 300,000 paths in deep and wide directories, switching directory at every path', () => {
    const t = new PathTable();
    const paths: string[] = [];
    for (let k = 0; k < 100_000; k++) paths.push(`w/${k % 97}/${k}`, `deep/${'d/'.repeat(k % 40)}f${k}`, `w/f${k}`);
    const ids = paths.map((p) => t.intern(p));
    expect(new Set(ids).size).toBe(paths.length);
    for (let k = 0; k < paths.length; k += 997) expect(t.find(paths[k])).toBe(ids[k]);
    expect(t.size).toBe(1 + 1 + 97 + 100_000 + 1 + 39 + 100_000 + 100_000);
  });
});
