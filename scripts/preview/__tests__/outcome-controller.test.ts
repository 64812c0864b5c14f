import { loadDemoOrg } from '../demo-org/load-demo-org';
import { createNightlyRollups } from '../demo-org/nightly-rollups';
import { ApexError } from '../controller/apex-error';
import type { TransactionUse } from '../controller/apex-transaction';
import { PolicyController, type PolicyNotifier } from '../controller/policy-controller';
import type { PolicyRecord } from '../controller/custom-metadata';
import { ReclaimController } from '../controller/reclaim-controller';
import {
  OUTCOME_APEX_METHODS,
  OUTCOME_MAX_PAGE_SIZE,
  OutcomeController,
  SIMULATION_MAX_PAGE_SIZE,
  gapsOf
} from '../controller/outcome-controller';
import { createApexDispatcher } from '../server/apex-dispatcher';
import { LocalController } from '../controller/local-controller';
import { readOrgMetadata } from '../controller/custom-metadata';
import { FIXTURE_METADATA } from './helpers';
import {
  buildReclaimOutcomes,
  createOrgCalendar,
  dayNumberFromKey,
  mergeSimulationPages,
  readPolicySimulation,
  readReclaimOutcomes,
  simulatePolicy
} from '../../../force-app/main/default/lwc/llAnalytics/llAnalytics';
import type { PolicySimulationPageDto } from '../../../force-app/types/contract';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-23T20:00:00.000Z');
const PRICES = [{ licenseKey: 'SFDC', label: 'Salesforce', monthlyPrice: 150 }];

const SENDING: PolicyNotifier = {
  sendsNotices: () => true,
  notifyAll: (users) => new Map(users.map((user) => [user.id, { sent: true, message: 'Emailed.' }]))
};

function policyRecord(name: string, fields: Partial<PolicyRecord> = {}): PolicyRecord {
  return {
    name,
    label: name,
    licenseKey: 'Salesforce',
    inactivityDays: 90,
    noticeDays: 14,
    deactivateAfterFrozenDays: 30,
    maxActionsPerRun: 1000,
    dryRun: 'false',
    active: 'true',
    ...fields
  };
}

function setUp(users = 400) {
  const data = loadDemoOrg({ users, seed: 7, now: NOW });
  const clock = () => NOW;
  // The manual path's own clock, moved by the tests (an unfreeze after a freeze).
  const manualClock = { now: NOW };
  const manual = new ReclaimController({ data, clock: () => manualClock.now });
  const policy = new PolicyController({
    data,
    clock,
    metadata: { policiesEnabled: true, policies: [policyRecord('Live')], exclusions: [] },
    notifier: SENDING
  });
  const uses: TransactionUse[] = [];
  const outcomes = new OutcomeController({
    data,
    manual,
    policy,
    rollups: createNightlyRollups({ data, clock }),
    observe: (use) => uses.push(use)
  });
  return { data, manual, manualClock, policy, outcomes, uses };
}

