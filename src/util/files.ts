/**
 * The files `imgdiet check` reads and writes besides the image. Written files are whole or absent: data goes into
 * a temporary file next to the target, then is renamed over it, and the temporary file is removed on failure.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError, UsageError } from '../errors';

/** Reads a text file the user named; `what` says what it is for (`--dockerfile FILE`), `hint` what to give instead. */
export function readUserFile(file: string, what: string, hint: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${what}: ${reason(err, file)}; ${hint}`, { cause: err });
  }
}

export function writeFileAtomic(file: string, data: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = fs.openSync(tmp, 'wx', 0o644);
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw new InputError(`cannot write ${file}: ${reason(err, file)}`, { cause: err });
  }
}

/** Appends to a file (the GitHub step summary), creating it when missing. */
export function appendFile(file: string, data: string, what: string): void {
  try {
    fs.appendFileSync(file, data);
  } catch (err) {
    throw new InputError(`cannot append to ${what} ${file}: ${reason(err, file)}`, { cause: err });
  }
}

function reason(err: unknown, file: string): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return fs.existsSync(path.dirname(path.resolve(file))) ? 'no such file' : `no such directory: ${path.dirname(file)}`;
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return (err as Error).message ?? String(err);
}
