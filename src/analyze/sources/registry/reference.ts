import { UsageError } from '../../../errors';
import { isDigest } from '../digest';
import { DOCKER_HUB, DOCKER_HUB_API, isDockerHub, parseImageName } from '../../../util/image-name';

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

const NAME_PART = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;

/** Parses what follows `docker://`, stricter than a FROM: a registry is asked only for names it could hold. */
export function parseRegistryRef(text: string): RegistryRef {
  const bad = (why: string) => new UsageError(`docker://${text}: ${why}; write docker://HOST/NAME:TAG or docker://HOST/NAME@sha256:DIGEST`);
  const name = parseImageName(text);
  if (name.digest !== null && !isDigest(name.digest)) throw bad(`"${name.digest}" is not a sha256 or sha512 digest`);
  if (name.digest === null && name.tag !== null && !TAG.test(name.tag)) throw bad(`"${name.tag}" is not a valid tag`);
  const parts = name.path.split('/');
  // A tag and a digest together are refused: the registry could only be asked for one of them.
  if ((name.digest !== null && name.tag !== null) || parts.some((p) => !NAME_PART.test(p))) throw bad('the image name is not a valid repository path');
  const host = name.host ?? DOCKER_HUB;
  if (isDockerHub(host) && parts.length === 1) parts.unshift('library');
  const repository = parts.join('/');
  const reference = name.digest ?? name.tag ?? 'latest';
  const display = `${host}/${repository}${reference.includes(':') ? '@' : ':'}${reference}`;
  return { host, repository, reference, display };
}

/** Where the Registry API of a host is: Docker Hub's API lives on another name. */
export function apiHost(host: string): string {
  return isDockerHub(host) ? DOCKER_HUB_API : host;
}

/** Loopback hosts may speak plain http without --insecure. */
export function isLoopback(host: string): boolean {
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d+$/, '');
  return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name);
}
