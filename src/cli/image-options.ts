/** The options every command that reads an image takes, and reading one with a progress line. */
import type { Command } from 'commander';
import { analyzeImage, AnalysisResult, AnalyzeOptions } from '../pipeline';
import { baseRegistrySetting } from '../analyze/base/registry-sizes';
import { parsePlatform } from '../analyze/reference';
import { parseSeconds } from '../analyze/sources/registry/net';
import type { Io } from './io';
import { startProgress } from './progress';

export interface ImageFlags {
  platform?: string;
  creds?: string;
  insecure?: boolean;
  baseRegistry?: string;
  timeout?: string;
  verify?: boolean;
}

/** Every form of image reference, for the help of each command that reads images. */
export const REFERENCE_HELP = `
Image references (skopeo's forms):
  NAME:TAG, docker-daemon:NAME:TAG         the Docker engine ($DOCKER_HOST)
  PATH.tar, docker-archive:PATH            a \`docker save\` archive
  docker-archive:PATH:NAME:TAG, PATH:@N    one image of several (by tag, Nth)
  oci:DIR[:TAG], DIR                       an OCI image layout directory
  oci-archive:PATH[:TAG]                   an OCI layout in a tar file
  docker://HOST/NAME:TAG                   a registry (docker://docker.io/library/…)
  docker://HOST/NAME@sha256:DIGEST         a registry image by digest
`;

export function addImageOptions(command: Command): Command {
  return command
    .addHelpText('after', REFERENCE_HELP)
    .option('--platform <os/arch[/variant]>', 'platform to pick from a multi-platform image (default linux/amd64)')
    .option('--creds <user:password>', 'registry credentials (else $IMGDIET_REGISTRY_CREDS, then docker login\'s)')
    .option('--insecure', 'allow plain http to a registry that is not on this machine')
    .option('--timeout <seconds>', 'the most time reading an image from a registry may take (default $IMGDIET_TIMEOUT, else 300)')
    .option('--verify', 'hash every layer of an archive or OCI layout against its digest, also those read only in part (one more read of each)')
    .option('--base-registry <host|off>', 'measure base-image candidates in a registry: docker.io, or a mirror serving Docker Hub\'s names (downloads their layers); default $IMGDIET_BASE_REGISTRY, else off');
}

/** The flags as analysis options; a malformed --platform or --base-registry is a usage error here, before anything is read. */
export function imageOptions(flags: ImageFlags): AnalyzeOptions {
  const platform = flags.platform === undefined ? undefined : parsePlatform(flags.platform);
  baseRegistrySetting({ registry: flags.baseRegistry });
  const registry = flags.timeout === undefined ? undefined : { totalMs: parseSeconds(flags.timeout, '--timeout') };
  return { platform, creds: flags.creds, insecure: flags.insecure, baseRegistry: flags.baseRegistry, registry, verify: flags.verify };
}

/** Analyzes an image, with a progress line on a terminal (never in CI). */
export async function readImage(ref: string, options: AnalyzeOptions, io: Io): Promise<AnalysisResult> {
  const enabled = Boolean(io.stderr.isTTY) && !io.env.CI;
  const progress = startProgress(io.stderr, { enabled });
  try {
    return await analyzeImage(ref, { ...options, onProgress: enabled ? progress.update : undefined });
  } finally {
    progress.stop();
  }
}
