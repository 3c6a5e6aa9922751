/** Runs the whole analysis on an in-memory image and picks out one rule's findings. */
import { buildContext } from '../../src/analyze/findings/context';
import { runRules } from '../../src/analyze/findings/find';
import type { Rule, RuleContext } from '../../src/analyze/findings/types';
import type { Finding } from '../../src/model';
import { formatBytes } from '../../src/util/units';
import { analyzeSteps, run } from './analyze-built';
import { file, ImageSpec, Step, whiteout } from './image-builder';

/**
 * With an id, the findings the registered rules gave; with a rule object, that rule run alone on the same
 * model (for a rule not registered yet, or to see it without the others).
 */
export async function findingsOf(rule: string | Rule, steps: Step[], spec: Omit<ImageSpec, 'steps'> = {}): Promise<Finding[]> {
  const { analysis, filesystem, packageIndex } = await analyzeSteps(steps, spec);
  if (typeof rule === 'string') return analysis.findings.filter((f) => f.id === rule);
  const ctx = buildContext(analysis.image.config, analysis.layers, filesystem, packageIndex);
  return runRules(ctx, [rule]).findings;
}

/** The rule context of an in-memory image, for rules that are easier to test on the context itself. */
export async function contextOf(steps: Step[], spec: Omit<ImageSpec, 'steps'> = {}): Promise<RuleContext> {
  const { analysis, filesystem, packageIndex } = await analyzeSteps(steps, spec);
  return buildContext(analysis.image.config, analysis.layers, filesystem, packageIndex);
}

/** The one finding a rule gives on an in-memory image; fails the test when it gives none or several. */
export async function onlyFinding(rule: string | Rule, steps: Step[], spec: Omit<ImageSpec, 'steps'> = {}): Promise<Finding> {
  const found = await findingsOf(rule, steps, spec);
  expect(found).toHaveLength(1);
  return found[0];
}

export interface WasteRuleCase {
  /** A step that adds the files the rule must report (and others beside them it must not). */
  adds: Step;
  /** What the rule must report from that step, exactly and largest first: [path, bytes]. */
  reports: [string, number][];
  /** Steps the rule must say nothing about. */
  quiet: Step[];
  spec?: Omit<ImageSpec, 'steps'>;
}

/**
 * The three cases every path-based waste rule answers, as tests: the files visible (exact bytes, paths, the layer
 * that added them), the same files deleted by a later RUN (still shipped, with hiddenBy), and no false positive.
 */
export function wasteRuleCases(rule: Rule, c: WasteRuleCase): void {
  const base = run('base', [file('etc/os-release', 'ID=test\n')]);
  const bytes = c.reports.reduce((n, [, b]) => n + b, 0);
  const paths = c.reports.map(([path, b]) => ({ path, bytes: b }));
  const what = `${rule.meta.title}: ${paths.length} file${paths.length === 1 ? '' : 's'}, ${formatBytes(bytes)} added by layer 1`;

  it('reports the files with exact bytes, largest first, and the layer that added them', async () => {
    const f = await onlyFinding(rule, [base, c.adds], c.spec);
    expect(f).toMatchObject({ id: rule.meta.id, category: 'waste', severity: rule.meta.severity, bytes, paths, pathCount: paths.length, layer: 1, hiddenBy: null });
    expect(f.message).toBe(`${what}, still in the final image`);
  });

  it('reports them as still shipped, with hiddenBy, when a later RUN deletes them', async () => {
    const rm = run('rm -rf …', c.reports.map(([path]) => whiteout(path)));
    const f = await onlyFinding(rule, [base, c.adds, rm], c.spec);
    expect(f).toMatchObject({ bytes, paths, layer: 1, hiddenBy: 2 });
    expect(f.message).toBe(`${what}, deleted by layer 2 but still shipped in layer 1`);
  });

  it('does not fire where it must not', async () => {
    expect(await findingsOf(rule, c.quiet, c.spec)).toEqual([]);
  });
}
