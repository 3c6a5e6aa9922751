import type { Package } from '../../model';
import { parseStanzas } from '../../analyze/packages/tree';
import { bytes, describeLayer, groupBy, inBase, runFor } from '../common';
import { addFlag, calls } from '../run-text';
import type { ManagerCall } from '../../dockerfile/shell';
import type { Proposal, Suggester, SuggestContext } from '../types';
import { compareText } from '../../util/compare';

const FLAG = '--no-install-recommends';
const STATUS = 'var/lib/dpkg/status';
const EXTENDED = 'var/lib/apt/extended_states';
const INSTALLED = /^(install|hold) ok installed$/;

const installsWithRecommends = (c: ManagerCall): boolean =>
  c.manager === 'apt' && c.subcommand === 'install' && !c.options.includes(FLAG) && !c.options.some((o) => /^--install-recommends(=|$)/.test(o));

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

/** Packages that a RUN installing with recommends installed only because another recommends them. */
export interface Recommended {
  packages: Package[];
  /** No /var/lib/apt/extended_states: what was installed by hand is approximated from the install commands. */
  approximated: boolean;
}

/**
 * The installed packages that a RUN of the image's own layers running `apt-get install` without
 * `--no-install-recommends` installed and that are outside the Depends closure of those installed by hand; null
 * without a dpkg status or such a RUN. multi-stage reads it too: these leave with the build.
 */
export function recommendedOnly(ctx: SuggestContext): Recommended | null {
  const db = installedDebs(ctx);
  if (db === null) return null;
  const extended = fileData(ctx, EXTENDED);
  const auto = extended === null ? null : autoInstalled(extended);
  const dpkg = ctx.analysis.packages.filter((p) => p.manager === 'dpkg');
  // Layers whose RUN installs with recommends, from the history (the Dockerfile is not needed to know it).
  const recommending = new Set(
    ctx.analysis.layers.filter((l) => l.instructionKind === 'RUN' && !inBase(ctx, l.index) && calls(l.instruction).some(installsWithRecommends)).map((l) => l.index),
  );
  if (recommending.size === 0) return null;
  const layerOf = new Map(dpkg.map((p) => [bareName(p.name), p.layer]));
  const roots = new Set<string>();
  for (const p of db.values()) {
    const layer = layerOf.get(p.name) ?? null;
    if (p.essential) roots.add(p.name);
    else if (auto !== null) {
      if (!auto.has(p.name)) roots.add(p.name);
    } else if (layer === null || !recommending.has(layer)) roots.add(p.name);
  }
  if (auto === null) {
    for (const l of recommending) {
      for (const c of calls(ctx.analysis.layers[l].instruction).filter(installsWithRecommends)) {
        for (const w of c.operands) roots.add(w.text.replace(/[:=].*$/, ''));
      }
    }
  }
  const needed = closure(db, roots);
  const packages = dpkg.filter((p) => !needed.has(bareName(p.name)) && db.has(bareName(p.name)) && p.layer !== null && recommending.has(p.layer));
  return { packages, approximated: auto === null };
}

export interface DebPackage {
  name: string;
  essential: boolean;
  /** Depends and Pre-Depends: each entry a list of alternatives. */
  depends: string[][];
  provides: string[];
}

/** The installed packages of the image's dpkg status; null without one. */
export function installedDebs(ctx: SuggestContext): Map<string, DebPackage> | null {
  const status = fileData(ctx, STATUS);
  const db = status === null ? null : readStatus(status);
  return db === null || db.size === 0 ? null : db;
}

function fileData(ctx: SuggestContext, path: string): string | null {
  const f = ctx.filesystem.files.find((x) => x.path === path);
  return f?.entry.data ? f.entry.data.toString('utf8') : null;
}

/** Installed packages of dpkg's status by name (architecture qualifiers dropped). */
export function readStatus(text: string): Map<string, DebPackage> {
  const out = new Map<string, DebPackage>();
  for (const s of parseStanzas(text)) {
    const name = s.get('package');
    if (!name || !INSTALLED.test(s.get('status') ?? '')) continue;
    const essential = s.get('essential') === 'yes' || s.get('priority') === 'required';
    const depends = [...relations(s.get('pre-depends')), ...relations(s.get('depends'))];
    const provides = relations(s.get('provides')).flat();
    const known = out.get(name);
    if (known) {
      known.depends.push(...depends);
      known.provides.push(...provides);
    } else out.set(name, { name, essential, depends, provides });
  }
  return out;
}

/** `a (>= 1) | b:any, c` → [[a, b], [c]]. */
function relations(field: string | undefined): string[][] {
  if (!field) return [];
  return field
    .split(',')
    .map((part) =>
      part
        .split('|')
        .map((alt) => alt.trim().replace(/\s*\(.*?\)/g, '').replace(/\s*\[.*?\]/g, '').replace(/\s*<.*?>/g, '').replace(/:\S+$/, '').trim())
        .filter((n) => n !== ''),
    )
    .filter((alts) => alts.length > 0);
}

/** Names apt marked `Auto-Installed: 1`. */
export function autoInstalled(text: string): Set<string> {
  const out = new Set<string>();
  for (const s of parseStanzas(text)) {
    const name = s.get('package');
    if (name && s.get('auto-installed') === '1') out.add(name);
  }
  return out;
}

/** The installed packages reached from `roots` through Depends and Pre-Depends (every installed alternative). */
export function closure(db: Map<string, DebPackage>, roots: Set<string>): Set<string> {
  const providers = new Map<string, string[]>();
  for (const p of db.values()) {
    for (const v of p.provides) providers.set(v, [...(providers.get(v) ?? []), p.name]);
  }
  const seen = new Set<string>();
  const queue = [...roots].filter((n) => db.has(n));
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const alts of db.get(name)!.depends) {
      for (const alt of alts) {
        for (const target of db.has(alt) ? [alt] : (providers.get(alt) ?? [])) if (!seen.has(target)) queue.push(target);
      }
    }
  }
  return seen;
}

export function bareName(name: string): string {
  return name.replace(/:.*$/, '');
}

function listPackages(pkgs: Package[]): string {
  const sorted = [...pkgs].sort((a, b) => b.bytes - a.bytes || compareText(a.name, b.name));
  const shown = sorted.slice(0, 8).map((p) => `${p.name} (${bytes(p.bytes)})`);
  return sorted.length > 8 ? `${shown.join(', ')} and ${sorted.length - 8} more` : shown.join(', ');
}
