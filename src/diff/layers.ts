/**
 * Aligns the layers of two images. Layers with the same diffID are the same bytes (shared); of the rest, a layer of
 * OLD and one of NEW made by the same instruction are one step that changed (a RUN whose output grew); what is left
 * was added or removed. Both pairings keep the order of the images, so a step is paired with its counterpart, not
 * with a later repeat of the same instruction.
 */
import type { Analysis, LayerReport } from '../model';
import type { InstructionDelta, LayerDiff, LayerSide } from './model';
import { compareText } from '../util/compare';

/**
 * What pairs two layers whose bytes differ: the instruction kind and its normalised text, with the content hashes
 * the legacy builder writes into COPY and ADD (`COPY file:3b1f…e0 in /app/`) cut out, since they change whenever
 * the copied files do; whitespace runs are one space.
 */
export function instructionKey(layer: Pick<LayerReport, 'instruction' | 'instructionKind'>): string {
  const text = layer.instruction.replace(/\b(file|dir|multi):[0-9a-f]{64}\b/g, '$1:…').replace(/\s+/g, ' ').trim();
  return text.startsWith(layer.instructionKind) ? text : `${layer.instructionKind} ${text}`.trim();
}

type Step = { op: 'pair'; o: number; n: number } | { op: 'removed'; o: number } | { op: 'added'; n: number };

/**
 * An order-keeping alignment that first pairs as many layers by diffID as any alignment can, and then, among
 * those, as many more by instruction key: a longest common subsequence where a diffID match outweighs every
 * instruction match together. Filled from the ends and read from the start, so repeats pair earliest first.
 */
function align(old: LayerReport[], neu: LayerReport[]): Step[] {
  const n = old.length;
  const m = neu.length;
  const heavy = Math.min(n, m) + 1;
  const oldKeys = old.map(instructionKey);
  const newKeys = neu.map(instructionKey);
  const weight = (i: number, j: number): number => {
    if (old[i].digest !== null && old[i].digest === neu[j].digest) return heavy;
    return oldKeys[i] === newKeys[j] ? 1 : 0;
  };
  const best: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const w = weight(i, j);
      best[i][j] = Math.max(best[i + 1][j], best[i][j + 1], w > 0 ? best[i + 1][j + 1] + w : 0);
    }
  }
  const steps: Step[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m) {
      const w = weight(i, j);
      if (w > 0 && best[i][j] === best[i + 1][j + 1] + w) {
        steps.push({ op: 'pair', o: i++, n: j++ });
        continue;
      }
    }
    // Removed layers before the added ones of the same stretch.
    if (i < n && (j === m || best[i][j] === best[i + 1][j])) steps.push({ op: 'removed', o: i++ });
    else steps.push({ op: 'added', n: j++ });
  }
  return steps;
}

function side(l: LayerReport): LayerSide {
  return { index: l.index, digest: l.digest, instruction: l.instruction, sizeBytes: l.sizeBytes, compressedBytes: l.compressedBytes };
}

/** The layers of both images that change files, aligned, oldest first. */
export function diffLayers(oldImage: Analysis, newImage: Analysis): LayerDiff[] {
  const old = oldImage.layers.filter((l) => !l.emptyLayer);
  const neu = newImage.layers.filter((l) => !l.emptyLayer);
  return align(old, neu).map((s): LayerDiff => {
    const o = s.op === 'added' ? null : old[s.o];
    const n = s.op === 'removed' ? null : neu[s.n];
    const shown = (n ?? o) as LayerReport;
    const status = o && n ? (o.digest !== null && o.digest === n.digest ? 'shared' : 'changed') : o ? 'removed' : 'added';
    const compressed = (l: LayerReport | null): number | null => (l === null ? 0 : l.compressedBytes);
    const oc = compressed(o);
    const nc = compressed(n);
    return {
      status,
      key: instructionKey(shown),
      instructionKind: shown.instructionKind,
      instruction: shown.instruction,
      old: o && side(o),
      new: n && side(n),
      deltaBytes: (n?.sizeBytes ?? 0) - (o?.sizeBytes ?? 0),
      deltaCompressedBytes: oc === null || nc === null ? null : nc - oc,
    };
  });
}

/** Layer bytes per instruction key in each image, where the layers differ; largest |delta| first. */
export function diffInstructions(layers: LayerDiff[]): InstructionDelta[] {
  const rows = new Map<string, InstructionDelta & { differs: boolean }>();
  for (const l of layers) {
    let row = rows.get(l.key);
    if (!row) {
      row = { key: l.key, instructionKind: l.instructionKind, instruction: l.instruction, oldLayers: 0, newLayers: 0, oldBytes: 0, newBytes: 0, deltaBytes: 0, differs: false };
      rows.set(l.key, row);
    }
    if (l.old) {
      row.oldLayers++;
      row.oldBytes += l.old.sizeBytes;
    }
    if (l.new) {
      // The text NEW wrote wins over OLD's for the row.
      if (row.newLayers === 0) row.instruction = l.new.instruction;
      row.newLayers++;
      row.newBytes += l.new.sizeBytes;
    }
    row.deltaBytes += l.deltaBytes;
    if (l.status !== 'shared') row.differs = true;
  }
  return [...rows.values()]
    .filter((r) => r.differs)
    .map(({ differs: _differs, ...r }) => r)
    .sort((a, b) => Math.abs(b.deltaBytes) - Math.abs(a.deltaBytes) || b.deltaBytes - a.deltaBytes || compareText(a.key, b.key));
}