describe('getReclaimOutcomes', () => {
  it('lists the succeeded reclaims of both trails with their facts, within the limits', async () => {
    const { data, manual, manualClock, policy, outcomes, uses } = setUp();
    const active = data.users.filter((user) => user.isActive && user.userType === 'Standard');
    const deactivated = active[0];
    const frozen = active[1];
    manual.reclaim({
      action: 'Deactivate',
      userIds: [deactivated.id],
      reason: 'test',
      requestId: 'manual-1'
    });
    manual.reclaim({
      action: 'Freeze',
      userIds: [frozen.id],
      reason: 'test',
      requestId: 'manual-2'
    });
    manualClock.now += 3 * DAY;
    manual.reclaim({
      action: 'Unfreeze',
      userIds: [frozen.id],
      reason: 'test',
      requestId: 'manual-3'
    });
    policy.runNightlyDaysLater({ days: 0 });
    policy.runNightlyDaysLater({ days: 14 });
    policy.runNightlyDaysLater({ days: 30 });
    const frozenByPolicy = policy
      .auditTrail()
      .filter((row) => row.action === 'Freeze' && row.status === 'Succeeded');
    expect(frozenByPolicy.length).toBeGreaterThan(0);

    const read = await readReclaimOutcomes(async (afterId) =>
      outcomes.getReclaimOutcomes({
        fromDay: '2026-01-01',
        toDay: '2027-12-31',
        afterId,
        pageSize: 50
      })
    );
    expect(read.truncated).toBe(false);
    const rows = read.pages.reduce((sum, page) => sum + page.completedAt.length, 0);
    const deactivatedByPolicy = policy
      .auditTrail()
      .filter((row) => row.action === 'Deactivate' && row.status === 'Succeeded').length;
    expect(rows).toBe(2 + frozenByPolicy.length + deactivatedByPolicy);
    expect(read.calls).toBe(Math.ceil(rows / 50) + (rows % 50 === 0 ? 1 : 0));
    for (const use of uses) {
      expect(use.queries).toBeLessThanOrEqual(6);
      expect(use.queryRows).toBeLessThanOrEqual(50 + 1 + 50 + 500 + 50 + 500 + 1);
    }

    const page = read.pages.find((candidate) =>
      candidate.actions.some(
        (action, i) => action === 'Freeze' && candidate.policyIndexes[i] === -1
      )
    )!;
    const manualFreeze = page.actions.findIndex(
      (action, i) => action === 'Freeze' && page.policyIndexes[i] === -1
    );
    expect(page.unfrozenAt[manualFreeze]).toBe(NOW + 3 * DAY);
    expect(page.reversedNow[manualFreeze]).toBe(true);

    const figures = buildReclaimOutcomes(read.pages, PRICES, 'UTC');
    expect(figures.totals.usersFrozen).toBe(1 + frozenByPolicy.length);
    expect(figures.totals.seatsFreed).toBe(1 + deactivatedByPolicy);
    expect(figures.policies.map((entry) => entry.label)).toEqual(['Manual (dashboard)', 'Live']);
    // The manual freeze was undone by a License Lens Unfreeze the same day.
    expect(figures.policies[0].cameBackWithin).toBeGreaterThanOrEqual(1);
  });

  it('reads assignments of every named license the page users hold, as the Apex query matches them', () => {
    const { data, manual, outcomes, uses } = setUp(50);
    const [a, b] = data.users.filter((user) => user.isActive && user.userType === 'Standard');
    const byUser = data.permissionSetLicensesByUser as Map<string, string[]>;
    byUser.set(a.id, ['PslA', 'PslB']);
    byUser.set(b.id, ['PslA', 'PslB']);
    for (const [user, license, requestId] of [
      [a, 'PslA', 'psl-1'],
      [b, 'PslB', 'psl-2']
    ] as const) {
      manual.reclaim({
        action: 'RemovePermissionSetLicense',
        userIds: [user.id],
        permissionSetLicense: license,
        reason: 'test',
        requestId
      });
    }
    // A gets PslA back; A still holds PslB and B PslA, never removed: 3 rows
    // match the query (users and names filtered apart) for 2 audit rows.
    byUser.set(a.id, ['PslB', 'PslA']);
    uses.length = 0;
    const page = outcomes.getReclaimOutcomes({ fromDay: '2026-01-01', toDay: '2027-12-31' });
    // Rows in key order: psl-1 (A's PslA), then psl-2 (B's PslB).
    expect(page.actions).toEqual(['RemovePermissionSetLicense', 'RemovePermissionSetLicense']);
    expect(page.reversedNow).toEqual([true, false]);
    // Organization 1 + audit 2 + rollups (no login after the removals) + the
    // 3 assignment rows the query matches, not 1 (the held pair alone).
    expect(uses).toHaveLength(1);
    expect(uses[0].queries).toBe(4);
    expect(uses[0].queryRows).toBe(1 + 2 + 0 + 3);
  });

  it('answers an empty page for a range without reclaims', () => {
    const { outcomes } = setUp(50);
    const page = outcomes.getReclaimOutcomes({
      fromDay: '2020-01-01',
      toDay: '2020-12-31',
      afterId: null
    });
    expect(page).toMatchObject({ completedAt: [], nextAfterId: null, fromDay: '2020-01-01' });
  });

  it('refuses arguments as the Apex does', () => {
    const { outcomes } = setUp(50);
    expect(() =>
      outcomes.getReclaimOutcomes({ fromDay: '2026-13-01', toDay: '2026-12-01' })
    ).toThrow(ApexError);
    expect(() =>
      outcomes.getReclaimOutcomes({ fromDay: '2026-02-01', toDay: '2026-01-01' })
    ).toThrow('toDay must be on or after fromDay');
    expect(() =>
      outcomes.getReclaimOutcomes({ fromDay: '2020-01-01', toDay: '2026-01-01' })
    ).toThrow('at most 731 days');
    expect(() =>
      outcomes.getReclaimOutcomes({
        fromDay: '2026-01-01',
        toDay: '2026-02-01',
        pageSize: OUTCOME_MAX_PAGE_SIZE + 1
      })
    ).toThrow('pageSize must be a whole number from 1 to 1000');
  });
});

