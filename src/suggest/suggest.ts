import type { Analysis, Suggestion } from '../model';
import { applyEdits, Edit, editsDiff } from '../dockerfile/edit';
import type { Candidate } from './proposal';
import { SUGGESTERS } from './list';
import type { Suggester, SuggestContext } from './types';
import { compareText } from '../util/compare';

export interface SuggestResult {
  suggestions: Suggestion[];
  /** All edits applied: the proposed Dockerfile, or null without --dockerfile or when nothing changes. */
  proposed: string | null;
  proposedDiff: string | null;
  dockerignore: string[];
  /** Every suggestion in the order the suggesters made it, and whether the proposed files carry it out. */
  candidates: Candidate[];
}

/** What the suggesters read: the analysis so far and what the analyze stage knows beside it. */
export type SuggestInput = Pick<SuggestContext, 'analysis' | 'filesystem' | 'packageIndex' | 'baseExtras' | 'dockerfile' | 'join'>;

/** Runs every suggester; suggestions are ranked by bytes saved. Nothing here prints. */
export function suggest(input: SuggestInput, suggesters: readonly Suggester[] = SUGGESTERS): SuggestResult {
  const { analysis, dockerfile, join } = input;
  const ctx: SuggestContext = {
    analysis,
    filesystem: input.filesystem,
    packageIndex: input.packageIndex,
    baseExtras: input.baseExtras,
    dockerfile,
    join,
    instructionFor: (layer) => (layer === null ? undefined : join?.byLayer.get(layer)),
    findings: (id) => analysis.findings.filter((f) => f.id === id),
  };
  const suggestions: Suggestion[] = [];
  const candidates: Candidate[] = [];
  const allEdits: Edit[] = [];
  const ignore = new Set<string>();
  for (const s of suggesters) {
    for (const p of s.suggest(ctx)) {
      const edits = dockerfile ? (p.edits ?? []) : [];
      allEdits.push(...edits);
      for (const entry of p.dockerignore ?? []) ignore.add(entry);
      const suggestion: Suggestion = {
        id: s.meta.id,
        title: p.title ?? s.meta.title,
        savings: { bytes: p.bytes, compressedBytes: compressedEstimate(analysis, p.bytes, p.ratioLayers ?? (p.layer === null ? [] : [p.layer])) },
        confidence: p.confidence,
        rationale: p.rationale,
        findings: p.findings,
        layer: p.layer,
        dockerfile: dockerfile ? editsDiff(dockerfile, edits) : null,
      };
      suggestions.push(suggestion);
      // With a Dockerfile, what the proposed files carry out; without one, every change the image itself shows.
      const carriedOut = dockerfile ? suggestion.dockerfile !== null || (p.dockerignore ?? []).length > 0 : true;
      candidates.push({ suggestion, carriedOut });
    }
  }
  suggestions.sort((a, b) => b.savings.bytes - a.savings.bytes || compareText(a.id, b.id));
  const proposed = dockerfile && allEdits.length > 0 ? applyEdits(dockerfile, allEdits) : null;
  return {
    suggestions,
    proposed: proposed === dockerfile?.text ? null : proposed,
    proposedDiff: dockerfile ? editsDiff(dockerfile, allEdits) : null,
    dockerignore: [...ignore].sort(),
    candidates,
  };
}

/**
 * Compressed bytes saved, from the compression ratio of the layers that hold the bytes (their stored size over
 * their content bytes); the whole image's ratio when those layers' is unknown; null when no ratio is known.
 */
export function compressedEstimate(analysis: Omit<Analysis, 'suggestions' | 'proposal'>, bytes: number, layers: number[]): number | null {
  let stored = 0;
  let content = 0;
  for (const i of layers) {
    const l = analysis.layers[i];
    if (l && l.compressedBytes !== null && l.sizeBytes > 0) {
      stored += l.compressedBytes;
      content += l.sizeBytes;
    }
  }
  if (content === 0 && analysis.totals.compressedBytes !== null && analysis.totals.layerBytes > 0) {
    stored = analysis.totals.compressedBytes;
    content = analysis.totals.layerBytes;
  }
  return content === 0 ? null : Math.round((bytes * stored) / content);
}
