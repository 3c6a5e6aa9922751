/**
 * The analysis driver: analyze (read the image, measure it, find what is wrong) → suggest (what to change, each
 * with its bytes) → proposal (the image after every change, each byte once). The CLI, the library and the scripts
 * all come through here; nothing here prints.
 */
import type { FilesystemModel } from '../analyze/filesystem/model';
import { Measured, measureImage, measureRead, type AnalyzeOptions, type ProgressListener } from '../analyze/analyze';
import type { Dockerfile } from '../dockerfile/parse';
import type { Analysis } from '../model';
import type { BaseExtras } from '../analyze/base';
import type { PackageIndex } from '../analyze/packages';
import { combineProposal } from '../suggest/proposal';
import { suggest } from '../suggest/suggest';

export type { AnalyzeOptions, ProgressEvent, ProgressListener, ProgressPhase } from '../analyze/analyze';

/** The analysis object plus the in-memory model it was read from (not part of the JSON). */
export interface AnalysisResult {
  analysis: Analysis;
  filesystem: FilesystemModel;
  /** The package inventories with their bodies and dpkg's database (not part of the JSON). */
  packageIndex: PackageIndex;
  baseExtras: BaseExtras;
  /** With --dockerfile: the Dockerfile with every suggestion applied, or null when nothing changes. */
  proposedDockerfile?: string | null;
  proposedDockerignore?: string[];
  /** Why a found Dockerfile was not joined, when one was not. */
  dockerfileNote?: string;
  /** The Dockerfile joined to the image, as parsed (null when none is). */
  dockerfileParsed?: Dockerfile | null;
}

/** Reads an image once, streaming, and returns everything imgdiet knows of it. */
export async function analyzeImage(reference: string, options: AnalyzeOptions = {}): Promise<AnalysisResult> {
  return advise(await measureImage(reference, options));
}

/** The same for an image already read (tests build images in memory and walk their layers). */
export async function buildAnalysis(...args: Parameters<typeof measureRead>): Promise<AnalysisResult> {
  return advise(await measureRead(...args));
}

function advise(m: Measured): AnalysisResult {
  const { analyzed, filesystem, packageIndex, baseExtras, dockerfile, join, origin } = m;
  const progress: ProgressListener | undefined = m.progress;
  progress?.({ phase: 'suggestions', done: 0, total: null, layer: null });
  const advice = suggest({ analysis: { ...analyzed, dockerfile: null }, filesystem, packageIndex, baseExtras, dockerfile, join });
  const proposal = combineProposal(dockerfile ? 'dockerfile' : 'image', advice.candidates, analyzed.findings, analyzed.totals.layerBytes);
  const analysis: Analysis = {
    ...analyzed,
    suggestions: advice.suggestions,
    dockerfile: dockerfile
      ? { path: dockerfile.path, origin, matched: join?.byLayer.size ?? 0, proposedDiff: advice.proposedDiff, dockerignore: advice.dockerignore }
      : null,
    proposal,
  };
  return { analysis, filesystem, packageIndex, baseExtras, proposedDockerfile: advice.proposed, proposedDockerignore: advice.dockerignore, dockerfileNote: m.dockerfileNote, dockerfileParsed: dockerfile };
}
