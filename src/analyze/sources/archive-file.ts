import * as fs from 'node:fs';
import { InputError } from '../../errors';
import type { Transport } from '../../model';
import { readArchive } from './archive';
import type { ImageSource, LayerConsumer, Platform, SourceImage } from './types';

/** A docker-archive or oci-archive tar on disk; which of the two is found while reading. */
export class ArchiveFileSource implements ImageSource {
  transport: Transport;
  constructor(
    readonly path: string,
    expected: 'docker-archive' | 'oci-archive',
    readonly selector?: string,
    readonly platform?: Platform,
  ) {
    this.transport = expected;
  }

  async read<T>(consume: LayerConsumer<T>): Promise<SourceImage<T>> {
    const stat = await fs.promises.stat(this.path).catch(() => null);
    if (!stat) throw new InputError(`${this.path}: no such file; give the path of a docker save or OCI archive`);
    if (!stat.isFile()) throw new InputError(`${this.path} is not a file; for an OCI layout directory use oci:${this.path}`);
    const stream = fs.createReadStream(this.path, { highWaterMark: 1024 * 1024 });
    const image = await readArchive(stream, consume, { selector: this.selector, platform: this.platform, where: this.path });
    this.transport = image.layout;
    return image;
  }
}
