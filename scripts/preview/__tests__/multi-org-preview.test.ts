/**
 * `npm start -- --target-org A --target-org B`, server side, over two
 * stand-in orgs (scripts/orgs/stand-in) pulled by the collector's pullOrgs:
 * the org filter's views, Apex calls answered from the calling page's org,
 * and failed or partial orgs named. The bundle is a stand-in file (the page
 * itself is not driven).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LicenseSeatDto } from '../../../force-app/types/contract';
import { bindPullOrgs } from '../../orgs/multi-org/bind-pull';
import { POLL_DELAYS_MS } from '../../orgs/pull/queries';
import { startStandInOrgs, type StandInOrgs } from '../../orgs/stand-in/stand-in-orgs';
import { startLivePreview, type RunningPreview } from '../start-preview';
import { cleanUp, tempDir } from './helpers';

const A = { alias: 'org-a', users: 40, seed: 1 };
const B = { alias: 'org-b', users: 30, seed: 2 };

let orgs: StandInOrgs;
let preview: RunningPreview | null = null;
let bundleFile: string;
let lines: string[];

beforeAll(() => {
  POLL_DELAYS_MS.first = 5;
  bundleFile = path.join(tempDir(), 'preview.js');
  fs.writeFileSync(bundleFile, '/* bundle */');
});

beforeEach(async () => {
  orgs = await startStandInOrgs([A, B]);
  lines = [];
});

afterEach(async () => {
  await preview?.close();
  preview = null;
  await orgs.close();
});

afterAll(cleanUp);

async function start(targetOrgs = [A.alias, B.alias]): Promise<RunningPreview> {
  preview = await startLivePreview(
    {
      targetOrgs,
      now: orgs.now,
      port: 0,
      pull: bindPullOrgs({ maxApiShare: 0.75, cacheDir: null }, orgs.connect, orgs.now)
    },
    { file: bundleFile, rootBundle: 'llDashboard' },
    (line) => lines.push(line)
  );
  return preview;
}

