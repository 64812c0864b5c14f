import {
  LEGACY_UNSENT_PREFIX,
  isUnsentNotice,
  nextStep,
  policyOf,
  type LadderRow,
  type ReclaimPolicy
} from '../controller/policy-ladder';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-23T20:00:00.000Z');
const LAST_LOGIN = NOW - 120 * DAY;

function policy(overrides: Partial<ReclaimPolicy> = {}): ReclaimPolicy {
  return {
    name: 'Test_Policy',
    label: 'Test',
    licenseKey: 'Salesforce',
    inactivityDays: 90,
    noticeDays: 14,
    deactivateAfterFrozenDays: 30,
    maxActionsPerRun: 25,
    dryRun: false,
    active: true,
    ...overrides
  };
}

function row(action: string, status: string, daysAgo: number): LadderRow {
  const at = NOW - daysAgo * DAY;
  return { action, status, message: 'test', createdAt: at, completedAt: at };
}

function next(
  rows: LadderRow[],
  options: Partial<ReclaimPolicy> = {},
  frozen: boolean | null = false
) {
  return nextStep(policy(options), LAST_LOGIN, frozen, rows, NOW);
}

describe('nextStep (LL_ReclaimLadder)', () => {
  it('notifies a candidate without rows first', () => {
    expect(next([]).action).toBe('Notify');
  });

  it('waits for the notice days, then freezes', () => {
    const waiting = next([row('Notify', 'Succeeded', 13)]);
    expect(waiting).toMatchObject({ action: 'Wait', dueAt: NOW + DAY });
    expect(waiting.message).toBe('Noticed on 2026-11-10; freeze due on 2026-11-24.');
    expect(next([row('Notify', 'Succeeded', 14)]).action).toBe('Freeze');
  });

  it('starts again after a login newer than the notice', () => {
    expect(next([row('Notify', 'Succeeded', 200)]).action).toBe('Notify');
  });

  it('deactivates after the frozen days, only while still frozen', () => {
    expect(
      next([row('Notify', 'Succeeded', 50), row('Freeze', 'Succeeded', 29)], {}, true)
    ).toMatchObject({
      action: 'Wait',
      dueAt: NOW + DAY
    });
    const rows = [row('Notify', 'Succeeded', 50), row('Freeze', 'Succeeded', 30)];
    expect(next(rows, {}, true).action).toBe('Deactivate');
    expect(next(rows, { deactivateAfterFrozenDays: null }, true).action).toBe('Done');
    expect(next(rows, {}, false).message).toMatch(/unfrozen by an admin/);
    expect(next(rows, {}, null).action).toBe('Done');
  });

  it('a dry run counts only its DryRun rows, and going live starts with a real notice', () => {
    expect(next([row('Notify', 'Succeeded', 20)], { dryRun: true }).action).toBe('Notify');
    const dry = [row('Notify', 'DryRun', 20)];
    expect(next(dry, { dryRun: true }).action).toBe('Freeze');
    expect(next(dry).action).toBe('Notify');
    dry.push(row('Freeze', 'DryRun', 31));
    expect(next(dry, { dryRun: true }, false).action).toBe('Deactivate');
  });

  it('waits on a running request, stops when blocked, retries a failure, leaves foreign freezes alone', () => {
    const noticed = row('Notify', 'Succeeded', 20);
    expect(next([noticed, row('Freeze', 'Requested', 0)]).action).toBe('Wait');
    // Still Requested a day later: its job died unseen; the step is tried again.
    expect(
      next([noticed, { ...row('Freeze', 'Requested', 0), createdAt: NOW - 24 * 3_600_000 }]).action
    ).toBe('Wait');
    expect(
      next([noticed, { ...row('Freeze', 'Requested', 0), createdAt: NOW - 24 * 3_600_000 - 1 }])
        .action
    ).toBe('Freeze');
    const blocked = next([noticed, row('Freeze', 'Blocked', 1)]);
    expect(blocked.action).toBe('Done');
    expect(blocked.message).toMatch(/blocked by the guardrails on 2026-11-22 \(test\)/);
    expect(next([noticed, row('Freeze', 'Failed', 1)]).action).toBe('Freeze');
    expect(next([noticed, row('Freeze', 'Skipped', 1)]).action).toBe('Freeze');
    expect(next([], {}, true).message).toMatch(/not by this policy/);
  });
});

