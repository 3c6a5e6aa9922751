#!/usr/bin/env node
// Writes docs/rules/<id>.md and README's rules table from the rules' meta (run `npm run docs` after `npm run build`).
const fs = require('node:fs');
const path = require('node:path');
const { RULES } = require('../dist/analyze/findings/registry');
const { ruleDoc, withRulesTable } = require('../dist/analyze/findings/docs');

const root = path.join(__dirname, '..');
const dir = path.join(root, 'docs', 'rules');
fs.mkdirSync(dir, { recursive: true });
const metas = RULES.map((r) => r.meta);
for (const meta of metas) fs.writeFileSync(path.join(dir, `${meta.id}.md`), ruleDoc(meta));
const readme = path.join(root, 'README.md');
fs.writeFileSync(readme, withRulesTable(fs.readFileSync(readme, 'utf8'), metas));
console.log(`wrote ${metas.length} rule docs and README's table`);
