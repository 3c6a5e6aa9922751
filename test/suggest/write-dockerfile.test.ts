/** `analyze --dockerfile FILE --write-dockerfile PATH` and the suggestions table, through the built binary. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expectOneLineError, runCli } from '../helpers/cli';
import { buildImage, file, legacyArchiveFiles, tarFiles } from '../helpers/image-builder';
import { base, body, copy, nop, run } from './dockerfile-image';

let work: string;
let archive: string;
const DF = ['FROM python:3.12', 'WORKDIR /app', 'COPY . .', 'RUN pip install -r requirements.txt', 'CMD ["python", "app.py"]', ''].join('\n');

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'imgdiet-write-'));
  const image = await buildImage({
    steps: [
      base([file('etc/os-release', 'ID=debian\n'), file('etc/passwd', 'root:x:0:0:root:/root:/bin/bash\n')]),
      nop('WORKDIR /app'),
      copy('.', [file('app/requirements.txt', 'flask\n'), file('app/app.py', body(50)), file('app/.git/HEAD', body(40))]),
      run('pip install -r requirements.txt', [file('root/.cache/pip/http/x', body(6000)), file('usr/local/lib/python3.12/site-packages/flask.py', body(700))]),
      nop('CMD ["python" "app.py"]'),
    ],
    config: { Cmd: ['python', 'app.py'], User: '1000' },
  });
  archive = path.join(work, 'image.tar');
  fs.writeFileSync(archive, await tarFiles(legacyArchiveFiles([{ image, tags: ['app:1'] }])));
  fs.writeFileSync(path.join(work, 'Dockerfile'), DF);
  fs.writeFileSync(path.join(work, '.dockerignore'), 'secrets/\n');
});

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

describe('analyze --dockerfile and --write-dockerfile', () => {
  it('writes the proposed Dockerfile and its .dockerignore, keeping the context\'s entries, and says so on stderr', async () => {
    const out = path.join(work, 'Dockerfile.slim');
    const r = await runCli(['analyze', archive, '--dockerfile', path.join(work, 'Dockerfile'), '--write-dockerfile', out]);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toBe(['FROM python:3.12', 'WORKDIR /app', 'COPY requirements.txt .', 'RUN pip install --no-cache-dir -r requirements.txt', 'COPY . .', 'CMD ["python", "app.py"]', ''].join('\n'));
    expect(fs.readFileSync(`${out}.dockerignore`, 'utf8')).toBe('secrets/\n# Build-context junk found in the image by imgdiet (dockerignore suggestion)\n**/.git\n');
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      `imgdiet: wrote ${out}: ${path.join(work, 'Dockerfile')} with the edits of 2 suggestions`,
      `imgdiet: wrote ${out}.dockerignore: 1 entry for the junk found, after those of ${path.join(work, '.dockerignore')}`,
    ]);
    expect(fs.readdirSync(work).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('ends the report with the suggestions ranked by savings, with their Dockerfile lines, and the diff', async () => {
    const r = await runCli(['analyze', archive, '--verbose', '--dockerfile', path.join(work, 'Dockerfile')]);
    expect(r.code).toBe(0);
    const at = r.stdout.indexOf('Suggestions (5), by savings');
    expect(at).toBeGreaterThan(0);
    const table = r.stdout.slice(at);
    const rows = table.split('\n').filter((l) => /^│ [a-z]/.test(l)).map((l) => l.split('│').slice(1, -1).map((c) => c.trim()));
    // Suggestion, What, Saves, Compressed (unknown for uncompressed layers), Confidence, Dockerfile line.
    expect(rows.map((c) => [c[0], c[2], c[3], c[4], c[5]])).toEqual([
      ['pip-no-cache', '6.00 kB', '', 'high', '4'],
      ['dockerignore', '40 B', '', 'high', '3'],
      ['copy-order', '0 B', '', 'high', '4'],
      // No curl, wget, Python or Node to probe with, and no apt or apk for tini: no patch, so no line.
      ['healthcheck', '0 B', '', 'low', ''],
      ['init', '0 B', '', 'medium', ''],
    ]);
    expect(table).toContain('+RUN pip install --no-cache-dir -r requirements.txt');
  });

  it('is a usage error without --dockerfile, before the image is read', async () => {
    const line = expectOneLineError(await runCli(['analyze', path.join(work, 'missing.tar'), '--write-dockerfile', path.join(work, 'x')]));
    expect(line).toBe('imgdiet: --write-dockerfile needs --dockerfile FILE: give the Dockerfile the image was built from');
  });

  it('puts the Dockerfile and the patches in the JSON', async () => {
    const r = await runCli(['analyze', archive, '--json', '--dockerfile', path.join(work, 'Dockerfile')]);
    const a = JSON.parse(r.stdout);
    expect(a.dockerfile).toMatchObject({ path: path.join(work, 'Dockerfile'), matched: 4, dockerignore: ['**/.git'] });
    expect(a.suggestions.find((s: { id: string }) => s.id === 'pip-no-cache').dockerfile).toContain('+RUN pip install --no-cache-dir');
  });
});
