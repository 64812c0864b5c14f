/**
 * The result line of `npm run bench:timing` (load-timing.ts), kept apart from
 * the browser so it can be tested alone.
 */

const MB = 1e6;

/** One getUserPage call as the browser's Resource Timing saw it (ms since navigation). */
export interface PageTiming {
  start: number;
  requestStart: number;
  responseStart: number;
  responseEnd: number;
  bytes: number;
}

/** The line for one load (see load-timing.ts). */
export function timingLine(
  users: number,
  windowDays: number,
  pages: readonly PageTiming[],
  paintedAt: number
): string {
  if (!pages.length) throw new Error('The load made no getUserPage call.');
  const sorted = [...pages].sort((a, b) => a.start - b.start);
  let server = 0;
  let body = 0;
  let browser = 0;
  sorted.forEach((timing, index) => {
    server += timing.responseStart - timing.requestStart;
    body += timing.responseEnd - timing.responseStart;
    if (index > 0) browser += Math.max(0, timing.start - sorted[index - 1].responseEnd);
  });
  const last = Math.max(...sorted.map((timing) => timing.responseEnd));
  const bytes = sorted.reduce((sum, timing) => sum + timing.bytes, 0);
  const ms = (value: number) => Math.round(value);
  return (
    `timing users=${users} window=${windowDays} pages=${sorted.length} ` +
    `first_page_at_ms=${ms(sorted[0].start)} pages_ms=${ms(last - sorted[0].start)} ` +
    `server_ms=${ms(server)} body_ms=${ms(body)} browser_ms=${ms(browser)} ` +
    `after_pages_ms=${ms(paintedAt - last)} mb=${(bytes / MB).toFixed(1)}`
  );
}
