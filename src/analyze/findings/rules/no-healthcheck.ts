import type { Rule } from '../types';

export const noHealthcheck: Rule = {
  meta: {
    id: 'no-healthcheck',
    category: 'practice',
    severity: 'low',
    title: 'No HEALTHCHECK',
    description:
      'Without a HEALTHCHECK the engine only knows whether the process is alive, not whether it serves. ' +
      'Orchestrators and `docker ps` then report a hung application as healthy.',
    fix: 'Add `HEALTHCHECK CMD curl -f http://localhost:PORT/health || exit 1` (or a check your image can run).',
  },
  check(ctx) {
    if (ctx.config.healthcheck) return [];
    return [{ message: 'The image defines no HEALTHCHECK', bytes: 0, paths: [], layer: null, hiddenBy: null }];
  },
};
