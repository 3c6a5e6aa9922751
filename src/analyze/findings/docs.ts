import type { RuleMeta } from './types';

/** The doc page of a rule, made from its meta so that the two cannot drift (`npm run docs` writes them). */
export function ruleDoc(meta: RuleMeta): string {
  return [
    `# ${meta.id}: ${meta.title}`,
    '',
    `| category | default severity |`,
    `| --- | --- |`,
    `| ${meta.category} | ${meta.severity} |`,
    '',
    meta.description,
    '',
    '## Fix',
    '',
    meta.fix,
    '',
  ].join('\n');
}

export const TABLE_START = '<!-- rules:start -->';
export const TABLE_END = '<!-- rules:end -->';

/** README's table of rules. */
export function rulesTable(metas: RuleMeta[]): string {
  const rows = metas.map((m) => `| [\`${m.id}\`](docs/rules/${m.id}.md) | ${m.category} | ${m.severity} | ${m.title} |`);
  // The table is made by `npm run docs` from each rule's meta; a test fails when it is stale.
  return [TABLE_START, '| id | category | severity | finds |', '| --- | --- | --- | --- |', ...rows, TABLE_END].join('\n');
}

/** Puts the table between its markers in README's text. */
export function withRulesTable(readme: string, metas: RuleMeta[]): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error('README has no rules table markers');
  return readme.slice(0, start) + rulesTable(metas) + readme.slice(end + TABLE_END.length);
}

export const SUGGESTIONS_START = '<!-- suggestions:start -->';
export const SUGGESTIONS_END = '<!-- suggestions:end -->';

/** README's table of suggestions, made like the rules' from each suggester's meta. */
export function withSuggestionsTable(readme: string, metas: Array<{ id: string; title: string }>): string {
  const start = readme.indexOf(SUGGESTIONS_START);
  const end = readme.indexOf(SUGGESTIONS_END);
  if (start < 0 || end < start) throw new Error('README has no suggestions table markers');
  const rows = metas.map((m) => `| [\`${m.id}\`](docs/suggestions/${m.id}.md) | ${m.title} |`);
  const table = [SUGGESTIONS_START, '| id | proposes |', '| --- | --- |', ...rows, SUGGESTIONS_END].join('\n');
  return readme.slice(0, start) + table + readme.slice(end + SUGGESTIONS_END.length);
}
