/** History: instruction text, the join of history entries to layers, and empty layers in the analysis. */
import { normalizeInstruction } from '../../src/analyze/history/instruction';
import { joinHistory } from '../../src/analyze/history/join';
import { analyzeSteps, run } from '../helpers/analyze-built';
import { dir, file, removeTemps, whiteout } from '../helpers/image-builder';

afterAll(removeTemps);

describe('normalizeInstruction', () => {
  it.each([
    // legacy builder: metadata instructions behind `#(nop)`, RUN as the bare shell command
    ['/bin/sh -c #(nop)  CMD ["/bin/sh" "-c" "nginx"]', 'CMD ["/bin/sh" "-c" "nginx"]', 'CMD'],
    ['/bin/sh -c #(nop) ADD file:3a1b2c in / ', 'ADD file:3a1b2c in /', 'ADD'],
    ['/bin/sh -c #(nop)  ENV PATH=/usr/local/bin:/usr/bin', 'ENV PATH=/usr/local/bin:/usr/bin', 'ENV'],
    ['/bin/sh -c #(nop) WORKDIR /app', 'WORKDIR /app', 'WORKDIR'],
    ['/bin/sh -c #(nop)  HEALTHCHECK &{["CMD-SHELL" "curl -f http://localhost/"] "30s" "3s" "0s" \'\\x03\'}', 'HEALTHCHECK &{["CMD-SHELL" "curl -f http://localhost/"] "30s" "3s" "0s" \'\\x03\'}', 'HEALTHCHECK'],
    ['/bin/sh -c apt-get update && apt-get install -y curl', 'RUN apt-get update && apt-get install -y curl', 'RUN'],
    ['/bin/bash -c set -eux; make', 'RUN set -eux; make', 'RUN'],
    ['|2 A=1 B=2 /bin/sh -c make', 'RUN make', 'RUN'],
    // the legacy builder's exec-form RUN has no shell; with build args it still carries the `|N` prefix
    ['|1 VERSION=3 make install', 'RUN make install', 'RUN'],
    // BuildKit: the instruction keyword, then the command, then `# buildkit`
    ['RUN /bin/sh -c make install # buildkit', 'RUN make install', 'RUN'],
    ['RUN |1 VERSION=3.2 /bin/sh -c make # buildkit', 'RUN make', 'RUN'],
    ['RUN pip install -r requirements.txt # buildkit', 'RUN pip install -r requirements.txt', 'RUN'], // exec form
    ['COPY . . # buildkit', 'COPY . .', 'COPY'],
    ['COPY --from=build /out /app # buildkit', 'COPY --from=build /out /app', 'COPY'],
    ['ADD https://example.com/x.tgz /tmp/ # buildkit', 'ADD https://example.com/x.tgz /tmp/', 'ADD'],
    ['WORKDIR /app', 'WORKDIR /app', 'WORKDIR'],
    ['ENV PYTHONDONTWRITEBYTECODE=1', 'ENV PYTHONDONTWRITEBYTECODE=1', 'ENV'],
    ['ENTRYPOINT ["python" "app.py"]', 'ENTRYPOINT ["python" "app.py"]', 'ENTRYPOINT'],
    ['USER app', 'USER app', 'USER'],
    ['EXPOSE map[5000/tcp:{}]', 'EXPOSE map[5000/tcp:{}]', 'EXPOSE'],
    // not an instruction: `docker import`, or no history at all
    ['Imported from -', 'Imported from -', 'OTHER'],
    ['', '', 'OTHER'],
  ])('%j → %j (%s)', (createdBy, instruction, kind) => {
    expect(normalizeInstruction(createdBy)).toEqual({ instruction, kind });
  });
});

