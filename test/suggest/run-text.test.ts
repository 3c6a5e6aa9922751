/** The RUN-text rewrites the clean-up and flag suggestions compose. */
import { operandMatcher } from '../../src/suggest/deletions';
import { addFlag, addOperand, appendCommands, calls, prependBefore, removeParts, runScript } from '../../src/suggest/run-text';
import { managerCall, parseScript } from '../../src/dockerfile/shell';

const aptInstall = (c: { manager: string; subcommand: string }): boolean => c.manager === 'apt' && c.subcommand === 'install';

describe('RUN text', () => {
  it('reads words with their offsets across continuations, comment lines and quotes', () => {
    const text = 'RUN --mount=type=cache,target=/x apt-get update \\\n  # a comment\n  && DEBIAN_FRONTEND=noninteractive apt-get install -y "lib foo" \'b\'';
    const run = runScript(text)!;
    expect(run.script.commands.map((c) => c.words.map((w) => w.text))).toEqual([
      ['apt-get', 'update'],
      ['DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', 'lib foo', 'b'],
    ]);
    const w = run.script.commands[1].words[4];
    expect(text.slice(w.start, w.end)).toBe('"lib foo"');
    expect(managerCall(run.script.commands[1])).toMatchObject({ manager: 'apt', subcommand: 'install', options: ['-y'] });
    expect(calls('RUN python3 -m pip install -r req.txt flask')[0].operands.map((o) => o.text)).toEqual(['req.txt', 'flask']);
  });

  it('leaves exec forms, heredocs and subshells alone', () => {
    for (const t of ['RUN ["apt-get", "install", "-y", "curl"]', 'RUN <<EOF\napt-get install -y curl\nEOF', 'RUN (apt-get install -y curl)', 'RUN if true; then apt-get install -y curl; fi']) {
      expect(addFlag(t, aptInstall, '--no-install-recommends')).toBe(t);
      expect(appendCommands(t, ['rm -rf /x'])).toBe(t);
    }
    expect(parseScript('a $(b c) d').simple).toBe(true);
  });

  it('adds a flag once, and an operand once', () => {
    const once = addFlag('RUN apt-get install -y curl', aptInstall, '--no-install-recommends');
    expect(once).toBe('RUN apt-get install --no-install-recommends -y curl');
    expect(addFlag(once, aptInstall, '--no-install-recommends')).toBe(once);
    expect(addFlag('RUN npm ci --omit dev', (c) => c.manager === 'npm', '--omit=dev')).toBe('RUN npm ci --omit dev');
    expect(addOperand(addOperand('RUN apt-get install -y curl && echo', aptInstall, 'tini'), aptInstall, 'tini')).toBe('RUN apt-get install -y curl tini && echo');
  });

  it('appends in the style of the RUN, once', () => {
    expect(appendCommands('RUN a', ['b', 'c'])).toBe('RUN a \\\n    && b \\\n    && c');
    expect(appendCommands('RUN a \\\n && b', ['c'])).toBe('RUN a \\\n && b \\\n && c');
    expect(appendCommands('RUN a && \\\n    b', ['c'])).toBe('RUN a && \\\n    b && \\\n    c');
    expect(appendCommands('RUN a && rm -rf /x', ['rm  -rf /x'])).toBe('RUN a && rm -rf /x');
  });

  it('prepends unless already done before', () => {
    const isInstall = (c: { words: { text: string }[] }): boolean => c.words[1]?.text === 'install';
    const isUpdate = (c: { words: { text: string }[] }): boolean => c.words[1]?.text === 'update';
    expect(prependBefore('RUN apt-get install -y x', isInstall, 'apt-get update', isUpdate)).toBe('RUN apt-get update && apt-get install -y x');
    expect(prependBefore('RUN apt-get update -q && apt-get install -y x', isInstall, 'apt-get update', isUpdate)).toBe('RUN apt-get update -q && apt-get install -y x');
  });

  it('removes commands and rm operands, never the whole script, never a pipeline part', () => {
    const rmX = { rmOperand: (w: { text: string }) => w.text === '/x' };
    expect(removeParts('RUN rm -rf /x /y && echo ok', rmX)).toBe('RUN rm -rf /y && echo ok');
    expect(removeParts('RUN echo ok \\\n && rm -rf /x', rmX)).toBe('RUN echo ok');
    expect(removeParts('RUN rm -rf /x \\\n && echo ok', rmX)).toBe('RUN echo ok');
    expect(removeParts('RUN rm -rf /x', rmX)).toBe('RUN rm -rf /x');
    expect(removeParts('RUN rm -rf /x | cat && echo', rmX)).toBe('RUN rm -rf /x | cat && echo');
  });

  it('matches rm operands to tree paths, globs not matching dot names', () => {
    const m = operandMatcher('/var/lib/apt/lists/*', '/')!;
    expect(['var/lib/apt/lists/a_Packages', 'var/lib/apt/lists/partial/x', 'var/lib/apt/lists/.hidden', 'var/lib/apt/other'].map((p) => m.test(p))).toEqual([true, true, false, false]);
    expect(operandMatcher('build', '/src')).toMatchObject({ prefix: 'src/build', absolute: '/src/build' });
    expect(operandMatcher('$HOME/.cache', '/')).toBeNull();
  });
});
