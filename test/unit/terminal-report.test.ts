/** The default terminal report on analysis objects built in memory: exact lines, and never wider than asked. */
import type { Analysis, Finding, LayerReport, Suggestion } from '../../src/model';
import { noChanges } from '../../src/analyze/filesystem/changes';
import { renderTerminal } from '../../src/report/terminal';
import { displayWidth, stripColor } from '../../src/util/width';

function layer(index: number, instruction: string, sizeBytes: number, more: Partial<LayerReport> = {}): LayerReport {
  return {
    index, digest: sizeBytes > 0 ? `sha256:${index}` : null, blobDigest: null, mediaType: null, instruction, instructionKind: 'RUN',
    createdBy: instruction, created: null, comment: null, emptyLayer: false, sizeBytes, compressedBytes: null, hiddenBytes: 0,
    files: 1, whiteouts: 0, dockerfileLine: null, dockerfileInstruction: null, changes: noChanges(), ...more,
  };
}

function finding(id: string, severity: Finding['severity'], bytes: number, path: string | null, layerIndex: number | null, more: Partial<Finding> = {}): Finding {
  const paths = path === null ? [] : [{ path, bytes }];
  return { id, category: 'waste', severity, title: id, message: `${id} found`, bytes, paths, pathCount: paths.length, layer: layerIndex, hiddenBy: null, fix: '', docs: '', ...more };
}

function suggestion(id: string, title: string, bytes: number, layerIndex: number | null): Suggestion {
  return { id, title, savings: { bytes, compressedBytes: null }, confidence: 'high', rationale: '', findings: [], layer: layerIndex, dockerfile: null };
}

/** A three-layer image on a base: an apt layer with lists left behind, and a copy. */
function small(): Analysis {
  const layers = [
    layer(0, 'ADD file:abc in /', 5_000_000),
    layer(1, 'CMD ["bash"]', 0, { emptyLayer: true }),
    layer(2, 'RUN apt-get update && apt-get install -y curl', 3_000_000, { hiddenBytes: 20_000 }),
    layer(3, 'COPY dir:0123 in /app', 1_000_000),
  ];
  return {
    schemaVersion: 1,
    tool: { name: 'imgdiet', version: '0.0.0' },
    source: { reference: 'app:1.0', transport: 'docker-daemon' },
    image: {
      id: 'sha256:1', manifestDigest: null, tags: ['app:1.0'], os: 'linux', architecture: 'amd64', variant: null, created: null,
      config: { user: '', entrypoint: null, cmd: null, env: [], workingDir: '', exposedPorts: [], labels: {}, stopSignal: null, healthcheck: null },
    },
    totals: { layerBytes: 9_000_000, compressedBytes: 4_000_000, finalBytes: 8_500_000, hiddenBytes: 20_000, duplicateBytes: 0, junkBytes: 2_000_000, wasteBytes: 2_020_000, efficiency: 1 - 2_020_000 / 9_000_000, layerCount: 3, finalFiles: 120 },
    layers,
    hidden: [],
    duplicates: [],
    findings: [finding('root-user', 'high', 0, null, null, { message: 'The container runs as root' }), finding('apt-lists', 'medium', 2_000_000, 'var/lib/apt/lists/x_Packages', 2)],
    packages: [],
    base: { lastLayer: 1, method: 'history', name: 'debian:12', layerBytes: 5_000_000, distro: null, runtimes: [] },
    suggestions: [suggestion('apt-cleanup', "Remove apt's lists in the same RUN", 2_000_000, 2), suggestion('user', 'Run as an unprivileged user', 0, null)],
    dockerfile: null,
    proposal: { basis: 'image', layerBytes: 7_000_000, savingsBytes: 2_000_000, compressedSavingsBytes: null, applied: [{ id: 'apt-cleanup', layer: 2, bytes: 2_000_000 }] },
  };
}

