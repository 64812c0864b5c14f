/**
 * One shape for every failure that comes back from Salesforce or the network,
 * whatever raised it (jsforce REST errors, OAuth errors, fetch errors), plus
 * the advice a person needs to act on it.
 */

/** A normalized failure: the Salesforce errorCode (or network code) and its message. */
export interface SalesforceFailure {
  errorCode: string;
  message: string;
}

/** Error codes meaning "this user may not see or do that". */
const ACCESS_REFUSED_CODES = new Set([
  'INVALID_TYPE',
  'INSUFFICIENT_ACCESS',
  'INSUFFICIENT_ACCESS_OR_READONLY',
  'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY',
  'INSUFFICIENT_PRIVILEGES',
  'API_DISABLED_FOR_ORG',
  'FUNCTIONALITY_NOT_ENABLED'
]);

/** Network-level failures: the request may or may not have reached the org. */
const CONNECTION_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'CONNECTION_LOST'
]);

/** Code of a failure that carries none of its own. */
export const UNKNOWN_ERROR = 'UNKNOWN_ERROR';

/** The daily API request limit is used up. */
export const LIMIT_EXCEEDED_CODE = 'REQUEST_LIMIT_EXCEEDED';

function stringProp(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const prop = (value as Record<string, unknown>)[key];
  return typeof prop === 'string' && prop ? prop : undefined;
}

/** Normalizes anything thrown by jsforce, node-fetch or our own code. */
export function toSalesforceFailure(error: unknown): SalesforceFailure {
  const message = error instanceof Error ? error.message : String(error);
  const networkCode = stringProp(error, 'code');
  if (networkCode && CONNECTION_CODES.has(networkCode)) {
    return { errorCode: 'CONNECTION_LOST', message: `${networkCode}: ${message}` };
  }
  if (stringProp(error, 'name') === 'FetchError') {
    return { errorCode: 'CONNECTION_LOST', message };
  }
  const errorCode = stringProp(error, 'errorCode') ?? stringProp(error, 'name') ?? UNKNOWN_ERROR;
  return { errorCode: errorCode === 'Error' ? UNKNOWN_ERROR : errorCode, message };
}

/** True when the org refused access (missing permission, object not visible). */
export function isAccessRefused(failure: SalesforceFailure): boolean {
  return ACCESS_REFUSED_CODES.has(failure.errorCode);
}

/** True when the connection dropped; the outcome of the last write is unknown. */
export function isConnectionLost(failure: SalesforceFailure): boolean {
  return failure.errorCode === 'CONNECTION_LOST';
}

/** A sentence telling the person what to do about a failure, or undefined. */
export function adviceFor(failure: SalesforceFailure): string | undefined {
  if (failure.errorCode === LIMIT_EXCEEDED_CODE) {
    return 'The org has used up its daily API requests (a rolling 24-hour limit). Try again later, or look at Setup > Company Information > API Requests, Last 24 Hours.';
  }
  if (isConnectionLost(failure)) {
    return 'The connection dropped. The last request may or may not have been applied; re-run the same command: it re-reads the org and skips what is already done.';
  }
  if (failure.errorCode === 'INVALID_SESSION_ID') {
    return 'The session is not valid any more. Log in again (sf org login web -o <alias>) and re-run.';
  }
  if (isAccessRefused(failure)) {
    return 'The user running this lacks a permission for this operation.';
  }
  return undefined;
}

/** "message (CODE)" for one-line reports. */
export function formatFailure(failure: SalesforceFailure): string {
  return failure.errorCode === UNKNOWN_ERROR
    ? failure.message
    : `${failure.message} (${failure.errorCode})`;
}
