import { GlobError, GlobOptions, globToRegExp } from '../../src/util/glob';

const SH: GlobOptions = { globstar: false, braces: false, rootless: false, under: true };
const matches = (glob: string, paths: string[], opts?: GlobOptions): string[] => {
  const re = globToRegExp(glob, opts);
  return paths.filter((p) => re.test(p));
};

describe('globToRegExp, as ignore paths use it', () => {
  test('the exact expressions', () => {
    expect(globToRegExp('/var/cache/**').source).toBe('^var\\/cache\\/.*$');
    expect(globToRegExp('**/*.pyc').source).toBe('^(?:.*\\/)?[^/]*\\.pyc$');
    expect(globToRegExp('a?[!b-d]{x,y}').source).toBe('^a[^/][^/b-d](?:x|y)$');
    expect(globToRegExp('').source).toBe('^$');
  });

  test('* stays in a name, ** crosses directories, **/ may be no directory at all', () => {
    const paths = ['a.log', 'x/a.log', 'x/y/a.log', 'a.log/x', '.log'];
    expect(matches('*.log', paths)).toEqual(['a.log', '.log']);
    expect(matches('**/*.log', paths)).toEqual(['a.log', 'x/a.log', 'x/y/a.log', '.log']);
    expect(matches('x/**', paths)).toEqual(['x/a.log', 'x/y/a.log']);
    expect(matches('**', paths)).toEqual(paths);
  });

  test('? is one character but /, unicode included', () => {
    expect(matches('a?c', ['abc', 'a/c', 'ac', 'aüc', 'abbc'])).toEqual(['abc', 'aüc']);
  });

  test('sets, ranges and negated sets; a negated set never matches /', () => {
    const paths = ['a1', 'b1', 'c1', '-1', '!1', '^1', ']1', '\\1'];
    expect(matches('[ab]1', paths)).toEqual(['a1', 'b1']);
    expect(matches('[a-b]1', paths)).toEqual(['a1', 'b1']);
    expect(matches('[!ab]1', paths)).toEqual(['c1', '-1', '!1', '^1', ']1', '\\1']);
    expect(matches('[^a]1', paths)).toEqual(['a1', '^1']);
    expect(matches('[]]1', paths)).toEqual([']1']);
    expect(matches('[\\]1', paths)).toEqual(['\\1']);
    expect(matches('x[!a]y', ['x/y', 'xby'])).toEqual(['xby']);
  });

  test('braces: either alternative, nested, empty', () => {
    expect(matches('a.{py,pyc}', ['a.py', 'a.pyc', 'a.pyo', 'a.{py,pyc}'])).toEqual(['a.py', 'a.pyc']);
    expect(matches('{a,b{c,d}}', ['a', 'bc', 'bd', 'b'])).toEqual(['a', 'bc', 'bd']);
    expect(matches('x{,y}', ['x', 'xy'])).toEqual(['x', 'xy']);
    expect(matches('a,b}', ['a,b}'])).toEqual(['a,b}']);
  });

  test('a backslash is no escape: it matches itself', () => {
    expect(matches('a\\*', ['a\\b', 'a*', 'a\\'])).toEqual(['a\\b', 'a\\']);
  });

  test('regex metacharacters in names match themselves', () => {
    const name = 'a.b+c(d)|e^f$g';
    expect(matches(name, [name, 'aXb+c(d)|e^f$g', 'a.bbc(d)|e^f$g'])).toEqual([name]);
  });

  test('a leading / is dropped; names with newlines match whole', () => {
    expect(matches('//etc/*', ['etc/a\nb', 'etc/a/b'])).toEqual(['etc/a\nb']);
  });

  test('unclosed [ and { are errors that say so', () => {
    expect(() => globToRegExp('a[b')).toThrow(new GlobError('"a[b" has a [ without its ]'));
    expect(() => globToRegExp('a[]')).toThrow(GlobError);
    expect(() => globToRegExp('{a,b')).toThrow(new GlobError('"{a,b" has a { without its }'));
  });

  test('a very long glob', () => {
    const long = `${'a'.repeat(10_000)}*`;
    expect(globToRegExp(long).test(`${'a'.repeat(10_000)}bc`)).toBe(true);
  });
});

describe('globToRegExp, as an rm operand uses it', () => {
  test('** is two *, braces and a leading / are plain text, what is under a match matches', () => {
    expect(globToRegExp('/var/**', SH).source).toBe('^\\/var\\/[^/]*[^/]*(?:\\/.*)?$');
    const paths = ['var/lib', 'var/lib/apt/lists', 'var', 'var/{a,b}', 'var/a'];
    expect(matches('var/*', paths, SH)).toEqual(['var/lib', 'var/lib/apt/lists', 'var/{a,b}', 'var/a']);
    expect(matches('var/{a,b}', paths, SH)).toEqual(['var/{a,b}']);
    expect(matches('var/lib', paths, SH)).toEqual(['var/lib', 'var/lib/apt/lists']);
    expect(matches('var/l[!a]b', paths, SH)).toEqual(['var/lib', 'var/lib/apt/lists']);
  });

  test('the options one by one', () => {
    expect(globToRegExp('/a/**', { rootless: false }).test('/a/b/c')).toBe(true);
    expect(globToRegExp('a/**', { globstar: false }).test('a/b/c')).toBe(false);
    expect(globToRegExp('{a,b}', { braces: false }).test('{a,b}')).toBe(true);
    expect(globToRegExp('a', { under: true }).test('a/b')).toBe(true);
    expect(globToRegExp('a', { under: true }).test('ab')).toBe(false);
    expect(globToRegExp('req[1].txt', { sets: false }).test('req[1].txt')).toBe(true);
    expect(globToRegExp('req[1].txt', { sets: false }).test('req1.txt')).toBe(false);
    expect(globToRegExp('req[', { sets: false }).test('req[')).toBe(true);
  });
});
