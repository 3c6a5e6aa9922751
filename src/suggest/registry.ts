import { baseImage } from './base-image';
import { multiStage } from './multi-stage';
import type { Suggester } from './types';

/** Every suggester. One file per suggestion id. */
export const SUGGESTERS: readonly Suggester[] = [
  baseImage,
  multiStage,
];
