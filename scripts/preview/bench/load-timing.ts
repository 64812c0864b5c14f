/**
 * `npm run bench:timing [-- --users=100000 --window=90]`: where one dashboard
 * load's time goes at a given size, from the browser's Resource Timing of its
 * getUserPage calls (the second of two loads; the first warms the server's
 * lazy rollups). Prints one line:
 *
 *   timing users=<N> window=<days> pages=<n> first_page_at_ms=<start of the first page>
 *     pages_ms=<first page asked .. last page received> server_ms=<sum of request sent .. first byte>
 *     body_ms=<sum of first byte .. last byte> browser_ms=<sum of last byte .. next page asked>
 *     after_pages_ms=<last page received .. KPI tiles and table painted> mb=<JSON received>
 *
 * and a second line that reads one 2,000-user page's body (about 2.3 MB)
 * in Chromium and in Node, over the same loopback connection, five times each:
 *
 *   body_read mb=<size> chromium_ms=<median> node_ms=<median>
 *
 * The figures explain the benchmark's complete_ms (`npm run bench:preview`);
 * like every benchmark they vary with the machine's load.
 * Progress goes to stderr; only the result lines go to stdout.
 */
import type { Page } from 'playwright-core';
import { launchChromium } from '../e2e/browser';
import { openPage, settleWithin, waitForKpis, waitForTable } from '../e2e/dashboard-page';
import { startPreview } from '../start-preview';
import { median } from './bench-preview';
import { type PageTiming, timingLine } from './timing-line';

const BENCH_NOW = Date.parse('2026-11-23T20:00:00.000Z');
const BENCH_SEED = 42;
const BODY_READS = 5;
const MB = 1e6;
const USER_PAGE = 'LL_InsightsController.getUserPage';

function option(args: string[], name: string, fallback: number): number {
  const value = Number(args.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error('Usage: npm run bench:timing -- [--users=100000] [--window=90]');
  }
  return value;
}

async function pageTimings(page: Page): Promise<PageTiming[]> {
  return page.evaluate((name: string) => {
    return performance
      .getEntriesByType('resource')
      .filter((entry) => entry.name.includes(name))
      .map((entry) => {
        const timing = entry as PerformanceResourceTiming;
        return {
          start: timing.startTime,
          requestStart: timing.requestStart,
          responseStart: timing.responseStart,
          responseEnd: timing.responseEnd,
          bytes: timing.encodedBodySize
        };
      });
  }, USER_PAGE);
}

/** ms to read one user page's body, five times, in the page (Chromium's fetch). */
async function chromiumBodyReads(page: Page, windowDays: number): Promise<number[]> {
  return page.evaluate(
    async ({ name, days, reads }) => {
      const times: number[] = [];
      for (let read = 0; read < reads; read++) {
        // Sequential on purpose: one read at a time, as the planner reads pages.
        const response = await fetch(`/apex/${name}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ pageSize: 2000, windowDays: days })
        });
        const started = performance.now();
        await response.arrayBuffer();
        times.push(performance.now() - started);
      }
      return times;
    },
    { name: USER_PAGE, days: windowDays, reads: BODY_READS }
  );
}

/** The same reads from Node, with the page's origin (the preview refuses foreign origins). */
async function nodeBodyReads(
  url: string,
  windowDays: number
): Promise<{ times: number[]; bytes: number }> {
  const origin = new URL(url).origin;
  const times: number[] = [];
  let bytes = 0;
  for (let read = 0; read < BODY_READS; read++) {
    // Sequential on purpose, as above.
    const response = await fetch(`${origin}/apex/${USER_PAGE}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: origin },
      body: JSON.stringify({ pageSize: 2000, windowDays })
    });
    if (!response.ok) throw new Error(`${USER_PAGE} answered HTTP ${response.status}.`);
    const started = performance.now();
    bytes = (await response.arrayBuffer()).byteLength;
    times.push(performance.now() - started);
  }
  return { times, bytes };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const users = option(args, 'users', 100_000);
  const windowDays = option(args, 'window', 90);
  const preview = await startPreview({
    users,
    seed: BENCH_SEED,
    now: BENCH_NOW,
    port: 0,
    defaultWindowDays: windowDays,
    rollups: true
  });
  const browser = await launchChromium();
  try {
    let line = '';
    for (const pass of ['warm-up', 'measured']) {
      process.stderr.write(`users=${users} window=${windowDays}: ${pass} load\n`);
      // Sequential on purpose: the second load is the one measured.
      const session = await openPage(browser, preview.url);
      try {
        await Promise.all([waitForKpis(session.page), waitForTable(session.page)]);
        const paintedAt = await session.page.evaluate(() => performance.now());
        line = timingLine(users, windowDays, await pageTimings(session.page), paintedAt);
        if (session.problems.length) {
          throw new Error(`The page reported problems: ${session.problems.join('; ')}`);
        }
        if (pass === 'measured') {
          console.log(line);
          const chromium = await chromiumBodyReads(session.page, windowDays);
          const node = await nodeBodyReads(preview.url, windowDays);
          console.log(
            `body_read mb=${(node.bytes / MB).toFixed(2)} ` +
              `chromium_ms=${Math.round(median(chromium))} node_ms=${Math.round(median(node.times))}`
          );
        }
      } finally {
        await session.close();
      }
    }
  } finally {
    await settleWithin(browser.close());
    await preview.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
