/**
 * Which OS and Python packages are needed to build software, not to run it. npm's build-only packages are
 * the application's devDependencies and are decided in npm.ts.
 */

/** dpkg and apk names matched whole. */
const OS_EXACT = new Set([
  'make',
  'cmake',
  'build-essential',
  // Alpine's build-essential, and the headers it pulls in.
  'build-base',
  'fortify-headers',
  'libc-dev-bin',
  'git',
  'git-man',
  'pkg-config',
  'pkgconf',
  'pkgconfig',
  'autoconf',
  'automake',
  'libtool',
]);

/** dpkg and apk names matched by prefix: compilers, preprocessors, assemblers, kernel headers. */
const OS_PREFIX = /^(gcc|g\+\+|cpp|clang|llvm|binutils|linux-headers)/;

/**
 * `gcc-12-base` holds only the copyright of the GCC runtime libraries and every Debian image has it (libgcc-s1
 * depends on it): not a compiler.
 */
const OS_RUNTIME = /^(gcc|cpp)-[\d.]+-base$/;

/** True for compilers and toolchains, `*-dev`/`*-devel` headers (libc6-dev, musl-dev…), git and autotools. */
export function osBuildOnly(name: string): boolean {
  if (OS_RUNTIME.test(name)) return false;
  return OS_EXACT.has(name) || OS_PREFIX.test(name) || name.endsWith('-dev') || name.endsWith('-devel');
}

/**
 * Python distributions whose only job is to build other distributions. `pip` itself and `setuptools` are left
 * out on purpose: pip is how many images install at start-up, and code still imports `pkg_resources` from
 * setuptools at run time.
 */
const PIP_BUILD = new Set([
  'wheel',
  'build',
  'cython',
  'pip-tools',
  'maturin',
  'scikit-build',
  'scikit-build-core',
  'meson',
  'meson-python',
  'ninja',
  'cmake',
  'pybind11',
  'setuptools-scm',
  'setuptools-rust',
]);

/** A distribution name in its PEP 503 form: lower case, runs of `-_.` as one `-`. */
export function normalizePipName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

export function pipBuildOnly(name: string): boolean {
  return PIP_BUILD.has(normalizePipName(name));
}
