/**
 * Ctrl-C during a pull, for `npm run report` and `npm start -- --target-org`.
 *
 * The first SIGINT (Ctrl-C) or SIGTERM aborts the pull's AbortSignal: the org
 * being pulled stops at once, its open Bulk API 2.0 query job is aborted
 * (PATCH /jobs/query/{id} {"state": "Aborted"}, Abort a Query Job,
 * https://developer.salesforce.com/docs/platform/api-asynch/guide/query-abort-job.md;
 * see scripts/orgs/pull/queries.ts), the orgs after it are not pulled, and the
 * CLI writes nothing (no report, no preview served, no partial cache file)
 * and exits with INTERRUPT_EXIT. A second signal exits at once.
 */
import { interruptionOf, InterruptedError } from '../pull/pull-errors';
import type { PulledOrg } from './pulled-org';

/** The signals that interrupt a pull. */
export type InterruptSignal = 'SIGINT' | 'SIGTERM';

/**
 * Exit codes after an interrupted pull: 128 + the signal's number, as shells
 * report a process a signal ended (SIGINT 2, SIGTERM 15).
 */
export const INTERRUPT_EXIT: Record<InterruptSignal, number> = { SIGINT: 130, SIGTERM: 143 };

/** The exit code for the signal behind an interruption (an AbortSignal aborted in code: SIGINT's). */
export function interruptExitCode(signalName: NodeJS.Signals | null): number {
  return signalName === 'SIGTERM' ? INTERRUPT_EXIT.SIGTERM : INTERRUPT_EXIT.SIGINT;
}

/** What a signal is called on the terminal. */
function signalLabel(signalName: NodeJS.Signals | null): string {
  if (signalName === 'SIGINT') return 'Ctrl-C';
  return signalName ?? 'interrupted';
}

/** One line per org: stopped (with its query jobs), not pulled, or pulled before the interruption. */
export function interruptionLines(pulls: readonly PulledOrg[]): string[] {
  const lines: string[] = [];
  for (const pull of pulls) {
    const jobs = (pull.abandonedJobs ?? []).map((job) =>
      job.aborted
        ? `Bulk API 2.0 query job ${job.id} aborted`
        : `Bulk API 2.0 query job ${job.id} could not be aborted (${job.reason}): it runs on in the org until it ends`
    );
    if (!pull.interrupted) {
      lines.push(`${pull.org}: pulled (${pull.status}) before the interruption`);
    } else if (pull.apiCalls === 0) {
      lines.push(`${pull.org}: not pulled`);
    } else {
      lines.push(
        `${pull.org}: stopped after ${pull.apiCalls} API requests; ${jobs.length ? jobs.join('; ') : 'no query job was open'}`
      );
    }
  }
  return lines;
}

/**
 * The pull was interrupted: nothing is written or served. Carries the pulls
 * (what each org got to) and the exit code.
 */
export class PullsInterrupted extends Error {
  readonly exitCode: number;

  constructor(
    readonly pulls: readonly PulledOrg[],
    readonly signalName: NodeJS.Signals | null
  ) {
    super(
      [
        `Interrupted (${signalLabel(signalName)}): nothing was written; no partial cache file is left.`,
        ...interruptionLines(pulls).map((line) => `  ${line}`)
      ].join('\n')
    );
    this.name = 'PullsInterrupted';
    this.exitCode = interruptExitCode(signalName);
  }
}

/** Throws PullsInterrupted when `signal` has fired. */
export function throwIfPullInterrupted(
  pulls: readonly PulledOrg[],
  signal: AbortSignal | undefined
): void {
  if (signal?.aborted) throw new PullsInterrupted(pulls, interruptionOf(signal).signalName);
}

/** Where the signals come from (the process; an EventEmitter in tests). */
export interface SignalSource {
  on(event: InterruptSignal, listener: () => void): unknown;
  removeListener(event: InterruptSignal, listener: () => void): unknown;
}

/** Listening for Ctrl-C while a pull runs. */
export interface InterruptWatch {
  /** Fires on the first SIGINT or SIGTERM; its reason is an InterruptedError naming the signal. */
  readonly signal: AbortSignal;
  /** Stops listening: the process's default handling comes back. */
  dispose(): void;
}

/**
 * Listens for SIGINT and SIGTERM: the first aborts `signal` and says so on
 * stderr; the second exits at once with its exit code.
 */
export function watchInterrupts(
  io: { stderr: (text: string) => void; exit: (code: number) => void },
  source: SignalSource = process
): InterruptWatch {
  const controller = new AbortController();
  const listeners = (['SIGINT', 'SIGTERM'] as const).map((name) => {
    const listener = () => {
      if (controller.signal.aborted) {
        io.stderr(
          `\n${signalLabel(name)} again: quitting at once; a Bulk API 2.0 query job still open runs on in its org until it ends.\n`
        );
        io.exit(INTERRUPT_EXIT[name]);
        return;
      }
      io.stderr(
        `\n${signalLabel(name)}: stopping the pull and aborting its open Bulk API 2.0 query jobs (press Ctrl-C again to quit at once)...\n`
      );
      controller.abort(new InterruptedError(name));
    };
    source.on(name, listener);
    return { name, listener };
  });
  return {
    signal: controller.signal,
    dispose: () => {
      for (const { name, listener } of listeners) source.removeListener(name, listener);
    }
  };
}
