import pc from 'picocolors';
import type { CheckReport } from '../check/report';
import type { AnalysisSummary } from '../summary';
import { bytesText } from '../check/values';
import { proposalSentence } from './proposal-text';
import { printable } from '../util/text';

export interface CheckTextOptions {
  color: boolean;
}

/** The terminal report of `imgdiet check`: one line per budget or policy with actual vs limit. Computes nothing. */
export function renderCheckText(r: CheckReport, options: CheckTextOptions): string {
  const c = pc.createColors(options.color);
  const out: string[] = [];
  out.push(c.bold(`imgdiet check: ${printable(r.image.reference)}`));
  const head: [string, string][] = [['image', describeImage(r.image)]];
  if (r.baseline) head.push(['baseline', `${printable(r.baseline.reference)} ${describeImage(r.baseline)}`]);
  if (r.config) head.push(['config', printable(r.config)]);
  if (r.dockerfile) head.push(['dockerfile', `${printable(r.dockerfile.path)} (${r.dockerfile.layers.length} history entries paired with instructions)`]);
  head.push(['proposal', proposalSentence(r.image.totals.layerBytes, r.image.proposal)]);
  const headWidth = Math.max(...head.map(([k]) => k.length));
  for (const [k, v] of head) out.push(`  ${k.padEnd(headWidth)}  ${v}`);

  if (r.results.length > 0) {
    out.push('');
    const keyWidth = Math.max(...r.results.map((x) => x.key.length));
    const word = { pass: c.green('PASS'), fail: c.red('FAIL'), skip: c.yellow('SKIP') };
    for (const x of r.results) out.push(`${word[x.status]}  ${x.key.padEnd(keyWidth)}  ${x.message}`);
  }

  if (r.findings.length > 0) {
    const ignored = r.findings.filter((f) => f.ignoredBy !== null).length;
    out.push('', c.bold(`Findings (${r.findings.length}${ignored > 0 ? `, ${ignored} ignored` : ''})`));
    const sevWidth = Math.max(...r.findings.map((f) => f.severity.length));
    const idWidth = Math.max(...r.findings.map((f) => f.id.length));
    for (const f of r.findings) {
      const why = f.ignoredBy === null ? '' : c.dim(` (ignored: ${printable(f.ignoredBy.reason)})`);
      out.push(`  ${f.severity.padEnd(sevWidth)}  ${f.id.padEnd(idWidth)}  ${printable(f.message)}${why}`);
    }
  }

  if (r.notes.length > 0) {
    out.push('', c.bold('Notes'));
    for (const n of r.notes) out.push(`  ${n}`);
  }

  out.push('', verdict(r, c));
  return `${out.join('\n')}\n`;
}

function describeImage(s: AnalysisSummary): string {
  const size = `${bytesText(s.totals.layerBytes)} in ${s.totals.layerCount} layer${s.totals.layerCount === 1 ? '' : 's'}`;
  return `${s.id} ${s.platform}, ${size}`;
}

function verdict(r: CheckReport, c: ReturnType<typeof pc.createColors>): string {
  const { pass, fail, skip } = r.counts;
  const total = pass + fail + skip;
  const skipped = skip > 0 ? `, ${skip} skipped` : '';
  if (total === 0) return c.bold('PASSED: no checks are set');
  if (fail > 0) return c.bold(c.red(`FAILED: ${fail} of ${total} checks failed${skipped}`));
  return c.bold(c.green(`PASSED: ${pass} of ${total} checks passed${skipped}`));
}
