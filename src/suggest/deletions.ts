/**
 * What a later RUN deleted, read from its `rm` commands and matched to the hidden file versions the image holds,
 * so that a deletion can move into the RUN that created the files (where it saves the bytes) and leave the
 * later RUN.
 */
import type { Finding, HiddenFile } from '../model';
import type { Edit } from '../dockerfile/edit';
import { finalStage, Instruction } from '../dockerfile/parse';
import { textOf, workdirAt } from './common';
import { appendCommands, calls, onlyCommands, removeParts, runScript } from './run-text';
import { Manager, program, rmOperands } from '../dockerfile/shell';
import type { SuggestContext } from './types';
import { GlobOptions, globToRegExp } from '../util/glob';

/** An rm operand is globbed by sh: no `**`, no braces, and it removes what lies under a directory it names. */
const SHELL_WORD: GlobOptions = { globstar: false, braces: false, rootless: false, under: true };

export interface RmOperand {
  /** As written (`/var/lib/apt/lists/*`). */
  word: string;
  /** The hidden versions (with bytes) of the RUN it belongs to that it matches. */
  matched: HiddenFile[];
  /** Tree path prefix without wildcards (`var/lib/apt/lists`), for telling whether another RUN uses it. */
  prefix: string;
  /** The operand made absolute with the RUN's working directory. */
  absolute: string;
}

export interface LaterDeletion {
  ins: Instruction;
  operands: RmOperand[];
  /** True when the RUN runs nothing but rm. */
  onlyRm: boolean;
}

/** The rm operands of the final-stage RUN that made `layer`, with what each matched; null when there is none. */
export function laterDeletion(ctx: SuggestContext, layer: number): LaterDeletion | null {
  const d = ctx.dockerfile;
  const ins = ctx.instructionFor(layer);
  if (!d || ins?.kind !== 'RUN') return null;
  const text = textOf(d, ins);
  const run = runScript(text);
  if (!run) return null;
  const hidden = ctx.filesystem.hidden.filter((h) => h.hiddenByLayer === layer && h.bytes > 0);
  const cwd = workdirAt(finalStage(d).body, ins, ctx.analysis.image.config.workingDir);
  const operands: RmOperand[] = [];
  for (const c of run.script.commands) {
    for (const w of rmOperands(c) ?? []) {
      const match = operandMatcher(w.text, cwd);
      if (!match) continue;
      operands.push({ word: w.text, matched: hidden.filter((h) => match.test(h.path)), prefix: match.prefix, absolute: match.absolute });
    }
  }
  return { ins, operands, onlyRm: onlyCommands(text, (c) => program(c) === 'rm') };
}

/** A matcher for the tree paths an rm operand removes (the path itself and all under it); null for `$VAR` words. */
export function operandMatcher(word: string, cwd: string): { test(path: string): boolean; prefix: string; absolute: string } | null {
  if (word.includes('$') || word.includes('`') || word === '') return null;
  const abs = word.startsWith('/') ? word : `${cwd.replace(/\/$/, '')}/${word}`;
  const parts = abs.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0) return null;
  const glob = /[*?[]/;
  const firstGlob = parts.findIndex((p) => glob.test(p));
  const prefix = (firstGlob < 0 ? parts : parts.slice(0, firstGlob)).join('/');
  let re: RegExp;
  try {
    re = globToRegExp(parts.join('/'), SHELL_WORD);
  } catch {
    return null;
  }
  return {
    prefix,
    absolute: `/${parts.join('/')}`,
    test: (path) => {
      if (!re.test(path)) return false;
      if (firstGlob < 0) return true;
      const seg = path.split('/')[firstGlob];
      return seg === undefined || !seg.startsWith('.') || parts[firstGlob].startsWith('.');
    },
  };
}

/**
 * Edits that take out of a later RUN the rm operands every matched version of which `owned` accepts — the caller
 * makes sure the files are no longer there to delete — or the whole RUN when that is all it ran. Only a RUN that
 * runs nothing but rm is edited: one that does more may delete files of its own too, which the image cannot show.
 */
