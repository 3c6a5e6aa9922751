/**
 * The analysis object: the one thing every renderer reads and the JSON contract (`--json`).
 * Bump SCHEMA_VERSION on any change that removes or renames a field; adding fields keeps it.
 * All sizes are exact bytes. Layer indexes refer to `layers[].index` (history order, empty layers included).
 */
export const SCHEMA_VERSION = 1;

export type Transport = 'docker-daemon' | 'docker-archive' | 'oci' | 'oci-archive' | 'docker';

export interface Analysis {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: { name: 'imgdiet'; version: string };
  source: SourceInfo;
  image: ImageInfo;
  totals: Totals;
  layers: LayerReport[];
  hidden: HiddenFile[];
  duplicates: DuplicateGroup[];
  /** What the rules found, most severe and largest first. */
  findings: Finding[];
  /** Packages installed in the final tree, by manager. */
  packages: Package[];
  /** Which layers are the base image, and what it runs. */
  base: BaseInfo;
  /** What to change, ranked by bytes saved. */
  suggestions: Suggestion[];
  /** The Dockerfile given with --dockerfile, as read; null without one. */
  dockerfile: DockerfileInfo | null;
  /** What the proposed changes save together, each byte once. */
  proposal: ProposalSummary;
}

export interface SourceInfo {
  /** The reference as the user gave it. */
  reference: string;
  transport: Transport;
}

export interface ImageInfo {
  /** Image id: the digest of the config blob. */
  id: string;
  /** Manifest digest when the source knows it (OCI layouts, registries). */
  manifestDigest: string | null;
  /** Tags the source names for this image (RepoTags, OCI ref names). */
  tags: string[];
  os: string;
  architecture: string;
  variant: string | null;
  created: string | null;
  config: ImageConfig;
}

export interface ImageConfig {
  user: string;
  entrypoint: string[] | null;
  cmd: string[] | null;
  env: string[];
  workingDir: string;
  exposedPorts: string[];
  labels: Record<string, string>;
  stopSignal: string | null;
  healthcheck: Healthcheck | null;
}

export interface Healthcheck {
  test: string[];
  intervalNs: number | null;
  timeoutNs: number | null;
  startPeriodNs: number | null;
  retries: number | null;
}

export interface Totals {
  /** Sum of regular-file bytes over all layers (what `docker history` adds up). */
  layerBytes: number;
  /** Sum of compressed layer blobs; null when the source does not know every one. */
  compressedBytes: number | null;
  /** Bytes of regular files visible in the final tree (hard links counted once). */
  finalBytes: number;
  /** Bytes stored in layers but not visible at the end. */
  hiddenBytes: number;
  /** (N−1)×size summed over groups of visible files with the same content. */
  duplicateBytes: number;
  /** Visible bytes the waste rules flag (caches, copied-in junk), each body once. */
  junkBytes: number;
  /** Reclaimable bytes, each counted once: hidden + junk + the duplicate copies that are not junk already. */
  wasteBytes: number;
  /** 1 − waste / layerBytes (1 for an image with no bytes). */
  efficiency: number;
  /** Layers that carry a filesystem change (non-empty history entries). */
  layerCount: number;
  /** Visible non-directory paths in the final tree. */
  finalFiles: number;
}

export type InstructionKind =
  | 'FROM' | 'RUN' | 'COPY' | 'ADD' | 'ENV' | 'ARG' | 'LABEL' | 'CMD' | 'ENTRYPOINT' | 'WORKDIR' | 'USER'
  | 'EXPOSE' | 'VOLUME' | 'HEALTHCHECK' | 'SHELL' | 'STOPSIGNAL' | 'ONBUILD' | 'MAINTAINER' | 'OTHER';

