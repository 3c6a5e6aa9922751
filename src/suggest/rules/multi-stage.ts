import { cgoDisabled, finalImage } from '../../analyze/base';
import type { Inode } from '../../analyze/filesystem/model';
import { bodiesOf } from '../../analyze/packages';
import { bareName, closure, installedByHand } from '../../analyze/packages/dpkg-status';
import type { Package } from '../../model';
import { formatBytes } from '../../util/units';
import { candidatesFor, identifyBase } from '../../analyze/base/catalog/candidates';
import { estimateNeeds } from '../../analyze/base/catalog/needs';
import type { Edit } from '../../dockerfile/edit';
import { Dockerfile, finalStage, Instruction } from '../../dockerfile/parse';
import { NPM_TOOLS, osBuildTools, toolRuntimes } from '../build-tools';
import { recommendedOnly } from '../recommends';
import type { Proposal, Suggester, SuggestContext } from '../types';

/** Findings of build caches the runtime stage leaves behind. */
const BUILD_CACHES = ['pip-cache', 'npm-cache', 'yarn-cache', 'go-cache', 'gem-cache'];
/** Instructions a runtime stage repeats from the final stage: configuration, not files. */
const CARRIED = new Set(['ARG', 'ENV', 'WORKDIR', 'USER', 'EXPOSE', 'LABEL', 'VOLUME', 'HEALTHCHECK', 'STOPSIGNAL', 'SHELL', 'ENTRYPOINT', 'CMD']);
/** Single files copied one by one at most; more are summed up in the rationale. */
const MAX_FILES = 8;
const NAMED = 5;

interface Copy {
  /** Tree path (no leading slash). */
  path: string;
  dir: boolean;
  why: string;
}

/**
 * Build-only packages (compilers, -dev headers, git, npm devDependencies) and build caches installed by the
 * image's own layers ship in the final image. A builder stage keeps them; a runtime stage copies only the built
 * artefacts. Savings = their visible bytes, less base files the copies bring again.
 */
