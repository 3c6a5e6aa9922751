import { formatBytes } from '../../../util/units';
import type { Rule } from '../types';

/**
 * The redundant copies of identical visible files, as totals.duplicateBytes counts them. The hit names no bodies
 * on purpose: runRules counts the bodies of waste hits as junk, and a copy is not junk — totals add the copies
 * that are not junk already (duplicateBytesBeyondJunk), so that every byte is counted once.
 */
export const duplicateFiles: Rule = {
  meta: {
    id: 'duplicate-files',
    category: 'waste',
    severity: 'low',
    title: 'Duplicate files',
    description:
      'Visible files with the same content stored more than once: a group of N copies of S bytes wastes (N−1)×S. ' +
      'Hard links inside one layer are one file and do not count. Copies usually come from copying the same ' +
      'files twice (a COPY of a directory a RUN also writes to), from `cp` instead of a link, or from a later ' +
      'layer re-adding what an earlier one has. The finding lists the redundant copies (every path of a group but ' +
      'the first, by name), the groups that waste most first.',
    fix: 'Keep one copy: copy each file into the image once, or make the other paths symlinks (or hard links in the same layer) to it.',
  },
  check(ctx) {
    const groups = ctx.duplicates();
    if (groups.length === 0) return [];
    const paths = groups.flatMap((g) => g.paths.slice(1).map((path) => ({ path, bytes: g.sizeBytes })));
    const bytes = groups.reduce((n, g) => n + g.wastedBytes, 0);
    const message =
      `${groups.length} group${groups.length === 1 ? '' : 's'} of identical files: ` +
      `${paths.length} redundant cop${paths.length === 1 ? 'y' : 'ies'}, ${formatBytes(bytes)}`;
    return [{ message, bytes, paths, layer: null, hiddenBy: null }];
  },
};
