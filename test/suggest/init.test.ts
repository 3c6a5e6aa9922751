import * as fs from 'node:fs';
import { init } from '../../src/suggest/rules/init';
import { suggestionDoc } from '../../src/suggest/suggestion-doc';
import { file, symlink } from '../helpers/image-builder';
import { base, body, nop, run, suggestOn } from './dockerfile-image';

jest.mock('../../src/suggest/list', () => jest.requireActual('./only').registryWith('init'));

const DEBIAN = base([file('etc/os-release', 'ID=debian\nVERSION_ID="12"\n'), file('usr/bin/apt-get', body(10)), file('var/lib/dpkg/status', 'Package: libc6\nStatus: install ok installed\n')]);
const ALPINE = base([file('etc/os-release', 'ID=alpine\n'), file('lib/apk/db/installed', 'P:musl\n'), file('bin/busybox', body(10)), symlink('sbin/apk', '/bin/busybox')]);
const CMD = { config: { Cmd: ['python', 'app.py'] } };

describe('init', () => {
  it('has its doc page made from its meta', () => {
    expect(fs.readFileSync('docs/suggestions/init.md', 'utf8')).toBe(suggestionDoc(init.meta));
  });

  it('adds tini to the existing apt-get install and starts through it', async () => {
    const df = ['FROM debian:12', 'RUN apt-get update && apt-get install -y curl', 'CMD ["python", "app.py"]', ''].join('\n');
    const r = await suggestOn([DEBIAN, run('apt-get update && apt-get install -y curl', [file('usr/bin/curl', body(5))]), nop('CMD ["python" "app.py"]')], df, CMD);
    expect(r.one('init')).toMatchObject({ savings: { bytes: 0 }, confidence: 'high', findings: ['no-init'] });
    expect(r.proposedDockerfile).toBe(['FROM debian:12', 'RUN apt-get update && apt-get install -y curl tini', 'ENTRYPOINT ["/usr/bin/tini", "--"]', 'CMD ["python", "app.py"]', ''].join('\n'));
  });

  it('installs tini in a new RUN after FROM, and prefixes an exec or shell ENTRYPOINT', async () => {
    const df = ['FROM alpine:3.19', 'COPY app /app', 'ENTRYPOINT ["/app"]', ''].join('\n');
    const steps = [ALPINE, { createdBy: '/bin/sh -c #(nop) COPY file:abc in /app', entries: [file('app', body(5))] }, nop('ENTRYPOINT ["/app"]')];
    const r = await suggestOn(steps, df, { config: { Entrypoint: ['/app'] } });
    expect(r.proposedDockerfile).toBe(['FROM alpine:3.19', 'RUN apk add --no-cache tini', 'COPY app /app', 'ENTRYPOINT ["/sbin/tini", "--", "/app"]', ''].join('\n'));
    const shell = await suggestOn([ALPINE, nop('ENTRYPOINT /app --serve')], 'FROM alpine:3.19\nENTRYPOINT /app --serve\n', { config: { Entrypoint: ['/bin/sh', '-c', '/app --serve'] } });
    expect(shell.proposedDockerfile).toContain('ENTRYPOINT ["/sbin/tini", "--", "/bin/sh", "-c", "/app --serve"]');
  });

  it('keeps the base image\'s ENTRYPOINT and repeats its CMD, which a new ENTRYPOINT resets', async () => {
    const r = await suggestOn([DEBIAN, run('echo hi', [file('hi', 'x')])], 'FROM node:20\nRUN echo hi\n', { config: { Entrypoint: ['docker-entrypoint.sh'], Cmd: ['node'] } });
    expect(r.proposedDockerfile).toBe('FROM node:20\nRUN apt-get update && apt-get install -y --no-install-recommends tini && apt-get clean && rm -rf /var/lib/apt/lists/*\nRUN echo hi\nENTRYPOINT ["/usr/bin/tini", "--", "docker-entrypoint.sh"]\nCMD ["node"]\n');
  });

  it('says to use --init on an image with neither apt nor apk, and nothing when PID 1 is an init', async () => {
    const r = await suggestOn([base([file('app', 'x')]), nop('CMD ["/app"]')], 'FROM scratch\nCMD ["/app"]\n', { config: { Cmd: ['/app'] } });
    expect(r.one('init')).toMatchObject({ confidence: 'medium', dockerfile: null });
    expect(r.one('init').rationale).toContain('--init');
    const ok = await suggestOn([DEBIAN, nop('CMD ["x"]')], 'FROM debian:12\nCMD ["x"]\n', { config: { Entrypoint: ['/usr/bin/tini', '--'], Cmd: ['x'] } });
    expect(ok.of('init')).toEqual([]);
  });
});