describe('policyOf (LL_ReclaimPolicyConfig.policyOf)', () => {
  const valid = {
    name: 'P',
    label: null,
    licenseKey: ' Salesforce ',
    inactivityDays: 90,
    noticeDays: 0,
    deactivateAfterFrozenDays: null,
    maxActionsPerRun: 1000,
    dryRun: 'false',
    active: 'true'
  };

  it('keeps valid values, trims the key, reads checkboxes as the Apex does', () => {
    expect(policyOf(valid)).toEqual({
      name: 'P',
      label: 'P',
      licenseKey: 'Salesforce',
      inactivityDays: 90,
      noticeDays: 0,
      deactivateAfterFrozenDays: null,
      maxActionsPerRun: 1000,
      dryRun: false,
      active: true
    });
    expect(policyOf({ ...valid, dryRun: null, active: null })).toMatchObject({
      dryRun: true,
      active: false
    });
  });

  it.each([
    [{ licenseKey: '  ' }, 'License Key is blank (use * for every license)'],
    [{ inactivityDays: 0 }, 'Inactivity Days must be a whole number from 1 to 3650'],
    [{ inactivityDays: 30.5 }, 'Inactivity Days must be a whole number from 1 to 3650'],
    [{ noticeDays: 366 }, 'Notice Days must be a whole number from 0 to 365'],
    [
      { deactivateAfterFrozenDays: 0 },
      'Deactivate After Frozen Days must be blank or a whole number from 1 to 3650'
    ],
    [{ maxActionsPerRun: null }, 'Max Actions Per Run must be a whole number from 1 to 1000']
  ])('refuses %j', (change, problem) => {
    expect(() => policyOf({ ...valid, ...change })).toThrow(`Reclaim policy P: ${problem}.`);
  });
});

describe('a notice nobody received (LL_ReclaimLadder, unsent notices)', () => {
  const failed: LadderRow = { ...row('Notify', 'Failed', 20), message: 'No notice was sent' };
  const legacy: LadderRow = {
    ...row('Notify', 'Succeeded', 20),
    message: `${LEGACY_UNSENT_PREFIX} (email notices are not built yet).`
  };

  it('stops the live ladder: no freeze, no deactivation, no new notice every night', () => {
    const step = next([failed]);
    expect(step.action).toBe('Done');
    expect(step.message).toBe(
      'No notice was sent on 2026-11-03 (Notify Failed): the ladder stops here for this user; no freeze or deactivation follows a notice nobody received.'
    );
    expect(next([legacy]).action).toBe('Done');
    // An earlier version froze after such a row: it does not deactivate either.
    expect(next([legacy, row('Freeze', 'Succeeded', 31)], {}, true).action).toBe('Done');
  });

  it('lets a notice that was sent count, and a dry run walk on paper', () => {
    expect(next([failed, row('Notify', 'Succeeded', 15)]).action).toBe('Freeze');
    expect(next([failed, row('Notify', 'DryRun', 20)], { dryRun: true }).action).toBe('Freeze');
    expect(next([failed], { dryRun: true }).action).toBe('Notify');
  });

  it('belongs to its round: after a login the next round starts with a new notice', () => {
    expect(next([row('Notify', 'Failed', 200)]).action).toBe('Notify');
  });

  it('recognises only Notify rows that were not sent', () => {
    expect(isUnsentNotice(failed)).toBe(true);
    expect(isUnsentNotice(legacy)).toBe(true);
    expect(isUnsentNotice(row('Notify', 'Succeeded', 1))).toBe(false);
    expect(isUnsentNotice(row('Freeze', 'Failed', 1))).toBe(false);
    expect(isUnsentNotice({ ...legacy, status: 'DryRun' })).toBe(false);
  });
});
