import {
  readHistory,
  buildHistoryView
} from '../../../force-app/main/default/lwc/llAnalytics/history';
import { ApexError } from '../controller/apex-error';
import type { TransactionUse } from '../controller/apex-transaction';
import {
  EMPTY_HISTORY_STORE,
  HistoryController,
  MAX_SNAPSHOT_ROWS_PER_READ,
  type HistoryStore,
  type LicenseSnapshotRow
} from '../controller/history-controller';
import { ReclaimController } from '../controller/reclaim-controller';
import { createDemoHistory, DEMO_HISTORY_DAYS } from '../demo-org/history';
import { loadDemoOrg } from '../demo-org/load-demo-org';
import { createApexDispatcher } from '../server/apex-dispatcher';
import { fixtureController, FIXTURE_NOW } from './helpers';

/** 2026-03-10T18:00:00Z: 2026-03-10 in the demo org's time zone (Los Angeles). */
const NOW = Date.UTC(2026, 2, 10, 18);
const data = loadDemoOrg({ users: 300, seed: 7, now: NOW });

function demoController(observe?: (use: TransactionUse) => void) {
  return new HistoryController({ store: createDemoHistory({ seed: 7, now: NOW, data }), observe });
}

/** A store with `pools` pools on every day of 2025 and 2026 up to March. */
function manyPools(pools: number): HistoryStore {
  const days: string[] = [];
  for (let time = Date.UTC(2025, 0, 1); time <= Date.UTC(2026, 2, 9); time += 86_400_000) {
    days.push(new Date(time).toISOString().slice(0, 10));
  }
  return {
    snapshotDays: () => ({ first: days[0], last: days[days.length - 1] }),
    dayTotalDays: () => null,
    *snapshots(first, end) {
      for (const day of days.filter((key) => key >= first && key < end)) {
        for (let pool = 0; pool < pools; pool += 1) {
          const row: LicenseSnapshotRow = {
            day,
            source: 'PermissionSetLicense',
            licenseName: `Pool${pool}`,
            label: null,
            total: 10,
            used: 5
          };
          yield row;
        }
      }
    },
    dayTotals: () => []
  };
}

describe('demo org history', () => {
  it('keeps two years of nightly rows ending yesterday, the last day at today’s seats', () => {
    const store = createDemoHistory({ seed: 7, now: NOW, data });
    expect(store.snapshotDays()).toEqual({ first: '2024-03-10', last: '2026-03-09' });
    expect(store.dayTotalDays()).toEqual({ first: '2024-03-10', last: '2026-03-09' });
    const lastDay = [...store.snapshots('2026-03-09', '2026-03-10')];
    const active = data.userLicenses.filter(
      (row) => row.status === 'Active' && row.totalLicenses > 0
    );
    const salesforce = active.find((row) => row.name === 'Salesforce')!;
    expect(lastDay.find((row) => row.licenseName === 'Salesforce')).toMatchObject({
      used: salesforce.usedLicenses,
      total: salesforce.totalLicenses
    });
    const all = [...store.snapshots('2000-01-01', '2100-01-01')];
    expect(all.length).toBe(DEMO_HISTORY_DAYS * lastDay.length);
    expect(all.every((row) => row.used >= 0 && row.used <= row.total)).toBe(true);
    expect([...store.dayTotals('2000-01-01', '2100-01-01')]).toHaveLength(DEMO_HISTORY_DAYS);
  });

  it('is the same for the same seed, and differs for another', () => {
    const again = createDemoHistory({ seed: 7, now: NOW, data });
    const other = createDemoHistory({ seed: 8, now: NOW, data });
    const rows = (store: HistoryStore) => [...store.dayTotals('2025-01-01', '2025-02-01')];
    expect(rows(again)).toEqual(rows(createDemoHistory({ seed: 7, now: NOW, data })));
    expect(rows(other)).not.toEqual(rows(again));
  });

  it('has fewer logins on weekends and grows towards today', () => {
    const store = createDemoHistory({ seed: 7, now: NOW, data });
    const [saturday] = store.dayTotals('2025-06-07', '2025-06-08');
    const [monday] = store.dayTotals('2025-06-09', '2025-06-10');
    expect(saturday.uniqueUsers).toBeLessThan(monday.uniqueUsers / 3);
    const sum = (from: string, to: string) =>
      [...store.dayTotals(from, to)].reduce((total, row) => total + row.logins, 0);
    expect(sum('2026-02-01', '2026-03-01')).toBeGreaterThan(sum('2024-04-01', '2024-04-29'));
  });
});

