/** The proposal: the suggestions carried out, their savings combined with every byte counted once. */
import type { Finding, Suggestion } from '../../src/model';
import { Candidate, combineProposal } from '../../src/suggest/proposal';

function suggestion(id: string, bytes: number, o: Partial<Suggestion> = {}): Suggestion {
  return {
    id, title: id, savings: { bytes, compressedBytes: Math.round(bytes / 4) }, confidence: 'high', rationale: '', findings: [], layer: 3, dockerfile: '@@ -1 +1 @@', ...o,
  };
}
function finding(id: string, bytes: number, layer: number): Finding {
  return { id, category: 'waste', severity: 'medium', title: id, message: '', bytes, paths: [], pathCount: 0, layer, hiddenBy: null, fix: '', docs: '' };
}
const done = (...list: Suggestion[]): Candidate[] => list.map((s) => ({ suggestion: s, carriedOut: true }));

describe('combineProposal', () => {
  it('adds up what does not overlap, and projects the layer bytes', () => {
    const p = combineProposal('dockerfile', done(suggestion('pip-no-cache', 6000), suggestion('dockerignore', 40, { layer: 2 })), [], 100_000);
    expect(p).toEqual({
      basis: 'dockerfile',
      layerBytes: 93_960,
      savingsBytes: 6040,
      compressedSavingsBytes: 1510,
      applied: [{ id: 'pip-no-cache', layer: 3, bytes: 6000 }, { id: 'dockerignore', layer: 2, bytes: 40 }],
    });
  });

  it('leaves out what the proposed files do not carry out, and suggestions that save nothing', () => {
    const p = combineProposal('dockerfile', [
      { suggestion: suggestion('apt-cleanup', 5000), carriedOut: false },
      { suggestion: suggestion('copy-order', 0), carriedOut: true },
      { suggestion: suggestion('pip-no-cache', 700), carriedOut: true },
    ], [], 10_000);
    expect(p.applied).toEqual([{ id: 'pip-no-cache', layer: 3, bytes: 700 }]);
    expect(p.layerBytes).toBe(9300);
  });

  it('takes the first base swap only: the proposed FROM can name one base', () => {
    const slim = suggestion('base-image', 800_000, { layer: null, title: 'Use python:3.12-slim' });
    const alpine = suggestion('base-image', 900_000, { layer: null, title: 'Use python:3.12-alpine' });
    const p = combineProposal('image', done(slim, alpine), [], 1_000_000);
    expect(p.applied).toEqual([{ id: 'base-image', layer: null, bytes: 800_000 }]);
    expect(p.basis).toBe('image');
  });

  it('counts a finding two suggestions cite on one layer once, under the first', () => {
    const findings = [finding('apt-lists', 3000, 3), finding('apt-cache', 1000, 3)];
    const cleanup = suggestion('cleanup-same-layer', 3500, { findings: ['apt-lists'] });
    const apt = suggestion('apt-cleanup', 4000, { findings: ['apt-lists', 'apt-cache'] });
    const p = combineProposal('dockerfile', done(cleanup, apt), findings, 50_000);
    expect(p.applied).toEqual([{ id: 'cleanup-same-layer', layer: 3, bytes: 3500 }, { id: 'apt-cleanup', layer: 3, bytes: 1000 }]);
    expect(p.savingsBytes).toBe(4500);
  });

  it('counts only what a contained suggestion claims beyond the one containing it, on the same layer', () => {
    const ms = suggestion('multi-stage', 10_000);
    const dev = suggestion('npm-omit-dev', 12_000);
    const other = suggestion('no-install-recommends', 500, { layer: 5 });
    const p = combineProposal('dockerfile', done(ms, dev, other), [], 40_000);
    expect(p.applied).toEqual([{ id: 'multi-stage', layer: 3, bytes: 10_000 }, { id: 'npm-omit-dev', layer: 3, bytes: 2000 }, { id: 'no-install-recommends', layer: 5, bytes: 500 }]);
    expect(p.savingsBytes).toBe(12_500);
  });

  it('has compressed savings only when every part that adds bytes has them, each in proportion to what it adds', () => {
    const ms = suggestion('multi-stage', 10_000);
    const dev = suggestion('npm-omit-dev', 10_000, { savings: { bytes: 10_000, compressedBytes: null } });
    expect(combineProposal('dockerfile', done(ms, dev), [], 40_000).compressedSavingsBytes).toBe(2500);
    const unknown = suggestion('pip-no-cache', 100, { savings: { bytes: 100, compressedBytes: null } });
    expect(combineProposal('dockerfile', done(ms, unknown), [], 40_000).compressedSavingsBytes).toBeNull();
  });

  it('saves nothing when nothing is carried out', () => {
    expect(combineProposal('image', [], [], 1234)).toEqual({ basis: 'image', layerBytes: 1234, savingsBytes: 0, compressedSavingsBytes: 0, applied: [] });
  });
});
