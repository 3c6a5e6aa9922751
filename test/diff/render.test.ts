/** The text and Markdown layouts of a diff: what they name, how they cut lists, and what they escape. */
import { diffImages } from '../../src/diff/diff';
import type { ImageDiff } from '../../src/diff/model';
import { renderDiffMarkdown } from '../../src/report/diff-markdown';
import { renderDiffText } from '../../src/report/diff-text';
import { run } from '../helpers/analyze-built';
import { file, removeTemps } from '../helpers/image-builder';
import { analyzePair, base, NEW_STEPS, OLD_STEPS } from './fixture';

afterAll(removeTemps);

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[/;

let d: ImageDiff;
beforeAll(async () => {
  const p = await analyzePair(OLD_STEPS, NEW_STEPS);
  d = await diffImages(p.old, p.new);
});

/** The cells of the table row whose cells include `first`, trimmed. */
function row(text: string, first: string): string[] {
  const line = text.split('\n').find((l) => l.split('│').some((c) => c.trim() === first));
  if (!line) throw new Error(`no row ${first} in\n${text}`);
  return line.split('│').slice(1, -1).map((c) => c.trim());
}

describe('text', () => {
  test('names the instruction that grew with its delta, and the files that grew', () => {
    const text = renderDiffText(d, { color: false });
    expect(text).not.toMatch(ANSI);
    expect(text.split('\n')[0]).toBe(`imgdiet diff: ${d.old.reference} → ${d.new.reference}`);
    expect(row(text, 'Layer bytes')).toEqual(['Layer bytes', '12.9 kB', '13.4 kB', '+513 B (+4.0 %)']);
    expect(row(text, 'RUN pip install -r requirements.txt').slice(0, 2)).toEqual(['+3.40 kB', 'RUN pip install -r requirements.txt']);
    expect(row(text, 'changed')).toEqual(['changed', '1', '2', 'RUN pip install -r requirements.txt', '3.30 kB', '6.70 kB', '+3.40 kB']);
    expect(row(text, 'added').slice(0, 3)).toEqual(['added', '', '1']);
    expect(row(text, 'removed')).toEqual(['removed', '2', '', 'RUN apt-get update', '5.00 kB', '', '-5.00 kB']);
    expect(row(text, '/app/lib/big.bin')).toEqual(['+3.00 kB', '/app/lib/big.bin', '2.00 kB', '5.00 kB', '#2 RUN pip install -r requirements.txt']);
    expect(row(text, '/app/lib/conf.txt')).toEqual(['content', '/app/lib/conf.txt', '100 B', '100 B', '#2 RUN pip install -r requirements.txt']);
    expect(row(text, 'foo')).toEqual(['upgraded', 'dpkg', 'foo', '1.0', '1.1', '+500 B']);
    expect(text).toContain('Files: 2 grown, 4 added, 1 shrunk, 4 removed, 2 changed');
    expect(text).toContain('Findings: 2 new, 1 fixed, 2 in both');
    expect(row(text, 'apt-lists').slice(0, 4)).toEqual(['fixed', 'medium', 'apt-lists', '5.00 kB']);
  });

  test('colours only when asked', () => {
    expect(renderDiffText(d, { color: true })).toMatch(ANSI);
  });

  test('--top cuts every list and says how many more there are', () => {
    const text = renderDiffText(d, { color: false, top: 1 });
    expect(text).toContain('/app/lib/new.bin');
    expect(text).not.toContain('/usr/bin/baz');
    // 4 files added, 3 instructions changed
    expect(text).toContain('… and 3 more (all of them with --json)');
    expect(text).toContain('… and 2 more (all of them with --json)');
  });

  test('the same image twice says so', async () => {
    const p = await analyzePair([base], [base]);
    const same = await diffImages(p.old, p.new);
    expect(renderDiffText(same, { color: false })).toMatch(/The two references are the same image\.\n$/);
    expect(renderDiffMarkdown(same)).toMatch(/^### imgdiet diff: no change in layer bytes\n[\s\S]*The two references are the same image\.\n\n$/);
  });
});

describe('markdown', () => {
  test('a heading with the change, the totals, instructions, folded sections and findings', () => {
    const md = renderDiffMarkdown(d);
    const lines = md.split('\n');
    expect(lines[0]).toBe('### imgdiet diff: layer bytes +513 B (+4.0 %)');
    expect(lines).toContain('| Layer bytes | 12.9 kB | 13.4 kB | **+513 B (+4.0 %)** |');
    expect(lines).toContain('| +3.40 kB | `RUN pip install -r requirements.txt` | 3.30 kB | 6.70 kB |');
    expect(lines).toContain('| changed | 1 | 2 | `RUN pip install -r requirements.txt` | 3.30 kB | 6.70 kB | +3.40 kB |');
    expect(lines).toContain('<details><summary>Files: 2 grown, 4 added, 1 shrunk, 4 removed, 2 changed</summary>');
    expect(lines).toContain('| +3.00 kB | `/app/lib/big.bin` | 2.00 kB | 5.00 kB | #2 `RUN pip install -r requirements.txt` |');
    expect(lines).toContain('| upgraded | dpkg | `foo` | `1.0` | `1.1` | +500 B |');
    expect(lines).toContain('**Findings: 2 new, 1 fixed, 2 in both**');
    expect(md.match(/<details>/g)).toHaveLength(md.match(/<\/details>/g)?.length ?? -1);
  });

  test('names from the image cannot break the table or inject Markdown or HTML', async () => {
    const weird = 'app/a|b`c <img src=x>\u0007.txt';
    const p = await analyzePair([base], [base, run('echo *bold* | _x_', [file(weird, 'w')])]);
    const md = renderDiffMarkdown(await diffImages(p.old, p.new));
    const line = md.split('\n').find((l) => l.includes('a\\|b'));
    // A code span fenced by two backticks (the name holds one), the pipe escaped, the bell shown as \x07.
    expect(line).toBe('| +1 B | `` /app/a\\|b`c <img src=x>\\x07.txt `` |  | 1 B | #1 `RUN echo *bold* \\| _x_` |');
  });
});