export const multiStage: Suggester = {
  meta: {
    id: 'multi-stage',
    title: 'Build in a separate stage and ship only the artefacts',
    description:
      'When the image\'s own layers (after the base) installed build-only packages that are still visible — ' +
      'compilers, `-dev` headers, git, Python build tools, npm devDependencies, as the package inventories mark them — ' +
      'proposes turning the final stage into a builder (`AS build`) and adding a runtime stage that copies only what ' +
      'the app runs: the directories its Python packages, node_modules (after `npm prune --omit=dev` in the builder), ' +
      'gems and working directory are in (not those of Python or npm packages a Debian or Alpine package installed: ' +
      'the runtime stage installs that package; a global npm install is copied package by package, without npm, ' +
      'yarn, pnpm, corepack and node-gyp), and the programs and bin/ scripts its layers added that no package owns. ' +
      'The package managers and build tools of the image\'s layers also stay in the builder, unless the command runs ' +
      'them: npm, node-gyp, yarn, pip (python3-pip, its wheel and venv packages), cargo and rustc, Go, Maven, Gradle, ' +
      'Ant, and a JDK, whose JRE (`-jre-headless`) the runtime stage installs in its place. ' +
      'Savings = the visible bytes of the packages that stay in the builder, each file once — the build-only ones and those tools; ' +
      'for Debian also what they depend on (dpkg\'s Depends closure: gcc brings cc1\'s and binutils\' libraries), the ' +
      'packages only a Recommends brought (the runtime stage installs none), less whatever a package the runtime stage ' +
      'installs or a package of the base still depends on, dpkg\'s records of them (var/lib/dpkg/info) and the ' +
      'Python bytecode compiled from their modules (`__pycache__`, which no package owns) — + the ' +
      'build caches still in the image (the pip, npm, yarn, Go and gem cache findings) − the base\'s own files inside ' +
      'the copied directories, which the copy ships again; packages inside a copied directory stay and are not counted. ' +
      'The no-install-recommends and npm-omit-dev savings of the same RUN are part of these. The ' +
      'runtime stage starts FROM the base\'s slim variant when one is known to exist (a catalog figure, or the engine ' +
      'holds it; the base-image suggestion\'s savings then come on top), distroless static for a Go build with ' +
      'CGO_ENABLED=0, else the same base; it installs again ' +
      'the Debian packages the build installed by name (apt\'s extended_states) that are not build-only and those the ' +
      'app\'s native modules link against, and repeats the final stage\'s ENV, WORKDIR, USER, EXPOSE, CMD and other ' +
      'settings; the user, healthcheck and init suggestions put their lines in the runtime stage, the one that ships. ' +
      'The Dockerfile change is a sketch to finish, marked as such. Confidence: medium; low when no base ' +
      'boundary was found (some of the packages may be the base\'s).',
  },
  suggest(ctx) {
    const base = ctx.analysis.base;
    const last = base.lastLayer ?? -1;
    const pkgs = ctx.analysis.packages;
    const build = pkgs.filter((p) => p.buildOnly && p.layer !== null && p.layer > last);
    if (build.length === 0) return [];
    const prune = build.some((p) => p.manager === 'npm');
    const copies = artefacts(ctx, last);
    const under = (path: string): boolean => copies.some((c) => c.dir && (path === c.path || path.startsWith(`${c.path}/`)));
    const runtime = runtimeImage(ctx);
    // The package managers and build tools the command does not run leave with the build-only packages.
    const tools = osBuildTools(pkgs, last, ctx.analysis.image.config);
    const builds = [...build, ...tools];
    const installs = runtime.distroless ? [] : runtimeInstalls(ctx, builds, runtime.slim, toolRuntimes(tools));
    const debs = leavingDebs(ctx, builds, installs, last);

    const model = ctx.filesystem;
    const removed = new Set<Inode>();
    const kept: Package[] = [];
    const leaving = [...builds.filter((b) => b.manager !== 'dpkg'), ...debs.all];
    for (const p of leaving) {
      const bodies = bodiesOf(ctx.packageIndex, p).filter((i) => model.hiddenBy(i) === null);
      // npm devDependencies go with `npm prune --omit=dev` in the builder; other build-only files a copied
      // directory holds stay in the image.
      if (p.manager !== 'npm' && bodies.some((i) => under(model.path(i)))) kept.push(p);
      else for (const i of bodies) removed.add(i);
    }
    const records = dpkgRecords(ctx, debs.all.filter((p) => !kept.includes(p)), last);
    for (const i of records) removed.add(i);
    for (const i of bytecode(ctx, removed, last, under)) removed.add(i);
    const buildBytes = [...removed].reduce((n, i) => n + model.size(i), 0);
    const caches = BUILD_CACHES.flatMap((id) => ctx.findings(id)).filter(
      (f) => f.hiddenBy === null && (f.layer === null || f.layer > last) && !(f.paths[0] && under(f.paths[0].path)),
    );
    const cacheBytes = caches.reduce((n, f) => n + f.bytes, 0);
    const again = copiedBaseBytes(ctx, last, under);
    const bytes = buildBytes + cacheBytes - again;
    if (buildBytes === 0 || bytes <= 0) return [];

    const byLayer = new Map<number, number>();
    for (const i of removed) {
      const at = model.layer(i);
      byLayer.set(at, (byLayer.get(at) ?? 0) + model.size(i));
    }
    const layer = [...byLayer.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? null;
    return [
      {
        bytes,
        confidence: base.lastLayer === null ? 'low' : 'medium',
        rationale: rationale({ build: leaving.filter((p) => builds.includes(p)), debs, records: records.reduce((n, i) => n + model.size(i), 0), kept, buildBytes, caches: caches.map((f) => ({ id: f.id, bytes: f.bytes })), cacheBytes, again, copies, runtime, installs, prune, bytes, boundary: base.lastLayer }),
        findings: [...(ctx.findings('build-toolchain').length > 0 ? ['build-toolchain'] : []), ...new Set(caches.map((f) => f.id))],
        layer,
        ratioLayers: [...byLayer.keys()].sort((a, b) => a - b),
        edits: ctx.dockerfile ? sketch(ctx.dockerfile, runtime, installs, copies, prune) : [],
      } satisfies Proposal,
    ];
  },
};

interface LeavingDebs {
  /** Every Debian package of the image's layers that the runtime stage leaves behind. */
  all: Package[];
  /** Of those, the ones not build-only themselves that the build-only ones depend on. */
  depends: Package[];
  /** Of those, the ones not build-only that only a Recommends brought. */
  recommended: Package[];
}

/**
 * The Debian packages the image's layers installed that leave with the builder: the build-only ones with their
 * Depends closure (gcc brings cc1's libraries, binutils its own), and those only a Recommends brought (the runtime
 * stage installs without recommends) — less whatever a package the runtime stage installs, or a package of the
 * base, still depends on.
 */
function leavingDebs(ctx: SuggestContext, build: Package[], installs: string[], last: number): LeavingDebs {
  const buildDebs = build.filter((p) => p.manager === 'dpkg');
  const db = ctx.packageIndex.dpkg.installed;
  if (db.size === 0) return { all: buildDebs, depends: [], recommended: [] };
  const dpkg = ctx.analysis.packages.filter((p) => p.manager === 'dpkg');
  const recommended = recommendedOnly(ctx)?.packages ?? [];
  const reach = closure(db, new Set([...buildDebs, ...recommended].map((p) => bareName(p.name))));
  const baseDebs = dpkg.filter((p) => p.layer !== null && p.layer <= last).map((p) => bareName(p.name));
  const stays = closure(db, new Set([...installs, ...baseDebs]));
  const all = dpkg.filter((p) => p.layer !== null && p.layer > last && reach.has(bareName(p.name)) && !stays.has(bareName(p.name)));
  const others = all.filter((p) => !build.includes(p));
  return { all, depends: others.filter((p) => !recommended.includes(p)), recommended: others.filter((p) => recommended.includes(p)) };
}

const DPKG_INFO = 'var/lib/dpkg/info/';

/** dpkg's records of packages that the image's layers wrote: their file lists, md5sums and maintainer scripts. */
function dpkgRecords(ctx: SuggestContext, debs: Package[], last: number): Inode[] {
  const names = new Set(debs.map((p) => bareName(p.name)));
  const model = ctx.filesystem;
  return model.visibleInodes.filter((i) => {
    if (model.layer(i) <= last) return false;
    const path = model.path(i);
    if (!path.startsWith(DPKG_INFO)) return false;
    const file = path.slice(DPKG_INFO.length);
    return names.has(bareName(file.slice(0, file.lastIndexOf('.'))));
  });
}

const PYC = /^(.*)\/__pycache__\/([^/.]+)\.[^/]*\.pyc$/;

/**
 * The bytecode Debian's postinst compiled (py3compile) from the modules of packages that leave: no package owns
 * it, and it leaves with them.
 */
function bytecode(ctx: SuggestContext, removed: Set<Inode>, last: number, under: (path: string) => boolean): Inode[] {
  const model = ctx.filesystem;
  const leaving = new Set([...removed].map((i) => model.path(i)));
  const out: Inode[] = [];
  for (const f of model.files) {
    const i = model.inode(f);
    if (i === null || model.layer(f) <= last || removed.has(i)) continue;
    const path = model.path(f);
    const m = PYC.exec(path);
    if (m && leaving.has(`${m[1]}/${m[2]}.py`) && !under(path)) out.push(i);
  }
  return out;
}

/** What the runtime stage copies from the builder, from what the image's own layers put where. */
function artefacts(ctx: SuggestContext, last: number): Copy[] {
  const copies: Copy[] = [];
  const addDir = (path: string, why: string): void => {
    if (path !== '' && !copies.some((c) => c.path === path)) copies.push({ path, dir: true, why });
  };
  // A Python or npm package an OS package installed (Debian's python3-flask, node-*) comes with that package.
  const osOwned = new Set<Inode>();
  for (const p of ctx.analysis.packages) if (p.manager === 'dpkg' || p.manager === 'apk') for (const i of bodiesOf(ctx.packageIndex, p)) osOwned.add(i);
  const pkgs = ctx.analysis.packages.filter((p) => !p.buildOnly && p.layer !== null && p.layer > last && !bodiesOf(ctx.packageIndex, p).some((i) => osOwned.has(i)));
  const model = ctx.filesystem;
  const paths = new Set(model.files.map((f) => model.path(f)));
  for (const p of pkgs) {
    if (p.manager === 'pip') addDir(parent(parent(p.source)), "the app's Python packages");
    if (p.manager === 'npm') npmCopy(paths, p.source, addDir);
  }
  const appFiles = model.files.filter((f) => model.layer(f) > last);
  const wrote = (dir: string): boolean => appFiles.some((f) => model.path(f).startsWith(`${dir}/`));
  const env = new Map(ctx.analysis.image.config.env.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as [string, string]));
  const gemHome = (env.get('GEM_HOME') ?? '').replace(/^\/+|\/+$/g, '');
  if (gemHome && wrote(gemHome)) addDir(gemHome, "the app's gems");
  const workdir = ctx.analysis.image.config.workingDir.replace(/^\/+|\/+$/g, '');
  if (workdir && wrote(workdir)) addDir(workdir, 'the working directory');

  // Programs: ELF files and bin/ scripts the app's layers added that no package owns.
  const owned = new Set<Inode>();
  for (const p of ctx.analysis.packages) for (const i of bodiesOf(ctx.packageIndex, p)) owned.add(i);
  const inCopied = (path: string): boolean => copies.some((c) => path === c.path || path.startsWith(`${c.path}/`));
  const programs = appFiles.filter((f) => {
    const i = model.inode(f);
    if (i === null || owned.has(i)) return false;
    const path = model.path(f);
    return !inCopied(path) && (model.kind(f) === 'elf' || /^(usr\/(local\/)?)?s?bin\/[^/]+$/.test(path));
  });
  programs.sort((a, b) => (model.path(a) < model.path(b) ? -1 : 1));
  for (const f of programs.slice(0, MAX_FILES)) copies.push({ path: model.path(f), dir: false, why: model.kind(f) === 'elf' ? 'a program built here' : 'a script the install put in bin/' });
  return copies.filter((c) => !copies.some((o) => o !== c && o.dir && c.path.startsWith(`${o.path}/`)));
}

