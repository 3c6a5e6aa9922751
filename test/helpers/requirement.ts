/**
 * Suites that need a real component (engine, registry, browser): present, they run; absent, they fail in CI
 * (`CI` set, or the component's own IMGDIET_REQUIRE_* variable) with one test that says why, and are skipped
 * elsewhere with a note on stderr. A test of a real component that does not run proves nothing.
 */
export function isSet(v: string | undefined): boolean {
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

/** Whether a missing component must fail the run: in CI, or when `requireVar` is set. */
export function required(requireVar: string): boolean {
  return isSet(process.env.CI) || isSet(process.env[requireVar]);
}

/** `describe` that runs when `missing` is empty, else fails (when required) or skips with the reason. */
export function describeNeeding(name: string, what: string, missing: string, requireVar: string, body: () => void): void {
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
  process.stderr.write(`imgdiet tests: skipping "${name}": ${missing}\n`);
  const skip: 'skip' = 'skip';
  describe[skip](name, body);
}
