import { basename } from '../../../util/paths';
import { scriptWords, shellScript, skipWrappers, startup } from '../../../dockerfile/shell';
import type { Rule } from '../types';

/** Programs that do an init's two jobs: forward signals and reap orphans. Matched by basename. */
const INIT = /^(tini(-[\w.-]+)?|dumb-init|docker-init|catatonit|s6-svscan|init|systemd|runit|runsvdir)$/;

export function isInit(program: string): boolean {
  return INIT.test(basename(program));
}

export const noInit: Rule = {
  meta: {
    id: 'no-init',
    category: 'practice',
    severity: 'low',
    title: 'PID 1 is not an init',
    description:
      'The first program of ENTRYPOINT (or of CMD when there is no ENTRYPOINT) runs as PID 1. The kernel gives ' +
      'PID 1 no default signal handlers, so the SIGTERM of `docker stop` does nothing unless the program handles ' +
      'it, and the container is killed after the grace period; PID 1 must also reap orphaned processes, or they ' +
      'stay as zombies. An init does both: tini (also `tini --` and tini-static), dumb-init, docker-init, ' +
      'catatonit, s6-overlay\'s /init or s6-svscan, runit, systemd — recognised by basename, also behind `env` or ' +
      'in a shell form whose script starts with one (`sh -c "exec tini -- app"`). The rule cannot see ' +
      '`docker run --init`, which adds docker-init at run time; an image with neither ENTRYPOINT nor CMD is not ' +
      'reported.',
    fix: 'Start through an init: install tini and set `ENTRYPOINT ["tini", "--"]`, or run the container with `--init`.',
  },
  check(ctx) {
    const main = startup(ctx.config);
    if (!main) return [];
    const argv = skipWrappers(main.argv);
    if (argv.length === 0 || isInit(argv[0])) return [];
    const script = shellScript(argv);
    let what = `\`${argv[0]}\` (${main.from})`;
    if (script !== null) {
      // bash and dash exec a lone command in place of the shell: an init there becomes PID 1.
      const program = skipWrappers(scriptWords(script))[0];
      if (program !== undefined && isInit(program)) return [];
      what = `\`${argv[0]}\` (${main.from} in shell form${program === undefined ? '' : `, running \`${program}\``})`;
    }
    return [
      {
        message: `PID 1 is ${what}, not an init: unless it handles them itself, it ignores SIGTERM and leaves orphaned processes as zombies`,
        bytes: 0,
        paths: [],
        layer: null,
        hiddenBy: null,
      },
    ];
  },
};