describe('HistoryController (LL_HistoryController in the preview)', () => {
  it('reads twelve months back from the newest kept month, within its query budget', () => {
    const uses: TransactionUse[] = [];
    const slice = demoController((use) => uses.push(use)).getHistory({});

    expect(slice.lastMonth).toBe('2026-03');
    expect(slice.firstMonth).toBe('2025-04');
    expect(slice.tooManyRows).toBe(false);
    expect(slice.loginMonths.map((month) => month.month)).toHaveLength(12);
    expect(slice.loginMonths[11]).toMatchObject({ month: '2026-03', daysRecorded: 9 });
    const salesforce = slice.licenseMonths.filter((entry) => entry.name === 'Salesforce');
    expect(salesforce).toHaveLength(12);
    expect(salesforce[11].lastDay).toBe('2026-03-09');
    expect(uses).toHaveLength(1);
    expect(uses[0].queries).toBe(6);
    expect(uses[0].queryRows).toBe(slice.rowsRead);
    expect(uses[0].queryRows).toBeLessThanOrEqual(4 + MAX_SNAPSHOT_ROWS_PER_READ + 1 + 373);
  });

  it('answers tooManyRows, touching one row past the cap, when the months do not fit', () => {
    const uses: TransactionUse[] = [];
    const controller = new HistoryController({
      store: manyPools(30),
      observe: (use) => uses.push(use)
    });

    const slice = controller.getHistory({ lastMonth: '2026-02', months: 12 });

    expect(slice.tooManyRows).toBe(true);
    expect(slice.licenseMonths).toEqual([]);
    expect(uses[0]).toEqual({
      queries: 5,
      queryRows: 2 + MAX_SNAPSHOT_ROWS_PER_READ + 1,
      maxQueryRows: MAX_SNAPSHOT_ROWS_PER_READ + 1
    });
    expect(controller.getHistory({ lastMonth: '2026-02', months: 6 }).tooManyRows).toBe(false);
  });

  it('lets the page read the whole two years in three calls with no call over a limit', async () => {
    const controller = demoController();
    const calls: Array<[string | null, number]> = [];
    const read = await readHistory((lastMonth, months) => {
      calls.push([lastMonth, months]);
      return Promise.resolve(controller.getHistory({ lastMonth, months }));
    });
    expect(calls).toEqual([
      [null, 12],
      ['2025-03', 12],
      ['2024-03', 1]
    ]);
    const view = buildHistoryView(read);
    expect(view.months[0]).toBe('2024-03');
    expect(view.months).toHaveLength(25);
    expect(view.logins.every((point) => point !== null)).toBe(true);
  });

  it('reads in smaller slices when an org has many pools', async () => {
    const controller = new HistoryController({ store: manyPools(30) });
    const read = await readHistory((lastMonth, months) =>
      Promise.resolve(controller.getHistory({ lastMonth, months }))
    );
    const view = buildHistoryView(read);
    expect(view.months[0]).toBe('2025-01');
    expect(view.licenses).toHaveLength(30);
    expect(view.licenses[0].points.every((point) => point !== null)).toBe(true);
  });

  it('answers no months when nothing is kept', () => {
    const uses: TransactionUse[] = [];
    const slice = new HistoryController({
      store: EMPTY_HISTORY_STORE,
      observe: (use) => uses.push(use)
    }).getHistory({ lastMonth: null, months: null });
    expect(slice).toMatchObject({ firstMonth: null, lastMonth: null, rowsRead: 0 });
    expect(uses[0].queries).toBe(4);
  });

  it('refuses bad arguments as the Apex does', () => {
    const controller = demoController();
    expect(() => controller.getHistory({ months: 13 })).toThrow(
      'months must be at most 12; got 13.'
    );
    expect(() => controller.getHistory({ months: 1.5 })).toThrow(ApexError);
    expect(() => controller.getHistory({ lastMonth: '2026/03' })).toThrow(
      'lastMonth must look like 2026-03; got "2026/03".'
    );
    expect(() => controller.getHistory({ lastMonth: 'a very long month value indeed' })).toThrow(
      'got "a very long month..."'
    );
    expect(controller.getHistory({ lastMonth: '  ', months: 0 }).lastMonth).toBe('2026-03');
  });

  it('is reachable through the preview dispatcher, empty unless a store is given', () => {
    const local = fixtureController();
    const reclaim = new ReclaimController({ data, clock: () => FIXTURE_NOW });
    const empty = createApexDispatcher(local, reclaim);
    expect(empty('LL_HistoryController.getHistory', {})).toMatchObject({ firstMonth: null });
    const demo = createApexDispatcher(local, reclaim, { history: demoController() });
    expect(demo('LL_HistoryController.getHistory', { months: 1 })).toMatchObject({
      firstMonth: '2026-03'
    });
  });
});
