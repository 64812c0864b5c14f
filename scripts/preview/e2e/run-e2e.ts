/**
 * `npm run test:e2e`: starts the preview on a free port over a pinned demo
 * org, drives it in headless Chromium and checks what the page shows against
 * figures computed from the raw demo records. Saves artifacts/preview.png.
 * Ends with "N passed, N failed"; exits non-zero when a check fails.
 *
 * `npm run test:e2e -- --only <text>` (or E2E_ONLY=<text>) runs only the
 * checks whose name contains the text, e.g. `--only "reclaim policy"`;
 * `--help` lists the checks.
 *
 * Dashboard checks (KPIs, filters, table, CSV) need the root c/llDashboard;
 * with the fallback root only the page, license and broken-data checks run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { PROJECT_ROOT } from '../../lib/paths';
import { DASHBOARD_BUNDLE } from '../build/build-bundle';
import { readOrgMetadata, type OrgMetadata } from '../controller/custom-metadata';
import { EXPORT_FILES } from '../data/sf-export-format';
import { createDemoOrg, type DemoOrg } from '../demo-org/demo-org';
import { writeDemoExport } from '../demo-org/export-demo-org';
import { startPreview, type RunningPreview } from '../start-preview';
import { launchChromium } from './browser';
import {
  countDrawnIcons,
  exportCsv,
  settleWithin,
  openPage,
  readLicenseRows,
  readLoginCoverage,
  readPagerSummary,
  readTiles,
  SELECTORS,
  selectFilter,
  waitForKpis,
  waitForTable,
  waitUntilChanged,
  type PageSession
} from './dashboard-page';
import {
  expectedAnalysis,
  expectedInputs,
  expectedLicenseRows,
  expectedTable,
  seatsFromRecords,
  type ExpectedInputs
} from './expected';
import {
  expectEqual,
  expectTrue,
  onlyOption,
  runChecks,
  selectChecks,
  type Check
} from './harness';
import { policyFlowCheck } from './policy-flow';
import type {
  DashboardKpis,
  OrgAnalysis
} from '../../../force-app/main/default/lwc/llAnalytics/llAnalytics';

/** The demo org the checks run on: small enough that no login window is narrowed. */
export const E2E_DEMO = { users: 1000, seed: 42, now: Date.parse('2026-11-23T20:00:00.000Z') };
/** The broken export: a tiny demo org with one unreadable file and two bad records. */
const BROKEN_DEMO = { users: 60, seed: 7, now: E2E_DEMO.now };
const BROKEN_USER_RECORDS = 2;
export const SCREENSHOT = path.join(PROJECT_ROOT, 'artifacts', 'preview.png');
/** A department of the demo org to filter on. */
const FILTER_DEPARTMENT = 'Sales';

/** Tile keys and the KPI each shows (see c/llKpiTiles). */
const TILE_KPIS: Record<string, keyof DashboardKpis> = {
  seatsBought: 'seatsBought',
  seatsUsed: 'seatsUsed',
  activeWithinThreshold: 'activeWithinThreshold',
  inactive: 'inactive',
  neverLoggedIn: 'neverLoggedIn',
  integrationsOnHumanSeats: 'integrationsOnHumanSeats',
  estimatedAnnualWaste: 'estimatedAnnualWaste'
};

/** A tile's number: "7,448" → 7448, "$853,080" → 853080. */
function tileNumber(text: string): number {
  return Number(text.replace(/[^\d.-]/g, ''));
}

function expectedTileNumbers(kpis: DashboardKpis): Record<string, number> {
  return Object.fromEntries(
    Object.entries(TILE_KPIS).map(([tile, kpi]) => {
      const value = kpis[kpi] as number;
      return [tile, kpi === 'estimatedAnnualWaste' ? Math.round(value) : value];
    })
  );
}

async function expectTiles(
  session: PageSession,
  analysis: OrgAnalysis,
  what: string
): Promise<void> {
  const shown = await readTiles(session.page);
  const numbers = Object.fromEntries(
    Object.keys(TILE_KPIS).map((key) => [key, tileNumber(shown[key] ?? '')])
  );
  expectEqual(numbers, expectedTileNumbers(analysis.kpis), what);
}

async function expectPager(session: PageSession, total: number): Promise<void> {
  const summary = await readPagerSummary(session.page);
  expectTrue(
    new RegExp(`^Rows 1–\\d+ of ${total}, page 1 of \\d+$`).test(summary),
    `pager shows "${summary}", expected ${total} rows`
  );
}

