import type { HiddenReason, LayerReport } from '../../../model';
import type { FilesystemModel, Inode } from '../../filesystem/model';
import { ellipsize, formatBytes } from '../../../util/units';
import type { Rule, RuleHit } from '../types';
import { compareText } from '../../../util/compare';

const VERB: Record<HiddenReason, string> = {
  overwritten: 'overwritten',
  deleted: 'deleted',
  opaque: 'hidden (opaque directory)',
  replaced: 'removed (its directory became a file)',
};

/**
 * Every stored version a later layer hides and no earlier waste rule explains (a deleted apt cache is reported
 * as apt-cache, with hiddenBy), one finding per (layer that added it, layer that hid it). Hidden bytes are
 * in totals.hiddenBytes already, so the hits name no bodies: hidden bodies are never junk (see runRules).
 */
export const hiddenFiles: Rule = {
  readsClaims: true,
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
      'together. Caches and junk deleted in a later layer are reported by their own rules (with the layer that ' +
      'deleted them) and left out here, so that no byte is in two findings; totals.hiddenBytes has them all.',
    fix: 'Delete files in the same RUN that creates them, and order or narrow the COPY instructions so that no later layer overwrites or removes what an earlier one added.',
  },
  check(ctx) {
    const fs = ctx.filesystem;
    const groups = new Map<string, Inode[]>();
    for (const h of fs.inodes) {
      const hiddenBy = fs.hiddenBy(h);
      if (hiddenBy === null || fs.size(h) === 0 || ctx.claimed.has(h)) continue;
      const key = `${fs.layer(h)}:${hiddenBy}`;
      const list = groups.get(key);
      if (list) list.push(h);
      else groups.set(key, [h]);
    }
    return [...groups.values()].map((files) => hiddenHit(fs, files, ctx.layers));
  },
};

function hiddenHit(fs: FilesystemModel, files: Inode[], layers: LayerReport[]): RuleHit {
  const layer = fs.layer(files[0]);
  const hiddenBy = fs.hiddenBy(files[0]) as number; // only hidden bodies are grouped
  const bytes = files.reduce((n, h) => n + fs.size(h), 0);
  const paths = files.map((h) => ({ path: fs.path(h), bytes: fs.size(h) })).sort((a, b) => b.bytes - a.bytes || compareText(a.path, b.path));
  const how = [...new Set(files.map((h) => VERB[fs.hiddenReason(h) as HiddenReason]))].join(' or ');
  const count = `${files.length} file${files.length === 1 ? '' : 's'}, ${formatBytes(bytes)}`;
  const message = `${count} added by ${describe(layers, layer)}, ${how} by ${describe(layers, hiddenBy)}, still shipped in layer ${layer}`;
  return { message, bytes, paths, layer, hiddenBy };
}

function describe(layers: LayerReport[], index: number): string {
  const instruction = layers[index]?.instruction;
  return instruction ? `layer ${index} (${ellipsize(instruction, 60)})` : `layer ${index}`;
}
