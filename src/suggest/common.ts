/** Small helpers the clean-up, flag and guide suggesters share: where a layer came from, and how to say it. */
import type { Finding } from '../model';
import type { AnchoredEdit, Edit } from '../dockerfile/edit';
import { ellipsize, formatBytes } from '../util/units';
import { Dockerfile, finalStage, Instruction } from '../dockerfile/parse';
import { workdirPath } from '../dockerfile/arguments';
import type { SuggestContext } from './types';

/** True when the layer belongs to the base image (known from --dockerfile); such bytes are not this Dockerfile's to fix. */
export function inBase(ctx: SuggestContext, layer: number | null): boolean {
  const last = ctx.analysis.base.lastLayer;
  return layer !== null && last !== null && layer <= last;
}

/** The instruction's text as written, continuation lines included. */
export function textOf(d: Dockerfile, ins: Instruction): string {
  return d.lines.slice(ins.startLine, ins.endLine + 1).join('\n');
}

/** The final-stage RUN that made a layer, with --dockerfile. */
export function runFor(ctx: SuggestContext, layer: number | null): Instruction | undefined {
  const ins = ctx.instructionFor(layer);
  return ins?.kind === 'RUN' ? ins : undefined;
}

/** The layer a final-stage instruction made, with --dockerfile. */
export function layerOfInstruction(ctx: SuggestContext, ins: Instruction): number | null {
  for (const [layer, i] of ctx.join?.byLayer ?? []) if (i === ins) return layer;
  return null;
}

/** `layer 5 (RUN pip install -r requirements.txt, Dockerfile line 7)`. */
export function describeLayer(ctx: SuggestContext, layer: number): string {
  const l = ctx.analysis.layers[layer];
  const line = l?.dockerfileLine;
  const what = l ? ellipsize(l.instruction, 60) : '';
  return `layer ${layer}${what ? ` (${what}${line ? `, Dockerfile line ${line}` : ''})` : ''}`;
}

export function sumBytes(findings: Finding[]): number {
  return findings.reduce((n, f) => n + f.bytes, 0);
}

export function files(n: number): string {
  return `${n} file${n === 1 ? '' : 's'}`;
}

export function bytes(n: number): string {
  return formatBytes(n);
}

/** Groups items by a key, in the order keys are first met. */
export function groupBy<T, K>(items: T[], key: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const t of items) {
    const k = key(t);
    const list = out.get(k);
    if (list) list.push(t);
    else out.set(k, [t]);
  }
  return out;
}

/** The final stage's instructions from the one at `from` (exclusive) to `to` (exclusive), by index in the file. */
export function between(d: Dockerfile, from: Instruction, to: Instruction): Instruction[] {
  return finalStage(d).body.filter((i) => i.index > from.index && i.index < to.index);
}

/** The working directory in effect at an instruction of a stage: WORKDIRs before it, else the image's. */
export function workdirAt(body: Instruction[], at: Instruction, initial: string): string {
  let dir = initial === '' ? '/' : initial;
  for (const ins of body) {
    if (ins.index >= at.index) break;
    if (ins.kind !== 'WORKDIR') continue;
    const arg = workdirPath(ins);
    dir = arg.startsWith('/') ? arg : `${dir.replace(/\/$/, '')}/${arg}`;
  }
  return dir;
}

/** Whether a visible file exists at a tree path (no leading slash), regular or link. */
export function hasFile(ctx: SuggestContext, path: string): boolean {
  return ctx.filesystem.find(path) !== undefined;
}

/**
 * Where lines that must come just before the container starts go in the final stage: before its first CMD or
 * ENTRYPOINT that no RUN, COPY or ADD follows; null when the stage has neither (the lines then go at the end).
 */
export function startAnchor(d: Dockerfile): Instruction | null {
  const body = finalStage(d).body;
  let lastBuild = -1;
  body.forEach((ins, i) => {
    if (ins.kind === 'RUN' || ins.kind === 'COPY' || ins.kind === 'ADD') lastBuild = i;
  });
  return body.slice(lastBuild + 1).find((i) => i.kind === 'CMD' || i.kind === 'ENTRYPOINT') ?? null;
}

/** Whether one of the programs is in the final tree under the usual bin directories. */
export function hasProgram(ctx: SuggestContext, name: string): boolean {
  return ['usr/bin', 'bin', 'usr/sbin', 'sbin', 'usr/local/bin'].some((dir) => hasFile(ctx, `${dir}/${name}`));
}

/** How the final image installs packages: from /etc/os-release, else from the package databases it holds. */
export function packageFamily(ctx: SuggestContext): 'apt' | 'apk' | null {
  const id = ctx.analysis.base.distro?.id ?? '';
  if (id === 'alpine' || hasFile(ctx, 'lib/apk/db/installed')) return 'apk';
  if (['debian', 'ubuntu'].includes(id) || hasFile(ctx, 'var/lib/dpkg/status')) return hasProgram(ctx, 'apt-get') ? 'apt' : null;
  return null;
}

/** The edit that puts lines just before the container starts (see startAnchor), or at the end of the file. */
export function startEdit(d: Dockerfile, lines: string[]): AnchoredEdit {
  const anchor = startAnchor(d);
  if (anchor) return { op: 'before', at: anchor, lines };
  const body = finalStage(d).body;
  return { op: 'after', at: body[body.length - 1] ?? finalStage(d).from, lines };
}

/**
 * Whether the stage that ships, once the other edits are made, is a distroless image the file as written did not
 * use (multi-stage's runtime stage for a static Go build): it has no shell, no package manager and no useradd,
 * only the users `root` and `nonroot`.
 */
export function shipsDistroless(written: Dockerfile, composed: Dockerfile): boolean {
  const image = finalStage(composed).image;
  return image !== finalStage(written).image && /(^|\/)distroless\//.test(image);
}

/**
 * Lines just before the container starts, in the stage that ships: multi-stage's runtime stage when it adds one,
 * so the anchor is found in the file the other edits make, not in the file as written.
 */
export function beforeStart(lines: string[]): Edit {
  return { op: 'final-stage', edits: (d) => [startEdit(d, lines)] };
}

/** Findings of a layer, for the suggestions that act on one RUN's caches. */
export interface LayerFindings {
  layer: number;
  findings: Finding[];
  bytes: number;
  /** The layers that deleted some of them. */
  hiddenBy: number[];
}

/** The findings with these ids that the image's own layers made (not the base's), by the layer that made them. */
export function findingsByLayer(ctx: SuggestContext, ids: string[]): LayerFindings[] {
  const found = ctx.analysis.findings.filter((f) => ids.includes(f.id) && f.layer !== null && !inBase(ctx, f.layer));
  return [...groupBy(found, (f) => f.layer as number)].map(([layer, findings]) => ({
    layer,
    findings,
    bytes: sumBytes(findings),
    hiddenBy: [...new Set(findings.map((f) => f.hiddenBy).filter((h): h is number => h !== null))],
  }));
}

/** `, deleted by layer 5 but still shipped in layer 3`, or `, still in the final image`. */
export function shipped(g: LayerFindings): string {
  return g.hiddenBy.length > 0 ? `, deleted by ${g.hiddenBy.map((h) => `layer ${h}`).join(' and ')} but still shipped in layer ${g.layer}` : ', still in the final image';
}

/** How many files the findings name in all. */
export function pathCount(g: { findings: Finding[] }): number {
  return g.findings.reduce((n, f) => n + f.pathCount, 0);
}