describe('joinHistory', () => {
  const h = (created_by: string, empty_layer?: boolean) => ({ created_by, ...(empty_layer ? { empty_layer } : {}) });

  it('gives each entry not marked empty_layer the next layer, in order', () => {
    const steps = joinHistory({ history: [h('ADD a'), h('ENV x', true), h('RUN b'), h('CMD c', true)] }, 2);
    expect(steps.map((s) => [s.createdBy, s.layer])).toEqual([
      ['ADD a', 0],
      ['ENV x', null],
      ['RUN b', 1],
      ['CMD c', null],
    ]);
  });

  it('reports every layer when history is missing or short', () => {
    expect(joinHistory({}, 2).map((s) => [s.createdBy, s.layer, s.created])).toEqual([
      ['', 0, null],
      ['', 1, null],
    ]);
    expect(joinHistory({ history: [h('ADD a'), h('CMD c', true)] }, 3).map((s) => [s.createdBy, s.layer])).toEqual([
      ['ADD a', 0],
      ['CMD c', null],
      ['', 1],
      ['', 2],
    ]);
  });

  it('does not invent layers when history names more than there are', () => {
    expect(joinHistory({ history: [h('ADD a'), h('RUN b')] }, 1).map((s) => s.layer)).toEqual([0, null]);
  });
});

describe('empty history entries in the analysis', () => {
  it('stay as layers of 0 bytes, and layer indexes everywhere count them', async () => {
    const { analysis, image } = await analyzeSteps([
      run('base', [dir('app/'), file('app/old.txt', 'o'.repeat(40))]),
      { createdBy: '/bin/sh -c #(nop)  ENV A=1' },
      { createdBy: '/bin/sh -c #(nop) WORKDIR /app' },
      run('rm /app/old.txt', [dir('app/'), whiteout('app/old.txt'), file('app/new.txt', 'new')]),
      { createdBy: '/bin/sh -c #(nop)  CMD ["sh"]' },
    ]);
    expect(analysis.layers.map((l) => [l.index, l.instruction, l.emptyLayer, l.digest, l.sizeBytes, l.compressedBytes, l.files, l.hiddenBytes])).toEqual([
      [0, 'RUN base', false, image.layers[0].diffId, 40, null, 1, 40],
      [1, 'ENV A=1', true, null, 0, null, 0, 0],
      [2, 'WORKDIR /app', true, null, 0, null, 0, 0],
      [3, 'RUN rm /app/old.txt', false, image.layers[1].diffId, 3, null, 1, 0],
      [4, 'CMD ["sh"]', true, null, 0, null, 0, 0],
    ]);
    expect(analysis.hidden).toEqual([{ path: 'app/old.txt', bytes: 40, addedByLayer: 0, hiddenByLayer: 3, reason: 'deleted' }]);
    expect(analysis.totals.layerCount).toBe(2);
    expect(analysis.layers.map((l) => l.created)).toEqual([0, 1, 2, 3, 4].map((i) => new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString()));
  });

  it('a config without history still reports every layer, with its diffID and bytes', async () => {
    const steps = [run('a', [file('a', 'aaaa')]), { createdBy: 'CMD x' }, run('b', [whiteout('a'), file('b', 'bb')])];
    const { analysis, image } = await analyzeSteps(steps, { historyLength: 0 });
    expect(analysis.layers.map((l) => [l.index, l.instruction, l.instructionKind, l.createdBy, l.digest, l.sizeBytes])).toEqual([
      [0, '', 'OTHER', '', image.layers[0].diffId, 4],
      [1, '', 'OTHER', '', image.layers[1].diffId, 2],
    ]);
    expect(analysis.hidden).toEqual([{ path: 'a', bytes: 4, addedByLayer: 0, hiddenByLayer: 1, reason: 'deleted' }]);
  });

  it('a short history is joined as far as it goes; the rest of the layers follow it', async () => {
    const steps = [run('a', [file('a', 'aaaa')]), { createdBy: 'CMD x' }, run('b', [file('b', 'bb')]), run('c', [file('c', 'c')])];
    const { analysis } = await analyzeSteps(steps, { historyLength: 2 });
    expect(analysis.layers.map((l) => [l.index, l.instruction, l.emptyLayer, l.sizeBytes])).toEqual([
      [0, 'RUN a', false, 4],
      [1, 'CMD x', true, 0],
      [2, '', false, 2],
      [3, '', false, 1],
    ]);
  });
});
