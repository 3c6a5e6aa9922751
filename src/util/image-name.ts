/**
 * The one reader of a docker image reference (`[HOST[:PORT]/]PATH[:TAG][@DIGEST]`), for the registry source, the
 * base catalog, the untagged-base rule and the pin-base suggestion. It splits what is written and checks nothing:
 * callers that must refuse a bad name (the registry source) check the parts themselves.
 */
export interface ImageName {
  /** Registry host (and port) as written, or null when the name starts with none, which means Docker Hub. */
  host: string | null;
  /** Repository path as written: `python`, `library/python`, `team/app`. */
  path: string;
  /** The tag as written (`''` for a trailing `:`), or null when there is none. */
  tag: string | null;
  /** What follows the first `@`, unchecked (`''` for a trailing `@`), or null when there is none. */
  digest: string | null;
}

/** Docker Hub's canonical name; `index.docker.io` is its older alias. */
export const DOCKER_HUB = 'docker.io';
/** Where Docker Hub's Registry API lives; a FROM may name it too. */
export const DOCKER_HUB_API = 'registry-1.docker.io';

/**
 * Splits a reference. The digest goes first, at the first `@`; the tag follows the last `:` after the last `/`
 * (so `localhost:5000/app` has a port, not a tag); the first part is a host only when more follow and it has a
 * dot or a port, or is `localhost`, as Docker reads it.
 */
export function parseImageName(text: string): ImageName {
  const at = text.indexOf('@');
  const digest = at >= 0 ? text.slice(at + 1) : null;
  const name = at >= 0 ? text.slice(0, at) : text;
  const colon = name.lastIndexOf(':');
  const hasTag = colon > name.lastIndexOf('/');
  const tag = hasTag ? name.slice(colon + 1) : null;
  const path = hasTag ? name.slice(0, colon) : name;
  const slash = path.indexOf('/');
  const first = slash >= 0 ? path.slice(0, slash) : '';
  const hasHost = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  return { host: hasHost ? first : null, path: hasHost ? path.slice(slash + 1) : path, tag, digest };
}

/** Docker Hub's own names for itself, as Docker normalises them: `docker.io`, `index.docker.io`. */
export function isDockerHub(host: string): boolean {
  return host === DOCKER_HUB || host === 'index.docker.io';
}

/**
 * A FROM that names no image to look at: nothing, `scratch`, or a build argument (`$VAR`, `${VAR}`) left
 * unexpanded, whose value cannot be known here.
 */
export function namesNoImage(text: string): boolean {
  return text === '' || text === 'scratch' || text.includes('$');
}

/** A repository as a Dockerfile names it: Docker Hub's official images by their short name. */
export interface ShortName {
  /** What was written before `repo` (`docker.io/library/`, `library/`, or nothing), kept to write a name back. */
  prefix: string;
  /** `python` for `python`, `library/python` and `docker.io/library/python`; `team/app`; `ghcr.io/org/app`. */
  repo: string;
}

/** The short name of a repository: Docker Hub names (any of its hosts) without host and `library/`, others whole. */
export function shortName(name: ImageName): ShortName {
  const { host, path } = name;
  if (host !== null && !isDockerHub(host) && host !== DOCKER_HUB_API) return { prefix: '', repo: `${host}/${path}` };
  const parts = path.split('/');
  const official = parts.length === 2 && parts[0] === 'library';
  const repo = official ? parts[1] : path;
  return { prefix: `${host === null ? '' : `${host}/`}${official ? 'library/' : ''}`, repo };
}
