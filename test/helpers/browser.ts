/// <reference lib="dom" />
/**
 * Real Chromium for the HTML report tests, driven by playwright-core: the system's browser (`/usr/bin/chromium`, or
 * IMGDIET_CHROMIUM), headless, no sandbox, no network services, a fresh profile per launch.
 *
 * Without Chromium, `describeBrowser` suites are skipped on a developer's machine, but in CI (`CI` set) or with
 * IMGDIET_REQUIRE_BROWSER=1 they fail: a browser test that does not run proves nothing.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, BrowserContext, Page } from 'playwright-core';
import { ROOT } from './cli';
import { removeTemps } from './image-builder';
import { describeNeeding, required } from './requirement';

export const CHROMIUM = process.env.IMGDIET_CHROMIUM || '/usr/bin/chromium';

/** Where screenshots and PDFs go (gitignored). */
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');

export const browserRequired = required('IMGDIET_REQUIRE_BROWSER');

function executable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export const browserAvailable = executable(CHROMIUM);

/**
 * `describe` for suites that need Chromium. Present: runs them. Absent: fails in CI (one test that says why),
 * skips elsewhere with a note on stderr.
 */
export function describeBrowser(name: string, body: () => void): void {
  const why = browserAvailable ? '' : `no Chromium at ${CHROMIUM}: install Debian's chromium (.ci/run does) or set IMGDIET_CHROMIUM to a Chromium binary`;
  describeNeeding(name, 'Chromium', () => why, 'IMGDIET_REQUIRE_BROWSER', body);
}

/** Flags for a browser that talks to nothing but the page it is given. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches Chromium with a fresh profile directory, removed on close. */
export async function launchBrowser(viewport = { width: 1280, height: 900 }): Promise<Browser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'imgdiet-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport,
      offline: true,
    });
    return {
      context,
      close: async () => {
        await context.close();
        fs.rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (err) {
    fs.rmSync(profile, { recursive: true, force: true });
    throw err;
  }
}

/** A report opened in a new tab, with everything it did on the way recorded. */
export interface OpenedReport {
  page: Page;
  url: string;
  /** Every request the page made (URLs), the document's own included. */
  requests: string[];
  /** Console messages of type error or warning, and uncaught exceptions. */
  problems: string[];
  /** Messages of alert/confirm/prompt dialogs that opened (each is dismissed). */
  dialogs: string[];
}

/** Opens an HTML file and waits until its script has drawn the page (`data-ready` on <html>). */
export async function openReport(browser: Browser, file: string): Promise<OpenedReport> {
  const page = await browser.context.newPage();
  const url = pathToFileURL(file).href;
  const opened: OpenedReport = { page, url, requests: [], problems: [], dialogs: [] };
  page.on('request', (r) => opened.requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') opened.problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => opened.problems.push(`uncaught: ${e.message}`));
  page.on('dialog', (d) => {
    opened.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('html[data-ready]', { timeout: 20_000 });
  return opened;
}

/** Writes a full-page screenshot to test-artifacts/NAME and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * For a describeBrowser body: before the tests, `make` writes a page and returns its path, and the page is opened
 * in a fresh Chromium and handed to `opened`; after them, the browser is closed and the temp files removed.
 */
export function withReport(make: () => Promise<string>, opened: (report: OpenedReport) => void): void {
  let browser: Browser | undefined;
  beforeAll(async () => {
    const file = await make();
    browser = await launchBrowser();
    opened(await openReport(browser, file));
  });
  afterAll(async () => {
    await browser?.close();
    removeTemps();
  });
}

/** The rows a table section draws, as its cells' text. */
export async function tableRows(page: Page, sectionId: string): Promise<string[][]> {
  return page.$$eval(`#${sectionId} tbody tr`, (trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')),
  );
}
