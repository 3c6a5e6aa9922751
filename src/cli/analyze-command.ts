import { analyzeImage } from '../analyze/analyze';
import { parsePlatform } from '../analyze/reference';
import { UsageError } from '../errors';
import { renderJson } from '../report/json';
import { renderTerminal } from '../report/terminal';
import type { Io } from './main';
import { startProgress } from './progress';

export interface AnalyzeFlags {
  json?: boolean;
  platform?: string;
  top: string;
  creds?: string;
  insecure?: boolean;
}

export async function analyzeCommand(ref: string, flags: AnalyzeFlags, io: Io): Promise<number> {
  const top = Number(flags.top);
  if (!Number.isInteger(top) || top < 0) throw new UsageError(`--top "${flags.top}" is not a whole number`);
  const platform = flags.platform === undefined ? undefined : parsePlatform(flags.platform);
  const progress = startProgress(Boolean(io.stderr.isTTY) && !io.env.CI);
  let result;
  try {
    result = await analyzeImage(ref, { platform, creds: flags.creds, insecure: flags.insecure, onProgress: progress.update });
  } finally {
    progress.stop();
  }
  if (flags.json) io.stdout.write(renderJson(result.analysis));
  else io.stdout.write(renderTerminal(result.analysis, { color: useColor(io), top }));
  return 0;
}

function useColor(io: Io): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return Boolean(io.stdout.isTTY);
}
