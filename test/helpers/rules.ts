/** Runs the whole analysis on an in-memory image and picks out one rule's findings. */
import { buildContext } from '../../src/analyze/findings/context';
import { runRules } from '../../src/analyze/findings/run';
import type { Rule, RuleContext } from '../../src/analyze/findings/types';
import type { Finding } from '../../src/model';
import { analyzeSteps } from './analyze-built';
import type { ImageSpec, Step } from './image-builder';

/**
 * With an id, the findings the registered rules gave; with a rule object, that rule run alone on the same
 * model (for a rule not registered yet, or to see it without the others).
 */
export async function findingsOf(rule: string | Rule, steps: Step[], spec: Omit<ImageSpec, 'steps'> = {}): Promise<Finding[]> {
  const { analysis, filesystem } = await analyzeSteps(steps, spec);
  if (typeof rule === 'string') return analysis.findings.filter((f) => f.id === rule);
  const ctx = buildContext(analysis.image.config, analysis.layers, filesystem, analysis.packages);
  return runRules(ctx, [rule]).findings;
}

/** The rule context of an in-memory image, for rules that are easier to test on the context itself. */
export async function contextOf(steps: Step[], spec: Omit<ImageSpec, 'steps'> = {}): Promise<RuleContext> {
  const { analysis, filesystem } = await analyzeSteps(steps, spec);
  return buildContext(analysis.image.config, analysis.layers, filesystem, analysis.packages);
}
