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
