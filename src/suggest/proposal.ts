import type { AppliedSuggestion, Finding, ProposalSummary, Suggestion } from '../model';

/**
 * Suggestions whose bytes contain another's when both act on one layer: multi-stage counts the build-only
 * packages (devDependencies included), what only they depend on, the packages only a Recommends brought (its
 * runtime stage installs none) and the build caches it cites; npm-omit-dev counts the devDependencies and npm's
 * cache of the same RUN, no-install-recommends the packages only a Recommends brought.
 */
const CONTAINS: Readonly<Record<string, readonly string[]>> = { 'multi-stage': ['npm-omit-dev', 'no-install-recommends'] };

/** A suggestion in the order the suggesters made it, and whether the proposal carries it out. */
export interface Candidate {
  suggestion: Suggestion;
  /** With a Dockerfile: its edits changed the proposed file (or, for dockerignore, the .dockerignore is written). */
  carriedOut: boolean;
}

/**
 * What the proposal saves, each byte once. `candidates` come in generation order: of several base-image swaps
 * only the first carried out counts (its FROM edit is the one the proposed file keeps). Two overlaps are taken
 * out: a suggestion whose bytes another on the same layer contains (CONTAINS: only what it claims beyond the
 * other counts), and a finding cited by two suggestions on the same layer (its bytes count under the first).
 * Everything else the suggesters already split among themselves (cleanup-same-layer leaves the caches to
 * apt-cleanup, and so on).
 */
export function combineProposal(
  basis: ProposalSummary['basis'],
  candidates: readonly Candidate[],
  findings: readonly Finding[],
  layerBytes: number,
): ProposalSummary {
  const chosen: Suggestion[] = [];
  let baseSwap = false;
  for (const c of candidates) {
    if (!c.carriedOut || c.suggestion.savings.bytes <= 0) continue;
    if (c.suggestion.id === 'base-image') {
      if (baseSwap) continue;
      baseSwap = true;
    }
    chosen.push(c.suggestion);
  }
  const counted = chosen.map((s) => s.savings.bytes);
  const within = chosen.map(() => false);
  chosen.forEach((s, i) => {
    for (const [big, smalls] of Object.entries(CONTAINS)) {
      if (!smalls.includes(s.id)) continue;
      const other = chosen.find((o) => o.id === big && o.layer === s.layer);
      if (!other) continue;
      counted[i] = Math.max(0, s.savings.bytes - other.savings.bytes);
      within[i] = true;
    }
  });
  const claimed = new Set<string>();
  chosen.forEach((s, i) => {
    if (within[i]) return; // within another: that one's findings count
    for (const id of s.findings) {
      const f = findings.find((x) => x.id === id && x.layer === s.layer);
      if (!f || f.bytes === 0) continue;
      const key = `${id}@${s.layer}`;
      if (!claimed.has(key)) claimed.add(key);
      else counted[i] -= Math.min(f.bytes, counted[i]);
    }
  });
  const applied: AppliedSuggestion[] = chosen.map((s, i) => ({ id: s.id, layer: s.layer, bytes: counted[i] }));
  const savingsBytes = counted.reduce((n, b) => n + b, 0);
  return {
    basis,
    layerBytes: layerBytes - savingsBytes,
    savingsBytes,
    compressedSavingsBytes: compressedOf(chosen, counted),
    applied,
  };
}

/** Each suggestion's compressed saving in proportion to the bytes it adds; null when one adding bytes has none. */
function compressedOf(chosen: Suggestion[], counted: number[]): number | null {
  let sum = 0;
  for (let i = 0; i < chosen.length; i++) {
    if (counted[i] === 0) continue;
    const { bytes, compressedBytes } = chosen[i].savings;
    if (compressedBytes === null) return null;
    sum += Math.round((compressedBytes * counted[i]) / bytes);
  }
  return sum;
}
