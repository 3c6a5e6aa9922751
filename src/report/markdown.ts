import type { CheckReport } from '../check/report';
import { bytesText } from '../check/values';
import { proposalSentence } from './proposal-text';
import { printable } from '../util/text';

const MAX_FINDINGS = 50;

/**
 * The check report as GitHub-flavoured Markdown, for a pull-request comment or a job summary: the verdict, one
 * table row per budget or policy with actual and limit, then findings (folded) and notes. Computes nothing.
 */
export function renderMarkdown(r: CheckReport): string {
  const { pass, fail, skip } = r.counts;
  const total = pass + fail + skip;
  const out: string[] = [];
  const verdict = total === 0 ? '✅ passed (no checks set)' : fail > 0 ? `❌ ${fail} of ${total} checks failed` : `✅ ${pass} of ${total} checks passed`;
  out.push(`### imgdiet check: ${verdict}${skip > 0 ? `, ${skip} skipped` : ''}`, '');
  const facts = [
    `Image ${code(r.image.reference)} (${code(shortId(r.image.id))}, ${r.image.platform}): ${bytesText(r.image.totals.layerBytes)} in ${r.image.totals.layerCount} layers`,
  ];
  facts.push(proposalSentence(r.image.totals.layerBytes, r.image.proposal));
  if (r.baseline) facts.push(`baseline ${code(r.baseline.reference)} (${code(shortId(r.baseline.id))}): ${bytesText(r.baseline.totals.layerBytes)}`);
  out.push(facts.join(' · '), '');

  if (r.results.length > 0) {
    out.push('| | Check | Measured | Actual | Limit | |', '| --- | --- | --- | ---: | ---: | --- |');
    const icon = { pass: '✅', fail: '❌', skip: '⏭️' };
    for (const x of r.results) {
      out.push(`| ${icon[x.status]} | ${code(x.key)} | ${cell(x.subject)} | ${cell(x.actualText)} | ${cell(`${x.limitIs === 'max' ? '≤' : '≥'} ${x.limitText}`)} | ${cell(x.detail)} |`);
    }
    out.push('');
  }

  if (r.findings.length > 0) {
    const ignored = r.findings.filter((f) => f.ignoredBy !== null).length;
    out.push(`<details><summary>Findings: ${r.findings.length}${ignored > 0 ? `, ${ignored} ignored` : ''}</summary>`, '');
    out.push('| Severity | Rule | Finding | Fix |', '| --- | --- | --- | --- |');
    for (const f of r.findings.slice(0, MAX_FINDINGS)) {
      const what = f.ignoredBy === null ? cell(f.message) : `~~${cell(f.message)}~~ ignored: ${cell(f.ignoredBy.reason)}`;
      out.push(`| ${f.severity} | ${code(f.id)} | ${what} | ${ownText(f.fix)} |`);
    }
    if (r.findings.length > MAX_FINDINGS) out.push('', `… and ${r.findings.length - MAX_FINDINGS} more (see the JSON or SARIF output).`);
    out.push('', '</details>', '');
  }

  if (r.notes.length > 0) {
    out.push('Notes:', '');
    for (const n of r.notes) out.push(`- ${cell(n)}`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

/** Text from the image inside a table cell: one line, no pipes, HTML or emphasis, control characters escaped. */
function cell(s: string): string {
  return printable(s.replace(/\r?\n/g, ' '))
    .replace(/[\\`*_[\]~]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|');
}

/** imgdiet's own Markdown (a rule's fix), kept as written but for what would break the table. */
function ownText(s: string): string {
  return s.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

function code(s: string): string {
  const t = printable(s).replace(/\|/g, '\\|');
  return t.includes('`') ? `\`\` ${t} \`\`` : `\`${t}\``;
}
