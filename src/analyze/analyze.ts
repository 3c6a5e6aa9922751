import type { Analysis, ImageConfig, LayerReport } from '../model';
import { SCHEMA_VERSION } from '../model';
import { changesByLayer, noChanges } from './filesystem/changes';
import { groupDuplicates } from './filesystem/duplicates';
import { ContentHasher } from './filesystem/hash-content';
import { buildFilesystem } from './filesystem/build';
import type { FilesystemModel } from './filesystem/model';
import { buildContext } from './findings/context';
import { duplicateBytesBeyondJunk, runRules } from './findings/find';
import { findPackages, PackageIndex } from './packages';
import { Tree } from './packages/tree';
import { BaseExtras, resolveBase } from './base';
import type { BaseEngineOption } from './base/engine-images';
import { BaseRegistryInput, imageHostOf } from './base/registry-sizes';
import { checkJoin, Join, joinDockerfile } from '../dockerfile/join';
import { Dockerfile, Instruction, readDockerfile } from '../dockerfile/parse';
import { normalizeInstruction } from './history/instruction';
import { joinHistory } from './history/join';
import { openSource, OpenOptions } from './sources/open';
import type { ConfigJson, LayerBlob, Platform, ReadPlan, SourceImage } from './sources/types';
import { walkLayer, LayerWalk } from './layers/walk';
import { parseReference } from './reference';
import { EngineClient } from './sources/engine';
import { DIR_TYPE, EntryTable, OPAQUE, WHITEOUT } from './layers/entry-table';

export interface AnalyzeOptions {
  platform?: Platform;
  /** Engine client to use instead of dockerode's default (DOCKER_HOST). */
  engine?: EngineClient;
  /** Registry credentials as `USER:PASSWORD`; else $IMGDIET_REGISTRY_CREDS or the Docker client's config. */
  creds?: string;
  /** Allow plain http to a registry that is not on loopback. */
  insecure?: boolean;
  /** Registry time limits (--timeout) over the defaults and the environment's. */
  registry?: OpenOptions['registry'];
  /** Hash every local layer blob against its digest, also those read only in part (--verify). */
  verify?: boolean;
  /** Path of the Dockerfile the image was built from: joins layers to lines and lets suggestions patch it. */
  dockerfile?: string;
  /**
   * `flag` (default): the user named it, so it is joined as far as it lines up. `found`: nobody named it (the
   * working directory's), so it is joined only when it matches the history (checkJoin), else left out.
   */
  dockerfileOrigin?: 'flag' | 'found';
  /** Called as blob bytes are read, with the running total, and at each step after (see ProgressEvent). */
  onProgress?: (bytesRead: number, event: ProgressEvent) => void;
  /** Whether base detection asks a Docker engine for the image's base (default `auto`; see BaseEngineOption). */
  baseEngine?: BaseEngineOption;
  /** Registry that serves Docker Hub's names for base-image candidates' sizes, or `off` (see registry-sizes.ts). */
  baseRegistry?: string;
}

export type ProgressPhase = 'reading' | 'indexing' | 'hashing' | 'packages' | 'rules' | 'suggestions';

/** Where an analysis is, for a progress bar. */
export interface ProgressEvent {
  phase: ProgressPhase;
  /** reading: blob bytes read; indexing: layers indexed; else 0. */
  done: number;
  /** What `done` runs up to, when known. */
  total: number | null;
  /** The layer being read or indexed (1-based) and how many there are, when known. */
  layer: { index: number; count: number } | null;
}

export type ProgressListener = (event: ProgressEvent) => void;

/** What the analyze stage knows of an image: everything in the analysis but the advice, and the model it read. */
export interface Measured {
  analyzed: Omit<Analysis, 'suggestions' | 'dockerfile' | 'proposal'>;
  filesystem: FilesystemModel;
  /** The package inventories with the bodies each was measured from and dpkg's database. */
  packageIndex: PackageIndex;
  /** How the base was found and the candidates measured, for the base-image suggestion (not part of the JSON). */
  baseExtras: BaseExtras;
  /** The Dockerfile joined to the image, as parsed, and how (null when none is). */
  dockerfile: Dockerfile | null;
  join: Join | null;
  origin: 'flag' | 'found';
  /** Why a found Dockerfile was not joined, when one was not. */
  dockerfileNote?: string;
  progress?: ProgressListener;
}

const VERSION: string = (require('../../package.json') as { version: string }).version;

