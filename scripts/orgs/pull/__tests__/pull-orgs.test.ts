/**
 * pullOrgs against two stand-in orgs (scripts/orgs/stand-in): every failure
 * case of issue 14 — an expired login, one org unreachable while the other is
 * pulled, the budget reached mid-pull, a failed query job, a dropped
 * connection (resumed without duplicates) — and the incremental cache re-run.
 */
import type { LoginTable } from '../../../preview/data/login-store';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadDemoOrg } from '../../../preview/demo-org/load-demo-org';
import { startStandInOrgs, type StandInOrgs } from '../../stand-in/stand-in-orgs';
import { pullOrgs, PullUsageError, type PullOptions, type PullProgress } from '../pull-orgs';
import { soqlDateTime } from '../pull-org';
import { LoginCache } from '../login-cache';
import { PERMISSION_JUSTIFICATIONS } from '../../../integration/lib/permission-justifications';
import { POLL_DELAYS_MS, QUERY_SIZES } from '../queries';

const A = { alias: 'org-a', users: 150, seed: 1 };
const B = { alias: 'org-b', users: 60, seed: 2 };
const DAY = 86_400_000;

let orgs: StandInOrgs;
let cacheDir: string;

beforeAll(() => {
  // The stand-in completes a job on its second poll; tests need not wait a real poll interval.
  POLL_DELAYS_MS.first = 5;
});

beforeEach(async () => {
  orgs = await startStandInOrgs([A, B]);
  cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'll-pull-'));
});

afterEach(async () => {
  await orgs.close();
  fs.rmSync(cacheDir, { recursive: true, force: true });
});

function options(overrides: Partial<PullOptions> = {}): PullOptions {
  return {
    targetOrgs: [A.alias, B.alias],
    maxApiShare: 0.75,
    cacheDir,
    connect: orgs.connect,
    now: orgs.now,
    ...overrides
  };
}

/** LoginHistory rows of a stand-in org inside the pull's window. */
function loginsInWindow(alias: string, now: number, days = 180): number {
  const exportOrg = orgs.org(alias).exportOrg;
  const start = Math.floor((now - days * DAY) / 1000) * 1000;
  let count = 0;
  for (let row = 0; row < exportOrg.loginCount; row++) {
    if ((exportOrg.loginRecord(row).LoginTime as number) >= start) count += 1;
  }
  return count;
}

function requestsOf(alias: string) {
  return orgs.org(alias).standIn.requests;
}

/**
 * Ends the stand-in org's sessions once it has answered `count` requests
 * (with 4: after /limits, Organization, User COUNT() and User).
 */
function expireSessionsAfterRequests(alias: string, count: number): void {
  const standIn = orgs.org(alias).standIn;
  const original = standIn.requests.push.bind(standIn.requests);
  standIn.requests.push = (...items) => {
    if (standIn.requests.length === count) standIn.expireSessions();
    return original(...items);
  };
}

/** Runs `hook` on each request the stand-in org records, once it has counted it. */
function onRequest(
  alias: string,
  hook: (request: { method: string; path: string; soql?: string }) => void
): void {
  const standIn = orgs.org(alias).standIn;
  const original = standIn.requests.push.bind(standIn.requests);
  standIn.requests.push = (...items) => {
    const length = original(...items);
    // After the stand-in has filled in the request (its SOQL) and counted it.
    queueMicrotask(() => items.forEach(hook));
    return length;
  };
}

/** Requests recorded up to and including the first one with this method and path end. */
function requestsBefore(alias: string, method: string, pathEnd: string): number {
  const requests = requestsOf(alias);
  const at = requests.findIndex((r) => r.method === method && r.path.endsWith(pathEnd));
  return at + 1;
}

type StandInConnection = Awaited<ReturnType<StandInOrgs['connect']>>;

/** A connect() whose Connections refresh their login with `refresh` (as the sf CLI's can). */
function connectRefreshingWith(
  refresh: (conn: StandInConnection) => Promise<void>
): PullOptions['connect'] {
  return async (alias: string) => {
    const conn = await orgs.connect(alias);
    return Object.assign(conn, { refreshAuth: () => refresh(conn) });
  };
}

