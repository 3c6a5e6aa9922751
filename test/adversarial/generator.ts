/** The pieces the hostile-input generator (generate.ts) and its mutations (mutate.ts) share. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { defaultConfig, dockerArchiveItems, filesToTar, ImageParts, ociFiles, OciOverrides, tar, TarItem, zstdFrame } from './tar-writer';

export interface Case {
  name: string;
  /** The class it belongs to, for the summary. */
  cls: string;
  /** What to pass to `imgdiet analyze`. */
  args: string[];
  /** `error`: must fail with one line; `ok`: must succeed; `any`: either, by the contract. */
  expect: 'error' | 'ok' | 'any';
}

/** The seeded generator the random-image tests use too: the same sequence everywhere. */
export { random as rng } from '../helpers/random-image';

const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(200, 7)]);
export const BASE: TarItem[] = [
  { name: 'etc/', type: '5' },
  { name: 'etc/passwd', data: 'root:x:0:0:root:/root:/bin/sh\n' },
  { name: 'etc/a.txt', data: 'hello hello\n' },
  { name: 'etc/b.txt', data: 'hello hello\n' },
  { name: 'bin/', type: '5' },
  { name: 'bin/sh', data: ELF },
  { name: 'bin/ls', type: '2', linkname: 'sh' },
  { name: 'bin/busybox', type: '1', linkname: 'bin/sh' },
];
export const TOP: TarItem[] = [
  { name: 'etc/.wh.a.txt' },
  { name: 'etc/b.txt', data: 'changed\n' },
  { name: 'tmp/', type: '5' },
  { name: 'tmp/x', data: Buffer.alloc(100, 1) },
];

type Compress = 'none' | 'gzip' | 'zstd';

function compress(t: Buffer, how: Compress): Buffer {
  if (how === 'gzip') return zlib.gzipSync(t);
  if (how === 'zstd') return zstdFrame(t);
  return t;
}

export function imageOf(layers: Buffer[], how: Compress = 'gzip', config?: unknown): ImageParts {
  const media = how === 'gzip' ? '+gzip' : how === 'zstd' ? '+zstd' : '';
  return { layers: layers.map((t) => ({ tar: t, blob: compress(t, how), mediaType: `application/vnd.oci.image.layer.v1.tar${media}` })), config };
}

export const VALID = (): Buffer[] => [tar(BASE), tar(TOP)];

export class Generator {
  readonly cases: Case[] = [];
  constructor(readonly dir: string) {}

  private file(name: string, data: Buffer): string {
    const p = path.join(this.dir, name);
    fs.writeFileSync(p, data);
    return p;
  }

  archive(cls: string, name: string, data: Buffer, expect: Case['expect'], transport = 'docker-archive', extra: string[] = []): void {
    this.cases.push({ name, cls, args: [`${transport}:${this.file(`${name}.tar`, data)}`, ...extra], expect });
  }

  /** A docker-archive holding `layers` (uncompressed tars), compressed as asked. */
  docker(cls: string, name: string, layers: Buffer[], expect: Case['expect'], how: Compress = 'none'): void {
    this.archive(cls, name, tar(dockerArchiveItems(imageOf(layers, how))), expect);
  }

  oci(cls: string, name: string, parts: ImageParts, over: OciOverrides, expect: Case['expect'], asDir = false): string {
    const files = ociFiles(parts, over);
    if (!asDir) {
      this.archive(cls, name, filesToTar(files), expect, 'oci-archive');
      return '';
    }
    const dir = path.join(this.dir, name);
    for (const [rel, data] of files) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), data);
    }
    this.cases.push({ name, cls, args: [`oci:${dir}`], expect });
    return dir;
  }
}

export function imageOfConfig(parts: ImageParts): unknown {
  return parts.config ?? defaultConfig(parts);
}
