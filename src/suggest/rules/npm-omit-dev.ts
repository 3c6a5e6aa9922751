import type { Finding, Package } from '../../model';
import { bytes, describeLayer, files, inBase, runFor, sumBytes, textOf } from '../common';
import { appendRm, cacheRoots, dropCacheDeletions } from '../deletions';
import type { Edit } from '../../dockerfile/edit';
import type { Instruction } from '../../dockerfile/parse';
import { addFlag, appendCommands, calls, runScript } from '../run-text';
import { Command, ManagerCall, managerCall, program, programIndex } from '../../dockerfile/shell';
import type { Proposal, Suggester, SuggestContext } from '../types';
import { compareText } from '../../util/compare';

/** Where npm and yarn keep their caches: a finding's path is cut after this to name the directory. */
const NODE_CACHE = /(?:^|\/)(?:\.npm|\.cache\/yarn|\.yarn\/berry\/cache)(?=\/|$)/;

/** npm subcommands that install a project's dependencies (with no package named). */
const NPM_INSTALL = new Set(['ci', 'install', 'i', 'clean-install', 'isntall']);

const npmProjectInstall = (c: ManagerCall): boolean => c.manager === 'npm' && NPM_INSTALL.has(c.subcommand) && c.operands.length === 0;
const yarnProjectInstall = (c: ManagerCall): boolean => c.manager === 'yarn' && c.subcommand === 'install';

/** A command that needs devDependencies: a package script, npx, or a tool from node_modules/.bin. */
function buildStep(c: Command): boolean {
  const m = managerCall(c);
  if (m && (m.manager === 'npm' || m.manager === 'yarn')) {
    if (m.manager === 'npm' && ['run', 'run-script', 'rum', 'test', 't'].includes(m.subcommand)) return m.operands[0]?.text !== 'start';
    if (m.manager === 'yarn' && !['install', 'add', 'cache', 'start', 'remove', 'config'].includes(m.subcommand)) return true;
    return false;
  }
  const p = program(c);
  const first = c.words[programIndex(c.words)]?.text ?? '';
  return p === 'npx' || p === 'pnpm' || first.includes('node_modules/.bin/');
}

export const npmOmitDev: Suggester = {
  meta: {
    id: 'npm-omit-dev',
    title: 'Install npm packages without devDependencies, and clean npm\'s cache',
    description:
      'An `npm install` or `npm ci` without `--omit=dev` installs the devDependencies (test runners, compilers, ' +
      'linters) along with what the application runs, and npm keeps every tarball it fetched in ~/.npm. The ' +
      'savings are the bytes, measured in the final tree, of the npm packages reached only from the application\'s ' +
      'devDependencies (the packages marked build-only), plus the npm-cache and yarn-cache findings of the RUN, ' +
      'visible or deleted by a later RUN. With --dockerfile, `--omit=dev` is added to that `npm ci`/`npm install` ' +
      '(`--production` to `yarn install`) and `&& npm cache clean --force` (`yarn cache clean`) ends the RUN — ' +
      '`rm -rf` of the cache directories when the RUN installs through a script. When ' +
      'the same RUN builds with the devDependencies after installing them, `npm prune --omit=dev` ends it instead; ' +
      'when a later RUN builds with them, removing them saves nothing in this layer — build in a separate stage ' +
      '(multi-stage) — and only the cache is counted. A node_modules copied in from the build context is counted ' +
      'at low confidence and not edited.',
  },
  suggest(ctx) {
    const dev = ctx.analysis.packages.filter((p) => p.manager === 'npm' && p.buildOnly && p.layer !== null && !inBase(ctx, p.layer) && p.bytes > 0);
    const caches = [...ctx.findings('npm-cache'), ...ctx.findings('yarn-cache')].filter((f) => f.layer !== null && !inBase(ctx, f.layer));
    const layers = [...new Set([...dev.map((p) => p.layer as number), ...caches.map((f) => f.layer as number)])].sort((a, b) => a - b);
    const out: Proposal[] = [];
    for (const layer of layers) {
      const p = proposal(ctx, layer, dev.filter((x) => x.layer === layer), caches.filter((f) => f.layer === layer));
      if (p) out.push(p);
    }
    return out;
  },
};

