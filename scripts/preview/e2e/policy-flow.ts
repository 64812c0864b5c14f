/**
 * Issue 12's browser test: an admin creates a reclaim policy on the page,
 * simulates it, and the preview runs it over the demo org on an advanced
 * clock (notice, then freeze, then deactivation); between the freeze and the
 * deactivation the admin unfreezes one user from the dashboard (a false
 * positive). The page then shows the policy's audit rows (each candidate's
 * step, read from them) and the reclaim outcomes: seats freed, their list
 * price, users frozen and reclaims that came back within 30 days, per month,
 * department and policy. Expected values are computed here, in node, from the raw demo
 * records and from the audit trail the preview exposes
 * (Preview.reclaimPolicyAuditTrail), never through the page's own rules.
 *
 * Its own preview (the run changes the org's users) with --policies-enabled:
 * the kill switch lives in custom metadata, which the page cannot change.
 * A person cannot advance time, so the nights are run through the preview's
 * Preview.runReclaimPoliciesDaysLater; the browser's clock is then set to the
 * preview's (as an org's page and server agree on the day), since the
 * outcomes card asks for the months ending "today".
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { readOrgMetadata, type OrgMetadata } from '../controller/custom-metadata';
import type { PolicyAuditRow, NightlyRunResult } from '../controller/policy-controller';
import { createDemoOrg, type DemoOrg } from '../demo-org/demo-org';
import type { SfRecord } from '../data/sf-export-format';
import { startPreview, type RunningPreview } from '../start-preview';
import { CARD_TIMEOUT_MS, openPage, type PageSession } from './dashboard-page';
import { expectEqual, expectTrue, type Check } from './harness';

const DAY_MS = 86_400_000;

/** The policy the admin types into the editor. */
export const E2E_POLICY = {
  label: 'E2E Full License 90 Days',
  /** What the editor derives from the label (developerNameOf). */
  name: 'E2E_Full_License_90_Days',
  licenseKey: 'Salesforce',
  inactivityDays: 90,
  noticeDays: 14,
  deactivateAfterFrozenDays: 30,
  maxActionsPerRun: 30
} as const;

const PLATFORM_USER_TYPES = new Set(['Guest', 'AutomatedProcess']);
const CARD = 'c-ll-reclaim-policies';
const EDITOR = 'c-ll-policy-editor';
const SIMULATION = 'c-ll-policy-simulation';
const OUTCOMES = 'c-ll-reclaim-outcomes';

