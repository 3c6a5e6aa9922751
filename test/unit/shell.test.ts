/** The one shell word splitter and the one recogniser of the program behind wrappers. */
import { parseScript, program, programIndex, scriptWords, shellScript, skipWrappers, startup, startupWords, wrapperCount } from '../../src/dockerfile/shell';
import type { Script } from '../../src/dockerfile/shell';

/** Each command as [operator before it, word texts]. */
function shape(s: Script): [string | null, string[]][] {
  return s.commands.map((c) => [c.sep, c.words.map((w) => w.text)]);
}

describe('parseScript', () => {
  it('reads nothing from empty or blank text', () => {
    expect(parseScript('')).toEqual({ commands: [], simple: true });
    expect(parseScript(' \t ')).toEqual({ commands: [], simple: true });
  });

  it('removes quotes and applies escapes, keeping offsets as written', () => {
    const text = `echo 'a b' "c \\"d\\"" e\\ f ''`;
    const words = parseScript(text).commands[0].words;
    expect(words.map((w) => w.text)).toEqual(['echo', 'a b', 'c "d"', 'e f', '']);
    expect(words.map((w) => text.slice(w.start, w.end))).toEqual(['echo', `'a b'`, `"c \\"d\\""`, 'e\\ f', `''`]);
  });

  it('cuts commands at each operator and records it', () => {
    expect(shape(parseScript('a && b || c; d | e & f;; g'))).toEqual([
      [null, ['a']],
      ['&&', ['b']],
      ['||', ['c']],
      [';', ['d']],
      ['|', ['e']],
      ['&', ['f']],
      [';;', ['g']],
    ]);
    expect(shape(parseScript('a&&b'))).toEqual([
      [null, ['a']],
      ['&&', ['b']],
    ]);
  });

  it('treats line continuations (LF and CRLF) and comment lines inside them as blanks', () => {
    const text = 'apt-get update \\\n  # a note\n  # another\n  && apt-get install -y curl \\\r\n  && true';
    const s = parseScript(text);
    expect(s.simple).toBe(true);
    expect(shape(s)).toEqual([
      [null, ['apt-get', 'update']],
      ['&&', ['apt-get', 'install', '-y', 'curl']],
      ['&&', ['true']],
    ]);
    expect(text.slice(s.commands[2].words[0].start, s.commands[2].words[0].end)).toBe('true');
  });

  it('keeps a command substitution whole and reads a # inside a word as text', () => {
    expect(shape(parseScript('a $(b "c d") e#f # comment'))).toEqual([[null, ['a', '$(b "c d")', 'e#f']]]);
  });

  it('marks heredocs, subshells, blocks and backquotes as not simple, but still reads their words', () => {
    const heredoc = parseScript('cat <<EOF\nhello world\nEOF');
    expect(heredoc.simple).toBe(false);
    expect(shape(heredoc)).toEqual([
      [null, ['cat', '<<EOF']],
      [';', ['hello', 'world']],
      [';', ['EOF']],
    ]);
    expect(shape(parseScript('(cd x)'))).toEqual([['(', ['cd', 'x']]]);
    for (const t of ['(cd x)', 'if true; then a; fi', 'for i in 1; do a; done', 'echo `id`', 'echo "`id`"']) expect(parseScript(t).simple).toBe(false);
    expect(parseScript('echo "$(id)"').simple).toBe(true);
  });

  it('reads an unterminated quote to the end of the text', () => {
    expect(shape(parseScript(`echo 'a b`))).toEqual([[null, ['echo', 'a b']]]);
    expect(shape(parseScript('echo "a b'))).toEqual([[null, ['echo', 'a b']]]);
    expect(shape(parseScript('echo $(a b'))).toEqual([[null, ['echo', '$(a b']]]);
    expect(shape(parseScript('echo \\'))).toEqual([[null, ['echo', '']]]);
  });

  it('starts at the offset given and reports offsets in the whole text', () => {
    const text = 'RUN --mount=type=cache,target=/root/.cache pip install x';
    const from = text.indexOf('pip');
    const words = parseScript(text, from).commands[0].words;
    expect(words.map((w) => [w.text, w.start, w.end])).toEqual([
      ['pip', from, from + 3],
      ['install', from + 4, from + 11],
      ['x', from + 12, from + 13],
    ]);
  });

  it('reads very long input in one pass', () => {
    const text = `${'word '.repeat(20000)}&& last`;
    const s = parseScript(text);
    expect(s.commands[0].words).toHaveLength(20000);
    expect(s.commands[1].words[0]).toEqual({ text: 'last', start: text.length - 4, end: text.length });
  });

  it('lists the words of every command for scriptWords', () => {
    expect(scriptWords('set -e; exec "tini" -- app --port=8000 && echo \'done now\'')).toEqual(['set', '-e', 'exec', 'tini', '--', 'app', '--port=8000', 'echo', 'done now']);
    expect(scriptWords('')).toEqual([]);
  });
});

