/**
 * What an application takes from a full base that a smaller variant lacks, measured in the image: the Debian
 * packages of the base its native modules link against, and — when it compiled native code in the image — the
 * compiler toolchain and the headers of those libraries. Package bytes are the dpkg inventory's (files visible
 * in the final tree); dependencies are followed through dpkg's own `Depends`.
 */
import { isNativeCapture } from '../capture';
import type { FilesystemModel, FinalFile, Inode } from '../../filesystem/model';
import { bodiesOf, PackageIndex } from '../../packages';
import { bareName, closure, DebPackage } from '../../packages/dpkg-status';
import { contentOf, Tree } from '../../packages/tree';
import { basename, dirname, joinPath, normalizePath } from '../../../util/paths';
import type { BaseInfo, Package } from '../../../model';

export interface Needs {
  /** Base packages the app's native modules link against (with their dependencies) that the candidate lacks. */
  libraries: Package[];
  /** Libraries the app's modules ask for that no file in the image provides. */
  unresolved: string[];
  /** Base packages a native build needs (compiler, libc headers, the linked libraries' -dev), when one was made. */
  toolchain: Package[];
  /** Why a build toolchain is counted: the first few signs of native code built in the image. */
  builtHere: string[];
  /** Sonames the app links against, for the rationale. */
  sonames: string[];
  /**
   * Packages to name in `apt-get install` on the smaller variant (apt brings their dependencies). Libraries only
   * the modules of Debian packages the app's layers installed link against are left out: apt installs them again
   * with those packages.
   */
  install: string[];
  /** Of those, the libraries alone (what a runtime stage that builds nothing needs). */
  libraryRoots: string[];
  /** Debian packages the app's layers installed whose native modules link against `libraries` (apt brings those). */
  aptOwners: string[];
  /**
   * Packages the app's own layers installed that its native modules no Debian package owns link against (not
   * build-only); apt installs a Debian package's libraries with it.
   */
  appLinked: Package[];
  /** Bytes of `libraries` and `toolchain`, each package once. */
  bytes: number;
}

/** Packages a plain C toolchain starts from, as build-essential would install them. */
const TOOLCHAIN_ROOTS = ['gcc', 'make', 'libc6-dev'];
const LIB_DIR = /^(usr\/)?(local\/)?lib(32|64)?\/([a-z0-9_]+-linux-gnu[a-z0-9_]*\/)?[^/]+$/;

export interface NeedsOptions {
  /**
   * The candidate is musl-based: every native module of the app that no Debian package owns must be rebuilt, not
   * only those built here.
   */
  musl: boolean;
}

/** Nothing to install again. */
export function noNeeds(): Needs {
  return { libraries: [], unresolved: [], toolchain: [], builtHere: [], sonames: [], install: [], libraryRoots: [], aptOwners: [], appLinked: [], bytes: 0 };
}

