/** What the commands share about where they write: the streams, colour, width, and files named on the command line. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../errors';

export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

export function useColor(io: Io): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return Boolean(io.stdout.isTTY);
}

/** The terminal's width on a TTY; 100 columns into a pipe or file. */
export function terminalWidth(io: Io): number {
  const columns = (io.stdout as { columns?: number }).columns;
  return io.stdout.isTTY && typeof columns === 'number' && columns > 0 ? columns : 100;
}

/** Fails before the image is read when a report could not be written where the user asked. */
export function checkWritable(file: string, option: string): void {
  if (file.trim() === '') throw new UsageError(`${option}: the file name is empty`);
  const dir = path.dirname(path.resolve(file));
  let isDir = false;
  try {
    isDir = fs.statSync(dir).isDirectory();
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new UsageError(`${option} ${file}: ${isDir ? 'the directory is not writable' : `no such directory: ${path.dirname(file)}`}; name a file in a directory that exists`);
  }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new UsageError(`${option} ${file}: is a directory; name a file`);
}
