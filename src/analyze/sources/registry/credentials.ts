import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UsageError } from '../../../errors';

/** A user name and secret (password or token). Never printed, logged or put into an error. */
export interface Credentials {
  username: string;
  secret: string;
}

/** The env variable that may carry `USER:PASSWORD` for the registry. */
export const CREDS_ENV = 'IMGDIET_REGISTRY_CREDS';

export function parseCreds(text: string, where: string): Credentials {
  const colon = text.indexOf(':');
  if (colon <= 0) throw new UsageError(`${where} must be USER:PASSWORD`);
  return { username: text.slice(0, colon), secret: text.slice(colon + 1) };
}

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

/**
 * Credentials for a registry host, first found wins: `--creds`, $IMGDIET_REGISTRY_CREDS, then the Docker
 * client's config ($DOCKER_CONFIG/config.json or ~/.docker/config.json): a credential helper for the host,
 * the default store, or `auths`.
 */
export function findCredentials(host: string, flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Credentials | null {
  if (flag !== undefined) return parseCreds(flag, '--creds');
  if (env[CREDS_ENV]) return parseCreds(env[CREDS_ENV] as string, `$${CREDS_ENV}`);
  const config = readDockerConfig(env);
  if (!config) return null;
  const keys = hostKeys(host);
  const helper = keys.map((k) => config.credHelpers?.[k]).find(Boolean) ?? config.credsStore;
  if (helper) {
    const fromHelper = askHelper(helper, keys[0], env);
    if (fromHelper) return fromHelper;
  }
  for (const k of keys) {
    const a = config.auths?.[k];
    if (!a) continue;
    if (a.auth) {
      const decoded = Buffer.from(a.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) return { username: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
    }
    if (a.username && a.password) return { username: a.username, secret: a.password };
    if (a.identitytoken) return { username: '<token>', secret: a.identitytoken };
  }
  return null;
}

function readDockerConfig(env: NodeJS.ProcessEnv): DockerConfig | null {
  const dir = env.DOCKER_CONFIG ?? path.join(env.HOME ?? os.homedir(), '.docker');
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as DockerConfig;
  } catch {
    return null;
  }
}

/** The names the Docker client files a host under. */
function hostKeys(host: string): string[] {
  if (host === 'docker.io' || host === 'index.docker.io') return ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io'];
  return [host, `https://${host}`, `http://${host}`];
}

/** `docker-credential-NAME get` (found on env's PATH), with the server on stdin; its answer is JSON {Username, Secret}. */
function askHelper(name: string, server: string, env: NodeJS.ProcessEnv): Credentials | null {
  const r = spawnSync(`docker-credential-${name}`, ['get'], { input: server, encoding: 'utf8', timeout: 30_000, env });
  if (r.status !== 0 || !r.stdout) return null;
  try {
    const answer = JSON.parse(r.stdout) as { Username?: string; Secret?: string };
    return answer.Secret ? { username: answer.Username ?? '', secret: answer.Secret } : null;
  } catch {
    return null;
  }
}
