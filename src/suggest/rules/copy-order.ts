import { basename, dirname } from '../../util/paths';
import { globToRegExp } from '../../util/glob';
import { bytes, hasFile, layerOfInstruction, textOf, workdirAt } from '../common';
import type { Edit } from '../../dockerfile/edit';
import { Dockerfile, finalStage, Instruction, Stage } from '../../dockerfile/parse';
import { copyArguments, flagWords } from '../../dockerfile/arguments';
import { calls, runScript } from '../run-text';
import { Command, managerCall, program, programIndex } from '../../dockerfile/shell';
import type { Proposal, Suggester, SuggestContext } from '../types';

/** What a RUN installs from: dependency files, relative to its working directory. */
interface Install {
  ins: Instruction;
  files: string[];
  what: string;
}

/** Programs whose only job is installing or cleaning up, which need none of the application's code. */
const SYSTEM_ONLY = new Set(['apt-get', 'apt', 'apk', 'dnf', 'yum', 'microdnf', 'rm', 'mkdir', 'useradd', 'groupadd', 'adduser', 'addgroup', 'ln', 'chmod', 'true', 'echo']);

export const copyOrder: Suggester = {
  meta: {
    id: 'copy-order',
    title: 'Copy dependency files before the code',
    description:
      'A `COPY . .` (the whole build context) before the RUN that installs dependencies makes every change to any ' +
      'file of the context invalidate the build cache of that install and of everything after it: each code change ' +
      'reinstalls every dependency. Copying the dependency files on their own first — requirements.txt (the files ' +
      'its `pip install -r` names), package.json with its lock file, go.mod and go.sum, Gemfile and Gemfile.lock, ' +
      'composer.json and composer.lock — and the rest after the install keeps that layer cached until the ' +
      'dependencies change. Needs --dockerfile. The image does not shrink (0 bytes saved); the rationale gives the ' +
      'bytes of the install layer that every code change rebuilds. The edit replaces the whole-context COPY with a ' +
      'COPY of the dependency files and puts it back after the last install that needs them; when a RUN in ' +
      'between may need the code, the confidence is lower.',
  },
  suggest(ctx) {
    const d = ctx.dockerfile;
    if (!d) return [];
    const out: Proposal[] = [];
    for (const stage of d.stages) out.push(...forStage(ctx, d, stage));
    return out;
  },
};

