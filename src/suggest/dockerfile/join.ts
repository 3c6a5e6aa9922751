import type { LayerReport } from '../../model';
import { Dockerfile, finalStage, Instruction } from './parse';

/** Instructions that builders do not always record in the image history. */
const UNRECORDED = new Set(['ARG', 'ONBUILD']);

export interface Join {
  /** Layer index → the final-stage instruction that made it. */
  byLayer: Map<number, Instruction>;
  /** History index of the base image's last entry, when every final-stage instruction was matched. */
  baseLastLayer: number | null;
}

/**
 * Pairs the final stage's instructions with the image history, from the end: the newest history entries are
 * the last instructions. Kinds must agree; an ARG the builder did not record is passed over. Whatever history
 * is left before the first matched instruction is the base image.
 */
export function joinDockerfile(d: Dockerfile, layers: LayerReport[]): Join {
  const body = finalStage(d).body;
  const byLayer = new Map<number, Instruction>();
  let h = layers.length - 1;
  let i = body.length - 1;
  while (h >= 0 && i >= 0) {
    const ins = body[i];
    if (layers[h].instructionKind === ins.kind) {
      byLayer.set(h, ins);
      h--;
      i--;
    } else if (UNRECORDED.has(ins.kind)) i--;
    else break;
  }
  // Skip leading unrecorded instructions (an ARG right after FROM).
  while (i >= 0 && UNRECORDED.has(body[i].kind)) i--;
  return { byLayer, baseLastLayer: i < 0 ? h : null };
}
