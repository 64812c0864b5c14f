import {
  DAYS_PER_MONTH,
  candidateNight,
  dayNumberFromKey,
  mergeSimulationPages,
  readPolicySimulation,
  simulatePolicy
} from '../llAnalytics';
import type { SimulationGap } from '../llAnalytics';
import type { LicensePriceDto, PolicySimulationPageDto } from '../../../../../types/contract';

const FIRST = dayNumberFromKey('2026-01-01');
const PRICES: LicensePriceDto[] = [{ licenseKey: 'SFDC', label: 'Salesforce', monthlyPrice: 150 }];

function page(
  users: Array<{ license?: number; gaps: SimulationGap[] }>,
  overrides: Partial<PolicySimulationPageDto> = {}
): PolicySimulationPageDto {
  const gaps = users.flatMap((user) => user.gaps);
  return {
    policyName: 'Full_90',
    licenseKey: 'SFDC',
    inactivityDays: 90,
    noticeDays: 14,
    deactivateAfterFrozenDays: 30,
    maxActionsPerRun: 1000,
    firstDayNumber: FIRST,
    lastDayNumber: FIRST + 179,
    rolledUpThroughDayNumber: FIRST + 179,
    tooBig: false,
    tooBigReason: null,
    usersRead: users.length,
    usersExcluded: 0,
    usersUnknownAtStart: 0,
    licenses: [{ source: 'UserLicense', name: 'Salesforce', licenseDefinitionKey: 'SFDC' }],
    userLicenseIndexes: users.map((user) => user.license ?? 0),
    gapCounts: users.map((user) => user.gaps.length),
    gapStarts: gaps.map((gap) => gap.start),
    gapStartKnown: gaps.map((gap) => gap.startKnown),
    gapEnds: gaps.map((gap) => gap.end),
    nextAfterUserId: null,
    note: null,
    ...overrides
  };
}

const gap = (start: number, end: number | null, startKnown = true): SimulationGap => ({
  start,
  startKnown,
  end
});

describe('candidateNight', () => {
  it('is the night after inactivityDays full days, never before the period', () => {
    expect(candidateNight(gap(FIRST, null), 90, FIRST)).toBe(FIRST + 91);
    expect(candidateNight(gap(FIRST - 200, null), 90, FIRST)).toBe(FIRST);
  });
});

