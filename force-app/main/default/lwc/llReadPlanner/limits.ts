/**
 * Recognises the error of an Apex call that ran out of a governor limit.
 * Salesforce fails such a call with System.LimitException, "a runtime
 * exception that can't be handled" (Execution Governors and Limits:
 * https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_gov_limits.htm;
 * its kinds include heap size, CPU time, queries and query rows: Apex
 * Unexpected Exception event type,
 * https://developer.salesforce.com/docs/platform/object-reference/references/eventlogfile-supported-event-types/object-eventlogfile-apexunexpectedexception.html).
 * Which fields the page receives for it is not documented, so both the
 * exception type and the message are read. The Apex services answer
 * `tooBig` before these limits where they can; this is the page's safety net
 * for what they cannot foresee (the heap a page's answer takes).
 */

/** The messages of the limits a smaller page relieves (heap, CPU, queries, query rows). */
const LIMIT_MESSAGE =
  /Apex heap size too large|Apex CPU time limit exceeded|Too many query rows|Too many SOQL queries/i;

/** What an Apex call's error may carry (the platform's shape; every part optional). */
interface ApexErrorShape {
  body?: { exceptionType?: unknown; message?: unknown } | null;
}

/** True when an Apex call failed on a governor limit (see the module comment). */
export function isGovernorLimitError(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const details = (error as ApexErrorShape).body;
  if (details === null || typeof details !== 'object') return false;
  if (details.exceptionType === 'System.LimitException') return true;
  return typeof details.message === 'string' && LIMIT_MESSAGE.test(details.message);
}
