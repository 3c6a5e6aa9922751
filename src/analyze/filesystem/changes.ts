import type { LayerChanges } from '../../model';

/** The changes of a layer that touches no file (an empty history entry). */
export function noChanges(): LayerChanges {
  const zero = () => ({ files: 0, bytes: 0 });
  return { added: zero(), modified: zero(), removed: zero(), hardlinks: 0, symlinks: 0, directories: 0, top: [] };
}
