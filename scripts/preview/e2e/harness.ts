/**
 * A small sequential check runner for the browser tests: prints one line per
 * check and ends with "N passed, N failed" alone on a line.
 */

export type Check = { name: string; run: () => Promise<void> };

export interface CheckOutcome {
  name: string;
  passed: boolean;
  ms: number;
  error?: string;
}

/** Throws with a message showing both values when they differ (deep, via JSON). */
export function expectEqual<T>(actual: T, expected: T, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

/** Throws with the message when the condition is false. */
export function expectTrue(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

function describeError(error: unknown): string {
  return error instanceof Error
    ? (error.stack ?? error.message).split('\n').slice(0, 4).join('\n    ')
    : String(error);
}

/**
 * The checks to run: those whose name contains `only` (case-insensitive),
 * or all when `only` is null.
 * @throws Error listing the names when none matches
 */
export function selectChecks(checks: readonly Check[], only: string | null): Check[] {
  if (only === null) return [...checks];
  const wanted = only.toLowerCase();
  const selected = checks.filter((check) => check.name.toLowerCase().includes(wanted));
  if (!selected.length) {
    throw new Error(
      `No browser test name contains "${only}". The tests:\n${checks.map((c) => `  ${c.name}`).join('\n')}`
    );
  }
  return selected;
}

/**
 * The `--only <text>` argument (or the E2E_ONLY variable): run only the
 * checks whose name contains it. Null when neither is given.
 * @throws Error for `--only` without text
 */
export function onlyOption(argv: readonly string[], env: NodeJS.ProcessEnv): string | null {
  const at = argv.indexOf('--only');
  if (at >= 0) {
    const value = argv[at + 1];
    if (value === undefined || value.startsWith('--') || value.trim() === '') {
      throw new Error('--only needs part of a test name, e.g. --only "reclaim policy".');
    }
    return value;
  }
  const fromEnv = env.E2E_ONLY?.trim();
  return fromEnv ? fromEnv : null;
}

/** Runs the checks one after the other; a failing check does not stop the others. */
export async function runChecks(
  checks: readonly Check[],
  log = (line: string) => console.log(line)
): Promise<CheckOutcome[]> {
  const outcomes: CheckOutcome[] = [];
  for (const check of checks) {
    const started = Date.now();
    try {
      await check.run();
      outcomes.push({ name: check.name, passed: true, ms: Date.now() - started });
      log(`  ✓ ${check.name} (${Date.now() - started} ms)`);
    } catch (error) {
      outcomes.push({
        name: check.name,
        passed: false,
        ms: Date.now() - started,
        error: describeError(error)
      });
      log(`  ✗ ${check.name}\n    ${describeError(error)}`);
    }
  }
  const passed = outcomes.filter((outcome) => outcome.passed).length;
  log(`${passed} passed, ${outcomes.length - passed} failed`);
  return outcomes;
}
