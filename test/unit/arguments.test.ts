/** The one reader of instruction arguments: exec form, COPY/ADD, FROM, WORKDIR. */
import { copyArguments, execForm, execFormText, flagWords, fromArguments, instructionArgv, workdirPath } from '../../src/dockerfile/arguments';
import { parseDockerfile } from '../../src/dockerfile/parse';

/** The instructions after FROM of a one-stage Dockerfile. */
function body(...lines: string[]): ReturnType<typeof parseDockerfile>['instructions'] {
  return parseDockerfile(['FROM alpine', ...lines].join('\n')).instructions.slice(1);
}

describe('execForm', () => {
  it('reads a JSON array of strings, escapes included', () => {
    expect(execForm('["a","b"]')).toEqual(['a', 'b']);
    expect(execForm('  ["a", "b\\"c", "\\u00e9\\n", "\\\\"]  ')).toEqual(['a', 'b"c', 'é\n', '\\']);
    expect(execForm('[]')).toEqual([]);
    expect(execForm('[""]')).toEqual(['']);
  });

  it('returns null for the shell form, as the builder reads it', () => {
    for (const t of ['', 'exec app', '[ -f x ] && y', '["a",', '["a", 1]', '[["a"]]', '{"a": 1}', '["a"] trailing', "['a']", '[a, b]']) {
      expect(execForm(t)).toBeNull();
    }
  });

  it('writes an argv back as the exec form reads it', () => {
    const argv = ['tini', '--', 'say "hi"', 'back\\slash', 'x", "y'];
    expect(execFormText(argv)).toBe('["tini", "--", "say \\"hi\\"", "back\\\\slash", "x\\", \\"y"]');
    expect(execForm(execFormText(argv))).toEqual(argv);
    expect(execFormText([])).toBe('[]');
  });
});

describe('instructionArgv', () => {
  it('is the exec form, or the shell form run by /bin/sh -c', () => {
    const [cmd, entry, run, broken] = body('CMD ["python", "-u", "app.py"]', 'ENTRYPOINT   exec app --flag', 'RUN ["sh", "-c", "a && b"]', 'ENTRYPOINT ["tini", --]');
    expect(instructionArgv(cmd)).toEqual(['python', '-u', 'app.py']);
    expect(instructionArgv(entry)).toEqual(['/bin/sh', '-c', 'exec app --flag']);
    expect(instructionArgv(run)).toEqual(['sh', '-c', 'a && b']);
    expect(instructionArgv(broken)).toEqual(['/bin/sh', '-c', '["tini", --]']);
  });
});

describe('copyArguments', () => {
  it('separates flags, sources and destination', () => {
    const [copy] = body('COPY --from=build --chown=1:2 --chmod=755 --link a b* /dst/');
    expect(copyArguments(copy)).toEqual({ flags: { from: 'build', chown: '1:2', chmod: '755', link: null }, sources: ['a', 'b*'], dest: '/dst/' });
    expect(flagWords(copy.flags)).toEqual(['--from=build', '--chown=1:2', '--chmod=755', '--link']);
  });

  it('reads the JSON form, spaces inside names kept', () => {
    const [add] = body('ADD --checksum=sha256:abc ["https://example.com/a b.tgz", "/opt/"]');
    expect(copyArguments(add)).toEqual({ flags: { checksum: 'sha256:abc' }, sources: ['https://example.com/a b.tgz'], dest: '/opt/' });
  });

  it('splits a continued or malformed JSON line at blanks, as the builder does', () => {
    const [continued, malformed] = body('COPY a \\\n    b \\\n    /dst/', 'COPY [1, "x"] /y');
    expect(copyArguments(continued)).toEqual({ flags: {}, sources: ['a', 'b'], dest: '/dst/' });
    expect(copyArguments(malformed).sources).toEqual(['[1,', '"x"]']);
    expect(copyArguments(malformed).dest).toBe('/y');
  });

  it('has no sources for one argument, and no destination for none', () => {
    const [one, none] = body('COPY .', 'COPY');
    expect(copyArguments(one)).toEqual({ flags: {}, sources: [], dest: '.' });
    expect(copyArguments(none)).toEqual({ flags: {}, sources: [], dest: null });
  });
});

describe('FROM and WORKDIR', () => {
  it('reads the image and the stage name, AS in any case', () => {
    expect(fromArguments('python:3.12 AS build')).toEqual({ image: 'python:3.12', name: 'build' });
    expect(fromArguments('alpine as tiny')).toEqual({ image: 'alpine', name: 'tiny' });
    expect(fromArguments('scratch')).toEqual({ image: 'scratch', name: null });
    expect(fromArguments('')).toEqual({ image: '', name: null });
  });

  it('drops the quotes around a WORKDIR path', () => {
    const [quoted, plain] = body('WORKDIR "/srv/my app"', 'WORKDIR app');
    expect(workdirPath(quoted)).toBe('/srv/my app');
    expect(workdirPath(plain)).toBe('app');
  });
});
