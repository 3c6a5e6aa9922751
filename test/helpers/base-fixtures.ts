/**
 * Fixtures for base detection and the base-image / multi-stage suggestions: ELF files with chosen DT_NEEDED
 * entries, Debian packages with Priority and Depends, a fake engine, and the whole analysis on an in-memory image
 * with a Dockerfile and an engine option.
 */
import { analyzeImage, AnalysisResult } from '../../src/pipeline';
import type { BaseEngineOption, EngineHistoryEntry, EngineImages } from '../../src/analyze/base/engine-images';
import { buildImage, BuiltImage, Entry, file, ImageSpec, legacyArchiveFiles, Step, symlink, tarFiles, writeTemp } from './image-builder';

/**
 * A little-endian ELF64 shared object whose dynamic segment names `needed` (DT_NEEDED) and whose string table is
 * reached through a PT_LOAD mapping at 0x1000, padded with `pad` bytes of `fill` so that sizes can be chosen.
 */
export function elf(needed: string[], pad = 0, fill = 0x90): Buffer {
  const strings = Buffer.from(`\0${needed.map((n) => `${n}\0`).join('')}`);
  const phoff = 64;
  const dynoff = phoff + 2 * 56;
  const entries = needed.length + 2;
  const stroff = dynoff + entries * 16;
  const size = stroff + strings.length + pad;
  const b = Buffer.alloc(size, 0);
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], 0);
  b.writeUInt16LE(3, 16); // ET_DYN
  b.writeUInt16LE(62, 18); // x86-64
  b.writeUInt32LE(1, 20);
  b.writeBigUInt64LE(BigInt(phoff), 32);
  b.writeUInt16LE(64, 52);
  b.writeUInt16LE(56, 54);
  b.writeUInt16LE(2, 56);
  const vaddr = 0x1000;
  // PT_LOAD covering the file
  b.writeUInt32LE(1, phoff);
  b.writeUInt32LE(5, phoff + 4);
  b.writeBigUInt64LE(0n, phoff + 8);
  b.writeBigUInt64LE(BigInt(vaddr), phoff + 16);
  b.writeBigUInt64LE(BigInt(vaddr), phoff + 24);
  b.writeBigUInt64LE(BigInt(size), phoff + 32);
  b.writeBigUInt64LE(BigInt(size), phoff + 40);
  // PT_DYNAMIC
  const ph2 = phoff + 56;
  b.writeUInt32LE(2, ph2);
  b.writeUInt32LE(6, ph2 + 4);
  b.writeBigUInt64LE(BigInt(dynoff), ph2 + 8);
  b.writeBigUInt64LE(BigInt(vaddr + dynoff), ph2 + 16);
  b.writeBigUInt64LE(BigInt(vaddr + dynoff), ph2 + 24);
  b.writeBigUInt64LE(BigInt(entries * 16), ph2 + 32);
  b.writeBigUInt64LE(BigInt(entries * 16), ph2 + 40);
  let at = dynoff;
  let str = 1;
  for (const n of needed) {
    b.writeBigUInt64LE(1n, at);
    b.writeBigUInt64LE(BigInt(str), at + 8);
    str += Buffer.byteLength(n) + 1;
    at += 16;
  }
  b.writeBigUInt64LE(5n, at);
  b.writeBigUInt64LE(BigInt(vaddr + stroff), at + 8);
  strings.copy(b, stroff);
  if (pad > 0) b.fill(fill, stroff + strings.length);
  return b;
}

/** `n` bytes of text that no other fixture file shares (so that no duplicate groups form). */
export function text(n: number, tag: string): Buffer {
  const head = `${tag}:`;
  return Buffer.from(head.padEnd(n, '.').slice(0, n));
}

export interface Deb {
  name: string;
  priority?: string;
  depends?: string;
  /** Files it installs: [path, content]. A string content is a symlink target. */
  files: [string, Buffer | { link: string }][];
}

