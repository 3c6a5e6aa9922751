import type * as Diff from 'diff';
import { Dockerfile, Instruction, parseDockerfile } from './parse';

/**
 * A change to one instruction, or new lines around it. Rewrites of one instruction compose in order, so two
 * suggestions can both change the same RUN (one adds `--no-install-recommends`, the other the clean-up).
 */
export type AnchoredEdit =
  | { op: 'rewrite'; at: Instruction; apply: (text: string) => string }
  | { op: 'replace'; at: Instruction; lines: string[] }
  | { op: 'remove'; at: Instruction }
  | { op: 'before' | 'after'; at: Instruction; lines: string[] };

/**
 * An anchored edit, or changes to whatever stage is final once the anchored edits are made: the runtime stage
 * multi-stage adds, when it does, else the final stage as written. Settings of the running container (USER,
 * HEALTHCHECK, an init) are made this way, so that they land in the image that ships.
 */
export type Edit = AnchoredEdit | { op: 'final-stage'; edits: (d: Dockerfile) => AnchoredEdit[] };

/**
 * The Dockerfile's text with the edits applied. Lines outside instructions (comments, blanks) stay. Final-stage
 * edits are made last, on the file the anchored edits produced, parsed again.
 */
export function applyEdits(d: Dockerfile, edits: Edit[]): string {
  const anchored: AnchoredEdit[] = [];
  const later: ((d: Dockerfile) => AnchoredEdit[])[] = [];
  for (const e of edits) {
    if (e.op === 'final-stage') later.push(e.edits);
    else anchored.push(e);
  }
  const text = applyAnchored(d, anchored);
  if (later.length === 0) return text;
  const composed = parseDockerfile(text, d.path);
  return applyAnchored(composed, later.flatMap((f) => f(composed)));
}

function applyAnchored(d: Dockerfile, edits: AnchoredEdit[]): string {
  const out: string[] = [];
  const byInstruction = new Map<number, AnchoredEdit[]>();
  for (const e of edits) {
    const list = byInstruction.get(e.at.index);
    if (list) list.push(e);
    else byInstruction.set(e.at.index, [e]);
  }
  let line = 0;
  for (const ins of d.instructions) {
    while (line < ins.startLine) out.push(d.lines[line++]);
    let text = d.lines.slice(ins.startLine, ins.endLine + 1).join('\n');
    const mine = byInstruction.get(ins.index) ?? [];
    const before = mine.filter((e) => e.op === 'before').flatMap((e) => (e as { lines: string[] }).lines);
    const after = mine.filter((e) => e.op === 'after').flatMap((e) => (e as { lines: string[] }).lines);
    let removed = false;
    for (const e of mine) {
      if (e.op === 'rewrite') text = e.apply(text);
      else if (e.op === 'replace') text = e.lines.join('\n');
      else if (e.op === 'remove') removed = true;
    }
    out.push(...before);
    if (!removed) out.push(...text.split('\n'));
    out.push(...after);
    line = ins.endLine + 1;
  }
  while (line < d.lines.length) out.push(d.lines[line++]);
  return out.join('\n');
}

/** A unified diff of the edits against the file, or null when they change nothing. */
export function editsDiff(d: Dockerfile, edits: Edit[]): string | null {
  if (edits.length === 0) return null;
  const after = applyEdits(d, edits);
  if (after === d.text) return null;
  // Loaded here: only a Dockerfile's patch needs it.
  return (require('diff') as typeof Diff).createTwoFilesPatch(d.path, d.path, d.text, after, '', '', { context: 2 });
}
