/**
 * A stand-in for the rule registry holding only the named rules, so that a test sees the totals (junk, waste)
 * those rules make whatever the registry holds. Kept apart from rules.ts, which imports the registry itself:
 *
 *   jest.mock('../../src/analyze/findings/list', () => jest.requireActual('../helpers/rules-only').registryWith('pip-cache', 'duplicate-files'));
 */
import type { Rule } from '../../src/analyze/findings/types';

export function registryWith(...ids: string[]): Record<string, unknown> {
  const actual = jest.requireActual('../../src/analyze/findings/list') as Record<string, unknown>;
  const rules = ids.map((id) => {
    const exports = jest.requireActual(`../../src/analyze/findings/rules/${id}`) as Record<string, unknown>;
    const rule = Object.values(exports).find((v): v is Rule => (v as Rule | undefined)?.meta?.id === id);
    if (!rule) throw new Error(`src/analyze/findings/rules/${id}.ts exports no rule with id ${id}`);
    return rule;
  });
  return { ...actual, RULES: rules };
}
