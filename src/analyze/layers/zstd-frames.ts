/**
 * Follows the frame structure of a zstd stream ahead of the decoder (fzstd), so that a frame is checked before
 * the decoder sees it: fzstd allocates whatever window a frame declares (up to 2 GB from a 7 kB frame).
 * RFC 8878: frames are a zstd frame (magic, header, blocks, optional checksum) or a skippable frame.
 */

/**
 * Largest window accepted. zstd's own decoder accepts 128 MiB by default; levels 1–19 use at most 8 MiB, and
 * fzstd keeps one window per layer in flight and moves it on every block, so a larger one is refused.
 */
export const MAX_ZSTD_WINDOW = 32 * 1024 * 1024;
/** A block never decodes to more than 128 KiB, and is never stored in more. */
const MAX_BLOCK = 128 * 1024;

export class ZstdFrameError extends Error {}

type State = 'magic' | 'header' | 'skipSize' | 'blockHeader' | 'skip' | 'checksum';

export class ZstdFrames {
  private state: State = 'magic';
  /** Bytes gathered for the field being read, and how many it needs. */
  private field: number[] = [];
  private need = 4;
  private skipLeft = 0;
  /** What follows the bytes being skipped. */
  private after: State = 'magic';
  private checksum = false;
  private frames = 0;
  /** Set by check() when the bytes it took end a frame. */
  ended = false;
  /** The checksum stored at the end of the frame that just ended (the low 32 bits of its XXH64), if any. */
  expected: number | null = null;

  /**
   * Reads `chunk` ahead of the decoder, up to the end of the current frame, and returns how many bytes it took;
   * throws on a frame that must not reach the decoder.
   */
  check(chunk: Uint8Array): number {
    this.ended = false;
    this.expected = null;
    let at = 0;
    while (at < chunk.length && !this.ended) {
      if (this.state === 'skip') {
        const n = Math.min(this.skipLeft, chunk.length - at);
        this.skipLeft -= n;
        at += n;
        if (this.skipLeft === 0) this.enter(this.after);
        continue;
      }
      this.field.push(chunk[at++]);
      if (this.field.length < this.need) continue;
      this.onField(this.field);
    }
    return at;
  }

  /** The stream has ended: it must end between frames. */
  end(): void {
    if (this.frames === 0) throw new ZstdFrameError('zstd stream holds no frame');
    if (this.state !== 'magic' || this.field.length > 0) throw new ZstdFrameError('zstd stream ends inside a frame (truncated)');
  }

  private enter(state: State, need = 0): void {
    if (state === 'magic' && this.frames > 0) this.ended = true;
    this.state = state;
    this.field = [];
    this.need = state === 'magic' || state === 'skipSize' || state === 'checksum' ? 4 : state === 'blockHeader' ? 3 : need;
  }

  private skip(bytes: number, after: State): void {
    this.field = [];
    this.after = after;
    this.skipLeft = bytes;
    if (bytes === 0) this.enter(after);
    else this.state = 'skip';
  }

  private onField(f: number[]): void {
    switch (this.state) {
      case 'magic': {
        const magic = (f[0] | (f[1] << 8) | (f[2] << 16) | (f[3] << 24)) >>> 0;
        this.frames++;
        if (magic === 0xfd2fb528) this.enter('header', 1);
        else if (magic >>> 4 === 0x184d2a5) this.enter('skipSize');
        else throw new ZstdFrameError('data after the last zstd frame is not a zstd frame');
        return;
      }
      case 'skipSize':
        this.skip((f[0] | (f[1] << 8) | (f[2] << 16) | (f[3] << 24)) >>> 0, 'magic');
        return;
      case 'header':
        if (f.length === 1) {
          // Frame_Header_Descriptor: gather the rest of the header, whose length it tells.
          const d = f[0];
          if (d & 0x08) throw new ZstdFrameError('zstd frame header has its reserved bit set');
          const single = (d >> 5) & 1;
          const fcsBytes = [single, 2, 4, 8][d >> 6];
          this.need = 1 + (single ? 0 : 1) + [0, 1, 2, 4][d & 3] + fcsBytes;
          if (this.need > 1) return;
        }
        this.frameHeader(f);
        return;
      case 'blockHeader': {
        const h = f[0] | (f[1] << 8) | (f[2] << 16);
        const last = (h & 1) === 1;
        const type = (h >> 1) & 3;
        const size = h >>> 3;
        if (type === 3) throw new ZstdFrameError('zstd block of the reserved type');
        if (type !== 1 && size > MAX_BLOCK) throw new ZstdFrameError(`zstd block of ${size} bytes is larger than 128 KiB`);
        // The last block's body is followed by the 4-byte checksum, when the frame has one.
        this.skip(type === 1 ? 1 : size, !last ? 'blockHeader' : this.checksum ? 'checksum' : 'magic');
        return;
      }
      case 'checksum':
        this.expected = (f[0] | (f[1] << 8) | (f[2] << 16) | (f[3] << 24)) >>> 0;
        this.enter('magic');
        return;
      default:
        return;
    }
  }

  private frameHeader(f: number[]): void {
    const d = f[0];
    const single = (d >> 5) & 1;
    this.checksum = ((d >> 2) & 1) === 1;
    let window: number;
    if (single) {
      // The window is the content size, which follows the dictionary id.
      const fcsBytes = [1, 2, 4, 8][d >> 6];
      const at = f.length - fcsBytes;
      let size = 0;
      for (let i = fcsBytes - 1; i >= 0; i--) size = size * 256 + f[at + i];
      window = fcsBytes === 2 ? size + 256 : size;
    } else {
      const w = f[1];
      const base = 2 ** (10 + (w >> 3));
      window = base + (base / 8) * (w & 7);
    }
    if (window > MAX_ZSTD_WINDOW) {
      throw new ZstdFrameError(`zstd frame declares a ${window}-byte window, above the ${MAX_ZSTD_WINDOW}-byte limit (recompress without --long or --ultra)`);
    }
    this.enter('blockHeader');
  }
}
