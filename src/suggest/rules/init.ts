import type { ImageConfig } from '../../model';
import { packageFamily, shipsDistroless, startEdit, textOf } from '../common';
import type { AnchoredEdit, Edit } from '../../dockerfile/edit';
import { Dockerfile, finalStage, Instruction } from '../../dockerfile/parse';
import { addOperand, calls } from '../run-text';
import type { ManagerCall } from '../../dockerfile/shell';
import { execFormText, instructionArgv } from '../../dockerfile/arguments';
import type { Proposal, Suggester } from '../types';

/** `staticRun` installs the static build (`PATH-static`), where `run` does not: Debian's tini package has both. */
const TINI: Record<'apt' | 'apk', { path: string; run: string; staticRun?: string; installs: (c: ManagerCall) => boolean }> = {
  apt: {
    path: '/usr/bin/tini',
    run: 'RUN apt-get update && apt-get install -y --no-install-recommends tini && apt-get clean && rm -rf /var/lib/apt/lists/*',
    installs: (c) => c.manager === 'apt' && c.subcommand === 'install',
  },
  apk: {
    path: '/sbin/tini',
    run: 'RUN apk add --no-cache tini',
    staticRun: 'RUN apk add --no-cache tini-static',
    installs: (c) => c.manager === 'apk' && c.subcommand === 'add' && !c.options.some((o) => o === '-t' || o.startsWith('--virtual')),
  },
};

export const init: Suggester = {
  meta: {
    id: 'init',
    title: 'Start through an init (tini)',
    description:
      'The first program of ENTRYPOINT (or CMD) runs as PID 1, which gets no default signal handlers and must reap ' +
      'orphaned processes: without an init, `docker stop` waits out its grace period and zombies pile up. Needs ' +
      '--dockerfile and the no-init finding. Nothing shrinks (0 bytes; tini itself adds a small package). The edit ' +
      'installs tini from the distribution\'s packages — added to the last `apt-get install` or `apk add` of the ' +
      'final stage, or in a new RUN right after FROM — and starts through it: `tini --` goes in front of the ' +
      'ENTRYPOINT the Dockerfile sets, or, without one, `ENTRYPOINT ["tini", "--"]` (with the absolute path of the ' +
      'distribution\'s tini) goes before CMD, keeping an ENTRYPOINT the base image set, and repeating the base\'s ' +
      'CMD, which a new ENTRYPOINT resets. In a distroless runtime stage that multi-stage adds, the stage before it ' +
      'installs tini and the runtime stage copies its static build (`tini-static`) to /tini. On an image with ' +
      'neither apt nor apk, run the container with `--init`.',
  },
  suggest(ctx) {
    const d = ctx.dockerfile;
    if (!d || ctx.findings('no-init').length === 0) return [];
    const family = packageFamily(ctx);
    if (family === null) {
      return [proposal('The image has neither apt nor apk to install tini from: run the container with `docker run --init`, or copy a static tini in.', [], 'medium')];
    }
    const tini = TINI[family];
    const config = ctx.analysis.image.config;
    // Found in the file as written for the rationale; the edits find them again in the stage that ships.
    const { existing, entry } = sites(d, tini);
    const edits: Edit[] = [{ op: 'final-stage', edits: (f) => (shipsDistroless(d, f) ? staticTini(f, tini, config) : startThroughTini(f, tini, config)) }];
    const how = entry
      ? `\`${tini.path} --\` goes in front of the ENTRYPOINT (Dockerfile line ${entry.startLine + 1}).`
      : `\`ENTRYPOINT ["${tini.path}", "--"${(config.entrypoint ?? []).length > 0 ? ', …the base\'s entrypoint' : ''}]\` goes before CMD.`;
    return [
      proposal(
        `PID 1 is not an init, so it ignores SIGTERM unless it handles it and leaves orphaned processes as zombies. ` +
          `tini is installed from the distribution's packages (${existing ? `in the RUN at Dockerfile line ${existing.startLine + 1}` : 'in a new RUN after FROM'}) and ${how}`,
        edits,
        'high',
      ),
    ];
  },
};

type Tini = (typeof TINI)['apt'];

/** The final stage's last RUN that installs packages, and its ENTRYPOINT. */
function sites(d: Dockerfile, tini: Tini): { existing?: Instruction; entry?: Instruction } {
  const body = [...finalStage(d).body].reverse();
  return { existing: body.find((i) => i.kind === 'RUN' && calls(textOf(d, i)).some(tini.installs)), entry: body.find((i) => i.kind === 'ENTRYPOINT') };
}

/** Installs tini in the final stage and starts through it. */
function startThroughTini(d: Dockerfile, tini: Tini, config: ImageConfig): AnchoredEdit[] {
  const stage = finalStage(d);
  const { existing, entry } = sites(d, tini);
  const edits: AnchoredEdit[] = [existing ? { op: 'rewrite', at: existing, apply: (t) => addOperand(t, tini.installs, 'tini') } : { op: 'after', at: stage.from, lines: [tini.run] }];
  if (entry) {
    edits.push({ op: 'replace', at: entry, lines: [`ENTRYPOINT ${execFormText([tini.path, '--', ...instructionArgv(entry)])}`] });
    return edits;
  }
  const lines = [`ENTRYPOINT ${execFormText([tini.path, '--', ...(config.entrypoint ?? [])])}`];
  // A new ENTRYPOINT resets the CMD the base image set.
  if (!stage.body.some((i) => i.kind === 'CMD') && config.cmd) lines.push(`CMD ${execFormText(config.cmd)}`);
  edits.push(startEdit(d, lines));
  return edits;
}

/**
 * A distroless runtime stage can install nothing: the stage before it installs the distribution's tini, whose
 * package also holds a static build, and the runtime stage copies that one in and starts through it.
 */
function staticTini(d: Dockerfile, tini: Tini, config: ImageConfig): AnchoredEdit[] {
  const build = d.stages[d.stages.length - 2];
  if (!build) return startThroughTini(d, tini, config);
  const stage = finalStage(d);
  const from = build.name ?? String(d.stages.length - 2);
  const entry = stage.body.find((i) => i.kind === 'ENTRYPOINT');
  const argv = entry ? instructionArgv(entry) : (config.entrypoint ?? []);
  const edits: AnchoredEdit[] = [
    { op: 'after', at: build.from, lines: [tini.staticRun ?? tini.run] },
    { op: 'after', at: stage.from, lines: [`COPY --from=${from} ${tini.path}-static /tini`] },
  ];
  const start = `ENTRYPOINT ${execFormText(['/tini', '--', ...argv])}`;
  if (entry) edits.push({ op: 'replace', at: entry, lines: [start] });
  else {
    const lines = [start];
    if (!stage.body.some((i) => i.kind === 'CMD') && config.cmd) lines.push(`CMD ${execFormText(config.cmd)}`);
    edits.push(startEdit(d, lines));
  }
  return edits;
}

function proposal(rationale: string, edits: Edit[], confidence: Proposal['confidence']): Proposal {
  return { bytes: 0, confidence, rationale, findings: ['no-init'], layer: null, edits };
}
