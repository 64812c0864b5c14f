/**
 * The stand-in refuses what Salesforce refuses on the pull's path: Bulk API
 * 2.0 query jobs (unsupported SOQL, results before JobComplete or under
 * another API version), REST query batches of 2,000, the daily API counter
 * (Bulk requests included), expired sessions and undocumented date-time forms.
 */
import { startStandInOrgs, type StandInOrgs } from '../stand-in-orgs';

let orgs: StandInOrgs;
let base: string;
let token: string;

beforeAll(async () => {
  orgs = await startStandInOrgs([{ alias: 'org-a', users: 40, seed: 7 }]);
  const standIn = orgs.org('org-a').standIn;
  base = `${standIn.url}/services/data/v64.0`;
  token = standIn.adminToken;
});

afterAll(() => orgs.close());

async function call(
  path: string,
  init: { method?: string; body?: unknown; version?: string } = {}
) {
  const url = init.version ? base.replace('v64.0', `v${init.version}`) + path : base + path;
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.body ? { 'content-type': 'application/json' } : {})
    },
    body: init.body ? JSON.stringify(init.body) : undefined
  });
  const text = await response.text();
  return { status: response.status, text, headers: response.headers, json: () => JSON.parse(text) };
}

async function completedJob(query: string): Promise<string> {
  const created = await call('/jobs/query', {
    method: 'POST',
    body: { operation: 'query', query }
  });
  expect(created.status).toBe(200);
  const id = created.json().id as string;
  for (let i = 0; i < 5; i++) {
    if ((await call(`/jobs/query/${id}`)).json().state === 'JobComplete') return id;
  }
  throw new Error('job did not complete');
}

const LOGINS = 'SELECT Id, UserId, LoginTime FROM LoginHistory';

describe('stand-in: Bulk API 2.0 query jobs', () => {
  it.each([
    'SELECT COUNT() FROM LoginHistory',
    `${LOGINS} ORDER BY LoginTime`,
    `${LOGINS} LIMIT 10`,
    'SELECT UserId FROM LoginHistory GROUP BY UserId'
  ])('refuses a job for SOQL Bulk API 2.0 does not support: %s', async (query) => {
    const reply = await call('/jobs/query', {
      method: 'POST',
      body: { operation: 'query', query }
    });
    expect(reply.status).toBe(400);
  });

  it('answers results only once the job is JobComplete, under the job API version', async () => {
    const created = await call('/jobs/query', {
      method: 'POST',
      body: { operation: 'query', query: LOGINS }
    });
    expect(created.json().state).toBe('UploadComplete');
    const id = created.json().id;
    expect((await call(`/jobs/query/${id}/results`)).status).toBe(400);
    expect((await call(`/jobs/query/${id}`)).json().state).toBe('InProgress');
    expect((await call(`/jobs/query/${id}`)).json().state).toBe('JobComplete');
    expect((await call(`/jobs/query/${id}/results`, { version: '63.0' })).status).toBe(409);
    expect((await call(`/jobs/query/${id}/results?maxRecords=0`)).status).toBe(400);
  });

  it('pages results by Sforce-Locator, re-reads a locator identically, ends with "null"', async () => {
    const id = await completedJob(LOGINS);
    const total = orgs.org('org-a').exportOrg.loginCount;
    const first = await call(`/jobs/query/${id}/results?maxRecords=1000`);
    expect(first.headers.get('content-type')).toContain('text/csv');
    expect(first.text.split('\n')[0]).toBe('"Id","UserId","LoginTime"');
    expect(first.headers.get('sforce-numberofrecords')).toBe('1000');
    const locator = first.headers.get('sforce-locator')!;
    expect(locator).not.toBe('null');
    const again = await call(`/jobs/query/${id}/results?maxRecords=1000&locator=${locator}`);
    const twice = await call(`/jobs/query/${id}/results?maxRecords=1000&locator=${locator}`);
    expect(again.headers.get('sforce-numberofrecords')).toBe('1000');
    expect(again.text).not.toBe(first.text);
    expect(again.text).toBe(twice.text);
    const rest = await call(`/jobs/query/${id}/results?maxRecords=${total}&locator=${locator}`);
    expect(rest.headers.get('sforce-locator')).toBe('null');
    expect(Number(rest.headers.get('sforce-numberofrecords'))).toBe(total - 1000);
  });

  it('lets a Failed job end with its errorMessage', async () => {
    orgs.failNextQueryJob('org-a', 'Query timed out');
    const created = await call('/jobs/query', {
      method: 'POST',
      body: { operation: 'query', query: LOGINS }
    });
    const id = created.json().id;
    await call(`/jobs/query/${id}`);
    const failed = (await call(`/jobs/query/${id}`)).json();
    expect(failed).toMatchObject({ state: 'Failed', errorMessage: 'Query timed out' });
    expect((await call(`/jobs/query/${id}/results`)).status).toBe(400);
  });
});

