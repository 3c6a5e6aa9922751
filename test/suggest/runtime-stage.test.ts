/**
 * The runtime stage multi-stage proposes holds what runs and nothing that builds: the interpreter's Debian
 * package, not npm, node-gyp, pip or a compiler; no copy of what apt installs; a probe with the app's runtime on
 * the route the app declares.
 */
import { joinDockerfile } from '../../src/dockerfile/join';
import { parseDockerfile } from '../../src/dockerfile/parse';
import { healthcheck } from '../../src/suggest/rules/healthcheck';
import { init } from '../../src/suggest/rules/init';
import { multiStage } from '../../src/suggest/rules/multi-stage';
import { suggest } from '../../src/suggest/suggest';
import { user } from '../../src/suggest/rules/user';
import { analyzeWith, Analyzed, Deb, debBytes, debRecordBytes, debs, elf, entryBytes, nop, run, text } from '../helpers/base-fixtures';
import { Entry, file } from '../helpers/image-builder';

const OS_RELEASE = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\n';
const libc6: Deb = { name: 'libc6', priority: 'required', files: [['lib/x86_64-linux-gnu/libc.so.6', text(3000, 'libc')]] };
const baseLayer = {
  createdBy: '/bin/sh -c #(nop) ADD file:0123456789abcdef in / ',
  entries: [file('etc/os-release', OS_RELEASE), file('etc/passwd', 'root:x:0:0:root:/root:/bin/bash\n'), file('usr/sbin/useradd', text(50, 'useradd')), file('usr/bin/apt-get', text(50, 'apt-get')), ...debs([libc6])],
};
const deb = (name: string, depends: string | undefined, files: [string, Buffer][]): Deb => ({ name, depends, files });
/** apt's record of what came in only as a dependency. */
const auto = (names: string[]): Entry => file('var/lib/apt/extended_states', names.map((n) => `Package: ${n}\nArchitecture: amd64\nAuto-Installed: 1\n`).join('\n'));

function proposedFor(a: Analyzed, dockerfile: string): string {
  const d = parseDockerfile(dockerfile, 'Dockerfile');
  return suggest({ ...a, dockerfile: d, join: joinDockerfile(d, a.analysis.layers) }, [user, healthcheck, init, multiStage]).proposed ?? '';
}

/** The lines of the last stage (from its FROM on). */
function runtimeStage(proposed: string): string[] {
  const lines = proposed.split('\n');
  const from = lines.map((l, i) => (l.startsWith('FROM ') ? i : -1)).filter((i) => i >= 0).pop()!;
  return lines.slice(from);
}

const TINI = deb('tini', undefined, [['usr/bin/tini', text(80, 'tini')]]);

