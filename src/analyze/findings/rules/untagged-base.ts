import { namesNoImage, parseImageName } from '../../../util/image-name';
import type { Rule, RuleHit } from '../types';

export const BASE_NAME_LABEL = 'org.opencontainers.image.base.name';

export const untaggedBase: Rule = {
  meta: {
    id: 'untagged-base',
    category: 'practice',
    severity: 'medium',
    title: 'Base image not pinned',
    description:
      'A base image named without a tag, or with `:latest`, and without a digest, is whatever the registry serves ' +
      'on the day of the build: two builds of one Dockerfile can differ, and a rebuild can move to a new major ' +
      'version unnoticed. An image does not record its FROM line. The rule reads the label ' +
      '`org.opencontainers.image.base.name`, which some build tools and Dockerfiles set, and history entries that ' +
      'record a FROM, which few builders write; neither the legacy builder nor BuildKit records the base ' +
      'otherwise, so an image with neither is not reported (a clean result is no proof of a pinned base). A label ' +
      'inherited from the base describes that image\'s own base. `org.opencontainers.image.base.digest` records ' +
      'what the name resolved to at build time, not that FROM was pinned, so it does not silence the rule.',
    fix: 'Name the base with a version tag and its digest: `FROM python:3.12-slim@sha256:…`.',
  },
  check(ctx) {
    const found: { ref: string; where: string }[] = [];
    const label = ctx.config.labels[BASE_NAME_LABEL];
    if (label !== undefined) {
      const set = [...ctx.layers].reverse().find((l) => l.instructionKind === 'LABEL' && l.instruction.includes(BASE_NAME_LABEL));
      found.push({ ref: label.trim(), where: `label ${BASE_NAME_LABEL}${set ? `, set by layer ${set.index}` : ''}` });
    }
    for (const l of ctx.layers) {
      if (l.instructionKind !== 'FROM') continue;
      const ref = fromReference(l.instruction);
      if (ref !== null) found.push({ ref, where: `history entry ${l.index}: FROM` });
    }
    const hits: RuleHit[] = [];
    const seen = new Set<string>();
    for (const { ref, where } of found) {
      const why = unpinned(ref);
      if (why === null || seen.has(ref)) continue;
      seen.add(ref);
      hits.push({ message: `The base image is \`${ref}\` (${where}): ${why}, and no digest`, bytes: 0, paths: [], layer: null, hiddenBy: null });
    }
    return hits;
  },
};

/** The image of `FROM [--platform=…] IMAGE [AS name]`, or null. */
export function fromReference(instruction: string): string | null {
  const words = instruction.split(/\s+/).slice(1).filter((w) => !w.startsWith('--'));
  return words[0] ?? null;
}

/** Why a reference is not pinned, or null when it has a tag other than latest, or a digest. */
export function unpinned(ref: string): string | null {
  // An unresolved build argument, scratch (no image at all), or a digest: nothing to say.
  if (namesNoImage(ref)) return null;
  const { tag, digest } = parseImageName(ref);
  if (digest !== null) return null;
  if (tag === null) return 'no tag, so `latest`';
  return tag === 'latest' ? 'tag `latest`' : null;
}