/** Breaks a copy of a demo export: UserLicense.json unreadable, two users without CreatedDate. */
function writeBrokenExport(demo: DemoOrg, dir: string): void {
  writeDemoExport(demo, dir);
  fs.writeFileSync(
    path.join(dir, EXPORT_FILES.UserLicense.file),
    '{ "status": 0, "result": { "records": ['
  );
  const usersFile = path.join(dir, EXPORT_FILES.User.file);
  const users = JSON.parse(fs.readFileSync(usersFile, 'utf8'));
  for (const record of users.result.records.slice(-BROKEN_USER_RECORDS)) delete record.CreatedDate;
  fs.writeFileSync(usersFile, JSON.stringify(users, null, 2));
}

interface Context {
  browser: Browser;
  preview: RunningPreview;
  session: PageSession;
  demo: DemoOrg;
  metadata: OrgMetadata;
  inputs: ExpectedInputs;
}

/** Checks that hold for any root component. */
function pageChecks(ctx: () => Context): Check[] {
  return [
    {
      name: 'the page renders with SLDS styles and icons, and no console errors',
      run: async () => {
        const { session } = ctx();
        await waitForKpis(session.page).catch(() =>
          session.page.waitForSelector(SELECTORS.licenseRow)
        );
        const sldsRules = await session.page.evaluate(() => {
          const sheet = Array.from(document.styleSheets).find((s) =>
            s.href?.includes('salesforce-lightning-design-system')
          );
          return sheet ? sheet.cssRules.length : 0;
        });
        expectTrue(sldsRules > 1000, `SLDS stylesheet not applied (${sldsRules} rules)`);
        expectTrue((await countDrawnIcons(session.page)) > 0, 'no icon was drawn');
        expectEqual(
          await session.page.$(SELECTORS.dataProblems),
          null,
          'data problem banner on the demo org'
        );
        expectEqual(session.problems, [], 'console errors, page errors and failed requests');
      }
    },
    {
      name: 'license rows equal those computed from the raw UserLicense and PermissionSetLicense records',
      run: async () => {
        const { session, demo } = ctx();
        await session.page.waitForSelector(SELECTORS.licenseRow);
        const seats = seatsFromRecords(
          [...demo.records('UserLicense')],
          [...demo.records('PermissionSetLicense')]
        );
        expectEqual(
          await readLicenseRows(session.page),
          expectedLicenseRows(seats),
          'license rows'
        );
      }
    }
  ];
}

/** Checks of the dashboard's KPIs, filters, table and CSV export. */
function dashboardChecks(ctx: () => Context): Check[] {
  return [
    {
      name: 'KPI tiles equal the KPIs computed from the raw demo records',
      run: async () => {
        const { session, inputs } = ctx();
        await waitForKpis(session.page);
        const coverage = await readLoginCoverage(session.page);
        expectTrue(
          coverage.complete && coverage.coveredDays === coverage.requestedDays,
          `the oracle assumes a complete window; the page says "${coverage.text}"`
        );
        await expectTiles(session, expectedAnalysis(inputs), 'KPI tiles');
      }
    },
    {
      name: 'the user table lists the inactive and never-logged-in users computed from the raw records',
      run: async () => {
        const { session, inputs } = ctx();
        await waitForTable(session.page);
        await expectPager(session, expectedTable(inputs, expectedAnalysis(inputs)).total);
      }
    },
    {
      name: 'a screenshot of the page is saved to artifacts/preview.png',
      run: async () => {
        fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
        await ctx().session.page.screenshot({ path: SCREENSHOT, fullPage: true });
        expectTrue(fs.statSync(SCREENSHOT).size > 0, 'empty screenshot');
      }
    },
    {
      name: `filtering on department ${FILTER_DEPARTMENT} changes the tiles and the table`,
      run: async () => {
        const { session, inputs } = ctx();
        const before = await readTiles(session.page);
        const pagerBefore = await readPagerSummary(session.page);
        await selectFilter(session.page, 'department', FILTER_DEPARTMENT);
        const filtered = expectedAnalysis(inputs, { departments: [FILTER_DEPARTMENT] });
        await waitUntilChanged(() => readPagerSummary(session.page), pagerBefore);
        const after = await readTiles(session.page);
        expectTrue(JSON.stringify(after) !== JSON.stringify(before), 'the tiles did not change');
        await expectTiles(session, filtered, 'KPI tiles after the filter');
        await expectPager(session, expectedTable(inputs, filtered).total);
        const departments = await session.page.$$eval(
          `${SELECTORS.tableRow} [data-label="Department"]`,
          (cells) => [...new Set(cells.map((cell) => (cell as HTMLElement).innerText.trim()))]
        );
        expectEqual(departments, [FILTER_DEPARTMENT], 'departments in the table');
      }
    },
    {
      name: 'CSV export downloads exactly the rows shown',
      run: async () => {
        const { session, inputs } = ctx();
        const filtered = expectedAnalysis(inputs, { departments: [FILTER_DEPARTMENT] });
        const expected = expectedTable(inputs, filtered);
        const { fileName, text, bytes } = await exportCsv(session.page);
        expectEqual(fileName, 'license-lens-users-all-2026-11-23.csv', 'file name');
        // The UTF-8 byte order mark, so Excel on Windows reads the file as UTF-8.
        expectEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'CSV byte order mark');
        const lines = text.replace(/\r\n$/, '').split('\r\n');
        expectEqual(lines.length - 1, expected.total, 'CSV data rows');
        expectTrue(
          text === expected.csv,
          'CSV text differs from the rows computed from the raw records'
        );
      }
    }
  ];
}