export function estimateNeeds(base: BaseInfo, filesystem: FilesystemModel, index: PackageIndex, opts: NeedsOptions): Needs {
  const last = base.lastLayer;
  if (last === null) return noNeeds();
  const tree = new Tree(filesystem);
  const db = index.dpkg.installed;
  const dpkg = index.packages.filter((p) => p.manager === 'dpkg');
  const byName = new Map<string, Package>();
  for (const p of dpkg) byName.set(bareName(p.name), p);
  const inBase = (p: Package): boolean => p.layer !== null && p.layer <= last;
  const owner = new Map<Inode, Package>();
  for (const p of dpkg) for (const i of bodiesOf(index, p)) owner.set(i, p);
  const withDepends = (roots: Package[]): Package[] => baseClosure(roots, db, byName, inBase);

  const libs = libraryIndex(filesystem);
  // Sonames the app's native modules need: those no Debian package owns (pip, npm, gems), and those of modules a
  // Debian package the app's layers installed owns — apt installs their libraries again with that package.
  const appNeeded = new Set<string>();
  const aptNeeded = new Set<string>();
  const aptOwners = new Set<string>();
  const runtimeNeeded = new Set<string>();
  let appNative = 0;
  for (const f of filesystem.files) {
    const inode = filesystem.inode(f);
    if (!isNativeCapture(filesystem.path(f), filesystem.size(inode ?? f))) continue;
    const data = contentOf(filesystem, f);
    if (data === undefined) continue;
    const names = data.toString('latin1').split('\n').filter((n) => n !== '');
    if (filesystem.layer(f) > last) {
      const debian = inode ? owner.get(inode) : undefined;
      const viaApt = debian !== undefined && !inBase(debian);
      // On musl the distribution's own build of a Debian package replaces it: nothing to compile.
      if (!viaApt) appNative++;
      if (viaApt && names.length > 0) aptOwners.add(bareName(debian.name));
      for (const n of names) (viaApt ? aptNeeded : appNeeded).add(n);
    } else for (const n of names) runtimeNeeded.add(n);
  }

  // What the smaller variant keeps: Debian's required packages with what they depend on (libc6 is "optional"
  // itself), and what the runtime's own modules link against.
  const kept = new Set<Package>(withDepends(dpkg.filter((p) => inBase(p) && db.get(bareName(p.name))?.priority === 'required')));
  for (const so of runtimeNeeded) {
    const p = ownerOf(so, libs, tree, owner);
    if (p) for (const q of withDepends([p])) kept.add(q);
  }

  const unresolved: string[] = [];
  const linked: Package[] = [];
  const withApt: Package[] = [];
  const appLinked: Package[] = [];
  for (const so of [...new Set([...appNeeded, ...aptNeeded])].sort()) {
    const file = resolveLibrary(so, libs, tree);
    if (!file) {
      unresolved.push(so);
      continue;
    }
    const inode = filesystem.inode(file);
    const p = inode ? owner.get(inode) : undefined;
    // A library the app's layers installed counts only for the app's own modules: apt brings a Debian module's.
    const list = p && inBase(p) ? (appNeeded.has(so) ? linked : withApt) : appNeeded.has(so) ? appLinked : null;
    if (p && list && !p.buildOnly && !list.includes(p)) list.push(p);
  }
  const libraries = withDepends([...linked, ...withApt]).filter((p) => !kept.has(p));

  const builtHere = nativeBuilds(filesystem, last, tree, owner);
  if (opts.musl && appNative > 0 && builtHere.length === 0) builtHere.push(`${appNative} native module${appNative === 1 ? '' : 's'} built for glibc`);
  let toolchain: Package[] = [];
  const libraryRoots = linked.filter((p) => !kept.has(p)).map((p) => bareName(p.name)).sort();
  const install = new Set(libraryRoots);
  if (builtHere.length > 0) {
    const roots = TOOLCHAIN_ROOTS.map((n) => byName.get(n)).filter((p): p is Package => p !== undefined && inBase(p));
    if (appNeeded.has('libstdc++.so.6')) {
      const gxx = byName.get('g++');
      if (gxx && inBase(gxx)) roots.push(gxx);
    }
    // The headers of each linked library: a -dev package of the base that depends on it.
    for (const lib of linked) {
      for (const p of dpkg) {
        if (inBase(p) && bareName(p.name).endsWith('-dev') && dependsOn(db.get(bareName(p.name)), bareName(lib.name))) roots.push(p);
      }
    }
    const have = new Set(libraries);
    toolchain = withDepends(roots).filter((p) => !kept.has(p) && !have.has(p));
    for (const r of roots) if (!kept.has(r)) install.add(bareName(r.name));
  }
  const bytes = [...libraries, ...toolchain].reduce((n, p) => n + p.bytes, 0);
  return { libraries, unresolved, toolchain, builtHere: builtHere.slice(0, 3), sonames: [...new Set([...appNeeded, ...aptNeeded])].sort(), install: [...install].sort(), libraryRoots, aptOwners: withApt.some((p) => libraries.includes(p)) ? [...aptOwners].sort() : [], appLinked, bytes };
}

/** Whether the package depends on `dep` as the first alternative of a Pre-Depends or Depends entry. */
function dependsOn(p: DebPackage | undefined, dep: string): boolean {
  return p?.depends.some((alts) => alts[0] === dep) ?? false;
}