describe('the program behind wrappers', () => {
  it('skips variables, env with its options, sudo, exec, time, nice and command', () => {
    const words = ['A=1', '/usr/bin/env', '-i', '-u', 'HOME', '--chdir', '/srv', 'B=2', 'sudo', 'nice', 'time', 'command', 'exec', 'app', '-x'];
    expect(wrapperCount(words)).toBe(13);
    expect(skipWrappers(words)).toEqual(['app', '-x']);
    expect(skipWrappers(['env'])).toEqual([]);
    expect(skipWrappers([])).toEqual([]);
    // Not an assignment: a wrapper must start the command.
    expect(skipWrappers(['app', 'A=1'])).toEqual(['app', 'A=1']);
    expect(skipWrappers(['1A=x', 'app'])).toEqual(['1A=x', 'app']);
  });

  it('names the program of a RUN command by basename', () => {
    const c = parseScript('DEBIAN_FRONTEND=noninteractive sudo -E /usr/bin/apt-get install -y x').commands[0];
    // sudo's options are not known: `-E` is taken for the program, as before.
    expect(programIndex(c.words)).toBe(2);
    expect(program(parseScript('env -u X PATH=/x /usr/bin/apt-get install').commands[0])).toBe('apt-get');
    expect(program(parseScript('A=1').commands[0])).toBe('');
  });
});

describe("the image's start", () => {
  it('is ENTRYPOINT followed by CMD, or CMD alone', () => {
    expect(startup({ entrypoint: ['tini', '--'], cmd: ['app'] } as never)).toEqual({ argv: ['tini', '--', 'app'], from: 'ENTRYPOINT' });
    expect(startup({ entrypoint: [], cmd: ['app'] } as never)).toEqual({ argv: ['app'], from: 'CMD' });
    expect(startup({ entrypoint: null, cmd: null } as never)).toBeNull();
  });

  it('reads a shell form’s script with any shell and -c among its flags', () => {
    expect(shellScript(['/bin/sh', '-c', 'exec app'])).toBe('exec app');
    expect(shellScript(['bash', '-ec', 'app'])).toBe('app');
    expect(shellScript(['/bin/busybox', '-c', ''])).toBe('');
    expect(shellScript(['sh', '-c'])).toBeNull();
    expect(shellScript(['sh', 'script.sh', 'x'])).toBeNull();
    expect(shellScript(['python', '-c', 'print()'])).toBeNull();
  });

  it('cuts a shell form into words and keeps the arguments after the script', () => {
    expect(startupWords(['/bin/sh', '-c', 'PYTHONUNBUFFERED=1 exec gunicorn "app:app" -b :8000', 'argv0'])).toEqual([
      '/bin/sh',
      'PYTHONUNBUFFERED=1',
      'exec',
      'gunicorn',
      'app:app',
      '-b',
      ':8000',
      'argv0',
    ]);
    expect(startupWords(['python', '-u', 'app.py'])).toEqual(['python', '-u', 'app.py']);
  });

  it('reads a shell form behind an init or wrapper too, and only a whole one', () => {
    expect(startupWords(['/usr/bin/tini', '--', 'bash', '-ec', 'uvicorn main:app --port "$PORT"'])).toEqual(['/usr/bin/tini', '--', 'bash', 'uvicorn', 'main:app', '--port', '$PORT']);
    expect(startupWords(['tini', '--', 'sh', '-c'])).toEqual(['tini', '--', 'sh', '-c']);
    expect(startupWords(['sh', '-x', 'run.sh'])).toEqual(['sh', '-x', 'run.sh']);
  });
});
