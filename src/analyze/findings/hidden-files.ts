import type { HiddenFile, HiddenReason, LayerReport } from '../../model';
import { ellipsize, formatBytes } from '../../report/units';
import type { Rule, RuleHit } from './types';

const VERB: Record<HiddenReason, string> = {
  overwritten: 'overwritten',
  deleted: 'deleted',
  opaque: 'hidden (opaque directory)',
  replaced: 'removed (its directory became a file)',
};

/**
 * Every stored version a later layer hides, one finding per (layer that added it, layer that hid it). The bytes
 * are totals.hiddenBytes already, so the hits name no bodies: hidden bodies are never junk (see runRules).
 */
export const hiddenFiles: Rule = {
  meta: {
    id: 'hidden-files',
    category: 'waste',
    severity: 'medium',
    title: 'Hidden files',
    description:
      'A layer is an archive that is never rewritten: when a later instruction deletes a file, overwrites it, or ' +
      'replaces its directory, the old version disappears from the container\'s view but its bytes are still ' +
      'downloaded and stored with the layer that added it. This rule reports every such version, grouped by the ' +
      'layer that added it and the layer that hid it, so that each finding names the two instructions to bring ' +
      'together. Caches and junk deleted in a later layer are reported by their own rules as well, with the same ' +
      'bytes: this rule is the total, theirs say what the bytes were.',
    fix: 'Delete files in the same RUN that creates them, and order or narrow the COPY instructions so that no later layer overwrites or removes what an earlier one added.',
  },
  check(ctx) {
    const groups = new Map<string, HiddenFile[]>();
    for (const h of ctx.filesystem.hidden) {
      if (h.bytes === 0) continue;
      const key = `${h.addedByLayer}:${h.hiddenByLayer}`;
      const list = groups.get(key);
      if (list) list.push(h);
      else groups.set(key, [h]);
    }
    return [...groups.values()].map((files) => hiddenHit(files, ctx.layers));
  },
};

function hiddenHit(files: HiddenFile[], layers: LayerReport[]): RuleHit {
  const { addedByLayer: layer, hiddenByLayer: hiddenBy } = files[0];
  const bytes = files.reduce((n, h) => n + h.bytes, 0);
  const paths = files.map((h) => ({ path: h.path, bytes: h.bytes })).sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path));
  const how = [...new Set(files.map((h) => VERB[h.reason]))].join(' or ');
  const count = `${files.length} file${files.length === 1 ? '' : 's'}, ${formatBytes(bytes)}`;
  const message = `${count} added by ${describe(layers, layer)}, ${how} by ${describe(layers, hiddenBy)}, still shipped in layer ${layer}`;
  return { message, bytes, paths, layer, hiddenBy };
}

function describe(layers: LayerReport[], index: number): string {
  const instruction = layers[index]?.instruction;
  return instruction ? `layer ${index} (${ellipsize(instruction, 60)})` : `layer ${index}`;
}
