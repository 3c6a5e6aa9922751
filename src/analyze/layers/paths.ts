/**
 * Canonical form of a path inside an image: no leading `/` or `./`, no trailing `/`, no `.` segments,
 * and `..` clamped at the root, so that a hostile name can never point outside the image's tree.
 * The root itself is the empty string.
 */
export function normalizePath(name: string): string {
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
