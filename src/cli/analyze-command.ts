import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../check/files';
import { UsageError } from '../errors';
import { renderJson } from '../report/json';
import { renderTerminal } from '../report/terminal';
import { ImageFlags, imageOptions, readImage } from './image-options';
import { analysisHtml, parseLayerFlag, renderLayer, resolveLayer } from './layer-option';
import type { Io } from './main';
import { checkWriteDockerfile, writeProposedDockerfile } from './write-dockerfile';

export interface AnalyzeFlags extends ImageFlags {
  json?: boolean;
  top: string;
  /** Also write the HTML report to this file. */
  html?: string;
  /** The Dockerfile the image was built from. */
  dockerfile?: string;
  /** With --dockerfile: write the proposed Dockerfile here (and PATH.dockerignore). */
  writeDockerfile?: string;
  /** Print this layer's changes instead of the report: an index or `line:L`. */
  layer?: string;
}

export async function analyzeCommand(ref: string, flags: AnalyzeFlags, io: Io): Promise<number> {
  const top = Number(flags.top);
  if (!Number.isInteger(top) || top < 0) throw new UsageError(`--top "${flags.top}" is not a whole number`);
  if (flags.html !== undefined) checkWritable(flags.html, '--html');
  checkWriteDockerfile(flags);
  if (flags.writeDockerfile !== undefined) checkWritable(flags.writeDockerfile, '--write-dockerfile');
  const layer = flags.layer === undefined ? null : parseLayerFlag(flags.layer);
  const result = await readImage(ref, { ...imageOptions(flags), dockerfile: flags.dockerfile }, io);
  if (flags.writeDockerfile !== undefined) writeProposedDockerfile(result, flags.dockerfile as string, flags.writeDockerfile, io);
  const index = layer === null ? null : resolveLayer(layer, result.analysis);
  if (flags.html !== undefined) writeFileAtomic(flags.html, analysisHtml(result));
  if (index !== null) io.stdout.write(renderLayer(result, index, flags.json === true, { color: useColor(io), top }));
  else if (flags.json) io.stdout.write(renderJson(result.analysis));
  else io.stdout.write(renderTerminal(result.analysis, { color: useColor(io), top }));
  return 0;
}

/** Fails before the image is read when a report could not be written where the user asked. */
export function checkWritable(file: string, option: string): void {
  if (file.trim() === '') throw new UsageError(`${option}: the file name is empty`);
  const dir = path.dirname(path.resolve(file));
  let isDir = false;
  try {
    isDir = fs.statSync(dir).isDirectory();
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new UsageError(`${option} ${file}: ${isDir ? 'the directory is not writable' : `no such directory: ${path.dirname(file)}`}; name a file in a directory that exists`);
  }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new UsageError(`${option} ${file}: is a directory; name a file`);
}

export function useColor(io: Io): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return Boolean(io.stdout.isTTY);
}
