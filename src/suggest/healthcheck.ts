import { dirname, joinPath, normalizePath } from '../analyze/layers/paths';
import { beforeStart } from './common';
import { configEnv } from './env';
import { listenPort } from './listen-port';
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
      'shrinks (0 bytes). The edit inserts a template before CMD or ENTRYPOINT that requests `/` on the port the ' +
      'image itself names, first found of: a port option of ENTRYPOINT or CMD (`--port 8000`, `-b 0.0.0.0:8000`, ' +
      '`--bind`, `--listen`, `-Dserver.port=8080`, `runserver 0.0.0.0:8000`, `$PORT` read from ENV), the ports the ' +
      'config exposes, the Dockerfile\'s EXPOSE, the documented default of the server the command runs (gunicorn: ' +
      '$PORT, else 8000; uvicorn, hypercorn, Django runserver, http.server: 8000; flask run: $FLASK_RUN_PORT, else ' +
      '5000), ENV PORT (or HTTP_PORT, SERVER_PORT, APP_PORT, LISTEN_PORT); ' +
      'the rationale says which. When nothing names a port none is guessed: the URL carries the placeholder `PORT` ' +
      'and the comment says to replace it. The probe is the first of curl, wget, Python and Node that the final ' +
      'tree holds (a link only when its target is there too). The comment says it is a template: the path, port ' +
      'and timing must be adjusted to the application (a real health endpoint), and an image with none of those ' +
      'programs needs a check of its own.',
  },
  suggest(ctx) {
    const d = ctx.dockerfile;
    if (!d || ctx.findings('no-healthcheck').length === 0) return [];
    if (finalStage(d).body.some((i) => i.kind === 'HEALTHCHECK')) return [];
    const config = ctx.analysis.image.config;
    const found = listenPort(config, configEnv(config), d);
    // No port is guessed: a template that names one the application may not use would pass review unnoticed.
    const url = `http://localhost:${found ? found.port : PLACEHOLDER}/`;
    const check = checkCommand(ctx, url);
    const where = found
      ? `port ${found.port} from ${found.evidence}`
      : `nothing in the image says which port the application listens on (no port option in ENTRYPOINT or CMD, no EXPOSE, no ENV PORT), so the port is left as the placeholder ${PLACEHOLDER} to replace`;
    if (!check) {
      return [
        {
          bytes: 0,
          confidence: 'low',
          rationale: `The image defines no HEALTHCHECK and has neither curl, wget, Python nor Node to probe ${url} with (${where}): add a check the image can run (\`HEALTHCHECK CMD …\`).`,
          findings: ['no-healthcheck'],
          layer: null,
          edits: [],
        },
      ];
    }
    const comment = found
      ? '# Template from imgdiet: adjust the path, port and timing to the application.'
      : `# Template from imgdiet: replace ${PLACEHOLDER} with the port the application listens on (nothing in the image says), and adjust the path and timing.`;
    return [
      {
        bytes: 0,
        confidence: 'low',
        rationale:
          `The image defines no HEALTHCHECK, so the engine reports a hung application as running. The proposed one probes ${url} with ${check.tool} (/${check.path} in the image); ${where}. ` +
          'This is a template: set the path of a real health endpoint, the port and the timing for the application.',
        findings: ['no-healthcheck'],
        layer: null,
        edits: [beforeStart([comment, `HEALTHCHECK ${TIMING} \\`, `  CMD ${check.command}`])],
      },
    ];
  },
};

/** What stands for the port when nothing tells it: not a number, so the check fails until someone sets it. */
export const PLACEHOLDER = 'PORT';

const PROGRAM_DIRS = ['usr/local/bin', 'usr/bin', 'bin', 'usr/sbin', 'sbin'];

/** Where a program lies in the final tree: a regular file, or a link whose target the tree holds. */
function programPath(ctx: SuggestContext, name: string): string | null {
  for (const dir of PROGRAM_DIRS) {
    const f = ctx.filesystem.files.find((x) => x.path === `${dir}/${name}`);
    if (!f) continue;
    if (f.entry.type !== 'symlink' || linkResolves(ctx, f.path, f.entry.link ?? '')) return f.path;
  }
  return null;
}

/** Follows a link a few hops through the final tree (an absolute target from the root, a relative one from its directory). */
function linkResolves(ctx: SuggestContext, path: string, target: string, hops = 8): boolean {
  const resolved = normalizePath(target.startsWith('/') ? target : joinPath(dirname(path), target));
  const f = ctx.filesystem.files.find((x) => x.path === resolved);
  if (!f) return false;
  return f.entry.type !== 'symlink' || (hops > 0 && linkResolves(ctx, f.path, f.entry.link ?? '', hops - 1));
}

/** A probe with the first of curl, wget, Python and Node that the final tree holds. */
function checkCommand(ctx: SuggestContext, url: string): { tool: string; path: string; command: string } | null {
  const exec = (argv: string[]): string => JSON.stringify(argv).replace(/","/g, '", "');
  for (const tool of ['curl', 'wget', 'python3', 'python', 'node']) {
    const path = programPath(ctx, tool);
    if (!path) continue;
    if (tool === 'curl') return { tool, path, command: `curl -fsS -o /dev/null ${url} || exit 1` };
    if (tool === 'wget') return { tool, path, command: `wget -q -O /dev/null ${url} || exit 1` };
    if (tool === 'node') return { tool, path, command: exec(['node', '-e', `fetch('${url}').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`]) };
    return { tool, path, command: exec([tool, '-c', `import urllib.request; urllib.request.urlopen('${url}', timeout=2)`]) };
  }
  return null;
}
