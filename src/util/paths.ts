/**
 * Canonical form of a path inside an image: no leading `/` or `./`, no trailing `/`, no `.` segments,
 * and `..` clamped at the root, so that a hostile name can never point outside the image's tree.
 * The root itself is the empty string.
 */
const NEEDS_WORK = /(^|\/)\.{0,2}(\/|$)|^\//;

export function normalizePath(name: string): string {
  // Most names are canonical already, but for a directory's trailing slash.
  const trimmed = name.length > 1 && name.endsWith('/') ? name.slice(0, -1) : name;
  if (!NEEDS_WORK.test(trimmed)) return trimmed;
  const out: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function joinPath(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}
