/**
 * Where in the Dockerfile given with `--dockerfile` each layer came from, for SARIF results and GitHub
 * annotations. The pairing is the project's one join of a Dockerfile to an image history
 * (src/suggest/dockerfile/join.ts): the final stage's instructions, from the last, against the history, from the
 * newest; kinds must agree, an ARG or ONBUILD the builder did not record is passed over, and the first entry that
 * disagrees ends the pairing — it and everything older is the base image, whose results point at the FROM line.
 * A Dockerfile that did not build the image gives wrong lines, not an error.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LayerReport } from '../model';
import { joinDockerfile } from '../dockerfile/join';
import { Dockerfile, finalStage } from '../dockerfile/parse';
import type { DockerfileMap } from './report';

export function mapDockerfile(d: Dockerfile, layers: LayerReport[], cwd: string = process.cwd()): DockerfileMap {
  const join = joinDockerfile(d, layers);
  const from = finalStage(d).from;
  const rel = relativePath(d.path, cwd);
  return {
    path: d.path,
    uri: rel === null ? pathToFileURL(path.resolve(cwd, d.path)).href : rel.split('/').map(encodeURIComponent).join('/'),
    relativePath: rel,
    // dockerfile-ast counts lines from 0; SARIF and GitHub from 1.
    from: { startLine: from.startLine + 1, endLine: from.endLine + 1 },
    layers: [...join.byLayer]
      .sort(([a], [b]) => a - b)
      .map(([layer, ins]) => ({ layer, startLine: ins.startLine + 1, endLine: ins.endLine + 1 })),
  };
}

/** Relative to the working directory with forward slashes (what code scanning expects), or null when outside it. */
function relativePath(file: string, cwd: string): string | null {
  const rel = path.relative(cwd, path.resolve(cwd, file));
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return rel.split(path.sep).join('/');
}
