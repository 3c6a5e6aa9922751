import type { Package } from '../../model';
import { bytes, describeLayer, groupBy, runFor } from '../common';
import { installsWithRecommends, NO_RECOMMENDS as FLAG, recommendedOnly } from '../recommends';
import { addFlag } from '../run-text';
import type { Proposal, Suggester } from '../types';
import { compareText } from '../../util/compare';

export const noInstallRecommends: Suggester = {
  meta: {
    id: 'no-install-recommends',
    title: 'Install apt packages with --no-install-recommends',
    description:
      'apt installs the packages a package Recommends unless told not to; they are rarely needed in a container. ' +
      'The savings are the bytes, measured in the final tree (each package\'s files from its dpkg list), of the ' +
      'packages that a RUN running `apt-get install` without `--no-install-recommends` installed and that nothing ' +
      'asked for but a Recommends: the installed packages outside the Depends and Pre-Depends closure (alternatives ' +
      'and Provides followed) of the ones installed by hand. Which were installed by hand apt records in ' +
      '/var/lib/apt/extended_states (`Auto-Installed: 1` marks the others); an image without that file is ' +
      'approximated — every package installed before that RUN, the names its install command gives, and the ' +
      'essential and required ones count as installed by hand — at lower confidence. With --dockerfile, the flag ' +
      'is added to the `apt-get install` of that RUN. The rationale names the packages: one the application does ' +
      'need (ca-certificates for HTTPS is the usual one) must then be named in the install.',
  },
  suggest(ctx) {
    const found = recommendedOnly(ctx);
    if (found === null) return [];
    const { packages: onlyRecommended, approximated } = found;
    const out: Proposal[] = [];
    for (const [layer, pkgs] of groupBy(onlyRecommended, (p) => p.layer as number)) {
      const total = pkgs.reduce((n, p) => n + p.bytes, 0);
      if (total === 0) continue;
      const run = ctx.dockerfile ? runFor(ctx, layer) : undefined;
      out.push({
        bytes: total,
        confidence: approximated ? 'medium' : 'high',
        rationale:
          `${describeLayer(ctx, layer)} installs without ${FLAG}; ${pkgs.length} package${pkgs.length === 1 ? '' : 's'} (${bytes(total)}) are there only because ` +
          `another recommends them: ${listPackages(pkgs)}.` +
          (approximated ? ' /var/lib/apt/extended_states is missing, so the packages installed by hand are approximated from the install command.' : '') +
          ' Name any of them the application needs in the install.' +
          (ctx.dockerfile && !run ? ' The layer is not matched to a RUN line of the Dockerfile, so no edit is written.' : ''),
        findings: [],
        layer,
        edits: run ? [{ op: 'rewrite', at: run, apply: (t) => addFlag(t, installsWithRecommends, FLAG) }] : [],
      });
    }
    return out;
  },
};

function listPackages(pkgs: Package[]): string {
  const sorted = [...pkgs].sort((a, b) => b.bytes - a.bytes || compareText(a.name, b.name));
  const shown = sorted.slice(0, 8).map((p) => `${p.name} (${bytes(p.bytes)})`);
  return sorted.length > 8 ? `${shown.join(', ')} and ${sorted.length - 8} more` : shown.join(', ');
}
