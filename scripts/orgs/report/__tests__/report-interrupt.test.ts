/**
 * `npm run report` interrupted (Ctrl-C / SIGTERM, the signal report.ts aborts)
 * over two stand-in orgs: the open query job is aborted, nothing is written,
 * stderr names each org's fate, the exit code is 130 (143 for SIGTERM).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { POLL_DELAYS_MS, QUERY_SIZES } from '../../pull/queries';
import { InterruptedError } from '../../pull/pull-errors';
import { startStandInOrgs, type StandInOrgs } from '../../stand-in/stand-in-orgs';
import { bindPullOrgs } from '../../multi-org/bind-pull';
import { runReportCli } from '../report-cli';
import { EXIT } from '../run-report';

const A = { alias: 'org-a', users: 40, seed: 1 };
const B = { alias: 'org-b', users: 30, seed: 2 };

let orgs: StandInOrgs;
let dir: string;
const sizes = { ...QUERY_SIZES };
const delays = { ...POLL_DELAYS_MS };

beforeAll(() => {
  // User (40 rows) is read through a Bulk API 2.0 job; a long wait between its polls.
  QUERY_SIZES.bulkThresholdRows = 10;
  POLL_DELAYS_MS.first = 30_000;
});

afterAll(() => {
  Object.assign(QUERY_SIZES, sizes);
  Object.assign(POLL_DELAYS_MS, delays);
});

beforeEach(async () => {
  orgs = await startStandInOrgs([A, B]);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'll-report-int-'));
});

afterEach(async () => {
  await orgs.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function report(
  signal: AbortSignal
): Promise<{ code: number; out: string; err: string; outDir: string; cacheDir: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const outDir = path.join(dir, 'out');
  const cacheDir = path.join(dir, 'cache');
  const code = await runReportCli(
    ['-o', A.alias, '-o', B.alias, '--out', outDir, '--json', '--cache-dir', cacheDir],
    { stdout: (t) => out.push(t), stderr: (t) => err.push(t) },
    (options) => bindPullOrgs(options, orgs.connect, orgs.now),
    orgs.now,
    signal
  );
  return { code, out: out.join(''), err: err.join(''), outDir, cacheDir };
}

describe('npm run report interrupted', () => {
  it('Ctrl-C while a query job runs: the job is aborted, nothing is written, exit 130', async () => {
    const standIn = orgs.org(A.alias).standIn;
    standIn.exportRoutes!.faults.jobPolls = 50; // the User job stays InProgress
    const controller = new AbortController();
    const push = standIn.requests.push.bind(standIn.requests);
    standIn.requests.push = (...items) => {
      if (items.some((r) => r.method === 'GET' && /\/jobs\/query\/\w+$/.test(r.path)))
        controller.abort(new InterruptedError('SIGINT'));
      return push(...items);
    };
    const started = Date.now();
    const { code, out, err, outDir, cacheDir } = await report(controller.signal);
    expect(Date.now() - started).toBeLessThan(10_000);

    expect(code).toBe(EXIT.interrupted);
    expect(code).toBe(130);
    const aborts = standIn.requests.filter((r) => r.method === 'PATCH');
    expect(aborts).toHaveLength(1);
    const jobId = /\/jobs\/query\/(\w+)$/.exec(aborts[0].path)![1];
    expect(standIn.exportRoutes!.jobState(jobId)).toBe('Aborted');
    const aCalls = standIn.requests.length;

    expect(err).toContain(
      'Interrupted (Ctrl-C): nothing was written; no partial cache file is left.'
    );
    expect(err).toContain(
      `  org-a: stopped after ${aCalls} API requests; Bulk API 2.0 query job ${jobId} aborted\n  org-b: not pulled`
    );
    expect(JSON.parse(out)).toEqual({
      status: 'interrupted',
      exitCode: 130,
      signal: 'SIGINT',
      orgs: [
        {
          org: A.alias,
          status: 'stopped',
          apiCalls: aCalls,
          queryJobs: [{ id: jobId, aborted: true, reason: null }]
        },
        { org: B.alias, status: 'notPulled', apiCalls: 0, queryJobs: [] }
      ]
    });
    expect(fs.existsSync(outDir)).toBe(false);
    expect(fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir, { recursive: true }) : []).toEqual(
      []
    );
    expect(orgs.org(B.alias).standIn.requests).toEqual([]);
  });

  it('SIGTERM before the pull: nothing is pulled or written, exit 143', async () => {
    const controller = new AbortController();
    controller.abort(new InterruptedError('SIGTERM'));
    const { code, err, outDir } = await report(controller.signal);
    expect(code).toBe(EXIT.terminated);
    expect(code).toBe(143);
    expect(err).toContain('Interrupted (SIGTERM)');
    expect(fs.existsSync(outDir)).toBe(false);
    expect(orgs.org(A.alias).standIn.requests).toEqual([]);
  });
});
