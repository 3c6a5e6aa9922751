/**
 * The arguments of instructions, read the way the builder reads them: exec-form arrays, COPY/ADD sources and
 * destination, FROM's image and stage name, WORKDIR's path. Flags are parsed already (Instruction.flags).
 */
/** What these read of a parsed instruction (parse.ts's Instruction): its arguments, and its flags parsed. */
type Written = { args: string; flags: Record<string, string | null> };

/**
 * The strings of an exec-form array (`["a", "b"]`), or null for the shell form: the builder reads anything that
 * is not a JSON array of strings (malformed JSON, `[ -f x ]`, numbers) as shell form.
 */
export function execForm(text: string): string[] | null {
  const t = text.trim();
  if (!t.startsWith('[')) return null;
  let value: unknown;
  try {
    value = JSON.parse(t);
  } catch {
    return null;
  }
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : null;
}

/** An argv written as an exec-form array, the way Dockerfiles usually space it: `["a", "b"]`. */
export function execFormText(argv: string[]): string {
  return `[${argv.map((a) => JSON.stringify(a)).join(', ')}]`;
}

/** The argv an ENTRYPOINT, CMD or RUN runs: its exec form, or the shell form run by /bin/sh -c. */
export function instructionArgv(ins: Written): string[] {
  return execForm(ins.args) ?? ['/bin/sh', '-c', ins.args.trim()];
}

export interface CopyArguments {
  /** `--from`, `--chown`, `--chmod`, `--link`…, by name; null for a flag without a value. */
  flags: Record<string, string | null>;
  sources: string[];
  /** The last argument; null when there are none. */
  dest: string | null;
}

/** Sources and destination of a COPY or ADD, in exec form or split at blanks (the builder applies no quotes there). */
export function copyArguments(ins: Written): CopyArguments {
  const words = execForm(ins.args) ?? ins.args.split(/\s+/).filter((w) => w !== '');
  return { flags: ins.flags, sources: words.slice(0, -1), dest: words.length > 0 ? words[words.length - 1] : null };
}

/** The flags as written: `--from=build`, `--link`. */
export function flagWords(flags: Record<string, string | null>): string[] {
  return Object.entries(flags).map(([k, v]) => (v === null ? `--${k}` : `--${k}=${v}`));
}

/** FROM's image and `AS name`. */
export function fromArguments(args: string): { image: string; name: string | null } {
  const m = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(args);
  return { image: m?.[1] ?? args, name: m?.[2] ?? null };
}

/** WORKDIR's path, one pair of surrounding quotes dropped. */
export function workdirPath(ins: Written): string {
  return ins.args.replace(/^["']|["']$/g, '');
}
