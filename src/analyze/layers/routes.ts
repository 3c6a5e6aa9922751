/**
 * Health routes an application's own source declares (`@app.route('/health')`, `app.get('/healthz', …)`,
 * `http.HandleFunc("/readyz", …)`, Sinatra's `get '/health' do`). The walk keeps only these of a source file, so
 * the healthcheck suggestion can probe a route the app has; the rest of the file is never kept.
 */

const SOURCE = /\.(py|js|mjs|cjs|ts|rb|go|php)$/;
/** Libraries and the system's own files: not the application's routes. */
const LIBRARY = /(^|\/)(node_modules|site-packages|dist-packages|__pycache__|\.git)\//;
const SYSTEM = /^(usr\/(lib|lib64|libexec|share|include|local\/lib|local\/include)|lib|lib64|etc|var\/lib)\//;
/** Larger files are rarely hand-written routes (bundles, generated code). */
export const MAX_SOURCE_BYTES = 256 * 1024;

const NAME = String.raw`\/(?:[\w.-]+\/)*(?:healthz?|health[-_]?check|livez?|liveness|readyz?|readiness|ping)`;
/**
 * The route as the first argument of a call or decorator, after Sinatra's `get`, or compared with the request's
 * path (`req.url === '/healthz'`, `case "/health":`) in a server with no router.
 */
const CALL = new RegExp(String.raw`\(\s*(['"\x60])(${NAME})\1`, 'g');
const BARE = new RegExp(String.raw`\b(?:get|head)\s+(['"])(${NAME})\1`, 'g');
const COMPARED = new RegExp(String.raw`(?:==|\bcase)\s*(['"\x60])(${NAME})\1`, 'g');
/** Preference among declared routes: a liveness check first, a readiness one, a ping last. */
const RANK = [/health/, /live/, /ready/, /ping/];

export function isRouteSource(path: string, size: number): boolean {
  return size <= MAX_SOURCE_BYTES && SOURCE.test(path) && !LIBRARY.test(path) && !SYSTEM.test(path);
}

/** Every route NAME matches holds one of these words. */
const WORDS = ['health', 'live', 'ready', 'ping'].map((w) => Buffer.from(w));

/** The health routes a source text declares, each once, one a line; undefined when it declares none. */
export function routeLines(data: Buffer): Buffer | undefined {
  // Most sources name no health route: a byte search rules them out before any text is made of them.
  if (!WORDS.some((w) => data.includes(w))) return undefined;
  const text = data.toString('utf8');
  const found = new Set<string>();
  for (const re of [CALL, BARE, COMPARED]) for (const m of text.matchAll(re)) found.add(m[2]);
  return found.size === 0 ? undefined : Buffer.from([...found].join('\n'));
}

/** The route to probe among those declared: the best ranked, then the shortest, then by name. */
export function bestRoute(routes: Iterable<string>): string | null {
  const rank = (r: string): number => {
    const last = r.slice(r.lastIndexOf('/'));
    const i = RANK.findIndex((re) => re.test(last));
    return i < 0 ? RANK.length : i;
  };
  const sorted = [...new Set(routes)].sort((a, b) => rank(a) - rank(b) || a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  return sorted[0] ?? null;
}
