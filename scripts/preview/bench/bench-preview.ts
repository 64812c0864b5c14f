/**
 * `npm run bench:preview [-- --sizes=1000,10000,50000 --runs=3]`: how fast the
 * dashboard comes up in headless Chromium over demo orgs of several sizes.
 * For each size it starts the preview, loads the page `runs` times in a fresh
 * browser context (nothing cached), after one unmeasured warm-up load (a cold
 * browser and server otherwise make the first run an outlier: the in-page
 * frame probe can start after the cards are already in), and prints one line:
 *
 *   preview users=<N> kpi_ms=<median> table_ms=<median>
 *
 * kpi_ms: from navigation start (performance.timeOrigin) until the first
 * animation frame in which the KPI tiles are in the page (the frame that
 * paints them), i.e. every user page was read and the analytics ran.
 * table_ms: the same for the first row of the users table.
 * Both are read inside the page (requestAnimationFrame polling), so neither
 * the test driver's polling interval nor a busy main thread after that frame
 * counts.
 * Progress goes to stderr; only the result lines go to stdout.
 */
import type { Browser, Page } from 'playwright-core';
import { startPreview } from '../start-preview';
import { launchChromium } from '../e2e/browser';
import {
  CARD_TIMEOUT_MS,
  openPage,
  SELECTORS,
  settleWithin,
  waitForKpis,
  waitForTable
} from '../e2e/dashboard-page';

export const DEFAULT_SIZES = [1_000, 10_000, 50_000];
export const DEFAULT_RUNS = 3;
/** The demo orgs are pinned in time, so every run reads the same data. */
const BENCH_NOW = Date.parse('2026-11-23T20:00:00.000Z');
const BENCH_SEED = 42;

interface BenchOptions {
  sizes: number[];
  runs: number;
}

function parseOptions(args: string[]): BenchOptions {
  const value = (name: string) => args.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
  const sizes = value('sizes')?.split(',').map(Number) ?? DEFAULT_SIZES;
  const runs = Number(value('runs') ?? DEFAULT_RUNS);
  if (
    sizes.some((size) => !Number.isInteger(size) || size < 1) ||
    !Number.isInteger(runs) ||
    runs < 1
  ) {
    throw new Error('Usage: npm run bench:preview -- [--sizes=1000,10000,50000] [--runs=3]');
  }
  return { sizes, runs };
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
  tableRow: '//c-ll-user-table//lightning-datatable//tbody//tr'
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

/** One page load: ms from navigation start to KPIs and to the first table row. */
async function measureLoad(
  browser: Browser,
  url: string
): Promise<{ kpiMs: number; tableMs: number }> {
  const session = await openPage(browser, url);
  try {
    const [kpiMs, tableMs] = await Promise.all([
      frameShowing(session.page, XPATHS.kpiTiles),
      frameShowing(session.page, XPATHS.tableRow)
    ]);
    await waitForKpis(session.page);
    await waitForTable(session.page);
    if (session.problems.length)
      throw new Error(`The page reported problems: ${session.problems.join('; ')}`);
    if (await session.page.$(SELECTORS.windowCut))
      process.stderr.write('  (login window narrowed by the row budget)\n');
    return { kpiMs, tableMs };
  } finally {
    await session.close();
  }
}

async function benchSize(browser: Browser, users: number, runs: number): Promise<string> {
  const preview = await startPreview({ users, seed: BENCH_SEED, now: BENCH_NOW, port: 0 });
  try {
    process.stderr.write(`users=${users}: ${preview.data.logins.size} logins in the demo org\n`);
    await measureLoad(browser, preview.url);
    const kpi: number[] = [];
    const table: number[] = [];
    for (let run = 0; run < runs; run++) {
      const { kpiMs, tableMs } = await measureLoad(browser, preview.url);
      process.stderr.write(
        `  run ${run + 1}: kpi ${Math.round(kpiMs)} ms, table ${Math.round(tableMs)} ms\n`
      );
      kpi.push(kpiMs);
      table.push(tableMs);
    }
    return `preview users=${users} kpi_ms=${Math.round(median(kpi))} table_ms=${Math.round(median(table))}`;
  } finally {
    await preview.close();
  }
}

async function main(): Promise<void> {
  const { sizes, runs } = parseOptions(process.argv.slice(2));
  const browser = await launchChromium();
  try {
    for (const users of sizes) console.log(await benchSize(browser, users, runs));
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