/**
 * The packages and what they depend on (first alternatives, as apt picks them), through the base's packages only,
 * in a stable order.
 */
function baseClosure(roots: Package[], db: Map<string, DebPackage>, byName: Map<string, Package>, inBase: (p: Package) => boolean): Package[] {
  const start = roots.filter(inBase);
  const inBaseName = (n: string): boolean => {
    const p = byName.get(n);
    return p !== undefined && inBase(p);
  };
  const out = new Set(start);
  for (const n of closure(db, start.map((p) => bareName(p.name)), { firstOnly: true, within: inBaseName })) out.add(byName.get(n)!);
  return [...out].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Files in the library directories, by file name. */
function libraryIndex(fs: FilesystemModel): Map<string, FinalFile[]> {
  const out = new Map<string, FinalFile[]>();
  for (const f of fs.files) {
    const path = fs.path(f);
    if (!LIB_DIR.test(path)) continue;
    const name = basename(path);
    const list = out.get(name);
    if (list) list.push(f);
    else out.set(name, [f]);
  }
  return out;
}

/** The regular file a soname stands for, following its symbolic links; null when none is in a library directory. */
function resolveLibrary(so: string, libs: Map<string, FinalFile[]>, tree: Tree): FinalFile | null {
  const fs = tree.filesystem;
  for (const f of libs.get(so) ?? []) {
    let cur: FinalFile | undefined = f;
    for (let hops = 0; cur && fs.type(cur) === 'symlink' && hops < 8; hops++) {
      const link = fs.link(cur) ?? '';
      cur = tree.get(normalizePath(link.startsWith('/') ? link : joinPath(dirname(fs.path(cur)), link)));
    }
    if (cur && fs.inode(cur)) return cur;
  }
  return null;
}

function ownerOf(so: string, libs: Map<string, FinalFile[]>, tree: Tree, owner: Map<Inode, Package>): Package | undefined {
  const f = resolveLibrary(so, libs, tree);
  const inode = f && tree.filesystem.inode(f);
  return inode ? owner.get(inode) : undefined;
}

/**
 * Signs that native code was compiled in the image's own layers: a wheel tagged for plain `linux_*` (pip built it
 * from source; PyPI's binary wheels are `manylinux`/`musllinux`), node-gyp's `build/config.gypi` or
 * `build/Release/*.node`, a gem's compiled `extensions/` directory. Files a Debian package owns are no sign:
 * Debian builds its Python packages (python3-cryptography's dist-info says `linux_x86_64` too) and apt installs
 * them again, with their dependencies, wherever the Dockerfile installs them.
 */
function nativeBuilds(fs: FilesystemModel, last: number, tree: Tree, owner: Map<Inode, Package>): string[] {
  const out: string[] = [];
  for (const f of fs.files) {
    if (fs.layer(f) <= last) continue;
    const inode = fs.inode(f);
    if (inode && owner.has(inode)) continue;
    const path = fs.path(f);
    if (basename(path) === 'WHEEL' && path.includes('.dist-info/')) {
      const tags = (tree.text(path) ?? '').split('\n').filter((l) => l.startsWith('Tag:')).map((l) => l.slice(4).trim());
      if (tags.length > 0 && tags.every((t) => /-linux_[a-z0-9_]+$/.test(t))) out.push(`/${dirname(path)} (wheel tag ${tags[0]})`);
    } else if (/node_modules\/(@[^/]+\/)?[^/]+\/build\/(config\.gypi|Release\/[^/]+\.node)$/.test(path)) {
      const dir = path.slice(0, path.indexOf('/build/'));
      const label = `/${dir} (node-gyp build)`;
      if (!out.includes(label)) out.push(label);
    } else if (/\/gems\/[^/]+\/extensions\/[^/]+\/[^/]+\/[^/]+\//.test(path)) {
      const dir = /^(.*\/extensions\/[^/]+\/[^/]+\/[^/]+)\//.exec(path)![1];
      const label = `/${dir} (compiled gem extension)`;
      if (!out.includes(label)) out.push(label);
    }
  }
  return out;
}
