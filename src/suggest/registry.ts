import type { Suggester } from './types';

/** Every suggester. One file per suggestion id. */
export const SUGGESTERS: readonly Suggester[] = [];
