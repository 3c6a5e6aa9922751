import * as fs from 'node:fs';
import { writeFileAtomic } from '../util/files';
import { UsageError } from '../errors';
import { renderJsonChunks } from '../report/json';
import { renderTerminal, TerminalOptions } from '../report/terminal';
import { renderVerboseTerminal } from '../report/terminal-verbose';
import { printable } from '../util/text';
import { ImageFlags, imageOptions, readImage } from './image-options';
import { analysisHtml, layerJson, parseLayerFlag, renderLayer, resolveLayer } from './layer-option';
import { writeChunks } from '../util/json-stream';
import type { AnalysisResult } from '../pipeline';
import { checkWritable, Io, terminalWidth, useColor } from './io';
import { checkWriteDockerfile, writeProposedDockerfile } from './write-dockerfile';

export interface AnalyzeFlags extends ImageFlags {
  json?: boolean;
  top: string;
  /** Every table in full instead of the one-line-per-item report. */
  verbose?: boolean;
  /** Also write the HTML report to this file. */
  html?: string;
  /** The Dockerfile the image was built from; false with --no-dockerfile. */
  dockerfile?: string | false;
  /** With --dockerfile: write the proposed Dockerfile here (and PATH.dockerignore). */
  writeDockerfile?: string;
  /** Print this layer's changes instead of the report: an index or `line:L`. */
  layer?: string;
}

export async function analyzeCommand(ref: string, flags: AnalyzeFlags, io: Io): Promise<number> {
  const top = Number(flags.top);
  if (!Number.isInteger(top) || top < 0) throw new UsageError(`--top "${flags.top}" is not a whole number`);
  if (flags.html !== undefined) checkWritable(flags.html, '--html');
  const named = typeof flags.dockerfile === 'string' ? flags.dockerfile : undefined;
  checkWriteDockerfile({ dockerfile: named, writeDockerfile: flags.writeDockerfile });
  if (flags.writeDockerfile !== undefined) checkWritable(flags.writeDockerfile, '--write-dockerfile');
  const layer = flags.layer === undefined ? null : parseLayerFlag(flags.layer);
  const found = flags.dockerfile === undefined ? foundDockerfile() : undefined;
  const result = await readImage(ref, { ...imageOptions(flags), dockerfile: named ?? found, dockerfileOrigin: named ? 'flag' : 'found' }, io);
  if (result.dockerfileNote) io.stderr.write(`imgdiet: ${printable(result.dockerfileNote)}\n`);
  if (flags.writeDockerfile !== undefined) writeProposedDockerfile(result, named as string, flags.writeDockerfile, io);
  const index = layer === null ? null : resolveLayer(layer, result);
  if (flags.html !== undefined) writeFileAtomic(flags.html, analysisHtml(result));
  const view = { color: useColor(io), top, width: terminalWidth(io) };
  await writeChunks(io.stdout, report(result, index, flags, view));
  return 0;
}

/** What stdout carries: JSON in chunks (it can outgrow one string), a text report whole. */
function report(result: AnalysisResult, index: number | null, flags: AnalyzeFlags, view: TerminalOptions): Iterable<string> {
  if (index !== null) return flags.json ? layerJson(result, index) : [renderLayer(result, index, view)];
  if (flags.json) return renderJsonChunks(result.analysis);
  return [(flags.verbose ? renderVerboseTerminal : renderTerminal)(result.analysis, view)];
}

/** Larger than any Dockerfile a person writes: a bigger ./Dockerfile is not the one to join. */
const FOUND_MAX_BYTES = 1024 * 1024;

/** ./Dockerfile when it is a readable regular file of a Dockerfile's size; it is joined only if it matches. */
function foundDockerfile(): string | undefined {
  const file = 'Dockerfile';
  try {
    const st = fs.statSync(file);
    if (!st.isFile() || st.size > FOUND_MAX_BYTES) return undefined;
    fs.accessSync(file, fs.constants.R_OK);
    return file;
  } catch {
    return undefined;
  }
}
