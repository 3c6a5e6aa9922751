import { beforeStart, hasProgram } from './common';
import { finalStage } from './dockerfile/parse';
import type { Suggester, SuggestContext } from './types';

const TIMING = '--interval=30s --timeout=3s --start-period=10s --retries=3';

export const healthcheck: Suggester = {
  meta: {
    id: 'healthcheck',
    title: 'Add a HEALTHCHECK',
    description:
      'Without a HEALTHCHECK the engine only knows whether the process is alive, not whether it serves. Needs ' +
      '--dockerfile and the no-healthcheck finding, and acts when the final stage has no HEALTHCHECK. Nothing ' +
      'shrinks (0 bytes). The edit inserts a template before CMD or ENTRYPOINT that requests `/` on the first ' +
      'port the image exposes (8080 when it exposes none) with a program the image has — curl, wget, Python or ' +
      'Node — and says in a comment that it is a template: the path, port and timing must be adjusted to the ' +
      'application (a real health endpoint), and an image with none of those programs needs a check of its own.',
  },
  suggest(ctx) {
    const d = ctx.dockerfile;
    if (!d || ctx.findings('no-healthcheck').length === 0) return [];
    if (finalStage(d).body.some((i) => i.kind === 'HEALTHCHECK')) return [];
    const tcp = ctx.analysis.image.config.exposedPorts.find((p) => !p.endsWith('/udp'));
    const port = tcp ? tcp.split('/')[0] : '8080';
    const url = `http://localhost:${port}/`;
    const check = checkCommand(ctx, url);
    const template = 'This is a template: set the path of a real health endpoint, the port and the timing for the application.';
    if (!check) {
      return [
        {
          bytes: 0,
          confidence: 'low',
          rationale: `The image defines no HEALTHCHECK and has neither curl, wget, Python nor Node to probe ${url} with: add a check the image can run (\`HEALTHCHECK CMD …\`).`,
          findings: ['no-healthcheck'],
          layer: null,
          edits: [],
        },
      ];
    }
    return [
      {
        bytes: 0,
        confidence: 'low',
        rationale:
          `The image defines no HEALTHCHECK, so the engine reports a hung application as running. The proposed one probes ${url} with ${check.tool}` +
          `${tcp ? ` (the first port the image exposes)` : ' (the image exposes no port)'}. ${template}`,
        findings: ['no-healthcheck'],
        layer: null,
        edits: [beforeStart(d, ['# Template from imgdiet: adjust the path, port and timing to the application.', `HEALTHCHECK ${TIMING} \\`, `  CMD ${check.command}`])],
      },
    ];
  },
};

function checkCommand(ctx: SuggestContext, url: string): { tool: string; command: string } | null {
  if (hasProgram(ctx, 'curl')) return { tool: 'curl', command: `curl -fsS -o /dev/null ${url} || exit 1` };
  if (hasProgram(ctx, 'wget')) return { tool: 'wget', command: `wget -q -O /dev/null ${url} || exit 1` };
  const python = ['python3', 'python'].find((p) => hasProgram(ctx, p));
  if (python) {
    return { tool: python, command: JSON.stringify([python, '-c', `import urllib.request; urllib.request.urlopen('${url}', timeout=2)`]).replace(/","/g, '", "') };
  }
  if (hasProgram(ctx, 'node')) {
    return { tool: 'node', command: JSON.stringify(['node', '-e', `fetch('${url}').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`]).replace(/","/g, '", "') };
  }
  return null;
}
