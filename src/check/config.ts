/**
 * The settings of `imgdiet check`: read from `.imgdiet.yml` (found upward from the working directory, or named
 * with --config) and from flags, which override the file key by key. Every key is known here; an unknown key or a
 * value of the wrong shape is an error naming the file, the line, the key and what is expected.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as YamlLib from 'yaml';
import type { Node as YamlNode, Pair } from 'yaml';
import type { Severity } from '../model';
import { UsageError } from '../errors';
import { readUserFile } from '../util/files';
import { globToRegExp, GlobError } from '../util/glob';
import {

  Amount,
  Bytes,
  describe,
  EXPECT_AMOUNT,
  EXPECT_BOOLEAN,
  EXPECT_COUNT,
  EXPECT_RATIO,
  EXPECT_REFERENCE,
  EXPECT_SEVERITY,
  EXPECT_SIZE,
  parseAmount,
  parseBoolean,
  parseCount,
  parseRatio,
  parseReference,
  parseSeverity,
  parseSize,
  Ratio,
  ValueError,
} from './values';

/** Loaded on first use: only `imgdiet check` reads a settings file, and the parser takes a while to load. */
let yamlLib: typeof YamlLib | undefined;
const yaml = (): typeof YamlLib => (yamlLib ??= require('yaml') as typeof YamlLib);

export const CONFIG_NAME = '.imgdiet.yml';

/** A config file that cannot be used: exit 2, like any other input error. */
export class ConfigError extends UsageError {}

/** An ignore entry: a finding id, an optional glob over the finding's paths, and why. */
export interface IgnoreRule {
  id: string;
  path: string | null;
  reason: string;
  /** `FILE:LINE` of the entry. */
  from: string;
}

/** The value each key takes once parsed. */
export interface SettingValues {
  'max-size': Bytes;
  'max-compressed-size': Bytes;
  'max-layers': number;
  'max-layer-size': Bytes;
  'max-waste': Amount;
  'min-efficiency': Ratio;
  baseline: string;
  'max-growth': Amount;
  'no-root': boolean;
  'no-secrets': boolean;
  'require-healthcheck': boolean;
  'fail-on': Severity;
  ignore: IgnoreRule[];
}

export type SettingKey = keyof SettingValues;

export interface Setting<T> {
  value: T;
  /** As written: `150MB`, `5%`, `true`, `high`. */
  text: string;
  /** `--max-size`, or `FILE:LINE`. */
  from: string;
}

export type Settings = { [K in SettingKey]?: Setting<SettingValues[K]> };

interface KeySpec<K extends SettingKey> {
  parse: (raw: unknown) => SettingValues[K];
  expected: string;
  /** The flag that sets it; none for keys only a file can hold. */
  flag: string | null;
}

const KEYS: { [K in SettingKey]: KeySpec<K> } = {
  'max-size': { parse: parseSize, expected: EXPECT_SIZE, flag: '--max-size' },
  'max-compressed-size': { parse: parseSize, expected: EXPECT_SIZE, flag: '--max-compressed-size' },
  'max-layers': { parse: parseCount, expected: EXPECT_COUNT, flag: '--max-layers' },
  'max-layer-size': { parse: parseSize, expected: EXPECT_SIZE, flag: '--max-layer-size' },
  'max-waste': { parse: (raw) => parseAmount(raw, true), expected: EXPECT_AMOUNT, flag: '--max-waste' },
  'min-efficiency': { parse: parseRatio, expected: EXPECT_RATIO, flag: '--min-efficiency' },
  baseline: { parse: parseReference, expected: EXPECT_REFERENCE, flag: '--baseline' },
  'max-growth': { parse: (raw) => parseAmount(raw, true), expected: EXPECT_AMOUNT, flag: '--max-growth' },
  'no-root': { parse: parseBoolean, expected: EXPECT_BOOLEAN, flag: '--no-root' },
  'no-secrets': { parse: parseBoolean, expected: EXPECT_BOOLEAN, flag: '--no-secrets' },
  'require-healthcheck': { parse: parseBoolean, expected: EXPECT_BOOLEAN, flag: '--require-healthcheck' },
  'fail-on': { parse: parseSeverity, expected: EXPECT_SEVERITY, flag: '--fail-on' },
  ignore: { parse: () => [], expected: 'a list of {id, path, reason} entries', flag: null },
};

