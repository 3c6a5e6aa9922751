/**
 * What the page script draws: a page is a list of sections of a few generic kinds (cards, bar chart, treemap,
 * table, suggestions, facts). A page builder (analysis-page.ts, and a diff page) turns its input into this plain
 * data; the shell embeds it as JSON and the one client script renders any page from it. Strings in it may come
 * from an image: the script only ever puts them into the DOM as text.
 */

import type { TreeNode } from '../../model';

export type { TreeNode };

export interface PageView {
  /** Names of layers, by layer index, for `layer` cells and bars: one list per image (`image`, or `old`/`new`). */
  layerSets: Record<string, LayerName[]>;
  sections: Section[];
}

export interface LayerName {
  index: number;
  /** Normalised instruction, e.g. `RUN apt-get update`. */
  instruction: string;
}

export type Section = CardsSection | BarsSection | TreemapSection | TableSection | SuggestionsSection | FactsSection | LayerChangesSection;

interface SectionBase {
  /** Element id of the section (also the anchor the navigation links to). */
  id: string;
  title: string;
  /** One line under the title. */
  note?: string;
}

export type Tone = 'good' | 'warn' | 'bad';

/** A number shown in SI units (`bytes`, `delta` with a sign), a ratio as a percentage, a count, or plain text. */
export type Value =
  | { kind: 'bytes'; value: number }
  | { kind: 'delta'; value: number }
  | { kind: 'percent'; value: number }
  | { kind: 'count'; value: number }
  | { kind: 'text'; value: string };

export interface Card {
  /** Stable key for tests and styling (`size`, `waste`…). */
  key: string;
  label: string;
  value: Value;
  sub?: string;
  tone?: Tone;
  /** A 0..1 gauge drawn under the value (efficiency). */
  gauge?: number;
  /** Parts of the value listed under it (the proposal's saving by suggestion); they add up to `partsTotal`. */
  parts?: CardPart[];
  partsTotal?: number;
}

export interface CardPart {
  /** Stable key (a suggestion id). */
  key: string;
  label: string;
  /** A layer index named from `layerSets.image`, or null. */
  layer: number | null;
  bytes: number;
}

export interface CardsSection extends SectionBase {
  type: 'cards';
  cards: Card[];
}

export interface BarSeries {
  label: string;
  /** CSS class of the segment: `s0` (primary), `s1` (warning), `s2` (growth), `s3` (shrink), `s4` (muted). */
  cls: string;
}

export interface BarRow {
  /** Short key shown first, e.g. `#3`. */
  key: string;
  label: string;
  /** Small tags after the label (`base`, `line 12`). */
  tags?: string[];
  /** Full text shown when the row is expanded (the raw created_by). */
  detail?: string;
  /** Bytes per series, stacked left to right in series order. */
  segments: number[];
  /** Numbers shown after the bar, one per `columns` entry. */
  values: Value[];
}

export interface BarsSection extends SectionBase {
  type: 'bars';
  /** stack: segments end to end in one bar (parts of a whole); pair: one thin bar per segment (old and new). */
  mode: 'stack' | 'pair';
  series: BarSeries[];
  /** Headers of the key and label columns (`#`, `Instruction`). */
  keyHead: string;
  labelHead: string;
  columns: string[];
  rows: BarRow[];
  /** Shown when there are no rows. */
  empty: string;
}

export interface TreemapSection extends SectionBase {
  type: 'treemap';
  root: TreeNode;
}

export type ColumnType =
  /** plain text */
  | 'text'
  /** [text, a second line in small print] */
  | 'text2'
  /** monospaced text (ids, versions) */
  | 'mono'
  /** an image path without its leading slash; shown with it */
  | 'path'
  /** bytes, in SI units, exact in the tooltip */
  | 'bytes'
  /** signed bytes */
  | 'delta'
  | 'int'
  /** a layer index (or null), named from `layerSets[column.layers]` */
  | 'layer'
  /** info…critical, sorted by rank */
  | 'severity'
  /** [paths (no leading slash), how many in all] */
  | 'paths'
  | 'bool';

export interface Column {
  label: string;
  type: ColumnType;
  /** For `layer` columns: which entry of `layerSets`. */
  layers?: string;
  /** Shown in the header's tooltip. */
  hint?: string;
  /** Keep cells on one line (short ids, versions). */
  nowrap?: boolean;
}

export type Cell = string | number | boolean | null | [string[], number] | [string, string];

export interface TableSection extends SectionBase {
  type: 'table';
  columns: Column[];
  /** The rows included (at most the page's limit), in the order of `sort`. */
  rows: Cell[][];
  /** How many rows the analysis has; more than `rows.length` when the page keeps only the first ones. */
  total: number;
  /** What the rows were cut by when `total` exceeds them, e.g. "largest". */
  keptBy: string;
  /** null: the rows' own order (history order), no column marked. */
  sort: { column: number; desc: boolean } | null;
  /** Shown when the analysis has no rows. */
  empty: string;
}

export interface SuggestionItem {
  id: string;
  title: string;
  /** Estimated bytes saved; null when not given. */
  bytes: number | null;
  compressedBytes: number | null;
  confidence: string | null;
  rationale: string | null;
  /** The layer the change is about, when one (named from `layerSets.image`). */
  layer: number | null;
  /** Ids of the findings it acts on. */
  findings: string[];
  /** The proposed Dockerfile change as a unified diff. */
  patch: string | null;
}

export interface SuggestionsSection extends SectionBase {
  type: 'suggestions';
  items: SuggestionItem[];
  /** Every suggestion applied to the Dockerfile given, as one unified diff; null without one or when nothing changes. */
  proposed: string | null;
  /** Lines a .dockerignore should have. */
  dockerignore: string[];
  /** Shown when there are no items. */
  empty: string;
}

export interface Fact {
  label: string;
  /** Text, a list (one item per line), or key/value pairs (labels). */
  value: string | string[] | [string, string][];
  mono?: boolean;
  tone?: Tone;
}

export interface FactsSection extends SectionBase {
  type: 'facts';
  facts: Fact[];
}

/**
 * A node of a layer's summarised change tree, compact because a page holds one or two per layer:
 * [name, code, bytes, entries, children]. code = kind (`d` directory, `f` file, `h` hard link, `s` symlink,
 * `o` other, `m` the folded smaller entries of a directory) + change (`A` added, `M` modified, `D` removed,
 * `*` mixed, `-` unchanged). A directory without children but with entries was left closed.
 */
export type PageTreeNode = [name: string, code: string, bytes: number, entries: number, children?: PageTreeNode[]];

export interface LayerChangeView {
  index: number;
  instruction: string;
  /** The Dockerfile line of the instruction, when joined. */
  dockerfileLine: number | null;
  added: { files: number; bytes: number };
  modified: { files: number; bytes: number };
  removed: { files: number; bytes: number };
  hardlinks: number;
  symlinks: number;
  directories: number;
  /** This layer's changed paths, summarised. */
  changes: PageTreeNode;
  /** Changed paths in all, and the nodes of `changes`. */
  changedPaths: number;
  /** The regular files visible just after this layer, summarised; their entries count files. */
  asOf: PageTreeNode;
  visibleFiles: number;
}

export interface LayerChangesSection extends SectionBase {
  type: 'layerChanges';
  /** The bars section whose rows open a layer here (row key `#N`). */
  chart: string;
  layers: LayerChangeView[];
  /** What the summarised trees leave out. */
  omitted: string;
}
