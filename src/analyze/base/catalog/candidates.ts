import type * as Semver from 'semver';
import type { BaseInfo, Package, RuntimeInfo } from '../../../model';
import { CATALOG, CatalogEntry, Variant } from './data';
import { namesNoImage, parseImageName, ShortName, shortName } from '../../../util/image-name';

/** Loaded on first use: most images have no runtime line to compare, and semver takes a while to load. */
const semver = (): typeof Semver => require('semver') as typeof Semver;

/** An image reference split the way FROM lines are rewritten: the prefix is kept as the user wrote it. */
export interface ImageRef extends ShortName {
  tag: string;
  digest: string | null;
}

/** Null for what is not an image reference: a build argument, `scratch`, an empty name. */
export function parseImageRef(name: string): ImageRef | null {
  const trimmed = name.trim();
  if (namesNoImage(trimmed)) return null;
  const parsed = parseImageName(trimmed);
  return { ...shortName(parsed), tag: parsed.tag ?? 'latest', digest: parsed.digest };
}

/** What the base is, as far as choosing a smaller variant of it goes. */
export interface BaseIdentity {
  ref: ImageRef;
  /** Which official image it is, or stands in for (`python` for `python` and for `mirror.example/team/python`). */
  kind: string;
  /** The official image itself: only then do the catalog's figures apply. */
  official: boolean;
  /** The version the tag pins (`3.13`, `3`, `22`), or null for `latest`, a codename, a bare variant. */
  version: string | null;
  /** The catalog line the base is on (`3.13`, `22`, `1.26`, `21`, `bookworm`). */
  line: string;
  variant: Variant;
  /** Distribution release (`bookworm`, `trixie`, `noble`, `alpine3.24`), from the tag or the image's os-release. */
  distro: string | null;
  /** Whether the tag names the distribution (then the candidate names it too). */
  distroInTag: boolean;
  runtime: RuntimeInfo | null;
  /** True when no name was known and it was inferred from the runtime's ENV and the base's packages. */
  inferred: boolean;
}

/** Repositories imgdiet proposes variants of, with the runtime each carries and how much of its version is a line. */
const REPOS: Record<string, { runtime: RuntimeInfo['name'] | null; lineParts: 1 | 2 }> = {
  python: { runtime: 'python', lineParts: 2 },
  node: { runtime: 'node', lineParts: 1 },
  golang: { runtime: 'go', lineParts: 2 },
  ruby: { runtime: 'ruby', lineParts: 2 },
  'eclipse-temurin': { runtime: 'java', lineParts: 1 },
  debian: { runtime: null, lineParts: 1 },
  ubuntu: { runtime: null, lineParts: 2 },
};

const CODENAMES: Record<string, string> = { '11': 'bullseye', '12': 'bookworm', '13': 'trixie', '22.04': 'jammy', '24.04': 'noble' };
const DISTRO_WORD = /^(bullseye|bookworm|trixie|forky|jammy|noble|alpine(\d+\.\d+)?)$/;

/** The distribution release of an image from its os-release: `bookworm`, `noble`, `alpine3.24`. */
export function distroRelease(distro: BaseInfo['distro']): string | null {
  if (!distro?.versionId) return null;
  if (distro.id === 'alpine') return `alpine${distro.versionId.split('.').slice(0, 2).join('.')}`;
  if (distro.id === 'debian') return CODENAMES[distro.versionId.split('.')[0]] ?? null;
  if (distro.id === 'ubuntu') return CODENAMES[distro.versionId] ?? null;
  return null;
}

/** `3.13.1` → `3.13` (two parts) or `3` (one part), through semver's coercion; null when it is no version. */
export function lineOf(version: string, parts: 1 | 2): string | null {
  const v = semver().coerce(version);
  if (!v) return null;
  return parts === 1 ? `${v.major}` : `${v.major}.${v.minor}`;
}

/** True when the runtime's version lies on the line a tag pins (`3.13.1` on `3.13`, on `3`; not on `3.12`). */
export function onLine(runtimeVersion: string, tagVersion: string): boolean {
  const v = semver().coerce(runtimeVersion);
  const parts = tagVersion.split('.').length;
  if (!v || !/^\d+(\.\d+){0,2}$/.test(tagVersion)) return false;
  const range = parts === 1 ? `${tagVersion}.x` : parts === 2 ? `~${tagVersion}` : tagVersion;
  return semver().satisfies(v, range);
}

/**
 * The base's repository, line, variant and distribution. Its name when one is known (`python:3.13-slim` is slim,
 * `python:3.13` full); else, for a base whose runtime the official images' ENV names and whose own packages hold a
 * compiler (the full variants are built on buildpack-deps), an inferred `<repo>:<line>` full. Null for bases
 * imgdiet has no variants of.
 */
export function identifyBase(base: BaseInfo, packages: readonly Package[]): BaseIdentity | null {
  const named = base.name ? parseImageRef(base.name) : null;
  if (named) return identifyNamed(named, base);
  return inferIdentity(base, packages);
}

