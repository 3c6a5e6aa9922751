/**
 * Just enough of a shell reader for the scripts of RUN instructions: words with their offsets in the
 * Dockerfile's text (so an edit can put a flag after one word or take one out), simple commands and the
 * operators between them. Line continuations and comment lines inside a continued RUN are blanks. Scripts this
 * does not follow — heredocs, subshells, `if`/`for` blocks — are marked `simple: false` and left unedited.
 * The same reader and wrapper list name the program of a RUN command and of the image's ENTRYPOINT/CMD.
 */
import type { ImageConfig } from '../model';
import { basename } from '../util/paths';

export interface Word {
  /** The word with quotes removed and escapes applied. */
  text: string;
  /** Offsets of the word as written (quotes included) in the text given to parseScript. */
  start: number;
  end: number;
}

export interface Command {
  words: Word[];
  /** The operator before this command (`&&`, `||`, `;`, `|`, `&`), null for the first. */
  sep: string | null;
}

export interface Script {
  commands: Command[];
  /** False when the script holds constructs these helpers do not rewrite. */
  simple: boolean;
}

const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac', '{', '}', '(', ')', '!']);
const OPERATORS = ['&&', '||', ';;', ';', '|', '&'];

/** Reads a shell script from `text` starting at `from`. */
export function parseScript(text: string, from = 0): Script {
  const commands: Command[] = [];
  let simple = true;
  let words: Word[] = [];
  let sep: string | null = null;
  let i = from;
  const end = (): void => {
    if (words.length > 0) commands.push({ words, sep });
    words = [];
  };
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i += text[i + 1] === '\n' ? 2 : 3;
      i = skipCommentLines(text, i);
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
      continue;
    }
    if (ch === '\n') {
      // An unescaped newline inside a RUN only comes with heredocs.
      simple = false;
      end();
      sep = ';';
      i++;
      continue;
    }
    if (ch === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) {
      end();
      sep = op;
      i += op.length;
      continue;
    }
    if (ch === '(' || ch === ')') {
      // Subshells and groups: not followed, but read past.
      simple = false;
      end();
      sep = ch;
      i++;
      continue;
    }
    if (text.startsWith('<<', i)) simple = false;
    const w = readWord(text, i);
    if (w.complex) simple = false;
    if (words.length === 0 && KEYWORDS.has(w.word.text)) simple = false;
    words.push(w.word);
    // Always move on, whatever the word reader made of this character.
    i = Math.max(w.word.end, i + 1);
  }
  end();
  return { commands, simple };
}

function skipCommentLines(text: string, at: number): number {
  let i = at;
  for (;;) {
    let j = i;
    while (text[j] === ' ' || text[j] === '\t') j++;
    if (text[j] !== '#') return i;
    while (j < text.length && text[j] !== '\n') j++;
    i = j + 1;
  }
}

function readWord(text: string, from: number): { word: Word; complex: boolean } {
  let out = '';
  let i = from;
  let complex = false;
  while (i < text.length) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === ';' || ch === '&' || ch === '|' || ch === '(' || ch === ')') break;
    if (ch === '\\') {
      if (text[i + 1] === '\n') break;
      out += text[i + 1] ?? '';
      i += 2;
    } else if (ch === "'") {
      const close = text.indexOf("'", i + 1);
      const stop = close < 0 ? text.length : close;
      out += text.slice(i + 1, stop);
      i = stop + 1;
    } else if (ch === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length) {
          out += text[i + 1];
          i += 2;
        } else {
          if (text[i] === '`') complex = true;
          out += text[i++];
        }
      }
      i++;
    } else if (ch === '$' && text[i + 1] === '(') {
      // Command substitution: kept whole, as written (it is one word to the commands around it).
      let depth = 0;
      const start = i;
      for (; i < text.length; i++) {
        if (text[i] === '(') depth++;
        else if (text[i] === ')' && --depth === 0) {
          i++;
          break;
        }
      }
      out += text.slice(start, i);
    } else {
      if (ch === '`') complex = true;
      out += ch;
      i++;
    }
  }
  return { word: { text: out, start: from, end: Math.min(i, text.length) }, complex };
}

