/**
 * A real registry for tests: Debian's `docker-registry` (the CNCF distribution server) on a free loopback port,
 * with its own temp storage and a generated config, optionally behind htpasswd basic auth. Images get in with
 * `docker push` or `skopeo copy`, so what the tests compare against is written by other tools than imgdiet.
 *
 * Without `docker-registry` (or, for auth, `htpasswd`), `describeRegistry` suites are skipped on a developer's
 * machine, but in CI (`CI` set) or with IMGDIET_REQUIRE_REGISTRY=1 they fail: a registry test that does not run
 * proves nothing.
 */
import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

import { describeNeeding, required } from './requirement';

/** True when a missing registry (or tool to fill it) must fail the run rather than skip it. */
export const registryRequired = required('IMGDIET_REQUIRE_REGISTRY');

export interface RegistryNeeds {
  /** htpasswd (apache2-utils), for a registry behind basic auth. */
  htpasswd?: boolean;
  /** skopeo, to copy images into the registry. */
  skopeo?: boolean;
}

/** Why the tools a suite needs cannot run; empty when they can. */
function missing(needs: RegistryNeeds): string {
  const tools: Array<[string, string[], string]> = [['docker-registry', ['--version'], 'docker-registry']];
  if (needs.skopeo) tools.push(['skopeo', ['--version'], 'skopeo']);
  // htpasswd has no --version; -nbB with a throwaway password exits 0 when it works.
  if (needs.htpasswd) tools.push(['htpasswd', ['-nbB', 'probe', 'probe'], 'apache2-utils']);
  const absent: string[] = [];
  for (const [cmd, args, pkg] of tools) {
    const r = spawnSync(cmd, args, { stdio: 'ignore', timeout: 20_000 });
    if (r.error || r.status !== 0) absent.push(`${cmd} (Debian package ${pkg})`);
  }
  return absent.length ? `${absent.join(', ')} cannot run; install ${absent.length > 1 ? 'them' : 'it'} (.ci/run does)` : '';
}

/**
 * `describe` for suites that need a registry. Present: runs them. Absent: fails in CI (one test that says why),
 * skips elsewhere with a note on stderr.
 */
export function describeRegistry(name: string, needs: RegistryNeeds, body: () => void): void {
  describeNeeding(name, 'a registry', () => missing(needs), 'IMGDIET_REQUIRE_REGISTRY', body);
}

export interface RegistryAuth {
  username: string;
  password: string;
}

export interface RegistryOptions {
  /** Puts the registry behind htpasswd basic auth with this one user. */
  auth?: RegistryAuth;
}

/** A running registry. */
export interface Registry {
  /** `127.0.0.1:PORT`: the host part of a `docker://` reference. */
  host: string;
  port: number;
  /** The registry's storage root (its `rootdirectory`). */
  storage: string;
  /** The registry process; null between stop() or kill() and start(). */
  process: ChildProcess | null;
  /** `docker://HOST/REPO:TAG`. */
  ref(repoAndTag: string): string;
  /** Where the registry keeps a blob's bytes: `…/docker/registry/v2/blobs/sha256/XX/HEX/data`. */
  blobPath(digest: string): string;
  /** Starts it again on the same port and storage, after stop() or kill(). */
  start(): Promise<void>;
  /** SIGKILL, at once (no wait): the registry dies mid-answer. */
  kill(): void;
  /** Stops the process (SIGTERM, then SIGKILL) and waits until it is gone; storage is kept. */
  stop(): Promise<void>;
  /** Stops it and deletes its storage and config. */
  dispose(): Promise<void>;
  /** What the registry wrote on stdout and stderr (the end of it), for failure messages. */
  log(): string;
}

