/**
 * The images the check tests measure: exact sizes, built in memory. The grown image:
 *
 *   layer 0  RUN add base   data/a 5,500 B (noise), data/d 1,500 B, data/b 1,000 B      = 8,000 B
 *   layer 1  RUN update     data/b 500 B (hides the first 1,000 B), data/c = data/d      = 2,000 B
 *
 * layer bytes 10,000; hidden 1,000; duplicate 1,500; waste 2,500; efficiency 75 %; 2 layers.
 * The baseline is layer 0 alone: 8,000 B, so the grown image is 2,000 B (25 %) larger.
 */
import { createHash } from 'node:crypto';
import { analyzeImage, AnalysisResult } from '../../src/pipeline';
import { evaluateCheck } from '../../src/check/evaluate';
import { parseConfig, Settings } from '../../src/check/config';
import type { CheckReport, DockerfileMap } from '../../src/check/report';
import type { Analysis, Finding } from '../../src/model';
import { run } from '../helpers/analyze-built';
import { buildImage, BuiltImage, Compression, dir, file, legacyArchiveFiles, Step, tarFiles, writeTemp } from '../helpers/image-builder';

/** Bytes that do not compress: a sha256 chain from a seed. */
export function noise(bytes: number, seed = 'imgdiet'): Buffer {
  const parts: Buffer[] = [];
  let block = Buffer.from(seed);
  for (let n = 0; n < bytes; n += 32) parts.push((block = createHash('sha256').update(block).digest()));
  return Buffer.concat(parts).subarray(0, bytes);
}

export function baseStep(compression: Compression = 'none'): Step {
  return {
    ...run('add base', [dir('data/'), file('data/a', noise(5500)), file('data/d', 'd'.repeat(1500)), file('data/b', 'b'.repeat(1000))]),
    compression,
  };
}

export function updateStep(compression: Compression = 'none'): Step {
  return { ...run('update', [file('data/b', 'B'.repeat(500)), file('data/c', 'd'.repeat(1500))]), compression };
}

export interface Built {
  result: AnalysisResult;
  image: BuiltImage;
  /** The docker-archive the image was written to. */
  archive: string;
}

/** Builds the image, writes it as a legacy docker-archive in a temp dir and analyzes it. */
export async function buildAndAnalyze(steps: Step[], config: Record<string, unknown> = {}): Promise<Built> {
  const image = await buildImage({ steps, config });
  const archive = writeTemp('image.tar', await tarFiles(legacyArchiveFiles([{ image, tags: ['check-test:latest'] }])));
  return { result: await analyzeImage(archive), image, archive };
}

export const grown = (compression: Compression = 'none', config: Record<string, unknown> = {}): Promise<Built> =>
  buildAndAnalyze([baseStep(compression), updateStep(compression)], config);

export const baseline = (compression: Compression = 'none', config: Record<string, unknown> = {}): Promise<Built> =>
  buildAndAnalyze([baseStep(compression)], config);

/** Settings from YAML text, as a config file named `.imgdiet.yml` would give them. */
export function yaml(text: string): Settings {
  return parseConfig(text, '.imgdiet.yml');
}

export function check(analysis: Analysis, settings: Settings, opts: { baseline?: Analysis; dockerfile?: DockerfileMap } = {}): CheckReport {
  return evaluateCheck({ analysis, baseline: opts.baseline ?? null, settings, config: null, dockerfile: opts.dockerfile ?? null });
}

/** A finding as a rule would give it, for policies that must not depend on which rules exist. */
export function finding(id: string, over: Partial<Finding> = {}): Finding {
  return {
    id,
    category: 'security',
    severity: 'high',
    title: `${id} title`,
    message: `${id} message`,
    bytes: 0,
    paths: [],
    pathCount: 0,
    layer: null,
    hiddenBy: null,
    fix: `${id} fix`,
    docs: `docs/rules/${id}.md`,
    ...over,
  };
}

/** The analysis with exactly these findings. */
export function withFindings(a: Analysis, findings: Finding[]): Analysis {
  return { ...a, findings };
}
