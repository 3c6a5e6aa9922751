import { cgoDisabled, finalImage, liveSize } from '../../analyze/base';
import type { Confidence, Package } from '../../model';
import { formatBytes } from '../../util/units';
import { BaseIdentity, Candidate, candidatesFor, identifyBase, parseImageRef } from '../../analyze/base/catalog/candidates';
import { CATALOG_READ, CatalogEntry } from '../../analyze/base/catalog/data';
import { estimateNeeds, Needs, noNeeds } from '../../analyze/base/catalog/needs';
import { textOf } from '../common';
import type { Edit } from '../../dockerfile/edit';
import { finalStage } from '../../dockerfile/parse';
import { calls } from '../run-text';
import type { Proposal, Suggester, SuggestContext } from '../types';

/** Packages named in a rationale, largest first. */
const NAMED = 4;

/**
 * A smaller official variant of a full base on the same runtime line: slim, then Alpine, then distroless static
 * for a Go program built without cgo. Savings are the base's layer bytes measured in this image, less the
 * candidate's size (measured in the engine when it has the image, else the catalog's sourced figure), less what
 * the application takes from the full base and would have to install again.
 */
export const baseImage: Suggester = {
  meta: {
    id: 'base-image',
    title: 'Use a smaller variant of the base image',
    description:
      'When the base is the full variant of an official image (python, node, golang, ruby, eclipse-temurin, debian) — ' +
      'named by the Dockerfile, the engine, a registry (with --base-registry), the `org.opencontainers.image.base.name` label, or inferred from the ' +
      'runtime\'s ENV and a compiler among the base\'s packages — proposes the slim variant on the same runtime line ' +
      '(3.13 → 3.13-slim, a line read with semver), the Alpine one (musl, not glibc: prebuilt glibc binaries do not ' +
      'load there), and distroless static for a Go program built with CGO_ENABLED=0. Savings = the base layers\' bytes ' +
      'measured in the image − the candidate\'s uncompressed size − the bytes of what must be installed again. The ' +
      'candidate\'s size is measured in the engine (its history\'s layer sizes) when the engine holds it, else, when ' +
      '--base-registry or $IMGDIET_BASE_REGISTRY asks for it, in a registry (`docker.io`, or a mirror serving Docker ' +
      'Hub\'s names; the manifest for the image\'s platform, every layer streamed and its regular files\' bytes ' +
      'summed; 5 s to reach it, 30 s in all), else taken ' +
      'from the catalog in src/analyze/base/catalog/data.ts (the Docker Official Images\' repo-info records: uncompressed, ' +
      'each figure with its file, commit, image and date); the rationale says which, and why a registry gave none; a ' +
      'candidate with no figure is not proposed. What must be ' +
      'installed again is measured in this base: the Debian packages the app\'s native modules link against (their ' +
      'DT_NEEDED libraries, through dpkg\'s file lists) that the smaller variant lacks, with their dependencies, ' +
      'leaving out Debian\'s required packages with what they depend on and what the runtime\'s own modules link ' +
      'against (those only the modules of a Debian package the app installs link against are counted but not named: apt installs them with it); and, ' +
      'when native code was compiled in the image (a `linux_*` wheel, a node-gyp build, a compiled gem extension, none ' +
      'of them a Debian package\'s: Debian builds its python3-* packages), gcc, make, libc ' +
      'headers and the linked libraries\' `-dev` packages with their dependencies. With --dockerfile the final FROM ' +
      'names the candidate, followed by the `apt-get install` of what must be installed again (no edit for Alpine when ' +
      'something must, or when the Dockerfile installs with apt-get: its package names differ). Confidence: high for a slim candidate measured in the engine or a registry with ' +
      'nothing to install again; medium with a catalog figure, or with libraries to install again; low for Alpine, ' +
      'distroless, an inferred base, a compiler to install again, or libraries no file in the image provides.',
  },
  suggest(ctx) {
    const base = ctx.analysis.base;
    if (base.lastLayer === null || base.layerBytes === 0) return [];
    const id = identifyBase(base, ctx.analysis.packages);
    if (!id || id.variant !== 'full') return [];
    const env = envOf(ctx);
    const from = fromEdit(ctx, id);
    const apt = installsWithApt(ctx);
    const out: Proposal[] = [];
    for (const c of candidatesFor(id, { cgoDisabled: cgoDisabled(env, ctx.dockerfile) })) {
      const live = liveSize(ctx.baseExtras, c.reference);
      const measured = live.bytes ?? undefined;
      const size = measured ?? c.catalog?.bytes;
      if (size === undefined) continue;
      const needs: Needs =
        c.variant === 'distroless'
          ? noNeeds()
          : estimateNeeds(base, ctx.filesystem, ctx.packageIndex, { musl: c.variant === 'alpine' });
      const bytes = base.layerBytes - size - needs.bytes;
      if (bytes <= 0) continue;
      const source = live.bytes !== null ? live.source : `${catalogSource(c.catalog!)}${live.note ? `; ${live.note}` : ''}`;
      const install = c.variant === 'alpine' || c.variant === 'distroless' ? [] : installLine(needs);
      // The musl build of a reinstall, or of the Dockerfile's own apt-get installs, cannot be written with Debian's
      // package names: no edit then.
      const editable = from !== null && !(c.variant === 'alpine' && (needs.bytes > 0 || apt));
      out.push({
        title: `Use ${c.reference} instead of ${baseName(id)}`,
        bytes,
        confidence: confidenceOf(c, id, needs, measured !== undefined),
        rationale: rationale(ctx, id, c, size, source, needs, bytes, apt),
        findings: [],
        layer: null,
        ratioLayers: ctx.analysis.layers.filter((l) => l.index <= base.lastLayer! && !l.emptyLayer).map((l) => l.index),
        edits: editable ? [swapFrom(from!, c.reference, install)] : [],
      });
    }
    return out;
  },
};

