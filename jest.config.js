const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/**
 * `npm test` runs every test. `npm run test:fast` sets IMGDIET_FAST=1: the tests that need no Docker engine, no
 * registry and no browser. A test file whose every top-level block is describeEngine, describeRegistry or
 * describeBrowser (test/helpers/) is left out; in the files that remain, such blocks skip (test/helpers/requirement.ts).
 */
const FAST = process.env.IMGDIET_FAST;
// As isSet in test/helpers/requirement.ts, so that the files left out and the blocks skipped agree.
const fast = FAST !== undefined && FAST !== '' && FAST !== '0' && FAST.toLowerCase() !== 'false';

const NEEDS_COMPONENT = /^describe(Engine|Registry|Browser)\(/;
/** A top-level block: a call at the start of a line (the test files are formatted). */
const TOP_LEVEL_BLOCK = /^(describe|test|it)\w*[.(]/;

function needsComponentOnly(file) {
  const blocks = fs.readFileSync(path.join(__dirname, file), 'utf8').split('\n').filter((line) => TOP_LEVEL_BLOCK.test(line));
  return blocks.length > 0 && blocks.every((line) => NEEDS_COMPONENT.test(line));
}

/** Exact paths as patterns: `<rootDir>/test/engine/x\.test\.ts$`. */
function componentOnlyPatterns() {
  return fs
    .readdirSync(path.join(__dirname, 'test'), { recursive: true, encoding: 'utf8' })
    .map((file) => path.join('test', file))
    .filter((file) => file.endsWith('.test.ts') && needsComponentOnly(file))
    .map((file) => `<rootDir>/${file.split(path.sep).join('/').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 120000,
  setupFiles: ['<rootDir>/test/helpers/no-internet.ts'],
  ...(fast && {
    testPathIgnorePatterns: ['/node_modules/', ...componentOnlyPatterns()],
    // Two workers even on two CPUs (jest would run in band): one file's waits on sockets and timers overlap another's work.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
  }),
};