/** A loopback port nothing listens on right now. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function configYaml(port: number, storage: string, htpasswdFile: string | null): string {
  const lines = [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${JSON.stringify(storage)}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: 127.0.0.1:${port}`,
  ];
  if (htpasswdFile) lines.push('auth:', '  htpasswd:', '    realm: imgdiet-tests', `    path: ${JSON.stringify(htpasswdFile)}`);
  return `${lines.join('\n')}\n`;
}

const START_TIMEOUT_MS = 15_000;

/** Starts a registry on a free loopback port and waits until its /v2/ answers (200, or 401 behind auth). */
export async function startRegistry(options: RegistryOptions = {}): Promise<Registry> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imgdiet-registry-'));
  const storage = path.join(dir, 'storage');
  fs.mkdirSync(storage);
  let htpasswdFile: string | null = null;
  if (options.auth) {
    htpasswdFile = path.join(dir, 'htpasswd');
    // The distribution server reads bcrypt entries only (-B). The password goes in argv: a test secret.
    const line = execFileSync('htpasswd', ['-nbB', options.auth.username, options.auth.password], { encoding: 'utf8' });
    fs.writeFileSync(htpasswdFile, line.trim() + '\n');
  }
  const configFile = path.join(dir, 'config.yml');
  let port = 0;
  let child: ChildProcess | null = null;
  let output = '';

  const launch = async (): Promise<void> => {
    fs.writeFileSync(configFile, configYaml(port, storage, htpasswdFile));
    const proc = spawn('docker-registry', ['serve', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-8192);
    };
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    let exited: string | null = null;
    proc.on('exit', (code, signal) => {
      exited = `exited ${signal ?? code}`;
    });
    proc.on('error', (err) => {
      exited = `did not run: ${err.message}`;
    });
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (exited) throw new Error(`docker-registry on 127.0.0.1:${port} ${exited}: ${output.trim().split('\n').slice(-3).join(' | ')}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/v2/`, { signal: AbortSignal.timeout(2000) });
        await res.body?.cancel();
        if (res.status === 200 || res.status === 401) return;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) {
        proc.kill('SIGKILL');
        throw new Error(`docker-registry on 127.0.0.1:${port} did not answer /v2/ within ${START_TIMEOUT_MS / 1000} s: ${output.trim()}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  // Another process may take the free port between the probe and the start: try a few.
  for (let tries = 1; ; tries++) {
    port = await freePort();
    try {
      await launch();
      break;
    } catch (err) {
      if (tries >= 3) {
        fs.rmSync(dir, { recursive: true, force: true });
        throw err;
      }
    }
  }

  const stop = async (): Promise<void> => {
    const proc = child as ChildProcess | null;
    child = null;
    registry.process = null;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(timer);
  };

  const registry: Registry = {
    host: `127.0.0.1:${port}`,
    port,
    storage,
    process: child,
    ref: (repoAndTag) => `docker://127.0.0.1:${port}/${repoAndTag}`,
    blobPath: (digest) => {
      const hex = digest.replace(/^sha256:/, '');
      return path.join(storage, 'docker', 'registry', 'v2', 'blobs', 'sha256', hex.slice(0, 2), hex, 'data');
    },
    start: async () => {
      if (child) throw new Error('the registry is running');
      await launch();
      registry.process = child;
    },
    kill: () => {
      const proc = child as ChildProcess | null;
      if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      child = null;
      registry.process = null;
    },
    stop,
    dispose: async () => {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
    log: () => output,
  };
  return registry;
}

/** `skopeo copy` into (or out of) a loopback registry over plain http. */
export function skopeoCopy(from: string, to: string, args: string[] = []): void {
  const daemon = from.startsWith('docker-daemon:') && process.env.DOCKER_HOST ? ['--src-daemon-host', process.env.DOCKER_HOST] : [];
  const r = spawnSync('skopeo', ['copy', '--quiet', '--src-tls-verify=false', '--dest-tls-verify=false', ...daemon, ...args, from, to], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (r.error || r.status !== 0) {
    throw new Error(`skopeo copy ${from} ${to} failed: ${(r.stderr || r.error?.message || '').trim()}`);
  }
}

export interface ManifestAnswer {
  digest: string;
  mediaType: string;
  json: {
    mediaType?: string;
    config?: { digest: string; size: number };
    layers?: Array<{ mediaType: string; digest: string; size: number }>;
    manifests?: Array<{ digest: string; platform?: { os: string; architecture: string; variant?: string } }>;
  };
}

const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** The manifest a registry holds for REPO:REF, read over the API without imgdiet. */
export async function readManifest(registry: Registry, repository: string, reference: string, auth?: RegistryAuth): Promise<ManifestAnswer> {
  const headers: Record<string, string> = { accept: ACCEPT };
  if (auth) headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  const res = await fetch(`http://${registry.host}/v2/${repository}/manifests/${reference}`, { headers });
  if (!res.ok) throw new Error(`GET manifest ${repository}:${reference} from ${registry.host}: ${res.status}`);
  return {
    digest: res.headers.get('docker-content-digest') ?? '',
    mediaType: res.headers.get('content-type') ?? '',
    json: (await res.json()) as ManifestAnswer['json'],
  };
}
