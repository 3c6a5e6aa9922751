/**
 * The shared libraries an ELF file asks for (its DT_NEEDED entries), read from the dynamic segment: enough to say
 * which packages of a base image an application's native code links against. Nothing else of the file is kept.
 */

const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const DT_NULL = 0;
const DT_NEEDED = 1;
const DT_STRTAB = 5;

interface Reader {
  is64: boolean;
  u16(at: number): number;
  u32(at: number): number;
  /** An address or offset word (32 or 64 bits); beyond 2^53 it is not a usable offset anyway. */
  word(at: number): number;
}

function reader(data: Buffer): Reader | null {
  if (data.length < 52 || data[0] !== 0x7f || data[1] !== 0x45 || data[2] !== 0x4c || data[3] !== 0x46) return null;
  const is64 = data[4] === 2;
  const le = data[5] === 1;
  if ((data[4] !== 1 && !is64) || (data[5] !== 1 && data[5] !== 2) || (is64 && data.length < 64)) return null;
  const u16 = (at: number): number => (le ? data.readUInt16LE(at) : data.readUInt16BE(at));
  const u32 = (at: number): number => (le ? data.readUInt32LE(at) : data.readUInt32BE(at));
  const word = (at: number): number => (is64 ? Number(le ? data.readBigUInt64LE(at) : data.readBigUInt64BE(at)) : u32(at));
  return { is64, u16, u32, word };
}

/**
 * DT_NEEDED names in file order, `[]` for an ELF file that needs nothing (static), or null when the data is not
 * an ELF file or is cut short. The string table's address is mapped to a file offset through the PT_LOAD segments.
 */
export function elfNeeded(data: Buffer): string[] | null {
  const r = reader(data);
  if (!r) return null;
  try {
    const phoff = r.word(r.is64 ? 32 : 28);
    const phentsize = r.u16(r.is64 ? 54 : 42);
    const phnum = r.u16(r.is64 ? 56 : 44);
    const loads: { vaddr: number; offset: number; filesz: number }[] = [];
    let dynamic: { offset: number; size: number } | null = null;
    for (let i = 0; i < phnum; i++) {
      const at = phoff + i * phentsize;
      if (at + phentsize > data.length) return null;
      const type = r.u32(at);
      // Elf64_Phdr: type, flags, offset, vaddr, paddr, filesz… Elf32_Phdr: type, offset, vaddr, paddr, filesz…
      const offset = r.is64 ? r.word(at + 8) : r.u32(at + 4);
      const vaddr = r.is64 ? r.word(at + 16) : r.u32(at + 8);
      const filesz = r.is64 ? r.word(at + 32) : r.u32(at + 16);
      if (type === PT_LOAD) loads.push({ vaddr, offset, filesz });
      else if (type === PT_DYNAMIC) dynamic = { offset, size: filesz };
    }
    if (!dynamic) return [];
    const entry = r.is64 ? 16 : 8;
    const needed: number[] = [];
    let strtab: number | null = null;
    for (let at = dynamic.offset; at + entry <= dynamic.offset + dynamic.size && at + entry <= data.length; at += entry) {
      const tag = r.word(at);
      const value = r.word(at + entry / 2);
      if (tag === DT_NULL) break;
      if (tag === DT_NEEDED) needed.push(value);
      else if (tag === DT_STRTAB) strtab = value;
    }
    if (needed.length === 0) return [];
    if (strtab === null) return null;
    const address = strtab;
    const segment = loads.find((l) => address >= l.vaddr && address < l.vaddr + l.filesz);
    const base = segment ? segment.offset + (address - segment.vaddr) : address;
    const names: string[] = [];
    for (const n of needed) {
      const start = base + n;
      const end = data.indexOf(0, start);
      if (start >= data.length || end < 0) return null;
      names.push(data.toString('latin1', start, end));
    }
    return names;
  } catch {
    return null;
  }
}
