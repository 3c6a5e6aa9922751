import { DuplicateGroup, Finding, severityRank } from '../../model';
import type { Inode } from '../filesystem/model';
import { docsPath, RULES } from './list';
import type { Rule, RuleContext } from './types';

const MAX_PATHS = 100;

export interface FindingsResult {
  findings: Finding[];
  /** Visible bodies waste rules flag, each once. */
  junk: Set<Inode>;
}

/** Runs every rule over the model: findings are data; nothing here prints. */
export function runRules(ctx: RuleContext, rules: readonly Rule[] = RULES): FindingsResult {
  const findings: Finding[] = [];
  const junk = new Set<Inode>();
  const claimed = ctx.claimed as Set<Inode>;
  claimed.clear();
  // Rules that read the claims run once every other rule has made its own; the findings are sorted after.
  const runOrder = [...rules.filter((r) => !r.readsClaims), ...rules.filter((r) => r.readsClaims)];
  const fs = ctx.filesystem;
  runOrder.forEach((rule) => {
    for (const hit of rule.check(ctx)) {
      if (rule.meta.category === 'waste') {
        for (const i of hit.inodes ?? []) {
          claimed.add(i);
          if (fs.hiddenBy(i) === null) junk.add(i);
        }
      }
      findings.push({
        id: rule.meta.id,
        category: rule.meta.category,
        severity: hit.severity ?? rule.meta.severity,
        title: rule.meta.title,
        message: hit.message,
        bytes: hit.bytes,
        paths: hit.paths.slice(0, MAX_PATHS),
        pathCount: hit.paths.length,
        layer: hit.layer,
        hiddenBy: hit.hiddenBy,
        fix: rule.meta.fix,
        docs: docsPath(rule.meta.id),
      });
    }
  });
  const order = new Map(rules.map((r, i) => [r.meta.id, i]));
  findings.sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      b.bytes - a.bytes ||
      (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0) ||
      (a.layer ?? -1) - (b.layer ?? -1),
  );
  return { findings, junk };
}

/**
 * Duplicate copies not already counted as junk: a group of N bodies of S bytes with k junk members adds
 * max(0, N−1−k)×S, so that every byte of waste is counted once.
 */
export function duplicateBytesBeyondJunk(groups: DuplicateGroup[], inodesByHash: Map<string, Inode[]>, junk: Set<Inode>): number {
  let total = 0;
  for (const g of groups) {
    const bodies = inodesByHash.get(g.sha256) ?? [];
    const k = bodies.filter((i) => junk.has(i)).length;
    total += Math.max(0, g.paths.length - 1 - k) * g.sizeBytes;
  }
  return total;
}