describe('renderTerminal (default report)', () => {
  test('a small image, line by line', () => {
    expect(renderTerminal(small(), { color: false }).split('\n')).toEqual([
      'imgdiet: app:1.0 (linux/amd64)',
      'Size       9.00 MB in 3 layers (4.00 MB compressed); 8.50 MB in 120 files at the end',
      'Waste      2.02 MB, efficiency 77.6 % (hidden 20.0 kB, duplicate 0 B, caches and junk 2.00 MB)',
      'User       root (no USER)',
      'Projected  9.00 MB now → about 7.00 MB if the suggested changes are made (−22 %)',
      '',
      'Layers (3)',
      '    #     Size  Later hidden  Instruction',
      '  0–1  5.00 MB                base debian:12 (1 layer)',
      '    2  3.00 MB       20.0 kB  RUN apt-get update && apt-get install -y curl',
      '    3  1.00 MB                COPY dir:0123 in /app',
      '',
      'Findings (2, most severe first)',
      '  Severity  Rule         Bytes  Where',
      '  high      root-user           The container runs as root',
      '  medium    apt-lists  2.00 MB  #2 /var/lib/apt/lists/x_Packages',
      '',
      'Suggestions (2, by saving; together 2.00 MB, each byte once)',
      '    Saves  Suggestion   What',
      "  2.00 MB  apt-cleanup  Remove apt's lists in the same RUN",
      '        —  user         Run as an unprivileged user',
      '',
      "More: --layer N (a layer's changes), --html FILE (a page), --verbose (every table)",
      '',
    ]);
  });

  test('with a Dockerfile: its text and line per layer, the line per suggestion', () => {
    const a = small();
    a.layers[2] = { ...a.layers[2], dockerfileLine: 3, dockerfileInstruction: 'RUN apt-get update \\ && apt-get install -y curl' };
    a.dockerfile = { path: 'Dockerfile', origin: 'found', matched: 2, proposedDiff: '-x\n+y\n', dockerignore: [] };
    a.proposal = { ...a.proposal, basis: 'dockerfile' };
    const out = renderTerminal(a, { color: false });
    expect(out).toContain('Projected  9.00 MB now → about 7.00 MB with the proposed Dockerfile (−22 %)\n');
    expect(out).toContain('Dockerfile Dockerfile (found here; --no-dockerfile ignores it), 2 instructions matched to layers\n');
    expect(out).toContain('    2  3.00 MB       20.0 kB     3  RUN apt-get update \\ && apt-get install -y curl\n');
    expect(out).toContain('  2.00 MB     3  apt-cleanup  Remove');
    expect(out).toContain('--write-dockerfile PATH');
  });

  test('colour: severity and savings painted, NO colour codes when off', () => {
    const coloured = renderTerminal(small(), { color: true });
    expect(coloured).toContain('\u001b[31mhigh\u001b[39m');
    expect(coloured).toContain('\u001b[32m2.00 MB\u001b[39m');
    expect(stripColor(coloured)).toBe(renderTerminal(small(), { color: false }));
    expect(renderTerminal(small(), { color: false })).not.toContain('\u001b');
  });

  test('a narrow terminal: the verdict leaves its details out rather than cut them', () => {
    const lines = renderTerminal(small(), { color: false, width: 60 }).split('\n');
    expect(lines.slice(1, 3)).toEqual(['Size       9.00 MB in 3 layers (4.00 MB compressed)', 'Waste      2.02 MB, efficiency 77.6 %']);
  });

  test('--top limits the findings and suggestions listed', () => {
    const out = renderTerminal(small(), { color: false, top: 1 });
    expect(out).toContain('  … 1 more finding (--top N lists more, --verbose all)\n');
    expect(out).not.toContain('apt-lists');
    expect(out).not.toContain('unprivileged');
  });

  test('an image of many layers lists its 19 largest in order and sums up the rest on one line', () => {
    const a = small();
    const many = Array.from({ length: 40 }, (_, i) => layer(i + 2, `RUN step ${i + 2}`, (i + 1) * 1000));
    a.layers = [...a.layers.slice(0, 2), ...many];
    const lines = renderTerminal(a, { color: false }).split('\n');
    const rows = lines.slice(lines.indexOf('Layers (3)') + 2, lines.indexOf('Findings (2, most severe first)') - 1);
    expect(rows).toHaveLength(1 + 19 + 1);
    expect(rows[1]).toBe('   23  22.0 kB                RUN step 23');
    expect(rows.at(-2)).toBe('   41  40.0 kB                RUN step 41');
    // 21 layers of 1 kB … 21 kB: 231 kB.
    expect(rows.at(-1)).toBe('    …   231 kB                21 smaller layers (--verbose lists them)');
  });

  describe.each([60, 80, 100, 200])('at %i columns', (width) => {
    /** Long and hostile text from the image: instructions, paths with control characters and ESC, a wide name. */
    function hostile(): Analysis {
      const a = small();
      const long = `RUN ${'apt-get install -y some-package '.repeat(12)}\u001b[2J\u0007\r\n`;
      a.layers[2] = { ...a.layers[2], instruction: long, dockerfileLine: 12345, dockerfileInstruction: long };
      a.layers[3] = { ...a.layers[3], instruction: `COPY ${'データ'.repeat(40)} /app` };
      a.findings[1] = finding('apt-lists', 'medium', 2_000_000, `var/lib/${'very-long-directory-name/'.repeat(10)}\u001b]0;title\u0007evil\u009b`, 2, { pathCount: 1234, hiddenBy: 3 });
      a.source.reference = `docker-archive:/tmp/${'x'.repeat(300)}.tar`;
      a.image.tags = [`registry.example.com/${'team/'.repeat(30)}app:1.0`, 'app:latest'];
      a.image.config.user = `evil\u001b[31m${'u'.repeat(200)}`;
      a.suggestions[0] = suggestion('apt-cleanup', `Remove ${'lists '.repeat(50)}\u001b[0m`, 2_000_000, 2);
      a.dockerfile = { path: `/work/${'deep/'.repeat(40)}Dockerfile\u001b`, origin: 'flag', matched: 2, proposedDiff: null, dockerignore: [] };
      return a;
    }

    test.each([false, true])('no line is wider (colour %s), and nothing from the image reaches the terminal raw', (color) => {
      const out = renderTerminal(hostile(), { color, width });
      const lines = out.replace(/\n$/, '').split('\n');
      for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(width);
      // The only escapes left are the report's own colours.
      // eslint-disable-next-line no-control-regex
      expect(stripColor(out)).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
      expect(out).toContain('\\x1b');
    });
  });
});
