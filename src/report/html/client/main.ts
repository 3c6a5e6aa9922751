/** Draws the page: every section of the view in order, then the treemaps once they can measure their box. */

/** One renderer per section kind: a kind added to view.ts fails the type check until it is drawn. */
const RENDER: { [K in Section['type']]: (s: SectionOf<K>) => HTMLElement } = {
  cards: renderCards,
  bars: renderBars,
  treemap: renderTreemap,
  table: renderTable,
  suggestions: renderSuggestions,
  facts: renderFacts,
  layerChanges: renderLayerChanges,
};

function renderSection<K extends Section['type']>(s: SectionOf<K>): HTMLElement {
  return (RENDER[s.type as K] as (s: SectionOf<K>) => HTMLElement)(s);
}

function readView(): View {
  const data = document.getElementById('imgdiet-data');
  // The JSON boundary: page.ts wrote it from a PageView.
  return JSON.parse(data ? String(data.textContent) : 'null') as View;
}

function drawSections(view: View, main: HTMLElement, nav: HTMLElement): void {
  view.sections.forEach((s) => {
    main.appendChild(renderSection(s));
    if (s.type !== 'cards') add(nav, el('a', null, s.title)).href = `#${s.id}`;
  });
  TREEMAPS.forEach((draw) => draw());
}

function mark(name: string): void {
  if (window.performance && performance.mark) performance.mark(name);
}

function errorText(err: unknown): string {
  const message = err && (err as { message?: unknown }).message;
  return message ? String(message) : String(err);
}

function start(): void {
  const view = readView();
  LAYER_SETS = view.layerSets;
  window.addEventListener('beforeprint', () => {
    document.querySelectorAll('details').forEach((d) => {
      d.open = true;
    });
  });
  const main = document.getElementById('sections') as HTMLElement;
  const nav = document.getElementById('nav') as HTMLElement;
  try {
    drawSections(view, main, nav);
  } catch (err) {
    add(main, el('p', 'failed', `This report could not be drawn: ${errorText(err)}`));
    throw err;
  }
  mark('imgdiet-rendered');
  // The second frame callback runs once the first frame, with the treemap in it, has been painted.
  window.requestAnimationFrame(() => {
    window.requestAnimationFrame(() => {
      mark('imgdiet-painted');
      document.documentElement.setAttribute('data-ready', '1');
    });
  });
}
