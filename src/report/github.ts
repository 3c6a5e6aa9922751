import type { CheckReport, DockerfileMap } from '../check/report';
import { Severity, severityRank } from '../model';

/**
 * GitHub Actions workflow commands that become annotations on the run and the pull request: `::error` for each
 * failed budget or policy, `::warning` for skipped checks, notes and findings of medium severity or more, and
 * `::notice` for lower findings. Ignored findings are left out. With `--dockerfile`, each annotation names the
 * file and the instruction's lines.
 */
export function renderGithubAnnotations(r: CheckReport): string {
  const lines: string[] = [];
  const at = (layer: number | null): Record<string, string> => location(r.dockerfile, layer);
  for (const x of r.results) {
    if (x.status === 'fail') lines.push(command('error', { ...at(x.layer), title: `imgdiet ${x.key}` }, x.message));
  }
  for (const x of r.results) {
    if (x.status === 'skip') lines.push(command('warning', { title: `imgdiet ${x.key} skipped` }, x.message));
  }
  for (const f of r.findings) {
    if (f.ignoredBy !== null) continue;
    lines.push(command(level(f.severity), { ...at(f.layer), title: `imgdiet ${f.id} (${f.severity})` }, `${f.message}\n${f.fix}`));
  }
  for (const n of r.notes) lines.push(command('warning', { title: 'imgdiet' }, n));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function level(s: Severity): 'warning' | 'notice' {
  return severityRank(s) >= severityRank('medium') ? 'warning' : 'notice';
}

function location(d: DockerfileMap | null, layer: number | null): Record<string, string> {
  if (!d || d.relativePath === null) return {};
  const line = (layer === null ? null : d.layers.find((l) => l.layer === layer)) ?? d.from;
  return { file: d.relativePath, line: String(line.startLine), endLine: String(line.endLine) };
}

function command(name: string, props: Record<string, string>, message: string): string {
  const p = Object.entries(props)
    .map(([k, v]) => `${k}=${escapeProperty(v)}`)
    .join(',');
  return `::${name}${p ? ` ${p}` : ''}::${escapeData(message)}`;
}

/** As the Actions toolkit escapes a command's message. */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** As the Actions toolkit escapes a command's property values. */
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