/**
 * The directory an npm package is copied with: the app's (a package.json beside its node_modules), else — a global
 * install — the top-level package's own directory, none for npm, yarn and the other installers.
 */
function npmCopy(paths: Set<string>, source: string, addDir: (path: string, why: string) => void): void {
  const at = source.indexOf('node_modules/');
  const app = at <= 0 ? '' : source.slice(0, at - 1);
  if (paths.has(`${app === '' ? '' : `${app}/`}package.json`)) {
    addDir(app === '' ? 'node_modules' : app, 'the app with its node_modules (devDependencies pruned)');
    return;
  }
  const rest = source.slice(at + 'node_modules/'.length).split('/');
  const name = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  if (!NPM_TOOLS.has(name)) addDir(`${source.slice(0, at)}node_modules/${name}`, 'a package installed globally');
}

function parent(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** Bytes of the base's own visible files inside the directories the runtime stage copies: shipped twice. */
function copiedBaseBytes(ctx: SuggestContext, last: number, under: (path: string) => boolean): number {
  let n = 0;
  const model = ctx.filesystem;
  for (const i of model.visibleInodes) if (model.layer(i) <= last && under(model.path(i))) n += model.size(i);
  return n;
}

interface Runtime {
  image: string;
  /** Every smaller variant the base-image suggestion may have written into the final FROM. */
  swaps: string[];
  /** The runtime stage is the base's slim variant (the base-image suggestion's savings come on top). */
  slim: boolean;
  distroless: boolean;
}

/**
 * The runtime stage's image: the base's slim variant when one is known to exist, distroless static for a cgo-free
 * Go build, else the base itself.
 */
function runtimeImage(ctx: SuggestContext): Runtime {
  const d = ctx.dockerfile;
  const same = d ? finalImage(d) : (ctx.analysis.base.name ?? 'BASE_IMAGE');
  const id = identifyBase(ctx.analysis.base, ctx.analysis.packages);
  if (id) {
    const env = new Map(ctx.analysis.image.config.env.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as [string, string]));
    const cands = candidatesFor(id, { cgoDisabled: cgoDisabled(env, d) });
    // Only a variant known to exist: a catalog figure (official images), or measured in the engine.
    const live = ctx.baseExtras.live?.bytes;
    const swaps = cands.map((c) => c.reference);
    const slim = cands.find((c) => c.variant === 'slim' && (c.catalog !== null || live?.has(c.reference)));
    if (slim) return { image: slim.reference, swaps, slim: true, distroless: false };
    const distroless = cands.find((c) => c.variant === 'distroless');
    if (distroless) return { image: distroless.reference, swaps, slim: false, distroless: true };
    return { image: same, swaps, slim: false, distroless: false };
  }
  return { image: same, swaps: [], slim: false, distroless: false };
}

