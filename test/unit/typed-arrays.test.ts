import { grownFor, resized } from '../../src/util/typed-arrays';

describe('typed-array growth', () => {
  it('resizes keeping the values, filling new room, and cuts to fewer', () => {
    const a = Int32Array.from([1, 2, 3]);
    expect([...resized(a, 5, -1)]).toEqual([1, 2, 3, -1, -1]);
    expect([...resized(a, 2)]).toEqual([1, 2]);
    const f = resized(Float64Array.from([0.5, 2 ** 40]), 3);
    expect([f instanceof Float64Array, ...f]).toEqual([true, 0.5, 2 ** 40, 0]);
  });

  it('grows by half, or to the index asked for, and leaves an array with room alone', () => {
    const a = new Uint8Array(10);
    expect(grownFor(a, 9)).toBe(a);
    expect(grownFor(a, 10).length).toBe(15);
    expect(grownFor(a, 40).length).toBe(41);
    expect(grownFor(new Int32Array(0), 0).length).toBe(1);
  });
});
