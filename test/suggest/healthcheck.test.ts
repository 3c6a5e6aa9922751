import * as fs from 'node:fs';
import { healthcheck } from '../../src/suggest/rules/healthcheck';
import { suggestionDoc } from '../../src/suggest/suggestion-doc';
import { file, symlink } from '../helpers/image-builder';
import { base, body, copy, nop, reparsed, run, suggestOn } from './dockerfile-image';

jest.mock('../../src/suggest/list', () => jest.requireActual('./only').registryWith('healthcheck'));

const APP = run('echo hi', [file('app/app.py', body(10))]);
const CURL = base([file('usr/bin/curl', body(10))]);
const TEMPLATE = '# Template from imgdiet: adjust the path, port and timing to the application.';
const HEAD = 'HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \\';
const curlOn = (port: string): string => `  CMD curl -fsS -o /dev/null http://localhost:${port}/ || exit 1`;

/** An image whose last steps are the Dockerfile's, with this config; the Dockerfile is FROM, RUN, `lines`. */
async function proposed(lines: string[], config: Record<string, unknown>, root = CURL) {
  const df = ['FROM debian:12', 'RUN echo hi', ...lines, ''].join('\n');
  const steps = [root, APP, ...lines.map((l) => nop(l))];
  const r = await suggestOn(steps, df, { config });
  const s = r.one('healthcheck');
  const inserted = r.proposedDockerfile!.split('\n').filter((l) => l.startsWith('#') || l.startsWith('HEALTHCHECK') || l.startsWith('  CMD'));
  return { s, inserted, text: r.proposedDockerfile! };
}

