/**
 * `npm run bench:preview [-- --sizes=1000,10000,50000,100000 --windows=30,90 --runs=3 --no-rollups]`:
 * how completely and how fast the dashboard comes up in headless Chromium over
 * demo orgs of several sizes and login windows. For each size and window it
 * starts the preview, loads the page `runs` times in a fresh browser context
 * (nothing cached), after one unmeasured warm-up load (a cold browser and
 * server otherwise make the first run an outlier), and prints one line:
 *
 *   preview users=<N> window=<days> covered=<days> calls=<apex calls> max_rows=<most rows one call touched> kpi_ms=<median> complete_ms=<median>
 *
 * covered: the days of the window the page says it covers for every user and
 * the trend (the read planner's merged coverage: the dashboard's login-coverage
 * line, whose covered days leave out any day missing for anyone); calls: Apex
 * calls of one load, retries and split slices included; max_rows: the most
 * query rows one call touched (the limit is 50,000), from the preview's local
 * controller, which enforces one Apex transaction's limits. A load in which
 * any call failed (HTTP 500 from a limit) stops the benchmark.
 * kpi_ms: from navigation start (performance.timeOrigin) until the first
 * animation frame in which the KPI tiles are in the page (the frame that
 * paints them), i.e. every user page was read and the analytics ran.
 * complete_ms: the same for the first frame showing both the first row of the
 * users table and the login trend.
 * Both are read inside the page (requestAnimationFrame polling), so neither
 * the test driver's polling interval nor a busy main thread after that frame
 * counts.
 * Progress goes to stderr; only the result lines go to stdout.
 */
import type { Browser, Page } from 'playwright-core';
import type { ApexCallUse } from '../controller/local-controller';
import { startPreview } from '../start-preview';
import { launchChromium } from '../e2e/browser';
import {
  CARD_TIMEOUT_MS,
  openPage,
  readLoginCoverage,
  SELECTORS,
  settleWithin,
  waitForKpis,
  waitForTable
} from '../e2e/dashboard-page';

export const DEFAULT_SIZES = [1_000, 10_000, 50_000, 100_000];
export const DEFAULT_WINDOWS = [30, 90];
export const DEFAULT_RUNS = 3;
/** The demo orgs are pinned in time, so every run reads the same data. */
const BENCH_NOW = Date.parse('2026-11-23T20:00:00.000Z');
const BENCH_SEED = 42;

interface BenchOptions {
  sizes: number[];
  windows: number[];
  runs: number;
  /** false with --no-rollups: the demo org without its nightly rollups (every day read live). */
  rollups: boolean;
}

function parseOptions(args: string[]): BenchOptions {
  const value = (name: string) => args.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
  const sizes = value('sizes')?.split(',').map(Number) ?? DEFAULT_SIZES;
  const windows = value('windows')?.split(',').map(Number) ?? DEFAULT_WINDOWS;
  const runs = Number(value('runs') ?? DEFAULT_RUNS);
  const whole = (n: number) => Number.isInteger(n) && n >= 1;
  if (!sizes.every(whole) || !windows.every(whole) || !whole(runs)) {
    throw new Error(
      'Usage: npm run bench:preview -- [--sizes=1000,10000,50000,100000] [--windows=30,90] [--runs=3] [--no-rollups]'
    );
  }
  return { sizes, windows, runs, rollups: !args.includes('--no-rollups') };
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * SELECTORS.kpiTiles and SELECTORS.tableRow as XPath: synthetic shadow hides
 * component internals from the page's own querySelector (Playwright's engine
 * pierces it), not from document.evaluate.
 */
export const XPATHS = {
  kpiTiles: '//c-ll-kpi-tiles//*[@data-id="tiles"]',
  complete:
    '(//c-ll-user-table//c-ll-data-table//tbody//tr)[1][//c-ll-login-trend//*[@data-id="summary" or @data-id="empty"]]'
} as const;

/**
 * performance.now() of the first animation frame in which the XPath matches,
 * measured in the page (navigation start is 0).
 */
async function frameShowing(page: Page, xpath: string): Promise<number> {
  const handle = await page.waitForFunction(
    (wanted: string) =>
      document.evaluate(wanted, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null)
        .singleNodeValue
        ? performance.now()
        : 0,
    xpath,
    { polling: 'raf', timeout: CARD_TIMEOUT_MS }
  );
  return (await handle.jsonValue()) as number;
}

/** One page load: ms from navigation start to KPIs and to the complete page, and the days covered. */
async function measureLoad(
  browser: Browser,
  url: string
): Promise<{ kpiMs: number; completeMs: number; covered: number }> {
  const session = await openPage(browser, url);
  try {
    const [kpiMs, completeMs] = await Promise.all([
      frameShowing(session.page, XPATHS.kpiTiles),
      frameShowing(session.page, XPATHS.complete)
    ]);
    await waitForKpis(session.page);
    await waitForTable(session.page);
    const coverage = await readLoginCoverage(session.page);
    const covered = coverage.coveredDays;
    if (session.problems.length)
      throw new Error(`The page reported problems: ${session.problems.join('; ')}`);
    return { kpiMs, completeMs, covered };
  } finally {
    await session.close();
  }
}

/** What the Apex calls of one load did. */
class LoadUse {
  calls = 0;
  maxRows = 0;
  covered = Number.POSITIVE_INFINITY;

  record(use: ApexCallUse | null): void {
    this.calls += 1;
    if (!use) return;
    this.maxRows = Math.max(this.maxRows, use.maxQueryRows);
  }
}

async function benchSize(
  browser: Browser,
  users: number,
  windowDays: number,
  runs: number,
  rollups: boolean
): Promise<string> {
  let load = new LoadUse();
  const preview = await startPreview({
    users,
    seed: BENCH_SEED,
    now: BENCH_NOW,
    port: 0,
    defaultWindowDays: windowDays,
    rollups,
    observeApex: (_name, use) => load.record(use)
  });
  try {
    process.stderr.write(
      `users=${users} window=${windowDays}: ${preview.data.logins.size} logins in the demo org\n`
    );
    await measureLoad(browser, preview.url);
    const kpi: number[] = [];
    const complete: number[] = [];
    const loads: LoadUse[] = [];
    for (let run = 0; run < runs; run++) {
      load = new LoadUse();
      const { kpiMs, completeMs, covered } = await measureLoad(browser, preview.url);
      load.covered = covered;
      loads.push(load);
      process.stderr.write(
        `  run ${run + 1}: kpi ${Math.round(kpiMs)} ms, complete ${Math.round(completeMs)} ms, ${load.calls} calls\n`
      );
      kpi.push(kpiMs);
      complete.push(completeMs);
    }
    const covered = Math.min(...loads.map((l) => l.covered));
    const calls = Math.max(...loads.map((l) => l.calls));
    const maxRows = Math.max(...loads.map((l) => l.maxRows));
    return (
      `preview users=${users} window=${windowDays} covered=${Number.isFinite(covered) ? covered : 0} ` +
      `calls=${calls} max_rows=${maxRows} kpi_ms=${Math.round(median(kpi))} complete_ms=${Math.round(median(complete))}`
    );
  } finally {
    await preview.close();
  }
}

async function main(): Promise<void> {
  const { sizes, windows, runs, rollups } = parseOptions(process.argv.slice(2));
  const browser = await launchChromium();
  try {
    for (const users of sizes) {
      for (const windowDays of windows) {
        console.log(await benchSize(browser, users, windowDays, runs, rollups));
      }
    }
  } finally {
    await settleWithin(browser.close());
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
