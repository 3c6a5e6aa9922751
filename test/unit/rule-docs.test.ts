import * as fs from 'node:fs';
import * as path from 'node:path';
import { ruleDoc, withRulesTable, withSuggestionsTable } from '../../src/analyze/findings/docs';
import { SUGGESTERS } from '../../src/suggest/list';
import { suggestionDoc } from '../../src/suggest/suggestion-doc';
import { RULES } from '../../src/analyze/findings/list';

const root = path.join(__dirname, '..', '..');

describe('rule and suggestion lists and docs', () => {
  /** The files of a rules folder, by name without `.ts`. */
  const folder = (...parts: string[]): string[] =>
    fs.readdirSync(path.join(root, 'src', ...parts)).map((f) => f.replace(/\.ts$/, '')).sort();

  it('has unique kebab-case ids; findings/rules/ holds one file per rule, named by its id, and nothing else', () => {
    const ids = RULES.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
    expect(folder('analyze', 'findings', 'rules')).toEqual([...ids].sort());
  });

  it('suggest/rules/ holds one file per suggestion, named by its id, and nothing else', () => {
    const ids = SUGGESTERS.map((s) => s.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
    expect(folder('suggest', 'rules')).toEqual([...ids].sort());
  });

  it.each(RULES.map((r) => [r.meta.id, r]))('%s has a doc page that matches its meta', (id, rule) => {
    const page = path.join(root, 'docs', 'rules', `${id}.md`);
    expect(fs.existsSync(page)).toBe(true);
    expect(fs.readFileSync(page, 'utf8')).toBe(ruleDoc(rule.meta));
  });

  it('README lists every rule and every suggestion as made from their meta', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    expect(withRulesTable(readme, RULES.map((r) => r.meta))).toBe(readme);
    expect(withSuggestionsTable(readme, SUGGESTERS.map((s) => s.meta))).toBe(readme);
  });

  it.each(SUGGESTERS.map((s) => [s.meta.id, s]))('suggestion %s has a doc page that matches its meta and a test', (id, s) => {
    expect(fs.readFileSync(path.join(root, 'docs', 'suggestions', `${id}.md`), 'utf8')).toBe(suggestionDoc(s.meta));
    expect(fs.existsSync(path.join(root, 'test', 'suggest', `${id}.test.ts`))).toBe(true);
  });

  it('has a test file per rule', () => {
    for (const r of RULES) expect(fs.existsSync(path.join(root, 'test', 'rules', `${r.meta.id}.test.ts`))).toBe(true);
  });

  it('a rule reads the claims of other rules only when it declares so', () => {
    for (const r of RULES) {
      const text = fs.readFileSync(path.join(root, 'src', 'analyze', 'findings', 'rules', `${r.meta.id}.ts`), 'utf8');
      expect([r.meta.id, /\bctx\.claimed\b/.test(text)]).toEqual([r.meta.id, r.readsClaims === true]);
    }
    expect(RULES.filter((r) => r.readsClaims).map((r) => r.meta.id)).toEqual(['hidden-files']);
  });
});