describe('pullOrgs over two stand-in orgs', () => {
  it('pulls both orgs completely into the same OrgData the export path builds', async () => {
    const events: PullProgress[] = [];
    const pulls = await pullOrgs(options({ onProgress: (e) => events.push(e) }));
    expect(pulls.map((p) => [p.org, p.status, p.failures])).toEqual([
      [A.alias, 'complete', []],
      [B.alias, 'complete', []]
    ]);
    const [a, b] = pulls;
    expect(a.orgId).toBe(orgs.org(A.alias).orgId);
    expect(b.orgId).toBe(orgs.org(B.alias).orgId);
    const demo = loadDemoOrg({ users: A.users, seed: A.seed, now: orgs.now });
    expect(a.data!.users).toEqual(demo.users);
    expect(a.data!.userLicenses).toEqual(demo.userLicenses);
    expect([...a.data!.frozenUserIds].sort()).toEqual([...demo.frozenUserIds].sort());
    expect(a.data!.logins.size).toBe(demo.logins.size);
    expect(a.data!.logins.size).toBe(loginsInWindow(A.alias, orgs.now));
    expect(a.data!.logins.size).toBeGreaterThan(10_000);
    // LoginHistory is kept on disk: what stays in memory is per user and per UTC hour, not per
    // login (the in-memory table holds 20 bytes a login; disk-login-table.test.ts shows it flat).
    expect(a.data!.logins.footprint().diskBytes).toBeGreaterThan(a.data!.logins.size * 8);
    expect(a.data!.logins.footprint().memoryBytes).toBeLessThan(a.data!.logins.size * 4);
    const timesOf = (table: LoginTable, id: string) => {
      const { rows, time } = table.rowsOfUser(id);
      return Array.from(rows, (row) => time[row]).sort((x, y) => x - y);
    };
    for (const user of demo.users.slice(0, 40)) {
      expect(timesOf(a.data!.logins, user.id)).toEqual(timesOf(demo.logins, user.id));
    }
    expect(a.data!.problems).toEqual([]);
    // The org counted exactly the requests the pull says it spent.
    expect(a.apiCalls).toBe(orgs.apiUsed(A.alias));
    expect(b.apiCalls).toBe(orgs.apiUsed(B.alias));
    // LoginHistory past 10,000 rows went through a Bulk API 2.0 job; User (150 rows) through REST.
    expect(
      requestsOf(A.alias).filter((r) => r.method === 'POST' && r.path.endsWith('/jobs/query'))
    ).toHaveLength(1);
    expect(requestsOf(A.alias).some((r) => r.soql?.startsWith('SELECT Id, Username'))).toBe(true);
    expect(events.filter((e) => e.phase === 'done').map((e) => e.org)).toEqual([A.alias, B.alias]);
    expect(
      events.some((e) => e.phase === 'bulk' && e.object === 'LoginHistory' && e.org === A.alias)
    ).toBe(true);
    expect(events.every((e) => e.message.startsWith(`${e.org}: `))).toBe(true);
  });

  it('reports an expired login and still pulls the other org', async () => {
    orgs.expireLogin(A.alias);
    const [a, b] = await pullOrgs(options());
    expect(a.status).toBe('failed');
    expect(a.data).toBeNull();
    expect(a.failures.join(' ')).toMatch(/INVALID_SESSION_ID/);
    expect(a.failures.join(' ')).toMatch(/sf org login web --alias org-a/);
    expect(b.status).toBe('complete');
  });

  it('reports a login that expires mid-pull, naming what was not pulled', async () => {
    // The session ends after /limits, Organization, User COUNT() and User: UserLicense gets a 401.
    expireSessionsAfterRequests(A.alias, 4);
    const [a] = await pullOrgs(options({ targetOrgs: [A.alias] }));
    expect(a.status).toBe('partial');
    expect(a.data!.users).toHaveLength(A.users);
    expect(
      a.failures.some(
        (f) => f.startsWith('UserLicense was not pulled') && /INVALID_SESSION_ID/.test(f)
      )
    ).toBe(true);
    expect(a.failures.some((f) => f.startsWith('LoginHistory was not pulled'))).toBe(true);
    expect(a.data!.unavailable.has('LoginHistory')).toBe(true);
  });

  it('refreshes an expired session when the login can (sf CLI refresh token) and goes on', async () => {
    const standIn = orgs.org(A.alias).standIn;
    let refreshes = 0;
    const connect = connectRefreshingWith(async (conn) => {
      refreshes += 1;
      conn.accessToken = standIn.issueToken(orgs.org(A.alias).fakeOrg.adminId);
    });
    expireSessionsAfterRequests(A.alias, 4);
    const [a] = await pullOrgs(options({ targetOrgs: [A.alias], connect }));
    expect(refreshes).toBe(1);
    expect(a.status).toBe('complete');
    expect(a.data!.logins.size).toBe(loginsInWindow(A.alias, orgs.now));
  });

  it('reports an expired login when refreshing it fails, and sends nothing more', async () => {
    const standIn = orgs.org(A.alias).standIn;
    let refreshes = 0;
    const connect = connectRefreshingWith(async () => {
      refreshes += 1;
      throw new Error('invalid_grant: expired access/refresh token');
    });
    expireSessionsAfterRequests(A.alias, 4);
    const [a] = await pullOrgs(options({ targetOrgs: [A.alias], connect }));
    // One refresh is tried; the login is then known expired and no other object asks again.
    expect(refreshes).toBe(1);
    expect(a.status).toBe('partial');
    expect(standIn.requests).toHaveLength(5);
    const userLicense = a.failures.find((f) => f.startsWith('UserLicense was not pulled'));
    expect(userLicense).toMatch(/could not be refreshed \(invalid_grant/);
    expect(userLicense).toMatch(/sf org login web --alias org-a/);
    expect(a.failures.some((f) => f.startsWith('LoginHistory was not pulled'))).toBe(true);
  });

  it('pulls the reachable org when the other cannot be reached or has no sf CLI login', async () => {
    await orgs.makeUnreachable(A.alias);
    const [a, b, c] = await pullOrgs(options({ targetOrgs: [A.alias, B.alias, 'no-such-alias'] }));
    expect(a.status).toBe('failed');
    expect(a.failures[0]).toMatch(/cannot be reached \(ECONNREFUSED\)/);
    expect(b.status).toBe('complete');
    expect(b.data!.users).toHaveLength(B.users);
    expect(c.status).toBe('failed');
    expect(c.failures[0]).toMatch(/No usable sf CLI login for "no-such-alias"/);
  });

  it('stops at the budget mid-pull and says what was and was not pulled', async () => {
    // Cap = 75% of 1,000 = 750; 740 used by others: ten requests are left.
    orgs.setApiUsage(A.alias, { max: 1000, used: 740 });
    const [a, b] = await pullOrgs(options());
    expect(a.status).toBe('partial');
    expect(a.stoppedByBudget).toBe(true);
    expect(orgs.apiUsed(A.alias)).toBeLessThanOrEqual(750);
    expect(a.apiCalls).toBe(orgs.apiUsed(A.alias) - 740);
    expect(a.data!.users).toHaveLength(A.users);
    const loginFailure = a.failures.find((f) => f.startsWith('LoginHistory'));
    expect(loginFailure).toMatch(
      /from \d{4}-\d{2}-\d{2} to 2026-11-30 \(UTC\) was not pulled completely: the API budget was reached/
    );
    expect(a.data!.problems.some((p) => p.file === 'LoginHistory.json')).toBe(true);
    // No cache is written from an incomplete pull.
    expect(fs.existsSync(path.join(cacheDir, a.orgId!, 'meta.json'))).toBe(false);
    expect(b.status).toBe('complete');
  });

  it('pulls nothing from an org whose budget is already spent', async () => {
    orgs.setApiUsage(A.alias, { max: 1000, used: 800 });
    const [a] = await pullOrgs(options({ targetOrgs: [A.alias] }));
    expect(a).toMatchObject({ status: 'failed', stoppedByBudget: true, data: null, apiCalls: 1 });
    expect(a.failures[0]).toMatch(
      /801 of 1,000 daily API requests used; the pull stops at 75% \(750\)/
    );
    expect(orgs.apiUsed(A.alias)).toBe(801);
  });

  it('names the LoginHistory days of a failed query job and keeps the rest', async () => {
    orgs.failNextQueryJob(A.alias, 'Query timed out');
    const [a, b] = await pullOrgs(options());
    expect(a.status).toBe('partial');
    expect(a.stoppedByBudget).toBe(false);
    expect(a.failures).toHaveLength(1);
    expect(a.failures[0]).toMatch(
      /^LoginHistory from \d{4}-\d{2}-\d{2} to 2026-11-30 \(UTC\) was not pulled completely: Bulk API 2.0 query job \w+ ended Failed: Query timed out\.$/
    );
    expect(a.data!.users).toHaveLength(A.users);
    expect(b.status).toBe('complete');
  });

  it('names the days of an aborted query job', async () => {
    orgs.abortNextQueryJob(A.alias);
    const [a] = await pullOrgs(options({ targetOrgs: [A.alias] }));
    expect(a.status).toBe('partial');
    expect(a.failures).toEqual([
      expect.stringMatching(
        /^LoginHistory from .* was not pulled completely: Bulk API 2.0 query job \w+ ended Aborted\.$/
      )
    ]);
  });

  it('reports the budget at every /limits reading', async () => {
    // Without Sforce-Limit-Info on the answers, /limits is read again every 25 requests.
    orgs.org(A.alias).standIn.sendLimitInfo(false);
    const events: PullProgress[] = [];
    const sizes = { ...QUERY_SIZES };
    QUERY_SIZES.bulkMaxRecords = 1000; // some 30 requests: /limits is read again after 25
    try {
      await pullOrgs(options({ targetOrgs: [A.alias], onProgress: (e) => events.push(e) }));
    } finally {
      Object.assign(QUERY_SIZES, sizes);
    }
    const readings = events.filter((e) => e.phase === 'limits');
    expect(readings.length).toBe(
      requestsOf(A.alias).filter((r) => r.path.endsWith('/limits')).length
    );
    expect(readings.length).toBeGreaterThan(1);
    expect(readings[0].message).toMatch(
      /^org-a: 1 of 100,000 daily API requests used; stopping at 75,000 \(75%\)$/
    );
  });

  it("keeps the budget from each answer's Sforce-Limit-Info, reading /limits once", async () => {
    const sizes = { ...QUERY_SIZES };
    QUERY_SIZES.bulkMaxRecords = 1000; // some 30 requests
    let pull;
    try {
      [pull] = await pullOrgs(options({ targetOrgs: [A.alias] }));
    } finally {
      Object.assign(QUERY_SIZES, sizes);
    }
    expect(pull.status).toBe('complete');
    expect(pull.apiCalls).toBeGreaterThan(25);
    expect(requestsOf(A.alias).filter((r) => r.path.endsWith('/limits'))).toHaveLength(1);
  });

  it('sees other integrations spend the budget through Sforce-Limit-Info and stops at once', async () => {
    // Cap 750 of 1,000. Right after Organization, others have spent up to 745.
    orgs.setApiUsage(A.alias, { max: 1000, used: 100 });
    onRequest(A.alias, (r) => {
      if (r.soql?.includes('FROM Organization')) orgs.setApiUsage(A.alias, { used: 744 });
    });
    const [a] = await pullOrgs(options({ targetOrgs: [A.alias] }));
    expect(a.status).toBe('partial');
    expect(a.stoppedByBudget).toBe(true);
    expect(orgs.apiUsed(A.alias)).toBeLessThanOrEqual(750);
    expect(requestsOf(A.alias).filter((r) => r.path.endsWith('/limits'))).toHaveLength(1);
  });

  it('aborts its query job when the budget stops it while the job runs', async () => {
    const routes = orgs.org(A.alias).standIn.exportRoutes!;
    routes.faults.jobPolls = 50; // the job stays InProgress
    orgs.setApiUsage(A.alias, { max: 1000, used: 100 });
    onRequest(A.alias, (r) => {
      // Others spend right when the job is created: a few polls are left under the cap of 750.
      if (r.method === 'POST' && r.path.endsWith('/jobs/query'))
        orgs.setApiUsage(A.alias, { used: 744 });
    });
    const events: PullProgress[] = [];
    const [a] = await pullOrgs(
      options({ targetOrgs: [A.alias], onProgress: (e) => events.push(e) })
    );
    expect(a.status).toBe('partial');
    expect(a.stoppedByBudget).toBe(true);
    const aborts = requestsOf(A.alias).filter((r) => r.method === 'PATCH');
    expect(aborts).toHaveLength(1);
    expect(aborts[0].body).toEqual({ state: 'Aborted' });
    const jobId = /\/jobs\/query\/(\w+)$/.exec(aborts[0].path)![1];
    expect(routes.jobState(jobId)).toBe('Aborted');
    // The abort used the request kept for it: the cap still holds.
    expect(orgs.apiUsed(A.alias)).toBeLessThanOrEqual(750);
    expect(a.apiCalls).toBe(
      orgs.apiUsed(A.alias) - 744 + requestsBefore(A.alias, 'POST', '/jobs/query')
    );
    const done = events.find((e) => e.phase === 'done');
    expect(done?.message).toMatch(new RegExp(`query job ${jobId} aborted`));
  });

  it('does not abort a job that completed (the budget stops it while reading results)', async () => {
    orgs.setApiUsage(A.alias, { max: 1000, used: 100 });
    let bumped = false;
    onRequest(A.alias, (r) => {
      if (!bumped && r.path.endsWith('/results')) orgs.setApiUsage(A.alias, { used: 748 });
      bumped ||= r.path.endsWith('/results');
    });
    const sizes = { ...QUERY_SIZES };
    QUERY_SIZES.bulkMaxRecords = 1000; // many results pages
    let a;
    try {
      [a] = await pullOrgs(options({ targetOrgs: [A.alias] }));
    } finally {
      Object.assign(QUERY_SIZES, sizes);
    }
    expect(a.stoppedByBudget).toBe(true);
    expect(requestsOf(A.alias).filter((r) => r.method === 'PATCH')).toEqual([]);
    expect(orgs.apiUsed(A.alias)).toBeLessThanOrEqual(750);
  });

  it('resumes a dropped results page with the same locator, without duplicates', async () => {
    orgs.dropConnection(A.alias, /\/jobs\/query\/\w+\/results$/, 2, 'mid-body');
    const [a] = await pullOrgs(options({ targetOrgs: [A.alias] }));
    expect(a.status).toBe('complete');
    expect(a.data!.logins.size).toBe(loginsInWindow(A.alias, orgs.now));
    const results = requestsOf(A.alias).filter((r) => r.path.endsWith('/results'));
    expect(results.length).toBe(3);
    expect(a.apiCalls).toBe(orgs.apiUsed(A.alias));
  });

  it('gives up on a page after three drops and says so', async () => {
    orgs.dropConnection(A.alias, /\/jobs\/query\/\w+\/results$/, 3, 'before');
    const [a] = await pullOrgs(options({ targetOrgs: [A.alias] }));
    expect(a.status).toBe('partial');
    expect(a.failures[0]).toMatch(
      /LoginHistory .* was not pulled completely: the connection dropped 3 times on \/jobs\/query\/\w+\/results/
    );
  });

  it('re-runs from the cache, fetching only logins newer than the newest it holds', async () => {
    const [first] = await pullOrgs(options({ targetOrgs: [A.alias] }));
    expect(first.status).toBe('complete');
    const meta = JSON.parse(
      fs.readFileSync(path.join(cacheDir, first.orgId!, 'meta.json'), 'utf8')
    );
    const exportOrg = orgs.org(A.alias).exportOrg;
    // One new login at the very instant of the newest cached one (a different Id), 40 after it.
    exportOrg.addSyntheticLogins(1, meta.newestLoginTime, meta.newestLoginTime + 1);
    exportOrg.addSyntheticLogins(40, meta.newestLoginTime + 1000, meta.newestLoginTime + 3_600_000);
    const later = orgs.now + 2 * 3_600_000;
    const before = requestsOf(A.alias).length;
    const events: PullProgress[] = [];
    const [second] = await pullOrgs(
      options({ targetOrgs: [A.alias], now: later, onProgress: (e) => events.push(e) })
    );
    expect(second.status).toBe('complete');
    expect(second.data!.logins.size).toBe(loginsInWindow(A.alias, later));
    expect(second.data!.logins.size).toBeGreaterThan(first.data!.logins.size - 200);
    expect(second.data!.logins.footprint().memoryBytes).toBeLessThan(second.data!.logins.size * 4);
    const asked = requestsOf(A.alias).slice(before);
    const loginQueries = asked.filter((r) => r.soql?.includes('FROM LoginHistory'));
    const from = soqlDateTime(meta.newestLoginTime);
    expect(loginQueries.map((r) => r.soql)).toEqual([
      `SELECT COUNT() FROM LoginHistory WHERE LoginTime >= ${from}`,
      `SELECT Id, UserId, LoginTime, LoginType, LoginSubType, Status, Application FROM LoginHistory WHERE LoginTime >= ${from}`
    ]);
    expect(asked.some((r) => r.path.includes('/jobs/query'))).toBe(false);
    expect(second.apiCalls).toBeLessThan(first.apiCalls);
    expect(
      events.some(
        (e) => e.phase === 'cache' && /cached logins; fetching logins since/.test(e.message)
      )
    ).toBe(true);
  });

  it('pulls everything again when the cache is for another login window', async () => {
    await pullOrgs(options({ targetOrgs: [A.alias] }));
    const events: PullProgress[] = [];
    const [again] = await pullOrgs(
      options({ targetOrgs: [A.alias], loginDays: 90, onProgress: (e) => events.push(e) })
    );
    expect(again.data!.logins.size).toBe(loginsInWindow(A.alias, orgs.now, 90));
    expect(
      events.some(
        (e) => e.phase === 'cache' && /cache holds 180 days of logins, not 90/.test(e.message)
      )
    ).toBe(true);
  });

  it('pulls the whole window again, without duplicates, when the cache is damaged', async () => {
    const [first] = await pullOrgs(options({ targetOrgs: [A.alias] }));
    const file = path.join(cacheDir, first.orgId!, 'LoginHistory.csv');
    fs.appendFileSync(file, '"0YaDm0000000001KAA","broken row"\n');
    const events: PullProgress[] = [];
    const [again] = await pullOrgs(
      options({ targetOrgs: [A.alias], onProgress: (e) => events.push(e) })
    );
    expect(again.status).toBe('complete');
    expect(again.data!.logins.size).toBe(loginsInWindow(A.alias, orgs.now));
    expect(
      events.some(
        (e) => e.phase === 'cache' && /cache not used \(1 cached rows are damaged\)/.test(e.message)
      )
    ).toBe(true);
    // The cache was written afresh.
    expect(fs.readFileSync(file, 'utf8')).not.toContain('broken row');
  });

  it('resumes from the rows the cache holds, without duplicates, when meta.json is older than them', async () => {
    // A run stopped between writing LoginHistory.csv and meta.json leaves newer rows beside older meta.
    const [first] = await pullOrgs(options({ targetOrgs: [A.alias] }));
    const metaFile = path.join(cacheDir, first.orgId!, 'meta.json');
    const oldMeta = fs.readFileSync(metaFile, 'utf8');
    const { newestLoginTime } = JSON.parse(oldMeta) as { newestLoginTime: number };
    orgs
      .org(A.alias)
      .exportOrg.addSyntheticLogins(30, newestLoginTime + 1000, newestLoginTime + 3_600_000);
    const later = orgs.now + 2 * 3_600_000;
    const [second] = await pullOrgs(options({ targetOrgs: [A.alias], now: later }));
    expect(second.data!.logins.size).toBe(loginsInWindow(A.alias, later));
    fs.writeFileSync(metaFile, oldMeta);
    const [third] = await pullOrgs(options({ targetOrgs: [A.alias], now: later }));
    expect(third.status).toBe('complete');
    expect(third.data!.logins.size).toBe(loginsInWindow(A.alias, later));
  });

  it('gives each run its own partial cache file, so two runs at once do not write into one', async () => {
    const [first] = await pullOrgs(options({ targetOrgs: [A.alias] }));
    const dir = path.join(cacheDir, first.orgId!);
    const one = new LoginCache(cacheDir, first.orgId!).beginWrite();
    const two = new LoginCache(cacheDir, first.orgId!).beginWrite();
    const partials = fs.readdirSync(dir).filter((name) => name.endsWith('.partial'));
    expect(partials).toHaveLength(2);
    one.abort();
    two.abort();
    expect(fs.readdirSync(dir).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });

  it('reads User and LoginHistory through Bulk jobs of several pages exactly as through REST', async () => {
    const [rest] = await pullOrgs(options({ targetOrgs: [B.alias], useCache: false }));
    const sizes = { ...QUERY_SIZES };
    Object.assign(QUERY_SIZES, { bulkThresholdRows: 10, bulkMaxRecords: 700 });
    try {
      const before = requestsOf(B.alias).length;
      orgs.dropConnection(B.alias, /\/results$/, 1, 'mid-body');
      const [bulk] = await pullOrgs(options({ targetOrgs: [B.alias], useCache: false }));
      expect(bulk.status).toBe('complete');
      expect(bulk.data!.users).toEqual(rest.data!.users);
      expect(bulk.data!.logins.size).toBe(rest.data!.logins.size);
      const asked = requestsOf(B.alias).slice(before);
      const jobs = asked.filter((r) => r.method === 'POST' && r.path.endsWith('/jobs/query'));
      expect((jobs[0].body as { query: string }).query).toMatch(
        /^SELECT Id, Username, .* FROM User$/
      );
      expect(jobs.length).toBeGreaterThanOrEqual(2);
      expect(asked.filter((r) => r.path.endsWith('/results')).length).toBeGreaterThan(
        Math.ceil(rest.data!.logins.size / 700)
      );
      for (const user of rest.data!.users.slice(0, 50)) {
        const restRows = rest.data!.logins.rowsOfUser(user.id).rows.length;
        expect(bulk.data!.logins.rowsOfUser(user.id).rows.length).toBe(restRows);
      }
    } finally {
      Object.assign(QUERY_SIZES, sizes);
    }
  });

  it('works as the integration user: everything but UserLogin, which it may not read', async () => {
    const connect = orgs.addApiUser(A.alias, Object.keys(PERMISSION_JUSTIFICATIONS));
    const [a] = await pullOrgs(options({ targetOrgs: [A.alias], connect }));
    expect(a.status).toBe('complete');
    expect(a.failures).toEqual([]);
    expect(a.data!.users).toHaveLength(A.users);
    expect(a.data!.logins.size).toBe(loginsInWindow(A.alias, orgs.now));
    expect(a.data!.unavailable.get('UserLogin')).toMatch(/INVALID_TYPE|not supported/);
    expect(
      a.data!.problems.some((p) => p.file === 'UserLogin.json' && p.severity === 'warning')
    ).toBe(true);
  });

  it('says when it sees only its own logins (no Monitor Login History), and pulls nothing without View Setup', async () => {
    const withoutMonitor = Object.keys(PERMISSION_JUSTIFICATIONS).filter(
      (p) => p !== 'MonitorLoginHistory'
    );
    const [a] = await pullOrgs(
      options({ targetOrgs: [A.alias], connect: orgs.addApiUser(A.alias, withoutMonitor) })
    );
    expect(a.data!.users).toHaveLength(A.users);
    expect(a.data!.logins.size).toBe(0);
    expect(a.status).toBe('partial');
    expect(a.failures[0]).toMatch(
      /seems to see only its own login history.*Monitor Login History or Manage Users/
    );
    const withoutSetup = Object.keys(PERMISSION_JUSTIFICATIONS).filter(
      (p) => p !== 'ViewSetup' && p !== 'ViewRoles'
    );
    const [b] = await pullOrgs(
      options({ targetOrgs: [A.alias], connect: orgs.addApiUser(A.alias, withoutSetup) })
    );
    expect(b.status).toBe('failed');
    expect(b.failures[0]).toMatch(/could not be read from \/limits .*View Setup and Configuration/);
  });

  it('keeps no cache from a login that sees only its own logins, so a later full login gets them all', async () => {
    const withoutMonitor = Object.keys(PERMISSION_JUSTIFICATIONS).filter(
      (p) => p !== 'MonitorLoginHistory'
    );
    const [own] = await pullOrgs(
      options({ targetOrgs: [A.alias], connect: orgs.addApiUser(A.alias, withoutMonitor) })
    );
    expect(own.status).toBe('partial');
    expect(fs.existsSync(path.join(cacheDir, own.orgId!, 'meta.json'))).toBe(false);
    const [admin] = await pullOrgs(options({ targetOrgs: [A.alias] }));
    expect(admin.status).toBe('complete');
    expect(admin.data!.logins.size).toBe(loginsInWindow(A.alias, orgs.now));
  });

  it('does not resume from the cache of another login (what a login sees depends on its permissions)', async () => {
    const as = (username: string, connect: PullOptions['connect']) => async (alias: string) =>
      Object.assign(await connect(alias), { getUsername: () => username });
    const [admin] = await pullOrgs(
      options({ targetOrgs: [A.alias], connect: as('admin@example.com', orgs.connect) })
    );
    expect(admin.status).toBe('complete');
    const withoutMonitor = Object.keys(PERMISSION_JUSTIFICATIONS).filter(
      (p) => p !== 'MonitorLoginHistory'
    );
    const events: PullProgress[] = [];
    const [other] = await pullOrgs(
      options({
        targetOrgs: [A.alias],
        connect: as('api@example.com', orgs.addApiUser(A.alias, withoutMonitor)),
        onProgress: (e) => events.push(e)
      })
    );
    // Not the admin's cached rows plus this login's own new ones: a full read, and the gap named.
    expect(
      events.some((e) =>
        /full LoginHistory pull \(cache was pulled by another login\)/.test(e.message)
      )
    ).toBe(true);
    expect(other.data!.logins.size).toBe(0);
    expect(other.failures.join(' ')).toMatch(/seems to see only its own login history/);
    const meta = fs.readFileSync(path.join(cacheDir, admin.orgId!, 'meta.json'), 'utf8');
    expect(meta).not.toContain('admin@example.com');
  });

  it('pulls an org named twice by two aliases once, so no seat is counted twice', async () => {
    const connect = (alias: string) => orgs.connect(alias === 'org-a-again' ? A.alias : alias);
    const [a, again, b] = await pullOrgs(
      options({ targetOrgs: [A.alias, 'org-a-again', B.alias], connect })
    );
    expect(a.status).toBe('complete');
    expect(b.status).toBe('complete');
    expect(again).toMatchObject({ status: 'failed', data: null, orgId: a.orgId });
    expect(again.failures).toEqual([
      `org-a-again is the same org as ${A.alias} (Organization Id ${a.orgId}): it is pulled and counted once.`
    ]);
    // /limits and Organization only.
    expect(again.apiCalls).toBe(2);
  });

  it('neither reads nor writes the cache with useCache false', async () => {
    const [a] = await pullOrgs(options({ targetOrgs: [A.alias], useCache: false }));
    expect(a.status).toBe('complete');
    expect(fs.readdirSync(cacheDir)).toEqual([]);
  });

  it('refuses bad options as usage errors', async () => {
    await expect(pullOrgs(options({ targetOrgs: [] }))).rejects.toThrow(PullUsageError);
    await expect(pullOrgs(options({ targetOrgs: [A.alias, A.alias] }))).rejects.toThrow(
      'given twice'
    );
    await expect(pullOrgs(options({ maxApiShare: 0 }))).rejects.toThrow('--max-api-share');
    await expect(pullOrgs(options({ maxApiShare: 1.5 }))).rejects.toThrow('--max-api-share');
    expect(orgs.apiUsed(A.alias)).toBe(0);
  });
});