/**
 * Programs that run the rest of their command line: the words before the program a command (or an image's
 * start) really runs. One list for RUN scripts and for ENTRYPOINT/CMD, so both name the same program.
 */
const WRAPPERS = new Set(['env', 'sudo', 'exec', 'time', 'nice', 'command']);
/** Options of env that take the next word as their value. */
const ENV_VALUE_OPTIONS = new Set(['-u', '--unset', '-C', '--chdir']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** How many words come before the program: `VAR=value` prefixes and wrappers, with env's options and variables. */
export function wrapperCount(words: string[]): number {
  let i = 0;
  while (i < words.length && (ASSIGNMENT.test(words[i]) || WRAPPERS.has(basename(words[i])))) {
    const env = basename(words[i]) === 'env';
    i++;
    while (env && i < words.length && (words[i].startsWith('-') || ASSIGNMENT.test(words[i]))) i += ENV_VALUE_OPTIONS.has(words[i]) ? 2 : 1;
  }
  return i;
}

/** The words from the program on. */
export function skipWrappers(words: string[]): string[] {
  return words.slice(wrapperCount(words));
}

/** Index in `words` of the program the command runs. */
export function programIndex(words: Word[]): number {
  return wrapperCount(words.map((w) => w.text));
}

/** The program a command runs, by basename (`apt-get`, `pip3`), or ''. */
export function program(c: Command): string {
  const w = c.words[programIndex(c.words)];
  return w ? basename(w.text) : '';
}

/** Every word of a script, its commands one after the other: enough to spot the programs it runs. */
export function scriptWords(script: string): string[] {
  return parseScript(script).commands.flatMap((c) => c.words.map((w) => w.text));
}

/** What the container starts by default, as the engine builds it from the config. */
export interface Startup {
  /** ENTRYPOINT followed by CMD (CMD is its arguments), or CMD alone. */
  argv: string[];
  /** The instruction whose first word becomes PID 1. */
  from: 'ENTRYPOINT' | 'CMD';
}

/** The image's start, or null when it sets neither ENTRYPOINT nor CMD. */
export function startup(config: ImageConfig): Startup | null {
  const entrypoint = config.entrypoint ?? [];
  const cmd = config.cmd ?? [];
  if (entrypoint.length > 0) return { argv: [...entrypoint, ...cmd], from: 'ENTRYPOINT' };
  if (cmd.length > 0) return { argv: cmd, from: 'CMD' };
  return null;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'busybox']);

/** The script of a shell form (`/bin/sh -c SCRIPT`, also `-ec`, `-xc`…), or null. */
export function shellScript(argv: string[]): string | null {
  if (argv.length >= 3 && SHELLS.has(basename(argv[0])) && /^-[a-z]*c$/.test(argv[1])) return argv[2];
  return null;
}

/**
 * Every word an argv runs: a shell form's script cut into words, wherever it stands (`tini -- sh -c "…"`), other
 * arguments as they are.
 */
export function startupWords(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const script = shellScript(argv.slice(i, i + 3));
    if (script === null) out.push(argv[i]);
    else {
      out.push(argv[i], ...scriptWords(script));
      i += 2;
    }
  }
  return out;
}

