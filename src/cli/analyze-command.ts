import { UsageError } from '../errors';
import { renderJson } from '../report/json';
import { renderTerminal } from '../report/terminal';
import { ImageFlags, imageOptions, readImage } from './image-options';
import type { Io } from './main';

export interface AnalyzeFlags extends ImageFlags {
  json?: boolean;
  top: string;
}

export async function analyzeCommand(ref: string, flags: AnalyzeFlags, io: Io): Promise<number> {
  const top = Number(flags.top);
  if (!Number.isInteger(top) || top < 0) throw new UsageError(`--top "${flags.top}" is not a whole number`);
  const result = await readImage(ref, imageOptions(flags), io);
  if (flags.json) io.stdout.write(renderJson(result.analysis));
  else io.stdout.write(renderTerminal(result.analysis, { color: useColor(io), top }));
  return 0;
}

export function useColor(io: Io): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return Boolean(io.stdout.isTTY);
}
