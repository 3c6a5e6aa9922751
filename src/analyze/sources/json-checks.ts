import { InputError } from '../../errors';
import { digestProblem } from './digest';
import type { Descriptor, IndexJson, ManifestJson } from './oci-index';
import type { ConfigJson } from './types';

/** Largest metadata file read (manifest.json, index.json, a manifest, a config): real ones are a few kB to a MB. */
export const MAX_JSON_BYTES = 16 * 1024 * 1024;
/** Deepest nesting of arrays and objects accepted: image metadata nests a handful of levels. */
export const MAX_JSON_DEPTH = 64;
/** Most layers one image may list (Docker's overlay stops at 128), and most images one index may list. */
export const MAX_LAYERS = 1000;
export const MAX_MANIFESTS = 10_000;

/** Parses metadata JSON, refusing it by size and by nesting depth before JSON.parse sees it. */
export function parseJson(raw: Buffer, what: string): unknown {
  if (raw.length > MAX_JSON_BYTES) throw tooLarge(what, raw.length);
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_JSON_DEPTH) throw new InputError(`${what} nests deeper than ${MAX_JSON_DEPTH} levels`);
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new InputError(`${what} is not valid JSON`);
  }
}

export function tooLarge(what: string, bytes: number): InputError {
  return new InputError(`${what} is ${bytes} bytes, larger than the ${MAX_JSON_BYTES}-byte limit for image metadata`);
}

/** Type checks that name the file and the field that is wrong. */
class Check {
  constructor(readonly what: string) {}

  fail(field: string, problem: string): never {
    throw new InputError(`${this.what}: ${field.replace(/^\./, '') || 'the top level'} ${problem}`);
  }

  object(v: unknown, field: string): Record<string, unknown> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(field, 'is not an object');
    return v as Record<string, unknown>;
  }

  optString(o: Record<string, unknown>, key: string, field: string): void {
    if (o[key] !== undefined && typeof o[key] !== 'string') this.fail(`${field}.${key}`, 'is not a string');
  }

  /** An array (or, when `nullable`, null or absent) of at most `max` items that each pass `item`. */
  array(v: unknown, field: string, max: number, item: (x: unknown, field: string) => void, nullable = false): void {
    if (nullable && (v === undefined || v === null)) return;
    if (!Array.isArray(v)) this.fail(field, 'is not an array');
    if (v.length > max) this.fail(field, `lists ${v.length} items, more than the limit of ${max}`);
    v.forEach((x, i) => item(x, `${field}[${i}]`));
  }

  string = (v: unknown, field: string): void => {
    if (typeof v !== 'string') this.fail(field, 'is not a string');
  };

  strings(o: Record<string, unknown>, key: string, field: string): void {
    this.array(o[key], `${field}.${key}`, 100_000, this.string, true);
  }

  /** An object of string values (labels, annotations), or null or absent. */
  stringMap(v: unknown, field: string): void {
    if (v === undefined || v === null) return;
    for (const [k, x] of Object.entries(this.object(v, field))) if (typeof x !== 'string') this.fail(`${field}["${k.slice(0, 40)}"]`, 'is not a string');
  }

  size(v: unknown, field: string): void {
    if (!Number.isSafeInteger(v) || (v as number) < 0) this.fail(field, 'is not a non-negative integer');
  }

  descriptor = (v: unknown, field: string): void => {
    const d = this.object(v, field);
    const bad = digestProblem(d.digest);
    if (bad) this.fail(`${field}.digest`, bad);
    if (d.size !== undefined) this.size(d.size, `${field}.size`);
    this.optString(d, 'mediaType', field);
    this.stringMap(d.annotations, `${field}.annotations`);
    if (d.platform !== undefined) {
      const p = this.object(d.platform, `${field}.platform`);
      for (const key of ['os', 'architecture', 'variant']) this.optString(p, key, `${field}.platform`);
    }
  };
}