/** A large demo org read in the browser, and what the read must show. */
interface ScaleCase {
  users: number;
  windowDays: number;
  /** false: no nightly rollups, every day is read live and must be sliced. */
  rollups: boolean;
  /** The most Apex calls one load may make (issue 10: users / 2,000 + 10 with rollups). */
  maxCalls: number;
}

export const SCALE_CASES: readonly ScaleCase[] = [
  { users: 50_000, windowDays: 90, rollups: true, maxCalls: 50_000 / 2_000 + 10 },
  { users: 10_000, windowDays: 90, rollups: false, maxCalls: 1_000 }
];

/**
 * Issue 10's proof in a browser: a large demo org with a long window loads with
 * every day covered for every user, no call failing (the preview fails a call
 * past one Apex transaction's limits, and the page records any HTTP error), no
 * call touching 50,000 rows, and at most maxCalls calls. Without rollups the
 * read planner must have split slices (tooBig answers) to get there.
 */
function scaleCheck(browser: () => Browser, scale: ScaleCase): Check {
  const name =
    `${scale.users.toLocaleString('en-US')} users, ${scale.windowDays}-day window, ` +
    `${scale.rollups ? 'nightly rollups' : 'no rollups (every day live)'}: every day covered, ` +
    `no failed call, at most ${scale.maxCalls} calls`;
  return {
    name,
    run: async () => {
      const calls = { all: 0, tooBig: 0, maxRows: 0, failed: 0 };
      const preview = await startPreview({
        users: scale.users,
        seed: E2E_DEMO.seed,
        now: E2E_DEMO.now,
        port: 0,
        defaultWindowDays: scale.windowDays,
        rollups: scale.rollups,
        observeApex: (_name, use) => {
          calls.all += 1;
          if (!use) return;
          calls.maxRows = Math.max(calls.maxRows, use.maxQueryRows);
          if (use.tooBig) calls.tooBig += 1;
        }
      });
      const session = await openPage(browser(), preview.url);
      try {
        await waitForKpis(session.page);
        const coverage = await readLoginCoverage(session.page);
        await waitForTable(session.page);
        const activeUsers = preview.data.users.filter((user) => user.isActive).length;
        expectEqual(
          {
            covered: coverage.coveredDays,
            requested: coverage.requestedDays,
            complete: coverage.complete,
            usersRead: coverage.usersRead
          },
          {
            covered: scale.windowDays,
            requested: scale.windowDays,
            complete: true,
            usersRead: activeUsers
          },
          `login coverage ("${coverage.text}")`
        );
        expectEqual(session.problems, [], 'failed calls, console errors and page errors');
        expectTrue(calls.maxRows < 50_000, `a call touched ${calls.maxRows} rows`);
        expectTrue(
          calls.all <= scale.maxCalls,
          `${calls.all} Apex calls, more than ${scale.maxCalls}`
        );
        if (!scale.rollups) {
          expectTrue(calls.tooBig > 0, 'without rollups the whole window cannot fit one call');
        }
        console.log(
          `    (${calls.all} calls, ${calls.tooBig} answered tooBig, most rows in one call ${calls.maxRows})`
        );
      } finally {
        await session.close();
        await preview.close();
      }
    }
  };
}