/** One call to the preview's local Apex (the page's own endpoint), as JSON. */
export async function callPreview<T>(
  preview: RunningPreview,
  qualifiedName: string,
  params: Record<string, unknown> = {}
): Promise<T> {
  const response = await fetch(`${preview.url}apex/${qualifiedName}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(params)
  });
  const body = (await response.json()) as T & { message?: string };
  if (!response.ok) throw new Error(`${qualifiedName}: HTTP ${response.status} ${body.message}`);
  return body;
}

/** A raw demo user as the test needs it. */
interface RawUser {
  id: string;
  username: string;
  isActive: boolean;
  userType: string;
  createdDate: number;
  lastLoginDate: number | null;
  department: string | null;
  licenseName: string | null;
  licenseKey: string | null;
}

function rawUsers(demo: DemoOrg): Map<string, RawUser> {
  return new Map(
    [...demo.records('User')].map((record: SfRecord) => {
      const profile = record.Profile as {
        UserLicense?: { Name?: string; LicenseDefinitionKey?: string };
      } | null;
      const user: RawUser = {
        id: record.Id as string,
        username: record.Username as string,
        isActive: record.IsActive === true,
        userType: record.UserType as string,
        createdDate: Date.parse(record.CreatedDate as string),
        lastLoginDate:
          typeof record.LastLoginDate === 'string' ? Date.parse(record.LastLoginDate) : null,
        department: (record.Department as string | null) ?? null,
        licenseName: profile?.UserLicense?.Name ?? null,
        licenseKey: profile?.UserLicense?.LicenseDefinitionKey ?? null
      };
      return [user.id, user];
    })
  );
}

/** Active users of the policy's license (not run by Salesforce), from the raw records. */
function licenseUsers(users: Map<string, RawUser>): RawUser[] {
  return [...users.values()].filter(
    (user) =>
      user.isActive &&
      !PLATFORM_USER_TYPES.has(user.userType) &&
      (user.licenseName === E2E_POLICY.licenseKey || user.licenseKey === E2E_POLICY.licenseKey)
  );
}

/** Who is past the threshold at `now`: created and last logged in before the cutoff. */
function pastThreshold(users: RawUser[], now: number): Set<string> {
  const cutoff = now - E2E_POLICY.inactivityDays * DAY_MS;
  return new Set(
    users
      .filter(
        (user) =>
          user.createdDate < cutoff && (user.lastLoginDate === null || user.lastLoginDate < cutoff)
      )
      .map((user) => user.id)
  );
}

/** The monthly list price of a license, from the LL_License_Price records (key = definition key or name). */
function monthlyPriceOf(metadata: OrgMetadata, user: RawUser): number {
  const price =
    metadata.prices.find((entry) => entry.licenseKey === user.licenseKey) ??
    metadata.prices.find((entry) => entry.licenseKey === user.licenseName);
  if (!price) throw new Error(`No list price for ${user.licenseName}: the oracle needs one.`);
  return price.monthlyPrice;
}

function money(amount: number): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(amount);
}

/** "1,234" or "$1,234.50" → 1234 / 1234.5. */
function numberOf(text: string): number {
  const value = Number(text.replace(/[^\d.-]/g, ''));
  if (text.trim() === '' || Number.isNaN(value)) throw new Error(`Not a number: "${text}".`);
  return value;
}

async function click(locator: Locator): Promise<void> {
  await locator.click({ timeout: CARD_TIMEOUT_MS });
}

/** The policy card's row of the E2E policy as { column: text }. */
async function readPolicyRow(page: Page): Promise<Record<string, string>> {
  const row = page
    .locator(`${CARD} tr[data-id="policy-row"]`)
    .filter({ hasText: E2E_POLICY.label });
  await row.waitFor({ timeout: CARD_TIMEOUT_MS });
  const cells = await row.locator('th, td').allInnerTexts();
  const [label, license, ladder, cap, mode, nightly] = cells.map((cell) => cell.trim());
  return { label, license, ladder, cap, mode, nightly };
}

/** Waits for the editor's status line to say the deployment completed. */
async function waitForSaved(page: Page): Promise<string> {
  const status = page.locator(`${EDITOR} p[data-id="status"]`);
  await status.filter({ hasText: /^Saved\./ }).waitFor({ timeout: CARD_TIMEOUT_MS });
  return (await status.innerText()).trim();
}

/** Creates the policy through the editor, typing in its labelled inputs. */
async function createPolicy(page: Page): Promise<void> {
  await click(page.getByRole('button', { name: 'New policy' }));
  const editor = page.locator(EDITOR);
  await editor.getByRole('heading', { name: 'New reclaim policy' }).waitFor();
  await editor.getByLabel(/Label$/).fill(E2E_POLICY.label);
  expectEqual(
    await editor.getByLabel(/API name$/).inputValue(),
    E2E_POLICY.name,
    'API name derived from the label'
  );
  await editor.getByLabel(/^\*?\s*License$/).fill(E2E_POLICY.licenseKey);
  await editor.getByLabel(/Inactivity days$/).fill(String(E2E_POLICY.inactivityDays));
  await editor.getByLabel(/Notice days$/).fill(String(E2E_POLICY.noticeDays));
  await editor
    .getByLabel(/Deactivate after frozen days$/)
    .fill(String(E2E_POLICY.deactivateAfterFrozenDays));
  await editor.getByLabel(/Cap per run$/).fill(String(E2E_POLICY.maxActionsPerRun));
  await click(editor.getByRole('button', { name: 'Create policy' }));
  const saved = await waitForSaved(page);
  expectTrue(
    saved.includes(`Deployed: reclaim policy ${E2E_POLICY.name}`),
    `editor status after the save: "${saved}"`
  );
}

/** Edits the policy: live (dry run off) and active. */
async function switchPolicyOn(page: Page): Promise<void> {
  await click(page.getByRole('button', { name: `Edit ${E2E_POLICY.label}` }));
  const editor = page.locator(EDITOR);
  await editor
    .getByRole('heading', { name: `Edit reclaim policy ${E2E_POLICY.name}` })
    .waitFor({ timeout: CARD_TIMEOUT_MS });
  const dryRun = editor.getByLabel(/^Dry run/);
  const active = editor.getByLabel(/^Active/);
  await dryRun.waitFor({ state: 'attached', timeout: CARD_TIMEOUT_MS });
  expectEqual(
    [await dryRun.isChecked(), await active.isChecked()],
    [true, false],
    'a new policy is a dry run and inactive'
  );
  // The SLDS checkbox draws its box on the label: click there, as a person does.
  await click(editor.locator('label.slds-checkbox__label').filter({ hasText: 'Dry run' }));
  await click(editor.locator('label.slds-checkbox__label').filter({ hasText: 'Active' }));
  expectEqual(
    [await dryRun.isChecked(), await active.isChecked()],
    [false, true],
    'checkboxes after the clicks'
  );
  await click(editor.getByRole('button', { name: 'Save changes' }));
  await waitForSaved(page);
  await click(editor.getByRole('button', { name: 'Close' }));
  await editor.waitFor({ state: 'detached' });
}

/** The simulation's figures table as { key: text }. */
async function readSimulation(page: Page): Promise<Record<string, string>> {
  const table = page.locator(`${SIMULATION} table[data-id="simulation-figures"]`);
  await table.waitFor({ timeout: CARD_TIMEOUT_MS });
  return table
    .locator('tbody tr')
    .evaluateAll((rows) =>
      Object.fromEntries(
        rows.map((row) => [
          (row as HTMLElement).dataset.id ?? '',
          (row.querySelector('td') as HTMLElement | null)?.innerText.trim() ?? ''
        ])
      )
    );
}

async function readSimulationLicenses(page: Page): Promise<string[][]> {
  return page
    .locator(`${SIMULATION} table[data-id="simulation-licenses"] tbody tr`)
    .evaluateAll((rows) =>
      rows.map((row) =>
        Array.from(row.querySelectorAll('th, td')).map((cell) =>
          (cell as HTMLElement).innerText.trim()
        )
      )
    );
}

/** The candidates of the policy's first page, as { username: [step, why, due] }. */
async function readCandidates(page: Page): Promise<Map<string, { step: string; why: string }>> {
  await click(page.getByRole('button', { name: `Preview the candidates of ${E2E_POLICY.label}` }));
  const rows = page.locator(`${CARD} tr[data-id="candidate-row"]`);
  await rows.first().waitFor({ timeout: CARD_TIMEOUT_MS });
  const cells = await rows.evaluateAll((trs) =>
    trs.map((tr) =>
      Array.from(tr.querySelectorAll('th, td')).map((cell) =>
        (cell as HTMLElement).innerText.trim()
      )
    )
  );
  return new Map(cells.map(([username, , step, , why]) => [username, { step, why }]));
}

/** Opens the page with the browser's clock on the preview's "now". */
async function openAt(browser: Browser, preview: RunningPreview, now: number) {
  const session = await openPage(browser, preview.url, { fixedTime: now });
  await session.page
    .locator(`${CARD} lightning-card`)
    .first()
    .waitFor({ timeout: CARD_TIMEOUT_MS });
  return session;
}

/** One night of the job, `days` after the previous one. */
async function runNight(preview: RunningPreview, days: number): Promise<NightlyRunResult> {
  const run = await callPreview<NightlyRunResult>(preview, 'Preview.runReclaimPoliciesDaysLater', {
    days
  });
  expectEqual(run.stopReason, null, `the night ${run.ranAt} stopped`);
  return run;
}

function rowsOf(trail: PolicyAuditRow[], action: string, status = 'Succeeded'): PolicyAuditRow[] {
  return trail.filter(
    (row) => row.policy === E2E_POLICY.name && row.action === action && row.status === status
  );
}

/** The check: create, simulate, run three nights, find the audit rows and outcomes. */
export function policyFlowCheck(
  browser: () => Browser,
  demoOrg: { users: number; seed: number; now: number }
): Check {
  return {
    name:
      'reclaim policy: created in the editor, simulated, run live on an advanced clock ' +
      '(notice, freeze, an unfreeze from the dashboard, deactivation); audit rows and outcomes on the page',
    run: async () => {
      const metadata = readOrgMetadata();
      const demo = createDemoOrg(demoOrg);
      const users = rawUsers(demo);
      const ofLicense = licenseUsers(users);
      const frozenBefore = new Set(
        [...demo.records('UserLogin')].filter((r) => r.IsFrozen === true).map((r) => r.UserId)
      );
      const preview = await startPreview({ ...demoOrg, port: 0, policiesEnabled: true });
      const sessions: PageSession[] = [];
      const problems = () => sessions.flatMap((session) => session.problems);
      try {
        const t0 = demoOrg.now;
        let session = await openAt(browser(), preview, t0);
        sessions.push(session);
        const { page } = session;
        await expectKillSwitchOn(page);

        // 1. Create the policy in the editor; the card lists it, inactive and a dry run.
        await createPolicy(page);
        expectEqual(
          await readPolicyRow(page),
          {
            label: E2E_POLICY.label,
            license: E2E_POLICY.licenseKey,
            ladder: `${E2E_POLICY.inactivityDays} days inactive, ${E2E_POLICY.noticeDays} days notice, deactivates after ${E2E_POLICY.deactivateAfterFrozenDays} days frozen`,
            cap: `${E2E_POLICY.maxActionsPerRun} steps a night`,
            mode: 'Dry run',
            nightly: 'Inactive'
          },
          'the new policy in the list'
        );
        await click(page.locator(EDITOR).getByRole('button', { name: 'Close' }));
        await switchPolicyOn(page);
        const row = await readPolicyRow(page);
        expectEqual([row.mode, row.nightly], ['Live', 'Active'], 'the policy after the edit');

        // 2. Simulate it: the figures agree with the demo records and with each other.
        await click(
          page.getByRole('button', { name: `Simulate ${E2E_POLICY.label} over the last 180 days` })
        );
        await expectSimulation(page, metadata, ofLicense);

        // 3. Night 1: notices to the first `cap` users past the threshold (raw records).
        const eligible = pastThreshold(ofLicense, t0);
        expectTrue(
          eligible.size > E2E_POLICY.maxActionsPerRun,
          `the demo org needs more candidates than the cap (${eligible.size})`
        );
        const night1 = await runNight(preview, 0);
        expectEqual(
          night1.policies.find((p) => p.name === E2E_POLICY.name)?.steps,
          { Notify: E2E_POLICY.maxActionsPerRun, Freeze: 0, Deactivate: 0 },
          'night 1 steps'
        );
        let trail = await auditTrail(preview);
        const noticed = rowsOf(trail, 'Notify');
        expectEqual(noticed.length, E2E_POLICY.maxActionsPerRun, 'Succeeded Notify rows');
        expectTrue(
          noticed.every((r) => eligible.has(r.userId)),
          'a notice went to a user who is not past the threshold in the raw records'
        );
        const noticedIds = new Set(noticed.map((r) => r.userId));
        expectTrue(
          noticed.every((r) => !frozenBefore.has(r.userId)),
          'a notice went to a user frozen before the policy ran'
        );
        await expectOutbox(preview, noticedIds, t0);

        // The page reads those rows: each noticed user waits for the freeze, the others get notice.
        await session.close();
        session = await openAt(browser(), preview, t0);
        sessions.push(session);
        const freezeDay = new Date(t0 + E2E_POLICY.noticeDays * DAY_MS).toISOString().slice(0, 10);
        const noticeDay = new Date(t0).toISOString().slice(0, 10);
        const candidates = await readCandidates(session.page);
        let waiting = 0;
        for (const [username, shown] of candidates) {
          const user = [...users.values()].find((u) => u.username === username);
          if (user && noticedIds.has(user.id)) {
            waiting += 1;
            expectEqual(
              shown,
              { step: 'Wait', why: `Noticed on ${noticeDay}; freeze due on ${freezeDay}.` },
              `candidate ${username}`
            );
          } else if (user && frozenBefore.has(user.id)) {
            expectEqual(
              shown,
              {
                step: 'Nothing more',
                why: 'Already frozen, not by this policy: the policy leaves the user alone.'
              },
              `candidate ${username} (frozen in the demo org)`
            );
          } else {
            expectEqual(shown.step, 'Give notice', `candidate ${username} (not noticed yet)`);
          }
        }
        expectTrue(waiting > 0, 'no noticed user on the first page of candidates');

        // 4. Night 2, 14 days later: the noticed users are frozen (the cap is spent on them).
        const night2 = await runNight(preview, E2E_POLICY.noticeDays);
        expectEqual(
          night2.policies.find((p) => p.name === E2E_POLICY.name)?.steps,
          { Notify: 0, Freeze: E2E_POLICY.maxActionsPerRun, Deactivate: 0 },
          'night 2 steps'
        );
        trail = await auditTrail(preview);
        const frozen = rowsOf(trail, 'Freeze');
        expectEqual(
          frozen.map((r) => r.userId).sort(),
          [...noticedIds].sort(),
          'users frozen = users noticed'
        );

        // 5. Night 2b, a day later: the cap is free again, so the next users past the threshold
        //    (raw records) get notice; the frozen ones wait for their deactivation.
        const t2b = t0 + (E2E_POLICY.noticeDays + 1) * DAY_MS;
        const nextEligible = [...pastThreshold(ofLicense, t2b)].filter(
          (id) => !noticedIds.has(id) && !frozenBefore.has(id)
        );
        const night2b = await runNight(preview, 1);
        const secondNotices = Math.min(E2E_POLICY.maxActionsPerRun, nextEligible.length);
        expectTrue(secondNotices > 0, 'nobody new past the threshold on night 2b');
        expectEqual(
          night2b.policies.find((p) => p.name === E2E_POLICY.name)?.steps,
          { Notify: secondNotices, Freeze: 0, Deactivate: 0 },
          'night 2b steps'
        );

        // 6. The admin unfreezes one frozen user from the dashboard (a false positive).
        const comeback = users.get([...noticedIds].sort()[0])!;
        await session.close();
        session = await openAt(browser(), preview, t2b);
        sessions.push(session);
        await unfreezeOnPage(session.page, comeback);
        expectTrue(
          !preview.data.frozenUserIds.has(comeback.id),
          `${comeback.username} is still frozen in the org`
        );
        const frozenDay = new Date(t0 + E2E_POLICY.noticeDays * DAY_MS).toISOString().slice(0, 10);
        const shownComeback = (await readCandidates(session.page)).get(comeback.username);
        expectEqual(
          shownComeback,
          {
            step: 'Nothing more',
            why: `Frozen on ${frozenDay} by this policy, but not frozen now (unfrozen by an admin, or the state cannot be read): the policy does not deactivate.`
          },
          `the unfrozen ${comeback.username} among the candidates`
        );

        // 7. Night 3, 30 days frozen later: the still-frozen users are deactivated, the
        //    unfrozen one is not; the cap's last step freezes one of the second notices.
        const night3 = await runNight(preview, E2E_POLICY.deactivateAfterFrozenDays - 1);
        const stillFrozen = [...noticedIds].filter((id) => id !== comeback.id).sort();
        expectEqual(
          night3.policies.find((p) => p.name === E2E_POLICY.name)?.steps,
          {
            Notify: 0,
            Freeze: E2E_POLICY.maxActionsPerRun - stillFrozen.length,
            Deactivate: stillFrozen.length
          },
          'night 3 steps'
        );
        trail = await auditTrail(preview);
        const deactivated = rowsOf(trail, 'Deactivate');
        expectEqual(
          deactivated.map((r) => r.userId).sort(),
          stillFrozen,
          'users deactivated = users frozen and not unfrozen'
        );
        for (const d of deactivated) {
          const freeze = frozen.find((f) => f.userId === d.userId)!;
          const notice = noticed.find((n) => n.userId === d.userId)!;
          expectTrue(
            Date.parse(freeze.createdAt) - Date.parse(notice.createdAt) >=
              E2E_POLICY.noticeDays * DAY_MS &&
              Date.parse(d.createdAt) - Date.parse(freeze.createdAt) >=
                E2E_POLICY.deactivateAfterFrozenDays * DAY_MS,
            `${d.username}: a step came before its notice or frozen days were over`
          );
        }
        expectEqual(
          preview.data.users.filter((user) => noticedIds.has(user.id) && !user.isActive).length,
          stillFrozen.length,
          'users inactive in the org after night 3'
        );

        // 8. Reload on the preview's new day: the outcomes, computed from the audit trail and
        //    the users' state now, on the page.
        const t3 = t2b + (E2E_POLICY.deactivateAfterFrozenDays - 1) * DAY_MS;
        await session.close();
        session = await openAt(browser(), preview, t3);
        sessions.push(session);
        await expectOutcomes(
          session.page,
          metadata,
          users,
          trail,
          preview,
          [...demo.records('Organization')][0].TimeZoneSidKey as string
        );
        const after = await readCandidates(session.page);
        const deactivatedNames = new Set(deactivated.map((r) => r.username));
        expectTrue(
          [...after.keys()].every((username) => !deactivatedNames.has(username)),
          'a deactivated user is still listed as a candidate'
        );
        expectEqual(problems(), [], 'console errors, page errors and failed requests');
      } finally {
        for (const session of sessions) await session.close();
        await preview.close();
      }
    }
  };
}

/**
 * Unfreezes one user from the dashboard, as an admin does: the users table's
 * Frozen view, a search, the row's checkbox, Reclaim > Unfreeze, a reason,
 * Preview, Confirm; resolves once the dialog says it finished.
 */
async function unfreezeOnPage(page: Page, user: RawUser): Promise<void> {
  const table = page.locator('c-ll-user-table');
  await table.locator('c-ll-data-table tbody tr').first().waitFor({ timeout: CARD_TIMEOUT_MS });
  await click(table.locator('lightning-radio-group label').filter({ hasText: /^Frozen$/ }));
  await table.getByLabel('Search name or username').fill(user.username);
  const row = table.locator('c-ll-data-table tbody tr').filter({ hasText: user.username });
  await row.waitFor({ timeout: CARD_TIMEOUT_MS });
  expectEqual(
    await table.locator('c-ll-data-table tbody tr').count(),
    1,
    `rows for ${user.username}`
  );
  await click(row.locator('label.slds-checkbox__label'));
  await click(table.getByRole('button', { name: /Reclaim/ }));
  await click(page.getByRole('menuitem', { name: 'Unfreeze' }));
  const dialog = page.locator('c-ll-reclaim-dialog');
  await dialog
    .getByLabel(/Reason/)
    .fill('Back from a long leave: asked for access again (a false positive).');
  await click(dialog.locator('button[data-id="preview"]'));
  await click(dialog.locator('button[data-id="confirm"]'));
  const result = dialog.locator('[data-id="result-summary"]');
  await result.filter({ hasText: /^Unfreeze finished/ }).waitFor({ timeout: CARD_TIMEOUT_MS });
  await click(dialog.locator('button[data-id="cancel"]'));
}

async function expectKillSwitchOn(page: Page): Promise<void> {
  const line = page.locator(`${CARD} [data-id="kill-switch"]`);
  await line.waitFor({ timeout: CARD_TIMEOUT_MS });
  const text = (await line.innerText()).replace(/\s+/g, ' ').trim();
  expectTrue(
    text.startsWith('Switched on Reclaim policies are switched on'),
    `kill switch line: "${text}"`
  );
  // Live notices are emailed: the card must not say that none is sent.
  const note = (await page.locator(`${CARD} [data-id="notice-note"]`).innerText()).trim();
  expectTrue(
    note.startsWith('A live policy emails each candidate and their manager'),
    `notice note: "${note}"`
  );
}

async function auditTrail(preview: RunningPreview): Promise<PolicyAuditRow[]> {
  return callPreview<PolicyAuditRow[]>(preview, 'Preview.reclaimPolicyAuditTrail');
}

/** One notice per noticed user (the demo org has no managers), naming the freeze day. */
async function expectOutbox(
  preview: RunningPreview,
  noticedIds: Set<string>,
  t0: number
): Promise<void> {
  const outbox = await callPreview<{
    messages: Array<{ targetUserId: string; subject: string }>;
  }>(preview, 'Preview.reclaimNoticeOutbox');
  expectEqual(
    outbox.messages.map((m) => m.targetUserId).sort(),
    [...noticedIds].sort(),
    'notice emails: one per noticed user'
  );
  const freezeDay = new Date(t0 + E2E_POLICY.noticeDays * DAY_MS).toISOString().slice(0, 10);
  expectTrue(
    outbox.messages.every((m) => m.subject.includes(`frozen on or after ${freezeDay}`)),
    `a notice does not name ${freezeDay}: ${outbox.messages[0]?.subject}`
  );
}

/**
 * The simulation: users read = the license's active users in the raw records,
 * nobody excluded, and figures that cannot contradict each other (a wrong
 * count or price breaks one of them).
 */
async function expectSimulation(
  page: Page,
  metadata: OrgMetadata,
  ofLicense: RawUser[]
): Promise<void> {
  const shown = await readSimulation(page);
  const n = (key: string) => numberOf(shown[key] ?? '');
  expectEqual(n('usersRead'), ofLicense.length, 'simulation: users of the license read');
  expectEqual(n('usersExcluded'), 0, 'simulation: users left out (the policy has no exclusion)');
  const price = monthlyPriceOf(metadata, ofLicense[0]);
  const facts = {
    candidates: n('candidates'),
    notices: n('notices'),
    loginsDuringNotice: n('loginsDuringNotice'),
    freezes: n('freezes'),
    loginsAfterFreeze: n('loginsAfterFreeze'),
    deactivations: n('deactivations'),
    loginsAfterDeactivation: n('loginsAfterDeactivation'),
    seatsFreedAtEnd: n('seatsFreedAtEnd')
  };
  const consistent =
    facts.candidates > 0 &&
    facts.candidates <= ofLicense.length &&
    facts.notices >= facts.candidates &&
    facts.freezes + facts.loginsDuringNotice <= facts.notices &&
    facts.deactivations <= facts.freezes &&
    facts.loginsAfterDeactivation <= facts.deactivations &&
    facts.seatsFreedAtEnd <= facts.deactivations &&
    n('candidatesLoggedInLater') <= facts.candidates;
  expectTrue(consistent, `simulation figures contradict each other: ${JSON.stringify(shown)}`);
  expectTrue(facts.deactivations > 0, 'the simulation frees no seat over 180 days');
  console.log(`    (simulation: ${JSON.stringify(shown)})`);
  expectEqual(
    shown.monthlyValueAtEnd,
    money(facts.seatsFreedAtEnd * price),
    'simulation: list price per month = seats still freed × the license price'
  );
  expectEqual(
    await readSimulationLicenses(page),
    [
      [
        E2E_POLICY.licenseKey,
        String(facts.deactivations),
        String(facts.seatsFreedAtEnd),
        money(price)
      ]
    ],
    'simulation: seats per license'
  );
}

/** What the outcomes card must show, from the audit trail and the raw users. */
async function expectOutcomes(
  page: Page,
  metadata: OrgMetadata,
  users: Map<string, RawUser>,
  trail: PolicyAuditRow[],
  preview: RunningPreview,
  timeZone: string
): Promise<void> {
  const deactivations = rowsOf(trail, 'Deactivate');
  const freezes = rowsOf(trail, 'Freeze');
  const reclaims = deactivations.length + freezes.length;
  const value = deactivations.reduce(
    (sum, row) => sum + monthlyPriceOf(metadata, users.get(row.userId)!),
    0
  );
  // Came back: the reclaim undone now (unfrozen, or active again), all within 30 days here.
  // Nobody logs in after the demo's "now", so no login brings anyone back.
  const stateNow = new Map(preview.data.users.map((user) => [user.id, user]));
  const undone = (row: PolicyAuditRow) =>
    row.action === 'Freeze'
      ? stateNow.get(row.userId)!.isActive && !preview.data.frozenUserIds.has(row.userId)
      : stateNow.get(row.userId)!.isActive;
  const cameBack = [...freezes, ...deactivations].filter(undone);
  const summary = page.locator(`${OUTCOMES} [data-id="summary"]`);
  await summary.waitFor({ timeout: CARD_TIMEOUT_MS });
  const text = (await summary.innerText()).trim();
  const expected =
    `${deactivations.length} seats freed (${money(value)} a month at list price), ` +
    `${freezes.length} users frozen (their seats still held), ` +
    `${cameBack.length} of ${reclaims} reclaims came back within 30 days.`;
  expectTrue(text.endsWith(expected), `outcomes summary "${text}", expected "…${expected}"`);

  // Per month (org-local): the freezes in one month, the deactivations in another.
  const monthOf = (iso: string) =>
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit'
    })
      .format(new Date(iso))
      .slice(0, 7);
  const months = new Map<string, { seats: number; value: number; frozen: number; back: number }>();
  for (const row of [...freezes, ...deactivations]) {
    const month = monthOf(row.completedAt ?? row.createdAt);
    const entry = months.get(month) ?? { seats: 0, value: 0, frozen: 0, back: 0 };
    if (cameBack.includes(row)) entry.back += 1;
    if (row.action === 'Freeze') entry.frozen += 1;
    else {
      entry.seats += 1;
      entry.value += monthlyPriceOf(metadata, users.get(row.userId)!);
    }
    months.set(month, entry);
  }
  const expectedMonths = [...months.entries()]
    .sort(([a], [b]) => (a < b ? 1 : -1))
    .map(([month, e]) => [
      month,
      String(e.seats),
      money(e.value),
      String(e.frozen),
      String(e.back)
    ]);
  const shownMonths = await page
    .locator(`${OUTCOMES} tr[data-id="month-row"]`)
    .evaluateAll((rows) =>
      rows.map((row) =>
        Array.from(row.querySelectorAll('th, td')).map((cell) =>
          (cell as HTMLElement).innerText.trim()
        )
      )
    );
  expectEqual(shownMonths, expectedMonths, 'outcomes per month');

  // Per department (the user's department; most seats freed first, then by name).
  const departments = new Map<
    string,
    { seats: number; value: number; frozen: number; back: number }
  >();
  for (const row of [...freezes, ...deactivations]) {
    const name = users.get(row.userId)!.department ?? '(no department)';
    const entry = departments.get(name) ?? { seats: 0, value: 0, frozen: 0, back: 0 };
    if (cameBack.includes(row)) entry.back += 1;
    if (row.action === 'Freeze') entry.frozen += 1;
    else {
      entry.seats += 1;
      entry.value += monthlyPriceOf(metadata, users.get(row.userId)!);
    }
    departments.set(name, entry);
  }
  const expectedDepartments = [...departments.entries()]
    .sort(([a, x], [b, y]) => y.seats - x.seats || (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, e]) => [name, String(e.seats), money(e.value), String(e.frozen), String(e.back)]);
  expectEqual(
    await page
      .locator(`${OUTCOMES} tr[data-id="department-row"]`)
      .evaluateAll((rows) =>
        rows.map((row) =>
          Array.from(row.querySelectorAll('th, td')).map((cell) =>
            (cell as HTMLElement).innerText.trim()
          )
        )
      ),
    expectedDepartments,
    'outcomes per department'
  );
  console.log(`    (outcomes: "${text}"; months ${JSON.stringify(shownMonths)})`);

  const policyRow = await page
    .locator(`${OUTCOMES} tr[data-id="policy-row"]`)
    .evaluateAll((rows) =>
      rows.map((row) =>
        Array.from(row.querySelectorAll('th, td')).map((cell) =>
          (cell as HTMLElement).innerText.trim()
        )
      )
    );
  expectEqual(
    policyRow.map((cells) => cells.slice(1, 3)),
    [[String(reclaims), String(cameBack.length)]],
    'outcomes per policy: reclaims, came back within 30 days'
  );
}
