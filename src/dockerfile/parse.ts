import * as fs from 'node:fs';
import type * as DockerfileAst from 'dockerfile-ast';
import { InputError } from '../errors';
import { fromArguments } from './arguments';

/** One instruction of a Dockerfile, with where it stands (0-based lines, end inclusive). */
export interface Instruction {
  /** Upper-case keyword: RUN, COPY, FROM… */
  kind: string;
  /** Arguments as written, continuation lines joined, flags (`--from=…`) left out. */
  args: string;
  /** Flags such as `--from`, `--chown`, by name. */
  flags: Record<string, string | null>;
  startLine: number;
  endLine: number;
  /** Index among all instructions of the file. */
  index: number;
}

export interface Stage {
  /** The FROM line's image (`python:3.12`, or an earlier stage's name). */
  image: string;
  /** `AS name`, when given. */
  name: string | null;
  from: Instruction;
  /** The stage's instructions after FROM. */
  body: Instruction[];
}

export interface Dockerfile {
  path: string;
  text: string;
  lines: string[];
  instructions: Instruction[];
  stages: Stage[];
  /** ARGs before the first FROM (global build args). */
  globalArgs: Instruction[];
}

/** Reads and parses a Dockerfile with dockerfile-ast: instructions, stages, line ranges and flags. */
export function readDockerfile(path: string): Dockerfile {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch {
    throw new InputError(`--dockerfile ${path}: cannot read the file; give the Dockerfile the image was built from`);
  }
  return parseDockerfile(text, path);
}

export function parseDockerfile(text: string, path = 'Dockerfile'): Dockerfile {
  // Loaded here: only --dockerfile needs the parser, which takes a while to load.
  const parsed = (require('dockerfile-ast') as typeof DockerfileAst).DockerfileParser.parse(text);
  const instructions: Instruction[] = parsed.getInstructions().map((ins, index) => {
    const flags: Record<string, string | null> = {};
    const withFlags = ins as unknown as { getFlags?: () => Array<{ getName(): string; getValue(): string | null }> };
    for (const f of withFlags.getFlags?.() ?? []) flags[f.getName()] = f.getValue();
    const range = ins.getRange();
    return {
      kind: ins.getKeyword().toUpperCase(),
      args: (ins.getArgumentsContent() ?? '').replace(/\s+/g, ' ').trim(),
      flags,
      startLine: range.start.line,
      endLine: range.end.line,
      index,
    };
  });
  const stages: Stage[] = [];
  const globalArgs: Instruction[] = [];
  for (const ins of instructions) {
    if (ins.kind === 'FROM') {
      stages.push({ ...fromArguments(ins.args), from: ins, body: [] });
    } else if (stages.length === 0) {
      if (ins.kind === 'ARG') globalArgs.push(ins);
    } else stages[stages.length - 1].body.push(ins);
  }
  if (stages.length === 0) throw new InputError(`--dockerfile ${path}: no FROM instruction; is this a Dockerfile?`);
  return { path, text, lines: text.split('\n'), instructions, stages, globalArgs };
}

export function finalStage(d: Dockerfile): Stage {
  return d.stages[d.stages.length - 1];
}
