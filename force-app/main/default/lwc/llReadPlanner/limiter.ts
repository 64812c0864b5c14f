/**
 * Bounded concurrency: at most `limit` tasks run at once, the others wait in
 * order. The dashboard shares one limiter between the user pages and the
 * login trend, so the page never has more than `limit` Apex calls in flight.
 */

/** Apex calls in flight at once unless told otherwise. */
export const DEFAULT_CONCURRENCY = 4;

/** Runs tasks with bounded concurrency. */
export interface Limiter {
  /** Most tasks running at once. */
  readonly limit: number;
  /** Tasks running now. */
  readonly active: number;
  /** Most tasks that ran at once so far (for tests and benchmarks). */
  readonly peak: number;
  /** Runs the task when a slot is free; settles as the task does. */
  run<T>(task: () => Promise<T>): Promise<T>;
}

/** A limiter of `limit` slots. @throws RangeError unless limit is a whole number of at least 1 */
export function createLimiter(limit: number = DEFAULT_CONCURRENCY): Limiter {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError('The concurrency limit must be a whole number of at least 1.');
  }
  const waiting: Array<() => void> = [];
  let active = 0;
  let peak = 0;

  const release = (): void => {
    active--;
    const next = waiting.shift();
    if (next) next();
  };

  return {
    limit,
    get active() {
      return active;
    },
    get peak() {
      return peak;
    },
    run<T>(task: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const start = (): void => {
          active++;
          peak = Math.max(peak, active);
          let running: Promise<T>;
          try {
            running = task();
          } catch (error) {
            running = Promise.reject(error);
          }
          running.then(resolve, reject).finally(release);
        };
        if (active < limit) start();
        else waiting.push(start);
      });
    }
  };
}
