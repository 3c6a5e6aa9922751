/** The options every command that reads an image takes, and reading one with a progress line. */
import type { Command } from 'commander';
import { analyzeImage, AnalysisResult, AnalyzeOptions } from '../analyze/analyze';
import { baseRegistrySetting } from '../analyze/base/registry-sizes';
import { parsePlatform } from '../analyze/reference';
import type { Io } from './main';
import { startProgress } from './progress';

export interface ImageFlags {
  platform?: string;
  creds?: string;
  insecure?: boolean;
  baseRegistry?: string;
  verify?: boolean;
}

export function addImageOptions(command: Command): Command {
  return command
    .option('--platform <os/arch[/variant]>', 'platform to pick from a multi-platform image (default linux/amd64)')
    .option('--creds <user:password>', 'registry credentials (else $IMGDIET_REGISTRY_CREDS, then docker login\'s)')
    .option('--insecure', 'allow plain http to a registry that is not on this machine')
    .option('--verify', 'hash every layer of an archive or OCI layout against its digest, also those read only in part (one more read of each)')
    .option('--base-registry <host|off>', 'measure base-image candidates in a registry: docker.io, or a mirror serving Docker Hub\'s names (downloads their layers); default $IMGDIET_BASE_REGISTRY, else off');
}

/** The flags as analysis options; a malformed --platform or --base-registry is a usage error here, before anything is read. */
export function imageOptions(flags: ImageFlags): AnalyzeOptions {
  const platform = flags.platform === undefined ? undefined : parsePlatform(flags.platform);
  baseRegistrySetting({ registry: flags.baseRegistry });
  return { platform, creds: flags.creds, insecure: flags.insecure, baseRegistry: flags.baseRegistry, verify: flags.verify };
}

/** Analyzes an image, with a progress line on a terminal (never in CI). */
export async function readImage(ref: string, options: AnalyzeOptions, io: Io): Promise<AnalysisResult> {
  const progress = startProgress(Boolean(io.stderr.isTTY) && !io.env.CI);
  try {
    return await analyzeImage(ref, { ...options, onProgress: progress.update });
  } finally {
    progress.stop();
  }
}
