/**
 * Suggestions on in-memory images, through the whole analysis (a docker-archive temp file, and the Dockerfile
 * in a temp file as --dockerfile would give it), with history entries written as the legacy builder writes them.
 */
import { analyzeImage, AnalysisResult } from '../../src/pipeline';
import type { Suggestion } from '../../src/model';
import { parseDockerfile } from '../../src/dockerfile/parse';
import { buildImage, Entry, ImageSpec, legacyArchiveFiles, Step, tarFiles, writeTemp } from '../helpers/image-builder';

export interface Suggested extends AnalysisResult {
  /** The suggestions with this id. */
  of(id: string): Suggestion[];
  /** The one suggestion with this id; fails the test when there is none or several. */
  one(id: string): Suggestion;
}

export async function suggestOn(steps: Step[], dockerfile: string | null, spec: Omit<ImageSpec, 'steps'> = {}): Promise<Suggested> {
  const image = await buildImage({ ...spec, steps });
  const archive = writeTemp('image.tar', await tarFiles(legacyArchiveFiles([{ image, tags: ['test:latest'] }])));
  const options = dockerfile === null ? {} : { dockerfile: writeTemp('Dockerfile', Buffer.from(dockerfile)) };
  const result = await analyzeImage(`docker-archive:${archive}`, options);
  const of = (id: string): Suggestion[] => result.analysis.suggestions.filter((s) => s.id === id);
  return {
    ...result,
    of,
    one(id) {
      const found = of(id);
      expect(found).toHaveLength(1);
      return found[0];
    },
  };
}

/** A RUN layer. */
export function run(command: string, entries: Entry[] = []): Step {
  return { createdBy: `/bin/sh -c ${command}`, entries };
}

/** A RUN the image records with no file change still adds a (empty) layer in the legacy builder. */
export function nop(instruction: string): Step {
  return { createdBy: `/bin/sh -c #(nop) ${instruction}` };
}

/** A COPY layer, as the legacy builder records `COPY . DEST`. */
export function copy(dest: string, entries: Entry[]): Step {
  return { createdBy: `/bin/sh -c #(nop) COPY dir:0123456789abcdef in ${dest}`, entries };
}

/** A base image's root filesystem layer. */
export function base(entries: Entry[]): Step {
  return { createdBy: '/bin/sh -c #(nop) ADD file:0123456789abcdef in / ', entries };
}

/** The 1-based number of the first line that starts with `needle` (comments aside), for checking lines. */
export function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.startsWith(needle));
  if (i < 0) throw new Error(`no line has ${needle}`);
  return i + 1;
}

/** The proposed Dockerfile parses back as a Dockerfile; returns its instructions as `KIND args`. */
export function reparsed(text: string): string[] {
  return parseDockerfile(text).instructions.map((i) => `${i.kind} ${i.args}`);
}

/** `n` bytes of text. */
export function body(n: number, fill = 'x'): string {
  return fill.repeat(n);
}