describe('simulatePolicy', () => {
  it('simulates the policy over its users page by page, within the limits', async () => {
    const { outcomes, uses } = setUp();
    const read = await readPolicySimulation(
      async (afterUserId, pageSize) =>
        outcomes.simulatePolicy({ policyName: 'Live', afterUserId, pageSize }),
      { pageSize: 100 }
    );
    for (const use of uses) {
      expect(use.queries).toBe(6);
      expect(use.queryRows).toBeLessThan(50_000);
    }
    const input = mergeSimulationPages(read.pages, read.truncated);
    const result = simulatePolicy(input, PRICES);
    expect(result.usersRead).toBeGreaterThan(0);
    expect(result.candidates).toBeGreaterThan(0);
    expect(result.days).toBe(180);
    expect(result.notices).toBeGreaterThanOrEqual(result.candidates);
    expect(result.freezes).toBeLessThanOrEqual(result.notices);
    expect(result.deactivations).toBeLessThanOrEqual(result.freezes);
    expect(result.monthlyValueAtEnd).toBe(result.seatsFreedAtEnd * 150);
    // Every candidate today is a user the simulation read with a gap.
    const today = outcomes.simulatePolicy({
      policyName: 'Live',
      pageSize: SIMULATION_MAX_PAGE_SIZE
    });
    expect(today.rolledUpThroughDayNumber).toBe(today.lastDayNumber);
  });

  it('answers tooBig for a page whose rollup rows do not fit, and the reader halves it', async () => {
    const { data, manual, policy } = setUp(60);
    const success = data.logins.combos.findIndex((combo) => combo.status === 'Success');
    const rows = 25;
    const heavy = {
      size: rows,
      combo: new Int32Array(rows).fill(success),
      newestDay: new Int32Array(rows),
      entryStart: new Int32Array(rows + 1),
      entryDay: new Int32Array(0),
      loginsThrough: new Float64Array(0),
      newestSecond: new Int32Array(0)
    };
    const rollups = createNightlyRollups({ data, clock: () => NOW });
    const outcomes = new OutcomeController({
      data,
      manual,
      policy,
      rollups: { ...rollups, runs: rollups.runs, activityOf: () => heavy }
    });
    const page = outcomes.simulatePolicy({ policyName: 'Live', pageSize: 10 });
    expect(page).toMatchObject({ tooBig: true, usersRead: 0, nextAfterUserId: null });
    expect(page.tooBigReason).toContain('More than 200 rollup rows');
    await expect(
      readPolicySimulation(async (afterUserId, pageSize) =>
        outcomes.simulatePolicy({ policyName: 'Live', afterUserId, pageSize })
      )
    ).rejects.toThrow('One user is too big to simulate');
  });

  it('refuses an unknown policy or a page size out of range', () => {
    const { outcomes } = setUp(60);
    expect(() => outcomes.simulatePolicy({ policyName: 'Nope' })).toThrow(
      'No reclaim policy named'
    );
    expect(() => outcomes.simulatePolicy({ policyName: 'Live', pageSize: 501 })).toThrow(
      'from 1 to 500'
    );
  });

  it('is served by the dispatcher', () => {
    const { data, manual, policy, outcomes } = setUp(50);
    const dispatch = createApexDispatcher(
      new LocalController({ data, metadata: readOrgMetadata(FIXTURE_METADATA), clock: () => NOW }),
      manual,
      { policy, outcomes }
    );
    expect(Object.keys(OUTCOME_APEX_METHODS)).toEqual([
      'LL_ReclaimController.getReclaimOutcomes',
      'LL_ReclaimController.simulatePolicy'
    ]);
    const page = dispatch('LL_ReclaimController.simulatePolicy', {
      policyName: 'Live'
    }) as PolicySimulationPageDto;
    expect(page.policyName).toBe('Live');
  });
});

describe('gapsOf', () => {
  const calendar = createOrgCalendar('UTC');
  const first = dayNumberFromKey('2026-05-01');
  const period = { firstDay: first, lastDay: first + 179, inactivityDays: 90, calendar };
  const at = (day: number) => day * DAY + 3_600_000;

  it('keeps only the gaps long enough to make the user a candidate', () => {
    const user = { createdDate: at(first - 400), lastLoginDate: at(first + 170) };
    const gaps = gapsOf(user, [first - 10, first + 5, first + 100, first + 170], period);
    // first-10 .. first+5: too short; first+5 .. first+100: 95 days, candidate on night first+96.
    expect(gaps).toEqual({
      gaps: [{ start: first + 5, startKnown: true, end: first + 100 }],
      unknownAtStart: false
    });
  });

  it('uses LastLoginDate for a user with no login in the period, and for a login after it', () => {
    const idle = gapsOf(
      { createdDate: at(first - 400), lastLoginDate: at(first - 30) },
      [],
      period
    );
    expect(idle.gaps).toEqual([{ start: first - 30, startKnown: true, end: null }]);
    const back = gapsOf(
      { createdDate: at(first - 400), lastLoginDate: at(first + 185) },
      [first + 10],
      period
    );
    expect(back.gaps).toEqual([{ start: first + 10, startKnown: true, end: first + 185 }]);
  });

  it('marks a start older than the rollups, or an unknown first stretch', () => {
    const late = gapsOf(
      { createdDate: at(first - 400), lastLoginDate: at(first + 120) },
      [first + 120],
      period
    );
    expect(late.gaps).toEqual([{ start: first - 1, startKnown: false, end: first + 120 }]);
    const early = gapsOf(
      { createdDate: at(first - 400), lastLoginDate: at(first + 20) },
      [first + 20],
      period
    );
    expect(early).toEqual({
      gaps: [{ start: first + 20, startKnown: true, end: null }],
      unknownAtStart: true
    });
  });

  it('starts a never-used account at its creation', () => {
    const fresh = gapsOf({ createdDate: at(first + 10), lastLoginDate: null }, [], period);
    expect(fresh.gaps).toEqual([{ start: first + 10, startKnown: true, end: null }]);
  });
});
