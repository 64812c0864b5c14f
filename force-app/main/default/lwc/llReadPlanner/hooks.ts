/**
 * What a read tells its caller while it runs, and how the caller stops it.
 */
import type { Limiter } from './limiter';

/** Progress after every answered call. */
export interface ReadProgress {
  /** 'users': the user pages; 'logins': the login trend. */
  phase: 'users' | 'logins';
  /** Users read in full so far (always 0 for 'logins'). */
  usersRead: number;
  /**
   * Days settled so far: for 'logins' days of the window answered or given up
   * as gaps; for 'users' days answered for the page being read.
   */
  daysRead: number;
  /** Days of the window; 0 until the first answer names it. */
  daysTotal: number;
  /** Calls made so far by this read, too-big answers included. */
  calls: number;
}

/** Callbacks and shared resources of a read; every member is optional. */
export interface ReadHooks {
  onProgress?(progress: ReadProgress): void;
  /**
   * Asked before every call: true stops the read (no further call is made;
   * calls in flight finish) and it returns what it read, `cancelled`.
   */
  shouldStop?(): boolean;
  /** Shared bounded concurrency; a new limiter of DEFAULT_CONCURRENCY when absent. */
  limiter?: Limiter;
}

/**
 * How often the page shows a read's progress at most. Every shown figure
 * re-renders the dashboard's header (and the browser lays out and paints the
 * page): at 100,000 users that cost about 0.5 s of a load when each of the
 * 46 pages was shown (`npm run bench:preview`, 100k users / 90 days: 4.7–5.0 s
 * with every page shown, 4.3 s without).
 */
export const PROGRESS_INTERVAL_MS = 300;

/**
 * Passes on the first progress and then at most one every intervalMs; the
 * ones in between are dropped (the next one shown carries the newer figures,
 * and the read's result replaces them all).
 */
export function throttleProgress(
  show: (progress: ReadProgress) => void,
  intervalMs: number = PROGRESS_INTERVAL_MS,
  now: () => number = Date.now
): (progress: ReadProgress) => void {
  let shownAt = -Infinity;
  return (progress) => {
    const at = now();
    if (at - shownAt < intervalMs) return;
    shownAt = at;
    show(progress);
  };
}
