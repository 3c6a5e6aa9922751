/**
 * A stand-in for the suggester registry holding only the named suggesters, so that a test sees one suggestion's
 * edits alone (or a chosen few together):
 *
 *   jest.mock('../../src/suggest/list', () => jest.requireActual('./only').registryWith('pip-no-cache'));
 */
import type { Suggester } from '../../src/suggest/types';

export function registryWith(...ids: string[]): Record<string, unknown> {
  const suggesters = ids.map((id) => {
    const exports = jest.requireActual(`../../src/suggest/rules/${id}`) as Record<string, unknown>;
    const found = Object.values(exports).find((v): v is Suggester => (v as Suggester | undefined)?.meta?.id === id);
    if (!found) throw new Error(`src/suggest/rules/${id}.ts exports no suggester with id ${id}`);
    return found;
  });
  return { SUGGESTERS: suggesters };
}
