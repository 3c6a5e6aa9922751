/**
 * Budgets and policies against an analysis (and a baseline's): the whole of `imgdiet check`'s judgement, as data.
 * Byte comparisons are exact integers; percentages and ratios are fractions of BigInts, and a percentage limit is
 * turned into bytes by rounding down, so the limit a result shows is the one it was held to.
 */
import { Analysis, Finding, Severity, severityRank } from '../model';
import { ellipsize } from '../util/units';
import { printable } from '../util/text';
import { IgnoreRule, Setting, Settings } from './config';
import { globToRegExp } from '../util/glob';
import {
  CHECK_SCHEMA_VERSION,
  CheckedFinding,
  CheckReport,
  CheckResult,
  DockerfileMap,
  IgnoreReport,
} from './report';
import { summarize } from '../summary';
import { Amount, bytesText, deltaText, grouped, percentOf, percentText, ratioPercentText, shareText } from './values';

export interface CheckInput {
  analysis: Analysis;
  baseline: Analysis | null;
  settings: Settings;
  /** The config file the settings came from, if any. */
  config: string | null;
  dockerfile: DockerfileMap | null;
}

const VERSION: string = (require('../../package.json') as { version: string }).version;

/** What each check asks, whatever the image. */
export const CHECK_TITLES: Record<string, string> = {
  'max-size': 'Total layer bytes within the limit',
  'max-compressed-size': 'Total compressed layer bytes within the limit',
  'max-layers': 'Number of layers within the limit',
  'max-layer-size': 'Largest layer within the limit',
  'max-waste': 'Waste within the limit',
  'min-efficiency': 'Efficiency at least the minimum',
  'max-growth': 'Growth of layer bytes over the baseline within the limit',
  'max-compressed-growth': 'Growth of compressed bytes over the baseline within the limit',
  'no-root': 'The image does not run as root',
  'no-secrets': 'No layer holds a secret',
  'require-healthcheck': 'The image has a HEALTHCHECK',
  'fail-on': 'No finding at or above the severity set',
};

/** Which finding each policy fails on. */
export const POLICY_FINDINGS = { 'no-root': 'root-user', 'no-secrets': 'secret-file', 'require-healthcheck': 'no-healthcheck' } as const;

