#!/usr/bin/env node
// Writes docs/rules/<id>.md, docs/suggestions/<id>.md and README's two tables from the rules' meta (run `npm run docs` after `npm run build`).
const fs = require('node:fs');
const path = require('node:path');
const { RULES } = require('../dist/analyze/findings/list');
const { ruleDoc, withRulesTable, withSuggestionsTable } = require('../dist/analyze/findings/docs');
const { SUGGESTERS } = require('../dist/suggest/list');
const { suggestionDoc } = require('../dist/suggest/suggestion-doc');

const root = path.join(__dirname, '..');
const dir = path.join(root, 'docs', 'rules');
fs.mkdirSync(dir, { recursive: true });
const metas = RULES.map((r) => r.meta);
for (const meta of metas) fs.writeFileSync(path.join(dir, `${meta.id}.md`), ruleDoc(meta));
const readme = path.join(root, 'README.md');
const suggestions = SUGGESTERS.map((s) => s.meta);
const suggestionDir = path.join(root, 'docs', 'suggestions');
fs.mkdirSync(suggestionDir, { recursive: true });
for (const meta of suggestions) fs.writeFileSync(path.join(suggestionDir, `${meta.id}.md`), suggestionDoc(meta));
fs.writeFileSync(readme, withSuggestionsTable(withRulesTable(fs.readFileSync(readme, 'utf8'), metas), suggestions));
console.log(`wrote ${metas.length} rule docs, ${suggestions.length} suggestion docs and README's tables`);
