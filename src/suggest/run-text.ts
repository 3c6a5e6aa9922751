/**
 * Rewrites of a RUN instruction's text, for Edit `rewrite` functions. Each one reads the text it is given (which
 * other suggestions may have rewritten already), so rewrites compose; each does nothing when its change is there
 * already, so two suggestions asking for the same change make it once. Exec-form RUNs and scripts the shell reader
 * does not follow are returned unchanged.
 */
import { applyPatches, Command, ManagerCall, managerCall, parseScript, Patch, rmOperands, Script, Word } from '../dockerfile/shell';

export interface RunScript {
  script: Script;
  /** Offset of the script in the instruction text. */
  start: number;
}

/**
 * The shell script of `RUN [--flag…] SCRIPT`; null for the exec form, a heredoc, or another instruction. Any
 * script starting with `[` is left alone: the text still holds its line continuations, so execForm cannot tell.
 */
export function runScript(text: string): RunScript | null {
  const m = /^\s*RUN\b/i.exec(text);
  if (!m) return null;
  let i = m[0].length;
  for (;;) {
    const rest = /^(?:\s|\\\r?\n)+/.exec(text.slice(i));
    if (rest) i += rest[0].length;
    if (!text.startsWith('--', i)) break;
    const flag = /^--\S+/.exec(text.slice(i));
    i += flag ? flag[0].length : 2;
  }
  if (text[i] === '[' || text.startsWith('<<', i)) return null;
  const script = parseScript(text, i);
  return script.simple && script.commands.length > 0 ? { script, start: i } : null;
}

/** The manager calls of a RUN's text (none for one this cannot read). */
export function calls(text: string): ManagerCall[] {
  const run = runScript(text);
  if (!run) return [];
  return run.script.commands.map(managerCall).filter((c): c is ManagerCall => c !== null);
}

export function commandText(c: Command): string {
  return c.words.map((w) => w.text).join(' ');
}

/** Puts `flag` after the subcommand of every matching call that lacks it (by its name before any `=`). */
export function addFlag(text: string, match: (c: ManagerCall) => boolean, flag: string): string {
  const name = flag.split('=')[0];
  const patches: Patch[] = calls(text)
    .filter((c) => match(c) && !c.options.some((o) => o.split('=')[0] === name))
    .map((c) => {
      const at = c.command.words[c.sub].end;
      return { start: at, end: at, text: ` ${flag}` };
    });
  return applyPatches(text, patches);
}

/** Adds a package name at the end of every matching call's operands, unless it is one already. */
export function addOperand(text: string, match: (c: ManagerCall) => boolean, operand: string): string {
  const patches: Patch[] = calls(text)
    .filter((c) => match(c) && !c.operands.some((w) => w.text === operand))
    .map((c) => {
      const last = c.command.words[c.command.words.length - 1];
      return { start: last.end, end: last.end, text: ` ${operand}` };
    });
  return applyPatches(text, patches);
}

/** Inserts `command && ` before the first command that matches, unless a command before it is `already` one. */
export function prependBefore(text: string, match: (c: Command) => boolean, command: string, already: (c: Command) => boolean): string {
  const run = runScript(text);
  if (!run) return text;
  const cmds = run.script.commands;
  const at = cmds.findIndex(match);
  if (at < 0 || cmds.slice(0, at).some(already)) return text;
  const start = cmds[at].words[0].start;
  return applyPatches(text, [{ start, end: start, text: `${command} && ` }]);
}

/**
 * Appends commands to the end of the script with `&&`, each on a continuation line in the style the RUN uses
 * (`&& \` at line ends, or lines starting with `&&`). Commands the script already runs are skipped.
 */
export function appendCommands(text: string, commands: string[]): string {
  const run = runScript(text);
  if (!run) return text;
  const cmds = run.script.commands;
  const have = new Set(cmds.map(commandText));
  const todo = commands.filter((c) => !have.has(c.replace(/\s+/g, ' ').trim()));
  if (todo.length === 0) return text;
  const last = cmds[cmds.length - 1];
  const lastEnd = last.words[last.words.length - 1].end;
  const lineStart = text.lastIndexOf('\n', last.words[0].start) + 1;
  const multiLine = lineStart > 0;
  const lead = /^[ \t]*/.exec(text.slice(lineStart))![0];
  // `&& \` at line ends: the text between the last two commands ends the line with the operator.
  const trailing = cmds.length > 1 && /&&[ \t]*\\\r?\n/.test(text.slice(lastWordEnd(cmds[cmds.length - 2]), last.words[0].start));
  const indent = multiLine ? lead : '    ';
  const added = trailing ? todo.map((c) => ` && \\\n${indent}${c}`).join('') : todo.map((c) => ` \\\n${indent}&& ${c}`).join('');
  return text.slice(0, lastEnd) + added + text.slice(lastEnd);
}

function lastWordEnd(c: Command): number {
  return c.words[c.words.length - 1].end;
}

/**
 * Takes out of the script the commands that match, and the rm operands that match (an rm left with none goes
 * too). Never empties the script: when nothing would be left, the text stays as it is.
 */
export function removeParts(text: string, opts: { command?: (c: Command) => boolean; rmOperand?: (w: Word) => boolean }): string {
  const run = runScript(text);
  if (!run) return text;
  const cmds = run.script.commands;
  const drop = new Set<number>();
  const patches: Patch[] = [];
  cmds.forEach((c, k) => {
    if (opts.command?.(c)) {
      drop.add(k);
      return;
    }
    const operands = rmOperands(c);
    if (!operands || !opts.rmOperand) return;
    const gone = operands.filter(opts.rmOperand);
    if (gone.length === 0) return;
    if (gone.length === operands.length) drop.add(k);
    else for (const w of gone) patches.push({ start: spaceBefore(text, w.start), end: w.end, text: '' });
  });
  if (drop.size === 0 && patches.length === 0) return text;
  if (drop.size === cmds.length) return text;
  // A command in a pipeline, or joined by ||, cannot go alone.
  const joinable = (s: string | null): boolean => s === null || s === '&&' || s === ';';
  for (const k of drop) {
    if (!joinable(cmds[k].sep) || !joinable(cmds[k + 1]?.sep ?? null)) return text;
  }
  for (const k of [...drop].sort((a, b) => a - b)) {
    const c = cmds[k];
    // Remove the command and the operator that joined it to a kept neighbour.
    let prev = k - 1;
    while (prev >= 0 && drop.has(prev)) prev--;
    if (prev >= 0) {
      const end = lastWordEnd(c);
      patches.push({ start: lastWordEnd(cmds[prev]), end, text: '' });
    } else {
      let next = k + 1;
      while (next < cmds.length && drop.has(next)) next++;
      patches.push({ start: c.words[0].start, end: cmds[next].words[0].start, text: '' });
    }
  }
  return applyPatches(text, mergeOverlaps(patches));
}

function spaceBefore(text: string, at: number): number {
  let i = at;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  return i;
}

/** Removal patches may overlap when neighbouring commands go: merge them. */
function mergeOverlaps(patches: Patch[]): Patch[] {
  const sorted = [...patches].sort((a, b) => a.start - b.start);
  const out: Patch[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last && p.start <= last.end) last.end = Math.max(last.end, p.end);
    else out.push({ ...p });
  }
  return out;
}

/** Whether the only commands of a RUN are ones that match (false for one this cannot read). */
export function onlyCommands(text: string, match: (c: Command) => boolean): boolean {
  const run = runScript(text);
  return run !== null && run.script.commands.every(match);
}
