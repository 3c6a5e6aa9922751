import type { Analysis, Suggestion } from '../model';

/** The Dockerfile line a suggestion is about: its layer's, else the first line its patch changes. */
export function suggestionLine(a: Analysis, s: Suggestion): number | null {
  const fromLayer = s.layer === null ? null : a.layers[s.layer]?.dockerfileLine ?? null;
  if (fromLayer !== null || s.dockerfile === null) return fromLayer;
  const hunk = /^@@ -(\d+)/m.exec(s.dockerfile);
  if (!hunk) return null;
  let line = Number(hunk[1]);
  for (const l of s.dockerfile.slice(hunk.index).split('\n').slice(1)) {
    if (l.startsWith('-') || l.startsWith('+')) return line;
    line++;
  }
  return null;
}
