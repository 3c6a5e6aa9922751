import type { Analysis, Confidence, Finding } from '../model';
import type { FilesystemModel } from '../analyze/filesystem/model';
import type { BaseExtras } from '../analyze/base';
import type { PackageIndex } from '../analyze/packages';
import type { Edit } from '../dockerfile/edit';
import type { Join } from '../dockerfile/join';
import type { Dockerfile, Instruction } from '../dockerfile/parse';

export interface SuggesterMeta {
  /** Stable, kebab-case; a retired id is never reused. */
  id: string;
  title: string;
  /** One paragraph: what the change is and how its savings are measured. */
  description: string;
}

/** What a suggester proposes; the runner adds id, compressed savings and the Dockerfile diff. */
export interface Proposal {
  /** Overrides the meta title when the proposal is more specific ("Use python:3.12-slim"). */
  title?: string;
  bytes: number;
  confidence: Confidence;
  rationale: string;
  findings: string[];
  layer: number | null;
  /** Layers whose compression ratio converts `bytes` to compressed bytes (default: `layer`). */
  ratioLayers?: number[];
  /** Changes to the Dockerfile, when one was given. */
  edits?: Edit[];
  /** Entries for a proposed .dockerignore. */
  dockerignore?: string[];
}

export interface Suggester {
  meta: SuggesterMeta;
  suggest(ctx: SuggestContext): Proposal[];
}

/** Everything a suggester may read: the analysis (findings and packages included) and the Dockerfile. */
export interface SuggestContext {
  analysis: Omit<Analysis, 'suggestions' | 'proposal'>;
  filesystem: FilesystemModel;
  /** The bodies each package was measured from and dpkg's database, beside `analysis.packages`. */
  packageIndex: PackageIndex;
  /** How base detection found the base, and the candidates it measured, beside `analysis.base`. */
  baseExtras: BaseExtras;
  dockerfile: Dockerfile | null;
  join: Join | null;
  /** The final-stage instruction that made a layer, with --dockerfile. */
  instructionFor(layer: number | null): Instruction | undefined;
  findings(id: string): Finding[];
}