/**
 * Debian packages the runtime stage installs: those the build installed by name that are not build-only (apt's
 * extended_states tells them from dependencies), those the app's native modules link against, what runs in place
 * of a build tool that leaves (a JDK's JRE), and — on a slim runtime stage — the base's libraries they link against
 * that the slim variant lacks.
 */
function runtimeInstalls(ctx: SuggestContext, build: Package[], slim: boolean, inPlace: string[]): string[] {
  const last = ctx.analysis.base.lastLayer ?? -1;
  const names = new Set<string>();
  const manual = installedByHand(ctx.packageIndex.dpkg);
  if (manual) {
    for (const p of ctx.analysis.packages) {
      const bare = bareName(p.name);
      if (p.manager === 'dpkg' && !p.buildOnly && p.layer !== null && p.layer > last && manual.has(bare)) names.add(bare);
    }
  }
  const needs = estimateNeeds(ctx.analysis.base, ctx.filesystem, ctx.packageIndex, { musl: false });
  for (const p of needs.appLinked) names.add(bareName(p.name));
  if (slim) for (const n of needs.libraryRoots) names.add(n);
  for (const n of inPlace) names.add(n);
  for (const p of build) names.delete(bareName(p.name));
  return [...names].sort();
}

interface Facts {
  /** The build-only packages that leave. */
  build: Package[];
  debs: LeavingDebs;
  /** Bytes of dpkg's records of the Debian packages that leave. */
  records: number;
  kept: Package[];
  buildBytes: number;
  caches: { id: string; bytes: number }[];
  cacheBytes: number;
  again: number;
  copies: Copy[];
  runtime: Runtime;
  installs: string[];
  prune: boolean;
  bytes: number;
  boundary: number | null;
}

