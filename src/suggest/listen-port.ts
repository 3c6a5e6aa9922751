/**
 * The port an image's application listens on, read from the image itself, with what said so: a port flag of the
 * command (ENTRYPOINT + CMD), the ports the image exposes, the Dockerfile's EXPOSE, a server's own default, and
 * ENV PORT. Null when nothing says; the caller must not invent one.
 */
import { basename } from '../util/paths';
import type { ImageConfig } from '../model';
import type { Dockerfile } from '../dockerfile/parse';
import { finalStage } from '../dockerfile/parse';
import { startupWords } from '../dockerfile/shell';

export interface ListenPort {
  port: string;
  /** Where the port came from, as a phrase: "the command's `--port 8000`". */
  evidence: string;
}

/** Options whose value is an address ending in `:PORT` (gunicorn's -b, uwsgi's --http, Go's -addr…). */
const ADDRESS_OPTIONS = new Set(['-b', '--bind', '--listen', '--addr', '-addr', '--address', '--http', '--http-socket', '-S']);
/** Options whose value is a port number, for any program. */
const PORT_OPTIONS = new Set(['--port', '-port', '--http-port', '--server.port', '-Dserver.port']);
/** Programs whose `-p` is the port (elsewhere `-p` is often a pid file or a process count: gunicorn, uwsgi). */
const SHORT_P = new Set(['flask', 'next', 'rails', 'puma', 'rackup', 'http-server', 'hugo']);

/** The first port that the image's command, config, Dockerfile or ENV names, or null. */
export function listenPort(config: ImageConfig, env: Map<string, string>, dockerfile: Dockerfile | null): ListenPort | null {
  const words = startWords(config);
  return (
    fromFlags(words, env) ??
    fromExposed(config.exposedPorts) ??
    fromDockerfile(dockerfile, env) ??
    fromServerDefault(words, env) ??
    fromEnv(env)
  );
}

/** Variables applications commonly read their port from (Spring Boot binds SERVER_PORT to server.port). */
const PORT_ENV = ['PORT', 'HTTP_PORT', 'SERVER_PORT', 'APP_PORT', 'LISTEN_PORT'];

function fromEnv(env: Map<string, string>): ListenPort | null {
  const name = PORT_ENV.find((n) => validPort(env.get(n)));
  return name ? { port: env.get(name)!, evidence: `ENV ${name}=${env.get(name)}` } : null;
}

/** ENTRYPOINT and CMD as words, a shell form (`sh -c "…"`) read as a script. */
export function startWords(config: ImageConfig): string[] {
  return startupWords([...(config.entrypoint ?? []), ...(config.cmd ?? [])]);
}

function validPort(p: string | undefined): boolean {
  return p !== undefined && /^\d{1,5}$/.test(p) && Number(p) > 0 && Number(p) <= 65535;
}

/** `8000`, `$PORT`, `${PORT}`, `${PORT:-8000}` → the port, with ENV for the variables; null otherwise. */
function resolve(value: string, env: Map<string, string>): string | null {
  if (validPort(value)) return value;
  const m = /^\$(?:\{([A-Za-z_]\w*)(?::?-(\d+))?\}|([A-Za-z_]\w*))$/.exec(value);
  if (!m) return null;
  const v = env.get(m[1] ?? m[3]) ?? m[2];
  return validPort(v) ? v! : null;
}

/** The port at the end of an address: `0.0.0.0:8000`, `:8000`, `[::]:8000`, `$HOST:$PORT`; not `unix:/x.sock`. */
function addressPort(value: string, env: Map<string, string>): string | null {
  const colon = value.lastIndexOf(':');
  if (colon < 0 || value.startsWith('unix:')) return null;
  return resolve(value.slice(colon + 1), env);
}

function fromFlags(words: string[], env: Map<string, string>): ListenPort | null {
  const programs = new Set(words.map((w) => basename(w)));
  const shortP = [...SHORT_P].some((p) => programs.has(p));
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const eq = w.startsWith('-') ? w.indexOf('=') : -1;
    const name = eq > 0 ? w.slice(0, eq) : w;
    const value = eq > 0 ? w.slice(eq + 1) : words[i + 1];
    if (value === undefined) continue;
    const shown = eq > 0 ? w : `${w} ${value}`;
    let port: string | null = null;
    if (PORT_OPTIONS.has(name) || (name === '-p' && shortP)) port = resolve(value, env);
    else if (ADDRESS_OPTIONS.has(name)) port = addressPort(value, env);
    else if ((basename(w) === 'runserver' || w === 'http.server') && eq < 0) port = validPort(value) ? value : addressPort(value, env);
    if (port) return { port, evidence: `the command's \`${shown}\`` };
  }
  return null;
}

function fromExposed(exposed: string[]): ListenPort | null {
  const tcp = exposed.filter((p) => !p.endsWith('/udp') && !p.endsWith('/sctp'));
  if (tcp.length === 0) return null;
  const port = tcp[0].split('/')[0];
  const evidence = tcp.length === 1 ? `the port the image exposes (${tcp[0]})` : `the first of the ports the image exposes (${tcp.join(', ')})`;
  return validPort(port) ? { port, evidence } : null;
}

function fromDockerfile(d: Dockerfile | null, env: Map<string, string>): ListenPort | null {
  if (!d) return null;
  for (const ins of finalStage(d).body) {
    if (ins.kind !== 'EXPOSE') continue;
    for (const spec of ins.args.split(' ')) {
      const [value, proto] = spec.split('/');
      if (proto && proto.toLowerCase() !== 'tcp') continue;
      const port = resolve(value, env);
      if (port) return { port, evidence: `the Dockerfile's \`EXPOSE ${ins.args}\` (line ${ins.startLine + 1})` };
    }
  }
  return null;
}

/** Servers that listen on a known port when the command names none (each one's documented default). */
function fromServerDefault(words: string[], env: Map<string, string>): ListenPort | null {
  const names = words.map((w) => basename(w));
  const has = (n: string): boolean => names.includes(n);
  if (has('gunicorn')) {
    // gunicorn binds 0.0.0.0:$PORT when PORT is set, else 127.0.0.1:8000.
    const port = env.get('PORT');
    if (validPort(port)) return { port: port!, evidence: `gunicorn's default with ENV PORT=${port} (no --bind in the command)` };
    return { port: '8000', evidence: "gunicorn's default port (no --bind in the command)" };
  }
  if (has('uvicorn')) return { port: '8000', evidence: "uvicorn's default port (no --port in the command)" };
  if (has('hypercorn')) return { port: '8000', evidence: "hypercorn's default port (no --bind in the command)" };
  const flask = names.indexOf('flask');
  if (flask >= 0 && names[flask + 1] === 'run') {
    const port = env.get('FLASK_RUN_PORT');
    if (validPort(port)) return { port: port!, evidence: `ENV FLASK_RUN_PORT=${port} (flask run)` };
    return { port: '5000', evidence: "flask run's default port (no --port in the command)" };
  }
  if (has('runserver')) return { port: '8000', evidence: "Django runserver's default port (no port in the command)" };
  if (words.includes('http.server')) return { port: '8000', evidence: "python -m http.server's default port (no port in the command)" };
  return null;
}
