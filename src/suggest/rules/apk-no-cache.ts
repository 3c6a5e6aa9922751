import { bytes, describeLayer, files, findingsByLayer, LayerFindings, pathCount, runFor, shipped, textOf } from '../common';
import { dropCacheDeletions } from '../deletions';
import type { Edit } from '../../dockerfile/edit';
import { finalStage } from '../../dockerfile/parse';
import { addFlag, calls, onlyCommands, removeParts } from '../run-text';
import { Command, ManagerCall, managerCall } from '../../dockerfile/shell';
import type { Suggester, SuggestContext } from '../types';

const FLAG = '--no-cache';
const adds = (c: ManagerCall): boolean => c.manager === 'apk' && (c.subcommand === 'add' || c.subcommand === 'upgrade');
const isUpdate = (c: Command): boolean => {
  const m = managerCall(c);
  return m?.manager === 'apk' && m.subcommand === 'update';
};

export const apkNoCache: Suggester = {
  meta: {
    id: 'apk-no-cache',
    title: 'Install Alpine packages with apk add --no-cache',
    description:
      '`apk update`, and `apk add` with a cache, leave the repository indexes and packages in /var/cache/apk. ' +
      '`apk add --no-cache` fetches a fresh index, uses it and keeps nothing, so no `apk update` is needed either. ' +
      'The savings are the bytes of the apk-cache findings of the layer, measured in the image, visible or deleted ' +
      'by a later RUN. With --dockerfile, `--no-cache` is added to the `apk add` (and `apk upgrade`) of the RUN ' +
      'that made the cache and of the RUNs after it that relied on its index, `apk update` is taken out of them ' +
      '(a RUN that only updated goes), and a later RUN that runs nothing but rm loses its `rm` of the cache.',
  },
  suggest(ctx) {
    return findingsByLayer(ctx, ['apk-cache']).map((g) => ({
      bytes: g.bytes,
      confidence: 'high',
      rationale:
        `${describeLayer(ctx, g.layer)} left apk's cache: ${files(pathCount(g))}, ${bytes(g.bytes)}${shipped(g)}. ` +
        `\`apk add ${FLAG}\` keeps no index or package, and needs no \`apk update\`.` +
        (ctx.dockerfile && !runFor(ctx, g.layer) ? ' The layer is not matched to a RUN line of the Dockerfile, so no edit is written.' : ''),
      findings: ['apk-cache'],
      layer: g.layer,
      edits: ctx.dockerfile ? editsFor(ctx, g) : [],
    }));
  },
};

function editsFor(ctx: SuggestContext, g: LayerFindings): Edit[] {
  const d = ctx.dockerfile!;
  const run = runFor(ctx, g.layer);
  if (!run) return [];
  const edits: Edit[] = [];
  // This RUN and the later ones that add packages with its index, up to the next update.
  const runs = [run];
  for (const ins of finalStage(d).body.filter((i) => i.index > run.index && i.kind === 'RUN')) {
    const c = calls(textOf(d, ins));
    if (c.some((x) => x.manager === 'apk' && x.subcommand === 'update')) break;
    if (c.some((x) => adds(x) && !x.options.includes(FLAG))) runs.push(ins);
  }
  for (const ins of runs) {
    const text = textOf(d, ins);
    if (onlyCommands(text, isUpdate)) {
      if (runs.length > 1) edits.push({ op: 'remove', at: ins });
      continue;
    }
    edits.push({ op: 'rewrite', at: ins, apply: (t) => removeParts(addFlag(t, adds, FLAG), { command: isUpdate }) });
  }
  edits.push(...dropCacheDeletions(ctx, g.findings, /^(?:var\/cache\/apk|etc\/apk\/cache)(?=\/|$)/, ['apk']));
  return edits;
}
