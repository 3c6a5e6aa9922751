import { parsePasswd } from '../../analyze/findings/context';
import { hasProgram, shipsDistroless, startEdit } from '../common';
import { finalStage } from '../../dockerfile/parse';
import type { Suggester, SuggestContext } from '../types';

const UID = 10001;

export const user: Suggester = {
  meta: {
    id: 'user',
    title: 'Run as an unprivileged user',
    description:
      'With no USER the container\'s process runs as root, and any compromise of the application has root in the ' +
      'container. Needs --dockerfile and the root-user finding, and acts when the final stage has no USER. Nothing ' +
      'shrinks (0 bytes). The edit creates a user with a fixed uid and switches to it just before CMD or ENTRYPOINT: ' +
      '`RUN useradd --create-home --uid 10001 app` where the image has useradd (Debian, Ubuntu…), `RUN adduser -D ' +
      '-u 10001 app` on Alpine and other BusyBox images, and only `USER nonroot` or `USER 10001` on an image with ' +
      'neither (distroless), and `USER nonroot:nonroot` in a distroless runtime stage that multi-stage adds. Files ' +
      'the application writes at run time must then be writable by that user ' +
      '(`COPY --chown=app:app`), and it cannot listen on ports below 1024.',
  },
  suggest(ctx) {
    const d = ctx.dockerfile;
    if (!d || ctx.findings('root-user').length === 0) return [];
    const users = finalStage(d).body.filter((i) => i.kind === 'USER');
    const ports = ctx.analysis.image.config.exposedPorts.map((p) => Number(p.split('/')[0])).filter((p) => p > 0 && p < 1024);
    const portNote = ports.length > 0 ? ` The image exposes port ${ports.join(', ')}: an unprivileged user cannot listen below 1024, so move the application to a higher port.` : '';
    if (users.length > 0) {
      const last = users[users.length - 1];
      return [
        {
          bytes: 0,
          confidence: 'medium',
          rationale: `The final stage switches to \`USER ${last.args}\` (Dockerfile line ${last.startLine + 1}), which is root: switch to an unprivileged user after the steps that need root.${portNote}`,
          findings: ['root-user'],
          layer: null,
          edits: [],
        },
      ];
    }
    const { lines, how } = userLines(ctx);
    return [
      {
        bytes: 0,
        confidence: 'high',
        rationale:
          `The final stage has no USER, so the process runs as root. ${how} Files the application writes at run time must be writable by it (\`COPY --chown=app:app\`).` +
          portNote,
        findings: ['root-user'],
        layer: null,
        // In a distroless runtime stage a RUN cannot run: its own unprivileged user is there already.
        edits: [{ op: 'final-stage', edits: (f) => [startEdit(f, shipsDistroless(d, f) ? ['USER nonroot:nonroot'] : lines)] }],
      },
    ];
  },
};

function userLines(ctx: SuggestContext): { lines: string[]; how: string } {
  if (hasProgram(ctx, 'useradd')) {
    return { lines: [`RUN useradd --create-home --uid ${UID} app`, 'USER app'], how: `Create a user with useradd (uid ${UID}) and switch to it before the container starts.` };
  }
  if (hasProgram(ctx, 'adduser') || ctx.analysis.base.distro?.id === 'alpine') {
    return { lines: [`RUN adduser -D -u ${UID} app`, 'USER app'], how: `Create a user with BusyBox adduser (uid ${UID}) and switch to it before the container starts.` };
  }
  const found = ctx.filesystem.find('etc/passwd');
  const passwd = parsePasswd(found === undefined ? undefined : ctx.filesystem.data(found));
  if (passwd.has('nonroot')) return { lines: ['USER nonroot'], how: 'The image has no useradd or adduser, but its /etc/passwd has the user nonroot: switch to it.' };
  return { lines: [`USER ${UID}`], how: `The image has no useradd or adduser: switch to a numeric uid (${UID}), which needs no /etc/passwd entry.` };
}