/** Whether a RUN of the final stage installs with apt-get. */
function installsWithApt(ctx: SuggestContext): boolean {
  const d = ctx.dockerfile;
  return d !== null && finalStage(d).body.some((i) => i.kind === 'RUN' && calls(textOf(d, i)).some((c) => c.manager === 'apt'));
}

function envOf(ctx: SuggestContext): Map<string, string> {
  const env = new Map<string, string>();
  for (const kv of ctx.analysis.image.config.env) {
    const eq = kv.indexOf('=');
    if (eq > 0) env.set(kv.slice(0, eq), kv.slice(eq + 1));
  }
  return env;
}

function baseName(id: BaseIdentity): string {
  return `${id.ref.prefix}${id.ref.repo}:${id.ref.tag}${id.ref.digest ? `@${id.ref.digest}` : ''}`;
}

function catalogSource(e: CatalogEntry): string {
  const s = e.source;
  const where = s.path ? `${s.where} ${s.path} at ${s.commit?.slice(0, 12)}` : s.where;
  const size = e.measure === 'uncompressed' ? `uncompressed, ±${formatBytes(e.precision)}` : 'approximate, measure not stated';
  return `catalog figure (${size}) for ${s.image}${s.created ? `, created ${s.created}` : ''}, from ${where}, read ${CATALOG_READ}`;
}

function confidenceOf(c: Candidate, id: BaseIdentity, needs: Needs, live: boolean): Confidence {
  if (c.variant !== 'slim' || id.inferred || needs.toolchain.length > 0 || needs.unresolved.length > 0) return 'low';
  if (needs.libraries.length > 0) return 'medium';
  return live ? 'high' : 'medium';
}

function named(pkgs: Package[]): string {
  const top = [...pkgs].sort((a, b) => b.bytes - a.bytes || (a.name < b.name ? -1 : 1)).slice(0, NAMED);
  const more = pkgs.length > NAMED ? ` and ${pkgs.length - NAMED} more` : '';
  return `${top.map((p) => `${p.name} ${formatBytes(p.bytes)}`).join(', ')}${more}`;
}

