import { noChanges } from '../../src/analyze/filesystem/changes';
import { applyEdits, editsDiff } from '../../src/dockerfile/edit';
import { joinDockerfile } from '../../src/dockerfile/join';
import { parseDockerfile } from '../../src/dockerfile/parse';
import type { InstructionKind, LayerReport } from '../../src/model';

const TEXT = `# syntax=docker/dockerfile:1
FROM python:3.12 AS build
RUN pip wheel -r requirements.txt

FROM python:3.12-slim
ARG VERSION=1
WORKDIR /app
# dependencies first
COPY requirements.txt .
RUN apt-get update && \\
    apt-get install -y curl
COPY . .
CMD ["python", "app.py"]
`;

function layer(index: number, kind: InstructionKind): LayerReport {
  return {
    index, digest: null, blobDigest: null, mediaType: null, instruction: kind, instructionKind: kind, createdBy: '', created: null,
    comment: null, emptyLayer: false, sizeBytes: 0, compressedBytes: null, hiddenBytes: 0, files: 0, whiteouts: 0, dockerfileLine: null, dockerfileInstruction: null, changes: noChanges(),
  };
}

describe('Dockerfile parse, join and edits', () => {
  const d = parseDockerfile(TEXT);

  it('finds stages, their FROM images and names, and instruction line ranges', () => {
    expect(d.stages.map((s) => [s.image, s.name])).toEqual([['python:3.12', 'build'], ['python:3.12-slim', null]]);
    const run = d.stages[1].body.find((i) => i.kind === 'RUN');
    expect(run).toMatchObject({ startLine: 9, endLine: 10, args: 'apt-get update && apt-get install -y curl' });
  });

  it('joins the final stage to the newest history entries, skipping the unrecorded ARG, and finds the base', () => {
    // base: 3 entries (index 0-2), then WORKDIR, COPY, RUN, COPY, CMD
    const kinds: InstructionKind[] = ['OTHER', 'ENV', 'CMD', 'WORKDIR', 'COPY', 'RUN', 'COPY', 'CMD'];
    const join = joinDockerfile(d, kinds.map((k, i) => layer(i, k)));
    expect([...join.byLayer.entries()].map(([l, ins]) => [l, ins.kind, ins.startLine + 1])).toEqual([
      [7, 'CMD', 13], [6, 'COPY', 12], [5, 'RUN', 10], [4, 'COPY', 9], [3, 'WORKDIR', 7],
    ]);
    expect(join.baseLastLayer).toBe(2);
  });

  it('gives no base boundary when the history does not match the Dockerfile', () => {
    const join = joinDockerfile(d, (['RUN', 'RUN'] as InstructionKind[]).map((k, i) => layer(i, k)));
    expect(join.baseLastLayer).toBeNull();
    expect(join.byLayer.size).toBe(0);
  });

  it('composes rewrites of one instruction and inserts lines around others, keeping comments', () => {
    const body = d.stages[1].body;
    const run = body.find((i) => i.kind === 'RUN')!;
    const cmd = body.find((i) => i.kind === 'CMD')!;
    const out = applyEdits(d, [
      { op: 'rewrite', at: run, apply: (t) => t.replace('install -y', 'install -y --no-install-recommends') },
      { op: 'rewrite', at: run, apply: (t) => `${t} \\\n && rm -rf /var/lib/apt/lists/*` },
      { op: 'before', at: cmd, lines: ['USER 10001'] },
      { op: 'replace', at: d.stages[1].from, lines: ['FROM python:3.12-alpine'] },
    ]);
    expect(out).toBe(`# syntax=docker/dockerfile:1
FROM python:3.12 AS build
RUN pip wheel -r requirements.txt

FROM python:3.12-alpine
ARG VERSION=1
WORKDIR /app
# dependencies first
COPY requirements.txt .
RUN apt-get update && \\
    apt-get install -y --no-install-recommends curl \\
 && rm -rf /var/lib/apt/lists/*
COPY . .
USER 10001
CMD ["python", "app.py"]
`);
    expect(editsDiff(d, [])).toBeNull();
    expect(editsDiff(d, [{ op: 'before', at: cmd, lines: ['USER 10001'] }])).toContain('+USER 10001');
  });
});
