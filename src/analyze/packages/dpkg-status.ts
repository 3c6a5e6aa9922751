/**
 * What imgdiet knows of dpkg's database, in one place: the stanzas of /var/lib/dpkg/status, which of them are
 * installed, their relations (Pre-Depends, Depends, Recommends, Provides), the Depends closure, and apt's
 * auto-installed marks. The inventory (dpkg.ts), the base catalog's needs and the apt suggestions all read it here.
 */
import { parseStanzas, Tree } from './tree';

export const STATUS = 'var/lib/dpkg/status';
/** apt's marks: `Auto-Installed: 1` on the packages it installed as dependencies. */
export const EXTENDED_STATES = 'var/lib/apt/extended_states';

/** `Status: want flag state`: installed, whether wanted as `install` or held. */
const INSTALLED = /^(install|hold) ok installed$/;

/** One stanza of dpkg's status, or of a distroless status.d file. */
export interface StatusEntry {
  name: string;
  version: string;
  arch: string;
  /** The Status field; undefined when the stanza has none (distroless' status.d leaves it out). */
  status: string | undefined;
}

/** A status text, or its stanzas already parsed (Tree.stanzas: the inventory and the database share one parse). */
type StatusInput = string | Map<string, string>[];

const stanzasOf = (input: StatusInput): Map<string, string>[] => (typeof input === 'string' ? parseStanzas(input) : input);

/** Each stanza that names a package, in file order. */
export function parseStatus(input: StatusInput): StatusEntry[] {
  const out: StatusEntry[] = [];
  for (const s of stanzasOf(input)) {
    const name = s.get('package');
    if (name) out.push({ name, version: s.get('version') ?? '', arch: s.get('architecture') ?? '', status: s.get('status') });
  }
  return out;
}

export function isInstalled(status: string | undefined): boolean {
  return INSTALLED.test(status ?? '');
}

/** An installed package with its relations; names carry no architecture qualifier. */
export interface DebPackage {
  name: string;
  priority: string;
  /** `Essential: yes`. */
  essential: boolean;
  /** Pre-Depends then Depends: each entry the alternatives of `a | b`, versions and qualifiers dropped. */
  depends: string[][];
  recommends: string[][];
  /** Virtual packages it provides. */
  provides: string[];
}

/**
 * The installed packages of a status text by name. Two architectures of one package (multiarch) make one entry:
 * relations are joined, the first stanza's priority kept.
 */
export function installedPackages(input: StatusInput): Map<string, DebPackage> {
  const out = new Map<string, DebPackage>();
  for (const s of stanzasOf(input)) {
    const name = s.get('package');
    if (!name || !isInstalled(s.get('status'))) continue;
    const depends = [...relations(s.get('pre-depends')), ...relations(s.get('depends'))];
    const recommends = relations(s.get('recommends'));
    const provides = relations(s.get('provides')).flat();
    const known = out.get(name);
    if (known) {
      known.depends.push(...depends);
      known.recommends.push(...recommends);
      known.provides.push(...provides);
    } else out.set(name, { name, priority: s.get('priority') ?? '', essential: s.get('essential') === 'yes', depends, recommends, provides });
  }
  return out;
}

/** `a (>= 1) | b:any [amd64], c <!nocheck>` → [[a, b], [c]]. */
export function relations(field: string | undefined): string[][] {
  if (!field) return [];
  return field
    .split(',')
    .map((part) => part.split('|').map(relationName).filter((n) => n !== ''))
    .filter((alts) => alts.length > 0);
}

/** One alternative's package name: no version constraint, architecture list, build profile or `:arch` qualifier. */
function relationName(alt: string): string {
  return bareName(alt.replace(/\s*\(.*?\)/g, '').replace(/\s*\[.*?\]/g, '').replace(/\s*<.*?>/g, '').trim());
}

/** A package name without its `:amd64` / `:any` qualifier (the inventory names multiarch twins `name:arch`). */
export function bareName(name: string): string {
  return name.replace(/:.*$/, '');
}

/** Essential or of priority required: part of every Debian system, so never there for another's sake. */
export function isRequired(p: DebPackage): boolean {
  return p.essential || p.priority === 'required';
}

/** What the image's dpkg and apt recorded. */
export interface DpkgDatabase {
  /** Installed packages of var/lib/dpkg/status by name; empty without the file. */
  installed: Map<string, DebPackage>;
  /** Names apt marked `Auto-Installed: 1`; null without var/lib/apt/extended_states. */
  auto: Set<string> | null;
}

export function readDpkgDatabase(tree: Tree): DpkgDatabase {
  const status = tree.stanzas(STATUS);
  const extended = tree.text(EXTENDED_STATES);
  return { installed: status ? installedPackages(status) : new Map(), auto: extended === undefined ? null : autoInstalled(extended) };
}

/** Names an extended_states text marks `Auto-Installed: 1`. */
export function autoInstalled(text: string): Set<string> {
  const out = new Set<string>();
  for (const s of parseStanzas(text)) {
    const name = s.get('package');
    if (name && s.get('auto-installed') === '1') out.add(name);
  }
  return out;
}

/** Installed packages someone named on a command line: apt did not mark them auto-installed. Null without marks. */
export function installedByHand(db: DpkgDatabase): Set<string> | null {
  const auto = db.auto;
  if (auto === null) return null;
  return new Set([...db.installed.keys()].filter((n) => !auto.has(n)));
}

export interface ClosureOptions {
  /** Follow Recommends too: what apt installs when not told --no-install-recommends. */
  recommends?: boolean;
  /** Follow only the first alternative of `a | b`, and no Provides: the package apt would pick by default. */
  firstOnly?: boolean;
  /** The packages the walk may enter (roots included); all installed ones by default. */
  within?: (name: string) => boolean;
}

/**
 * The installed packages reached from `roots` through Pre-Depends and Depends (every installed alternative, and
 * the installed providers of a virtual one). Roots not installed are left out.
 */
export function closure(installed: Map<string, DebPackage>, roots: Iterable<string>, opts: ClosureOptions = {}): Set<string> {
  const providers = opts.firstOnly ? new Map<string, string[]>() : providersOf(installed);
  const seen = new Set<string>();
  const enter = (n: string): boolean => installed.has(n) && (opts.within?.(n) ?? true);
  const queue = [...roots].filter(enter);
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const p = installed.get(name)!;
    for (const alts of opts.recommends ? [...p.depends, ...p.recommends] : p.depends) {
      for (const alt of opts.firstOnly ? alts.slice(0, 1) : alts) {
        for (const target of installed.has(alt) ? [alt] : (providers.get(alt) ?? [])) if (!seen.has(target) && enter(target)) queue.push(target);
      }
    }
  }
  return seen;
}

function providersOf(installed: Map<string, DebPackage>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of installed.values()) for (const v of p.provides) out.set(v, [...(out.get(v) ?? []), p.name]);
  return out;
}

/**
 * The installed packages outside the Depends closure of `byHand`: nothing installed by hand needs them, so apt
 * kept them for a Recommends.
 */
export function onlyRecommended(installed: Map<string, DebPackage>, byHand: Iterable<string>): Set<string> {
  const needed = closure(installed, byHand);
  return new Set([...installed.keys()].filter((n) => !needed.has(n)));
}