/** The largest packages by name and size, `and N more`. */
function largest(pkgs: Package[], manager: boolean): string {
  const top = [...pkgs].sort((a, b) => b.bytes - a.bytes || (a.name < b.name ? -1 : 1));
  const named = top.slice(0, NAMED).map((p) => `${p.name}${manager ? ` (${p.manager})` : ''} ${formatBytes(p.bytes)}`).join(', ');
  return `${named}${top.length > NAMED ? ` and ${top.length - NAMED} more` : ''}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function rationale(f: Facts): string {
  const top = f.build.filter((p) => !f.kept.includes(p));
  const parts: string[] = [];
  const where = f.boundary === null ? 'the image (no base boundary was found: some may be the base\'s)' : `layers after the base (${f.boundary})`;
  const depends = f.debs.depends.filter((p) => !f.kept.includes(p));
  const recommended = f.debs.recommended.filter((p) => !f.kept.includes(p));
  const along: string[] = [];
  if (depends.length > 0) along.push(`${plural(depends.length, 'package')} only they depend on (${largest(depends, false)})`);
  if (recommended.length > 0) along.push(`${plural(recommended.length, 'package')} only a Recommends brought, which the runtime stage does not install (${largest(recommended, false)})`);
  if (f.records > 0) along.push(`dpkg's records of them (${formatBytes(f.records)})`);
  const also = along.length > 0 ? `; with them go ${along.join(', ')}` : '';
  parts.push(`${plural(top.length, 'build-only package')} installed by ${where} are still visible: ${largest(top, true)}${also} — ${formatBytes(f.buildBytes)} measured.`);
  if (f.cacheBytes > 0) parts.push(`Build caches still in the image: ${f.caches.map((c) => `${c.id} ${formatBytes(c.bytes)}`).join(', ')}.`);
  const copies = f.copies.map((c) => `/${c.path}${c.dir ? '/' : ''} (${c.why})`);
  parts.push(copies.length > 0 ? `The runtime stage must copy from the builder: ${copies.join(', ')}.` : 'Name in the runtime stage what the app runs: no artefact of the build was recognised.');
  if (f.prune) parts.push('The builder runs `npm prune --omit=dev` first, so node_modules goes without its devDependencies.');
  if (f.again > 0) parts.push(`Copying whole directories brings ${formatBytes(f.again)} of the base's own files again (subtracted).`);
  if (f.kept.length > 0) parts.push(`Inside copied directories, ${f.kept.map((p) => p.name).join(', ')} would still ship (not counted).`);
  if (f.installs.length > 0) parts.push(`The runtime stage installs again what the app uses at run time: ${f.installs.join(', ')}.`);
  if (f.runtime.slim) parts.push(`The sketch's runtime stage uses ${f.runtime.image}: the base-image suggestion's savings come on top of these.`);
  if (f.runtime.distroless) parts.push(`The sketch's runtime stage uses ${f.runtime.image} (the Go build sets CGO_ENABLED=0).`);
  const terms = f.cacheBytes > 0 || f.again > 0 ? `${formatBytes(f.buildBytes)}${f.cacheBytes > 0 ? ` + ${formatBytes(f.cacheBytes)}` : ''}${f.again > 0 ? ` − ${formatBytes(f.again)}` : ''} = ` : '';
  parts.push(`Savings = ${terms}${formatBytes(f.bytes)}. The Dockerfile change is a sketch: check that the runtime stage has all the app needs.`);
  return parts.join(' ');
}

