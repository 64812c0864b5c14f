/**
 * Ctrl-C during a pull (PullOptions.signal) against two stand-in orgs: the
 * org being pulled stops at once, its open Bulk API 2.0 query job is aborted,
 * the next org is not pulled, no cache file is left; and OrgClient's two
 * requests that outlive an interruption (a job's creation, its abort) are
 * bounded in time.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Connection } from '@jsforce/jsforce-node';
import { startStandInOrgs, type StandInOrgs } from '../../stand-in/stand-in-orgs';
import type { RecordedRequest } from '../../../integration/stand-in/server';
import { ApiBudget } from '../api-budget';
import { INTERRUPT_TIMEOUTS, OrgClient } from '../org-client';
import { InterruptedError } from '../pull-errors';
import { pullOrgs, type OrgPull, type PullOptions } from '../pull-orgs';
import { POLL_DELAYS_MS } from '../queries';

const A = { alias: 'org-a', users: 150, seed: 1 };
const B = { alias: 'org-b', users: 60, seed: 2 };

let orgs: StandInOrgs;
let cacheDir: string;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const pollDelays = { ...POLL_DELAYS_MS };

beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});

afterAll(() => {
  process.removeListener('unhandledRejection', onUnhandled);
  Object.assign(POLL_DELAYS_MS, pollDelays);
});

beforeEach(async () => {
  // The stand-in completes a job on its second poll; tests need not wait a real poll interval.
  POLL_DELAYS_MS.first = 5;
  unhandled.length = 0;
  orgs = await startStandInOrgs([A, B]);
  cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'll-interrupt-'));
});

afterEach(async () => {
  await orgs.close();
  fs.rmSync(cacheDir, { recursive: true, force: true });
  // Let any stray rejection surface before checking.
  await new Promise((resolve) => setImmediate(resolve));
  expect(unhandled).toEqual([]);
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

function requestsOf(alias: string): RecordedRequest[] {
  return orgs.org(alias).standIn.requests;
}

/** Aborts `controller` as SIGINT would, right after the stand-in org records a matching request. */
function interruptOn(
  alias: string,
  controller: AbortController,
  matches: (request: RecordedRequest) => boolean
): void {
  const standIn = orgs.org(alias).standIn;
  const original = standIn.requests.push.bind(standIn.requests);
  standIn.requests.push = (...items) => {
    const length = original(...items);
    // After the stand-in has filled in the request's body.
    queueMicrotask(() => {
      if (items.some(matches)) controller.abort(new InterruptedError('SIGINT'));
    });
    return length;
  };
}

const isLoginJobCreation = (r: RecordedRequest) =>
  r.method === 'POST' &&
  r.path.endsWith('/jobs/query') &&
  /FROM LoginHistory/.test((r.body as { query?: string } | undefined)?.query ?? '');
const isJobPoll = (r: RecordedRequest) => r.method === 'GET' && /\/jobs\/query\/\w+$/.test(r.path);

/** The query job the org's pull created (it creates one: LoginHistory). */
function createdJobId(pull: OrgPull): string {
  expect(pull.abandonedJobs).toHaveLength(1);
  return pull.abandonedJobs![0].id;
}

describe('pullOrgs interrupted (Ctrl-C)', () => {
  it('stops while it waits for a query job: aborts the job, pulls no other org, leaves no cache file', async () => {
    orgs.org(A.alias).standIn.exportRoutes!.faults.jobPolls = 50; // the job stays InProgress
    // A long wait between polls: the interruption must end it, not outwait it.
    POLL_DELAYS_MS.first = 30_000;
    const controller = new AbortController();
    interruptOn(A.alias, controller, isJobPoll);
    const started = Date.now();
    const [a, b] = await pullOrgs(options({ signal: controller.signal }));
    // Woken from the 30 s wait between polls.
    expect(Date.now() - started).toBeLessThan(10_000);

    expect(a).toMatchObject({ status: 'partial', interrupted: true, stoppedByBudget: false });
    expect(a.data!.users).toHaveLength(A.users);
    expect(a.failures).toEqual([
      expect.stringMatching(
        /^LoginHistory from .* was not pulled completely: the pull was interrupted \(Ctrl-C\)\.$/
      )
    ]);
    const jobId = createdJobId(a);
    expect(a.abandonedJobs).toEqual([{ id: jobId, aborted: true, reason: null }]);
    expect(orgs.org(A.alias).standIn.exportRoutes!.jobState(jobId)).toBe('Aborted');
    // The abort is the last request: nothing more was asked after Ctrl-C.
    const last = requestsOf(A.alias).at(-1)!;
    expect(last).toMatchObject({ method: 'PATCH', body: { state: 'Aborted' } });
    expect(last.path).toMatch(new RegExp(`/jobs/query/${jobId}$`));
    expect(a.apiCalls).toBe(orgs.apiUsed(A.alias));

    expect(b).toMatchObject({ status: 'failed', interrupted: true, apiCalls: 0, data: null });
    expect(b.failures).toEqual(['org-b was not pulled: the pull was interrupted (Ctrl-C).']);
    expect(requestsOf(B.alias)).toEqual([]);

    // The cache writer's partial file is gone and no cache was committed.
    expect(fs.readdirSync(path.join(cacheDir, a.orgId!))).toEqual([]);
  });

  it('aborts a job whose creation was under way when Ctrl-C came', async () => {
    const controller = new AbortController();
    interruptOn(A.alias, controller, isLoginJobCreation);
    const [a, b] = await pullOrgs(options({ signal: controller.signal }));
    expect(a.interrupted).toBe(true);
    const jobId = createdJobId(a);
    expect(a.abandonedJobs![0].aborted).toBe(true);
    expect(orgs.org(A.alias).standIn.exportRoutes!.jobState(jobId)).toBe('Aborted');
    expect(requestsOf(A.alias).filter(isJobPoll)).toEqual([]);
    expect(b.interrupted).toBe(true);
    expect(fs.readdirSync(path.join(cacheDir, a.orgId!))).toEqual([]);
  });

  it('keeps an org pulled completely before Ctrl-C, and stops the next one', async () => {
    const controller = new AbortController();
    // Ctrl-C as org-b's pull starts (its /limits read): org-a is whole, cache included.
    interruptOn(B.alias, controller, (r) => r.path.endsWith('/limits'));
    const [a, b] = await pullOrgs(options({ signal: controller.signal }));
    expect(a).toMatchObject({ status: 'complete', interrupted: false, abandonedJobs: [] });
    expect(fs.existsSync(path.join(cacheDir, a.orgId!, 'meta.json'))).toBe(true);
    // Its /limits request was sent (and counted); nothing after it.
    expect(b).toMatchObject({ status: 'failed', interrupted: true, apiCalls: 1, data: null });
    expect(requestsOf(B.alias)).toHaveLength(1);
    expect(b.failures[0]).toMatch(/was not pulled: the pull was interrupted \(Ctrl-C\)\.$/);
  });

  it('sends nothing when interrupted before it starts', async () => {
    const controller = new AbortController();
    controller.abort(new InterruptedError('SIGTERM'));
    const pulls = await pullOrgs(options({ signal: controller.signal }));
    expect(pulls.map((p) => [p.org, p.status, p.interrupted, p.failures])).toEqual([
      [A.alias, 'failed', true, ['org-a was not pulled: the pull was interrupted (SIGTERM).']],
      [B.alias, 'failed', true, ['org-b was not pulled: the pull was interrupted (SIGTERM).']]
    ]);
    expect(requestsOf(A.alias)).toEqual([]);
    expect(requestsOf(B.alias)).toEqual([]);
  });
});

