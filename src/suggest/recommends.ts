/**
 * Which Debian packages an `apt-get install` without --no-install-recommends brought only for a Recommends. The
 * no-install-recommends suggestion proposes the flag for them; multi-stage leaves them in the builder. The dpkg
 * knowledge (closure, auto-installed marks) is analyze/packages/dpkg-status.ts'.
 */
import { bareName, isRequired, onlyRecommended } from '../analyze/packages/dpkg-status';
import type { ManagerCall } from '../dockerfile/shell';
import type { Package } from '../model';
import { inBase } from './common';
import { calls } from './run-text';
import type { SuggestContext } from './types';

export const NO_RECOMMENDS = '--no-install-recommends';

export const installsWithRecommends = (c: ManagerCall): boolean =>
  c.manager === 'apt' && c.subcommand === 'install' && !c.options.includes(NO_RECOMMENDS) && !c.options.some((o) => /^--install-recommends(=|$)/.test(o));

/** Packages that a RUN installing with recommends installed only because another recommends them. */
export interface Recommended {
  packages: Package[];
  /** No /var/lib/apt/extended_states: what was installed by hand is approximated from the install commands. */
  approximated: boolean;
}

/**
 * The installed packages that a RUN of the image's own layers running `apt-get install` without
 * --no-install-recommends installed and that are outside the Depends closure of those installed by hand; null
 * without a dpkg status or such a RUN.
 */
export function recommendedOnly(ctx: SuggestContext): Recommended | null {
  const { installed, auto } = ctx.packageIndex.dpkg;
  if (installed.size === 0) return null;
  const dpkg = ctx.analysis.packages.filter((p) => p.manager === 'dpkg');
  // Layers whose RUN installs with recommends, from the history (the Dockerfile is not needed to know it).
  const recommending = new Set(
    ctx.analysis.layers.filter((l) => l.instructionKind === 'RUN' && !inBase(ctx, l.index) && calls(l.instruction).some(installsWithRecommends)).map((l) => l.index),
  );
  if (recommending.size === 0) return null;
  const layerOf = new Map(dpkg.map((p) => [bareName(p.name), p.layer]));
  const byHand = new Set<string>();
  for (const p of installed.values()) {
    const layer = layerOf.get(p.name) ?? null;
    if (isRequired(p)) byHand.add(p.name);
    else if (auto !== null) {
      if (!auto.has(p.name)) byHand.add(p.name);
    } else if (layer === null || !recommending.has(layer)) byHand.add(p.name);
  }
  // Without apt's marks: what the install commands name was asked for.
  if (auto === null) {
    for (const l of recommending) {
      for (const c of calls(ctx.analysis.layers[l].instruction).filter(installsWithRecommends)) {
        for (const w of c.operands) byHand.add(w.text.replace(/[:=].*$/, ''));
      }
    }
  }
  const extra = onlyRecommended(installed, byHand);
  const packages = dpkg.filter((p) => extra.has(bareName(p.name)) && p.layer !== null && recommending.has(p.layer));
  return { packages, approximated: auto === null };
}