export interface LayerReport {
  /** Position in the image history (0 = oldest), empty layers included. */
  index: number;
  /** diffID (sha256 of the uncompressed tar); null for an empty layer. */
  digest: string | null;
  /** Digest of the stored blob when it differs from the diffID (compressed layers). */
  blobDigest: string | null;
  mediaType: string | null;
  /** Normalised instruction text, e.g. `RUN apt-get update`. */
  instruction: string;
  instructionKind: InstructionKind;
  /** The raw `created_by` of the history entry. */
  createdBy: string;
  created: string | null;
  comment: string | null;
  emptyLayer: boolean;
  /** Regular-file bytes in this layer's tar. */
  sizeBytes: number;
  /** Size of the stored (compressed) blob; null when unknown. */
  compressedBytes: number | null;
  /** Regular-file bytes this layer added that a later layer hides. */
  hiddenBytes: number;
  /** Non-directory entries (files, links), whiteouts excluded. */
  files: number;
  /** Whiteout and opaque markers in this layer. */
  whiteouts: number;
  /** 1-based line of the Dockerfile instruction that made this layer, with --dockerfile; else null. */
  dockerfileLine: number | null;
  /** That instruction as written (continuation lines joined, white space folded), with --dockerfile; else null. */
  dockerfileInstruction: string | null;
  /** What this layer did to the regular files below it (README, "What the numbers mean"). */
  changes: LayerChanges;
}

export interface ChangeCount {
  files: number;
  bytes: number;
}

/**
 * Per-layer changes on regular files. added: no visible regular file at that path below; modified: replaces one;
 * removed: visible regular files below that this layer takes away (bytes: the lower file's). A path written twice
 * in one layer counts once, as its last entry. Hard links, symlinks and directories are counted apart.
 */
export interface LayerChanges {
  added: ChangeCount;
  /** replacedBytes: the bytes of the lower files they replace (the layer's net growth is added + modified − replaced − removed). */
  modified: ChangeCount & { replacedBytes: number };
  removed: ChangeCount;
  /** Hard-link, symlink and directory entries this layer wrote (not in the counts above). */
  hardlinks: number;
  symlinks: number;
  directories: number;
  /** The layer's largest changed directories and files, largest first (bounded). */
  top: ChangedPath[];
}

export type ChangeKind = 'added' | 'modified' | 'removed';

export interface ChangedPath {
  /** No leading slash; '' is the root. */
  path: string;
  /** A directory aggregates the changed regular files below it. */
  type: 'dir' | 'file';
  /** For a file its change; for a directory the one change all files below share, else 'mixed'. */
  change: ChangeKind | 'mixed';
  files: number;
  bytes: number;
}

/** One suggestion the proposal carries out and the bytes it adds to the saving (each byte once). */
export interface AppliedSuggestion {
  id: string;
  layer: number | null;
  bytes: number;
}

/**
 * The image after the proposed changes. basis `dockerfile`: the suggestions the proposed Dockerfile (and
 * .dockerignore) carry out; `image`: without a Dockerfile, the suggestions that need no Dockerfile text.
 */
export interface ProposalSummary {
  basis: 'dockerfile' | 'image';
  /** Projected layer bytes of the image built from the proposal: totals.layerBytes − savingsBytes. */
  layerBytes: number;
  /** Σ applied[].bytes. */
  savingsBytes: number;
  /** The same in compressed bytes; null when unknown. */
  compressedSavingsBytes: number | null;
  applied: AppliedSuggestion[];
}

export type HiddenReason = 'overwritten' | 'deleted' | 'opaque' | 'replaced';

export interface HiddenFile {
  path: string;
  bytes: number;
  /** Layer index that added this version. */
  addedByLayer: number;
  /** Layer index that made it invisible. */
  hiddenByLayer: number;
  /** overwritten: a later entry at the path; deleted: a whiteout; opaque: an opaque directory;
   *  replaced: an ancestor directory was replaced by a non-directory. */
  reason: HiddenReason;
}

export interface DuplicateGroup {
  sha256: string;
  /** Size of one copy. */
  sizeBytes: number;
  /** One visible path per distinct body with this content (hard links to a body are one), sorted. */
  paths: string[];
  /** (copies − 1) × sizeBytes. */
  wastedBytes: number;
}

export type Category = 'waste' | 'security' | 'practice';
export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';
/** Least severe first: findings sort by it, --fail-on and the CI reports compare by it. */
export const SEVERITIES: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

/** 0 for info up to 4 for critical. */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export interface FindingPath {
  path: string;
  bytes: number;
}

