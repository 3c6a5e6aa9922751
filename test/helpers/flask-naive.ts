/**
 * The image `docker build` makes of samples/flask/Dockerfile.naive (python:3.12 cut down), built in memory as the
 * legacy builder records it; shared by the suggestion tests and the CLI test of the default report.
 */
import * as path from 'node:path';
import { base, body, copy, nop, run } from '../suggest/dockerfile-image';
import { buildImage, Entry, file, legacyArchiveFiles, tarFiles, writeTemp } from './image-builder';

export const NAIVE_DOCKERFILE = path.resolve(__dirname, '../../samples/flask/Dockerfile.naive');

function stanza(name: string, fields: Record<string, string> = {}): string {
  const extra = Object.entries(fields).map(([k, v]) => `${k}: ${v}\n`).join('');
  return `Package: ${name}\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.0\n${extra}`;
}
function pkg(name: string, path: string, bytes: number): Entry[] {
  return [file(`var/lib/dpkg/info/${name}.list`, `/${path}\n`), file(path, body(bytes))];
}

const BASE_STATUS = stanza('libc6', { Priority: 'required' });
const STATUS = [BASE_STATUS, stanza('curl', { Depends: 'libcurl4, libc6', Recommends: 'ca-certificates' }), stanza('libcurl4', { Depends: 'libc6' }), stanza('ca-certificates', { Depends: 'openssl' }), stanza('openssl', { Depends: 'libc6' })].join('\n');
const AUTO = ['libcurl4', 'ca-certificates', 'openssl'].map((n) => `Package: ${n}\nArchitecture: amd64\nAuto-Installed: 1\n`).join('\n');

/** The image `docker build` makes of Dockerfile.naive (python:3.12 cut down), as the legacy builder records it. */
export const STEPS = [
  base([
    file('etc/os-release', 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n'),
    file('etc/passwd', 'root:x:0:0:root:/root:/bin/bash\n'),
    file('usr/sbin/useradd', body(50)),
    file('usr/bin/apt-get', body(60)),
    file('var/lib/dpkg/status', BASE_STATUS),
    ...pkg('libc6', 'usr/lib/libc.so.6', 1000),
    file('usr/local/bin/python3', body(300)),
  ]),
  nop('ENV PYTHON_VERSION=3.12.7'),
  nop('CMD ["python3"]'),
  nop('WORKDIR /app'),
  copy('.', [file('app/app.py', body(120)), file('app/requirements.txt', 'flask==3.0.3\ngunicorn==23.0.0\n'), file('app/.git/objects/ab/cdef', body(700)), file('app/__pycache__/app.cpython-312.pyc', body(90)), file('app/.env', body(40))]),
  run('apt-get update', [file('var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4', body(9000)), file('var/lib/apt/lists/lock', '')]),
  run('apt-get install -y curl', [
    file('var/lib/dpkg/status', STATUS),
    file('var/lib/apt/extended_states', AUTO),
    ...pkg('curl', 'usr/bin/curl', 250),
    ...pkg('libcurl4', 'usr/lib/libcurl.so.4', 600),
    ...pkg('ca-certificates', 'etc/ssl/certs/ca-certificates.crt', 210),
    ...pkg('openssl', 'usr/bin/openssl', 800),
  ]),
  run('pip install -r requirements.txt', [file('root/.cache/pip/http-v2/a/b/c.body', body(5000)), file('root/.cache/pip/wheels/x.whl', body(1500)), file('usr/local/lib/python3.12/site-packages/flask/__init__.py', body(3000))]),
  nop('EXPOSE 8000'),
  nop('CMD ["python", "app.py"]'),
];
export const CONFIG = { config: { Cmd: ['python', 'app.py'], ExposedPorts: { '8000/tcp': {} }, Env: ['PYTHON_VERSION=3.12.7'], WorkingDir: '/app' } };

/** Writes the image as a `docker save` archive (tagged flask-naive:latest) and returns its path. */
export async function writeFlaskNaiveArchive(): Promise<string> {
  const image = await buildImage({ steps: STEPS, config: CONFIG });
  return writeTemp('flask-naive.tar', await tarFiles(legacyArchiveFiles([{ image, tags: ['flask-naive:latest'] }])));
}
