/**
 * The local controller is as strict as one Apex transaction: a read the org
 * would refuse fails here too (HTTP 500 with the exception Salesforce throws),
 * a slice that does not fit answers tooBig, and the read planner keeps every
 * call inside the limits. `npm test` fails on an over-limit read plan: the
 * unguarded controller below is one, and its calls fail.
 */
import { ApexError } from '../controller/apex-error';
import { APEX_LIMITS, ApexTransaction, serializeApexAnswer } from '../controller/apex-transaction';
import { readOrgMetadata } from '../controller/custom-metadata';
import * as path from 'node:path';
import { type ApexCallUse, LocalController } from '../controller/local-controller';
import { ReclaimController } from '../controller/reclaim-controller';
import { loadDemoOrg } from '../demo-org/load-demo-org';
import { createNightlyRollups } from '../demo-org/nightly-rollups';
import { readExportFolder } from '../data/read-export';
import { createApexDispatcher } from '../server/apex-dispatcher';
import { createPreviewServer, listen } from '../server/preview-server';
import {
  decodeUserPage,
  readTrend,
  readUserPages,
  type TrendReader,
  type UserPage,
  type UserPageReader
} from '../../../force-app/main/default/lwc/llReadPlanner/llReadPlanner';
import type { UserLoginGroupDto } from '../../../force-app/types/contract';
import {
  cleanUp,
  copyOfSmallExport,
  FIXTURE_USERS,
  fixtureController,
  readJson,
  tempDir,
  writeJson
} from './helpers';

afterEach(cleanUp);

function failure(run: () => void): ApexError {
  try {
    run();
  } catch (error) {
    if (error instanceof ApexError) return error;
    throw error;
  }
  throw new Error('expected an ApexError');
}

describe('ApexTransaction', () => {
  it('fails the 101st SOQL query like System.LimitException', () => {
    const transaction = new ApexTransaction();
    for (let i = 0; i < APEX_LIMITS.soqlQueries; i++)
      transaction.soql({ label: 'q', rowsTouched: 0 });
    const error = failure(() => transaction.soql({ label: 'q', rowsTouched: 0 }));
    expect(error).toMatchObject({ statusCode: 500, exceptionType: 'System.LimitException' });
    expect(error.message).toBe('Too many SOQL queries: 101');
  });

  it('fails past 50,000 query rows, aggregated rows included', () => {
    const transaction = new ApexTransaction();
    transaction.soql({ label: 'User', rowsTouched: 2 });
    const error = failure(() =>
      transaction.soql({
        label: 'LoginHistory aggregate',
        rowsTouched: 49_999,
        aggregateRowsInForLoop: 10
      })
    );
    expect(error).toMatchObject({ statusCode: 500, exceptionType: 'System.LimitException' });
    expect(error.message).toBe('Too many query rows: 50001');
  });

  it('fails an aggregate query that returns more than 2,000 rows in a SOQL for loop', () => {
    const transaction = new ApexTransaction();
    transaction.soql({ label: 'ok', rowsTouched: 5_000, aggregateRowsInForLoop: 2_000 });
    const error = failure(() =>
      transaction.soql({
        label: 'LoginHistory aggregate',
        rowsTouched: 5_000,
        aggregateRowsInForLoop: 2_001
      })
    );
    expect(error).toMatchObject({ statusCode: 500, exceptionType: 'System.QueryException' });
    expect(error.message).toContain('2001 rows in a SOQL for loop');
  });

  it('reports what a call used', () => {
    const transaction = new ApexTransaction();
    transaction.soql({ label: 'a', rowsTouched: 3 });
    transaction.soql({ label: 'b', rowsTouched: 7 });
    expect(transaction.use()).toEqual({ queries: 2, queryRows: 10, maxQueryRows: 7 });
    expect(transaction.remainingRows()).toBe(APEX_LIMITS.queryRows - 10);
  });
});

