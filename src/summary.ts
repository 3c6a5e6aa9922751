/**
 * What check and diff both state of an image: its name, platform, totals, layers and the proposal, taken from
 * the analysis as they are.
 */
import type { Analysis, InstructionKind, ProposalSummary, Totals, Transport } from './model';

export interface LayerSummary {
  index: number;
  instruction: string;
  instructionKind: InstructionKind;
  emptyLayer: boolean;
  digest: string | null;
  sizeBytes: number;
  compressedBytes: number | null;
}

/** The part of an analysis a check report carries: what the image is and its totals and layers. */
export interface AnalysisSummary {
  reference: string;
  transport: Transport;
  id: string;
  tags: string[];
  /** os/architecture[/variant] */
  platform: string;
  totals: Totals;
  layers: LayerSummary[];
  /** What the proposed changes would save (informational: no check reads it). */
  proposal: ProposalSummary;
}

export function summarize(a: Analysis): AnalysisSummary {
  return {
    reference: a.source.reference,
    transport: a.source.transport,
    id: a.image.id,
    tags: a.image.tags,
    platform: [a.image.os, a.image.architecture, a.image.variant].filter(Boolean).join('/'),
    totals: a.totals,
    layers: a.layers.map((l) => ({
      index: l.index,
      instruction: l.instruction,
      instructionKind: l.instructionKind,
      emptyLayer: l.emptyLayer,
      digest: l.digest,
      sizeBytes: l.sizeBytes,
      compressedBytes: l.compressedBytes,
    })),
    proposal: a.proposal,
  };
}
