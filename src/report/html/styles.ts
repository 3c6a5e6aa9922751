/**
 * The report's one stylesheet, inlined into every page. System fonts only (nothing is fetched); light and dark
 * schemes; print styles that drop the controls and keep the colours of charts.
 */
export const STYLES = String.raw`
:root {
  --bg: #f6f7f9; --panel: #ffffff; --text: #1d2430; --muted: #5d6778; --line: #dde1e8; --soft: #eef1f5;
  --accent: #2f6fdf; --accent-soft: #e4edfc; --s0: #4c83e6; --s1: #f0a22e; --s2: #d9534f; --s3: #3fa46a; --s4: #a3adbb;
  --good: #1f8a4c; --warn: #b86e00; --bad: #c62f2f;
  --sev-critical: #a3133b; --sev-high: #d9482b; --sev-medium: #d98c00; --sev-low: #4c83e6; --sev-info: #7b8594;
  --add: #e6f6ea; --add-text: #17602f; --del: #fdecec; --del-text: #9b1c1c; --hunk: #eef1f8;
  --mono: ui-monospace, "SFMono-Regular", "Cascadia Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #14171c; --panel: #1c2027; --text: #e3e7ee; --muted: #9aa4b4; --line: #303641; --soft: #242a33;
    --accent: #6c9ef8; --accent-soft: #22304a; --s0: #5b8ff0; --s1: #e9a23b; --s3: #48b476; --s4: #6b7585;
    --add: #17301f; --add-text: #8fdca7; --del: #3a1d1f; --del-text: #f3a3a3; --hunk: #232b3a;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--text);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "DejaVu Sans", sans-serif;
}
code, .mono, pre { font-family: var(--mono); font-size: 12.5px; }
.wrap { max-width: 1240px; margin: 0 auto; padding: 0 24px; }
header.top { background: var(--panel); border-bottom: 1px solid var(--line); padding: 20px 0 0; }
.brand { display: flex; align-items: center; gap: 8px; color: var(--muted); font-size: 12px; font-weight: 600; letter-spacing: .06em; text-transform: uppercase; }
.brand svg { width: 18px; height: 18px; }
h1 { margin: 6px 0 8px; font-size: 24px; line-height: 1.25; font-weight: 650; overflow-wrap: anywhere; }
.meta { display: flex; flex-wrap: wrap; gap: 6px 22px; margin: 0 0 14px; padding: 0; list-style: none; color: var(--muted); font-size: 13px; }
.meta b { color: var(--text); font-weight: 500; overflow-wrap: anywhere; }
.meta span { margin-right: 6px; }
nav.sections { display: flex; gap: 2px; overflow-x: auto; margin: 0 -10px; }
nav.sections a { padding: 8px 10px 10px; color: var(--muted); text-decoration: none; font-size: 13px; font-weight: 500; border-bottom: 2px solid transparent; white-space: nowrap; }
nav.sections a:hover { color: var(--text); border-bottom-color: var(--line); }
main { padding: 8px 0 40px; }
.section { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 18px 20px 20px; margin: 18px 0; }
.section > h2 { margin: 0 0 2px; font-size: 17px; font-weight: 650; }
.section > .note { margin: 0 0 14px; color: var(--muted); font-size: 13px; }
.section > h2 + :not(.note) { margin-top: 14px; }
.empty { color: var(--muted); margin: 8px 0 0; }
.section-cards { background: none; border: none; padding: 0; }
.section-cards > h2 { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(148px, 1fr)); gap: 12px; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; border-top: 3px solid var(--line); min-width: 0; }
.card.tone-good { border-top-color: var(--good); }
.card.tone-warn { border-top-color: var(--warn); }
.card.tone-bad { border-top-color: var(--bad); }
.card-label { color: var(--muted); font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; }
.card-value { font-size: 25px; font-weight: 650; margin: 4px 0 2px; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; line-height: 1.2; }
.card.tone-bad .card-value { color: var(--bad); }
.card.tone-good .card-value { color: var(--good); }
.card-value.long { font-size: 16px; font-family: var(--mono); padding: 5px 0 3px; }
.card-sub { color: var(--muted); font-size: 12.5px; overflow-wrap: anywhere; }
.card[data-key="proposal"] { grid-column: 1 / -1; }
.card-parts { width: 100%; max-width: 720px; border-collapse: collapse; margin-top: 8px; font-size: 12.5px; }
.card-parts td { padding: 3px 8px 3px 0; border-bottom: 1px solid var(--soft); }
.card-parts td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.card-parts td.layer { color: var(--muted); }
.card-parts tr.total td { font-weight: 600; border-bottom: none; }
.bars > .opens-layer { cursor: pointer; }
.bars > .key.opens-layer { color: var(--accent); text-decoration: underline dotted; }
.bars > .key.selected { font-weight: 700; text-decoration: none; }
.lv-modes { display: inline-flex; border: 1px solid var(--line); border-radius: 6px; overflow: hidden; }
.lv-mode, .lv-expand, .lv-collapse { font: inherit; font-size: 13px; padding: 6px 10px; border: none; background: var(--panel); color: var(--text); cursor: pointer; }
.lv-expand, .lv-collapse { border: 1px solid var(--line); border-radius: 6px; }
.lv-mode[aria-pressed="true"] { background: var(--accent); color: #fff; }
.lv-pick { font: inherit; font-size: 13px; padding: 5px 8px; max-width: 420px; border: 1px solid var(--line); border-radius: 6px; background: var(--panel); color: var(--text); }
.lv-totals { display: flex; flex-wrap: wrap; gap: 6px 18px; margin: 0 0 10px; font-size: 13px; }
.lv-total b { font-weight: 600; }
.lv-total.ch-A b { color: var(--add-text); } .lv-total.ch-M b { color: var(--warn); } .lv-total.ch-D b { color: var(--del-text); }
.lv-apart { color: var(--muted); }
.lv-tree { max-height: 560px; overflow: auto; border: 1px solid var(--line); border-radius: 8px; font-family: var(--mono); font-size: 12.5px; }
.lv-row { display: grid; grid-template-columns: 18px 16px minmax(0, 1fr) auto auto; gap: 6px; align-items: center; padding-top: 2px; padding-bottom: 2px; padding-right: 10px; border-bottom: 1px solid var(--soft); }
.lv-row > :first-child { margin-left: 6px; }
.lv-toggle { all: unset; cursor: pointer; color: var(--muted); text-align: center; }
.lv-name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.lv-closed { grid-column: 3; color: var(--muted); font-size: 11.5px; }
.lv-count { color: var(--muted); font-family: system-ui, sans-serif; font-size: 12px; }
.lv-size { min-width: 72px; text-align: right; font-variant-numeric: tabular-nums; }
.lv-mark { font-weight: 700; text-align: center; }
.lv-row.ch-A { background: var(--add); } .lv-row.ch-A .lv-mark { color: var(--add-text); }
.lv-row.ch-M { background: #fdf3e1; } .lv-row.ch-M .lv-mark { color: var(--warn); }
.lv-row.ch-D { background: var(--del); } .lv-row.ch-D .lv-mark, .lv-row.ch-D .lv-name { color: var(--del-text); }
.lv-row.ch-D .lv-name { text-decoration: line-through; }
.lv-row.ch-mixed .lv-mark { color: var(--muted); }
.lv-row[data-kind="more"] .lv-name { font-style: italic; color: var(--muted); }
.lv-status { margin: 8px 0 0; color: var(--muted); font-size: 12.5px; }
@media (prefers-color-scheme: dark) { .lv-row.ch-M { background: #3a2f1a; } }
.gauge { display: block; width: 100%; height: 6px; margin: 6px 0 4px; }
.gauge .track { fill: var(--soft); }
.gauge .fill { fill: var(--good); }
.tone-warn .gauge .fill { fill: var(--warn); }
.tone-bad .gauge .fill { fill: var(--bad); }
.legend { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 0 0 10px; color: var(--muted); font-size: 12.5px; }
.legend i, .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
.s0 { fill: var(--s0); background: var(--s0); } .s1 { fill: var(--s1); background: var(--s1); }
.s2 { fill: var(--s2); background: var(--s2); } .s3 { fill: var(--s3); background: var(--s3); }
.s4 { fill: var(--s4); background: var(--s4); }
.bars { display: grid; grid-template-columns: auto minmax(120px, 2.2fr) minmax(140px, 3fr) repeat(var(--cols, 2), minmax(76px, auto)); font-size: 13px; }
.bars > .head { display: flex; align-items: flex-end; color: var(--muted); font-size: 12px; font-weight: 600; padding: 0 12px 6px 0; border-bottom: 1px solid var(--line); }
.bars > .cell { display: flex; align-items: center; padding: 5px 12px 5px 0; border-bottom: 1px solid var(--soft); min-width: 0; }
.bars > .num { justify-content: flex-end; }
.bars > .end { padding-right: 0; }
.bars .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.bars .key { color: var(--muted); font-variant-numeric: tabular-nums; }
.bars .lab { display: flex; align-items: center; gap: 6px; }
.bar-label { all: unset; display: block; box-sizing: border-box; flex: 1 1 auto; min-width: 0; cursor: pointer; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; font-family: var(--mono); font-size: 12.5px; }
.bar-label:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.bar-label.open { white-space: pre-wrap; overflow-wrap: anywhere; }
.bar { display: block; width: 100%; height: 16px; }
.bar .track { fill: var(--soft); }
.crumbs { display: flex; flex-wrap: wrap; align-items: center; gap: 2px; margin: 0 0 10px; font-family: var(--mono); font-size: 13px; }
.crumbs button { all: unset; cursor: pointer; color: var(--accent); padding: 2px 4px; border-radius: 4px; }
.crumbs button:hover, .crumbs button:focus-visible { background: var(--accent-soft); }
.crumbs .sep { color: var(--muted); }
.crumbs .here { padding: 2px 4px; font-weight: 600; }
.crumbs .size { margin-left: 10px; color: var(--muted); font-family: system-ui, sans-serif; }
.treemap-wrap { display: grid; grid-template-columns: minmax(0, 1fr) 280px; gap: 16px; }
.treemap { position: relative; height: 460px; min-width: 0; border-radius: 6px; overflow: hidden; background: var(--soft); }
.treemap svg { display: block; }
.treemap g.node { cursor: default; }
.treemap g.node.can-open { cursor: zoom-in; }
.treemap g.node:focus { outline: none; }
.treemap g.node:focus-visible > rect.box, .treemap g.node.can-open:hover > rect.box { stroke: var(--text); stroke-width: 2; }
.treemap rect.box { stroke: var(--panel); stroke-width: 1; }
.treemap text { font-size: 12px; fill: #1b2230; pointer-events: none; }
.treemap text.size { font-size: 11px; fill: #3b4556; }
.treemap text.head { font-weight: 600; }
.treemap-status { min-height: 20px; margin: 8px 0 0; color: var(--muted); font-size: 12.5px; overflow-wrap: anywhere; }
.tm-list { list-style: none; margin: 0; padding: 0; font-size: 13px; }
.tm-list li { display: grid; grid-template-columns: 14px minmax(0, 1fr) auto 52px; gap: 6px; align-items: center; padding: 4px 0; border-bottom: 1px solid var(--soft); }
.tm-list .name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-family: var(--mono); font-size: 12.5px; }
.tm-list button.name { all: unset; cursor: pointer; color: var(--accent); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-family: var(--mono); font-size: 12.5px; }
.tm-list .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.tm-list .pct { color: var(--muted); }
.tm-list .other .name { font-style: italic; color: var(--muted); }
.table-tools { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; margin: 0 0 10px; }
input.filter { font: inherit; padding: 6px 10px; border: 1px solid var(--line); border-radius: 6px; min-width: 260px; background: var(--panel); color: var(--text); }
input.filter:focus { outline: 2px solid var(--accent-soft); border-color: var(--accent); }
.count { color: var(--muted); font-size: 12.5px; }
.table-scroll { overflow: auto; max-height: 560px; border: 1px solid var(--line); border-radius: 8px; }
table.data { width: 100%; border-collapse: collapse; font-size: 13px; }
table.data th { position: sticky; top: 0; z-index: 1; background: var(--soft); text-align: left; font-weight: 600; padding: 0; border-bottom: 1px solid var(--line); white-space: nowrap; }
table.data th button { all: unset; display: block; box-sizing: border-box; width: 100%; padding: 8px 10px; cursor: pointer; }
table.data th button:focus-visible { outline: 2px solid var(--accent); outline-offset: -2px; }
table.data th .arrow { color: var(--muted); margin-left: 4px; font-size: 10px; }
table.data th.num, table.data td.num { text-align: right; }
table.data td { padding: 6px 10px; border-bottom: 1px solid var(--soft); vertical-align: top; }
table.data tr:last-child td { border-bottom: none; }
table.data tbody tr:hover td { background: var(--accent-soft); }
td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
td.path, td.mono { font-family: var(--mono); font-size: 12.5px; overflow-wrap: break-word; }
td.path { word-break: break-all; min-width: 220px; }
table.data td.nowrap { white-space: nowrap; }
td.paths { min-width: 220px; }
td.paths ul { margin: 0; padding: 0; list-style: none; font-family: var(--mono); font-size: 12.5px; word-break: break-all; }
td.paths .more { color: var(--muted); font-family: system-ui, sans-serif; font-size: 12px; }
td.layer { font-family: var(--mono); font-size: 12.5px; }
td.layer .clip { display: block; max-width: 280px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
td.layer .idx { color: var(--muted); }
td.text { min-width: 220px; }
td .second { margin-top: 3px; color: var(--muted); font-size: 12.5px; }
.sev { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 11.5px; font-weight: 600; color: #fff; text-transform: lowercase; }
.sev-critical { background: var(--sev-critical); } .sev-high { background: var(--sev-high); } .sev-medium { background: var(--sev-medium); }
.sev-low { background: var(--sev-low); } .sev-info { background: var(--sev-info); }
.tag { display: inline-block; padding: 0 6px; border-radius: 4px; background: var(--soft); color: var(--muted); font-size: 11.5px; }
.more-rows { margin: 8px 0 0; }
.more-rows[hidden] { display: none; }
button.show-all { font: inherit; font-size: 12.5px; padding: 5px 12px; border: 1px solid var(--line); border-radius: 6px; background: var(--panel); color: var(--accent); cursor: pointer; }
button.show-all:hover { background: var(--accent-soft); }
.truncated { margin: 8px 0 0; color: var(--muted); font-size: 12.5px; }
.suggestion { border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; margin: 0 0 12px; }
.suggestion header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 6px 12px; }
.suggestion h3 { margin: 0; font-size: 15px; flex: 1 1 300px; }
.suggestion .saving { font-size: 18px; font-weight: 650; color: var(--good); font-variant-numeric: tabular-nums; }
.suggestion .rationale { margin: 8px 0 0; }
.suggestion .sub, .section-suggestions .sub { color: var(--muted); font-size: 12.5px; }
.suggestion p.sub { margin: 6px 0 0; }
details.proposed { margin: 12px 0 0; }
details.proposed summary { cursor: pointer; font-weight: 600; }
h3.minor { font-size: 14px; margin: 16px 0 0; }
.bars .lab .tag { flex: none; white-space: nowrap; }
pre.diff { margin: 10px 0 0; padding: 8px 0; border: 1px solid var(--line); border-radius: 6px; overflow: auto; background: var(--panel); }
pre.diff span { display: block; padding: 0 12px; white-space: pre; }
pre.diff .add { background: var(--add); color: var(--add-text); }
pre.diff .del { background: var(--del); color: var(--del-text); }
pre.diff .hunk { background: var(--hunk); color: var(--muted); }
pre.diff .file { color: var(--muted); font-weight: 600; }
dl.facts { display: grid; grid-template-columns: minmax(120px, max-content) minmax(0, 1fr); gap: 6px 18px; margin: 0; }
dl.facts dt { color: var(--muted); font-weight: 500; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
dl.facts dd.mono { font-family: var(--mono); font-size: 12.5px; }
dl.facts dd.tone-bad { color: var(--bad); font-weight: 600; }
dl.facts ul { margin: 0; padding: 0; list-style: none; }
dl.facts table { border-collapse: collapse; font-family: var(--mono); font-size: 12.5px; }
dl.facts td { padding: 2px 14px 2px 0; vertical-align: top; overflow-wrap: anywhere; }
dl.facts td:first-child { color: var(--muted); }
footer { color: var(--muted); font-size: 12px; padding: 0 0 30px; }
noscript p { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; }
.failed { background: var(--del); color: var(--del-text); border-radius: 8px; padding: 12px 16px; margin: 18px 0; }
@media (max-width: 820px) {
  .treemap-wrap { grid-template-columns: 1fr; }
  .bars { grid-template-columns: auto minmax(100px, 1fr) minmax(90px, 1fr) repeat(var(--cols, 2), auto); }
}
@media print {
  :root { --bg: #fff; --panel: #fff; --text: #000; --muted: #444; --line: #bbb; --soft: #eee; }
  body { font-size: 11px; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .wrap { max-width: none; padding: 0; }
  header.top { border: none; padding-top: 0; }
  nav.sections, .table-tools input, .crumbs button, .treemap-status, button.show-all { display: none; }
  .section { border: none; border-top: 1px solid var(--line); border-radius: 0; padding: 12px 0; margin: 10px 0; }
  .card, .suggestion, .bars > .cell, table.data tr, dl.facts > * { break-inside: avoid; }
  .section > h2 { break-after: avoid; }
  .table-scroll { max-height: none; overflow: visible; border: none; }
  .lv-tree { max-height: none; overflow: visible; }
  .lv-tools .lv-expand, .lv-tools .lv-collapse { display: none; }
  .lv-row { break-inside: avoid; }
  table.data th { position: static; }
  .treemap-wrap { grid-template-columns: minmax(0, 1fr) 220px; }
  .treemap { height: 360px; }
  pre.diff span { white-space: pre-wrap; }
}
`;
