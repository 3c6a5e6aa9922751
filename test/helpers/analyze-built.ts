/** Runs the real analysis on images from image-builder, through a temp file or directory, as the CLI would. */
import { analyzeImage, AnalysisResult } from '../../src/pipeline';
import { Readable } from 'node:stream';
import type { EngineClient } from '../../src/analyze/sources/engine';
import { InputError } from '../../src/errors';
import type { Analysis } from '../../src/model';
import { ArchiveFile, buildImage, BuiltImage, ImageSpec, legacyArchiveFiles, Platform, Step, tarFiles, writeDir, writeTemp } from './image-builder';

export interface AnalyzeBuiltOptions {
  /** Appended to the path as `:SELECTOR` (a tag, `name:tag`, or `@N`). */
  selector?: string;
  platform?: Platform;
}

function withSelector(ref: string, selector?: string): string {
  return selector === undefined ? ref : `${ref}:${selector}`;
}

/** Tars the files into a temp file and analyzes it as `transport:PATH`. */
export async function analyzeArchive(
  files: ArchiveFile[],
  transport: 'docker-archive' | 'oci-archive' = 'docker-archive',
  opts: AnalyzeBuiltOptions = {},
): Promise<AnalysisResult> {
  const file = writeTemp('image.tar', await tarFiles(files));
  return analyzeImage(withSelector(`${transport}:${file}`, opts.selector), { platform: opts.platform });
}

/** Writes the files into a temp directory and analyzes it as `oci:DIR`. */
export async function analyzeLayoutDir(files: ArchiveFile[], opts: AnalyzeBuiltOptions = {}): Promise<AnalysisResult> {
  return analyzeImage(withSelector(`oci:${writeDir(files)}`, opts.selector), { platform: opts.platform });
}

/** An engine whose `docker save` streams these bytes in small chunks, as dockerode hands them over. */
export function fakeEngine(archive: Buffer): EngineClient {
  return {
    address: 'unix:///fake.sock',
    inspect: async () => ({ Id: 'sha256:fake' }),
    save: async () =>
      Readable.from(
        (function* chunks() {
          for (let at = 0; at < archive.length; at += 4096) yield archive.subarray(at, at + 4096);
        })(),
      ),
  };
}

/** Builds an image from steps, saves it as a legacy docker-archive and analyzes it. */
export async function analyzeSteps(steps: Step[], spec: Omit<ImageSpec, 'steps'> = {}): Promise<AnalysisResult & { image: BuiltImage }> {
  const image = await buildImage({ ...spec, steps });
  return { ...(await analyzeArchive(legacyArchiveFiles([{ image, tags: ['test:latest'] }]))), image };
}

/** A history step that adds a layer, written as the legacy builder records a RUN. */
export function run(command: string, entries: Step['entries'] = []): Step {
  return { createdBy: `/bin/sh -c ${command}`, entries };
}

/** The definitions' bookkeeping that must hold for every image: every stored byte is either visible or hidden once. */
export function expectConsistent(a: Analysis): void {
  expect(a.totals.layerBytes).toBe(a.totals.finalBytes + a.totals.hiddenBytes);
  expect(a.layers.reduce((n, l) => n + l.hiddenBytes, 0)).toBe(a.totals.hiddenBytes);
  expect(a.hidden.reduce((n, h) => n + h.bytes, 0)).toBe(a.totals.hiddenBytes);
  expect(a.totals.wasteBytes).toBe(a.totals.hiddenBytes + a.totals.duplicateBytes);
}

/** The message of the InputError the promise rejects with: one line, as the CLI prints it. */
export async function inputError(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => new Error('resolved, expected an InputError'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputError);
  const message = (err as Error).message;
  expect(message).not.toContain('\n');
  return message;
}