function forStage(ctx: SuggestContext, d: Dockerfile, stage: Stage): Proposal[] {
  const isFinal = stage === finalStage(d);
  const initial = isFinal ? ctx.analysis.image.config.workingDir : '/';
  const out: Proposal[] = [];
  const body = stage.body;
  for (const wide of body.filter((i) => wholeContext(i))) {
    const next = body.find((i) => i.index > wide.index && wholeContext(i));
    const installs = body
      .filter((i) => i.index > wide.index && (!next || i.index < next.index) && i.kind === 'RUN')
      .map((i) => installOf(d, i))
      .filter((x): x is Install => x !== null);
    if (installs.length === 0) continue;
    const dest = copyArguments(wide).dest ?? '.';
    const absDest = resolve(workdirAt(body, wide, initial), dest);
    const needed: string[] = [];
    for (const inst of installs) {
      const cwd = workdirAt(body, inst.ins, initial);
      for (const f of inst.files) {
        const abs = resolve(cwd, f);
        if (!abs.startsWith(`${absDest.replace(/\/$/, '')}/`)) continue;
        const rel = abs.slice(absDest.replace(/\/$/, '').length + 1);
        // Lock files are copied only when the image shows the context had them (a missing COPY source fails the build).
        if (LOCKS.has(basename(rel)) && isFinal && !hasFile(ctx, abs.slice(1))) continue;
        if (!needed.includes(rel)) needed.push(rel);
      }
    }
    if (needed.length === 0) continue;
    // A requirements file may name files of the context (a local sdist, another requirements file): they must
    // be copied with it, or the install fails. When it names the whole context or a directory, no order helps.
    const local = isFinal ? localRequirements(ctx, absDest, needed) : [];
    if (local === null) continue;
    for (const f of local) if (!needed.includes(f)) needed.push(f);
    // Dependency files a COPY before the whole context brings already need no new COPY: the install still waits
    // for the whole context, which must move after it.
    const before = body.filter((i) => i.index < wide.index && (i.kind === 'COPY' || i.kind === 'ADD'));
    const copied = (f: string): boolean => before.some((c) => copyArguments(c).sources.some((src) => sameFile(src.replace(/^\.\//, ''), f)));
    const missing = needed.filter((f) => !copied(f) && !(LOCKS.has(basename(f)) && needed.some((m) => !LOCKS.has(basename(m)) && copied(m))));
    const last = installs[installs.length - 1].ins;
    const between = body.filter((i) => i.index > wide.index && i.index < last.index && i.kind === 'RUN' && !installs.some((x) => x.ins === i));
    const mayNeedCode = between.filter((i) => !systemOnly(textOf(d, i)));
    const layers = isFinal ? installs.map((x) => layerOfInstruction(ctx, x.ins)).filter((l): l is number => l !== null) : [];
    const rebuilt = layers.reduce((n, l) => n + (ctx.analysis.layers[l]?.sizeBytes ?? 0), 0);
    const flags = flagWords(wide.flags);
    const edits: Edit[] = [
      missing.length > 0 ? { op: 'replace', at: wide, lines: depCopies(missing, dest, flags) } : { op: 'remove', at: wide },
      { op: 'after', at: last, lines: textOf(d, wide).split('\n') },
    ];
    out.push({
      bytes: 0,
      confidence: mayNeedCode.length > 0 ? 'low' : isFinal ? 'high' : 'medium',
      rationale:
        `\`${oneLine(wide)}\` (Dockerfile line ${wide.startLine + 1}) comes before ${installs.map((x) => `${x.what} (line ${x.ins.startLine + 1})`).join(' and ')}: ` +
        'any change to a file of the build context invalidates the cache of the install, so every code change reinstalls the dependencies' +
        (isFinal && layers.length > 0 ? ` and rebuilds ${bytes(rebuilt)} of install layer${layers.length > 1 ? 's' : ''} (${layers.map((l) => `layer ${l}`).join(', ')})` : '') +
        (isFinal ? '' : ` (build stage ${stage.name ?? stage.image})`) +
        (missing.length > 0 ? `. Copy ${missing.join(', ')} first and the rest after the install.` : '. The dependency files are copied on their own already: move the whole-context COPY after the install.') +
        ' The image does not shrink.' +
        (isFinal ? '' : ' The build stage\'s files are not in the image: check that the lock files named exist in the context.') +
        (mayNeedCode.length > 0 ? ` Check that ${mayNeedCode.map((i) => `line ${i.startLine + 1}`).join(', ')} does not need the code, or move it after the COPY.` : ''),
      findings: [],
      layer: layers.length > 0 ? layers[layers.length - 1] : null,
      edits,
    });
  }
  return out;
}

const LOCKS = new Set(['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'go.sum', 'Gemfile.lock', 'composer.lock', 'poetry.lock', 'Pipfile.lock']);

/** A COPY (or ADD) of the whole build context: `.` or `./` among its sources, not from another stage. */
function wholeContext(i: Instruction): boolean {
  if ((i.kind !== 'COPY' && i.kind !== 'ADD') || 'from' in i.flags) return false;
  return copyArguments(i).sources.some((s) => s === '.' || s === './');
}

/** Whether a COPY source and a dependency file name the same file, either side a pattern (`package*.json`). */
function sameFile(a: string, b: string): boolean {
  const glob = (p: string): RegExp => globToRegExp(p, { globstar: false, braces: false, rootless: false, sets: false });
  return a === b || glob(a).test(b) || glob(b).test(a);
}

/** An absolute path from a working directory and a path. */
function resolve(cwd: string, p: string): string {
  const parts: string[] = [];
  for (const seg of `${p.startsWith('/') ? '' : cwd}/${p}`.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return `/${parts.join('/')}`;
}

/** COPY lines for the dependency files, one per directory, to where the whole-context COPY put them. */
function depCopies(files: string[], dest: string, flags: string[]): string[] {
  const byDir = new Map<string, string[]>();
  for (const f of files) byDir.set(dirname(f), [...(byDir.get(dirname(f)) ?? []), f]);
  const base = dest === '.' || dest === './' ? '.' : dest.replace(/\/$/, '');
  return [...byDir].map(([dir, list]) => {
    const to = dir === '' ? `${base}/` : `${base}/${dir}/`;
    // Several sources (or a pattern) need a destination ending in a slash; one file to the working directory reads `.`.
    const one = list.length === 1 && !/[*?[]/.test(list[0]);
    return ['COPY', ...flags, ...list, one && to === './' ? '.' : to].join(' ');
  });
}

function oneLine(i: Instruction): string {
  return `${i.kind} ${i.args}`;
}

/** The dependency files a RUN installs from, or null when it installs nothing from the context. */
function installOf(d: Dockerfile, ins: Instruction): Install | null {
  const text = textOf(d, ins);
  const run = runScript(text);
  if (!run) return null;
  const files: string[] = [];
  const what: string[] = [];
  for (const c of run.script.commands) {
    const m = managerCall(c);
    if (m?.manager === 'pip' && m.subcommand === 'install') {
      const reqs = requirementFiles(c);
      if (reqs.length > 0) {
        files.push(...reqs);
        what.push(`\`pip install -r ${reqs.join(' -r ')}\``);
      }
    } else if (m?.manager === 'npm' && ['ci', 'install', 'i', 'clean-install'].includes(m.subcommand) && m.operands.length === 0) {
      // The pattern takes package-lock.json and npm-shrinkwrap.json when the context has them, and fails on neither.
      files.push('package*.json');
      what.push(`\`npm ${m.subcommand}\``);
    } else if (m?.manager === 'yarn' && m.subcommand === 'install') {
      files.push('package.json', 'yarn.lock');
      what.push('`yarn install`');
    } else if (program(c) === 'pnpm' && ['install', 'i'].includes(c.words[programIndex(c.words) + 1]?.text ?? '')) {
      files.push('package.json', 'pnpm-lock.yaml');
      what.push('`pnpm install`');
    } else if (program(c) === 'go' && isGoDownload(c)) {
      files.push('go.mod', 'go.sum');
      what.push('`go mod download`');
    } else if (program(c) === 'bundle' && ['install', undefined].includes(c.words[programIndex(c.words) + 1]?.text)) {
      files.push('Gemfile', 'Gemfile.lock');
      what.push('`bundle install`');
    } else if (program(c) === 'composer' && c.words[programIndex(c.words) + 1]?.text === 'install') {
      files.push('composer.json', 'composer.lock');
      what.push('`composer install`');
    }
  }
  return files.length === 0 ? null : { ins, files, what: what.join(', ') };
}

function isGoDownload(c: Command): boolean {
  const w = c.words.slice(programIndex(c.words) + 1).map((x) => x.text);
  return w[0] === 'mod' && w[1] === 'download';
}

/** The files of `-r FILE`, `-rFILE`, `--requirement FILE` and `--requirement=FILE`. */
function requirementFiles(c: Command): string[] {
  const out: string[] = [];
  const w = c.words.map((x) => x.text);
  for (let i = 0; i < w.length; i++) {
    if ((w[i] === '-r' || w[i] === '--requirement') && w[i + 1]) out.push(w[++i]);
    else if (w[i].startsWith('--requirement=')) out.push(w[i].slice('--requirement='.length));
    else if (/^-r\S/.test(w[i])) out.push(w[i].slice(2));
  }
  return out.filter((f) => !f.includes('$') && !f.startsWith('http'));
}

/** Whether a RUN only installs system packages or tidies up, so it cannot need the application's code. */
function systemOnly(text: string): boolean {
  const run = runScript(text);
  if (!run) return false;
  return run.script.commands.every((c) => SYSTEM_ONLY.has(program(c)) || (calls(text).length > 0 && managerCall(c)?.manager === 'apt'));
}

/**
 * Files of the context that the requirements files among `needed` (paths relative to `absDest`) name: `-r`/`-c`
 * files, and local archives or paths given as requirements or `--find-links`. Read from the image, where the
 * whole-context COPY put them. Null when one names something that cannot be copied ahead on its own (`.`, a
 * directory, a path outside the context).
 */
function localRequirements(ctx: SuggestContext, absDest: string, needed: string[]): string[] | null {
  const base = absDest.replace(/^\/+|\/+$/g, '');
  const out: string[] = [];
  const queue = needed.filter((f) => /^(requirements|constraints).*\.txt$/.test(basename(f)));
  for (let i = 0; i < queue.length; i++) {
    const found = ctx.filesystem.find(base ? `${base}/${queue[i]}` : queue[i]);
    const data = found === undefined ? undefined : ctx.filesystem.data(found);
    if (!data) continue;
    const dir = dirname(queue[i]);
    for (const raw of data.toString('utf8').split('\n')) {
      const line = raw.replace(/(^|\s)#.*$/, '').trim();
      if (!line) continue;
      const m = /^(?:(-r|--requirement|-c|--constraint|-f|--find-links|-e|--editable)(?:\s+|=))?(\S+)/.exec(line);
      if (!m) continue;
      const [, opt, arg] = m;
      const isPath = opt === '-r' || opt === '--requirement' || opt === '-c' || opt === '--constraint' || /^(\.{1,2}\/|\/|file:)/.test(arg) || arg === '.';
      if (!isPath || /^[a-z+]+:\/\//i.test(arg)) continue;
      const rel = normalizeRel(dir, arg.replace(/^file:(\/\/)?/, ''));
      if (rel === null) return null;
      const inImage = base ? `${base}/${rel}` : rel;
      // A directory (or the context itself) cannot be copied ahead alone.
      if (ctx.filesystem.find(inImage) === undefined) return null;
      if (!out.includes(rel) && !needed.includes(rel)) out.push(rel);
      if ((opt === '-r' || opt === '--requirement' || opt === '-c' || opt === '--constraint') && !queue.includes(rel)) queue.push(rel);
    }
  }
  return out;
}

/** `arg` relative to `dir`, within the context; null for an absolute path or one that leaves it. */
function normalizeRel(dir: string, arg: string): string | null {
  if (arg.startsWith('/') || arg === '.' || arg === './') return null;
  const parts: string[] = dir ? dir.split('/') : [];
  for (const p of arg.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(p);
  }
  return parts.length ? parts.join('/') : null;
}
