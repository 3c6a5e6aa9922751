import * as fs from 'node:fs';
import { cleanupSameLayer } from '../../src/suggest/rules/cleanup-same-layer';
import { suggestionDoc } from '../../src/suggest/suggestion-doc';
import { file, whiteout } from '../helpers/image-builder';
import { base, body, lineOf, nop, reparsed, run, suggestOn } from './dockerfile-image';

jest.mock('../../src/suggest/list', () => jest.requireActual('./only').registryWith('cleanup-same-layer', 'pip-no-cache'));

const OS = base([file('etc/os-release', 'ID=debian\nVERSION_ID="12"\n'), file('bin/sh', body(100))]);
const BUILD = run('curl -o /tmp/src.tgz https://example.com/src.tgz && tar -xzf /tmp/src.tgz -C /opt', [
  file('tmp/src.tgz', body(4000)),
  file('opt/app/bin/app', body(500)),
]);

describe('cleanup-same-layer', () => {
  it('has its doc page made from its meta', () => {
    expect(fs.readFileSync('docs/suggestions/cleanup-same-layer.md', 'utf8')).toBe(suggestionDoc(cleanupSameLayer.meta));
  });

  it('counts the bytes a later RUN deleted, per pair of layers, without a Dockerfile', async () => {
    const r = await suggestOn([OS, BUILD, run('rm -rf /tmp/src.tgz', [whiteout('tmp/src.tgz')])], null);
    const s = r.one('cleanup-same-layer');
    expect(s).toMatchObject({ savings: { bytes: 4000, compressedBytes: null }, confidence: 'high', layer: 1, findings: ['hidden-files'], dockerfile: null });
    expect(s.rationale).toContain('1 file, 4.00 kB, added by layer 1');
    expect(s.rationale).toContain('deleted by layer 2');
    expect(s.rationale).toContain('/tmp/src.tgz (4.00 kB)');
  });

  it('takes the compressed savings from the layer\'s own ratio', async () => {
    const gz = { ...BUILD, compression: 'gzip' as const };
    const r = await suggestOn([OS, gz, run('rm -rf /tmp/src.tgz', [whiteout('tmp/src.tgz')])], null);
    const l = r.analysis.layers[1];
    expect(r.one('cleanup-same-layer').savings.compressedBytes).toBe(Math.round((4000 * (l.compressedBytes ?? 0)) / l.sizeBytes));
  });

  it('moves the rm into the RUN that made the files and drops the RUN that only deleted', async () => {
    const df = [
      'FROM debian:12',
      'RUN curl -o /tmp/src.tgz https://example.com/src.tgz && tar -xzf /tmp/src.tgz -C /opt',
      'RUN rm -rf /tmp/src.tgz',
      'CMD ["/opt/app/bin/app"]',
      '',
    ].join('\n');
    const r = await suggestOn([OS, BUILD, run('rm -rf /tmp/src.tgz', [whiteout('tmp/src.tgz')]), nop('CMD ["/opt/app/bin/app"]')], df);
    const s = r.one('cleanup-same-layer');
    expect(s.savings.bytes).toBe(4000);
    expect(r.analysis.layers.map((l) => l.dockerfileLine)).toEqual([null, 2, 3, 4]);
    expect(s.rationale).toContain('Dockerfile line 2');
    expect(s.rationale).toContain('Dockerfile line 3');
    expect(r.proposedDockerfile).toBe(
      [
        'FROM debian:12',
        'RUN curl -o /tmp/src.tgz https://example.com/src.tgz && tar -xzf /tmp/src.tgz -C /opt \\',
        '    && rm -rf /tmp/src.tgz',
        'CMD ["/opt/app/bin/app"]',
        '',
      ].join('\n'),
    );
    expect(s.dockerfile).toContain('-RUN rm -rf /tmp/src.tgz');
    expect(s.dockerfile).toContain('+    && rm -rf /tmp/src.tgz');
    expect(reparsed(r.proposedDockerfile!)).toHaveLength(3);
  });

  it('takes only the moved operand out of a later rm, and makes a relative one absolute', async () => {
    const df = ['FROM debian:12', 'RUN curl -o /tmp/src.tgz https://example.com/src.tgz && tar -xzf /tmp/src.tgz -C /opt', 'WORKDIR /tmp', 'RUN rm -rf src.tgz /var/log/x', ''].join('\n');
    const steps = [OS, BUILD, nop('WORKDIR /tmp'), run('rm -rf src.tgz /var/log/x', [whiteout('tmp/src.tgz')])];
    const r = await suggestOn(steps, df);
    expect(r.one('cleanup-same-layer').savings.bytes).toBe(4000);
    expect(r.proposedDockerfile).toBe(
      [
        'FROM debian:12',
        'RUN curl -o /tmp/src.tgz https://example.com/src.tgz && tar -xzf /tmp/src.tgz -C /opt \\',
        '    && rm -rf /tmp/src.tgz',
        'WORKDIR /tmp',
        'RUN rm -rf /var/log/x',
        '',
      ].join('\n'),
    );
  });

  it('leaves a later RUN that does more than rm as it is: its rm may delete files of its own', async () => {
    const df = ['FROM debian:12', 'RUN curl -o /tmp/src.tgz https://example.com/src.tgz && tar -xzf /tmp/src.tgz -C /opt', 'RUN make -C /opt/app && rm -rf /tmp/src.tgz', ''].join('\n');
    const r = await suggestOn([OS, BUILD, run('make -C /opt/app && rm -rf /tmp/src.tgz', [whiteout('tmp/src.tgz'), file('opt/app/out', body(3))])], df);
    expect(r.proposedDockerfile).toBe(
      ['FROM debian:12', 'RUN curl -o /tmp/src.tgz https://example.com/src.tgz && tar -xzf /tmp/src.tgz -C /opt \\', '    && rm -rf /tmp/src.tgz', 'RUN make -C /opt/app && rm -rf /tmp/src.tgz', ''].join('\n'),
    );
  });

  it('leaves out the package-manager caches another suggestion counts, but moves their rm too', async () => {
    const df = ['FROM debian:12', 'RUN pip install flask && curl -o /tmp/src.tgz https://example.com/src.tgz', 'RUN rm -rf /root/.cache/pip /tmp/src.tgz', ''].join('\n');
    const steps = [
      OS,
      run('pip install flask && curl -o /tmp/src.tgz https://example.com/src.tgz', [file('root/.cache/pip/http/a', body(3000)), file('tmp/src.tgz', body(4000)), file('usr/lib/python3/flask.py', body(10))]),
      run('rm -rf /root/.cache/pip /tmp/src.tgz', [whiteout('root/.cache/pip'), whiteout('tmp/src.tgz')]),
    ];
    const r = await suggestOn(steps, df);
    const s = r.one('cleanup-same-layer');
    expect(s.savings.bytes).toBe(4000);
    expect(s.rationale).toContain('3.00 kB of it are package-manager caches');
    expect(r.one('pip-no-cache').savings.bytes).toBe(3000);
    // Both edits compose: the flag from pip-no-cache, the rm from this one, the later RUN gone, each once.
    expect(r.proposedDockerfile).toBe(
      ['FROM debian:12', 'RUN pip install --no-cache-dir flask && curl -o /tmp/src.tgz https://example.com/src.tgz \\', '    && rm -rf /root/.cache/pip /tmp/src.tgz', ''].join('\n'),
    );
  });

  it('only appends, with paths made from the hidden files, when the later RUN\'s deletion cannot be read', async () => {
    const df = ['FROM debian:12', 'RUN mkdir -p /tmp/build && make -C /src install', 'RUN find /tmp/build -delete', ''].join('\n');
    const steps = [
      OS,
      run('mkdir -p /tmp/build && make -C /src install', [file('tmp/build/a.o', body(700)), file('tmp/build/sub/b.o', body(300)), file('tmp/keep.txt', body(5))]),
      run('find /tmp/build -delete', [whiteout('tmp/build')]),
    ];
    const r = await suggestOn(steps, df);
    const s = r.one('cleanup-same-layer');
    expect(s).toMatchObject({ savings: { bytes: 1000 }, confidence: 'medium' });
    expect(r.proposedDockerfile).toBe(['FROM debian:12', 'RUN mkdir -p /tmp/build && make -C /src install \\', '    && rm -rf /tmp/build', 'RUN find /tmp/build -delete', ''].join('\n'));
    expect(s.rationale).toContain('left as it is');
  });

  it('writes no edit when a RUN between the two uses the files', async () => {
    const df = ['FROM debian:12', 'RUN curl -o /tmp/src.tgz https://example.com/src.tgz', 'RUN tar -xzf /tmp/src.tgz -C /opt', 'RUN rm -f /tmp/src.tgz', ''].join('\n');
    const steps = [
      OS,
      run('curl -o /tmp/src.tgz https://example.com/src.tgz', [file('tmp/src.tgz', body(4000))]),
      run('tar -xzf /tmp/src.tgz -C /opt', [file('opt/app', body(10))]),
      run('rm -f /tmp/src.tgz', [whiteout('tmp/src.tgz')]),
    ];
    const r = await suggestOn(steps, df);
    const s = r.one('cleanup-same-layer');
    expect(s).toMatchObject({ savings: { bytes: 4000 }, confidence: 'medium', dockerfile: null });
    expect(s.rationale).toContain(`merge the RUNs from Dockerfile line 2 to line ${lineOf(df, 'RUN rm -f')}`);
  });

  it('says nothing of files a RUN overwrote, of COPY layers, or of the base image\'s files', async () => {
    const df = ['FROM debian:12', 'COPY big.bin /tmp/big.bin', 'RUN rm /bin/sh /tmp/big.bin && echo x > /etc/motd', ''].join('\n');
    const steps = [OS, { createdBy: '/bin/sh -c #(nop) COPY file:abc in /tmp/big.bin', entries: [file('tmp/big.bin', body(900))] }, run('rm /bin/sh /tmp/big.bin', [whiteout('bin/sh'), whiteout('tmp/big.bin')])];
    const r = await suggestOn(steps, df);
    expect(r.of('cleanup-same-layer')).toEqual([]);
  });
});
