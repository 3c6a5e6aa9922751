/**
 * Path globs for `ignore: [{path}]`, matched against a finding's paths (image paths, no leading slash):
 * `*` any characters but `/`, `**` any characters including `/` (`**​/` also matches no directory at all),
 * `?` one character but `/`, `[abc]`, `[a-z]`, `[!abc]` one of (or none of) a set, `{a,b}` either. A leading `/`
 * in the glob is ignored, so `/var/cache/**` and `var/cache/**` are the same.
 */
export class GlobError extends Error {}

export function globToRegExp(glob: string): RegExp {
  const g = glob.replace(/^\/+/, '');
  let out = '';
  let braces = 0;
  for (let i = 0; i < g.length; i++) {
    const ch = g[i];
    if (ch === '*') {
      if (g[i + 1] === '*') {
        i++;
        if (g[i + 1] === '/') {
          i++;
          out += '(?:.*/)?';
        } else {
          out += '.*';
        }
      } else {
        out += '[^/]*';
      }
    } else if (ch === '?') {
      out += '[^/]';
    } else if (ch === '[') {
      const end = g.indexOf(']', i + 2);
      if (end < 0) throw new GlobError(`"${glob}" has a [ without its ]`);
      let set = g.slice(i + 1, end);
      const negate = set.startsWith('!');
      if (negate) set = set.slice(1);
      out += `[${negate ? '^/' : ''}${set.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else if (ch === '{') {
      braces++;
      out += '(?:';
    } else if (ch === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (ch === ',' && braces > 0) {
      out += '|';
    } else {
      out += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  if (braces > 0) throw new GlobError(`"${glob}" has a { without its }`);
  return new RegExp(`^${out}$`, 's');
}
