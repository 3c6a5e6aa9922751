import type { Transport } from '../../model';

/** The parts of an image config (OCI / Docker) that imgdiet reads. */
export interface ConfigJson {
  architecture?: string;
  os?: string;
  variant?: string;
  created?: string;
  config?: {
    User?: string;
    Entrypoint?: string[] | null;
    Cmd?: string[] | null;
    Env?: string[] | null;
    WorkingDir?: string;
    ExposedPorts?: Record<string, unknown> | null;
    Labels?: Record<string, string> | null;
    StopSignal?: string;
    Healthcheck?: { Test?: string[]; Interval?: number; Timeout?: number; StartPeriod?: number; Retries?: number };
  };
  rootfs?: { type?: string; diff_ids?: string[] };
  history?: Array<{ created?: string; created_by?: string; comment?: string; empty_layer?: boolean }>;
}

/** What a source knows of a layer blob before reading it. */
export interface LayerDescriptor {
  /** Digest of the blob as stored (equals the diffID for uncompressed layers). */
  digest: string | null;
  mediaType: string | null;
  /** Stored size, when the manifest or file system says it. */
  size: number | null;
}

/** A layer blob as a source hands it over: a stream to read once, and where it lies when it is in a file. */
export interface LayerBlob {
  descriptor: LayerDescriptor;
  /** The blob's bytes; call once. */
  open(): AsyncIterable<Buffer>;
  /** Set when the blob lies whole in a file that can be read at random, so that data can be skipped. */
  file?: { path: string; offset: number; size: number };
}

/** Reads one layer blob. The source calls it for every layer and keeps what it returns. */
export type LayerConsumer<T> = (blob: LayerBlob) => Promise<T>;

export interface SourceImage<T> {
  config: ConfigJson;
  /** sha256 of the config blob: the image id. */
  configDigest: string;
  manifestDigest: string | null;
  tags: string[];
  /** In image order (bottom first), one per entry of rootfs.diff_ids. */
  layers: Array<{ descriptor: LayerDescriptor; result: T }>;
}

/** What a read will take, told once the source knows it (for a progress bar): layers, and bytes when known. */
export interface ReadPlan {
  layers: number;
  bytes: number | null;
}

export type PlanListener = (plan: ReadPlan) => void;

/** The plan of reading these blobs: their count, and their sizes summed when every one is known. */
export function planOf(sizes: Array<number | null | undefined>): ReadPlan {
  const known = sizes.every((s) => typeof s === 'number');
  return { layers: sizes.length, bytes: known ? sizes.reduce<number>((n, s) => n + (s as number), 0) : null };
}

/** Every way to get an image answers the same call; nothing downstream asks where the image came from. */
export interface ImageSource {
  readonly transport: Transport;
  read<T>(consume: LayerConsumer<T>, plan?: PlanListener): Promise<SourceImage<T>>;
}

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}
