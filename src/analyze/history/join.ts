import type { ConfigJson } from '../sources/types';

export interface HistoryStep {
  createdBy: string;
  created: string | null;
  comment: string | null;
  /** Position in the source's layer list, or null for an entry that changed no files. */
  layer: number | null;
}

/**
 * Pairs history entries with layers: every entry not marked empty_layer takes the next layer, in order.
 * A config with missing or short history still gets one step per layer, so no layer goes unreported.
 */
export function joinHistory(config: ConfigJson, layerCount: number): HistoryStep[] {
  const steps: HistoryStep[] = [];
  let next = 0;
  for (const h of config.history ?? []) {
    const takesLayer = !h.empty_layer && next < layerCount;
    steps.push({
      createdBy: h.created_by ?? '',
      created: h.created ?? null,
      comment: h.comment ?? null,
      layer: takesLayer ? next++ : null,
    });
  }
  while (next < layerCount) steps.push({ createdBy: '', created: null, comment: null, layer: next++ });
  return steps;
}