/** The broken-export check: a second preview over a damaged --data folder. */
function brokenDataCheck(browser: () => Browser, tempRoot: string): Check {
  return {
    name: 'a broken --data folder shows which file and field are wrong',
    run: async () => {
      const dir = fs.mkdtempSync(path.join(tempRoot, 'broken-export-'));
      writeBrokenExport(createDemoOrg(BROKEN_DEMO), dir);
      const preview = await startPreview({ data: dir, now: BROKEN_DEMO.now, port: 0 });
      const session = await openPage(browser(), preview.url);
      try {
        const banner = await session.page.waitForSelector(SELECTORS.dataProblems);
        const bannerText = (await banner.textContent()) ?? '';
        expectTrue(
          bannerText.includes('UserLicense.json could not be read as JSON'),
          `banner: ${bannerText}`
        );
        expectTrue(
          bannerText.includes(
            `User.json: ${BROKEN_USER_RECORDS} of ${BROKEN_DEMO.users} records have no "CreatedDate" field`
          ),
          `banner: ${bannerText}`
        );
        const panel = `c-ll-license-utilization ${SELECTORS.errorPanel}`;
        await session.page.waitForSelector(panel);
        await session.page.click(`${panel} [data-id="toggle"]`);
        const details = (await session.page.textContent(`${panel} [data-id="details"]`)) ?? '';
        expectTrue(
          details.includes('UserLicense.json could not be read as JSON'),
          `error details: ${details}`
        );
        await waitForKpis(session.page);
        const tiles = await readTiles(session.page);
        expectEqual(
          [tiles.seatsBought, tiles.seatsUsed],
          ['Not available', 'Not available'],
          'seat tiles'
        );
        expectTrue(tileNumber(tiles.activeWithinThreshold) > 0, 'the users still load');
      } finally {
        await session.close();
        await preview.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  };
}

const USAGE = `Usage: npm run test:e2e [-- --only <part of a test name>]
  --only TEXT  run only the browser tests whose name contains TEXT (case-insensitive);
               E2E_ONLY=TEXT does the same. The main preview still starts (the dashboard
               tests share it); a test with its own preview starts that one too.`;

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const only = onlyOption(process.argv.slice(2), process.env);
  const started = Date.now();
  const metadata = readOrgMetadata();
  const demo = createDemoOrg(E2E_DEMO);
  const preview = await startPreview({ ...E2E_DEMO, port: 0 });
  console.log(
    `Preview of c/${preview.rootBundle} at ${preview.url} (demo org, ${E2E_DEMO.users} users)`
  );
  let browser: Browser | null = null;
  let session: PageSession | null = null;
  const tempRoot = fs.mkdtempSync(path.join(PROJECT_ROOT, 'artifacts', '.e2e-'));
  try {
    browser = await launchChromium();
    session = await openPage(browser, preview.url);
    const context: Context = {
      browser,
      preview,
      session,
      demo,
      metadata,
      inputs: expectedInputs(demo, metadata, metadata.settings.defaultWindowDays)
    };
    const ctx = () => context;
    const checks = [
      ...pageChecks(ctx),
      ...(preview.rootBundle === DASHBOARD_BUNDLE ? dashboardChecks(ctx) : []),
      brokenDataCheck(() => context.browser, tempRoot),
      ...(preview.rootBundle === DASHBOARD_BUNDLE
        ? [
            policyFlowCheck(() => context.browser, E2E_DEMO),
            ...SCALE_CASES.map((scale) => scaleCheck(() => context.browser, scale))
          ]
        : [])
    ];
    const outcomes = await runChecks(selectChecks(checks, only));
    if (outcomes.some((outcome) => !outcome.passed)) process.exitCode = 1;
    console.log(`(browser tests took ${Math.round((Date.now() - started) / 1000)} s)`);
  } finally {
    await session?.close();
    if (browser) await settleWithin(browser.close());
    await preview.close();
    fs.rmSync(tempRoot, { recursive: true, force: true });
  }
}

if (require.main === module) {
  fs.mkdirSync(path.join(PROJECT_ROOT, 'artifacts'), { recursive: true });
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    console.log('0 passed, 1 failed');
    process.exitCode = 1;
  });
}
