import { bytes, files, sumBytes } from '../common';
import type { Suggester } from '../types';

/** The rule's message ends with the entries that keep its files out. */
const ENTRIES = /\.dockerignore entries that keep them out: (.+)$/;

export const dockerignoreSuggester: Suggester = {
  meta: {
    id: 'dockerignore',
    title: 'Keep build-context junk out with .dockerignore',
    description:
      'COPY and ADD bring in everything in the build context that no .dockerignore entry excludes: .git, Python ' +
      'bytecode, .env files, logs, tests, editor files, a node_modules from the build machine. The savings are the ' +
      'bytes of the dockerignore findings, measured in the COPY and ADD layers that brought the files, visible or ' +
      'deleted by a later RUN (a deletion does not shrink the COPY layer). The entries each finding names go into ' +
      'the proposed .dockerignore (written next to the Dockerfile as `<Dockerfile>.dockerignore`, which BuildKit ' +
      'reads for that Dockerfile, with --write-dockerfile); the Dockerfile itself does not change. Check that no ' +
      'entry excludes a file the build needs (a tests folder the image runs, say) before using it.',
  },
  suggest(ctx) {
    const found = ctx.findings('dockerignore');
    if (found.length === 0) return [];
    const entries: string[] = [];
    for (const f of found) {
      const m = ENTRIES.exec(f.message);
      for (const e of m ? m[1].split(', ') : []) if (!entries.includes(e)) entries.push(e);
    }
    const total = sumBytes(found);
    const byLayer = new Map<number, number>();
    for (const f of found) if (f.layer !== null) byLayer.set(f.layer, (byLayer.get(f.layer) ?? 0) + f.bytes);
    const layers = [...byLayer.keys()].sort((a, b) => a - b);
    const main = [...byLayer].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? null;
    const where = layers.map((l) => `layer ${l} (${bytes(byLayer.get(l)!)})`).join(', ');
    return [
      {
        bytes: total,
        confidence: 'high',
        rationale:
          `COPY/ADD brought ${files(found.reduce((n, f) => n + f.pathCount, 0))} of build-context junk, ${bytes(total)}, into ${where}. ` +
          `A .dockerignore with ${entries.map((e) => `\`${e}\``).join(', ')} keeps them out of the context.`,
        findings: ['dockerignore'],
        layer: main,
        ratioLayers: layers,
        dockerignore: entries,
      },
    ];
  },
};
