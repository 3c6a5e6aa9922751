import { BLOCK, HeaderDecoder, padding, TarFormatError, TarHeader } from './tar-header';

export { TarFormatError } from './tar-header';
export type { TarHeader } from './tar-header';

export interface TarVisitor {
  /** A new entry; for a regular file, `data` calls follow with its content, then `end`. */
  header(h: TarHeader): void;
  data(chunk: Uint8Array): void;
  end(): void;
}

/**
 * A push parser for a tar stream: file content goes to the visitor as sub-views of the chunks it was given,
 * never copied or buffered. tar-stream does the same with a stream and promises per entry; on layers of many
 * small files that overhead cost more than the hashing, so the hot path has this synchronous loop.
 */
export class TarParser {
  private readonly decoder = new HeaderDecoder();
  private carry: Buffer | null = null;
  private remaining = 0;
  private pad = 0;
  private inFile = false;
  private meta: { type: string; parts: Buffer[] } | null = null;
  private zeroBlocks = 0;
  private finished = false;
  private sawHeader = false;

  constructor(private readonly visitor: TarVisitor) {}

  /** True once the end-of-archive marker (two zero blocks) has been read. */
  get done(): boolean {
    return this.finished;
  }

  write(chunk: Uint8Array): void {
    let buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.carry) {
      buf = Buffer.concat([this.carry, buf]);
      this.carry = null;
    }
    let at = 0;
    while (at < buf.length && !this.finished) {
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, buf.length - at);
        const part = buf.subarray(at, at + n);
        if (this.meta) this.meta.parts.push(Buffer.from(part));
        else if (this.inFile) this.visitor.data(part);
        this.remaining -= n;
        at += n;
        if (this.remaining === 0) this.closeData();
      } else if (this.pad > 0) {
        const n = Math.min(this.pad, buf.length - at);
        this.pad -= n;
        at += n;
      } else if (buf.length - at < BLOCK) {
        this.carry = Buffer.from(buf.subarray(at));
        return;
      } else {
        this.block(buf, at);
        at += BLOCK;
      }
    }
  }

  /** The input has ended: fails if it ended inside an entry. */
  end(): void {
    if (this.finished) return;
    if (this.remaining > 0 || this.meta || this.carry || this.pad > 0) {
      throw new TarFormatError('tar data ends in the middle of an entry (truncated)');
    }
    if (!this.sawHeader) throw new TarFormatError('no tar data');
    // Some writers leave out the end-of-archive blocks; what was read is complete.
    this.finished = true;
  }

  private closeData(): void {
    if (this.meta) {
      const m = this.meta;
      this.meta = null;
      this.decoder.meta(m.type, Buffer.concat(m.parts));
    } else if (this.inFile) {
      this.inFile = false;
      this.visitor.end();
    }
  }

  private block(b: Buffer, at: number): void {
    const d = this.decoder.block(b, at);
    if (d.kind === 'zero') {
      if (++this.zeroBlocks === 2) this.finished = true;
      return;
    }
    this.zeroBlocks = 0;
    this.sawHeader = true;
    if (d.kind === 'meta') {
      this.meta = { type: d.type, parts: [] };
      this.remaining = d.size;
      this.pad = padding(d.size);
      if (d.size === 0) this.closeData();
      return;
    }
    this.remaining = d.dataSize;
    this.pad = padding(d.dataSize);
    this.inFile = d.header.type === '0' || d.header.type === '7';
    this.visitor.header(d.header);
    if (this.inFile && d.dataSize === 0) this.closeData();
  }
}
