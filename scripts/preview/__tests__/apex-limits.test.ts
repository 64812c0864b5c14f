/**
 * The local controller is as strict as one Apex transaction: a read the org
 * would refuse fails here too (HTTP 500 with the exception Salesforce throws),
 * and the read planner keeps every call inside the limits.
 */
import { ApexError } from '../controller/apex-error';
import { APEX_LIMITS, ApexTransaction } from '../controller/apex-transaction';
import { readOrgMetadata } from '../controller/custom-metadata';
import { LocalController, MAX_GROUPS_PER_READ } from '../controller/local-controller';
import { loadDemoOrg } from '../demo-org/load-demo-org';
import { readExportFolder } from '../data/read-export';
import { readUserPages } from '../../../force-app/main/default/lwc/llReadPlanner/llReadPlanner';
import type { UserPageDto } from '../../../force-app/types/contract';
import {
  cleanUp,
  copyOfSmallExport,
  FIXTURE_USERS,
  fixtureController,
  readJson,
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

describe('getUserPage within the limits', () => {
  const now = Date.parse('2026-11-23T20:00:00.000Z');
  const controller = new LocalController({
    data: loadDemoOrg({ users: 3_000, seed: 5, now }),
    metadata: readOrgMetadata(),
    clock: () => now
  });

  it('answers tooManyLoginGroups, with the same cursor, when 2,000 users hold too many groups', () => {
    const page = controller.getUserPage({ afterUserId: null, pageSize: 2000, windowDays: 30 });
    expect(page).toMatchObject({
      users: [],
      loginGroups: [],
      nextAfterUserId: null,
      tooManyLoginGroups: true
    });
  });

  it('reads every user and group through the read planner with no call over a limit', async () => {
    let calls = 0;
    const readPage = async (afterUserId: string | null, pageSize: number): Promise<UserPageDto> => {
      calls++;
      return controller.getUserPage({ afterUserId, pageSize, windowDays: 30 });
    };
    const planned = await readUserPages(readPage, {
      pageSize: 2000,
      minPageSize: 1,
      maxUsers: 200_000,
      maxCalls: 1_000
    });
    expect(planned.splits).toBeGreaterThan(0);
    expect(calls).toBe(planned.calls);

    // The same users and groups as small pages that certainly fit.
    const small: UserPageDto[] = [];
    let cursor: string | null = null;
    do {
      const page = controller.getUserPage({ afterUserId: cursor, pageSize: 100, windowDays: 30 });
      expect(page.tooManyLoginGroups).toBe(false);
      expect(page.loginGroups.length).toBeLessThanOrEqual(MAX_GROUPS_PER_READ);
      small.push(page);
      cursor = page.nextAfterUserId;
    } while (cursor !== null);
    expect(planned.users.map((u) => u.id)).toEqual(small.flatMap((p) => p.users.map((u) => u.id)));
    expect(planned.loginGroups).toEqual(small.flatMap((p) => p.loginGroups));
    expect(planned.nextAfterUserId).toBeNull();
  });
});

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
    const ben = page.users.find((user) => user.id === FIXTURE_USERS.ben);
    const others = page.users.filter((user) => user.id !== FIXTURE_USERS.ben);
    expect(ben?.isFrozen).toBeNull();
    expect(others.every((user) => typeof user.isFrozen === 'boolean')).toBe(true);
  });
});