/** The packages' files, their info/*.list and a status file that lists them with Priority and Depends. */
export function debs(pkgs: Deb[], extra: { status?: Deb[] } = {}): Entry[] {
  const all = [...(extra.status ?? []), ...pkgs];
  const status = all
    .map(
      (p) =>
        `Package: ${p.name}\nStatus: install ok installed\nPriority: ${p.priority ?? 'optional'}\nArchitecture: amd64\nVersion: 1.0\n` +
        `${p.depends ? `Depends: ${p.depends}\n` : ''}Description: ${p.name}\n`,
    )
    .join('\n');
  const out: Entry[] = [file('var/lib/dpkg/status', status)];
  for (const p of pkgs) {
    out.push(file(`var/lib/dpkg/info/${p.name}.list`, listText(p)));
    for (const [path, content] of p.files) out.push(Buffer.isBuffer(content) ? file(path, content) : symlink(path, content.link));
  }
  return out;
}

/** dpkg's file list of a package, as `debs` writes it. */
function listText(p: Deb): string {
  return `/.\n${p.files.map(([path]) => `/${path}`).join('\n')}\n`;
}

/** Bytes of dpkg's records of the packages (their info/*.list), as `debs` writes them. */
export function debRecordBytes(...pkgs: Deb[]): number {
  return pkgs.reduce((n, p) => n + Buffer.byteLength(listText(p)), 0);
}

/** The sum of the regular files' sizes among entries: what a layer's size is. */
export function entryBytes(entries: Entry[]): number {
  return entries.reduce((n, e) => n + (e.type === 'file' ? (e.content?.length ?? 0) : 0), 0);
}

/** Package bytes as the inventory measures them: its regular files. */
export function debBytes(...pkgs: Deb[]): number {
  return pkgs.reduce((n, p) => n + p.files.reduce((m, [, c]) => m + (Buffer.isBuffer(c) ? c.length : 0), 0), 0);
}

export interface FakeImage {
  id?: string;
  tags: string[];
  diffIds: string[];
  history: EngineHistoryEntry[];
}

/** An engine that holds the given images; records what it was asked. */
export function fakeEngine(images: FakeImage[]): EngineImages & { asked: string[] } {
  const asked: string[] = [];
  const find = (name: string): FakeImage | undefined => images.find((i, n) => (i.id ?? `sha256:fake${n}`) === name || i.tags.includes(name));
  return {
    address: 'unix:///fake/docker.sock',
    asked,
    async images() {
      asked.push('images');
      return images.map((i, n) => ({ id: i.id ?? `sha256:fake${n}`, repoTags: i.tags, diffIds: i.diffIds }));
    },
    async history(name) {
      asked.push(`history ${name}`);
      return find(name)?.history ?? null;
    },
  };
}

export interface Analyzed extends AnalysisResult {
  image: BuiltImage;
}

/** The whole analysis of an in-memory image read as a docker-archive, with a Dockerfile when given. */
export async function analyzeWith(steps: Step[], opts: { spec?: Omit<ImageSpec, 'steps'>; dockerfile?: string; engine?: BaseEngineOption } = {}): Promise<Analyzed> {
  const image = await buildImage({ ...opts.spec, steps });
  const archive = writeTemp('image.tar', await tarFiles(legacyArchiveFiles([{ image, tags: ['test:latest'] }])));
  const dockerfile = opts.dockerfile === undefined ? undefined : writeTemp('Dockerfile', Buffer.from(opts.dockerfile));
  const result = await analyzeImage(`docker-archive:${archive}`, { dockerfile, baseEngine: opts.engine ?? 'off' });
  return { ...result, image };
}

/** A legacy-builder RUN entry with a layer. */
export function run(command: string, entries: Entry[] = []): Step {
  return { createdBy: `/bin/sh -c ${command}`, entries };
}

/** A legacy-builder metadata entry (ENV, CMD, WORKDIR…), no layer. */
export function nop(instruction: string): Step {
  return { createdBy: `/bin/sh -c #(nop)  ${instruction}` };
}
