/**
 * The page script, inlined into every report. Its source is src/report/html/client/ (plain scripts, type-checked
 * against view.ts by tsconfig.client.json); `npm run build` compiles them into one file, read here once.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ImgdietError } from '../../errors';

const FILE = 'client.js';

/** Beside this module in dist/; from src/ (ts-jest), the build's copy in dist/. */
export function clientScriptPaths(): string[] {
  return [path.join(__dirname, FILE), path.resolve(__dirname, '../../../dist/report/html', FILE)];
}

let cached: string | undefined;

/** The compiled client as it is: function and constant declarations only, nothing runs. */
export function clientScript(): string {
  if (cached === undefined) {
    const file = clientScriptPaths().find((p) => fs.existsSync(p));
    if (!file) {
      // An installation without its build: one line, as every known failure, not a stack trace.
      throw new ImgdietError(
        `The HTML report's page script is missing (looked for ${clientScriptPaths().join(', ')}): run \`npm run build\`, which compiles src/report/html/client with tsconfig.client.json.`,
      );
    }
    cached = fs.readFileSync(file, 'utf8');
  }
  return cached;
}

/** The script the page runs: the client in its own scope, then start(), which draws the page. */
export function pageScript(): string {
  return `(function () {\n${clientScript()}\nstart();\n})();\n`;
}
