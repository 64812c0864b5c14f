import {
  ACTIVITY_LABELS,
  analyzeUsers,
  createOrgCalendar,
  createPriceBook,
  DEFAULT_PAGE_SIZE,
  DEFAULT_USER_SORT,
  pageOf,
  sortRows,
  sortUsers,
  toUserTableRows,
  USER_COLUMNS,
  userColumn,
  frozenLabel
} from 'c/llAnalytics';
import type { CellValue, UserColumnKey, UserInsight } from 'c/llAnalytics';
import { daysAgo, group, LA, loginWindow, NOW_MS, PRICES, SETTINGS, user } from './fixtures';

interface Row {
  id: number;
  value: CellValue;
}
const rows = (values: CellValue[]): Row[] => values.map((value, id) => ({ id, value }));
const ids = (sorted: Row[]) => sorted.map((row) => row.id);

describe('sortRows', () => {
  it('sorts numbers both ways with nulls (and NaN) last', () => {
    const input = rows([3, null, 1, 2, Number.NaN, -5]);
    expect(ids(sortRows(input, (r) => r.value, 'asc'))).toEqual([5, 2, 3, 0, 1, 4]);
    expect(ids(sortRows(input, (r) => r.value, 'desc'))).toEqual([0, 3, 2, 5, 1, 4]);
  });

  it('is stable in both directions', () => {
    const input = rows([2, 1, 2, 1, 2]);
    expect(ids(sortRows(input, (r) => r.value, 'asc'))).toEqual([1, 3, 0, 2, 4]);
    expect(ids(sortRows(input, (r) => r.value, 'desc'))).toEqual([0, 2, 4, 1, 3]);
  });

  it('sorts text case-insensitively, then exactly', () => {
    const input = rows(['b', 'B', 'a', null, 'C', 'b']);
    expect(sortRows(input, (r) => r.value, 'asc').map((r) => r.value)).toEqual([
      'a',
      'B',
      'b',
      'b',
      'C',
      null
    ]);
    expect(sortRows(input, (r) => r.value, 'desc').map((r) => r.value)).toEqual([
      'C',
      'b',
      'b',
      'B',
      'a',
      null
    ]);
    expect(ids(sortRows(input, (r) => r.value, 'asc')).slice(2, 4)).toEqual([0, 5]);
  });

  it('sorts booleans false before true, and numbers before text when mixed', () => {
    expect(
      sortRows(rows([true, false, null, true]), (r) => r.value, 'asc').map((r) => r.value)
    ).toEqual([false, true, true, null]);
    expect(sortRows(rows(['x', 2, 'a', 1]), (r) => r.value, 'asc').map((r) => r.value)).toEqual([
      1,
      2,
      'a',
      'x'
    ]);
  });

  it('copies, and handles empty and single-row input', () => {
    const input = rows([2, 1]);
    const sorted = sortRows(input, (r) => r.value, 'asc');
    expect(sorted).not.toBe(input);
    expect(ids(input)).toEqual([0, 1]);
    expect(sortRows([], (r: Row) => r.value, 'asc')).toEqual([]);
    expect(ids(sortRows(rows([null]), (r) => r.value, 'desc'))).toEqual([0]);
  });

  /** What sortRows must equal: a stable comparison sort, nulls and NaN last. */
  function referenceOrder(values: (number | null)[], direction: 'asc' | 'desc'): number[] {
    const sign = direction === 'asc' ? 1 : -1;
    return values
      .map((value, id) => ({ id, value }))
      .sort((a, b) => {
        const aNull = a.value === null || Number.isNaN(a.value);
        const bNull = b.value === null || Number.isNaN(b.value);
        if (aNull || bNull) return Number(aNull) - Number(bNull);
        return a.value === b.value
          ? 0
          : sign * ((a.value as number) < (b.value as number) ? -1 : 1);
      })
      .map((row) => row.id);
  }

  it.each([
    [
      'whole numbers in a narrow span (lookup table)',
      [5, -3, 0, -0, 5, null, 12, -3, Number.NaN, 7]
    ],
    ['whole numbers far apart (map)', [1e12, -1e12, 3, null, 1e12, 0, -0, 3]],
    ['fractions and infinities (map)', [0.5, -Infinity, Infinity, 0.25, null, 0.5, -0.75]],
    ['only nulls', [null, Number.NaN, null]]
  ])('orders numeric keys like a comparison sort: %s', (_name, values) => {
    const input = rows(values);
    for (const direction of ['asc', 'desc'] as const) {
      expect(ids(sortRows(input, (r) => r.value, direction))).toEqual(
        referenceOrder(values, direction)
      );
    }
  });
});

