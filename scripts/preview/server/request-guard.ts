/**
 * Who may talk to the preview: the checks every request passes before it is
 * routed. The preview listens on 127.0.0.1 only, but a page on another site
 * can still reach it through the user's browser, so:
 *   - the Host header must name this machine (a DNS-rebound name does not);
 *   - an Origin header, when present, must be the preview's own origin;
 *   - Apex calls must be `Content-Type: application/json`, which a cross-site
 *     form or `text/plain` fetch cannot send without a CORS preflight (and the
 *     preview answers no preflight).
 */

/** Host names that reach this machine and nothing else, as a browser writes them. */
const LOOPBACK_HOST = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/i;
const JSON_MEDIA_TYPE = 'application/json';

/** Why a request was refused before routing, or null when it may go on. */
export type Refusal = { status: 400 | 403 | 415; message: string } | null;

/** Whether a Host header names the loopback interface (with or without a port). */
export function isLoopbackHost(host: string | undefined): host is string {
  return typeof host === 'string' && LOOPBACK_HOST.test(host);
}

/**
 * Whether an Origin header is the preview's own origin: `http://` plus the
 * (already checked) Host. Browsers write the origin's host in lower case and
 * leave out the default port, as they do in Host.
 */
export function isOwnOrigin(origin: string, host: string): boolean {
  return origin.toLowerCase() === `http://${host.toLowerCase()}`;
}

/** Whether a Content-Type header is application/json (parameters such as charset allowed). */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  return contentType.split(';')[0].trim().toLowerCase() === JSON_MEDIA_TYPE;
}

/** The request's single value of a header (the first when it is repeated). */
function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Checks Host and Origin for every request, and Content-Type for Apex calls.
 * @param headers the request's headers (node:http lower-cases their names)
 * @param isApexCall whether the request is `POST /apex/...`
 */
export function refusalOf(
  headers: Record<string, string | string[] | undefined>,
  isApexCall: boolean
): Refusal {
  const host = single(headers.host);
  if (!isLoopbackHost(host)) {
    return { status: 403, message: 'The preview answers only to 127.0.0.1, localhost or [::1].' };
  }
  const origin = single(headers.origin);
  if (origin !== undefined && !isOwnOrigin(origin, host)) {
    return { status: 403, message: 'The preview answers only to its own page.' };
  }
  if (isApexCall && !isJsonContentType(single(headers['content-type']))) {
    return { status: 415, message: 'Apex calls must be sent as Content-Type: application/json.' };
  }
  return null;
}
