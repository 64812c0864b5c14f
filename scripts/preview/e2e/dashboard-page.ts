/**
 * The preview page as the browser tests and the benchmark see it: opening it
 * while recording console errors, page errors and failed requests, and reading
 * or driving the dashboard's cards. Synthetic shadow keeps every element in
 * the document, so plain CSS selectors reach into the components.
 */
import type { Browser, Page } from 'playwright-core';

/** How long the page may take to show a card (large demo orgs take longer). */
export const CARD_TIMEOUT_MS = 120_000;

export const SELECTORS = {
  kpiTiles: 'c-ll-kpi-tiles [data-id="tiles"]',
  kpiTile: 'c-ll-kpi-tiles li[data-id]',
  licenseRow: 'c-ll-license-utilization li[data-id="row"]',
  tableRow: 'c-ll-user-table c-ll-data-table tbody tr',
  pagerSummary: 'c-ll-user-table [data-id="pager-summary"]',
  exportButton: 'c-ll-user-table lightning-button[data-id="export"] button',
  loginCoverage: 'c-ll-dashboard [data-id="login-coverage"]',
  dataProblems: '#preview-banner [data-id="data-problems"]',
  errorPanel: '[data-id="error-panel"]',
  slds: 'link[href*="salesforce-lightning-design-system"]'
} as const;

/** A page plus what went wrong while it ran. */
export interface PageSession {
  page: Page;
  /** Console errors, uncaught page errors and HTTP responses >= 400. */
  problems: string[];
  close(): Promise<void>;
}

/** How long closing a page may take before the test gives up on it. */
const CLOSE_TIMEOUT_MS = 10_000;

/** Resolves when the promise settles or after ms, whichever comes first. */
export function settleWithin(promise: Promise<unknown>, ms = CLOSE_TIMEOUT_MS): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    promise
      .then(
        () => resolve(),
        () => resolve()
      )
      .finally(() => clearTimeout(timer));
  });
}

const HTTP_ERROR = 400;

/**
 * Opens a fresh page on url, recording problems from the start.
 * @param options fixedTime: the browser's Date.now() (epoch ms), for a preview
 *   whose clock was moved (timers still run)
 */
export async function openPage(
  browser: Browser,
  url: string,
  options: { fixedTime?: number } = {}
): Promise<PageSession> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true
  });
  const page = await context.newPage();
  if (options.fixedTime !== undefined) await page.clock.setFixedTime(options.fixedTime);
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= HTTP_ERROR)
      problems.push(`HTTP ${response.status()} ${response.url()}`);
  });
  await page.goto(url);
  return { page, problems, close: () => settleWithin(context.close()) };
}

export async function waitForKpis(page: Page): Promise<void> {
  await page.waitForSelector(SELECTORS.kpiTiles, { timeout: CARD_TIMEOUT_MS });
}

export async function waitForTable(page: Page): Promise<void> {
  await page.waitForSelector(SELECTORS.tableRow, { timeout: CARD_TIMEOUT_MS });
}

/**
 * The KPI tiles as { key: shown text }. innerText, not textContent: synthetic
 * shadow hides the text of nested components (lightning-formatted-number) from
 * textContent.
 */
export function readTiles(page: Page): Promise<Record<string, string>> {
  return page.$$eval(SELECTORS.kpiTile, (tiles) =>
    Object.fromEntries(
      tiles.map((tile) => [
        (tile as HTMLElement).dataset.id ?? '',
        (tile.querySelector('[data-id="value"]') as HTMLElement | null)?.innerText.trim() ?? ''
      ])
    )
  );
}

/** Icons lightning-icon drew (an SVG with a path and a size, so SLDS styled it). */
export function countDrawnIcons(page: Page): Promise<number> {
  return page.$$eval(
    'lightning-primitive-icon svg.slds-icon',
    (icons) =>
      icons.filter((icon) => icon.querySelector('path') && icon.getBoundingClientRect().width > 0)
        .length
  );
}

/** The license card's rows as "label: summary", in page order. */
export function readLicenseRows(page: Page): Promise<string[]> {
  return page.$$eval(SELECTORS.licenseRow, (rows) =>
    rows.map(
      (row) =>
        `${row.querySelector('[data-id="label"]')?.textContent?.trim()}: ${row.querySelector('[data-id="summary"]')?.textContent?.trim()}`
    )
  );
}

export async function readPagerSummary(page: Page): Promise<string> {
  return ((await page.textContent(SELECTORS.pagerSummary)) ?? '').trim();
}

const POLL_MS = 100;

/** Polls read() until it returns something other than before; throws after the card timeout. */
export async function waitUntilChanged<T>(read: () => Promise<T>, before: T): Promise<T> {
  const deadline = Date.now() + CARD_TIMEOUT_MS;
  for (;;) {
    const now = await read();
    if (JSON.stringify(now) !== JSON.stringify(before)) return now;
    if (Date.now() > deadline)
      throw new Error(`Still ${JSON.stringify(before)} after ${CARD_TIMEOUT_MS} ms.`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Picks an option of a filter-bar combobox (field: department, division, profile, ...). */
export async function selectFilter(page: Page, field: string, value: string): Promise<void> {
  const combobox = `c-ll-filter-bar lightning-combobox[data-id="${field}"]`;
  await page.click(`${combobox} button`);
  await page.click(`${combobox} lightning-base-combobox-item[data-value="${value}"]`);
}

/** The dashboard's login-coverage line, as its data attributes state it. */
export interface LoginCoverageShown {
  coveredDays: number;
  requestedDays: number;
  usersRead: number;
  /** Every day for every user and the whole trend: no gap, no cancel, no cap. */
  complete: boolean;
  text: string;
}

/** Waits for the login-coverage line (it appears once every login read has ended) and reads it. */
export async function readLoginCoverage(page: Page): Promise<LoginCoverageShown> {
  const element = await page.waitForSelector(SELECTORS.loginCoverage, {
    timeout: CARD_TIMEOUT_MS
  });
  const number = async (name: string) => {
    const value = Number(await element.getAttribute(name));
    if (!Number.isInteger(value)) throw new Error(`The login-coverage line has no ${name}.`);
    return value;
  };
  return {
    coveredDays: await number('data-covered-days'),
    requestedDays: await number('data-requested-days'),
    usersRead: await number('data-users-read'),
    complete: (await element.getAttribute('data-complete')) === 'true',
    text: ((await element.textContent()) ?? '').trim()
  };
}

/** Clicks the user table's export button; resolves the downloaded file's name, text and bytes. */
export async function exportCsv(
  page: Page
): Promise<{ fileName: string; text: string; bytes: Buffer }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click(SELECTORS.exportButton)
  ]);
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  return { fileName: download.suggestedFilename(), text: bytes.toString('utf8'), bytes };
}
