import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../../errors';
import { readFully } from '../layers/tar-index';
import { MAX_JSON_BYTES, tooLarge } from './json-checks';

/**
 * Files of an OCI layout directory, opened only when their real path lies inside the layout and they are
 * regular files: a symlink out of it, a FIFO (whose open would wait for a writer) or a device such as
 * /dev/zero is refused before a byte is read.
 */
export class LayoutFiles {
  private real: string | null = null;

  constructor(readonly dir: string) {}

  private async root(): Promise<string> {
    if (this.real !== null) return this.real;
    const stat = await fs.promises.stat(this.dir).catch(() => null);
    if (!stat) throw new InputError(`${this.dir}: no such directory; give the path of an OCI image layout`);
    if (!stat.isDirectory()) throw new InputError(`${this.dir} is not a directory; for an OCI archive use oci-archive:${this.dir}`);
    this.real = await fs.promises.realpath(this.dir);
    return this.real;
  }

  /** The checked real path of `rel` and its size; `what` names it in messages. */
  async locate(rel: string, what: string): Promise<{ path: string; size: number }> {
    const root = await this.root();
    const real = await fs.promises.realpath(path.join(root, rel)).catch(() => null);
    if (real === null) throw new InputError(`oci:${this.dir}: ${what} is missing; is this a complete OCI layout?`);
    if (!real.startsWith(root + path.sep)) throw new InputError(`oci:${this.dir}: ${what} leads outside the layout (a symlink to ${real})`);
    const stat = await fs.promises.stat(real);
    if (!stat.isFile()) throw new InputError(`oci:${this.dir}: ${what} is not a regular file`);
    return { path: real, size: stat.size };
  }

  /** A small file's bytes, refused by size before it is read. */
  async read(rel: string, what: string): Promise<Buffer> {
    const { path: real, size } = await this.locate(rel, what);
    if (size > MAX_JSON_BYTES) throw tooLarge(`oci:${this.dir}: ${what}`, size);
    // Non-blocking and no symlinks: what was checked above cannot be swapped for a FIFO or a link meanwhile.
    const fd = fs.openSync(real, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOFOLLOW);
    try {
      const stat = fs.fstatSync(fd);
      if (!stat.isFile() || stat.size !== size) throw new InputError(`oci:${this.dir}: ${what} changed while it was read`);
      const raw = Buffer.alloc(size);
      readFully(fd, raw, 0);
      return raw;
    } finally {
      fs.closeSync(fd);
    }
  }
}
