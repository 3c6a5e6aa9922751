import type { Category, DuplicateGroup, FindingPath, ImageConfig, LayerReport, Package, Severity } from '../../model';
import type { FilesystemModel, FinalFile, Inode } from '../filesystem/model';

/** What every rule declares about itself; docs/rules/<id>.md and README's table are made from it. */
export interface RuleMeta {
  /** Stable, kebab-case; a retired id is never reused. */
  id: string;
  category: Category;
  severity: Severity;
  title: string;
  /** One paragraph: what the rule finds and why it matters. */
  description: string;
  /** One sentence: what to change. */
  fix: string;
}

/** One place a rule fires. Plain data, apart from the bodies it names (kept for counting waste once). */
export interface RuleHit {
  message: string;
  bytes: number;
  paths: FindingPath[];
  layer: number | null;
  hiddenBy: number | null;
  /** The stored bodies this hit is about; visible ones from waste rules count as junk. */
  inodes?: Inode[];
  /** A rule may say a particular hit is more or less severe than its default. */
  severity?: Severity;
}

export interface Rule {
  meta: RuleMeta;
  /** The rule reads `ctx.claimed`: runRules runs it after every other rule, whatever the list's order. */
  readsClaims?: true;
  check(ctx: RuleContext): RuleHit[];
}

/** Everything a rule may read. Rules compute from it; they never read the image again. */
export interface RuleContext {
  config: ImageConfig;
  layers: LayerReport[];
  filesystem: FilesystemModel;
  /** The visible non-directory at a path (no leading slash), following symlinked directories, if any. */
  file(path: string): FinalFile | undefined;
  /** The duplicate groups of the final tree (as totals count them). */
  duplicates(): DuplicateGroup[];
  packages: Package[];
  /** The visible regular-file bodies each package's bytes were measured from. */
  packageBodies: Map<Package, Inode[]>;
  /** User names from the final /etc/passwd, with their uids. */
  users: Map<string, number>;
  /** The config's environment as a map (later entries win, as at run time). */
  env: Map<string, string>;
  /**
   * Bodies the waste rules have reported, so that a rule restating a total — hidden-files — can leave out bytes
   * another finding already explains. Complete only for a rule that declares `readsClaims`.
   */
  claimed: ReadonlySet<Inode>;
}
