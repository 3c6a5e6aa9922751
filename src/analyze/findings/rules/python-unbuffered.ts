import type { FindingPath } from '../../../model';
import { basename, dirname } from '../../../util/paths';
import { startup, startupWords } from '../../../dockerfile/shell';
import type { Rule, RuleContext } from '../types';
import { compareText } from '../../../util/compare';

/** python, python3, python3.12, python2.7 — not python3-config or python3.12-dbg. */
const INTERPRETER = /^python[23]?(\.\d+)?$/;
/** Console scripts that run Python code, as found in ENTRYPOINT or CMD. */
const RUNNERS = new Set(['gunicorn', 'uvicorn', 'hypercorn', 'daphne', 'celery', 'flask', 'django-admin', 'waitress-serve', 'streamlit']);
/** Top-level directories of the system and its packages: .py files there are not the app. */
const SYSTEM_DIRS = new Set(['usr', 'lib', 'lib32', 'lib64', 'libx32', 'bin', 'sbin', 'etc', 'var', 'tmp', 'proc', 'sys', 'dev', 'run', 'boot', 'nix', 'snap']);
/** Directories of installed packages, wherever they are. */
const VENDOR_DIRS = new Set(['site-packages', 'dist-packages', 'node_modules', '__pycache__']);

export const pythonUnbuffered: Rule = {
  meta: {
    id: 'python-unbuffered',
    category: 'practice',
    severity: 'low',
    title: 'Python output buffered',
    description:
      'When stdout is not a terminal, as in a container whose output goes to a log driver, Python block-buffers ' +
      'it: log lines arrive late, out of order with stderr, and are lost when the process is killed. ' +
      'PYTHONUNBUFFERED set to any non-empty value (even `0`, as CPython reads it) or `python -u` turns that off. ' +
      'The rule fires only for a Python app image, to leave alone images that carry Python as a system ' +
      'dependency: a Python interpreter (`python`, `python3`, `python3.X` in a `bin` directory) in the final ' +
      'tree, and either an ENTRYPOINT or CMD that runs Python (an interpreter, a `.py` file, or gunicorn, uvicorn, ' +
      'hypercorn, daphne, celery, flask, django-admin, waitress-serve or streamlit) or application `.py` files — ' +
      'under WORKDIR, or anywhere but the system directories (/usr, /lib*, /bin, /sbin, /etc, /var, /tmp, ' +
      '/opt/conda…), site-packages, dist-packages, node_modules, a `lib/pythonX.Y` tree and hidden directories.',
    fix: 'Add `ENV PYTHONUNBUFFERED=1` to the Dockerfile (or start the interpreter with `python -u`).',
  },
  check(ctx) {
    if ((ctx.env.get('PYTHONUNBUFFERED') ?? '') !== '') return [];
    const fs = ctx.filesystem;
    const interpreter = fs.files.find((f) => {
      const path = fs.path(f);
      return INTERPRETER.test(basename(path)) && basename(dirname(path)) === 'bin';
    });
    if (!interpreter) return [];

    const main = startup(ctx.config);
    const words = main ? startupWords(main.argv) : [];
    if (words.some((w) => /^PYTHONUNBUFFERED=./.test(w)) || unbufferedFlag(words)) return [];
    const runner = words.find((w) => INTERPRETER.test(basename(w)) || RUNNERS.has(basename(w)) || w.endsWith('.py'));
    const appFiles = runner === undefined ? pythonAppFiles(ctx) : [];
    if (runner === undefined && appFiles.length === 0) return [];

    const why =
      runner !== undefined && main
        ? `its ${main.from} runs \`${basename(runner)}\``
        : `${appFiles.length} .py file${appFiles.length === 1 ? '' : 's'} outside the system directories, such as /${appFiles[0].path}`;
    return [
      {
        message: `A Python app (/${fs.path(interpreter)} is in the image and ${why}) without PYTHONUNBUFFERED: its output is block-buffered`,
        bytes: 0,
        paths: appFiles,
        layer: null,
        hiddenBy: null,
      },
    ];
  },
};

/** An interpreter started with `-u` (alone or among other one-letter flags: `-uB`, `-Bu`). */
function unbufferedFlag(words: string[]): boolean {
  for (let i = 0; i < words.length; i++) {
    if (!INTERPRETER.test(basename(words[i]))) continue;
    options: for (let j = i + 1; j < words.length && /^-[^-]/.test(words[j]); j++) {
      const flags = words[j].slice(1);
      for (let k = 0; k < flags.length; k++) {
        const ch = flags[k];
        if (ch === 'u') return true;
        // -c and -m end the interpreter's options; -W and -X take an argument, attached or the next word.
        if (ch === 'c' || ch === 'm') break options;
        if (ch === 'W' || ch === 'X') {
          if (k === flags.length - 1) j++;
          break;
        }
      }
    }
  }
  return false;
}

/** Visible regular .py files that belong to an application, largest first. */
function pythonAppFiles(ctx: RuleContext): FindingPath[] {
  const workdir = ctx.config.workingDir.replace(/^\/+|\/+$/g, '');
  const fs = ctx.filesystem;
  const found: FindingPath[] = [];
  for (const f of fs.files) {
    const inode = fs.inode(f);
    if (inode === null) continue;
    const path = fs.path(f);
    if (path.endsWith('.py') && isAppPath(path, workdir)) found.push({ path, bytes: fs.size(inode) });
  }
  return found.sort((a, b) => b.bytes - a.bytes || compareText(a.path, b.path));
}

function isAppPath(path: string, workdir: string): boolean {
  const parts = path.split('/');
  for (let i = 0; i < parts.length - 1; i++) {
    const p = parts[i];
    if (VENDOR_DIRS.has(p) || p.startsWith('.')) return false;
    // A Python installed under its own prefix (/opt/python/lib/python3.12/…): the standard library.
    if (p === 'lib' && /^python\d/.test(parts[i + 1])) return false;
  }
  if (workdir !== '' && path.startsWith(`${workdir}/`)) return true;
  if (SYSTEM_DIRS.has(parts[0])) return false;
  return !(parts[0] === 'opt' && parts[1] === 'conda');
}
