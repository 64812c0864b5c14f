/**
 * `npm run report` end to end over two stand-in orgs (scripts/orgs/stand-in)
 * through the collector's pullOrgs: complete, one org unreachable, and the
 * API budget stopping a pull.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { POLL_DELAYS_MS } from '../../pull/queries';
import { startStandInOrgs, type StandInOrgs } from '../../stand-in/stand-in-orgs';
import { bindPullOrgs } from '../../multi-org/bind-pull';
import { runReportCli } from '../report-cli';
import { EXIT, type ReportSummary } from '../run-report';

const A = { alias: 'org-a', users: 80, seed: 1 };
const B = { alias: 'org-b', users: 50, seed: 2 };

let orgs: StandInOrgs;
let dir: string;

beforeAll(() => {
  POLL_DELAYS_MS.first = 5;
});

beforeEach(async () => {
  orgs = await startStandInOrgs([A, B]);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'll-report-si-'));
});

afterEach(async () => {
  await orgs.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function report(
  ...extra: string[]
): Promise<{ code: number; summary: ReportSummary; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runReportCli(
    [
      '-o',
      A.alias,
      '-o',
      B.alias,
      '--out',
      path.join(dir, 'out'),
      '--json',
      '--no-cache',
      ...extra
    ],
    { stdout: (t) => out.push(t), stderr: (t) => err.push(t) },
    (options) => bindPullOrgs(options, orgs.connect, orgs.now),
    orgs.now
  );
  return { code, summary: JSON.parse(out.join('')) as ReportSummary, err: err.join('') };
}

describe('npm run report over two stand-in orgs', () => {
  it('reports both orgs and the merged view, exit 0', async () => {
    const { code, summary, err } = await report('--format', 'html,csv,xlsx');
    expect(code).toBe(EXIT.complete);
    expect(summary.orgs.map((o) => [o.org, o.status])).toEqual([
      [A.alias, 'complete'],
      [B.alias, 'complete']
    ]);
    const [a, b] = summary.orgs.map((o) => o.counts!);
    expect(summary.consolidated!.counts!.users).toBe(a.users + b.users);
    expect(summary.consolidated!.counts!.seatsBought).toBe(a.seatsBought + b.seatsBought);
    expect(summary.orgs.every((o) => o.apiCalls > 0)).toBe(true);
    expect(summary.consolidated).toMatchObject({
      status: 'complete',
      apiCalls: summary.orgs[0].apiCalls + summary.orgs[1].apiCalls,
      stoppedByBudget: false
    });
    expect(summary.files).toHaveLength(9);
    expect(err).toContain(`${A.alias}:`);
    const html = fs.readFileSync(path.join(dir, 'out', 'license-lens-report.html'), 'utf8');
    expect(html).not.toContain('This report is incomplete');
  });

  it('still reports the other org when one cannot be reached, exit 1', async () => {
    await orgs.makeUnreachable(B.alias);
    const { code, summary } = await report('--format', 'html');
    expect(code).toBe(EXIT.partial);
    expect(summary.orgs[0]).toMatchObject({ org: A.alias, status: 'complete' });
    expect(summary.orgs[0].counts!.users).toBeGreaterThan(0);
    expect(summary.orgs[1]).toMatchObject({ org: B.alias, status: 'failed', counts: null });
    expect(summary.orgs[1].failures.join(' ')).toMatch(/org-b/);
    const html = fs.readFileSync(path.join(dir, 'out', 'license-lens-report.html'), 'utf8');
    expect(html).toContain('This report is incomplete');
    expect(html).toContain('<strong>org-b</strong> (failed)');
  });

  it('names the org whose pull the API budget stopped, exit 1', async () => {
    orgs.setApiUsage(A.alias, { max: 1000, used: 740 });
    const { code, summary } = await report('--format', 'csv', '--max-api-share', '0.75');
    expect(code).toBe(EXIT.partial);
    expect(summary.orgs[0]).toMatchObject({
      org: A.alias,
      status: 'partial',
      stoppedByBudget: true
    });
    expect(summary.orgs[0].failures.join(' ')).toMatch(/API budget was reached/);
    expect(orgs.apiUsed(A.alias)).toBeLessThanOrEqual(750);
    expect(summary.orgs[1]).toMatchObject({ org: B.alias, status: 'complete' });
    const failures = fs.readFileSync(path.join(dir, 'out', 'failures.csv'), 'utf8');
    expect(failures).toContain('org-a,partial,');
  });
});
