/**
 * `imgdiet analyze REF` beside the Dockerfile that built the image joins ./Dockerfile without --dockerfile, when
 * its instructions match the history, and never when they do not; --no-dockerfile turns it off. Built binary.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Analysis } from '../../src/model';
import { runCli } from '../helpers/cli';
import { buildImage, file, legacyArchiveFiles, tarFiles } from '../helpers/image-builder';
import { base, body, copy, nop, run } from './dockerfile-image';

let work: string;
let archive: string;
const DF = ['FROM python:3.12', 'WORKDIR /app', 'COPY . .', 'RUN pip install \\', '    -r requirements.txt', 'CMD ["python", "app.py"]', ''].join('\n');

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'imgdiet-found-'));
  const image = await buildImage({
    steps: [
      base([file('etc/os-release', 'ID=debian\n'), file('etc/passwd', 'root:x:0:0:root:/root:/bin/bash\n')]),
      nop('WORKDIR /app'),
      copy('.', [file('app/requirements.txt', 'flask\n'), file('app/app.py', body(50))]),
      run('pip install     -r requirements.txt', [file('root/.cache/pip/http/x', body(6000)), file('usr/local/lib/python3.12/site-packages/flask.py', body(700))]),
      nop('CMD ["python" "app.py"]'),
    ],
    config: { Cmd: ['python', 'app.py'], User: '1000' },
  });
  archive = path.join(work, 'image.tar');
  fs.writeFileSync(archive, await tarFiles(legacyArchiveFiles([{ image, tags: ['app:1'] }])));
});

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

/** A directory holding `text` as its Dockerfile (or none), for the CLI to run in. */
function dirWith(name: string, text: string | null): string {
  const dir = path.join(work, name);
  fs.mkdirSync(dir);
  if (text !== null) fs.writeFileSync(path.join(dir, 'Dockerfile'), text);
  return dir;
}

async function analyzeIn(cwd: string, extra: string[] = []): Promise<{ analysis: Analysis; stderr: string }> {
  const r = await runCli(['analyze', archive, '--json', ...extra], { cwd });
  expect(r.code).toBe(0);
  return { analysis: JSON.parse(r.stdout) as Analysis, stderr: r.stderr };
}

describe('./Dockerfile without --dockerfile', () => {
  it('is joined when its instructions match the history, and says so', async () => {
    const { analysis, stderr } = await analyzeIn(dirWith('match', DF));
    expect(stderr).toBe('');
    expect(analysis.dockerfile).toEqual({ path: 'Dockerfile', origin: 'found', matched: 4, proposedDiff: expect.any(String), dockerignore: [] });
    expect(analysis.layers.map((l) => l.dockerfileLine)).toEqual([null, 2, 3, 4, 6]);
    expect(analysis.layers[3].dockerfileInstruction).toBe('RUN pip install -r requirements.txt');
    expect(analysis.proposal.basis).toBe('dockerfile');
    expect(analysis.proposal.applied.map((p) => p.id)).toEqual(['pip-no-cache']);
  });

  it('is not joined when a RUN differs from the history, and stderr says why', async () => {
    const { analysis, stderr } = await analyzeIn(dirWith('differs', DF.replace('requirements.txt', 'reqs.txt')));
    expect(analysis.dockerfile).toBeNull();
    expect(analysis.layers.every((l) => l.dockerfileLine === null)).toBe(true);
    expect(analysis.proposal.basis).toBe('image');
    expect(stderr).toBe("imgdiet: Dockerfile was not joined: line 4 differs from layer 3's instruction; name the Dockerfile that built the image with --dockerfile\n");
  });

  it('is not joined when its stage does not line up with the history', async () => {
    const other = ['FROM debian', 'RUN apt-get update', 'COPY . /src', 'RUN make', 'ENTRYPOINT ["/src/app"]', ''].join('\n');
    const { analysis, stderr } = await analyzeIn(dirWith('other', other));
    expect(analysis.dockerfile).toBeNull();
    expect(stderr).toMatch(/^imgdiet: Dockerfile was not joined: its final stage does not line up with the image history;/);
  });

  it('is not joined when no instruction\'s text can be compared', async () => {
    const kindsOnly = ['FROM app-base', 'CMD ["python", "app.py"]', ''].join('\n');
    const { analysis, stderr } = await analyzeIn(dirWith('kinds-only', kindsOnly));
    expect(analysis.dockerfile).toBeNull();
    expect(stderr).toMatch(/no instruction whose text the history records/);
  });

  it('is left alone with --no-dockerfile, and --dockerfile names another one (origin flag)', async () => {
    const cwd = dirWith('off', DF);
    const off = await analyzeIn(cwd, ['--no-dockerfile']);
    expect([off.analysis.dockerfile, off.stderr]).toEqual([null, '']);
    const named = path.join(work, 'Named.Dockerfile');
    fs.writeFileSync(named, DF);
    const flag = await analyzeIn(cwd, ['--dockerfile', named]);
    expect([flag.analysis.dockerfile?.origin, flag.analysis.dockerfile?.path, flag.analysis.dockerfile?.matched]).toEqual(['flag', named, 4]);
  });

  it('is not looked for when it is a directory', async () => {
    const cwd = dirWith('dir', null);
    fs.mkdirSync(path.join(cwd, 'Dockerfile'));
    const { analysis, stderr } = await analyzeIn(cwd);
    expect([analysis.dockerfile, stderr]).toEqual([null, '']);
  });
});
