/**
 * Findings of two images matched by a key that survives a rebuild. Layer indexes and byte counts move when an
 * image changes, so the key is made of what a person would call the same finding:
 *
 *   RULE-ID [@ INSTRUCTION] [> INSTRUCTION] [[SUBJECT]] [(#N)]
 *
 * - the rule id;
 * - `@` the instruction key (src/diff/layers.ts) of the layer that added the finding's bytes, when it names one;
 *   `(#N)` after the instruction when it is the N-th layer of the image with that key (N ≥ 2);
 * - `>` likewise for the layer that already deleted them (hidden-files, caches removed in a later RUN);
 * - `[SUBJECT]` only where either image has more than one finding with the same key so far (secret-file finds
 *   two kinds of secret in one layer, untagged-base two base references): the finding's first path by name, or
 *   its message when it names no path;
 * - `(#N)` last, for a finding that is still not told apart, in the order the analysis lists them.
 *
 * So `apt-lists @ RUN apt-get update && apt-get install -y curl` is the same finding in both images whatever it
 * weighs; it is fixed when that RUN no longer leaves lists behind, and new when another RUN does.
 */
import type { Analysis, Finding } from '../model';
import { instructionKey } from './layers';
import type { FindingsDiff, KeyedFinding } from './model';

/** The instruction key of each layer, numbered from the second layer on that has the same key. */
function layerNames(a: Analysis): Map<number, string> {
  const names = new Map<number, string>();
  const seen = new Map<string, number>();
  for (const l of a.layers) {
    if (l.emptyLayer) continue;
    const key = instructionKey(l);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    names.set(l.index, n === 1 ? key : `${key} (#${n})`);
  }
  return names;
}

function baseKey(f: Finding, names: Map<number, string>): string {
  const name = (i: number): string => names.get(i) ?? `layer ${i}`;
  return [f.id, f.layer === null ? '' : ` @ ${name(f.layer)}`, f.hiddenBy === null ? '' : ` > ${name(f.hiddenBy)}`].join('');
}

function subject(f: Finding): string {
  if (f.paths.length === 0) return f.message;
  return f.paths.map((p) => p.path).reduce((a, b) => (b < a ? b : a));
}

function repeated(keys: string[]): Set<string> {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const k of keys) (seen.has(k) ? twice : seen).add(k);
  return twice;
}

/** The keys of both images' findings, in the order of their `findings` lists. */
export function findingKeys(old: Analysis, neu: Analysis): { old: string[]; new: string[] } {
  const oldNames = layerNames(old);
  const newNames = layerNames(neu);
  const oldBase = old.findings.map((f) => baseKey(f, oldNames));
  const newBase = neu.findings.map((f) => baseKey(f, newNames));
  // Decided over both images, so that a finding gets the same key in each even when only one has a second one.
  const ambiguous = new Set([...repeated(oldBase), ...repeated(newBase)]);
  const finish = (findings: Finding[], base: string[]): string[] => {
    const keys = findings.map((f, i) => (ambiguous.has(base[i]) ? `${base[i]} [${subject(f)}]` : base[i]));
    const count = new Map<string, number>();
    return keys.map((k) => {
      const n = (count.get(k) ?? 0) + 1;
      count.set(k, n);
      return n === 1 ? k : `${k} (#${n})`;
    });
  };
  return { old: finish(old.findings, oldBase), new: finish(neu.findings, newBase) };
}

export function diffFindings(old: Analysis, neu: Analysis): FindingsDiff {
  const keys = findingKeys(old, neu);
  const oldKeys = new Set(keys.old);
  const newKeys = new Set(keys.new);
  const keyed = (f: Finding, key: string): KeyedFinding => ({ key, ...f });
  return {
    new: neu.findings.flatMap((f, i) => (oldKeys.has(keys.new[i]) ? [] : [keyed(f, keys.new[i])])),
    fixed: old.findings.flatMap((f, i) => (newKeys.has(keys.old[i]) ? [] : [keyed(f, keys.old[i])])),
    kept: keys.new.filter((k) => oldKeys.has(k)).length,
  };
}
