import {
  CAME_BACK_DAYS,
  MANUAL_POLICY_LABEL,
  NO_DEPARTMENT_LABEL,
  buildReclaimOutcomes,
  cameBack,
  checkOutcomePage,
  outcomeOfMonths,
  outcomeRangeOf,
  readReclaimOutcomes,
  sharedOutcomeRead
} from '../llAnalytics';
import type { OutcomeRead } from '../llAnalytics';
import type { LicensePriceDto, ReclaimOutcomePageDto } from '../../../../../types/contract';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-30T12:00:00.000Z');
const PRICES: LicensePriceDto[] = [
  { licenseKey: 'SFDC', label: 'Salesforce', monthlyPrice: 175 },
  { licenseKey: 'SalesConsoleUser', label: 'Sales Console', monthlyPrice: 12.5 }
];

interface Row {
  action: string;
  completedAt: number;
  policy?: number;
  department?: number;
  license?: number;
  reversedNow?: boolean | null;
  loginAfter?: number | null;
  unfrozenAt?: number | null;
}

function page(rows: Row[], overrides: Partial<ReclaimOutcomePageDto> = {}): ReclaimOutcomePageDto {
  return {
    fromDay: '2026-01-01',
    toDay: '2026-06-30',
    generatedAt: new Date(NOW).toISOString(),
    nextAfterId: null,
    policies: ['Full_90'],
    departments: ['Sales', 'Support'],
    licenses: [
      { source: 'UserLicense', name: 'Salesforce', licenseDefinitionKey: 'SFDC' },
      { source: 'PermissionSetLicense', name: 'SalesConsoleUser', licenseDefinitionKey: null },
      { source: 'UserLicense', name: 'Mystery', licenseDefinitionKey: 'MYST' }
    ],
    actions: rows.map((row) => row.action),
    completedAt: rows.map((row) => row.completedAt),
    policyIndexes: rows.map((row) => row.policy ?? -1),
    departmentIndexes: rows.map((row) => row.department ?? -1),
    licenseIndexes: rows.map((row) => row.license ?? 0),
    reversedNow: rows.map((row) => (row.reversedNow === undefined ? false : row.reversedNow)),
    loginAfter: rows.map((row) => row.loginAfter ?? null),
    unfrozenAt: rows.map((row) => row.unfrozenAt ?? null),
    rollupsRead: true,
    frozenStateRead: true,
    ...overrides
  };
}

describe('cameBack', () => {
  const at = NOW - 60 * DAY;
  const fact = (overrides: Partial<Parameters<typeof cameBack>[0]>) => ({
    action: 'Deactivate',
    completedAt: at,
    reversedNow: false,
    loginAfter: null,
    unfrozenAt: null,
    ...overrides
  });

  it('counts a login within the days after a deactivation or freeze as back within', () => {
    expect(cameBack(fact({ loginAfter: at + 10 * DAY, reversedNow: true }), NOW)).toBe('within');
    expect(cameBack(fact({ action: 'Freeze', loginAfter: at + 30 * DAY }), NOW)).toBe('within');
  });

  it('says "later or unknown" when the newest login is past the days', () => {
    expect(cameBack(fact({ loginAfter: at + 31 * DAY, reversedNow: true }), NOW)).toBe(
      'laterOrUnknown'
    );
  });

  it('never takes a login after a permission set license removal as a return', () => {
    expect(
      cameBack(fact({ action: 'RemovePermissionSetLicense', loginAfter: at + DAY }), NOW)
    ).toBe('notBack');
    expect(cameBack(fact({ action: 'RemovePermissionSetLicense', reversedNow: true }), NOW)).toBe(
      'laterOrUnknown'
    );
  });

  it('uses a License Lens Unfreeze only for a freeze', () => {
    expect(cameBack(fact({ action: 'Freeze', unfrozenAt: at + 5 * DAY }), NOW)).toBe('within');
    expect(cameBack(fact({ action: 'Freeze', unfrozenAt: at + 45 * DAY }), NOW)).toBe(
      'laterOrUnknown'
    );
    expect(cameBack(fact({ unfrozenAt: at + 5 * DAY }), NOW)).toBe('notBack');
  });

  it('counts an undone reclaim as within while the days are not over', () => {
    const recent = NOW - 10 * DAY;
    expect(cameBack(fact({ completedAt: recent, reversedNow: true }), NOW)).toBe('within');
    expect(cameBack(fact({ reversedNow: true }), NOW)).toBe('laterOrUnknown');
  });

  it('is unknown only when the state is unreadable and no login is known', () => {
    expect(cameBack(fact({ action: 'Freeze', reversedNow: null }), NOW)).toBe('unknown');
    expect(cameBack(fact({ action: 'Freeze', reversedNow: null, loginAfter: at + DAY }), NOW)).toBe(
      'within'
    );
  });

  it('ignores a login older than the reclaim and honours another window', () => {
    expect(cameBack(fact({ loginAfter: at - DAY }), NOW)).toBe('notBack');
    expect(cameBack(fact({ loginAfter: at + 40 * DAY }), NOW, 45)).toBe('within');
    expect(CAME_BACK_DAYS).toBe(30);
  });
});

