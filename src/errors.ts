/**
 * Known failures. Each carries a one-line message that says what is wrong and what to do;
 * the CLI prints only that line (and the stack with --debug). Anything else is a bug.
 */
export class ImgdietError extends Error {
  /** Process exit code the CLI uses for this error. */
  readonly exitCode: number;
  constructor(message: string, options: { cause?: unknown; exitCode?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = options.exitCode ?? 2;
  }
}

/** The command line or a reference is malformed. */
export class UsageError extends ImgdietError {}

/** The image could not be found, read or parsed. */
export class InputError extends ImgdietError {}

/** Wraps a low-level error with the context of what was being done. Keeps known errors as they are. */
export function withContext(err: unknown, context: string): ImgdietError {
  if (err instanceof ImgdietError) return err;
  let detail = err instanceof Error ? err.message : String(err);
  // tar-stream's word for a stream that stops early.
  if (detail === 'Unexpected end of data') detail = 'the data ends early (truncated?)';
  return new InputError(`${context}: ${detail}`, { cause: err });
}

/** A list for a one-line message: the first few items, then how many more ("… and 99,995 more"). */
export function listSome(items: readonly string[], max = 5): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} … and ${(items.length - max).toLocaleString('en-US')} more` : shown;
}
