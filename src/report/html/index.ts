/** The HTML reports: one self-contained file each (see docs/html.md). */
export { renderAnalysisHtml } from './analysis-page';
export type { PageLimits } from './analysis-page';
export { renderDiffHtml } from './diff-page';
export type { DiffPageLimits } from './diff-page';
export { summarizeLayers } from './layer-trees';
export type { LayerTreeLimits, LayerTrees } from './layer-trees';
export { renderPage } from './page';
export type { PageHeader } from './page';
export { escapeHtml, jsonForScript } from './escape';
export type * from './view';
