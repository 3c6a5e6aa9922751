import type { Rule } from '../types';

/** The user the container runs as, resolved through the image's own /etc/passwd. */
export const rootUser: Rule = {
  meta: {
    id: 'root-user',
    category: 'security',
    severity: 'high',
    title: 'Runs as root',
    description:
      'With no USER instruction, or with USER root, 0, 0:0, or a name whose uid is 0 in the image\'s own ' +
      '/etc/passwd, the main process runs as root. Any compromise of the application then has root in the ' +
      'container, and a path to the host when the container is run with extra privileges or mounts.',
    fix: 'Create an unprivileged user (`RUN useradd --uid 10001 app`) and switch to it with `USER app` before CMD.',
  },
  check(ctx) {
    const spec = ctx.config.user.trim();
    const name = spec.split(':')[0];
    let why: string | null = null;
    if (spec === '') why = 'no USER is set, so it runs as root';
    else if (/^\d+$/.test(name)) why = Number(name) === 0 ? `USER ${spec} is uid 0` : null;
    else if (name === 'root') why = `USER ${spec} is root`;
    else if (ctx.users.get(name) === 0) why = `USER ${spec} maps to uid 0 in /etc/passwd`;
    if (why === null) return [];
    return [{ message: `The container runs as root: ${why}`, bytes: 0, paths: [], layer: null, hiddenBy: null }];
  },
};
