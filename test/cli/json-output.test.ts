/**
 * How the built CLI writes JSON: `--layer N --json` escapes bidi controls and line separators like every other JSON
 * imgdiet prints, and a reader that stops early (`| head -c 10`) ends the command quietly, exit 0, even when the
 * output is far larger than a pipe's buffer.
 */
import { execFile } from 'node:child_process';
import { BIN, runCli, SAMPLE_TAR } from '../helpers/cli';
import { expectFreshDist } from '../helpers/dist';
import { file, removeTemps } from '../helpers/image-builder';
import { writeArchive } from '../html/fixture';

let hostile: string;
let many: string;

beforeAll(async () => {
  hostile = await writeArchive([{ createdBy: 'RUN add \u202e', entries: [file('a\u202eb.txt', 'x'), file('c\u0085\u2028d', 'yy')] }], {}, 'bidi:1', 'bidi.tar');
  // 20,000 paths: a layer JSON of megabytes, many times a pipe's 64 KiB buffer.
  const entries = Array.from({ length: 20_000 }, (_, i) => file(`srv/data/some-longer-directory-name/file-${i}.bin`, String(i)));
  many = await writeArchive([{ createdBy: 'RUN make data', entries }], {}, 'many:1', 'many.tar');
});
afterAll(removeTemps);

test('--layer N --json writes bidi controls, C1 and line separators as \\u escapes; the paths parse back exact', async () => {
  const r = await runCli(['analyze', hostile, '--layer', '0', '--json']);
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  expect(r.stdout).toBe(String.raw`{
  "layer": 0,
  "instruction": "RUN add \u202e",
  "changes": {
    "added": {
      "files": 2,
      "bytes": 3
    },
    "modified": {
      "files": 0,
      "bytes": 0,
      "replacedBytes": 0
    },
    "removed": {
      "files": 0,
      "bytes": 0
    },
    "hardlinks": 0,
    "symlinks": 0,
    "directories": 0,
    "top": [
      {
        "path": "c\u0085\u2028d",
        "type": "file",
        "change": "added",
        "files": 1,
        "bytes": 2
      },
      {
        "path": "a\u202eb.txt",
        "type": "file",
        "change": "added",
        "files": 1,
        "bytes": 1
      }
    ]
  },
  "paths": [
    {
      "path": "a\u202eb.txt",
      "type": "file",
      "change": "added",
      "bytes": 1
    },
    {
      "path": "c\u0085\u2028d",
      "type": "file",
      "change": "added",
      "bytes": 2
    }
  ]
}
`);
  expect(r.stdout).not.toMatch(/[\u0085\u2028\u202e]/);
  expect((JSON.parse(r.stdout) as { paths: { path: string }[] }).paths.map((p) => p.path)).toEqual(['a\u202eb.txt', 'c\u0085\u2028d']);
});

/** `imgdiet ARGS | head -c 10` in bash: what head printed, imgdiet's stderr and its exit code. */
function intoHead(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  expectFreshDist();
  const script = 'node "$0" "$@" | head -c 10; exit "${PIPESTATUS[0]}"';
  return new Promise((resolve) => {
    execFile('bash', ['-c', script, BIN, ...args], { env: { ...process.env, NO_COLOR: '1', CI: '1' }, encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ code: err ? (err.code as number) : 0, stdout, stderr });
    });
  });
}

test.each([
  ['the sample --json', () => ['analyze', SAMPLE_TAR, '--json'], '{\n  "schem'],
  ['a layer of 20,000 paths --json', () => ['analyze', many, '--layer', '0', '--json'], '{\n  "layer'],
])('%s into `head -c 10`: exit 0, nothing on stderr', async (_name, args, head) => {
  expect(await intoHead(args())).toEqual({ code: 0, stdout: head, stderr: '' });
});

test('the large layer JSON, read whole, is every path', async () => {
  const r = await runCli(['analyze', many, '--layer', '0', '--json']);
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  expect(r.stdout.length).toBeGreaterThan(1_000_000);
  expect((JSON.parse(r.stdout) as { paths: unknown[] }).paths).toHaveLength(20_000);
});