describe('buildReclaimOutcomes', () => {
  const jan = Date.parse('2026-01-15T10:00:00.000Z');
  const feb = Date.parse('2026-02-10T10:00:00.000Z');

  it('counts seats freed and their monthly price per month, department and policy', () => {
    const outcomes = buildReclaimOutcomes(
      [
        page([
          { action: 'Deactivate', completedAt: jan, policy: 0, department: 0 },
          {
            action: 'Deactivate',
            completedAt: jan,
            department: 0,
            reversedNow: true,
            loginAfter: jan + 3 * DAY
          },
          { action: 'Freeze', completedAt: feb, policy: 0, department: 1 },
          { action: 'RemovePermissionSetLicense', completedAt: feb, license: 1 }
        ])
      ],
      PRICES,
      'UTC'
    );
    expect(outcomes.totals).toEqual({
      reclaims: 4,
      seatsFreed: 3,
      monthlyValue: 362.5,
      unpricedSeats: 0,
      usersFrozen: 1,
      cameBackWithin: 1,
      cameBackLaterOrUnknown: 0,
      unknown: 0
    });
    expect(
      outcomes.months.map((m) => [m.month, m.seatsFreed, m.monthlyValue, m.usersFrozen])
    ).toEqual([
      ['2026-01', 2, 350, 0],
      ['2026-02', 1, 12.5, 1]
    ]);
    expect(outcomes.departments.map((d) => [d.department, d.seatsFreed])).toEqual([
      ['Sales', 2],
      [NO_DEPARTMENT_LABEL, 1],
      ['Support', 0]
    ]);
    expect(
      outcomes.policies.map((p) => [p.label, p.reclaims, p.cameBackWithin, p.cameBackPercent])
    ).toEqual([
      [MANUAL_POLICY_LABEL, 2, 1, 50],
      ['Full_90', 2, 0, 0]
    ]);
    expect(outcomes.notes).toEqual([]);
  });

  it('never counts a freeze as money and names unpriced licenses', () => {
    const outcomes = buildReclaimOutcomes(
      [
        page([
          { action: 'Freeze', completedAt: jan },
          { action: 'Deactivate', completedAt: jan, license: 2 },
          { action: 'Unfreeze', completedAt: jan }
        ])
      ],
      PRICES,
      'UTC'
    );
    expect(outcomes.totals.reclaims).toBe(2);
    expect(outcomes.totals.monthlyValue).toBe(0);
    expect(outcomes.totals.unpricedSeats).toBe(1);
    expect(outcomes.unpricedLicenses).toEqual(['Mystery']);
  });

  it('puts a reclaim in the month of the org-local day', () => {
    const lateOnJan31Utc = Date.parse('2026-02-01T03:00:00.000Z');
    const outcomes = buildReclaimOutcomes(
      [page([{ action: 'Deactivate', completedAt: lateOnJan31Utc }])],
      PRICES,
      'America/Los_Angeles'
    );
    expect(outcomes.months.map((m) => m.month)).toEqual(['2026-01']);
  });

  it('says what it could not read', () => {
    const outcomes = buildReclaimOutcomes(
      [page([], { rollupsRead: false, frozenStateRead: false })],
      PRICES,
      'UTC',
      { truncated: true }
    );
    expect(outcomes.notes).toHaveLength(3);
    expect(outcomes.notes[0]).toContain('LastLoginDate');
    expect(outcomes.notes[1]).toContain('UserLogin');
    expect(outcomes.notes[2]).toContain('Not every reclaim');
  });

  it('refuses columns that do not line up', () => {
    expect(() =>
      checkOutcomePage({ ...page([{ action: 'Freeze', completedAt: jan }]), loginAfter: [] })
    ).toThrow('loginAfter has 0 entries, completedAt 1');
  });
});

