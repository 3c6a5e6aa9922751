import * as fs from 'node:fs';
import { suggestionDoc } from '../../src/suggest/suggestion-doc';
import { user } from '../../src/suggest/rules/user';
import { file, symlink } from '../helpers/image-builder';
import { base, body, nop, run, suggestOn } from './dockerfile-image';

jest.mock('../../src/suggest/list', () => jest.requireActual('./only').registryWith('user'));

const PASSWD = file('etc/passwd', 'root:x:0:0:root:/root:/bin/bash\n');
const APP = run('echo hi', [file('app/app.py', body(10))]);
const DF = ['FROM debian:12', 'RUN echo hi', 'EXPOSE 8000', 'CMD ["python", "app.py"]', ''].join('\n');
const STEPS_END = [APP, nop('EXPOSE 8000'), nop('CMD ["python" "app.py"]')];

describe('user', () => {
  it('has its doc page made from its meta', () => {
    expect(fs.readFileSync('docs/suggestions/user.md', 'utf8')).toBe(suggestionDoc(user.meta));
  });

  it('creates a user with useradd and switches to it before CMD', async () => {
    const r = await suggestOn([base([file('etc/os-release', 'ID=debian\n'), PASSWD, file('usr/sbin/useradd', body(10))]), ...STEPS_END], DF);
    const s = r.one('user');
    expect(s).toMatchObject({ savings: { bytes: 0 }, confidence: 'high', findings: ['root-user'], layer: null });
    expect(r.proposedDockerfile).toBe(['FROM debian:12', 'RUN echo hi', 'EXPOSE 8000', 'RUN useradd --create-home --uid 10001 app', 'USER app', 'CMD ["python", "app.py"]', ''].join('\n'));
  });

  it('uses BusyBox adduser on Alpine, a numeric uid or nonroot where there is neither', async () => {
    const alpine = await suggestOn([base([file('etc/os-release', 'ID=alpine\n'), PASSWD, file('bin/busybox', body(10)), symlink('bin/adduser', '/bin/busybox')]), ...STEPS_END], DF);
    expect(alpine.proposedDockerfile).toContain('RUN adduser -D -u 10001 app\nUSER app\nCMD');
    const bare = await suggestOn([base([PASSWD]), ...STEPS_END], DF);
    expect(bare.proposedDockerfile).toContain('EXPOSE 8000\nUSER 10001\nCMD');
    const distroless = await suggestOn([base([file('etc/passwd', 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n')]), ...STEPS_END], DF);
    expect(distroless.proposedDockerfile).toContain('EXPOSE 8000\nUSER nonroot\nCMD');
  });

  it('goes at the end of a Dockerfile with no CMD, and warns of low ports', async () => {
    const r = await suggestOn([base([PASSWD]), APP, nop('EXPOSE 80')], 'FROM debian:12\nRUN echo hi\nEXPOSE 80\n', { config: { ExposedPorts: { '80/tcp': {} } } });
    expect(r.proposedDockerfile).toBe('FROM debian:12\nRUN echo hi\nEXPOSE 80\nUSER 10001\n');
    expect(r.one('user').rationale).toContain('cannot listen below 1024');
  });

  it('says nothing when the image runs as another user, or without --dockerfile; no edit when the stage has USER root', async () => {
    const steps = [base([PASSWD]), APP];
    expect((await suggestOn(steps, 'FROM debian:12\nRUN echo hi\n', { config: { User: 'app' } })).of('user')).toEqual([]);
    expect((await suggestOn(steps, null)).of('user')).toEqual([]);
    const r = await suggestOn([...steps, nop('USER root')], 'FROM debian:12\nRUN echo hi\nUSER root\n', { config: { User: 'root' } });
    expect(r.one('user')).toMatchObject({ confidence: 'medium', dockerfile: null });
  });
});