export const SETTING_KEYS = Object.keys(KEYS) as SettingKey[];
const IGNORE_KEYS = ['id', 'path', 'reason'];

/** The nearest `.imgdiet.yml` in `dir` or above it, or null. */
export function findConfig(dir: string): string | null {
  let at = path.resolve(dir);
  for (;;) {
    const candidate = path.join(at, CONFIG_NAME);
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
    const up = path.dirname(at);
    if (up === at) return null;
    at = up;
  }
}

/** Reads and checks a config file. `file` is used in messages as given. */
export function loadConfig(file: string): Settings {
  return parseConfig(readUserFile(file, file, `give the path of a ${CONFIG_NAME} file`), file);
}

/** Checks the text of a config file; `file` names it in messages. */
export function parseConfig(text: string, file: string): Settings {
  const lines = new (yaml().LineCounter)();
  const doc = yaml().parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const lineOf = (node: YamlNode | null | undefined | unknown): number | null => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? lines.linePos(range[0]).line : null;
  };
  const where = (node: unknown): string => {
    const line = lineOf(node);
    return line === null ? file : `${file}:${line}`;
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const at = e.pos ? `${file}:${lines.linePos(e.pos[0]).line}` : file;
    throw new ConfigError(`${at}: not valid YAML: ${e.message.split('\n')[0]}`);
  }
  const root = doc.contents;
  if (root === null || (yaml().isScalar(root) && (root.value === null || root.value === ''))) return {};
  if (!yaml().isMap(root)) throw new ConfigError(`${where(root)}: expected a mapping of settings such as "max-size: 150MB", not ${describe(root.toJSON())}`);

  const settings: Settings = {};
  for (const pair of root.items as Pair<unknown, unknown>[]) {
    const keyNode = pair.key;
    const key = yaml().isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
    const at = where(keyNode);
    if (!Object.prototype.hasOwnProperty.call(KEYS, key)) {
      const near = closest(key, SETTING_KEYS);
      throw new ConfigError(`${at}: unknown key "${key}"${near ? ` (did you mean "${near}"?)` : ''}; expected one of ${SETTING_KEYS.join(', ')}`);
    }
    const k = key as SettingKey;
    if (k === 'ignore') {
      settings.ignore = { value: parseIgnores(pair.value, where), text: 'ignore', from: at };
      continue;
    }
    const valueNode = pair.value;
    const raw = yaml().isScalar(valueNode) ? valueNode.value : valueNode && typeof (valueNode as YamlNode).toJSON === 'function' ? (valueNode as YamlNode).toJSON() : valueNode;
    try {
      setValue(settings, k, raw, at);
    } catch (err) {
      if (err instanceof ValueError) throw new ConfigError(`${at}: ${k}: ${err.message}`);
      throw err;
    }
  }
  return settings;
}

function setValue<K extends SettingKey>(settings: Settings, key: K, raw: unknown, from: string): void {
  const spec = KEYS[key];
  const value = spec.parse(raw);
  (settings as Record<string, Setting<unknown>>)[key] = { value, text: typeof raw === 'string' ? raw.trim() : String(raw), from };
}

