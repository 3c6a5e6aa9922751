/** Facts: label and value pairs, a value being text, a list, or a small table of pairs. */

function renderFacts(s: SectionOf<'facts'>): HTMLElement {
  const sec = sectionEl(s);
  const dl = add(sec, el('dl', 'facts'));
  s.facts.forEach((f) => {
    add(dl, el('dt', null, f.label));
    const dd = add(dl, el('dd', (f.mono ? 'mono' : '') + (f.tone ? ` tone-${f.tone}` : '')));
    factValue(dd, f.value);
  });
  return sec;
}

function factValue(dd: HTMLElement, value: Fact['value']): void {
  if (typeof value === 'string') {
    dd.textContent = shown(value);
    return;
  }
  if (isPairs(value)) {
    const t = add(dd, el('table'));
    value.forEach((pair) => {
      const tr = add(t, el('tr'));
      add(tr, el('td', null, pair[0]));
      add(tr, el('td', null, pair[1]));
    });
    return;
  }
  const ul = add(dd, el('ul'));
  value.forEach((item) => add(ul, el('li', null, item)));
}

function isPairs(value: string[] | [string, string][]): value is [string, string][] {
  return value.length > 0 && Array.isArray(value[0]);
}