export interface DockerManifestEntry {
  Config: string;
  RepoTags?: string[] | null;
  Layers: string[];
}

/** `docker save`'s manifest.json: one entry per image. */
export function checkDockerManifest(v: unknown, what: string): DockerManifestEntry[] {
  const c = new Check(what);
  c.array(v, '', MAX_MANIFESTS, (x, field) => {
    const e = c.object(x, field);
    c.string(e.Config, `${field}.Config`);
    c.strings(e, 'RepoTags', field);
    c.array(e.Layers, `${field}.Layers`, MAX_LAYERS, c.string);
  });
  return v as DockerManifestEntry[];
}

/** An OCI index (index.json, or a nested index), or an image manifest: whichever `v` is. */
export function checkManifestOrIndex(v: unknown, what: string): ManifestJson {
  const c = new Check(what);
  const m = c.object(v, '');
  c.optString(m, 'mediaType', '');
  if (m.schemaVersion !== undefined && typeof m.schemaVersion !== 'number') c.fail('schemaVersion', 'is not a number');
  c.array(m.manifests, 'manifests', MAX_MANIFESTS, c.descriptor, true);
  if (m.config !== undefined) c.descriptor(m.config, 'config');
  c.array(m.layers, 'layers', MAX_LAYERS, c.descriptor, true);
  c.stringMap(m.annotations, 'annotations');
  return m as ManifestJson;
}

export function checkIndex(v: unknown, what: string): IndexJson {
  const m = checkManifestOrIndex(v, what);
  if (!Array.isArray(m.manifests)) new Check(what).fail('manifests', 'is missing');
  return m as IndexJson;
}

/** The image config: every field imgdiet reads, with its type. */
export function checkConfig(v: unknown, what: string): ConfigJson {
  const c = new Check(what);
  const cfg = c.object(v, '');
  for (const key of ['architecture', 'os', 'variant', 'created']) c.optString(cfg, key, '');
  if (cfg.config !== undefined && cfg.config !== null) {
    const run = c.object(cfg.config, 'config');
    for (const key of ['User', 'WorkingDir', 'StopSignal']) c.optString(run, key, 'config');
    for (const key of ['Entrypoint', 'Cmd', 'Env']) c.strings(run, key, 'config');
    if (run.ExposedPorts !== undefined && run.ExposedPorts !== null) c.object(run.ExposedPorts, 'config.ExposedPorts');
    c.stringMap(run.Labels, 'config.Labels');
    if (run.Healthcheck !== undefined && run.Healthcheck !== null) {
      const h = c.object(run.Healthcheck, 'config.Healthcheck');
      c.strings(h, 'Test', 'config.Healthcheck');
      for (const key of ['Interval', 'Timeout', 'StartPeriod', 'Retries']) {
        if (h[key] !== undefined && typeof h[key] !== 'number') c.fail(`config.Healthcheck.${key}`, 'is not a number');
      }
    }
  } else if (cfg.config === null) delete cfg.config;
  if (cfg.rootfs !== undefined) {
    const r = c.object(cfg.rootfs, 'rootfs');
    c.optString(r, 'type', 'rootfs');
    c.array(r.diff_ids, 'rootfs.diff_ids', MAX_LAYERS, (x, field) => {
      const bad = digestProblem(x);
      if (bad) c.fail(field, bad);
    }, true);
  }
  c.array(cfg.history, 'history', 10_000, (x, field) => {
    const h = c.object(x, field);
    for (const key of ['created', 'created_by', 'comment']) c.optString(h, key, field);
    if (h.empty_layer !== undefined && typeof h.empty_layer !== 'boolean') c.fail(`${field}.empty_layer`, 'is not true or false');
  }, true);
  return cfg as ConfigJson;
}

/** A descriptor's digest and size, for the few places that hold one outside a checked document. */
export function checkDescriptor(v: unknown, what: string, field: string): Descriptor {
  new Check(what).descriptor(v, field);
  return v as Descriptor;
}
