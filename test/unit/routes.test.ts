import { bestRoute, isRouteSource, routeLines } from '../../src/analyze/layers/routes';

const routes = (text: string): string[] => (routeLines(Buffer.from(text))?.toString('utf8') ?? '').split('\n').filter((r) => r !== '');

describe('health routes in source files', () => {
  it('are read from routers, decorators and path comparisons', () => {
    expect(routes('@app.route("/health")\ndef health(): ...')).toEqual(['/health']);
    expect(routes("app.get('/healthz', (req, res) => res.send('ok'))")).toEqual(['/healthz']);
    expect(routes('http.HandleFunc("/readyz", ready)\nmux.Handle(`/livez`, live)')).toEqual(['/readyz', '/livez']);
    expect(routes("get '/health' do\n  'ok'\nend")).toEqual(['/health']);
    expect(routes("if (req.url === '/healthz') return res.end('ok');\nswitch (p) { case \"/ping\": }")).toEqual(['/healthz', '/ping']);
    expect(routes('@router.get("/api/v1/health-check")')).toEqual(['/api/v1/health-check']);
  });

  it('keep nothing of a source that names no route', () => {
    expect(routeLines(Buffer.from("app.get('/users', list)\n"))).toBeUndefined();
    expect(routeLines(Buffer.from("log('healthy')\n"))).toBeUndefined();
  });

  it('are not read from strings that only mention them: a URL, a log line, another route', () => {
    expect(routes("fetch('http://localhost/health'); log('GET /health 200'); app.get('/healthy-food', f); x = '/health'")).toEqual([]);
  });

  it('come from the app\'s own source files, not libraries, the system or big bundles', () => {
    expect(['app/app.py', 'usr/src/app/server.js', 'srv/main.go'].map((p) => isRouteSource(p, 1000))).toEqual([true, true, true]);
    expect(['app/node_modules/express/index.js', 'usr/lib/python3/dist-packages/flask/app.py', 'usr/local/lib/python3.12/site-packages/x.py', 'app/logs/app.log', 'app/README.md'].map((p) => isRouteSource(p, 1000))).toEqual([false, false, false, false, false]);
    expect(isRouteSource('app/dist/bundle.js', 300 * 1024)).toBe(false);
  });

  it('prefer a liveness route, then readiness, then ping; the shortest among equals', () => {
    expect(bestRoute(['/ping', '/readyz', '/api/health', '/health'])).toBe('/health');
    expect(bestRoute(['/ping', '/readyz'])).toBe('/readyz');
    expect(bestRoute([])).toBeNull();
  });
});
