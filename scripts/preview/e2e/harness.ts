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
