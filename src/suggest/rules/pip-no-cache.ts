import { bytes, describeLayer, files, findingsByLayer, pathCount, runFor, shipped, textOf } from '../common';
import { appendRm, cacheRoots, dropCacheDeletions } from '../deletions';
import type { Edit } from '../../dockerfile/edit';
import { addFlag, calls } from '../run-text';
import type { ManagerCall } from '../../dockerfile/shell';
import type { Suggester } from '../types';

const FLAG = '--no-cache-dir';
const PIP_CACHE = /(?:^|\/)\.cache\/pip(?=\/|$)/;
const pipInstall = (c: ManagerCall): boolean => c.manager === 'pip' && c.subcommand === 'install';

export const pipNoCache: Suggester = {
  meta: {
    id: 'pip-no-cache',
    title: 'Install Python packages with pip --no-cache-dir',
    description:
      'pip keeps every download and every wheel it builds in its cache (~/.cache/pip), which the installed ' +
      'packages never read. The savings are the bytes of the pip-cache findings of the layer, measured in the ' +
      'image, still visible or deleted by a later RUN (the deletion does not shrink the layer that filled the ' +
      'cache). With --dockerfile, `--no-cache-dir` is added to every `pip install` of the RUN that made the cache; ' +
      'when that RUN runs pip through another program (a script, pipenv), it ends with `rm -rf` of the cache ' +
      'directories instead. A later RUN that runs nothing but rm then loses its `rm` of the cache, and goes when that was all ' +
      'it did.',
  },
  suggest(ctx) {
    return findingsByLayer(ctx, ['pip-cache']).map((g) => {
      const edits: Edit[] = [];
      let how = '';
      const run = ctx.dockerfile ? runFor(ctx, g.layer) : undefined;
      if (run) {
        if (calls(textOf(ctx.dockerfile!, run)).some(pipInstall)) edits.push({ op: 'rewrite', at: run, apply: (t) => addFlag(t, pipInstall, FLAG) });
        else {
          // pip runs from a script or another tool, or something else filled the cache: remove it at the end.
          const roots = cacheRoots(g.findings, PIP_CACHE).map((r) => `/${r}`);
          edits.push({ op: 'rewrite', at: run, apply: (t) => appendRm(t, roots) });
          how = ` The RUN has no \`pip install\` of its own, so it ends with \`rm -rf ${roots.join(' ')}\` instead.`;
        }
        edits.push(...dropCacheDeletions(ctx, g.findings, PIP_CACHE, ['pip']));
      } else if (ctx.dockerfile) how = ' The layer is not matched to a RUN line of the Dockerfile, so no edit is written.';
      return {
        bytes: g.bytes,
        confidence: 'high',
        rationale: `${describeLayer(ctx, g.layer)} left pip's cache: ${files(pathCount(g))}, ${bytes(g.bytes)}${shipped(g)}. With ${FLAG} pip writes no cache at all.${how}`,
        findings: ['pip-cache'],
        layer: g.layer,
        edits,
      };
    });
  },
};