function proposal(ctx: SuggestContext, layer: number, dev: Package[], caches: Finding[]): Proposal | null {
  const devBytes = dev.reduce((n, p) => n + p.bytes, 0);
  const cacheBytes = sumBytes(caches);
  const kind = ctx.analysis.layers[layer]?.instructionKind;
  const notes: string[] = [];
  let confidence: Proposal['confidence'] = 'high';
  let counted = devBytes + cacheBytes;
  const edits: Edit[] = [];
  if (kind !== 'RUN' && dev.length > 0) {
    confidence = 'low';
    notes.push('node_modules came with a COPY or ADD: install in the image with `npm ci --omit=dev` and keep node_modules out with .dockerignore.');
  }
  // A later RUN that builds needs the devDependencies: the history tells, with or without the Dockerfile.
  const laterBuild = ctx.analysis.layers.find((l) => l.index > layer && l.instructionKind === 'RUN' && (runScript(l.instruction)?.script.commands.some(buildStep) ?? false));
  if (laterBuild && dev.length > 0) {
    counted = cacheBytes;
    notes.push(`A later RUN (${describeLayer(ctx, laterBuild.index)}) builds with the devDependencies, so removing them here saves nothing: build in a separate stage and copy the result (see multi-stage); only the cache is counted.`);
  }
  const run = ctx.dockerfile ? runFor(ctx, layer) : undefined;
  if (run) {
    const plan = planRun(ctx, run, dev.length > 0 && !laterBuild, caches);
    edits.push(...plan.edits);
    if (plan.pruned) notes.push('The RUN builds with the devDependencies, so `npm prune --omit=dev` removes them after the build.');
    edits.push(...dropCacheDeletions(ctx, caches, NODE_CACHE, ['npm', 'yarn']));
  } else if (ctx.dockerfile && kind === 'RUN') notes.push('The layer is not matched to a RUN line of the Dockerfile, so no edit is written.');
  if (counted === 0) return null;
  const parts: string[] = [];
  if (dev.length > 0) parts.push(`${dev.length} package${dev.length === 1 ? '' : 's'} reached only from devDependencies (${bytes(devBytes)}; largest: ${largest(dev)})`);
  if (caches.length > 0) {
    const hidden = caches.some((f) => f.hiddenBy !== null);
    parts.push(`the package manager's cache (${files(caches.reduce((n, f) => n + f.pathCount, 0))}, ${bytes(cacheBytes)}${hidden ? ', partly deleted by a later RUN but still shipped' : ''})`);
  }
  return {
    bytes: counted,
    confidence,
    rationale: `${describeLayer(ctx, layer)} holds ${parts.join(' and ')}.${notes.length > 0 ? ` ${notes.join(' ')}` : ''}`,
    findings: [...new Set(caches.map((f) => f.id))],
    layer,
    edits,
  };
}

interface RunPlan {
  edits: Edit[];
  pruned: boolean;
}

/** The edits of the installing RUN; `omitDev` when its devDependencies can go. */
function planRun(ctx: SuggestContext, run: Instruction, omitDev: boolean, caches: Finding[]): RunPlan {
  const d = ctx.dockerfile!;
  const text = textOf(d, run);
  const script = runScript(text);
  const all = calls(text);
  const npm = all.some(npmProjectInstall);
  const yarn = all.some(yarnProjectInstall);
  const cmds = script?.script.commands ?? [];
  const installAt = cmds.findIndex((c) => {
    const m = managerCall(c);
    return m !== null && (npmProjectInstall(m) || yarnProjectInstall(m));
  });
  const buildsHere = installAt >= 0 && cmds.slice(installAt + 1).some(buildStep);
  const tail: string[] = [];
  let pruned = false;
  const edits: Edit[] = [];
  if (omitDev) {
    if (buildsHere && npm) {
      tail.push('npm prune --omit=dev');
      pruned = true;
    } else if (!buildsHere) {
      edits.push({ op: 'rewrite', at: run, apply: (t) => addFlag(addFlag(t, npmProjectInstall, '--omit=dev'), yarnProjectInstall, '--production') });
    }
  }
  if (npm) tail.push('npm cache clean --force');
  if (yarn) tail.push('yarn cache clean');
  if (tail.length > 0) edits.push({ op: 'rewrite', at: run, apply: (t) => appendCommands(t, tail) });
  else if (caches.length > 0) {
    // Installed by a script or another tool: remove the cache directories at the end.
    const roots = cacheRoots(caches, NODE_CACHE).map((r) => `/${r}`);
    edits.push({ op: 'rewrite', at: run, apply: (t) => appendRm(t, roots) });
  }
  return { edits, pruned };
}

function largest(pkgs: Package[]): string {
  return [...pkgs]
    .sort((a, b) => b.bytes - a.bytes || compareText(a.name, b.name))
    .slice(0, 5)
    .map((p) => `${p.name} ${bytes(p.bytes)}`)
    .join(', ');
}
