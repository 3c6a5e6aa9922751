import type { ProposalSummary } from '../model';
import { formatBytes } from './units';

/**
 * The conclusion in one line: `953 MB now → about 261 MB with the proposed Dockerfile (−73 %)`. Every renderer
 * that states the proposal says it in these words.
 */
export function proposalSentence(layerBytes: number, p: ProposalSummary): string {
  if (p.savingsBytes <= 0) return `${formatBytes(layerBytes)} now; no suggested change saves bytes`;
  const how = p.basis === 'dockerfile' ? 'with the proposed Dockerfile' : 'with the suggested changes';
  return `${formatBytes(layerBytes)} now → about ${formatBytes(p.layerBytes)} ${how} (${savedPercent(layerBytes, p.savingsBytes)})`;
}

/** `−73 %`, `−4.2 %`, `−0.3 %`: whole percents from 10 % up, one decimal below. */
export function savedPercent(layerBytes: number, savingsBytes: number): string {
  if (layerBytes <= 0) return '−0 %';
  const pct = (savingsBytes / layerBytes) * 100;
  return `−${pct >= 10 ? Math.round(pct) : pct.toFixed(1)} %`;
}