export interface Finding {
  /** Stable rule id; docs at docs/rules/<id>.md. */
  id: string;
  category: Category;
  severity: Severity;
  title: string;
  /** What was found here, in one sentence. */
  message: string;
  /** Bytes removing it would reclaim (0 for findings that are not about size). */
  bytes: number;
  /** The files involved, largest first (at most 100; `pathCount` has them all). */
  paths: FindingPath[];
  pathCount: number;
  /** Layer index that added these bytes, when one did. */
  layer: number | null;
  /** Layer index that already deleted them — they still ship, stored in `layer`. */
  hiddenBy: number | null;
  /** What to change, in one sentence. */
  fix: string;
  /** Path of the rule's doc page in this repository. */
  docs: string;
}

export type PackageManager = 'dpkg' | 'apk' | 'pip' | 'npm';

export interface Package {
  manager: PackageManager;
  name: string;
  version: string;
  /** Bytes of the package's files visible in the final tree. */
  bytes: number;
  /** Layer index that installed it (that added its metadata), when known. */
  layer: number | null;
  /** Needed to build, not to run: compilers, headers, git, npm devDependencies. */
  buildOnly: boolean;
  /** Where its metadata lies (database or manifest path). */
  source: string;
}

export interface RuntimeInfo {
  name: 'python' | 'node' | 'go' | 'java' | 'ruby';
  version: string;
  /** Where it was seen: an env variable (`ENV PYTHON_VERSION`) or a path in the image. */
  evidence: string;
}

export interface BaseInfo {
  /** History index of the base image's last entry; null when no boundary could be found. */
  lastLayer: number | null;
  /** How the boundary was found. */
  method: 'engine-image' | 'registry-image' | 'dockerfile' | 'label' | 'history' | 'none';
  /** The base's name when known (`python:3.12`). */
  name: string | null;
  /** Regular-file bytes of the base's layers. */
  layerBytes: number;
  /** From /etc/os-release of the final tree. */
  distro: { id: string; versionId: string | null; prettyName: string | null } | null;
  runtimes: RuntimeInfo[];
}

export type Confidence = 'high' | 'medium' | 'low';

export interface Suggestion {
  /** Stable id; docs at docs/suggestions/<id>.md. */
  id: string;
  title: string;
  savings: {
    /** Uncompressed bytes the change removes from the image, measured in it. */
    bytes: number;
    /** The same in compressed (pushed) bytes, from the layer's own compression ratio; null when unknown. */
    compressedBytes: number | null;
  };
  confidence: Confidence;
  /** Why, with the figures it rests on. */
  rationale: string;
  /** Ids of the findings this acts on. */
  findings: string[];
  /** Layer index the change is about, when one. */
  layer: number | null;
  /** The change to the Dockerfile as a unified diff, when --dockerfile was given and it can be written; else null. */
  dockerfile: string | null;
}

export interface DockerfileInfo {
  path: string;
  /** `flag`: named with --dockerfile; `found`: ./Dockerfile, joined because its instructions match the history. */
  origin: 'flag' | 'found';
  /** Instructions of the final stage matched to history, in order; unmatched layers have dockerfileLine null. */
  matched: number;
  /** The whole proposed Dockerfile (all suggestions applied) as a unified diff; null when nothing changes. */
  proposedDiff: string | null;
  /** Entries a .dockerignore should have for the junk found; empty when none. */
  dockerignore: string[];
}

/** `imgdiet analyze REF --layer N --json`: one layer and every path it changed. */
export interface LayerChangesReport {
  layer: number;
  instruction: string;
  changes: LayerChanges;
  /** Every changed path of the layer, sorted by path (see LayerPath). */
  paths: LayerPath[];
}

/** One path a layer changed. Regular files carry bytes (added/modified: this layer's; removed: the lower file's). */
export interface LayerPath {
  /** No leading slash. */
  path: string;
  type: 'file' | 'hardlink' | 'symlink' | 'dir' | 'other';
  change: ChangeKind;
  bytes: number;
}

/**
 * One node of the directory summary the treemap draws. `dir` nodes list their children; `more` is a directory
 * whose content was summarised (the page's node budget ran out); `other` is the bucket of a directory's smaller
 * entries beyond the ones listed; `file` is any non-directory.
 */
export interface TreeNode {
  name: string;
  /** Regular-file bytes under it (each body once: a hard link's other names add 0). */
  bytes: number;
  /** Non-directory paths under it. */
  files: number;
  kind: 'dir' | 'more' | 'other' | 'file';
  /** Largest first; only for `dir`. */
  children?: TreeNode[];
}
