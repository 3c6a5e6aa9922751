/**
 * Where `imgdiet check` writes what: `--format FORMAT[=FILE]`, repeatable. At most one format goes to stdout;
 * when none does, stdout carries the text report.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../errors';

export const FORMATS = ['text', 'json', 'junit', 'sarif', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

export interface Output {
  format: Format;
  /** null: stdout. */
  file: string | null;
}

export function parseFormats(specs: string[]): Output[] {
  const outputs: Output[] = [];
  for (const spec of specs) {
    const cut = spec.indexOf('=');
    const name = (cut < 0 ? spec : spec.slice(0, cut)).trim().toLowerCase();
    const file = cut < 0 ? null : spec.slice(cut + 1);
    if (!(FORMATS as readonly string[]).includes(name)) {
      throw new UsageError(`--format "${spec}": unknown format "${name}"; expected one of ${FORMATS.join(', ')}, each optionally =FILE`);
    }
    if (file !== null && file.trim() === '') throw new UsageError(`--format "${spec}": the file name after = is empty`);
    outputs.push({ format: name as Format, file });
  }
  const toStdout = outputs.filter((o) => o.file === null);
  if (toStdout.length > 1) {
    throw new UsageError(`--format: only one format can go to stdout, but ${toStdout.map((o) => o.format).join(' and ')} have no =FILE; give the others a file`);
  }
  const seen = new Set<string>();
  for (const o of outputs) {
    if (o.file === null) continue;
    const key = path.resolve(o.file);
    if (seen.has(key)) throw new UsageError(`--format: ${o.file} is named twice; give each format its own file`);
    seen.add(key);
  }
  for (const o of outputs) {
    if (o.file === null) continue;
    // Found now rather than after a long read of the image.
    const dir = path.dirname(o.file);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`--format ${o.format}=${o.file}: no such directory: ${dir}`);
  }
  if (toStdout.length === 0) outputs.unshift({ format: 'text', file: null });
  return outputs;
}
