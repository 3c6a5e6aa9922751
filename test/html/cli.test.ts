/**
 * `imgdiet analyze REF --html FILE` on the built binary: the report goes to FILE, whole (written beside it and
 * renamed), and stdout carries what it carries without --html. A FILE that cannot be written fails before the
 * image is read.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expectOneLineError, runCli, SAMPLE_TAR } from '../helpers/cli';
import { removeTemps, tempDir } from '../helpers/image-builder';

afterAll(removeTemps);

describe('imgdiet analyze --html', () => {
  test('writes one self-contained file and leaves stdout as it is', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'report.html');
    const [plain, withHtml] = await Promise.all([runCli(['analyze', SAMPLE_TAR]), runCli(['analyze', SAMPLE_TAR, '--html', out])]);
    expect(withHtml).toEqual({ code: 0, stdout: plain.stdout, stderr: '' });
    expect(fs.readdirSync(dir)).toEqual(['report.html']);
    const html = fs.readFileSync(out, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    // Nothing outside the file: no URL to fetch anything from.
    expect(html).not.toMatch(/\b(src|href)=["']?(https?:|\/\/|file:)/i);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html).toContain('default-src &#39;none&#39;');
  });

  test('with --json: the JSON on stdout, the page in the file; an existing file is replaced', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'r.html');
    fs.writeFileSync(out, 'old');
    const r = await runCli(['analyze', SAMPLE_TAR, '--json', '--html', out]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).totals.layerBytes).toBe(2_569_368);
    expect(fs.readFileSync(out, 'utf8')).toContain('imgdiet-data');
    expect(fs.readdirSync(dir)).toEqual(['r.html']);
  });

  test('a file in a missing directory is a usage error, found before the image is read', async () => {
    const r = await runCli(['analyze', 'docker-archive:/no/such/image.tar', '--html', '/no/such/dir/report.html']);
    expect(expectOneLineError(r)).toBe('imgdiet: --html /no/such/dir/report.html: no such directory: /no/such/dir; name a file in a directory that exists');
  });

  test('a directory is not a file', async () => {
    const dir = tempDir();
    const r = await runCli(['analyze', SAMPLE_TAR, '--html', dir]);
    expect(expectOneLineError(r)).toBe(`imgdiet: --html ${dir}: is a directory; name a file`);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('imgdiet diff --html', () => {
  test('writes the diff page and leaves stdout as it is', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'diff.html');
    const [plain, withHtml] = await Promise.all([runCli(['diff', SAMPLE_TAR, SAMPLE_TAR]), runCli(['diff', SAMPLE_TAR, SAMPLE_TAR, '--html', out])]);
    expect(withHtml).toEqual({ code: 0, stdout: plain.stdout, stderr: '' });
    expect(fs.readdirSync(dir)).toEqual(['diff.html']);
    expect(fs.readFileSync(out, 'utf8')).toContain('<title>imgdiet/sample:1.0 → imgdiet/sample:1.0 · image diff</title>');
  });

  test('a file in a missing directory is a usage error, found before either image is read', async () => {
    const r = await runCli(['diff', 'docker-archive:/no/old.tar', 'docker-archive:/no/new.tar', '--html', '/no/such/dir/d.html']);
    expect(expectOneLineError(r)).toBe('imgdiet: --html /no/such/dir/d.html: no such directory: /no/such/dir; name a file in a directory that exists');
  });
});
