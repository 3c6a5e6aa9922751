import type { CheckReport, CheckResult } from '../check/report';

/**
 * JUnit XML for CI test reports (GitLab, Jenkins, GitHub test reporters): one testsuite for the image, one
 * testcase per budget or policy; a failed check is a <failure> with actual vs limit, a skipped one <skipped>.
 * Findings are not testcases: a policy (no-root, fail-on…) is what turns them into a failure.
 */
export function renderJunit(r: CheckReport): string {
  const { pass, fail, skip } = r.counts;
  const tests = pass + fail + skip;
  const counts = `tests="${tests}" failures="${fail}" errors="0" skipped="${skip}"`;
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites name="imgdiet check" ${counts}>`);
  out.push(`  <testsuite name="${attr(`imgdiet check ${r.image.reference}`)}" ${counts}>`);
  const props: [string, string][] = [
    ['image.reference', r.image.reference],
    ['image.id', r.image.id],
    ['image.platform', r.image.platform],
    ['image.layerBytes', String(r.image.totals.layerBytes)],
  ];
  if (r.baseline) props.push(['baseline.reference', r.baseline.reference], ['baseline.id', r.baseline.id]);
  if (r.config) props.push(['config', r.config]);
  out.push('    <properties>');
  for (const [name, value] of props) out.push(`      <property name="${attr(name)}" value="${attr(value)}"/>`);
  out.push('    </properties>');
  for (const x of r.results) out.push(...testcase(x));
  if (r.notes.length > 0) out.push(`    <system-out>${text(r.notes.join('\n'))}</system-out>`);
  out.push('  </testsuite>', '</testsuites>');
  return `${out.join('\n')}\n`;
}

function testcase(x: CheckResult): string[] {
  const open = `    <testcase name="${attr(x.key)}" classname="imgdiet.${x.kind}">`;
  const body = [`actual: ${x.actualText}`, `limit: ${x.limitText} (${x.key}: ${x.setting}, from ${x.from})`, ...(x.detail ? [x.detail] : [])].join('\n');
  if (x.status === 'fail') return [open, `      <failure message="${attr(x.message)}" type="${attr(x.key)}">${text(body)}</failure>`, '    </testcase>'];
  if (x.status === 'skip') return [open, `      <skipped message="${attr(x.message)}"/>`, '    </testcase>'];
  return [open, `      <system-out>${text(x.message)}</system-out>`, '    </testcase>'];
}

/** Characters XML 1.0 cannot hold at all (control characters, lone surrogates) are written as \xNN / \uNNNN. */
function clean(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, (ch) => {
    const code = ch.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

function text(s: string): string {
  return clean(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
