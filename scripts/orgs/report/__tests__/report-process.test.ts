/**
 * `npm run report` as a process, sent real signals while a Bulk API 2.0 query
 * job of its pull runs (report.ts's own signal handling): one Ctrl-C aborts
 * the job, writes nothing and exits 130; a second one quits at once, still
 * leaving no partial cache file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RecordedRequest } from '../../../integration/stand-in/server';
import { startStandInOrgs, type StandInOrgs } from '../../stand-in/stand-in-orgs';

// LoginHistory of 150 demo users passes 10,000 rows: read through a query job.
const A = { alias: 'org-a', users: 150, seed: 1 };
const B = { alias: 'org-b', users: 30, seed: 2 };
const CHILD = path.join(__dirname, 'report-process-child.ts');
const TIMEOUT_MS = 60_000;

let orgs: StandInOrgs;
let dir: string;

beforeEach(async () => {
  orgs = await startStandInOrgs([A, B]);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'll-report-process-'));
});

afterEach(async () => {
  await orgs.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Run {
  child: ChildProcess;
  exited: Promise<number | null>;
  stderr(): string;
  outDir: string;
  cacheDir: string;
}

/** Starts `npm run report -o org-a -o org-b` over the stand-in orgs, org-a's query job held InProgress. */
function startReport(): Run {
  orgs.org(A.alias).standIn.exportRoutes!.faults.jobPolls = 1_000;
  const outDir = path.join(dir, 'out');
  const cacheDir = path.join(dir, 'cache');
  const args = ['-o', A.alias, '-o', B.alias, '--out', outDir, '--cache-dir', cacheDir];
  const child = spawn(process.execPath, ['-r', 'ts-node/register', CHILD, ...args], {
    env: {
      ...process.env,
      TS_NODE_TRANSPILE_ONLY: 'true',
      LL_STAND_IN_NOW: String(orgs.now),
      LL_STAND_IN_ORGS: JSON.stringify(
        orgs.orgs.map((o) => ({ alias: o.alias, url: o.standIn.url, token: o.standIn.adminToken }))
      )
    },
    stdio: ['ignore', 'pipe', 'pipe']
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  child.stdout!.resume();
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, exited, stderr: () => stderr, outDir, cacheDir };
}

/** Runs `hook` on each request org-a's stand-in receives. */
function onRequest(hook: (request: RecordedRequest) => void): void {
  const standIn = orgs.org(A.alias).standIn;
  const push = standIn.requests.push.bind(standIn.requests);
  standIn.requests.push = (...items) => {
    items.forEach(hook);
    return push(...items);
  };
}

const isJobPoll = (r: RecordedRequest) => r.method === 'GET' && /\/jobs\/query\/\w+$/.test(r.path);

/** The files under a folder (none when it does not exist). */
function filesUnder(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name);
}

it(
  'Ctrl-C (SIGINT) while a query job runs: job aborted, nothing written, exit 130',
  async () => {
    const run = startReport();
    onRequest((r) => {
      if (isJobPoll(r)) run.child.kill('SIGINT');
    });
    expect(await run.exited).toBe(130);

    const standIn = orgs.org(A.alias).standIn;
    const aborts = standIn.requests.filter((r) => r.method === 'PATCH');
    expect(aborts).toHaveLength(1);
    const jobId = /\/jobs\/query\/(\w+)$/.exec(aborts[0].path)![1];
    expect(standIn.exportRoutes!.jobState(jobId)).toBe('Aborted');
    const stderr = run.stderr();
    expect(stderr).toContain(
      'Ctrl-C: stopping the pull and aborting its open Bulk API 2.0 query jobs'
    );
    expect(stderr).toContain('Interrupted (Ctrl-C): nothing was written');
    expect(stderr).toMatch(
      new RegExp(`org-a: stopped after \\d+ API requests; Bulk API 2.0 query job ${jobId} aborted`)
    );
    expect(stderr).toContain('org-b: not pulled');
    expect(orgs.org(B.alias).standIn.requests).toEqual([]);
    expect(fs.existsSync(run.outDir)).toBe(false);
    // The partial LoginHistory.csv the pull was writing was removed.
    expect(filesUnder(run.cacheDir)).toEqual([]);
  },
  TIMEOUT_MS
);

it(
  'a second Ctrl-C quits at once, exit 130, and still leaves no partial cache file',
  async () => {
    const run = startReport();
    // The abort request's connection drops (three tries, about 300 ms): the second Ctrl-C comes meanwhile.
    orgs
      .org(A.alias)
      .standIn.addFault({ method: 'PATCH', path: /\/jobs\/query\/\w+$/, when: 'before', times: 3 });
    let first = true;
    onRequest((r) => {
      if (!isJobPoll(r) || !first) return;
      first = false;
      run.child.kill('SIGINT');
      const again = setInterval(() => {
        if (!run.stderr().includes('Ctrl-C: stopping the pull')) return;
        clearInterval(again);
        run.child.kill('SIGINT');
      }, 5);
      void run.exited.then(() => clearInterval(again));
    });
    expect(await run.exited).toBe(130);
    expect(run.stderr()).toContain('Ctrl-C again: quitting at once');
    expect(run.stderr()).not.toContain('Interrupted (Ctrl-C): nothing was written');
    expect(fs.existsSync(run.outDir)).toBe(false);
    expect(filesUnder(run.cacheDir)).toEqual([]);
  },
  TIMEOUT_MS
);
