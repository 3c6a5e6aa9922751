/** The suggestions: each change with its saving and its Dockerfile diff, then the proposed Dockerfile whole. */

function diffLineClass(line: string): string {
  if (/^(\+\+\+|---)( |$)|^Index: |^={4,}$/.test(line)) return 'file';
  if (line.charAt(0) === '+') return 'add';
  if (line.charAt(0) === '-') return 'del';
  return line.slice(0, 2) === '@@' ? 'hunk' : 'ctx';
}

function diffEl(patch: string): HTMLElement {
  const pre = el('pre', 'diff');
  patch
    .replace(/\n$/, '')
    .split('\n')
    .forEach((line) => add(pre, el('span', diffLineClass(line), line === '' ? ' ' : line)));
  return pre;
}

function renderSuggestions(s: SectionOf<'suggestions'>): HTMLElement {
  const sec = sectionEl(s);
  if (s.items.length === 0) add(sec, el('p', 'empty', s.empty));
  s.items.forEach((it) => add(sec, suggestionEl(it)));
  if (s.proposed) {
    const all = add(sec, el('details', 'proposed'));
    add(all, el('summary', null, 'The proposed Dockerfile: every change above, as one diff'));
    all.appendChild(diffEl(s.proposed));
  }
  if (s.dockerignore.length > 0) {
    add(sec, el('h3', 'minor', '.dockerignore entries for the junk found'));
    const pre = add(sec, el('pre', 'diff'));
    s.dockerignore.forEach((line) => add(pre, el('span', 'add', line)));
  }
  return sec;
}

function suggestionEl(it: SuggestionItem): HTMLElement {
  const art = el('article', 'suggestion');
  art.setAttribute('data-id', it.id);
  const head = add(art, el('header'));
  add(head, el('h3', null, it.title));
  add(head, el('code', 'tag', it.id));
  if (it.confidence) add(head, el('span', 'tag', `${it.confidence} confidence`));
  // A change that saves no bytes (USER, HEALTHCHECK) shows no saving.
  if (it.bytes) {
    minus(add(head, bytesEl('span', 'saving', it.bytes)));
    if (it.compressedBytes) add(head, el('span', 'sub', `\u2212${formatBytes(it.compressedBytes)} compressed`));
  }
  if (it.rationale) add(art, el('p', 'rationale', it.rationale));
  const about: string[] = [];
  if (it.layer !== null) about.push(`layer #${it.layer} ${ellipsize(layerName('image', it.layer), 60)}`);
  if (it.findings.length > 0) about.push(`findings: ${it.findings.join(', ')}`);
  if (about.length > 0) add(art, el('p', 'sub', about.join(' \u00b7 ')));
  if (it.patch) add(art, diffEl(it.patch));
  return art;
}
