/**
 * The real Docker engine for tests: found through DOCKER_HOST (scripts/start-engine.sh starts one and prints it),
 * driven with the docker CLI so that what the tests compare against is the engine's own word, not imgdiet's.
 *
 * Without an engine, `describeEngine` suites are skipped on a developer's machine, but in CI (`CI` set) or with
 * IMGDIET_REQUIRE_ENGINE=1 they fail: an engine test that does not run proves nothing.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { describeNeeding, fastRun, required } from './requirement';
import * as path from 'node:path';

/** Every image the tests build starts from this: no registry is reachable, so it is imported from mmdebstrap. */
export const BASE_IMAGE = process.env.IMGDIET_BASE_IMAGE ?? 'imgdiet-test/debian:bookworm';

/** Where the docker CLI and dockerode look when DOCKER_HOST is not set. */
const DEFAULT_HOST = 'unix:///var/run/docker.sock';

export interface EngineProbe {
  /** DOCKER_HOST, or the default socket when it is not set: the address imgdiet names in its messages. */
  host: string;
  available: boolean;
  /** Why the engine cannot be used; empty when it can. */
  reason: string;
}

/** True when a missing engine must fail the run rather than skip it. */
export const engineRequired = required('IMGDIET_REQUIRE_ENGINE');

function probe(): EngineProbe {
  const host = process.env.DOCKER_HOST || DEFAULT_HOST;
  // The fast run skips every engine suite: no need to wait up to 40 s on a docker CLI that hangs.
  if (fastRun) return { host, available: false, reason: 'not probed: IMGDIET_FAST is set' };
  const r = spawnSync('docker', ['version', '--format', '{{.Server.Version}}'], { encoding: 'utf8', timeout: 20_000 });
  if (r.error) return { host, available: false, reason: `the docker CLI cannot run (${r.error.message})` };
  if (r.status !== 0) return { host, available: false, reason: (r.stderr || r.stdout).trim().split('\n')[0] || `docker version exited ${r.status}` };
  const base = spawnSync('docker', ['image', 'inspect', '--format', '{{.Id}}', BASE_IMAGE], { encoding: 'utf8', timeout: 20_000 });
  if (base.status !== 0) return { host, available: false, reason: `the engine has no ${BASE_IMAGE} image` };
  return { host, available: true, reason: '' };
}

export const engine: EngineProbe = probe();

const HOW = 'start one with scripts/start-engine.sh and export the DOCKER_HOST it prints';

/**
 * `describe` for suites that need the engine. Present: runs them. Absent: fails in CI (one test that says why),
 * skips elsewhere with a note on stderr.
 */
export function describeEngine(name: string, body: () => void): void {
  const unset = process.env.DOCKER_HOST ? '' : ' (DOCKER_HOST is not set)';
  const why = (): string => (engine.available ? '' : `no usable Docker engine at ${engine.host}${unset}: ${engine.reason}; ${HOW}`);
  describeNeeding(name, 'a Docker engine', why, 'IMGDIET_REQUIRE_ENGINE', body);
}

/** Runs the docker CLI against the engine, legacy builder, and returns stdout. Throws with stderr on failure. */
export function docker(args: string[], options: { input?: string | Buffer; cwd?: string; timeout?: number } = {}): string {
  try {
    return execFileSync('docker', args, {
      encoding: 'utf8',
      input: options.input,
      cwd: options.cwd,
      env: { ...process.env, DOCKER_BUILDKIT: '0' },
      maxBuffer: 64 * 1024 * 1024,
      timeout: options.timeout ?? 300_000,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`docker ${args.join(' ')} failed: ${(e.stderr ?? '').trim() || e.message}`);
  }
}

/** A name no other test run uses, so that runs on one engine do not collide. */
export function uniqueName(what: string): string {
  return `imgdiet-it/${what}:${process.pid}-${Date.now().toString(36)}`;
}

export interface BuildOptions {
  /** Host files or directories copied into the context: context path → host path (symbolic links stay links). */
  copy?: Record<string, string>;
  /** Symbolic links made in the context: context path → link target. */
  symlinks?: Record<string, string>;
  /** Milliseconds the build may take (default 300 s); builds that install packages need more under load. */
  timeout?: number;
}

/**
 * Builds an image from a Dockerfile and context files written to a fresh temp directory (legacy builder,
 * host network so that RUN can reach Debian's mirror when it needs to). Returns the tag.
 */
export function buildImage(name: string, dockerfile: string, context: Record<string, string | Buffer> = {}, options: BuildOptions = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imgdiet-build-'));
  const at = (file: string): string => {
    const full = path.join(dir, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    return full;
  };
  try {
    fs.writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
    for (const [file, data] of Object.entries(context)) fs.writeFileSync(at(file), data);
    for (const [file, from] of Object.entries(options.copy ?? {})) fs.cpSync(from, at(file), { recursive: true, verbatimSymlinks: true });
    for (const [file, target] of Object.entries(options.symlinks ?? {})) fs.symlinkSync(target, at(file));
    docker(['build', '--quiet', '--network', 'host', '--tag', name, dir], { timeout: options.timeout });
    return name;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs a throwaway container of the image, without network, and resolves to its stdout; rejects with stderr when
 * it exits non-zero. With `script` it runs `sh -c SCRIPT` (the entrypoint bypassed), as `user` when given; without,
 * the image's own entrypoint, command and user with `args` — how the engine itself would start it.
 */
export function runContainer(name: string, options: { script?: string; user?: string; args?: string[]; timeout?: number }): Promise<string> {
  const args = ['run', '--rm', '--network', 'none'];
  if (options.user !== undefined) args.push('--user', options.user);
  if (options.script !== undefined) args.push('--entrypoint', 'sh', name, '-c', options.script);
  else args.push(name, ...(options.args ?? []));
  return new Promise((resolve, reject) => {
    execFile('docker', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: options.timeout ?? 300_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`docker run ${name} failed: ${stderr.trim() || err.message}`));
      else resolve(stdout);
    });
  });
}

/** Removes images the tests built; a missing one is not an error. */
export function removeImages(...names: string[]): void {
  if (names.length > 0 && engine.available) spawnSync('docker', ['image', 'rm', '--force', ...names], { stdio: 'ignore' });
}

/** `docker save NAME -o FILE`. */
export function saveImage(name: string, file: string): string {
  docker(['save', '--output', file, name]);
  return file;
}

export interface HistoryRow {
  id: string;
  createdBy: string;
  /** Exact bytes, as the engine reports them. */
  size: number;
}

/** `docker history` with exact sizes, oldest first (the order of an image config's history). */
export function dockerHistory(name: string): HistoryRow[] {
  const out = docker(['history', '--no-trunc', '--human=false', '--format', '{{json .}}', name]);
  return out
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { ID: string; CreatedBy: string; Size: string | number })
    .map((r) => ({ id: r.ID, createdBy: r.CreatedBy, size: Number(r.Size) }))
    .reverse();
}

/** `docker image inspect` of the fields the tests compare with. */
export function inspectImage(name: string): { id: string; diffIds: string[]; repoTags: string[] } {
  const j = JSON.parse(docker(['image', 'inspect', name]))[0] as { Id: string; RootFS: { Layers: string[] }; RepoTags: string[] };
  return { id: j.Id, diffIds: j.RootFS.Layers, repoTags: j.RepoTags };
}

/** The unix socket path DOCKER_HOST names, or null when it names something else (tcp, ssh). */
export function engineSocketPath(): string | null {
  return engine.host.startsWith('unix://') ? engine.host.slice('unix://'.length) : null;
}
