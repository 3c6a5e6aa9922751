import { UsageError } from '../../../errors';
import { isDigest } from '../digest';

/** A registry image reference: `HOST[:PORT]/NAME[:TAG|@DIGEST]`, with Docker Hub's defaults. */
export interface RegistryRef {
  /** Host (and port) as written, e.g. `localhost:5000`, `docker.io`. */
  host: string;
  /** Repository path, e.g. `library/nginx`, `team/app`. */
  repository: string;
  /** Tag or digest to ask the registry for. */
  reference: string;
  /** How to name it in messages: `host/repository:tag` or `@digest`. */
  display: string;
}

const DOCKER_HUB = 'docker.io';
const NAME_PART = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;

/** Parses what follows `docker://`. The first part is a host when it has a dot or a port, or is localhost. */
export function parseRegistryRef(text: string): RegistryRef {
  const bad = (why: string) => new UsageError(`docker://${text}: ${why}; write docker://HOST/NAME:TAG or docker://HOST/NAME@sha256:DIGEST`);
  let rest = text;
  let reference = 'latest';
  const at = rest.indexOf('@');
  if (at >= 0) {
    reference = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!isDigest(reference)) throw bad(`"${reference}" is not a sha256 or sha512 digest`);
  } else {
    const colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      reference = rest.slice(colon + 1);
      rest = rest.slice(0, colon);
      if (!TAG.test(reference)) throw bad(`"${reference}" is not a valid tag`);
    }
  }
  const parts = rest.split('/');
  let host = DOCKER_HUB;
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) host = parts.shift() as string;
  if (parts.length === 0 || parts.some((p) => !NAME_PART.test(p))) throw bad('the image name is not a valid repository path');
  if ((host === DOCKER_HUB || host === 'index.docker.io') && parts.length === 1) parts.unshift('library');
  const repository = parts.join('/');
  const display = `${host}/${repository}${reference.includes(':') ? '@' : ':'}${reference}`;
  return { host, repository, reference, display };
}

/** Where the Registry API of a host is: Docker Hub's API lives on another name. */
export function apiHost(host: string): string {
  return host === DOCKER_HUB || host === 'index.docker.io' ? 'registry-1.docker.io' : host;
}

/** Loopback hosts may speak plain http without --insecure. */
export function isLoopback(host: string): boolean {
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d+$/, '');
  return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name);
}