describe('user columns and sortUsers', () => {
  const people = [
    user({ name: 'Zed', lastLoginDate: daysAgo(200) }),
    user({ name: 'amy', lastLoginDate: null, createdDate: daysAgo(30) }),
    user({ name: 'Bob', lastLoginDate: daysAgo(10) }),
    user({
      name: 'Cy',
      licenseName: 'Chatter Free',
      licenseDefinitionKey: null,
      lastLoginDate: daysAgo(100)
    })
  ];
  const insights: UserInsight[] = analyzeUsers(people, {
    loginGroups: [group({ userId: people[2].id, lastLoginTime: daysAgo(2) })],
    window: loginWindow(30),
    settings: SETTINGS,
    calendar: createOrgCalendar(LA),
    priceBook: createPriceBook(PRICES),
    now: NOW_MS
  });

  it('has one column per key, each readable from every insight', () => {
    const keys = USER_COLUMNS.map((column) => column.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const column of USER_COLUMNS) {
      for (const insight of insights) {
        const cell = column.value(insight);
        expect(['string', 'number', 'boolean', 'object']).toContain(typeof cell);
      }
    }
    expect(userColumn('activity').value(insights[1])).toBe(ACTIVITY_LABELS.neverLoggedIn);
    expect(userColumn('monthlyPrice').value(insights[3])).toBeNull();
    expect(userColumn('apiSharePercent').value(insights[2])).toBe(0);
    expect(() => userColumn('shoeSize' as UserColumnKey)).toThrow('Unknown user column "shoeSize"');
  });

  it('writes the frozen state as Yes, No or Unknown, never an unknown as "not frozen"', () => {
    expect([true, false, null].map(frozenLabel)).toEqual(['Yes', 'No', 'Unknown']);
    const frozenColumn = userColumn('isFrozen');
    expect(frozenColumn.type).toBe('text');
    const unknown = { ...insights[0], user: { ...insights[0].user, isFrozen: null } };
    expect(frozenColumn.value(unknown)).toBe('Unknown');
  });

  it('sorts by the default column: most days since the last seat login first, never last', () => {
    expect(DEFAULT_USER_SORT).toEqual({ key: 'daysSinceLastSeatLogin', direction: 'desc' });
    expect(sortUsers(insights, DEFAULT_USER_SORT).map((i) => i.user.name)).toEqual([
      'Zed',
      'Cy',
      'Bob',
      'amy'
    ]);
    expect(sortUsers(insights, { key: 'name', direction: 'asc' }).map((i) => i.user.name)).toEqual([
      'amy',
      'Bob',
      'Cy',
      'Zed'
    ]);
    expect(
      sortUsers(insights, { key: 'lastSeatLogin', direction: 'asc' }).map((i) => i.user.name)
    ).toEqual(['Zed', 'Cy', 'Bob', 'amy']);
  });

  it('flattens a page for a datatable with instants in org time', () => {
    const [row] = toUserTableRows([insights[2]], createOrgCalendar(LA));
    expect(row.id).toBe(people[2].id);
    expect(row.name).toBe('Bob');
    expect(row.activity).toBe('Active');
    expect(row.lastSeatLogin).toBe(createOrgCalendar(LA).formatLocal(Date.parse(daysAgo(2))));
    expect(row.lastApiLogin).toBeNull();
    expect(row.monthlyPrice).toBe(175);
    expect(row.integrationOnHumanSeat).toBe(false);
    expect(toUserTableRows([], createOrgCalendar(LA))).toEqual([]);
  });
});

describe('pageOf', () => {
  const hundred = Array.from({ length: 101 }, (_, index) => index);

  it('returns the requested page with pager facts', () => {
    expect(pageOf(hundred, 2, 50)).toEqual({
      rows: hundred.slice(50, 100),
      page: 2,
      pageSize: 50,
      pageCount: 3,
      totalRows: 101,
      firstRow: 51,
      lastRow: 100,
      hasPrevious: true,
      hasNext: true
    });
    expect(pageOf(hundred, 3, 50)).toMatchObject({
      rows: [100],
      firstRow: 101,
      lastRow: 101,
      hasNext: false
    });
  });

  it('clamps pages and sizes', () => {
    expect(pageOf(hundred, 99, 50).page).toBe(3);
    expect(pageOf(hundred, -1, 50)).toMatchObject({ page: 1, hasPrevious: false });
    expect(pageOf(hundred, Number.NaN, 50).page).toBe(1);
    expect(pageOf(hundred, 1.7, 50).page).toBe(1);
    expect(pageOf(hundred, 1, 0).pageSize).toBe(DEFAULT_PAGE_SIZE);
    expect(pageOf(hundred, 1).pageSize).toBe(DEFAULT_PAGE_SIZE);
    expect(pageOf(hundred, 1, 10.9).pageSize).toBe(10);
  });

  it('has one empty page when there are no rows', () => {
    expect(pageOf([], 5, 50)).toEqual({
      rows: [],
      page: 1,
      pageSize: 50,
      pageCount: 1,
      totalRows: 0,
      firstRow: 0,
      lastRow: 0,
      hasPrevious: false,
      hasNext: false
    });
  });
});
