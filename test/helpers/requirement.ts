/**
 * Suites that need a real component (engine, registry, browser): present, they run; absent, they fail in CI
 * (`CI` set, or the component's own IMGDIET_REQUIRE_* variable) with one test that says why, and are skipped
 * elsewhere with a note on stderr. A test of a real component that does not run proves nothing.
 *
 * With IMGDIET_FAST set (`npm run test:fast`) they are skipped, present or not, CI or not: the fast run is the
 * tests that need none of them, and `npm test` stays the one that proves them.
 */
export function isSet(v: string | undefined): boolean {
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

/** The fast run (`npm run test:fast`): suites that need a component are skipped without asking for it. */
export const fastRun = isSet(process.env.IMGDIET_FAST);

/** Whether a missing component must fail the run: in CI, or when `requireVar` is set. */
export function required(requireVar: string): boolean {
  return isSet(process.env.CI) || isSet(process.env[requireVar]);
}

/**
 * `describe` that runs when `missing()` (why the component cannot be used) is empty, else fails (when required) or
 * skips with the reason. The fast run skips it without calling `missing`, which may probe for seconds.
 */
export function describeNeeding(name: string, what: string, missingWhy: () => string, requireVar: string, body: () => void): void {
  if (fastRun) {
    skip(name, `needs ${what} (IMGDIET_FAST is set)`, body);
    return;
  }
  const missing = missingWhy();
  if (!missing) {
    describe(name, body);
    return;
  }
  if (required(requireVar)) {
    describe(name, () => {
      test(`needs ${what} (CI requires it)`, () => {
        throw new Error(missing);
      });
    });
    return;
  }
  skip(name, missing, body);
}

function skip(name: string, why: string, body: () => void): void {
  process.stderr.write(`imgdiet tests: skipping "${name}": ${why}\n`);
  const skipped: 'skip' = 'skip';
  describe[skipped](name, body);
}
