/**
 * The page script's files are plain scripts sharing one scope (tsconfig.client.json compiles them into one file).
 * They name the view's types from view.ts, so a change of the data shape fails this type check too.
 */
type View = import('../view').PageView;
type Section = import('../view').Section;
type SectionOf<K extends Section['type']> = Extract<Section, { type: K }>;
type Value = import('../view').Value;
type Card = import('../view').Card;
type BarRow = import('../view').BarRow;
type TreeNode = import('../view').TreeNode;
type Column = import('../view').Column;
type Cell = import('../view').Cell;
type SuggestionItem = import('../view').SuggestionItem;
type Fact = import('../view').Fact;
type PageTreeNode = import('../view').PageTreeNode;
type LayerChangeView = import('../view').LayerChangeView;

/** A rectangle of the treemap layout. */
interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}
