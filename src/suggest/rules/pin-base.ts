import { unpinned } from '../../analyze/findings/rules/untagged-base';
import type { BaseInfo } from '../../model';
import { parseImageName, shortName } from '../../util/image-name';
import type { Edit } from '../../dockerfile/edit';
import type { Dockerfile } from '../../dockerfile/parse';
import type { Proposal, Suggester } from '../types';

/** Official images whose tags are the version of the runtime they carry. */
const RUNTIME_REPOS: Record<string, BaseInfo['runtimes'][number]['name']> = {
  python: 'python',
  node: 'node',
  golang: 'go',
  ruby: 'ruby',
  openjdk: 'java',
  'eclipse-temurin': 'java',
};

/** Distribution images whose tags are the release in /etc/os-release. */
const DISTRO_REPOS = new Set(['debian', 'ubuntu', 'alpine', 'fedora', 'rockylinux', 'almalinux', 'amazonlinux']);

export const pinBase: Suggester = {
  meta: {
    id: 'pin-base',
    title: 'Pin the base image to a version tag and digest',
    description:
      'A FROM without a tag, or with `latest`, builds on whatever the registry serves that day: two builds of one ' +
      'Dockerfile can differ, and a rebuild can move to a new major version unnoticed. Needs --dockerfile (ARG ' +
      'defaults before the first FROM are followed). Nothing shrinks (0 bytes). For the final stage the tag is ' +
      'named from what the image shows: the runtime version its official image records (PYTHON_VERSION, ' +
      'NODE_VERSION…) for python, node, golang, ruby and the Java images, the release in /etc/os-release for ' +
      'debian, ubuntu, alpine and the like; a build stage on the same image gets the same tag. Add the digest ' +
      '(`@sha256:…`, from `docker buildx imagetools inspect`) for builds that must not change; imgdiet cannot ' +
      'know it from the image.',
  },
  suggest(ctx) {
    const d = ctx.dockerfile;
    if (!d) return [];
    const finding = ctx.findings('untagged-base').length > 0 ? ['untagged-base'] : [];
    const names = new Set(d.stages.map((s) => s.name?.toLowerCase()).filter((n): n is string => !!n));
    const out: Proposal[] = [];
    for (const stage of d.stages) {
      const written = stage.image;
      const ref = expandArgs(d, written);
      if (names.has(ref.toLowerCase()) || unpinned(ref) === null) continue;
      const repo = repoOf(ref);
      // The image shows the final stage's runtime and distro; a build stage on the same image gets the same tag.
      const tag = versionTag(ctx.analysis.base, repo);
      const pinned = tag === null ? null : `${ref.replace(/:latest$/, '')}:${tag}`;
      const edits: Edit[] = pinned !== null && written === ref ? [{ op: 'rewrite', at: stage.from, apply: (t) => replaceImage(t, ref, pinned) }] : [];
      out.push({
        bytes: 0,
        confidence: pinned ? 'high' : 'medium',
        rationale:
          `\`FROM ${written}\` (Dockerfile line ${stage.from.startLine + 1}${written === ref ? '' : `, ${ref} from the ARG default`}) is ${unpinned(ref)}: the base can change between builds. ` +
          (pinned
            ? `The image shows ${evidence(ctx.analysis.base, repo)}: use \`${pinned}\`, and add its digest (\`@sha256:…\`) for builds that must not change.`
            : 'Name a version tag, and its digest (`@sha256:…`) for builds that must not change.') +
          (pinned && written !== ref ? ' The FROM names a build argument, so change its default.' : ''),
        findings: finding,
        layer: null,
        edits,
      });
    }
    return out;
  },
};

/** `${NAME}` and `$NAME` from the defaults of the ARGs before the first FROM. */
function expandArgs(d: Dockerfile, ref: string): string {
  const defaults = new Map<string, string>();
  for (const a of d.globalArgs) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(a.args.trim());
    if (m) defaults.set(m[1], m[2].replace(/^["']|["']$/g, ''));
  }
  return ref.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (all, name: string) => defaults.get(name) ?? all);
}

/** `library/python:latest` → `python`; `ghcr.io/org/app` → `ghcr.io/org/app`. */
function repoOf(ref: string): string {
  return shortName(parseImageName(ref)).repo;
}

function versionTag(base: BaseInfo, repo: string): string | null {
  const runtime = RUNTIME_REPOS[repo];
  if (runtime) return base.runtimes.find((r) => r.name === runtime)?.version ?? null;
  if (DISTRO_REPOS.has(repo) && base.distro?.id === repo && base.distro.versionId) {
    // Alpine tags its minor releases (3.19), Debian its major (12), Ubuntu its release (22.04).
    return repo === 'alpine' ? base.distro.versionId.split('.').slice(0, 2).join('.') : base.distro.versionId;
  }
  return null;
}

function evidence(base: BaseInfo, repo: string): string {
  const runtime = RUNTIME_REPOS[repo];
  const r = runtime ? base.runtimes.find((x) => x.name === runtime) : undefined;
  if (r) return `${r.name} ${r.version} (${r.evidence})`;
  return `${base.distro?.prettyName ?? base.distro?.id ?? repo} (/etc/os-release)`;
}

/** The FROM line with its image reference replaced, flags and `AS name` kept. */
function replaceImage(text: string, ref: string, pinned: string): string {
  return text.replace(new RegExp(`(^\\s*FROM\\s+(?:--\\S+\\s+)*)${ref.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=\\s|$)`, 'i'), `$1${pinned}`);
}