function parseIgnores(node: unknown, where: (n: unknown) => string): IgnoreRule[] {
  if (node === null || (yaml().isScalar(node) && node.value === null)) return [];
  if (!yaml().isSeq(node)) throw new ConfigError(`${where(node)}: ignore: expected a list of entries such as "- {id: apt-lists, reason: ...}"`);
  return node.items.map((item, i) => {
    const label = `ignore[${i}]`;
    if (!yaml().isMap(item)) throw new ConfigError(`${where(item)}: ${label}: expected a mapping with id, reason and an optional path`);
    const fields = new Map<string, unknown>();
    for (const pair of item.items as Pair<unknown, unknown>[]) {
      const k = yaml().isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (!IGNORE_KEYS.includes(k)) throw new ConfigError(`${where(pair.key)}: ${label}: unknown key "${k}"; expected id, path and reason`);
      fields.set(k, yaml().isScalar(pair.value) ? pair.value.value : pair.value);
    }
    const text = (k: string, what: string, required: boolean): string | null => {
      const v = fields.get(k);
      if (v === undefined || v === null) {
        if (required) throw new ConfigError(`${where(item)}: ${label}: ${k} is missing; expected ${what}`);
        return null;
      }
      if (typeof v !== 'string' || v.trim() === '') throw new ConfigError(`${where(item)}: ${label}.${k}: ${describe(v)} is not ${what}`);
      return v.trim();
    };
    const id = text('id', 'a finding id such as apt-lists', true) as string;
    const glob = text('path', 'a path glob such as /var/cache/**', false);
    const reason = text('reason', 'a sentence saying why this finding is accepted', true) as string;
    if (glob !== null) {
      try {
        globToRegExp(glob);
      } catch (err) {
        if (err instanceof GlobError) throw new ConfigError(`${where(item)}: ${label}.path: ${err.message}`);
        throw err;
      }
    }
    return { id, path: glob, reason, from: where(item) };
  });
}

/** The flags `imgdiet check` takes for settings, as commander hands them over. */
export interface SettingFlags {
  maxSize?: string;
  maxCompressedSize?: string;
  maxLayers?: string;
  maxLayerSize?: string;
  maxWaste?: string;
  minEfficiency?: string;
  baseline?: string;
  maxGrowth?: string;
  /** commander's negatable options: `--no-root` sets `root` to false. */
  root?: boolean;
  secrets?: boolean;
  requireHealthcheck?: boolean;
  failOn?: string;
}

/** Settings from flags; a bad value is a usage error naming the flag. */
export function settingsFromFlags(flags: SettingFlags): Settings {
  const given: [SettingKey, unknown][] = [
    ['max-size', flags.maxSize],
    ['max-compressed-size', flags.maxCompressedSize],
    ['max-layers', flags.maxLayers],
    ['max-layer-size', flags.maxLayerSize],
    ['max-waste', flags.maxWaste],
    ['min-efficiency', flags.minEfficiency],
    ['baseline', flags.baseline],
    ['max-growth', flags.maxGrowth],
    ['no-root', flags.root === false ? true : undefined],
    ['no-secrets', flags.secrets === false ? true : undefined],
    ['require-healthcheck', flags.requireHealthcheck ? true : undefined],
    ['fail-on', flags.failOn],
  ];
  const settings: Settings = {};
  for (const [key, raw] of given) {
    if (raw === undefined) continue;
    const flag = KEYS[key].flag as string;
    try {
      setValue(settings, key, raw, flag);
    } catch (err) {
      if (err instanceof ValueError) throw new UsageError(`${flag}: ${err.message}`);
      throw err;
    }
  }
  return settings;
}

/** The file's settings with the flags' on top, key by key. */
export function mergeSettings(file: Settings, flags: Settings): Settings {
  return { ...file, ...flags };
}

/** Settings that cannot work together, refused before any image is read. */
export function checkConsistent(settings: Settings): void {
  const baseline = settings.baseline;
  if (baseline && !settings['max-growth']) {
    const where = baseline.from.startsWith('--') ? '--baseline' : `${baseline.from}: baseline`;
    throw new ConfigError(`${where} is set but max-growth is not, so there is nothing to compare; add --max-growth (bytes or a percentage; 0 allows no growth) or max-growth: in ${CONFIG_NAME}`);
  }
}

/** The key closest to a misspelt one, when it is close enough to be a likely typo. */
function closest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 4)) ? best : null;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}