describe('simulatePolicy', () => {
  it('walks notice, freeze and deactivation for a user who never comes back', () => {
    const input = mergeSimulationPages([page([{ gaps: [gap(FIRST - 100, null)] }])]);
    const result = simulatePolicy(input, PRICES);
    // Candidate on the first night, frozen 14 nights later, deactivated 30 after that.
    expect(result).toMatchObject({
      candidates: 1,
      notices: 1,
      freezes: 1,
      deactivations: 1,
      seatsFreedAtEnd: 1,
      monthlyValueAtEnd: 150,
      candidatesLoggedInLater: 0,
      days: 180,
      firstDay: '2026-01-01',
      lastDay: '2026-06-29'
    });
    const seatDays = 180 - 44;
    expect(result.valueOverPeriod).toBeCloseTo((seatDays / DAYS_PER_MONTH) * 150, 2);
    expect(result.licenses).toEqual([
      expect.objectContaining({
        licenseName: 'Salesforce',
        seatsFreed: 1,
        seatsFreedAtEnd: 1,
        priced: true
      })
    ]);
  });

  it('ends the round without harm on a login during the notice', () => {
    const input = mergeSimulationPages([
      page([{ gaps: [gap(FIRST - 100, FIRST + 5), gap(FIRST + 5, null)] }])
    ]);
    const result = simulatePolicy(input, PRICES);
    // Noticed on night 0, logged in on day 5; candidate again 91 nights later: a second round.
    expect(result.loginsDuringNotice).toBe(1);
    expect(result.notices).toBe(2);
    expect(result.candidates).toBe(1);
    expect(result.candidatesLoggedInLater).toBe(1);
    expect(result.freezes).toBe(1);
  });

  it('counts users who would have been locked out and came back', () => {
    const input = mergeSimulationPages([
      page([
        { gaps: [gap(FIRST - 100, FIRST + 20), gap(FIRST + 20, null)] },
        { gaps: [gap(FIRST - 100, FIRST + 60), gap(FIRST + 60, FIRST + 61), gap(FIRST + 61, null)] }
      ])
    ]);
    const result = simulatePolicy(input, PRICES);
    expect(result.loginsAfterFreeze).toBe(1);
    expect(result.loginsAfterDeactivation).toBe(1);
    expect(result.candidatesLoggedInLater).toBe(2);
    // The second user's seat was freed on night 44 and given back on day 60 (16 days); the first
    // user, back on day 20, is a candidate again on night 111 and deactivated on night 155 (25 days).
    expect(result.valueOverPeriod).toBeCloseTo(((16 + 25) / DAYS_PER_MONTH) * 150, 2);
    expect(result.seatsFreedAtEnd).toBe(1);
  });

  it('counts a login after the period (since the last rollup) as coming back', () => {
    const input = mergeSimulationPages([page([{ gaps: [gap(FIRST - 100, FIRST + 400)] }])]);
    const result = simulatePolicy(input, PRICES);
    expect(result.deactivations).toBe(1);
    expect(result.candidatesLoggedInLater).toBe(1);
    expect(result.seatsFreedAtEnd).toBe(1);
  });

  it('never deactivates when the policy has no deactivation step', () => {
    const input = mergeSimulationPages([
      page([{ gaps: [gap(FIRST - 100, null)] }], { deactivateAfterFrozenDays: null })
    ]);
    expect(simulatePolicy(input, PRICES)).toMatchObject({
      freezes: 1,
      deactivations: 0,
      monthlyValueAtEnd: 0
    });
  });

  it('keeps to the cap per night and moves the rest to later nights', () => {
    const users = [0, 1, 2].map(() => ({ gaps: [gap(FIRST - 100, null)] }));
    const input = mergeSimulationPages([page(users, { maxActionsPerRun: 2 })]);
    const result = simulatePolicy(input, PRICES);
    expect(result.notices).toBe(3);
    expect(result.stepsDeferredByCap).toBeGreaterThan(0);
    expect(result.deactivations).toBe(3);
  });

  it('places an unknown start on the latest possible night and says so', () => {
    const input = mergeSimulationPages([
      page([{ gaps: [gap(FIRST - 1, FIRST + 150, false)] }], { usersUnknownAtStart: 4 })
    ]);
    const result = simulatePolicy(input, PRICES);
    expect(result.approximateStarts).toBe(1);
    expect(result.notes.join(' ')).toContain('latest night');
    expect(result.notes.join(' ')).toContain('4 users logged in within the first 90 days');
    // Noticed on night 90 (not 0): frozen on 104, deactivated on 134, back on 150.
    expect(result.loginsAfterDeactivation).toBe(1);
  });

  it('ends at the last rolled-up day, and simulates nothing without rollups', () => {
    const short = mergeSimulationPages([
      page([{ gaps: [gap(FIRST - 100, null)] }], { rolledUpThroughDayNumber: FIRST + 20 })
    ]);
    const shortResult = simulatePolicy(short, PRICES);
    expect(shortResult).toMatchObject({ days: 21, freezes: 1, deactivations: 0 });
    expect(shortResult.notes.join(' ')).toContain('stop on 2026-01-21');
    const none = mergeSimulationPages([
      page([{ gaps: [gap(FIRST - 100, null)] }], { rolledUpThroughDayNumber: null })
    ]);
    const noneResult = simulatePolicy(none, PRICES);
    expect(noneResult).toMatchObject({ days: 0, notices: 0 });
    expect(noneResult.notes.join(' ')).toContain('nothing could be simulated');
  });

  it('names unpriced licenses and sums pages', () => {
    const first = page([{ gaps: [gap(FIRST - 100, null)] }], { nextAfterUserId: '005A' });
    const second = page([{ gaps: [gap(FIRST - 100, null)] }], {
      licenses: [{ source: 'UserLicense', name: 'Partner', licenseDefinitionKey: 'PRM' }],
      usersExcluded: 2
    });
    const input = mergeSimulationPages([first, second], true);
    expect(input.licenses.map((l) => l.name)).toEqual(['Salesforce', 'Partner']);
    const result = simulatePolicy(input, PRICES);
    expect(result.usersExcluded).toBe(2);
    expect(result.unpricedLicenses).toEqual(['Partner']);
    expect(result.notes.join(' ')).toContain('Not every user was read');
  });

  it('refuses pages that do not line up or differ', () => {
    expect(() => mergeSimulationPages([])).toThrow('at least one page');
    expect(() => mergeSimulationPages([page([{ gaps: [gap(1, null)] }], { gapEnds: [] })])).toThrow(
      'do not line up'
    );
    expect(() => mergeSimulationPages([page([]), page([], { policyName: 'Other' })])).toThrow(
      'different policies'
    );
    expect(() => mergeSimulationPages([page([], { tooBig: true })])).toThrow('tooBig');
  });
});

describe('readPolicySimulation', () => {
  it('halves a page that is too big, grows back, and follows the cursor', async () => {
    const sizes: number[] = [];
    const read = jest.fn(async (afterUserId: string | null, pageSize: number) => {
      sizes.push(pageSize);
      if (afterUserId === null && pageSize > 100)
        return page([], { tooBig: true, tooBigReason: 'rows' });
      return page([], {
        usersRead: pageSize,
        nextAfterUserId: afterUserId === null ? '005B' : null
      });
    });
    const progress: number[] = [];
    const result = await readPolicySimulation(read, {
      onProgress: (users) => progress.push(users)
    });
    expect(sizes).toEqual([500, 250, 125, 62, 124]);
    expect(progress).toEqual([62, 186]);
    expect(result).toMatchObject({ truncated: false, calls: 5 });
  });

  it('fails when one user alone is too big, or the cursor repeats', async () => {
    await expect(
      readPolicySimulation(async () => page([], { tooBig: true, tooBigReason: 'heap' }), {
        pageSize: 1
      })
    ).rejects.toThrow('One user is too big to simulate in one call: heap');
    await expect(
      readPolicySimulation(async () => page([], { nextAfterUserId: 'x' }))
    ).rejects.toThrow('did not move on after x');
  });

  it('stops when asked or at maxCalls', async () => {
    let n = 0;
    const read = async () => page([], { nextAfterUserId: `u${++n}` });
    await expect(readPolicySimulation(read, { maxCalls: 3 })).resolves.toMatchObject({
      truncated: true,
      calls: 3
    });
    await expect(readPolicySimulation(read, { shouldStop: () => true })).resolves.toMatchObject({
      truncated: true,
      calls: 0
    });
  });
});
