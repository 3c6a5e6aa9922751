import type { RuntimeInfo } from '../../model';
import type { FilesystemModel } from '../filesystem/model';

/** Official language images say their runtime's version in ENV. */
const RUNTIME_ENV: Array<[RuntimeInfo['name'], string]> = [
  ['python', 'PYTHON_VERSION'],
  ['node', 'NODE_VERSION'],
  ['go', 'GOLANG_VERSION'],
  ['java', 'JAVA_VERSION'],
  ['ruby', 'RUBY_VERSION'],
];

const PYTHON_BIN = /^usr\/(local\/)?bin\/python(3\.\d+)$/;
const RUBY_LIB = /^usr\/local\/lib\/ruby\/(\d+)\.(\d+)\.\d+\//;
const JAVA_RELEASE = /^(opt\/java\/openjdk|usr\/local\/openjdk-[^/]+|usr\/lib\/jvm\/[^/]+)\/release$/;

/**
 * The language runtimes in an image: from the official images' ENV first; for a runtime ENV says nothing of, from
 * files in the final tree — `python3.X` in usr/local/bin (then usr/bin), node's `node_version.h`, Go's
 * `usr/local/go/VERSION`, a JDK's `release`, and Ruby's `usr/local/lib/ruby/X.Y.0` library directory (which gives
 * the X.Y line only). Ordered python, node, go, java, ruby.
 */
export function detectRuntimes(fs: FilesystemModel, env: Map<string, string>): RuntimeInfo[] {
  const fromFiles = runtimesFromFiles(fs);
  const out: RuntimeInfo[] = [];
  for (const [name, key] of RUNTIME_ENV) {
    const v = env.get(key);
    if (v) out.push({ name, version: name === 'java' ? v.replace(/^jdk-/, '') : v, evidence: `ENV ${key}` });
    else {
      const found = fromFiles.get(name);
      if (found) out.push(found);
    }
  }
  return out;
}

function runtimesFromFiles(fs: FilesystemModel): Map<RuntimeInfo['name'], RuntimeInfo> {
  const found = new Map<RuntimeInfo['name'], RuntimeInfo>();
  let python: { local: boolean; version: string; path: string } | null = null;
  for (const f of fs.files) {
    const p = fs.path(f);
    const py = PYTHON_BIN.exec(p);
    if (py) {
      const cand = { local: py[1] !== undefined, version: py[2], path: p };
      // usr/local (where the official images build it) wins over the distribution's; then the newer.
      if (!python || (cand.local && !python.local) || (cand.local === python.local && newer(cand.version, python.version))) python = cand;
      continue;
    }
    const rb = RUBY_LIB.exec(p);
    if (rb && !found.has('ruby')) {
      found.set('ruby', { name: 'ruby', version: `${rb[1]}.${rb[2]}`, evidence: `/usr/local/lib/ruby/${rb[1]}.${rb[2]}.0` });
      continue;
    }
    const text = (): string | null => {
      const data = fs.data(f);
      return data ? data.toString('utf8') : null;
    };
    if (p === 'usr/local/include/node/node_version.h') {
      const t = text();
      const part = (k: string): string | undefined => (t ? new RegExp(`#define\\s+NODE_${k}_VERSION\\s+(\\d+)`).exec(t)?.[1] : undefined);
      const [major, minor, patch] = [part('MAJOR'), part('MINOR'), part('PATCH')];
      if (major !== undefined && minor !== undefined && patch !== undefined) {
        found.set('node', { name: 'node', version: `${major}.${minor}.${patch}`, evidence: `/${p}` });
      }
    } else if (p === 'usr/local/go/VERSION') {
      const m = /^go(\d+\.\d+(?:\.\d+)?)/.exec(text() ?? '');
      if (m) found.set('go', { name: 'go', version: m[1], evidence: `/${p}` });
    } else if (JAVA_RELEASE.test(p) && !found.has('java')) {
      const m = /^JAVA_VERSION="?([^"\n]+)"?/m.exec(text() ?? '');
      if (m) found.set('java', { name: 'java', version: m[1], evidence: `/${p}` });
    }
  }
  if (python) found.set('python', { name: 'python', version: python.version, evidence: `/${python.path}` });
  return found;
}

/** `3.12` > `3.9`, minor numbers compared as numbers. */
function newer(a: string, b: string): boolean {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am !== bm ? am > bm : an > bn;
}
