import * as fs from 'node:fs';
import { UsageError } from '../errors';
import type { Transport } from '../model';
import type { Platform } from './sources/types';

/** A parsed image reference, skopeo-style: `transport:details`, or a bare name or path. */
export type Reference =
  | { transport: 'docker-daemon'; name: string }
  | { transport: 'docker-archive' | 'oci-archive' | 'oci'; path: string; selector?: string }
  | { transport: 'docker'; name: string };

const PREFIXES: Transport[] = ['docker-daemon', 'docker-archive', 'oci-archive', 'oci'];

export function parseReference(ref: string): Reference {
  if (ref.trim() === '') throw new UsageError('no image reference given; try imgdiet analyze NAME:TAG or a path to a docker save tar');
  if (ref.startsWith('docker://')) {
    const name = ref.slice('docker://'.length);
    if (!name) throw new UsageError(`"${ref}" names no image; use docker://HOST/NAME:TAG`);
    return { transport: 'docker', name };
  }
  for (const t of PREFIXES) {
    if (!ref.startsWith(`${t}:`)) continue;
    const rest = ref.slice(t.length + 1);
    if (rest === '') throw new UsageError(`"${ref}" names no image; write ${t}:${t === 'docker-daemon' ? 'NAME:TAG' : 'PATH'}`);
    if (t === 'docker-daemon') return { transport: t, name: rest };
    return { transport: t as 'docker-archive' | 'oci-archive' | 'oci', ...splitPath(rest) };
  }
  if (fs.existsSync(ref)) {
    if (fs.statSync(ref).isDirectory()) return { transport: 'oci', path: ref };
    return { transport: 'docker-archive', path: ref };
  }
  if (/\.(tar|tgz|tar\.gz)$/.test(ref) || ref.startsWith('./') || ref.startsWith('/') || ref.startsWith('../')) {
    throw new UsageError(`${ref}: no such file; check the path, or name an engine image as NAME:TAG`);
  }
  return { transport: 'docker-daemon', name: ref };
}

/** `PATH[:SELECTOR]` where PATH may itself hold colons: the longest prefix that exists is the path. */
function splitPath(rest: string): { path: string; selector?: string } {
  if (fs.existsSync(rest)) return { path: rest };
  for (let i = rest.length - 1; i > 0; i--) {
    if (rest[i] !== ':') continue;
    const path = rest.slice(0, i);
    if (fs.existsSync(path)) return { path, selector: rest.slice(i + 1) };
  }
  return { path: rest };
}

export function parsePlatform(text: string): Platform {
  const parts = text.split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === '')) {
    throw new UsageError(`--platform "${text}" is not os/arch[/variant], e.g. linux/amd64 or linux/arm64/v8`);
  }
  return { os: parts[0], architecture: parts[1], ...(parts[2] ? { variant: parts[2] } : {}) };
}
