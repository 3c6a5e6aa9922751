/**
 * The shared libraries an ELF file asks for (its DT_NEEDED entries), read from the dynamic segment: enough to say
 * which packages of a base image an application's native code links against. Only the header, the program
 * headers, the dynamic segment and the string table are read — a few KB of a module that can be megabytes.
 */

const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const DT_NULL = 0;
const DT_NEEDED = 1;
const DT_STRTAB = 5;
const DT_STRSZ = 10;
/** Read at a time while looking for the end of a name, when the string table's size is not given. */
const NAME_CHUNK = 4096;

/** Bytes [offset, offset+length) of the file, fewer where the file ends. */
export type ReadAt = (offset: number, length: number) => Buffer;

interface Layout {
  is64: boolean;
  le: boolean;
}

function u16(b: Buffer, at: number, l: Layout): number {
  return l.le ? b.readUInt16LE(at) : b.readUInt16BE(at);
}

function u32(b: Buffer, at: number, l: Layout): number {
  return l.le ? b.readUInt32LE(at) : b.readUInt32BE(at);
}

/** An address or offset word (32 or 64 bits); beyond 2^53 it is not a usable offset anyway. */
function word(b: Buffer, at: number, l: Layout): number {
  if (!l.is64) return u32(b, at, l);
  return Number(l.le ? b.readBigUInt64LE(at) : b.readBigUInt64BE(at));
}

function layout(head: Buffer): Layout | null {
  if (head.length < 52 || head[0] !== 0x7f || head[1] !== 0x45 || head[2] !== 0x4c || head[3] !== 0x46) return null;
  const is64 = head[4] === 2;
  if ((head[4] !== 1 && !is64) || (head[5] !== 1 && head[5] !== 2) || (is64 && head.length < 64)) return null;
  return { is64, le: head[5] === 1 };
}

/** DT_NEEDED names of an ELF file held whole in memory (see elfNeededAt). */
export function elfNeeded(data: Buffer): string[] | null {
  return elfNeededAt((offset, length) => data.subarray(offset, Math.min(offset + length, data.length)), data.length);
}

/**
 * DT_NEEDED names in file order, `[]` for an ELF file that needs nothing (static), or null when the data is not
 * an ELF file or is cut short. The string table's address is mapped to a file offset through the PT_LOAD segments.
 */
export function elfNeededAt(readAt: ReadAt, size: number): string[] | null {
  const head = readAt(0, Math.min(64, size));
  const l = layout(head);
  if (!l) return null;
  try {
    const phoff = word(head, l.is64 ? 32 : 28, l);
    const phentsize = u16(head, l.is64 ? 54 : 42, l);
    const phnum = u16(head, l.is64 ? 56 : 44, l);
    if (phentsize < (l.is64 ? 56 : 32) && phnum > 0) return null;
    const ph = readAt(phoff, phnum * phentsize);
    if (ph.length < phnum * phentsize) return null;
    const loads: { vaddr: number; offset: number; filesz: number }[] = [];
    let dynamic: { offset: number; size: number } | null = null;
    for (let i = 0; i < phnum; i++) {
      const at = i * phentsize;
      const type = u32(ph, at, l);
      // Elf64_Phdr: type, flags, offset, vaddr, paddr, filesz… Elf32_Phdr: type, offset, vaddr, paddr, filesz…
      const offset = l.is64 ? word(ph, at + 8, l) : u32(ph, at + 4, l);
      const vaddr = l.is64 ? word(ph, at + 16, l) : u32(ph, at + 8, l);
      const filesz = l.is64 ? word(ph, at + 32, l) : u32(ph, at + 16, l);
      if (type === PT_LOAD) loads.push({ vaddr, offset, filesz });
      else if (type === PT_DYNAMIC) dynamic = { offset, size: filesz };
    }
    if (!dynamic) return [];
    const dyn = readAt(dynamic.offset, Math.max(0, Math.min(dynamic.size, size - dynamic.offset)));
    const entry = l.is64 ? 16 : 8;
    const needed: number[] = [];
    let strtab: number | null = null;
    let strsz: number | null = null;
    for (let at = 0; at + entry <= dyn.length; at += entry) {
      const tag = word(dyn, at, l);
      const value = word(dyn, at + entry / 2, l);
      if (tag === DT_NULL) break;
      if (tag === DT_NEEDED) needed.push(value);
      else if (tag === DT_STRTAB) strtab = value;
      else if (tag === DT_STRSZ) strsz = value;
    }
    if (needed.length === 0) return [];
    if (strtab === null) return null;
    const address = strtab;
    const segment = loads.find((s) => address >= s.vaddr && address < s.vaddr + s.filesz);
    const base = segment ? segment.offset + (address - segment.vaddr) : address;
    if (base >= size) return null;
    // The whole table in one read when its size is given and sane; else each name on its own.
    const table = strsz !== null && strsz > 0 && strsz <= 1024 * 1024 ? readAt(base, Math.min(strsz, size - base)) : null;
    const names: string[] = [];
    for (const n of needed) {
      const name = table && n < table.length ? nameIn(table, n) : nameAt(readAt, base + n, size);
      if (name === null) return null;
      names.push(name);
    }
    return names;
  } catch {
    return null;
  }
}

function nameIn(table: Buffer, at: number): string | null {
  const end = table.indexOf(0, at);
  return end < 0 ? null : table.toString('latin1', at, end);
}

function nameAt(readAt: ReadAt, start: number, size: number): string | null {
  const parts: Buffer[] = [];
  for (let at = start; at < size; at += NAME_CHUNK) {
    const chunk = readAt(at, Math.min(NAME_CHUNK, size - at));
    const end = chunk.indexOf(0);
    if (end >= 0) {
      parts.push(chunk.subarray(0, end));
      return Buffer.concat(parts).toString('latin1');
    }
    parts.push(Buffer.from(chunk));
    if (chunk.length === 0) break;
  }
  return null;
}