function rationale(ctx: SuggestContext, id: BaseIdentity, c: Candidate, size: number, source: string, needs: Needs, bytes: number, apt: boolean): string {
  const base = ctx.analysis.base;
  const evidence = ctx.baseExtras.evidence;
  const parts: string[] = [];
  const who = id.inferred
    ? `The base looks like ${baseName(id)} (${id.runtime?.evidence}=${id.runtime?.version}, a compiler among its own packages), the full variant`
    : `The base ${baseName(id)} is the full variant`;
  parts.push(`${who}: layers 0–${base.lastLayer}, ${formatBytes(base.layerBytes)} measured in this image; the boundary comes from ${evidence}.`);
  parts.push(`${c.reference} is ${formatBytes(size)} (${source}).`);
  if (c.variant === 'alpine') {
    parts.push('Alpine uses musl, not glibc: binary wheels and prebuilt modules built for glibc do not load, and what the app compiles may behave differently; test before switching.');
  }
  if (c.variant === 'distroless') {
    parts.push('Distroless static has no shell, package manager or libc: only a program built with CGO_ENABLED=0 (found in this build) runs on it.');
  }
  if (id.ref.digest) parts.push('The FROM pins a digest of the full image: pin the new tag\'s digest instead.');
  if (needs.libraries.length > 0) {
    const apt = needs.aptOwners.length > 0 ? ` (apt installs those the modules of ${needs.aptOwners.slice(0, NAMED).join(', ')} need along with ${needs.aptOwners.length === 1 ? 'it' : 'them'})` : '';
    parts.push(`The app's native modules link against ${needs.sonames.slice(0, NAMED).join(', ')}; the base packages that provide them and their dependencies must be installed again${apt}: ${named(needs.libraries)} (${formatBytes(sum(needs.libraries))} measured in this base).`);
  }
  if (needs.unresolved.length > 0) parts.push(`No file in the image provides ${needs.unresolved.join(', ')}: not counted.`);
  if (needs.toolchain.length > 0) {
    parts.push(`Native code was built in the image (${needs.builtHere.join('; ')}), so the build needs a compiler the smaller variant lacks: ${named(needs.toolchain)} (${formatBytes(sum(needs.toolchain))} with their dependencies, measured in this base) — or build in a separate stage (see multi-stage) and these bytes stay out.`);
  }
  if (needs.bytes === 0 && c.variant !== 'distroless') parts.push('No native module of the app links against a package of the base that the smaller variant lacks, and none was compiled in the image.');
  if (c.variant === 'alpine' && needs.bytes > 0) parts.push("The reinstall is estimated from this base's Debian packages; Alpine's builds of them differ in size.");
  if (c.variant === 'alpine' && apt) parts.push('The Dockerfile installs with apt-get, which Alpine lacks: its packages must be installed with apk under Alpine\'s names, so no edit is written.');
  const minus = needs.bytes > 0 ? ` − ${formatBytes(needs.bytes)} to install again` : '';
  parts.push(`Savings = ${formatBytes(base.layerBytes)} − ${formatBytes(size)}${minus} = ${formatBytes(bytes)}.`);
  return parts.join(' ');
}

function sum(pkgs: Package[]): number {
  return pkgs.reduce((n, p) => n + p.bytes, 0);
}

/** The reinstall on the smaller variant: the libraries' and toolchain's roots (apt brings their dependencies). */
export function installLine(needs: Needs): string[] {
  if (needs.install.length === 0) return [];
  return [`RUN apt-get update && apt-get install -y --no-install-recommends ${needs.install.join(' ')} && apt-get clean && rm -rf /var/lib/apt/lists/*`];
}

interface FromSite {
  /** The final stage's FROM instruction. */
  at: ReturnType<typeof finalStage>['from'];
  /** Its text as written. */
  text: string;
}

/** The final stage's FROM, when it names the base directly (not an earlier stage) as the same repository. */
function fromEdit(ctx: SuggestContext, id: BaseIdentity): FromSite | null {
  const d = ctx.dockerfile;
  if (!d) return null;
  const stage = finalStage(d);
  if (finalImage(d) !== stage.image) return null;
  const ref = parseImageRef(stage.image);
  if (!ref || ref.repo !== id.ref.repo) return null;
  return { at: stage.from, text: d.lines.slice(stage.from.startLine, stage.from.endLine + 1).join('\n') };
}

/**
 * Replaces the image of the final FROM (flags and `AS name` kept), adding the reinstall after it. Applies only to
 * the FROM as written: when another suggestion changed it first, that change stands.
 */
function swapFrom(from: FromSite, reference: string, install: string[]): Edit {
  return {
    op: 'rewrite',
    at: from.at,
    apply: (text) => {
      if (text !== from.text) return text;
      const swapped = text.replace(/^(\s*FROM\s+(?:--\S+\s+)*)(\S+)/i, (_, head: string) => `${head}${reference}`);
      return [swapped, ...install].join('\n');
    },
  };
}
