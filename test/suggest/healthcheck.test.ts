import * as fs from 'node:fs';
import { healthcheck } from '../../src/suggest/healthcheck';
import { suggestionDoc } from '../../src/suggest/suggestion-doc';
import { file } from '../helpers/image-builder';
import { base, body, nop, reparsed, run, suggestOn } from './dockerfile-image';

jest.mock('../../src/suggest/registry', () => jest.requireActual('./only').registryWith('healthcheck'));

const APP = run('echo hi', [file('app/app.py', body(10))]);
const DF = ['FROM debian:12', 'RUN echo hi', 'EXPOSE 8000', 'CMD ["python", "app.py"]', ''].join('\n');
const END = [APP, nop('EXPOSE 8000'), nop('CMD ["python" "app.py"]')];
const PORT = { config: { ExposedPorts: { '8000/tcp': {} } } };

describe('healthcheck', () => {
  it('has its doc page made from its meta', () => {
    expect(fs.readFileSync('docs/suggestions/healthcheck.md', 'utf8')).toBe(suggestionDoc(healthcheck.meta));
  });

  it('inserts a template that probes the exposed port with curl, and says it is a template', async () => {
    const r = await suggestOn([base([file('usr/bin/curl', body(10))]), ...END], DF, PORT);
    const s = r.one('healthcheck');
    expect(s).toMatchObject({ savings: { bytes: 0 }, confidence: 'low', findings: ['no-healthcheck'] });
    expect(s.rationale).toContain('This is a template');
    expect(r.proposedDockerfile).toBe(
      [
        'FROM debian:12',
        'RUN echo hi',
        'EXPOSE 8000',
        '# Template from imgdiet: adjust the path, port and timing to the application.',
        'HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \\',
        '  CMD curl -fsS -o /dev/null http://localhost:8000/ || exit 1',
        'CMD ["python", "app.py"]',
        '',
      ].join('\n'),
    );
    expect(reparsed(r.proposedDockerfile!)).toContain('HEALTHCHECK CMD curl -fsS -o /dev/null http://localhost:8000/ || exit 1');
  });

  it('falls back to wget, then Python in exec form, and to port 8080', async () => {
    expect((await suggestOn([base([file('bin/wget', body(10))]), ...END], DF, PORT)).proposedDockerfile).toContain('  CMD wget -q -O /dev/null http://localhost:8000/ || exit 1');
    const py = await suggestOn([base([file('usr/local/bin/python3', body(10))]), ...END], DF);
    expect(py.proposedDockerfile).toContain(`  CMD ["python3", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8080/', timeout=2)"]`);
  });

  it('writes no edit when the image has nothing to probe with, and says nothing when there is a HEALTHCHECK', async () => {
    const r = await suggestOn([base([file('x', 'y')]), ...END], DF);
    expect(r.one('healthcheck')).toMatchObject({ dockerfile: null });
    const has = await suggestOn([base([file('x', 'y')]), ...END], DF, { config: { Healthcheck: { Test: ['CMD', 'true'] } } });
    expect(has.of('healthcheck')).toEqual([]);
  });
});