/** The final stage becomes the builder; a runtime stage follows it. */
function sketch(d: Dockerfile, runtime: Runtime, installs: string[], copies: Copy[], prune: boolean): Edit[] {
  const stage = finalStage(d);
  const image = runtime.image;
  const fromLines = stage.from.endLine - stage.from.startLine + 1;
  const name = stage.name ?? 'build';
  // The builder keeps the full base: a smaller variant (and its reinstall) the base-image suggestion wrote into
  // this FROM is undone; other changes to it (a pinned tag) stay.
  const builderFrom = (text: string): string => {
    const own = text.split('\n').slice(0, fromLines).join('\n');
    const restored = own.replace(/^(\s*FROM\s+(?:--\S+\s+)*)(\S+)/i, (all, head: string, ref: string) => (runtime.swaps.includes(ref) ? `${head}${stage.image}` : all));
    return stage.name ? restored : `${restored.replace(/\s+$/, '')} AS build`;
  };
  const lastIns: Instruction = stage.body[stage.body.length - 1] ?? stage.from;
  const carried = stage.body.filter((i) => CARRIED.has(i.kind)).map((i) => d.lines.slice(i.startLine, i.endLine + 1).join('\n'));
  const lines: string[] = ['', '# Runtime stage: a sketch from imgdiet (multi-stage). Check that it copies all the app needs at run time.', `FROM ${image}`];
  if (installs.length > 0) lines.push(`RUN apt-get update && apt-get install -y --no-install-recommends ${installs.join(' ')} && apt-get clean && rm -rf /var/lib/apt/lists/*`);
  for (const c of copies) lines.push(`COPY --from=${name} /${c.path} /${c.path}`);
  for (const text of carried) lines.push(...text.split('\n'));
  const edits: Edit[] = [{ op: 'rewrite', at: stage.from, apply: builderFrom }];
  // devDependencies leave node_modules in the builder, after the last instruction that writes files.
  const lastWrite = [...stage.body].reverse().find((i) => i.kind === 'RUN' || i.kind === 'COPY' || i.kind === 'ADD');
  if (prune) edits.push({ op: 'after', at: lastWrite ?? lastIns, lines: ['RUN npm prune --omit=dev'] });
  edits.push({ op: 'after', at: lastIns, lines });
  return edits;
}