describe('OrgClient after an interruption', () => {
  /** A server that answers POST /jobs/query after `postDelayMs` and never answers anything else. */
  async function slowOrg(postDelayMs: number): Promise<{ url: string; close(): Promise<void> }> {
    const server = http.createServer((req, res) => {
      req.resume();
      if (req.method !== 'POST') return; // no answer, ever
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: '750000000000001', state: 'UploadComplete' }));
      }, postDelayMs);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () =>
        new Promise((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        })
    };
  }

  function clientOf(url: string, signal: AbortSignal): OrgClient {
    const conn = { instanceUrl: url, version: '62.0', accessToken: 'token' } as Connection;
    return new OrgClient(conn, new ApiBudget(0.75), signal);
  }

  const timeouts = { ...INTERRUPT_TIMEOUTS };
  afterEach(() => Object.assign(INTERRUPT_TIMEOUTS, timeouts));

  it('gives up aborting a job when the org does not answer within the time allowed', async () => {
    const org = await slowOrg(0);
    INTERRUPT_TIMEOUTS.abortRequestMs = 200;
    try {
      const controller = new AbortController();
      controller.abort(new InterruptedError('SIGINT'));
      const client = clientOf(org.url, controller.signal);
      const started = Date.now();
      await expect(client.abortQueryJob('750000000000001')).resolves.toBe(false);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(client.abandonedJobs).toEqual([
        { id: '750000000000001', aborted: false, reason: 'no answer within 0.2 s' }
      ]);
    } finally {
      await org.close();
    }
  });

  it('lets a job creation in flight finish within the grace time, and not beyond it', async () => {
    const org = await slowOrg(300);
    try {
      const interruptedSoon = () => {
        const controller = new AbortController();
        setTimeout(() => controller.abort(new InterruptedError('SIGINT')), 50);
        return controller.signal;
      };
      const job = await clientOf(org.url, interruptedSoon()).createQueryJob({ query: 'x' });
      expect(job).toEqual({ id: '750000000000001', state: 'UploadComplete' });

      INTERRUPT_TIMEOUTS.jobCreateGraceMs = 100;
      await expect(
        clientOf(org.url, interruptedSoon()).createQueryJob({ query: 'x' })
      ).rejects.toThrow(InterruptedError);
    } finally {
      await org.close();
    }
  });

  it('ends a wait at once when interrupted, and sends no request after', async () => {
    const controller = new AbortController();
    const client = clientOf('http://127.0.0.1:9', controller.signal);
    const started = Date.now();
    setTimeout(() => controller.abort(new InterruptedError('SIGINT')), 20);
    await expect(client.pause(30_000)).rejects.toThrow('the pull was interrupted (Ctrl-C)');
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect(client.json('GET', '/limits')).rejects.toThrow(InterruptedError);
    expect(client.calls).toBe(0);
  });

  it('takes a signal aborted without a reason as an interruption too', async () => {
    const controller = new AbortController();
    const client = clientOf('http://127.0.0.1:9', controller.signal);
    const waiting = client.pause(30_000);
    controller.abort();
    await expect(waiting).rejects.toThrow(new InterruptedError(null));
    await expect(client.json('GET', '/limits')).rejects.toThrow('the pull was interrupted');
  });
});