/** Reads an image once, streaming, and returns everything imgdiet knows of it. */
export async function measureImage(reference: string, options: AnalyzeOptions = {}): Promise<Measured> {
  // Read first: a bad --dockerfile should fail before the image is read.
  const dockerfile = options.dockerfile === undefined ? null : readDockerfile(options.dockerfile);
  const ref = parseReference(reference);
  const source = openSource(ref, options);
  let read = 0;
  let opened = 0;
  let plan: ReadPlan | null = null;
  const onProgress = options.onProgress;
  const report = onProgress && ((event: ProgressEvent) => onProgress(read, event));
  const readEvent = (): ProgressEvent => ({ phase: 'reading', done: read, total: plan?.bytes ?? null, layer: plan ? { index: Math.max(1, Math.min(opened, plan.layers)), count: plan.layers } : null });
  // Bodies that may be copies are hashed on the second core while later layers are still being read.
  const hasher = new ContentHasher();
  const table = new EntryTable();
  const walk = (blob: LayerBlob): Promise<LayerWalk> => walkLayer(blob, { table, onEntries: (file, t, rows) => hasher.offerEntries(file, t, rows) });
  let image: SourceImage<LayerWalk>;
  try {
    image = await source.read(async (blob) => {
      if (!report) return walk(blob);
      const open = blob.open;
      let streamed = 0;
      opened++;
      report(readEvent());
      const result = await walk({
        ...blob,
        open: async function* counted() {
          for await (const chunk of open()) {
            read += chunk.length;
            streamed += chunk.length;
            report(readEvent());
            yield chunk;
          }
        },
      });
      // A plain tar in a file is indexed by its headers, its contents skipped: it is read all the same.
      if (blob.file && streamed < blob.file.size) {
        read += blob.file.size - streamed;
        report(readEvent());
      }
      return result;
    }, (p) => {
      plan = p;
      report?.(readEvent());
    });
  } catch (err) {
    await hasher.abandon().catch(() => undefined);
    throw err;
  }
  return measureRead(reference, source.transport, image, { dockerfile, dockerfileOrigin: options.dockerfileOrigin, baseEngine: options.baseEngine, hasher, progress: report,
    baseRegistry: { registry: options.baseRegistry, creds: options.creds, insecure: options.insecure, imageHost: imageHostOf(ref) },
  });
}

/** Measures an image already read (the layers walked): sizes, model, packages, findings, base. */
export async function measureRead(
  reference: string,
  transport: Analysis['source']['transport'],
  image: SourceImage<LayerWalk>,
  extra: {
    dockerfile?: Dockerfile | null;
    dockerfileOrigin?: 'flag' | 'found';
    baseEngine?: BaseEngineOption;
    hasher?: ContentHasher;
    baseRegistry?: BaseRegistryInput;
    progress?: ProgressListener;
  } = {},
): Promise<Measured> {
  const step = (phase: ProgressPhase, done = 0, total: number | null = null, layer: ProgressEvent['layer'] = null): void => extra.progress?.({ phase, done, total, layer });
  const steps = joinHistory(image.config, image.layers.length);
  const diffIds = image.config.rootfs?.diff_ids ?? [];
  const modelLayers = steps.flatMap((s, index) => (s.layer === null ? [] : [{ index, walk: image.layers[s.layer].result }]));
  const filesystem = buildFilesystem(modelLayers, (i, n) => step('indexing', i, n, { index: Math.min(i + 1, n), count: n }));
  // The package inventories need no hashes: the worker goes on hashing while this thread reads them.
  const hasher = extra.hasher ?? new ContentHasher();
  let tree: Tree;
  let packageIndex: PackageIndex;
  try {
    step('packages');
    tree = new Tree(filesystem);
    packageIndex = findPackages(filesystem, tree);
  } finally {
    step('hashing');
    await hasher.finish(filesystem, filesystem.visibleInodes);
  }
  const packages = packageIndex.packages;
  const { groups: duplicates, bodies: duplicateBodies } = groupDuplicates(filesystem);

  const changes = changesByLayer(filesystem);
  const hiddenByLayer = new Map<number, number>();
  for (const h of filesystem.hidden) hiddenByLayer.set(h.addedByLayer, (hiddenByLayer.get(h.addedByLayer) ?? 0) + h.bytes);

  const layers: LayerReport[] = steps.map((s, index) => {
    // `docker import` leaves created_by empty and says what it did in the comment.
    const { instruction, kind } = s.createdBy ? normalizeInstruction(s.createdBy) : { instruction: s.comment ?? '', kind: 'OTHER' as const };
    const base = { index, instruction, instructionKind: kind, createdBy: s.createdBy, created: s.created, comment: s.comment };
    if (s.layer === null) {
      return { ...base, digest: null, blobDigest: null, mediaType: null, emptyLayer: true, sizeBytes: 0, compressedBytes: null, hiddenBytes: 0, files: 0, whiteouts: 0, dockerfileLine: null, dockerfileInstruction: null, changes: noChanges() };
    }
    const { descriptor, result: walk } = image.layers[s.layer];
    const diffId = diffIds[s.layer] ?? descriptor.digest;
    const compressed = walk.compression !== 'none';
    return {
      ...base,
      digest: diffId ?? null,
      blobDigest: descriptor.digest && descriptor.digest !== diffId ? descriptor.digest : null,
      mediaType: descriptor.mediaType,
      emptyLayer: false,
      sizeBytes: walk.sizeBytes,
      compressedBytes: compressed ? (descriptor.size ?? walk.blobBytes) : null,
      hiddenBytes: hiddenByLayer.get(index) ?? 0,
      ...entryCounts(walk),
      dockerfileLine: null,
      dockerfileInstruction: null,
      changes: changes.get(index) ?? noChanges(),
    };
  });
  const origin = extra.dockerfileOrigin ?? 'flag';
  let dockerfile = extra.dockerfile ?? null;
  let join = dockerfile ? joinDockerfile(dockerfile, layers) : null;
  let dockerfileNote: string | undefined;
  if (dockerfile && join && origin === 'found') {
    const check = checkJoin(join, layers);
    if (!check.matches) {
      dockerfileNote = `${dockerfile.path} was not joined: ${check.reason}; name the Dockerfile that built the image with --dockerfile`;
      dockerfile = null;
      join = null;
    }
  }
  for (const [index, ins] of join?.byLayer ?? []) {
    layers[index].dockerfileLine = ins.startLine + 1;
    layers[index].dockerfileInstruction = instructionText(dockerfile as Dockerfile, ins);
  }

  const cfg = image.config;
  const config = imageConfig(cfg);
  const ruleContext = buildContext(config, layers, filesystem, packageIndex, { tree, duplicates });
  step('rules');
  const { findings, junk } = runRules(ruleContext);
  const { base, extras: baseExtras } = await resolveBase({
    layers, filesystem, env: ruleContext.env, labels: config.labels, packages, diffIds, dockerfile, join, transport, engine: extra.baseEngine,
    registry: extra.baseRegistry && { ...extra.baseRegistry, platform: { os: cfg.os ?? 'linux', architecture: cfg.architecture ?? 'amd64', variant: cfg.variant } },
  });

  const real = layers.filter((l) => !l.emptyLayer);
  const layerBytes = real.reduce((n, l) => n + l.sizeBytes, 0);
  const hiddenBytes = filesystem.hidden.reduce((n, h) => n + h.bytes, 0);
  const duplicateBytes = duplicates.reduce((n, d) => n + d.wastedBytes, 0);
  const junkBytes = [...junk].reduce((n, i) => n + filesystem.size(i), 0);
  const wasteBytes = hiddenBytes + junkBytes + duplicateBytesBeyondJunk(duplicates, duplicateBodies, junk);
  const compressedKnown = real.length > 0 && real.every((l) => l.compressedBytes !== null);

  const analyzed: Omit<Analysis, 'suggestions' | 'dockerfile' | 'proposal'> = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'imgdiet', version: VERSION },
    source: { reference, transport },
    image: {
      id: image.configDigest,
      manifestDigest: image.manifestDigest,
      tags: image.tags,
      os: cfg.os ?? 'unknown',
      architecture: cfg.architecture ?? 'unknown',
      variant: cfg.variant ?? null,
      created: cfg.created ?? null,
      config,
    },
    totals: {
      layerBytes,
      compressedBytes: compressedKnown ? real.reduce((n, l) => n + (l.compressedBytes ?? 0), 0) : null,
      finalBytes: filesystem.finalBytes,
      hiddenBytes,
      duplicateBytes,
      junkBytes,
      wasteBytes,
      efficiency: layerBytes === 0 ? 1 : 1 - wasteBytes / layerBytes,
      layerCount: real.length,
      finalFiles: filesystem.files.length,
    },
    layers,
    hidden: filesystem.hidden,
    duplicates,
    findings,
    packages,
    base,
  };
  return { analyzed, filesystem, packageIndex, baseExtras, dockerfile, join, origin, dockerfileNote, progress: extra.progress };
}