function apex(running: RunningPreview, method: string, referer?: string): Promise<Response> {
  return fetch(`${running.url}apex/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(referer && { Referer: referer }) },
    body: '{}'
  });
}

async function seats(running: RunningPreview, key: string): Promise<LicenseSeatDto[]> {
  const response = await apex(
    running,
    'LL_LicenseController.getLicenseSeats',
    `${running.url}?org=${key}`
  );
  expect(response.status).toBe(200);
  return (await response.json()) as LicenseSeatDto[];
}

const totalOf = (list: LicenseSeatDto[], name: string) =>
  list.filter((s) => s.name === name).reduce((sum, s) => sum + s.total, 0);

describe('npm start --target-org over two stand-in orgs', () => {
  it('offers All orgs and each org, and answers each page from its own org', async () => {
    const running = await start();
    expect(running.views!.map((v) => [v.key, v.label])).toEqual([
      ['all', 'All orgs'],
      ['1', A.alias],
      ['2', B.alias]
    ]);
    const status = await (await fetch(`${running.url}preview/status`)).json();
    expect(status.orgs).toMatchObject({ selected: 'all', incomplete: [] });
    expect(status.orgs.choices.map((c: { key: string }) => c.key)).toEqual(['all', '1', '2']);
    const orgB = await (await fetch(`${running.url}preview/status?org=2`)).json();
    expect(orgB.orgs.selected).toBe('2');
    expect(orgB.source).toBe(running.views![2].data.source);

    const [all, a, b] = await Promise.all(['all', '1', '2'].map((key) => seats(running, key)));
    expect(a).not.toEqual(b);
    const name = a.find((s) => s.source === 'UserLicense')!.name;
    expect(totalOf(all, name)).toBe(totalOf(a, name) + totalOf(b, name));

    const users = running.views![0].data.users.length;
    expect(users).toBe(running.views![1].data.users.length + running.views![2].data.users.length);
    expect(lines.join('\n')).toContain('All orgs:');
  });

  it('refuses an Apex call whose page it cannot tell, and an unknown view', async () => {
    const running = await start();
    const noReferer = await apex(running, 'LL_InsightsController.getOrgContext');
    expect(noReferer.status).toBe(400);
    expect((await noReferer.json()).message).toContain('cannot tell which one');
    const unknown = await apex(
      running,
      'LL_InsightsController.getOrgContext',
      `${running.url}?org=9`
    );
    expect(unknown.status).toBe(404);
    expect((await fetch(`${running.url}preview/status?org=9`)).status).toBe(404);
    // A page is always served with its ?org=; a Referer without one (trimmed) is refused.
    const page = await fetch(running.url, { redirect: 'manual' });
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/?org=all');
    expect((await fetch(`${running.url}?org=2`)).status).toBe(200);
    const trimmed = await apex(running, 'LL_LicenseController.getLicenseSeats', running.url);
    expect(trimmed.status).toBe(400);
    expect((await trimmed.json()).message).toContain('named none');
  });

  it('names an org that could not be reached, in the log and the status, and serves the other', async () => {
    await orgs.makeUnreachable(B.alias);
    const running = await start();
    expect(running.views!.map((v) => v.label)).toEqual([A.alias]);
    const status = await (await fetch(`${running.url}preview/status`)).json();
    expect(status.orgs.incomplete).toEqual([
      expect.objectContaining({ org: B.alias, status: 'failed' })
    ]);
    expect(lines.some((line) => line.startsWith(`WARNING: ${B.alias}: failed`))).toBe(true);
    expect((await seats(running, '1')).length).toBeGreaterThan(0);
  });

  it('marks an org the API budget stopped as partial', async () => {
    orgs.setApiUsage(A.alias, { max: 1000, used: 740 });
    const running = await start();
    const status = await (await fetch(`${running.url}preview/status`)).json();
    expect(status.orgs.choices).toContainEqual({ key: '1', label: A.alias, status: 'partial' });
    expect(status.orgs.incomplete[0].failures.join(' ')).toMatch(/API budget was reached/);
  });

  it('never pretends to reclaim on the copy: reclaim and policy runs are refused, naming the org; the policy preview reads', async () => {
    const running = await start();
    const call = (method: string, key: string, body: unknown) =>
      fetch(`${running.url}apex/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Referer: `${running.url}?org=${key}` },
        body: JSON.stringify(body)
      });
    const orgA = running.views![1].data;
    const target = orgA.users.find((user) => user.isActive && !orgA.frozenUserIds.has(user.id))!;
    const request = {
      action: 'Freeze',
      userIds: [target.id],
      reason: 'Left the company',
      requestId: 'live-copy-1'
    };
    for (const method of ['LL_ReclaimController.previewReclaim', 'LL_ReclaimController.reclaim']) {
      const refused = await call(method, '1', request);
      expect(refused.status).toBe(400);
      expect((await refused.json()).message).toBe(
        `This preview shows a copy of ${A.alias} read through the API; License Lens reclaims only from inside the org. Nothing was changed.`
      );
    }
    const merged = await call('LL_ReclaimController.reclaim', 'all', request);
    expect(merged.status).toBe(400);
    expect((await merged.json()).message).toContain(
      `a copy of 2 orgs (${A.alias}, ${B.alias}) read through the API`
    );
    expect(orgA.frozenUserIds.has(target.id)).toBe(false);
    expect(running.views![0].data.frozenUserIds.has(target.id)).toBe(false);

    const night = await call('Preview.runReclaimPoliciesDaysLater', '1', { days: 14 });
    expect(night.status).toBe(400);
    expect((await night.json()).message).toMatch(
      /License Lens runs reclaim policies only from inside the org\. Nothing was changed\.$/
    );
    const preview = await call('LL_ReclaimController.previewPolicy', '2', {
      policyName: 'Sample_Full_License_90_Days'
    });
    expect(preview.status).toBe(200);
    expect((await preview.json()).note).toContain(`a copy of ${B.alias} read through the API`);
    const trail = await call('Preview.reclaimPolicyAuditTrail', '1', {});
    expect(await trail.json()).toEqual([]);
  });

  it('fails to start when no org can be pulled, naming each', async () => {
    await orgs.makeUnreachable(A.alias);
    await orgs.makeUnreachable(B.alias);
    await expect(start()).rejects.toThrow(/No org could be pulled: org-a: .*org-b: /);
  });
});