export function evaluateCheck(input: CheckInput): CheckReport {
  const { analysis: a, baseline: b, settings: s } = input;
  const { findings, ignores, notes } = applyIgnores(a.findings, s.ignore?.value ?? []);
  const results: CheckResult[] = [];
  const t = a.totals;

  if (s['max-size']) results.push(bytesBudget('max-size', s['max-size'], 'layer bytes', t.layerBytes, s['max-size'].value.bytes));

  const maxCompressed = s['max-compressed-size'];
  if (maxCompressed) {
    if (t.compressedBytes === null) {
      results.push(skipped('max-compressed-size', maxCompressed, 'compressed bytes', 'bytes', maxCompressed.value.bytes, bytesText(maxCompressed.value.bytes), `compressed bytes unknown: ${whyNoCompressed(a)}`));
    } else {
      results.push(bytesBudget('max-compressed-size', maxCompressed, 'compressed bytes', t.compressedBytes, maxCompressed.value.bytes));
    }
  }

  const maxLayers = s['max-layers'];
  if (maxLayers) {
    results.push(compare('max-layers', 'budget', maxLayers, 'layers', 'layers', t.layerCount, maxLayers.value, 'max', grouped(t.layerCount), grouped(maxLayers.value)));
  }

  const maxLayerSize = s['max-layer-size'];
  if (maxLayerSize) {
    const largest = a.layers.filter((l) => !l.emptyLayer).reduce<Analysis['layers'][number] | null>((m, l) => (m === null || l.sizeBytes > m.sizeBytes ? l : m), null);
    const subject = largest ? `largest layer #${largest.index} (${ellipsize(largest.instruction || 'no history', 60)})` : 'largest layer (the image has none)';
    const r = bytesBudget('max-layer-size', maxLayerSize, subject, largest?.sizeBytes ?? 0, maxLayerSize.value.bytes);
    results.push({ ...r, layer: largest?.index ?? null });
  }

  const maxWaste = s['max-waste'];
  if (maxWaste) {
    const { limit, text } = amountLimit(maxWaste.value, t.layerBytes, 'layer bytes');
    results.push(bytesBudget('max-waste', maxWaste, 'waste', t.wasteBytes, limit, text));
  }

  const minEfficiency = s['min-efficiency'];
  if (minEfficiency) {
    const { num, den } = minEfficiency.value;
    // efficiency ≥ num/den  ⟺  waste ≤ layerBytes × (1 − num/den), rounded down to whole bytes.
    const maxWasteBytes = Number((BigInt(t.layerBytes) * (den - num)) / den);
    const ok = t.layerBytes === 0 || t.wasteBytes <= maxWasteBytes;
    const r = compare(
      'min-efficiency',
      'budget',
      minEfficiency,
      'efficiency',
      'ratio',
      t.efficiency,
      Number(num) / Number(den),
      'min',
      `${shareText(t.layerBytes - t.wasteBytes, t.layerBytes)} (waste ${grouped(t.wasteBytes)} B of ${grouped(t.layerBytes)} B)`,
      `${ratioPercentText(minEfficiency.value)} (waste at most ${grouped(maxWasteBytes)} B)`,
    );
    results.push(withStatus(r, ok));
  }

  const maxGrowth = s['max-growth'];
  if (maxGrowth) {
    if (b === null) {
      const limitText = maxGrowth.value.kind === 'bytes' ? bytesText(maxGrowth.value.bytes) : `${percentText(maxGrowth.value)} of the baseline's layer bytes`;
      const limit = maxGrowth.value.kind === 'bytes' ? maxGrowth.value.bytes : null;
      results.push(skipped('max-growth', maxGrowth, 'growth in layer bytes', 'bytes', limit, limitText, 'no baseline to compare with: give --baseline REF, or baseline: in .imgdiet.yml'));
    } else {
      results.push(growth('max-growth', maxGrowth, 'layer bytes', b.totals.layerBytes, t.layerBytes));
      if (b.totals.compressedBytes !== null && t.compressedBytes !== null) {
        results.push(growth('max-compressed-growth', maxGrowth, 'compressed bytes', b.totals.compressedBytes, t.compressedBytes));
      }
    }
  }

  for (const key of ['no-root', 'no-secrets', 'require-healthcheck'] as const) {
    const setting = s[key];
    if (!setting?.value) continue;
    const id = POLICY_FINDINGS[key];
    results.push(policy(key, setting, `${id} findings`, findings, (f) => f.id === id));
  }

  const failOn = s['fail-on'];
  if (failOn) {
    const rank = severityRank(failOn.value);
    results.push(policy('fail-on', failOn, `findings at or above ${failOn.value}`, findings, (f) => severityRank(f.severity) >= rank));
  }

  if (results.length === 0) notes.unshift('no budgets or policies are set: add them to .imgdiet.yml or give them as flags (see docs/check.md)');
  const counts = { pass: 0, fail: 0, skip: 0 };
  for (const r of results) counts[r.status]++;
  return {
    schemaVersion: CHECK_SCHEMA_VERSION,
    kind: 'imgdiet-check',
    tool: { name: 'imgdiet', version: VERSION },
    passed: counts.fail === 0,
    counts,
    config: input.config,
    results,
    findings,
    ignores,
    notes,
    image: summarize(a),
    baseline: b === null ? null : summarize(b),
    dockerfile: input.dockerfile,
  };
}

function whyNoCompressed(a: Analysis): string {
  if (a.source.transport === 'docker-daemon' || a.source.transport === 'docker-archive') {
    return 'docker save stores layers uncompressed, so this image has no compressed size; check the pushed image (docker://…) or an OCI layout to measure it';
  }
  return 'the source does not give every layer\'s compressed size';
}

function compare(
  key: string,
  kind: CheckResult['kind'],
  setting: Setting<unknown>,
  subject: string,
  unit: CheckResult['unit'],
  actual: number,
  limit: number,
  limitIs: 'max' | 'min',
  actualText: string,
  limitText: string,
  extra = '',
): CheckResult {
  const ok = limitIs === 'max' ? actual <= limit : actual >= limit;
  const r: CheckResult = {
    key,
    kind,
    title: CHECK_TITLES[key],
    status: 'pass',
    subject,
    unit,
    actual,
    limit,
    limitIs,
    setting: setting.text,
    from: setting.from,
    actualText,
    limitText,
    detail: extra,
    message: '',
    layer: null,
    findings: [],
  };
  return withStatus(r, ok);
}

/** Sets the status and writes the line: `subject actual ≤ limit L: detail`, with the comparison the status says. */
function withStatus(r: CheckResult, ok: boolean): CheckResult {
  const op = r.limitIs === 'max' ? (ok ? '≤' : '>') : ok ? '≥' : '<';
  return { ...r, status: ok ? 'pass' : 'fail', message: `${r.subject} ${r.actualText} ${op} limit ${r.limitText}${r.detail ? `: ${r.detail}` : ''}` };
}

