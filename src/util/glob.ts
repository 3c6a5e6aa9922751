/**
 * The one glob of imgdiet, over image paths (no leading slash): `*` any characters but `/`, `**` any characters
 * including `/` (`**​/` also matches no directory at all), `?` one character but `/`, `[abc]`, `[a-z]`, `[!abc]` one
 * of (or none of) a set, `{a,b}` either. Anything else, `\` included, matches itself. The defaults are those of
 * `ignore: [{path}]` in a check config; a shell word (an rm operand) turns off what sh does not do.
 */
export class GlobError extends Error {}

export interface GlobOptions {
  /** `**` crosses `/` (default); off, it is two `*`, as in sh. */
  globstar?: boolean;
  /** `{a,b}` matches either (default); off, braces match themselves, as in sh. */
  braces?: boolean;
  /** A leading `/` is dropped (default), so `/var/cache/**` and `var/cache/**` are the same. */
  rootless?: boolean;
  /** `[abc]` is a set (default); off, brackets match themselves, as in COPY sources compared by name. */
  sets?: boolean;
  /** Also match every path under a match, as `rm -r` removes a directory's contents. Off by default. */
  under?: boolean;
}

export function globToRegExp(glob: string, opts: GlobOptions = {}): RegExp {
  const { globstar = true, braces = true, rootless = true, sets = true, under = false } = opts;
  const g = rootless ? glob.replace(/^\/+/, '') : glob;
  let out = '';
  let open = 0;
  for (let i = 0; i < g.length; i++) {
    const ch = g[i];
    if (ch === '*' && globstar && g[i + 1] === '*') {
      i++;
      const slash = g[i + 1] === '/';
      if (slash) i++;
      out += slash ? '(?:.*/)?' : '.*';
    } else if (ch === '*') {
      out += '[^/]*';
    } else if (ch === '?') {
      out += '[^/]';
    } else if (sets && ch === '[') {
      const end = g.indexOf(']', i + 2);
      if (end < 0) throw new GlobError(`"${glob}" has a [ without its ]`);
      out += bracket(g.slice(i + 1, end));
      i = end;
    } else if (braces && ch === '{') {
      open++;
      out += '(?:';
    } else if (braces && ch === '}' && open > 0) {
      open--;
      out += ')';
    } else if (braces && ch === ',' && open > 0) {
      out += '|';
    } else {
      out += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  if (open > 0) throw new GlobError(`"${glob}" has a { without its }`);
  return new RegExp(`^${out}${under ? '(?:/.*)?' : ''}$`, 's');
}

/** A `[...]` set as a regex class; a negated set never matches `/`, which separates names. */
function bracket(set: string): string {
  const negate = set.startsWith('!');
  const body = negate ? set.slice(1) : set;
  return `[${negate ? '^/' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
}