describe('stand-in: aborting a query job, and Sforce-Limit-Info', () => {
  it('aborts only a job still UploadComplete or InProgress, and only for its creator', async () => {
    const created = await call('/jobs/query', {
      method: 'POST',
      body: { operation: 'query', query: LOGINS }
    });
    const id = created.json().id as string;
    // Another user without Manage Data Integrations may not abort it.
    const other = orgs.addApiUser('org-a', ['ApiEnabled', 'ViewSetup']);
    const conn = await other('org-a');
    const refused = await fetch(`${base}/jobs/query/${id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${conn.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ state: 'Aborted' })
    });
    expect(refused.status).toBe(403);
    const aborted = await call(`/jobs/query/${id}`, {
      method: 'PATCH',
      body: { state: 'Aborted' }
    });
    expect(aborted.status).toBe(200);
    expect(aborted.json().state).toBe('Aborted');
    expect((await call(`/jobs/query/${id}`)).json().state).toBe('Aborted');
    const done = await completedJob(LOGINS);
    const late = await call(`/jobs/query/${done}`, { method: 'PATCH', body: { state: 'Aborted' } });
    expect(late.status).toBe(400);
    expect(late.json()[0].errorCode).toBe('INVALIDJOBSTATE');
    expect((await call(`/jobs/query/${done}`)).json().state).toBe('JobComplete');
  });

  it('sends Sforce-Limit-Info api-usage=<used>/<max> on every counted answer, unless switched off', async () => {
    const reply = await call('/limits');
    const usage = reply.json().DailyApiRequests;
    expect(reply.headers.get('sforce-limit-info')).toBe(
      `api-usage=${usage.Max - usage.Remaining}/${usage.Max}`
    );
    const standIn = orgs.org('org-a').standIn;
    standIn.sendLimitInfo(false);
    try {
      expect((await call('/limits')).headers.get('sforce-limit-info')).toBeNull();
    } finally {
      standIn.sendLimitInfo(true);
    }
  });
});

describe('stand-in: REST query, limits, sessions', () => {
  it('answers 2,000 records per batch with a nextRecordsUrl', async () => {
    const first = (await call(`/query?q=${encodeURIComponent(LOGINS)}`)).json();
    expect(first.records).toHaveLength(2000);
    expect(first.done).toBe(false);
    expect(first.totalSize).toBe(orgs.org('org-a').exportOrg.loginCount);
    expect(first.nextRecordsUrl).toMatch(/^\/services\/data\/v64\.0\/query\/01g/);
    expect(first.records[0].LoginTime).toMatch(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/
    );
  });

  it('refuses a date-time literal in a form the SOQL reference does not list', async () => {
    const reply = await call(
      `/query?q=${encodeURIComponent(`${LOGINS} WHERE LoginTime >= 2026-01-01T00:00:00.000Z`)}`
    );
    expect(reply.status).toBe(400);
    expect(reply.json()[0].errorCode).toBe('MALFORMED_QUERY');
  });

  it('counts every request, Bulk ones included, and refuses once the day is spent', async () => {
    const before = orgs.apiUsed('org-a');
    await completedJob(LOGINS);
    expect(orgs.apiUsed('org-a') - before).toBe(3);
    const limits = (await call('/limits')).json();
    expect(limits.DailyApiRequests.Max - limits.DailyApiRequests.Remaining).toBe(
      orgs.apiUsed('org-a')
    );
    expect(limits.DailyBulkV2QueryJobs.Max).toBe(10_000);
    orgs.setApiUsage('org-a', { used: limits.DailyApiRequests.Max });
    const refused = await call('/limits');
    expect(refused.status).toBe(403);
    expect(refused.json()[0].errorCode).toBe('REQUEST_LIMIT_EXCEEDED');
    orgs.setApiUsage('org-a', { used: 0 });
  });

  it('answers 401 INVALID_SESSION_ID once the login expired', async () => {
    orgs.expireLogin('org-a');
    const reply = await call('/limits');
    expect(reply.status).toBe(401);
    expect(reply.json()).toEqual([
      { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }
    ]);
  });
});