export function dropFromLater(
  del: LaterDeletion,
  owned: (h: HiddenFile) => boolean,
  allow: (o: RmOperand) => boolean = () => true,
): { edits: Edit[]; dropped: string[] } {
  const mine = del.operands.filter((o) => o.matched.length > 0 && o.matched.every(owned) && allow(o));
  if (mine.length === 0 || !del.onlyRm) return { edits: [], dropped: [] };
  const words = new Set(mine.map((o) => o.word));
  if (del.operands.every((o) => words.has(o.word))) return { edits: [{ op: 'remove', at: del.ins }], dropped: [...words] };
  return { edits: [{ op: 'rewrite', at: del.ins, apply: (t) => removeParts(t, { rmOperand: (w) => words.has(w.text) }) }], dropped: [...words] };
}

/** Appends `rm -rf OPERANDS` to a RUN, leaving out operands some rm of it already removes. */
export function appendRm(text: string, operands: string[]): string {
  const run = runScript(text);
  if (!run) return text;
  const have = new Set(run.script.commands.flatMap((c) => (rmOperands(c) ?? []).map((w) => w.text)));
  const todo = operands.filter((o) => !have.has(o));
  if (todo.length === 0) return text;
  return appendCommands(text, [`rm -rf ${todo.join(' ')}`]);
}

/**
 * Whether a RUN's text uses files under a tree path prefix: it names the path, or it runs what reads them (an
 * apt install reads apt's lists, an apk add without --no-cache its index).
 */
export function uses(text: string, prefix: string): boolean {
  if (prefix === '' || text.includes(prefix)) return true;
  const run = calls(text);
  if (under(prefix, 'var/lib/apt/lists') && run.some((c) => c.manager === 'apt' && c.subcommand !== 'update')) return true;
  if ((under(prefix, 'var/cache/apk') || under(prefix, 'etc/apk/cache')) && run.some((c) => c.manager === 'apk' && !c.options.includes('--no-cache'))) return true;
  return false;
}

/** `path` is `dir` or lies under it, or `dir` lies under `path` (both tree paths). */
export function under(path: string, dir: string): boolean {
  return path === dir || path.startsWith(`${dir}/`) || dir.startsWith(`${path}/`);
}

/**
 * Which hidden versions belong to some cache findings: those under a cache root of the findings' paths (the path
 * cut after the first match of `marker`, else its directory). Findings list their largest paths, whose roots
 * stand for the rest.
 */
export function cacheOwner(findings: Finding[], marker: RegExp): (h: HiddenFile) => boolean {
  const roots = cacheRoots(findings, marker);
  return (h) => roots.some((r) => h.path === r || h.path.startsWith(`${r}/`));
}

/** The cache directories the findings' paths lie in (tree paths), as cacheOwner reads them. */
export function cacheRoots(findings: Finding[], marker: RegExp): string[] {
  const roots = new Set<string>();
  for (const f of findings) {
    for (const p of f.paths) {
      const m = marker.exec(p.path);
      roots.add(m ? p.path.slice(0, m.index + m[0].length).replace(/\/$/, '') : p.path.slice(0, Math.max(0, p.path.lastIndexOf('/'))));
    }
  }
  return [...roots].filter((r) => r !== '').sort();
}

/**
 * Edits that take a cache's `rm` out of the later RUNs that deleted it, once the cache is no longer made. A later
 * RUN that runs the same package manager keeps its rm: it may fill the cache again itself.
 */
export function dropCacheDeletions(
  ctx: SuggestContext,
  findings: Finding[],
  marker: RegExp,
  managers: Manager[],
  also: (h: HiddenFile) => boolean = () => true,
): Edit[] {
  const owned = cacheOwner(findings, marker);
  const edits: Edit[] = [];
  for (const h of new Set(findings.map((f) => f.hiddenBy).filter((x): x is number => x !== null))) {
    const del = laterDeletion(ctx, h);
    if (!del || calls(textOf(ctx.dockerfile!, del.ins)).some((c) => managers.includes(c.manager))) continue;
    edits.push(...dropFromLater(del, (r) => owned(r) && also(r)).edits);
  }
  return edits;
}