describe('the size of an answer', () => {
  it('sends an answer that fits in the synchronous heap as its JSON', () => {
    const answer = { users: [{ id: '005000000000001AAA' }], text: 'x'.repeat(1000) };
    expect(JSON.parse(serializeApexAnswer('LL_X.y', answer))).toEqual(answer);
    expect(serializeApexAnswer('LL_X.y', undefined)).toBe('null');
  });

  it('fails an answer whose JSON is longer than the heap, as System.LimitException', () => {
    // The JSON adds 2 quotes: heapBytes - 2 characters of text is exactly at the limit.
    expect(() =>
      serializeApexAnswer('LL_X.y', 'x'.repeat(APEX_LIMITS.heapBytes - 2))
    ).not.toThrow();
    const error = failure(() =>
      serializeApexAnswer('LL_X.y', 'x'.repeat(APEX_LIMITS.heapBytes - 1))
    );
    expect(error.statusCode).toBe(500);
    expect(error.exceptionType).toBe('System.LimitException');
    expect(error.message).toBe(
      `Apex heap size too large: LL_X.y answered ${APEX_LIMITS.heapBytes + 1} characters of JSON, ` +
        `more than the ${APEX_LIMITS.heapBytes}-byte synchronous heap can hold.`
    );
  });

  it('answers HTTP 500 through the preview server and keeps serving', async () => {
    const data = readExportFolder(copyOfSmallExport());
    const controller = fixtureController(data);
    const dispatch = createApexDispatcher(
      controller,
      new ReclaimController({ data, clock: () => NOW })
    );
    // A dispatcher whose getLicenseSeats answers more JSON than the heap holds.
    const server = createPreviewServer({
      apex: (name, params) =>
        name === 'LL_LicenseController.getLicenseSeats'
          ? ['y'.repeat(APEX_LIMITS.heapBytes)]
          : dispatch(name, params),
      status: { source: 'oversized answer', problems: [] },
      bundleFile: path.join(tempDir(), 'preview.js'),
      rootTag: 'c-ll-dashboard'
    });
    const port = await listen(server, 0);
    const call = (method: string, body: unknown) =>
      fetch(`http://127.0.0.1:${port}/apex/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body)
      });
    try {
      const tooLarge = await call('LL_LicenseController.getLicenseSeats', {});
      expect(tooLarge.status).toBe(500);
      expect(await tooLarge.json()).toEqual({
        message: expect.stringMatching(
          /^Apex heap size too large: LL_LicenseController\.getLicenseSeats answered/
        ),
        exceptionType: 'System.LimitException'
      });
      const next = await call('LL_InsightsController.getUserPage', { pageSize: 1, windowDays: 30 });
      expect(next.status).toBe(200);
      expect((await next.json()).users.ids).toHaveLength(1);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

const NOW = Date.parse('2026-11-23T20:00:00.000Z');
const WINDOW_DAYS = 90;

/**
 * The local controller without its tooBig guard: every read asks for all its
 * rows (as a plan that trusted a whole window to fit would), so a slice that
 * does not fit reaches the transaction's limit instead of answering tooBig.
 */
class UnguardedController extends LocalController {
  protected override rowBudget(): number {
    return Number.MAX_SAFE_INTEGER - 1;
  }
}

describe('reads within the limits of one transaction', () => {
  const data = loadDemoOrg({ users: 3_000, seed: 5, now: NOW });
  const metadata = readOrgMetadata();
  const clock = () => NOW;
  const uses: ApexCallUse[] = [];
  const observe = (use: ApexCallUse) => uses.push(use);
  const live = new LocalController({ data, metadata, clock, observe, rollups: false });
  const rolledUp = new LocalController({
    data,
    metadata,
    clock,
    observe,
    rollups: createNightlyRollups({ data, clock })
  });
  const unguarded = new UnguardedController({ data, metadata, clock, rollups: false });
  beforeEach(() => (uses.length = 0));

  it('answers tooBig, with the same cursor and no users, when a page’s live rows do not fit', () => {
    const page = live.getUserPage({ pageSize: 2000, windowDays: WINDOW_DAYS });
    expect(page).toMatchObject({
      users: expect.objectContaining({ ids: [], usernames: [], createdTimes: [] }),
      profiles: [],
      loginGroupKeys: [],
      loginCounts: expect.objectContaining({ userIndexes: [], logins: [] }),
      nextAfterUserId: null,
      tooBig: true
    });
    expect(page.tooBigReason).toMatch(/^More than \d+ LoginHistory rows of these 2000 users from/);
    expect(uses[0].queryRows).toBeLessThanOrEqual(APEX_LIMITS.queryRows - 999);
  });

  it('fails as the org would (HTTP 500, System.LimitException) when a read plan breaks the row limit', async () => {
    const error = failure(() => unguarded.getUserPage({ pageSize: 2000, windowDays: WINDOW_DAYS }));
    expect(error).toMatchObject({ statusCode: 500, exceptionType: 'System.LimitException' });
    expect(error.message).toMatch(/^Too many query rows: \d+$/);
    expect(() => unguarded.getLoginTrend({ windowDays: WINDOW_DAYS })).toThrow(
      /^Too many query rows/
    );

    // Through the preview server, as the page would see it.
    const server = createPreviewServer({
      apex: createApexDispatcher(unguarded, new ReclaimController({ data, clock })),
      status: { source: 'unguarded', problems: [] },
      bundleFile: path.join(tempDir(), 'preview.js'),
      rootTag: 'c-ll-dashboard'
    });
    const port = await listen(server, 0);
    try {
      const response = await fetch(
        `http://127.0.0.1:${port}/apex/LL_InsightsController.getUserPage`,
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ pageSize: 2000, windowDays: WINDOW_DAYS })
        }
      );
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({
        message: expect.stringMatching(/^Too many query rows: \d+$/),
        exceptionType: 'System.LimitException'
      });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('the guarded controller answers the same plan tooBig instead', () => {
    expect(live.getLoginTrend({ windowDays: WINDOW_DAYS })).toMatchObject({
      tooBig: true,
      daily: [],
      dailyUniqueUsers: []
    });
  });

  it('reads every user and group through the read planner (live path) with no call over a limit', async () => {
    const reader: UserPageReader = async (afterUserId, pageSize, slice) =>
      decodeUserPage(
        live.getUserPage({
          afterUserId,
          pageSize,
          windowDays: WINDOW_DAYS,
          sliceFirstDay: slice?.firstDay ?? null,
          sliceLastDay: slice?.lastDay ?? null
        })
      );
    const planned = await readUserPages(reader, {
      pageSize: 2000,
      minPageSize: 1,
      maxUsers: 200_000,
      maxCalls: 1_000
    });
    expect(planned.splits).toBeGreaterThan(0);
    expect(planned.gaps).toEqual([]);
    expect(planned.stoppedBy).toBeNull();
    expect(planned.calls).toBe(uses.length);
    expect(uses.some((use) => use.tooBig)).toBe(true);
    expect(Math.max(...uses.map((use) => use.queryRows))).toBeLessThanOrEqual(
      APEX_LIMITS.queryRows
    );

    // The same users and groups as whole-window pages of the rolled-up controller.
    const whole: UserPage[] = [];
    let cursor: string | null = null;
    do {
      const page = decodeUserPage(
        rolledUp.getUserPage({
          afterUserId: cursor,
          pageSize: 2000,
          windowDays: WINDOW_DAYS
        })
      );
      expect(page.tooBig).toBe(false);
      whole.push(page);
      cursor = page.nextAfterUserId;
    } while (cursor !== null);
    expect(whole).toHaveLength(Math.ceil(data.users.filter((u) => u.isActive).length / 2000));
    expect(planned.users.map((u) => u.id)).toEqual(whole.flatMap((p) => p.users.map((u) => u.id)));
    expect(byGroupKey(planned.loginGroups)).toEqual(
      byGroupKey(whole.flatMap((p) => p.loginGroups))
    );
  });

  it('reads the whole trend through the read planner (live path) as the rollups answer it at once', async () => {
    const reader: TrendReader = async (slice) =>
      live.getLoginTrend({
        windowDays: WINDOW_DAYS,
        sliceFirstDay: slice?.firstDay ?? null,
        sliceLastDay: slice?.lastDay ?? null
      });
    const planned = await readTrend(reader);
    expect(planned.splits).toBeGreaterThan(0);
    expect(planned.gaps).toEqual([]);
    const whole = rolledUp.getLoginTrend({ windowDays: WINDOW_DAYS });
    expect(whole.tooBig).toBe(false);
    expect(planned.trend?.daily).toEqual(whole.daily);
    expect(planned.trend?.dailyUniqueUsers).toEqual(whole.dailyUniqueUsers);
  });
});

function byGroupKey(groups: readonly UserLoginGroupDto[]): Record<string, UserLoginGroupDto> {
  return Object.fromEntries(
    groups.map((group) => [
      [group.userId, group.loginType, group.loginSubType, group.status, group.application].join(
        '|'
      ),
      group
    ])
  );
}

describe('frozen state', () => {
  it('is null (unknown), never false, for a user without a UserLogin row', () => {
    const dir = copyOfSmallExport();
    const export_ = readJson(dir, 'UserLogin.json');
    const records = export_.result.records.filter((row) => row.UserId !== FIXTURE_USERS.ben);
    writeJson(dir, 'UserLogin.json', {
      ...export_,
      result: { ...export_.result, records, totalSize: records.length }
    });
    const page = fixtureController(readExportFolder(dir)).getUserPage({ pageSize: 200 });
    const { ids, isFrozen } = page.users;
    expect(isFrozen[ids.indexOf(FIXTURE_USERS.ben)]).toBeNull();
    const others = isFrozen.filter((_frozen, index) => ids[index] !== FIXTURE_USERS.ben);
    expect(others.every((frozen) => typeof frozen === 'boolean')).toBe(true);
  });
});
