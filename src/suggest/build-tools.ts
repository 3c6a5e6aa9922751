/**
 * What only builds, besides the build-only packages: a language's package managers and build tools (npm,
 * node-gyp, pip, a JDK…), which a runtime stage leaves in the builder unless the image's command runs them, and
 * what the runtime stage installs in their place (a JDK's JRE).
 */
import { basename } from '../util/paths';
import type { ImageConfig, Package } from '../model';
import { startWords } from './listen-port';

interface Tool {
  /** Debian (dpkg) and Alpine (apk) package names. */
  match: RegExp;
  /** Programs of the package: when the command runs one, the package is not a build tool for this image. */
  runs: string[];
  /** The package that runs what this one builds, to install in its place. */
  runtime?: (name: string) => string;
}

const TOOLS: Tool[] = [
  { match: /^(npm|node-gyp)$/, runs: ['npm', 'npx', 'node-gyp'] },
  { match: /^(yarnpkg|yarn)$/, runs: ['yarn', 'yarnpkg'] },
  { match: /^(python3?-pip|python3?-pip-whl|python3-setuptools-whl|python3-wheel|python3(\.\d+)?-venv|py3-pip|py3-wheel|pipx)$/, runs: ['pip', 'pip3', 'pipx'] },
  { match: /^(cargo|rustc|rust)$/, runs: ['cargo'] },
  { match: /^(golang|go)(-[\d.]+)?(-go)?$/, runs: ['go'] },
  { match: /^(maven|gradle|ant)$/, runs: ['mvn', 'gradle', 'ant'] },
  { match: /^(default|openjdk-\d+)-jdk(-headless)?$/, runs: ['javac', 'jar'], runtime: (n) => n.replace(/-jdk(-headless)?$/, '-jre-headless') },
  { match: /^openjdk\d+(-jdk)?$/, runs: ['javac', 'jar'], runtime: (n) => `${n.replace(/-jdk$/, '')}-jre-headless` },
];

/** Packages npm installs globally that only install or build: never copied into a runtime stage. */
export const NPM_TOOLS = new Set(['npm', 'corepack', 'yarn', 'pnpm', 'node-gyp', 'npm-check-updates']);

/** The programs the image's command names (ENTRYPOINT and CMD, a shell form read as a script). */
export function commandPrograms(config: ImageConfig): Set<string> {
  return new Set(startWords(config).map((w) => basename(w)));
}

function toolOf(name: string): Tool | undefined {
  return TOOLS.find((t) => t.match.test(name));
}

/** OS packages of the image's layers that only build for this image: a tool its command does not run. */
export function osBuildTools(packages: readonly Package[], last: number, config: ImageConfig): Package[] {
  const runs = commandPrograms(config);
  return packages.filter((p) => {
    if ((p.manager !== 'dpkg' && p.manager !== 'apk') || p.buildOnly || p.layer === null || p.layer <= last) return false;
    const tool = toolOf(bare(p.name));
    return tool !== undefined && !tool.runs.some((r) => runs.has(r));
  });
}

/** What the runtime stage installs in place of the tools that leave (a JDK's JRE), by name. */
export function toolRuntimes(tools: readonly Package[]): string[] {
  const out = new Set<string>();
  for (const p of tools) {
    const runtime = toolOf(bare(p.name))?.runtime;
    if (runtime) out.add(runtime(bare(p.name)));
  }
  return [...out].sort();
}

function bare(name: string): string {
  return name.replace(/:[a-z0-9]+$/, '');
}
