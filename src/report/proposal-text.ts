import type { ProposalSummary } from '../model';
import { formatBytes } from '../util/units';

/** The pieces of the conclusion, for a renderer that styles them; null when no suggestion saves bytes. */
export interface ProposalParts {
  now: string;
  after: string;
  how: string;
  percent: string;
}

export function proposalParts(layerBytes: number, p: ProposalSummary): ProposalParts | null {
  if (p.savingsBytes <= 0) return null;
  return {
    now: formatBytes(layerBytes),
    after: `about ${formatBytes(p.layerBytes)}`,
    how: p.basis === 'dockerfile' ? 'with the proposed Dockerfile' : 'if the suggested changes are made',
    percent: savedPercent(layerBytes, p.savingsBytes),
  };
}

/**
 * The conclusion in one line: `953 MB now → about 261 MB with the proposed Dockerfile (−73 %)`. Every renderer
 * that states the proposal says it in these words.
 */
export function proposalSentence(layerBytes: number, p: ProposalSummary): string {
  const parts = proposalParts(layerBytes, p);
  if (parts === null) return `${formatBytes(layerBytes)} now; no suggested change saves bytes`;
  return `${parts.now} now → ${parts.after} ${parts.how} (${parts.percent})`;
}

/** `−73 %`, `−4.2 %`, `−0.3 %`: whole percents from 10 % up, one decimal below. */
export function savedPercent(layerBytes: number, savingsBytes: number): string {
  if (layerBytes <= 0) return '−0 %';
  const pct = (savingsBytes / layerBytes) * 100;
  return `−${pct >= 10 ? Math.round(pct) : pct.toFixed(1)} %`;
}