function bytesBudget(key: string, setting: Setting<unknown>, subject: string, actual: number, limit: number, limitText = bytesText(limit)): CheckResult {
  return compare(key, 'budget', setting, subject, 'bytes', actual, limit, 'max', bytesText(actual), limitText);
}

function skipped(key: string, setting: Setting<unknown>, subject: string, unit: CheckResult['unit'], limit: number | null, limitText: string, why: string): CheckResult {
  return {
    key,
    kind: 'budget',
    title: CHECK_TITLES[key],
    status: 'skip',
    subject,
    unit,
    actual: null,
    limit,
    limitIs: 'max',
    setting: setting.text,
    from: setting.from,
    actualText: 'unknown',
    limitText,
    detail: why,
    message: `${why} (limit ${limitText})`,
    layer: null,
    findings: [],
  };
}

/** A byte limit, or a percentage of `base` rounded down to bytes, with the text that shows both. */
function amountLimit(amount: Amount, base: number, baseName: string, show: (n: number) => string = bytesText): { limit: number; text: string } {
  if (amount.kind === 'bytes') return { limit: amount.bytes, text: show(amount.bytes) };
  const limit = percentOf(amount, base);
  return { limit, text: `${percentText(amount)} of ${baseName} ${bytesText(base)} = ${show(limit)}` };
}

/** after − before against a byte or percentage-of-before limit; the sizes themselves follow the comparison. */
function growth(key: string, setting: Setting<Amount>, what: string, before: number, after: number): CheckResult {
  const { limit, text } = amountLimit(setting.value, before, `the baseline's ${what}`, deltaText);
  return compare(key, 'budget', setting, `growth in ${what}`, 'bytes', after - before, limit, 'max', deltaText(after - before), text, `${bytesText(before)} → ${bytesText(after)}`);
}

function policy(key: string, setting: Setting<boolean> | Setting<Severity>, subject: string, findings: CheckedFinding[], hits: (f: Finding) => boolean): CheckResult {
  const matching = findings.map((f, i) => ({ f, i })).filter(({ f }) => hits(f));
  const active = matching.filter(({ f }) => f.ignoredBy === null);
  const ignored = matching.length - active.length;
  const what = active.slice(0, 3).map(({ f }) => (key === 'fail-on' ? `${f.id} (${f.severity}): ${printable(f.message)}` : printable(f.message)));
  if (active.length > 3) what.push(`… ${active.length - 3} more`);
  const extra = [what.join('; '), ignored > 0 ? `${ignored} ignored` : ''].filter(Boolean).join('; ');
  const r = compare(key, 'policy', setting, subject, 'findings', active.length, 0, 'max', grouped(active.length), '0', extra);
  return { ...r, findings: active.map(({ i }) => i) };
}

/** Marks each finding with the first ignore that matches it; notes ignores that match nothing. */
function applyIgnores(all: Finding[], rules: IgnoreRule[]): { findings: CheckedFinding[]; ignores: IgnoreReport[]; notes: string[] } {
  const notes: string[] = [];
  const ignores: IgnoreReport[] = rules.map((r) => ({ id: r.id, path: r.path, reason: r.reason, from: r.from, matched: 0 }));
  const globs = rules.map((r) => (r.path === null ? null : globToRegExp(r.path)));
  const findings = all.map((f): CheckedFinding => {
    for (let i = 0; i < rules.length; i++) {
      if (rules[i].id !== f.id) continue;
      const glob = globs[i];
      if (glob !== null) {
        if (f.paths.length === 0) continue;
        if (f.pathCount > f.paths.length) {
          notes.push(`${rules[i].from}: the ${f.id} finding "${printable(f.message)}" lists ${f.paths.length} of its ${f.pathCount} paths, so the path glob cannot be checked against all of them; it is not ignored`);
          continue;
        }
        if (!f.paths.every((p) => glob.test(p.path))) continue;
      }
      ignores[i].matched++;
      return { ...f, ignoredBy: { ignore: i, reason: rules[i].reason } };
    }
    return { ...f, ignoredBy: null };
  });
  ignores.forEach((ig) => {
    if (ig.matched === 0) notes.push(`${ig.from}: the ignore of ${ig.id}${ig.path === null ? '' : ` at ${ig.path}`} matched no finding`);
  });
  return { findings, ignores, notes };
}

