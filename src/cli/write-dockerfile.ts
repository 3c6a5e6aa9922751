import { printable } from '../util/text';
/**
 * `analyze --write-dockerfile PATH`: the proposed Dockerfile (every suggestion's edits applied) and, when the
 * suggestions name entries, `PATH.dockerignore` beside it — BuildKit reads `<Dockerfile>.dockerignore` for that
 * Dockerfile instead of the context's .dockerignore, so the context's own entries are carried into it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AnalysisResult } from '../pipeline';
import { readUserFile, writeFileAtomic } from '../util/files';
import { UsageError } from '../errors';
import type { Io } from './io';

/** Before anything is read: --write-dockerfile needs --dockerfile. */
export function checkWriteDockerfile(flags: { dockerfile?: string; writeDockerfile?: string }): void {
  if (flags.writeDockerfile !== undefined && flags.dockerfile === undefined) {
    throw new UsageError('--write-dockerfile needs --dockerfile FILE: give the Dockerfile the image was built from');
  }
}

/** Writes the proposed files atomically and says on stderr what was written. */
export function writeProposedDockerfile(result: AnalysisResult, dockerfile: string, target: string, io: Io): void {
  const proposed = result.proposedDockerfile ?? readUserFile(dockerfile, `--dockerfile ${dockerfile}`, 'give the Dockerfile the image was built from');
  const entries = result.proposedDockerignore ?? [];
  const editing = result.analysis.suggestions.filter((s) => s.dockerfile !== null).length;
  // Render both first, then write: a failure leaves neither half-written.
  const ignore = entries.length > 0 ? dockerignoreText(dockerfile, entries) : null;
  writeFileAtomic(target, proposed);
  io.stderr.write(
    printable(
      result.proposedDockerfile === null || result.proposedDockerfile === undefined
        ? `imgdiet: wrote ${target}: no suggestion changes ${dockerfile}`
        : `imgdiet: wrote ${target}: ${dockerfile} with the edits of ${editing} suggestion${editing === 1 ? '' : 's'}`,
    ) + '\n',
  );
  if (ignore !== null) {
    const file = `${target}.dockerignore`;
    writeFileAtomic(file, ignore.text);
    io.stderr.write(`${printable(`imgdiet: wrote ${file}: ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} for the junk found${ignore.from ? `, after those of ${ignore.from}` : ''}`)}\n`);
  }
}

/**
 * The .dockerignore for the proposed Dockerfile: the entries the build used so far — `<Dockerfile>.dockerignore`,
 * else the .dockerignore beside the Dockerfile (its usual context) — then the new ones it lacks.
 */
function dockerignoreText(dockerfile: string, entries: string[]): { text: string; from: string | null } {
  const candidates = [`${dockerfile}.dockerignore`, path.join(path.dirname(dockerfile), '.dockerignore')];
  const from = candidates.find((f) => fs.existsSync(f) && fs.statSync(f).isFile()) ?? null;
  const old = from === null ? '' : fs.readFileSync(from, 'utf8');
  const have = new Set(old.split('\n').map((l) => l.trim()));
  const added = entries.filter((e) => !have.has(e));
  const head = old === '' ? '' : old.endsWith('\n') ? old : `${old}\n`;
  const text = `${head}# Build-context junk found in the image by imgdiet (dockerignore suggestion)\n${added.map((e) => `${e}\n`).join('')}`;
  return { text, from };
}