/** Options of package managers that take the next word as their value. */
const VALUE_OPTIONS: Record<string, Set<string>> = {
  apt: new Set(['-o', '-c', '-t', '--option', '--config-file', '--target-release', '--default-release']),
  pip: new Set(['-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '-t', '--target', '--prefix', '--root', '--cache-dir', '--log', '--proxy', '--trusted-host', '--platform', '--python-version', '--only-binary', '--no-binary', '--progress-bar']),
  apk: new Set(['-X', '--repository', '-p', '--root', '-t', '--virtual', '--arch', '--keys-dir', '--repositories-file', '--cache-dir']),
  npm: new Set(['--prefix', '-w', '--workspace', '--omit', '--include', '--registry', '--cache', '--loglevel']),
};

export type Manager = 'apt' | 'pip' | 'apk' | 'npm' | 'yarn';

/** A package-manager call recognised in a command: which manager, the subcommand word, and its operands. */
export interface ManagerCall {
  manager: Manager;
  command: Command;
  /** Index in command.words of the subcommand (`install`, `add`, `ci`); for `yarn` alone, of `yarn`. */
  sub: number;
  subcommand: string;
  /** Words after the subcommand that are not options or option values (package names, paths). */
  operands: Word[];
  /** Options after the program, by text (`-y`, `--no-install-recommends`, `--omit=dev`). */
  options: string[];
}

/** Recognises apt-get/apt, pip/pip3/python -m pip, apk, npm and yarn calls. */
export function managerCall(c: Command): ManagerCall | null {
  const p = programIndex(c.words);
  const name = c.words[p] ? basename(c.words[p].text) : '';
  let manager: Manager;
  let at = p + 1;
  if (name === 'apt-get' || name === 'apt') manager = 'apt';
  else if (/^pip(\d+(\.\d+)*)?$/.test(name)) manager = 'pip';
  else if (/^python(\d+(\.\d+)*)?$/.test(name)) {
    const m = c.words.findIndex((w, i) => i > p && w.text === '-m');
    if (m < 0 || !/^pip(\d+(\.\d+)*)?$/.test(c.words[m + 1]?.text ?? '')) return null;
    manager = 'pip';
    at = m + 2;
  } else if (name === 'apk') manager = 'apk';
  else if (name === 'npm') manager = 'npm';
  else if (name === 'yarn') manager = 'yarn';
  else return null;
  const takesValue = VALUE_OPTIONS[manager === 'yarn' ? 'npm' : manager];
  const options: string[] = [];
  let sub = -1;
  for (let i = at; i < c.words.length; i++) {
    const w = c.words[i].text;
    if (w.startsWith('-')) {
      options.push(w);
      if (takesValue.has(w)) i++;
      continue;
    }
    sub = i;
    break;
  }
  if (sub < 0) {
    // `yarn` alone installs.
    if (manager !== 'yarn') return null;
    return { manager, command: c, sub: p, subcommand: 'install', operands: [], options };
  }
  const operands: Word[] = [];
  for (let i = sub + 1; i < c.words.length; i++) {
    const w = c.words[i].text;
    if (w.startsWith('-') && w !== '-') {
      options.push(w);
      if (takesValue.has(w)) {
        // The values of -r/-c are what pip reads: keep them as operands for the callers that want files.
        if (manager === 'pip' && c.words[i + 1]) operands.push(c.words[i + 1]);
        i++;
      }
      continue;
    }
    operands.push(c.words[i]);
  }
  return { manager, command: c, sub, subcommand: c.words[sub].text, operands, options };
}

/** `rm` operands (the paths), or null when the command is not an rm. */
export function rmOperands(c: Command): Word[] | null {
  if (program(c) !== 'rm') return null;
  const words = c.words.slice(programIndex(c.words) + 1);
  let options = true;
  return words.filter((w) => {
    if (options && w.text === '--') {
      options = false;
      return false;
    }
    return !(options && w.text.startsWith('-'));
  });
}

export interface Patch {
  start: number;
  end: number;
  text: string;
}

/** Applies non-overlapping patches to a text. */
export function applyPatches(text: string, patches: Patch[]): string {
  let out = text;
  for (const p of [...patches].sort((a, b) => b.start - a.start)) out = out.slice(0, p.start) + p.text + out.slice(p.end);
  return out;
}
