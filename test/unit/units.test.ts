import { deltaText } from '../../src/check/values';
import { formatBytes, formatSignedBytes } from '../../src/util/units';

describe('formatBytes and formatSignedBytes', () => {
  test.each([
    [0, '0 B', '0 B'],
    [1, '1 B', '+1 B'],
    [-1, '-1 B', '-1 B'],
    [999, '999 B', '+999 B'],
    [1000, '1.00 kB', '+1.00 kB'],
    [2000, '2.00 kB', '+2.00 kB'],
    [9_999, '10.0 kB', '+10.0 kB'],
    [99_949, '99.9 kB', '+99.9 kB'],
    [999_600, '1.00 MB', '+1.00 MB'],
    [-999_600, '-1.00 MB', '-1.00 MB'],
    [151_234_567, '151 MB', '+151 MB'],
    [1e18, '1000 PB', '+1000 PB'],
    [-300, '-300 B', '-300 B'],
    [-1234, '-1.23 kB', '-1.23 kB'],
  ])('%d is %s, signed %s', (n, text, signed) => {
    expect(formatBytes(n)).toBe(text);
    expect(formatSignedBytes(n)).toBe(signed);
  });

  test('a loss is written as the gain of the same size with a minus', () => {
    for (let n = 1; n < 5e12; n = Math.floor(n * 1.37) + 7) {
      expect(formatSignedBytes(-n)).toBe(`-${formatBytes(n)}`);
      expect(formatSignedBytes(n)).toBe(`+${formatBytes(n)}`);
    }
  });

  test('the check report adds the exact bytes before it', () => {
    expect(deltaText(1234)).toBe('+1,234 B (+1.23 kB)');
    expect(deltaText(-1_234_567)).toBe('-1,234,567 B (-1.23 MB)');
    expect(deltaText(-999)).toBe('-999 B');
    expect(deltaText(0)).toBe('0 B');
  });
});