function identifyNamed(ref: ImageRef, base: BaseInfo): BaseIdentity | null {
  // A mirror or stand-in (`registry.example/team/python`) is read as the image it mirrors, but only the official
  // image takes the catalog's figures.
  const kind = ref.repo.slice(ref.repo.lastIndexOf('/') + 1);
  const repo = Object.prototype.hasOwnProperty.call(REPOS, kind) ? REPOS[kind] : undefined;
  if (!repo) return null;
  const words = ref.tag.split('-');
  const version = /^\d/.test(words[0]) ? words[0] : null;
  const rest = version === null ? words : words.slice(1);
  const tagDistro = rest.find((w) => DISTRO_WORD.test(w)) ?? null;
  const variant: Variant =
    rest.includes('slim') || (kind === 'eclipse-temurin' && rest.includes('jre'))
      ? 'slim'
      : rest.some((w) => w.startsWith('alpine'))
        ? 'alpine'
        : 'full';
  const runtime = repo.runtime ? (base.runtimes.find((r) => r.name === repo.runtime) ?? null) : null;
  let line: string | null;
  if (kind === 'debian') line = tagDistro ?? (version ? (CODENAMES[version.split('.')[0]] ?? null) : distroRelease(base.distro));
  else if (kind === 'ubuntu') line = version ?? null;
  else if (runtime && (version === null || onLine(runtime.version, version))) line = lineOf(runtime.version, repo.lineParts);
  else line = version ? lineOf(version, repo.lineParts) : null;
  if (line === null) return null;
  const distro = tagDistro ?? (variant === 'alpine' ? null : distroRelease(base.distro));
  return { ref, kind, official: ref.repo === kind, version, line, variant, distro, distroInTag: tagDistro !== null, runtime, inferred: false };
}

function inferIdentity(base: BaseInfo, packages: readonly Package[]): BaseIdentity | null {
  if (base.lastLayer === null) return null;
  const official = base.runtimes.find((r) => r.evidence.startsWith('ENV '));
  if (!official) return null;
  const repoName = Object.keys(REPOS).find((k) => REPOS[k].runtime === official.name);
  if (!repoName) return null;
  const compiler = packages.some((p) => p.manager === 'dpkg' && p.buildOnly && p.layer !== null && p.layer <= base.lastLayer! && /^gcc(-\d+)?$/.test(p.name));
  if (!compiler) return null;
  const line = lineOf(official.version, REPOS[repoName].lineParts);
  if (line === null) return null;
  const ref: ImageRef = { prefix: '', repo: repoName, tag: line, digest: null };
  return { ref, kind: repoName, official: true, version: line, line, variant: 'full', distro: distroRelease(base.distro), distroInTag: false, runtime: official, inferred: true };
}

/** A smaller variant of the base on the same line. */
export interface Candidate {
  variant: Variant;
  /** The reference to write in FROM, in the user's style (`python:3.13-slim`, `docker.io/library/node:22-bookworm-slim`). */
  reference: string;
  /** The catalog figure for it, when one was sourced. */
  catalog: CatalogEntry | null;
}

/**
 * Candidates for a full base, smallest caveat first: slim (Temurin's JRE; Debian's `-slim`), then Alpine, then
 * distroless static for a Go program built without cgo. Empty for a base that is not full.
 */
export function candidatesFor(id: BaseIdentity, opts: { cgoDisabled?: boolean } = {}): Candidate[] {
  if (id.variant !== 'full') return [];
  const out: Candidate[] = [];
  const v = id.version ?? (id.kind === 'debian' ? id.line : null);
  const d = id.distroInTag && id.distro ? id.distro : null;
  const make = (tag: string): string => `${id.ref.prefix}${id.ref.repo}:${tag}`;
  const add = (variant: Variant, tag: string | null): void => {
    if (tag === null) return;
    out.push({ variant, reference: make(tag), catalog: id.official ? findEntry(id.kind, id.line, variant, id.distro) : null });
  };
  switch (id.kind) {
    case 'python':
    case 'ruby':
      add('slim', v ? `${v}-slim${d ? `-${d}` : ''}` : `slim${d ? `-${d}` : ''}`);
      add('alpine', v ? `${v}-alpine` : 'alpine');
      break;
    case 'node':
      add('slim', v ? `${v}${d ? `-${d}` : ''}-slim` : `${d ? `${d}-` : ''}slim`);
      add('alpine', v ? `${v}-alpine` : 'alpine');
      break;
    case 'golang':
      add('alpine', v ? `${v}-alpine` : 'alpine');
      if (opts.cgoDisabled) {
        const e = CATALOG.find((c) => c.variant === 'distroless') ?? null;
        if (e) out.push({ variant: 'distroless', reference: `${e.repo}`, catalog: e });
      }
      break;
    case 'eclipse-temurin':
      add('slim', v ? `${v}-jre${d ? `-${d}` : ''}` : `jre${d ? `-${d}` : ''}`);
      break;
    case 'debian':
      add('slim', v ? `${v}-slim` : null);
      break;
    default:
      break;
  }
  return out;
}

/** The catalog figure for a variant on a line: same distribution release for Debian-based ones, any Alpine. */
export function findEntry(repo: string, line: string, variant: Variant, distro: string | null): CatalogEntry | null {
  return (
    CATALOG.find(
      (e) => e.repo === repo && e.line === line && e.variant === variant && (variant === 'alpine' || variant === 'distroless' || e.distro === distro),
    ) ?? null
  );
}