describe('readReclaimOutcomes', () => {
  it('follows the cursor to the last page and reports progress', async () => {
    const calls: Array<string | null> = [];
    const progress: number[] = [];
    const read = jest.fn(async (afterId: string | null) => {
      calls.push(afterId);
      const row = { action: 'Deactivate', completedAt: NOW };
      return page([row, row], { nextAfterId: calls.length < 3 ? `a${calls.length}` : null });
    });
    const result = await readReclaimOutcomes(read, { onProgress: (rows) => progress.push(rows) });
    expect(calls).toEqual([null, 'a1', 'a2']);
    expect(progress).toEqual([2, 4, 6]);
    expect(result).toMatchObject({ truncated: false, calls: 3 });
  });

  it('stops at maxCalls or when asked, and says truncated', async () => {
    let n = 0;
    const read = async () => page([], { nextAfterId: `a${++n}` });
    await expect(readReclaimOutcomes(read, { maxCalls: 2 })).resolves.toMatchObject({
      truncated: true,
      calls: 2
    });
    await expect(readReclaimOutcomes(read, { shouldStop: () => true })).resolves.toMatchObject({
      truncated: true,
      calls: 0
    });
  });

  it('fails on a cursor that does not move on', async () => {
    const read = async () => page([], { nextAfterId: 'same' });
    await expect(readReclaimOutcomes(read)).rejects.toThrow('did not move on after same');
  });
});

describe('outcome months and ranges', () => {
  it('puts each month of an axis with its figures, null when none', () => {
    const outcomes = buildReclaimOutcomes(
      [page([{ action: 'Deactivate', completedAt: Date.parse('2026-02-10T10:00:00.000Z') }])],
      PRICES,
      'UTC'
    );
    const months = outcomeOfMonths(['2026-01', '2026-02'], outcomes);
    expect(months[0]).toBeNull();
    expect(months[1]).toMatchObject({ month: '2026-02', seatsFreed: 1, monthlyValue: 175 });
    expect(outcomeOfMonths(['2026-02'], null)).toEqual([null]);
  });

  it('spans whole months up to today in the org time zone, at most 24', () => {
    const now = Date.parse('2026-03-01T05:00:00.000Z');
    expect(outcomeRangeOf(now, 'UTC', 12)).toEqual({ fromDay: '2025-04-01', toDay: '2026-03-01' });
    // Still February 28 in Los Angeles.
    expect(outcomeRangeOf(now, 'America/Los_Angeles', 1)).toEqual({
      fromDay: '2026-02-01',
      toDay: '2026-02-28'
    });
    expect(outcomeRangeOf(now, 'UTC', 100).fromDay).toBe('2024-04-01');
    expect(() => outcomeRangeOf(now, 'Mars/Olympus_Mons', 12)).toThrow();
  });
});

describe('sharedOutcomeRead', () => {
  const read = (calls: string[], name: string, result: Promise<OutcomeRead>) => () => {
    calls.push(name);
    return result;
  };
  const done: OutcomeRead = { pages: [], truncated: false, calls: 1 };

  it('gives the second card of a load the first card’s read (one set of Apex calls)', async () => {
    const calls: string[] = [];
    const first = sharedOutcomeRead(
      'load-1|2026-01-01|2026-12-02',
      read(calls, 'a', Promise.resolve(done))
    );
    const second = sharedOutcomeRead(
      'load-1|2026-01-01|2026-12-02',
      read(calls, 'b', Promise.resolve(done))
    );
    expect(await second).toBe(await first);
    expect(calls).toEqual(['a']);
    await sharedOutcomeRead(
      'load-2|2026-01-01|2026-12-02',
      read(calls, 'c', Promise.resolve(done))
    );
    expect(calls).toEqual(['a', 'c']);
  });

  it('reads alone without a key, and forgets a failed read', async () => {
    const calls: string[] = [];
    await sharedOutcomeRead(null, read(calls, 'a', Promise.resolve(done)));
    await sharedOutcomeRead(null, read(calls, 'b', Promise.resolve(done)));
    const failed = sharedOutcomeRead(
      'load-3|x|y',
      read(calls, 'c', Promise.reject(new Error('refused')))
    );
    await expect(failed).rejects.toThrow('refused');
    await sharedOutcomeRead('load-3|x|y', read(calls, 'd', Promise.resolve(done)));
    expect(calls).toEqual(['a', 'b', 'c', 'd']);
  });
});
