import type { Finding } from '../../model';
import { bytes, describeLayer, files, findingsByLayer, inBase, runFor, sumBytes, textOf } from '../common';
import { dropCacheDeletions } from '../deletions';
import type { Edit } from '../../dockerfile/edit';
import { finalStage, Instruction } from '../../dockerfile/parse';
import { appendCommands, calls, onlyCommands, prependBefore, removeParts } from '../run-text';
import { Command, managerCall } from '../../dockerfile/shell';
import type { Proposal, Suggester, SuggestContext } from '../types';

const LISTS = 'rm -rf /var/lib/apt/lists/*';
const CLEAN = 'apt-get clean';
const APT_ROOT = /^var\/(?:lib\/apt\/lists|cache\/apt)(?=\/|$)/;

const isInstall = (c: Command): boolean => {
  const m = managerCall(c);
  return m?.manager === 'apt' && m.subcommand !== 'update' && ['install', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep', 'reinstall'].includes(m.subcommand);
};
const isUpdate = (c: Command): boolean => {
  const m = managerCall(c);
  return m?.manager === 'apt' && m.subcommand === 'update';
};

export const aptCleanup: Suggester = {
  meta: {
    id: 'apt-cleanup',
    title: 'Remove apt\'s lists and cache in the same RUN',
    description:
      '`apt-get update` downloads the package lists into /var/lib/apt/lists and installs may leave .deb files and ' +
      'binary caches in /var/cache/apt; none is read once the packages are installed. The savings are the bytes of ' +
      'the apt-lists and apt-cache findings of the layer, measured in the image, visible or deleted by a later RUN ' +
      '(a later deletion does not shrink the layer that downloaded them). With --dockerfile, the RUN that installs ' +
      'ends with `&& rm -rf /var/lib/apt/lists/*` (with `apt-get clean` before it when a package cache was found). ' +
      'An `apt-get update` in a RUN of its own moves into each RUN that installs with the lists it downloaded — ' +
      'the lists must be there for the install, and a separate update layer goes stale in the build cache — and a ' +
      'later RUN that runs nothing but rm loses its `rm` of the lists, and goes when that was all it did.',
  },
  suggest(ctx) {
    const out: Proposal[] = [];
    for (const { layer, findings: group, bytes: total, hiddenBy } of findingsByLayer(ctx, ['apt-lists', 'apt-cache'])) {
      const lists = group.filter((f) => f.id === 'apt-lists');
      const cache = group.filter((f) => f.id === 'apt-cache');
      const parts = [
        lists.length > 0 ? `package lists (${files(count(lists))}, ${bytes(sumBytes(lists))})` : '',
        cache.length > 0 ? `package cache (${files(count(cache))}, ${bytes(sumBytes(cache))})` : '',
      ].filter(Boolean);
      const edits = ctx.dockerfile ? editsFor(ctx, layer, group, cache.length > 0) : null;
      out.push({
        bytes: total,
        confidence: 'high',
        rationale:
          `${describeLayer(ctx, layer)} left apt's ${parts.join(' and ')}` +
          (hiddenBy.length > 0 ? `; ${hiddenBy.map((h) => `layer ${h}`).join(' and ')} deleted some of it, but it still ships in layer ${layer}` : ', still in the final image') +
          '. Removing them at the end of the RUN that installs keeps them out of every layer.' +
          (edits?.note ? ` ${edits.note}` : ''),
        findings: [...new Set(group.map((f) => f.id))],
        layer,
        edits: edits?.edits ?? [],
      });
    }
    return out;
  },
};

function count(findings: Finding[]): number {
  return findings.reduce((n, f) => n + f.pathCount, 0);
}

/**
 * The RUN that downloaded the lists, and the RUNs after it that install with them (up to the next update), each end
 * with the clean-up; an update-only RUN goes, its update moving into those RUNs.
 */
function editsFor(ctx: SuggestContext, layer: number, group: Finding[], clean: boolean): { edits: Edit[]; note: string } {
  const d = ctx.dockerfile!;
  const run = runFor(ctx, layer);
  if (!run) return { edits: [], note: 'The layer is not matched to a RUN line of the Dockerfile, so no edit is written.' };
  const text = textOf(d, run);
  const own = calls(text).filter((c) => c.manager === 'apt');
  const body = finalStage(d).body;
  const users: Instruction[] = [];
  for (const ins of body.filter((i) => i.index > run.index && i.kind === 'RUN')) {
    const t = textOf(d, ins);
    if (calls(t).some((c) => c.manager === 'apt' && c.subcommand === 'update')) break;
    if (calls(t).some((c) => c.manager === 'apt' && isInstall(c.command))) users.push(ins);
  }
  const cleanup = clean ? [CLEAN, LISTS] : [LISTS];
  const edits: Edit[] = [];
  const updateOnly = own.length > 0 && own.every((c) => c.subcommand === 'update') && !own.some((c) => isInstall(c.command));
  if (updateOnly && users.length > 0) {
    edits.push(onlyCommands(text, isUpdate) ? { op: 'remove', at: run } : { op: 'rewrite', at: run, apply: (t) => removeParts(t, { command: isUpdate }) });
  } else if (own.length > 0 || users.length === 0) {
    edits.push({ op: 'rewrite', at: run, apply: (t) => appendCommands(t, cleanup) });
  }
  for (const ins of users) {
    edits.push({ op: 'rewrite', at: ins, apply: (t) => appendCommands(prependBefore(t, isInstall, 'apt-get update', isUpdate), cleanup) });
  }
  // A later RUN that deletes the lists is left alone when it is one that now cleans up itself.
  const cleaning = new Set([run, ...users]);
  const deletedElsewhere = group.filter((f) => f.hiddenBy !== null && !cleaning.has(ctx.instructionFor(f.hiddenBy) as Instruction));
  edits.push(...dropCacheDeletions(ctx, deletedElsewhere, APT_ROOT, ['apt'], (r) => !inBase(ctx, r.addedByLayer)));
  const note = updateOnly && users.length > 0 ? `The \`apt-get update\` of its own RUN moves into the RUN${users.length > 1 ? 's' : ''} that install${users.length > 1 ? '' : 's'}.` : '';
  return { edits, note };
}
