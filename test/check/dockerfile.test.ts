/**
 * The Dockerfile lines a check points at: the project's join of the final stage to the history, turned into
 * 1-based line ranges, the final FROM for everything else, and a URI a code-scanning upload can resolve.
 */
import { mapDockerfile } from '../../src/check/dockerfile';
import type { InstructionKind, LayerReport } from '../../src/model';
import { parseDockerfile } from '../../src/dockerfile/parse';

const layers = (...kinds: InstructionKind[]): LayerReport[] =>
  kinds.map((instructionKind, index) => ({ index, instructionKind }) as LayerReport);

const DOCKERFILE = [
  'FROM node:20 AS build', // 1
  'RUN npm ci', // 2
  '', // 3
  'FROM debian:bookworm', // 4
  'ARG VERSION=1', // 5
  'RUN apt-get update \\', // 6
  '  && apt-get install -y curl', // 7
  'COPY --from=build /app /app', // 8
  'USER app', // 9
  'CMD ["/app/run"]', // 10
].join('\n');

test('final-stage instructions paired from the newest history entry, with their whole line range; the base has none', () => {
  // Base image: an imported layer and its CMD; the ARG left no history entry.
  const map = mapDockerfile(parseDockerfile(DOCKERFILE, 'Dockerfile'), layers('OTHER', 'CMD', 'RUN', 'COPY', 'USER', 'CMD'), '/repo');
  expect(map).toEqual({
    path: 'Dockerfile',
    uri: 'Dockerfile',
    relativePath: 'Dockerfile',
    from: { startLine: 4, endLine: 4 },
    layers: [
      { layer: 2, startLine: 6, endLine: 7 },
      { layer: 3, startLine: 8, endLine: 8 },
      { layer: 4, startLine: 9, endLine: 9 },
      { layer: 5, startLine: 10, endLine: 10 },
    ],
  });
});

test('an ARG the builder recorded is paired too', () => {
  const map = mapDockerfile(parseDockerfile(DOCKERFILE, 'Dockerfile'), layers('CMD', 'ARG', 'RUN', 'COPY', 'USER', 'CMD'), '/repo');
  expect(map.layers.map((l) => [l.layer, l.startLine])).toEqual([[1, 5], [2, 6], [3, 8], [4, 9], [5, 10]]);
});

test('the first history entry that disagrees ends the pairing', () => {
  const map = mapDockerfile(parseDockerfile(DOCKERFILE, 'Dockerfile'), layers('RUN', 'COPY', 'WORKDIR', 'CMD'), '/repo');
  expect(map.layers).toEqual([{ layer: 3, startLine: 10, endLine: 10 }]);
});

test('paths: relative with / inside the working directory, a file: URI outside it', () => {
  expect(mapDockerfile(parseDockerfile('FROM x', 'docker/app dir/Dockerfile'), [], '/repo')).toMatchObject({ uri: 'docker/app%20dir/Dockerfile', relativePath: 'docker/app dir/Dockerfile' });
  expect(mapDockerfile(parseDockerfile('FROM x', '/repo/Dockerfile'), [], '/repo')).toMatchObject({ uri: 'Dockerfile', relativePath: 'Dockerfile' });
  expect(mapDockerfile(parseDockerfile('FROM x', '/elsewhere/Dockerfile'), [], '/repo')).toMatchObject({ uri: 'file:///elsewhere/Dockerfile', relativePath: null });
});
