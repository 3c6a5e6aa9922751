import { dirname, joinPath, normalizePath } from '../../util/paths';
import { bestRoute, isRouteSource } from '../../analyze/layers/routes';
import { contentOf } from '../../analyze/packages/tree';
import { commandPrograms } from '../build-tools';
import { beforeStart } from '../common';
import { configEnv } from '../env';
import { listenPort } from '../listen-port';
import { finalStage } from '../../dockerfile/parse';
import { execFormText } from '../../dockerfile/arguments';
import type { Suggester, SuggestContext } from '../types';

const TIMING = '--interval=30s --timeout=3s --start-period=10s --retries=3';

export const healthcheck: Suggester = {
  meta: {
    id: 'healthcheck',
    title: 'Add a HEALTHCHECK',
    description:
      'Without a HEALTHCHECK the engine only knows whether the process is alive, not whether it serves. Needs ' +
      '--dockerfile and the no-healthcheck finding, and acts when the final stage has no HEALTHCHECK. Nothing ' +
      'shrinks (0 bytes). The edit inserts a template before CMD or ENTRYPOINT that requests the health route the ' +
      'application\'s own source files declare (in the layers after the base: `/health`, `/healthz`, `/livez`, `/readyz`, ' +
      '`/ping`… as the first argument of a call or decorator, such as `@app.route(\'/health\')` or ' +
      '`app.get(\'/healthz\', …)`, or compared with the request\'s path: `req.url === \'/healthz\'`), else `/`, on the port the image itself names, first found of: a port option of ENTRYPOINT or CMD (`--port 8000`, `-b 0.0.0.0:8000`, ' +
      '`--bind`, `--listen`, `-Dserver.port=8080`, `runserver 0.0.0.0:8000`, `$PORT` read from ENV), the ports the ' +
      'config exposes, the Dockerfile\'s EXPOSE, the documented default of the server the command runs (gunicorn: ' +
      '$PORT, else 8000; uvicorn, hypercorn, Django runserver, http.server: 8000; flask run: $FLASK_RUN_PORT, else ' +
      '5000), ENV PORT (or HTTP_PORT, SERVER_PORT, APP_PORT, LISTEN_PORT); ' +
      'the rationale says which. When nothing names a port none is guessed: the URL carries the placeholder `PORT` ' +
      'and the comment says to replace it. The probe runs the interpreter the command starts (Node\'s fetch for ' +
      '`node`, Python\'s urllib for `python`, `python3`, gunicorn, uvicorn, flask…) when the final tree holds it — ' +
      'a runtime stage keeps it, where curl may stay behind — else the first of curl, wget, Python and Node that the ' +
      'final tree holds (a link only when its target is there too). The comment says it is a template: the path, port ' +
      'and timing must be adjusted to the application (a real health endpoint), and an image with none of those ' +
      'programs needs a check of its own.',
  },
  suggest(ctx) {
    const d = ctx.dockerfile;
    if (!d || ctx.findings('no-healthcheck').length === 0) return [];
    if (finalStage(d).body.some((i) => i.kind === 'HEALTHCHECK')) return [];
    const config = ctx.analysis.image.config;
    const found = listenPort(config, configEnv(config), d);
    const route = declaredRoute(ctx);
    // No port is guessed: a template that names one the application may not use would pass review unnoticed.
    const url = `http://localhost:${found ? found.port : PLACEHOLDER}${route ? route.route : '/'}`;
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
      ? `# Template from imgdiet: adjust ${route ? 'the' : 'the path,'} port and timing to the application.`
      : `# Template from imgdiet: replace ${PLACEHOLDER} with the port the application listens on (nothing in the image says), and adjust the ${route ? '' : 'path and '}timing.`;
    const path = route ? `; the path is the route ${route.route} that /${route.file} declares` : '';
    return [
      {
        bytes: 0,
        confidence: 'low',
        rationale:
          `The image defines no HEALTHCHECK, so the engine reports a hung application as running. The proposed one probes ${url} with ${check.tool} (/${check.path} in the image${check.runtime ? ', the program the command runs' : ''}); ${where}${path}. ` +
          `This is a template: ${route ? 'check' : 'set'} the path of a real health endpoint, the port and the timing for the application.`,
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
    const model = ctx.filesystem;
    const path = `${dir}/${name}`;
    const f = model.find(path);
    if (!f) continue;
    if (model.type(f) !== 'symlink' || linkResolves(ctx, path, model.link(f) ?? '')) return path;
  }
  return null;
}

/** Follows a link a few hops through the final tree (an absolute target from the root, a relative one from its directory). */
function linkResolves(ctx: SuggestContext, path: string, target: string, hops = 8): boolean {
  const resolved = normalizePath(target.startsWith('/') ? target : joinPath(dirname(path), target));
  const model = ctx.filesystem;
  const f = model.find(resolved);
  if (!f) return false;
  return model.type(f) !== 'symlink' || (hops > 0 && linkResolves(ctx, resolved, model.link(f) ?? '', hops - 1));
}

/** Programs that run Python or Node code: the interpreter the app's command starts, and the probe it can run. */
const INTERPRETERS: [RegExp, string[]][] = [
  [/^node(js)?$/, ['node', 'nodejs']],
  [/^(python[\d.]*|gunicorn|uvicorn|hypercorn|flask|waitress-serve|daphne)$/, ['python3', 'python']],
];

/**
 * A probe with the interpreter the app's command runs (a runtime stage keeps it; curl may stay in the builder),
 * else the first of curl, wget, Python and Node that the final tree holds.
 */
function checkCommand(ctx: SuggestContext, url: string): { tool: string; path: string; command: string; runtime: boolean } | null {
  const programs = [...commandPrograms(ctx.analysis.image.config)];
  const own = INTERPRETERS.find(([re]) => programs.some((r) => re.test(r)))?.[1] ?? [];
  for (const tool of [...own, 'curl', 'wget', 'python3', 'python', 'node']) {
    const path = programPath(ctx, tool);
    if (!path) continue;
    const runtime = own.includes(tool);
    if (tool === 'curl') return { tool, path, runtime, command: `curl -fsS -o /dev/null ${url} || exit 1` };
    if (tool === 'wget') return { tool, path, runtime, command: `wget -q -O /dev/null ${url} || exit 1` };
    if (tool.startsWith('node')) return { tool, path, runtime, command: execFormText([tool, '-e', `fetch('${url}').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`]) };
    return { tool, path, runtime, command: execFormText([tool, '-c', `import urllib.request; urllib.request.urlopen('${url}', timeout=2)`]) };
  }
  return null;
}

/** The health route the application's own source files (the image's layers after the base) declare. */
function declaredRoute(ctx: SuggestContext): { route: string; file: string } | null {
  const last = ctx.analysis.base.lastLayer ?? -1;
  const where = new Map<string, string>();
  const model = ctx.filesystem;
  for (const f of model.files) {
    if (model.layer(f) <= last) continue;
    const path = model.path(f);
    const i = model.inode(f);
    if (!isRouteSource(path, i === null ? model.size(f) : model.size(i))) continue;
    const data = contentOf(model, f);
    if (!data || data.length === 0) continue;
    for (const r of data.toString('utf8').split('\n')) if (!where.has(r)) where.set(r, path);
  }
  const route = bestRoute(where.keys());
  return route ? { route, file: where.get(route)! } : null;
}