describe('healthcheck', () => {
  it('has its doc page made from its meta', () => {
    expect(fs.readFileSync('docs/suggestions/healthcheck.md', 'utf8')).toBe(suggestionDoc(healthcheck.meta));
  });

  it('inserts a template that probes the exposed port with curl, and says where the port came from', async () => {
    const { s, text } = await proposed(['EXPOSE 8000', 'CMD ["python", "app.py"]'], { ExposedPorts: { '8000/tcp': {} }, Cmd: ['python', 'app.py'] });
    expect(s).toMatchObject({ savings: { bytes: 0 }, confidence: 'low', findings: ['no-healthcheck'] });
    expect(s.rationale).toBe(
      'The image defines no HEALTHCHECK, so the engine reports a hung application as running. The proposed one probes http://localhost:8000/ with curl (/usr/bin/curl in the image); ' +
        'port 8000 from the port the image exposes (8000/tcp). This is a template: set the path of a real health endpoint, the port and the timing for the application.',
    );
    expect(text).toBe(['FROM debian:12', 'RUN echo hi', 'EXPOSE 8000', TEMPLATE, HEAD, curlOn('8000'), 'CMD ["python", "app.py"]', ''].join('\n'));
    expect(reparsed(text)).toContain('HEALTHCHECK CMD curl -fsS -o /dev/null http://localhost:8000/ || exit 1');
  });

  it('takes the port from the command’s options first: gunicorn -b, uvicorn --port=, $PORT from ENV, runserver', async () => {
    const cases: Array<[string[], Record<string, unknown>, string, string]> = [
      [['CMD ["gunicorn", "-b", "0.0.0.0:9000", "app:app"]'], { Cmd: ['gunicorn', '-b', '0.0.0.0:9000', 'app:app'], ExposedPorts: { '8000/tcp': {} } }, '9000', "the command's `-b 0.0.0.0:9000`"],
      [['CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port=8001"]'], { Cmd: ['uvicorn', 'main:app', '--host', '0.0.0.0', '--port=8001'] }, '8001', "the command's `--port=8001`"],
      [['ENV PORT=7000', 'CMD gunicorn --bind :$PORT app:app'], { Env: ['PORT=7000'], Cmd: ['/bin/sh', '-c', 'gunicorn --bind :$PORT app:app'] }, '7000', "the command's `--bind :$PORT`"],
      [['CMD ["python", "manage.py", "runserver", "0.0.0.0:8100"]'], { Cmd: ['python', 'manage.py', 'runserver', '0.0.0.0:8100'] }, '8100', "the command's `runserver 0.0.0.0:8100`"],
      [['ENTRYPOINT ["flask"]', 'CMD ["run", "-p", "5050"]'], { Entrypoint: ['flask'], Cmd: ['run', '-p', '5050'] }, '5050', "the command's `-p 5050`"],
      [['CMD ["java", "-Dserver.port=8090", "-jar", "app.jar"]'], { Cmd: ['java', '-Dserver.port=8090', '-jar', 'app.jar'] }, '8090', "the command's `-Dserver.port=8090`"],
      // gunicorn's -p is its pid file, not a port.
      [['CMD ["gunicorn", "-p", "/tmp/pid", "--bind=[::]:8200", "app:app"]'], { Cmd: ['gunicorn', '-p', '/tmp/pid', '--bind=[::]:8200', 'app:app'] }, '8200', "the command's `--bind=[::]:8200`"],
    ];
    for (const [lines, config, port, evidence] of cases) {
      const { s, inserted } = await proposed(lines, config);
      expect(inserted).toEqual([TEMPLATE, HEAD, curlOn(port)]);
      expect(s.rationale).toContain(`; port ${port} from ${evidence}. `);
    }
  });

  it('then the Dockerfile’s EXPOSE, a server’s documented default, ENV PORT', async () => {
    const cases: Array<[string[], Record<string, unknown>, string, string]> = [
      // The image's config does not have the EXPOSE (an image built before it was added): the Dockerfile says it.
      [['EXPOSE 3000/tcp 3001', 'CMD ["node", "server.js"]'], { Cmd: ['node', 'server.js'] }, '3000', "the Dockerfile's `EXPOSE 3000/tcp 3001` (line 3)"],
      [['CMD ["gunicorn", "app:app"]'], { Cmd: ['gunicorn', 'app:app'] }, '8000', "gunicorn's default port (no --bind in the command)"],
      [['ENV PORT=8500', 'CMD ["gunicorn", "app:app"]'], { Env: ['PORT=8500'], Cmd: ['gunicorn', 'app:app'] }, '8500', "gunicorn's default with ENV PORT=8500 (no --bind in the command)"],
      [['CMD ["python", "-m", "flask", "run", "--host=0.0.0.0"]'], { Cmd: ['python', '-m', 'flask', 'run', '--host=0.0.0.0'] }, '5000', "flask run's default port (no --port in the command)"],
      [['ENV PORT=4000', 'CMD ["node", "server.js"]'], { Env: ['PORT=4000'], Cmd: ['node', 'server.js'] }, '4000', 'ENV PORT=4000'],
      [['ENV SERVER_PORT=8081', 'CMD ["java", "-jar", "app.jar"]'], { Env: ['SERVER_PORT=8081'], Cmd: ['java', '-jar', 'app.jar'] }, '8081', 'ENV SERVER_PORT=8081'],
    ];
    for (const [lines, config, port, evidence] of cases) {
      const { s, inserted } = await proposed(lines, config);
      expect(inserted).toEqual([TEMPLATE, HEAD, curlOn(port)]);
      expect(s.rationale).toContain(`; port ${port} from ${evidence}. `);
    }
  });

  it('leaves a marked placeholder when nothing in the image names a port, and says so', async () => {
    const { s, inserted } = await proposed(['CMD ["python", "app.py"]'], { Cmd: ['python', 'app.py'] });
    expect(inserted).toEqual([
      '# Template from imgdiet: replace PORT with the port the application listens on (nothing in the image says), and adjust the path and timing.',
      HEAD,
      '  CMD curl -fsS -o /dev/null http://localhost:PORT/ || exit 1',
    ]);
    expect(s.rationale).toContain(
      'nothing in the image says which port the application listens on (no port option in ENTRYPOINT or CMD, no EXPOSE, no ENV PORT), so the port is left as the placeholder PORT to replace.',
    );
  });

  it('probes with a program the final tree holds: wget, then Python in exec form; a dangling link does not count', async () => {
    const cfg = { ExposedPorts: { '8000/tcp': {} } };
    const wget = await proposed(['EXPOSE 8000'], cfg, base([file('bin/busybox', body(10)), symlink('bin/wget', 'busybox')]));
    expect(wget.inserted).toEqual([TEMPLATE, HEAD, '  CMD wget -q -O /dev/null http://localhost:8000/ || exit 1']);
    expect(wget.s.rationale).toContain('with wget (/bin/wget in the image)');
    const py = await proposed(['EXPOSE 8000'], cfg, base([symlink('usr/bin/curl', '/usr/lib/missing/curl'), file('usr/local/bin/python3.12', body(10)), symlink('usr/local/bin/python3', 'python3.12')]));
    expect(py.inserted).toEqual([TEMPLATE, HEAD, `  CMD ["python3", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8000/', timeout=2)"]`]);
  });

  it('writes no edit when the image has nothing to probe with, and says nothing when there is a HEALTHCHECK', async () => {
    const df = ['FROM debian:12', 'RUN echo hi', 'CMD ["python", "app.py"]', ''].join('\n');
    const r = await suggestOn([base([file('x', 'y')]), APP, nop('CMD ["python" "app.py"]')], df, { config: { ExposedPorts: { '8000/tcp': {} } } });
    expect(r.one('healthcheck')).toMatchObject({ dockerfile: null });
    expect(r.one('healthcheck').rationale).toBe(
      'The image defines no HEALTHCHECK and has neither curl, wget, Python nor Node to probe http://localhost:8000/ with (port 8000 from the port the image exposes (8000/tcp)): add a check the image can run (`HEALTHCHECK CMD …`).',
    );
    const has = await suggestOn([base([file('x', 'y')]), APP, nop('CMD ["python" "app.py"]')], df, { config: { Healthcheck: { Test: ['CMD', 'true'] } } });
    expect(has.of('healthcheck')).toEqual([]);
  });

  it("probes with the interpreter the command runs, on the health route the app's source declares", async () => {
    // A Node app on an image where python3 came with node-gyp: the probe is Node's, on the route server.js declares.
    const nodeTree = base([file('usr/bin/python3', body(10)), file('usr/bin/curl', body(10)), file('usr/bin/node', body(10))]);
    const server = "const app = require('express')();\napp.get('/healthz', (req, res) => res.send('ok'));\napp.get('/', (req, res) => res.send('hi'));\napp.listen(3000);\n";
    const df = ['FROM debian:12', 'COPY . /app', 'EXPOSE 3000', 'CMD ["node", "/app/server.js"]', ''].join('\n');
    const node = await suggestOn([nodeTree, copy('.', [file('app/server.js', server), file('app/node_modules/x/index.js', "app.get('/ping', f)")]), nop('EXPOSE 3000'), nop('CMD ["node" "/app/server.js"]')], df, { config: { Cmd: ['node', '/app/server.js'], ExposedPorts: { '3000/tcp': {} } } });
    expect(node.proposedDockerfile!.split('\n').filter((l) => l.startsWith('  CMD') || l.startsWith('# Template'))).toEqual([
      '# Template from imgdiet: adjust the port and timing to the application.',
      `  CMD ["node", "-e", "fetch('http://localhost:3000/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]`,
    ]);
    expect(node.one('healthcheck').rationale).toContain('with node (/usr/bin/node in the image, the program the command runs); port 3000 from the port the image exposes (3000/tcp); the path is the route /healthz that /app/server.js declares.');
    // A Flask app started by python: python3's urllib on the route a decorator declares (a log line does not count).
    const flask = '@app.route("/")\ndef index():\n    return "hi"\n\n@app.route("/health")\ndef health():\n    return "ok"\n';
    const pyTree = base([file('usr/bin/curl', body(10)), file('usr/bin/python3', body(10))]);
    const dfPy = ['FROM debian:12', 'COPY . /app', 'EXPOSE 8000', 'CMD ["python3", "/app/app.py"]', ''].join('\n');
    const py = await suggestOn([pyTree, copy('.', [file('app/app.py', flask), file('app/logs/app.log', 'GET /healthz 200')]), nop('EXPOSE 8000'), nop('CMD ["python3" "/app/app.py"]')], dfPy, { config: { Cmd: ['python3', '/app/app.py'], ExposedPorts: { '8000/tcp': {} } } });
    expect(py.proposedDockerfile!.split('\n').filter((l) => l.startsWith('  CMD'))).toEqual([`  CMD ["python3", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8000/health', timeout=2)"]`]);
  });
});