/** An instruction as written, on one line: continuations joined, comment lines inside it dropped, spaces folded. */
function instructionText(d: Dockerfile, ins: Instruction): string {
  return d.lines
    .slice(ins.startLine, ins.endLine + 1)
    .filter((l, i) => i === 0 || !/^\s*#/.test(l))
    .map((l) => l.replace(/\\\s*$/, ''))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Files (anything but directories) and deletions in a layer, counted without making lists. */
function entryCounts(walk: LayerWalk): { files: number; whiteouts: number } {
  let files = 0;
  let whiteouts = 0;
  const types = walk.table.types;
  for (const e of walk.entries) {
    if (types[e] === WHITEOUT || types[e] === OPAQUE) whiteouts++;
    else if (types[e] !== DIR_TYPE) files++;
  }
  return { files, whiteouts };
}

function imageConfig(cfg: ConfigJson): ImageConfig {
  const c = cfg.config ?? {};
  const hc = c.Healthcheck;
  return {
    user: c.User ?? '',
    entrypoint: c.Entrypoint ?? null,
    cmd: c.Cmd ?? null,
    env: c.Env ?? [],
    workingDir: c.WorkingDir ?? '',
    exposedPorts: Object.keys(c.ExposedPorts ?? {}).sort(),
    labels: c.Labels ?? {},
    stopSignal: c.StopSignal ?? null,
    healthcheck:
      hc && hc.Test && hc.Test.length > 0 && hc.Test[0] !== 'NONE'
        ? {
            test: hc.Test,
            intervalNs: hc.Interval ?? null,
            timeoutNs: hc.Timeout ?? null,
            startPeriodNs: hc.StartPeriod ?? null,
            retries: hc.Retries ?? null,
          }
        : null,
  };
}
