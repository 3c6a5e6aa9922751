import { basename } from '../../util/paths';
import { elfNeeded, elfNeededAt, ReadAt } from './elf';

/**
 * The small files base detection and the base-image suggestion read, kept whole by the layer walk (see
 * layers/content.ts): runtime version files, a wheel's tag, apt's record of automatically installed packages,
 * and — cut down to their DT_NEEDED list — the native modules of language package directories and of a runtime's
 * own extension modules.
 */

const EXACT = new Set(['usr/local/include/node/node_version.h', 'usr/local/go/VERSION', 'var/lib/apt/extended_states']);

/** A JDK's or JRE's `release` file where the official images put it. */
const JAVA_RELEASE = /^(opt\/java\/openjdk|usr\/local\/openjdk-[^/]+|usr\/lib\/jvm\/[^/]+)\/release$/;

/** Directories whose native modules are an application's or a runtime's, not the distribution's. */
const NATIVE_DIRS = ['site-packages/', 'dist-packages/', 'node_modules/', '/gems/', 'lib-dynload/'];

/** Larger native modules are not read for their links (they are rarely built in the image). */
export const MAX_NATIVE_BYTES = 8 * 1024 * 1024;

function isNativeModule(path: string, size: number, name: string = basename(path)): boolean {
  if (size > MAX_NATIVE_BYTES || size < 64) return false;
  if (!(name.endsWith('.so') || name.includes('.so.') || name.endsWith('.node'))) return false;
  return NATIVE_DIRS.some((d) => path.includes(d));
}

/** Called for every file the walk sees: cheap name tests first, the regular expression only for `release`. */
export function baseCapture(path: string, size: number, name: string = basename(path)): boolean {
  if (EXACT.has(path) || (name === 'release' && JAVA_RELEASE.test(path))) return size <= 4 * 1024 * 1024;
  if (name === 'WHEEL' && path.includes('.dist-info/')) return size <= 64 * 1024;
  return isNativeModule(path, size, name);
}

/**
 * What is kept of a captured file: a native module's DT_NEEDED names, one a line (empty for one that is not ELF
 * or needs nothing); other files whole.
 */
export function baseKept(path: string, data: Buffer): Buffer {
  if (!isNativeModule(path, data.length)) return data;
  return Buffer.from((elfNeeded(data) ?? []).join('\n'));
}

/** What baseKept keeps of a native module, read from a file at random: only the parts the links need. */
export function nativeLinksAt(readAt: ReadAt, size: number): Buffer {
  return Buffer.from((elfNeededAt(readAt, size) ?? []).join('\n'));
}

export function isNativeCapture(path: string, size: number): boolean {
  return isNativeModule(path, size);
}
