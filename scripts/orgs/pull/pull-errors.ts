/**
 * Why a request of the pull did not get an answer, sorted by what the pull
 * does next: an expired login or an unreachable org ends that org's pull, the
 * budget stops it with what it has, a refused query loses one object.
 */

/** Salesforce answered with an error body `[{errorCode, message}]`. */
export class SalesforceError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string
  ) {
    super(message);
  }
}

/** 401 INVALID_SESSION_ID: the sf CLI login expired or was revoked. */
export class ExpiredLoginError extends Error {}

/** The org could not be reached at all (connection refused, DNS, TLS). */
export class UnreachableOrgError extends Error {}

/** The connection dropped more often than the pull retries the same request. */
export class DroppedConnectionError extends Error {}

/** The next request would pass the configured share of DailyApiRequests. */
export class BudgetReachedError extends Error {}

/** A Bulk API 2.0 query job ended Failed or Aborted, or never completed. */
export class QueryJobError extends Error {}

/**
 * The pull's AbortSignal fired (the CLIs abort it on Ctrl-C, SIGINT, and on
 * SIGTERM): the org's pull stops, its open query job is aborted.
 */
export class InterruptedError extends Error {
  constructor(
    /** The process signal behind it, null when the signal was aborted otherwise. */
    readonly signalName: NodeJS.Signals | null = null
  ) {
    super(
      signalName === 'SIGINT'
        ? 'the pull was interrupted (Ctrl-C)'
        : `the pull was interrupted${signalName ? ` (${signalName})` : ''}`
    );
  }
}

/** The InterruptedError an aborted signal stands for (its reason, when it is one). */
export function interruptionOf(signal: AbortSignal): InterruptedError {
  return signal.reason instanceof InterruptedError ? signal.reason : new InterruptedError();
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'CERT_HAS_EXPIRED',
  'UND_ERR_CONNECT_TIMEOUT'
]);

/** The system error code under a fetch failure (fetch wraps it in `cause`). */
export function networkCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/** Whether a network failure means the org cannot be reached (rather than a dropped answer). */
export function isUnreachable(error: unknown): boolean {
  const code = networkCode(error);
  return code !== null && UNREACHABLE_CODES.has(code);
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
