/**
 * The diff object: what `imgdiet diff OLD NEW` computes and every diff renderer reads (text, JSON, Markdown), and
 * the JSON contract of `--json` (see docs/diff.md). Renderers only lay it out; every delta, order and key is
 * computed in src/diff/. Bump DIFF_SCHEMA_VERSION on any change that removes or renames a field; adding fields
 * keeps it. Sizes are exact bytes; a delta is always new − old. Layer indexes refer to the image named by the
 * side they sit on (`old.index` to OLD's history, `new.index` to NEW's), as in the analysis object.
 */
import type { AnalysisSummary } from '../summary';
import type { Finding, InstructionKind, PackageManager } from '../model';

export const DIFF_SCHEMA_VERSION = 1;

export interface ImageDiff {
  schemaVersion: typeof DIFF_SCHEMA_VERSION;
  kind: 'imgdiet-diff';
  tool: { name: 'imgdiet'; version: string };
  old: ImageSummary;
  new: ImageSummary;
  totals: TotalsDiff;
  /** Every layer that changes files, of both images, aligned: oldest first. Empty layers are left out. */
  layers: LayerDiff[];
  /** Layer bytes per instruction (all layers with one instruction key together), where anything differs;
   *  largest |delta| first. */
  instructions: InstructionDelta[];
  files: FilesDiff;
  packages: PackagesDiff;
  findings: FindingsDiff;
}

/** What an image is, as its analysis said: the same summary a check report carries for its image and baseline
 *  (reference, transport, id, tags, platform, totals, and every history entry with its size). */
export type ImageSummary = AnalysisSummary;

export interface Delta {
  old: number;
  new: number;
  /** new − old */
  delta: number;
}

export interface TotalsDiff {
  layerBytes: Delta;
  /** Null unless both images know the size of every compressed layer blob. */
  compressedBytes: Delta | null;
  finalBytes: Delta;
  hiddenBytes: Delta;
  duplicateBytes: Delta;
  junkBytes: Delta;
  wasteBytes: Delta;
  /** Ratios 0..1; the delta is in ratio points. */
  efficiency: Delta;
  layerCount: Delta;
  finalFiles: Delta;
}

/**
 * shared: the same diffID in both images. changed: different diffIDs paired by instruction key. added: only in
 * NEW. removed: only in OLD.
 */
export type LayerStatus = 'shared' | 'changed' | 'added' | 'removed';

export interface LayerSide {
  /** Position in that image's history (empty layers included), as `layers[].index` of its analysis. */
  index: number;
  /** diffID */
  digest: string | null;
  instruction: string;
  sizeBytes: number;
  compressedBytes: number | null;
}

export interface LayerDiff {
  status: LayerStatus;
  /** The instruction key the layers were paired by (see instructionKey in src/diff/layers.ts). */
  key: string;
  instructionKind: InstructionKind;
  /** NEW's instruction text, or OLD's for a removed layer. */
  instruction: string;
  old: LayerSide | null;
  new: LayerSide | null;
  /** new size − old size: the whole size of an added layer, minus the whole size of a removed one, 0 when shared. */
  deltaBytes: number;
  /** Null unless both sides (or the one side there is) know the compressed size. */
  deltaCompressedBytes: number | null;
}

export interface InstructionDelta {
  key: string;
  instructionKind: InstructionKind;
  /** NEW's text of the instruction, or OLD's when NEW has no layer with this key. */
  instruction: string;
  /** Layers with this key in each image. */
  oldLayers: number;
  newLayers: number;
  oldBytes: number;
  newBytes: number;
  deltaBytes: number;
}

export type FileChangeKind = 'added' | 'removed' | 'grown' | 'shrunk' | 'changed';

/** A visible non-directory path of the final tree that differs. */
export interface FileChange {
  /** No leading slash, as in the analysis. */
  path: string;
  /** Content bytes (0 for symlinks and other non-regular entries); null on the side that lacks the path. */
  oldBytes: number | null;
  newBytes: number | null;
  deltaBytes: number;
  /** Layer index that put the path there in each image; null on the side that lacks it. */
  oldLayer: number | null;
  newLayer: number | null;
}

/** Per kind, largest change first (|deltaBytes|, then size, then path); `changed` has deltaBytes 0. */
export interface FilesDiff {
  added: FileChange[];
  removed: FileChange[];
  grown: FileChange[];
  shrunk: FileChange[];
  /** Same size, different content: sha256 known on both sides and different, a symlink that points elsewhere, or
   *  an entry of another type (a file that became a symlink of the same size). */
  changed: FileChange[];
  /** deltaBytes summed per kind: added > 0, removed < 0, grown > 0, shrunk < 0, changed 0. */
  bytes: Record<FileChangeKind, number>;
  /** Same-size regular files whose content could not be compared because a hash is missing (0 in practice:
   *  the diff hashes what the analysis did not). */
  notCompared: number;
}

export interface PackageChange {
  manager: PackageManager;
  name: string;
  oldVersion: string | null;
  newVersion: string | null;
  oldBytes: number | null;
  newBytes: number | null;
  deltaBytes: number;
}

/** Packages matched by manager and name. Each list largest |deltaBytes| first, then by manager and name. */
export interface PackagesDiff {
  added: PackageChange[];
  removed: PackageChange[];
  /** Same manager and name, another version (imgdiet does not order versions: a downgrade is listed here too). */
  upgraded: PackageChange[];
}

export interface KeyedFinding extends Finding {
  /** What the finding is matched by across the two images; see findingKeys in src/diff/findings.ts. */
  key: string;
}

export interface FindingsDiff {
  /** Findings of NEW whose key OLD has not; layer indexes are NEW's. Most severe, then largest first. */
  new: KeyedFinding[];
  /** Findings of OLD whose key NEW has not; layer indexes are OLD's. */
  fixed: KeyedFinding[];
  /** Findings whose key both images have. */
  kept: number;
}
