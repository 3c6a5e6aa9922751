import type { LayerReport } from '../model';
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

/** Instructions whose history text is the Dockerfile's own words, so a join can be checked against them. */
const TEXT_KINDS = new Set(['RUN', 'WORKDIR', 'USER', 'EXPOSE']);

export interface JoinCheck {
  /** Whether the Dockerfile is the one that built the image, as far as the history shows. */
  matches: boolean;
  /** Final-stage instructions paired with history entries. */
  matched: number;
  /** Of those, the ones whose text was compared (and agreed, when `matches`). */
  compared: number;
  /** Why it does not match, in a few words. */
  reason: string | null;
}

/**
 * Whether a Dockerfile nobody named (./Dockerfile) built this image: every final-stage instruction pairs with a
 * history entry of its kind, and the instructions whose text the history records (RUN in shell form, WORKDIR,
 * USER, EXPOSE) say the same, white space folded — at least one of them, since kinds alone match many images.
 */
export function checkJoin(join: Join, layers: LayerReport[]): JoinCheck {
  const matched = join.byLayer.size;
  const no = (reason: string, compared = 0): JoinCheck => ({ matches: false, matched, compared, reason });
  if (join.baseLastLayer === null) return no('its final stage does not line up with the image history');
  let compared = 0;
  for (const [index, ins] of join.byLayer) {
    if (!TEXT_KINDS.has(ins.kind) || (ins.kind === 'RUN' && ins.args.startsWith('['))) continue;
    compared++;
    if (fold(layers[index].instruction) !== fold(`${ins.kind} ${ins.args}`)) return no(`line ${ins.startLine + 1} differs from layer ${index}'s instruction`, compared);
  }
  if (compared === 0) return no('no instruction whose text the history records (RUN, WORKDIR, USER, EXPOSE) to compare');
  return { matches: true, matched, compared, reason: null };
}

function fold(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