describe('the runtime stage multi-stage proposes', () => {
  it('for a Node app on Debian: nodejs, no npm, node-gyp, python3 (nor the libraries its modules link against) or compiler, no copy of npm\'s own modules, a node probe', async () => {
    const nodejs = deb('nodejs', 'libnode108', [['usr/bin/node', text(900, 'node')]]);
    const libnode = deb('libnode108', 'libc6', [['usr/lib/x86_64-linux-gnu/libnode.so.108', text(4000, 'libnode')]]);
    // npm as Debian ships it: its own modules (cacache, @babel/preset-env…) are npm packages dpkg owns.
    const npm = deb('npm', 'nodejs, node-gyp', [
      ['usr/share/nodejs/npm/node_modules/cacache/package.json', Buffer.from('{"name":"cacache","version":"17.0.0"}')],
      ['usr/share/nodejs/npm/node_modules/cacache/index.js', text(700, 'cacache')],
      ['usr/share/nodejs/npm/node_modules/@babel/preset-env/package.json', Buffer.from('{"name":"@babel/preset-env","version":"7.20.0"}')],
      ['usr/share/nodejs/npm/node_modules/@babel/preset-env/index.js', text(900, 'preset-env')],
    ]);
    const gyp = deb('node-gyp', 'python3, make, g++', [['usr/share/nodejs/node-gyp/gyp.js', text(500, 'gyp')]]);
    // python3 came with node-gyp; its sqlite module links against a library the same RUN installed.
    const python3 = deb('python3', 'libc6, libsqlite3-0', [
      ['usr/bin/python3', text(1200, 'python3')],
      ['usr/lib/python3.11/lib-dynload/_sqlite3.cpython-311-x86_64-linux-gnu.so', elf(['libsqlite3.so.0'], 500)],
      ['usr/lib/python3.11/os.py', text(700, 'os.py')],
    ]);
    // What python3's postinst compiled: no package owns it; it leaves with python3.
    const pyc = file('usr/lib/python3.11/__pycache__/os.cpython-311.pyc', text(450, 'os.pyc'));
    const sqlite = deb('libsqlite3-0', 'libc6', [['usr/lib/x86_64-linux-gnu/libsqlite3.so.0', elf([], 800)]]);
    const make = deb('make', 'libc6', [['usr/bin/make', text(300, 'make')]]);
    const gxx = deb('g++', 'libc6', [['usr/bin/g++', text(2000, 'g++')]]);
    const pkg = (name: string, n: number): Entry[] => [file(`app/node_modules/${name}/package.json`, JSON.stringify({ name, version: '1.0.0' })), file(`app/node_modules/${name}/index.js`, text(n, name))];
    const server = "const app = require('express')();\napp.get('/healthz', (req, res) => res.send('ok'));\napp.listen(3000);\n";
    const dockerfile = [
      'FROM debian:bookworm-slim',
      'RUN apt-get update && apt-get install -y nodejs npm tini',
      'WORKDIR /app',
      'COPY package.json ./',
      'RUN npm install',
      'COPY server.js ./',
      'EXPOSE 3000',
      'CMD ["node", "server.js"]',
      '',
    ].join('\n');
    const steps = [
      baseLayer,
      nop('CMD ["bash"]'),
      run('apt-get update && apt-get install -y nodejs npm tini', [...debs([nodejs, libnode, npm, gyp, python3, sqlite, make, gxx, TINI], { status: [libc6] }), auto(['libnode108', 'node-gyp', 'python3', 'libsqlite3-0', 'make', 'g++']), pyc]),
      nop('WORKDIR /app'),
      { createdBy: '/bin/sh -c #(nop) COPY file:aa11 in ./ ', entries: [file('app/package.json', JSON.stringify({ name: 'app', dependencies: { express: '^4' }, devDependencies: { jest: '^29' } }))] },
      run('npm install', [...pkg('express', 3000), ...pkg('jest', 9000), file('root/.npm/_cacache/content-v2/sha512/ab/cd', text(2000, 'cache'))]),
      { createdBy: '/bin/sh -c #(nop) COPY file:bb22 in ./ ', entries: [file('app/server.js', server)] },
      nop('EXPOSE 3000'),
      nop('CMD ["node" "server.js"]'),
    ];
    const a = await analyzeWith(steps, { spec: { config: { WorkingDir: '/app', Cmd: ['node', 'server.js'], ExposedPorts: { '3000/tcp': {} } } }, dockerfile });
    expect(runtimeStage(proposedFor(a, dockerfile))).toEqual([
      'FROM debian:bookworm-slim',
      'RUN apt-get update && apt-get install -y --no-install-recommends nodejs tini && apt-get clean && rm -rf /var/lib/apt/lists/*',
      'COPY --from=build /app /app',
      'WORKDIR /app',
      'EXPOSE 3000',
      'RUN useradd --create-home --uid 10001 app',
      'USER app',
      '# Template from imgdiet: adjust the port and timing to the application.',
      'HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \\',
      `  CMD ["node", "-e", "fetch('http://localhost:3000/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]`,
      'ENTRYPOINT ["/usr/bin/tini", "--"]',
      'CMD ["node", "server.js"]',
      '',
    ]);
    // npm, node-gyp and what only they bring leave with the builder, and count, with python3's bytecode.
    const ms = a.analysis.suggestions.find((s) => s.id === 'multi-stage')!;
    const leaving = [npm, gyp, python3, sqlite, make, gxx];
    const jest = entryBytes(pkg('jest', 9000));
    expect(ms.savings.bytes).toBe(debBytes(...leaving) + debRecordBytes(...leaving) + 450 + jest + 2000);
    expect(ms.rationale).toContain('npm (dpkg)');
    expect(ms.rationale).toContain('node-gyp (dpkg)');
    expect(ms.rationale).toContain('python3');
  });

  it('for a Flask app with apt\'s python3-flask and pip: python3-flask, no pip or compiler, no copy over apt\'s dist-packages, a python3 probe', async () => {
    const dist = (dir: string, name: string, n: number): [string, Buffer][] => [
      [`${dir}/${name}/__init__.py`, text(n, name)],
      [`${dir}/${name}-1.0.dist-info/METADATA`, Buffer.from(`Metadata-Version: 2.1\nName: ${name}\nVersion: 1.0\n`)],
    ];
    const APT = 'usr/lib/python3/dist-packages';
    const LOCAL = 'usr/local/lib/python3.11/dist-packages';
    const python3 = deb('python3', 'libc6', [['usr/bin/python3', text(1200, 'python3')]]);
    const flask = deb('python3-flask', 'python3, python3-werkzeug', dist(APT, 'flask', 1500));
    const werkzeug = deb('python3-werkzeug', 'python3', dist(APT, 'werkzeug', 1100));
    const pip = deb('python3-pip', 'python3, python3-setuptools, python3-wheel', dist(APT, 'pip', 2500));
    const setuptools = deb('python3-setuptools', 'python3', dist(APT, 'setuptools', 1300));
    const wheel = deb('python3-wheel', 'python3', dist(APT, 'wheel', 400));
    const essential = deb('build-essential', 'gcc, make, libc6-dev', [['usr/share/doc/build-essential/list', text(100, 'be')]]);
    const gcc = deb('gcc', 'libc6', [['usr/bin/gcc', text(3000, 'gcc')]]);
    const make = deb('make', 'libc6', [['usr/bin/make', text(300, 'make')]]);
    const libcDev = deb('libc6-dev', 'libc6', [['usr/include/stdio.h', text(400, 'stdio')]]);
    const pyDev = deb('python3-dev', 'python3', [['usr/include/python3.11/Python.h', text(600, 'Python.h')]]);
    const installed = [python3, flask, werkzeug, pip, setuptools, wheel, essential, gcc, make, libcDev, pyDev, TINI];
    const app = '@app.route("/")\ndef index():\n    return "hi"\n\n@app.route("/health")\ndef health():\n    return "ok"\n';
    const greeting: Entry[] = [
      file(`${LOCAL}/greeting/__init__.py`, text(200, 'greeting')),
      file(`${LOCAL}/greeting-1.0.dist-info/METADATA`, 'Metadata-Version: 2.1\nName: greeting\nVersion: 1.0\n'),
      file(`${LOCAL}/greeting-1.0.dist-info/RECORD`, 'greeting/__init__.py,,\ngreeting-1.0.dist-info/METADATA,,\n'),
    ];
    const dockerfile = [
      'FROM debian:bookworm-slim',
      'RUN apt-get update && apt-get install -y python3-flask python3-pip tini',
      'WORKDIR /app',
      'COPY . .',
      'RUN pip install --break-system-packages -r requirements.txt',
      'EXPOSE 8000',
      'CMD ["python3", "app.py"]',
      '',
    ].join('\n');
    const steps = [
      baseLayer,
      nop('CMD ["bash"]'),
      run('apt-get update && apt-get install -y python3-flask python3-pip tini', [...debs(installed, { status: [libc6] }), auto(['python3', 'python3-werkzeug', 'python3-setuptools', 'python3-wheel', 'build-essential', 'gcc', 'make', 'libc6-dev', 'python3-dev'])]),
      nop('WORKDIR /app'),
      { createdBy: '/bin/sh -c #(nop) COPY dir:cc33 in . ', entries: [file('app/app.py', app), file('app/requirements.txt', 'greeting\n')] },
      run('pip install --break-system-packages -r requirements.txt', [...greeting, file('root/.cache/pip/wheels/ab/greeting-1.0-py3-none-any.whl', text(900, 'whl'))]),
      nop('EXPOSE 8000'),
      nop('CMD ["python3" "app.py"]'),
    ];
    const a = await analyzeWith(steps, { spec: { config: { WorkingDir: '/app', Cmd: ['python3', 'app.py'], ExposedPorts: { '8000/tcp': {} } } }, dockerfile });
    expect(runtimeStage(proposedFor(a, dockerfile))).toEqual([
      'FROM debian:bookworm-slim',
      'RUN apt-get update && apt-get install -y --no-install-recommends python3-flask tini && apt-get clean && rm -rf /var/lib/apt/lists/*',
      `COPY --from=build /${LOCAL} /${LOCAL}`,
      'COPY --from=build /app /app',
      'WORKDIR /app',
      'EXPOSE 8000',
      'RUN useradd --create-home --uid 10001 app',
      'USER app',
      '# Template from imgdiet: adjust the port and timing to the application.',
      'HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \\',
      `  CMD ["python3", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8000/health', timeout=2)"]`,
      'ENTRYPOINT ["/usr/bin/tini", "--"]',
      'CMD ["python3", "app.py"]',
      '',
    ]);
  });
});
