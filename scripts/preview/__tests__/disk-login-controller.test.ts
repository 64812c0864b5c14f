/**
 * The preview's Apex stand-in answers the same over a DiskLoginTable (a live
 * pull's LoginHistory, kept on disk) as over the MemoryLoginTable of the same
 * rows: user pages, the trend (whole windows, day slices, parts of a day),
 * with and without the nightly rollups, and the too-big answers when the
 * row budget is small.
 */
import {
  createOrgCalendar,
  dayKeyFromNumber
} from '../../../force-app/main/default/lwc/llAnalytics/time';
import {
  decodeUserPage,
  readUserPages
} from '../../../force-app/main/default/lwc/llReadPlanner/llReadPlanner';
import { readOrgMetadata } from '../controller/custom-metadata';
import type { ApexTransaction } from '../controller/apex-transaction';
import { LocalController, type LocalControllerOptions } from '../controller/local-controller';
import { DiskLoginTable, DiskLoginTableBuilder } from '../data/disk-login-table';
import type { LoginTable } from '../data/login-store';
import { orgTimeZone, type OrgData } from '../data/org-data';
import { loadDemoOrg } from '../demo-org/load-demo-org';
import { createNightlyRollups } from '../demo-org/nightly-rollups';
import { FIXTURE_METADATA } from './helpers';

const NOW = Date.parse('2026-11-23T20:00:00.000Z');
const metadata = readOrgMetadata(FIXTURE_METADATA);

/** A controller whose calls may read only `budget` rows per query (too-big answers at demo size). */
class SmallBudgetController extends LocalController {
  constructor(
    options: LocalControllerOptions,
    private readonly budget: number
  ) {
    super(options);
  }

  protected override rowBudget(transaction: ApexTransaction): number {
    return Math.min(this.budget, super.rowBudget(transaction));
  }
}

function onDisk(table: LoginTable): LoginTable {
  const builder = new DiskLoginTableBuilder({ chunkRows: 500, bucketRows: 4_000 });
  builder.addTable(table);
  return builder.build();
}

/** Every answer the dashboard asks for at first load, and a few slices and parts. */
async function answers(data: OrgData, rollups: boolean, budget: number | null) {
  const options: LocalControllerOptions = {
    data,
    metadata,
    clock: () => NOW,
    rollups: rollups ? createNightlyRollups({ data, clock: () => NOW }) : false
  };
  const controller =
    budget === null ? new LocalController(options) : new SmallBudgetController(options, budget);
  const calendar = createOrgCalendar(orgTimeZone(data));
  const today = calendar.dayNumber(NOW);
  const pages = [];
  const reads = [];
  for (const windowDays of [30, 90]) {
    let after: string | null = null;
    do {
      const page = controller.getUserPage({ afterUserId: after, pageSize: 40, windowDays });
      pages.push(page);
      after = page.nextAfterUserId;
    } while (after !== null);
    // As the dashboard reads them: pages that do not fit are split into fewer users or days.
    reads.push(
      await readUserPages(
        async (afterUserId, pageSize, daySlice) =>
          decodeUserPage(
            controller.getUserPage({
              afterUserId,
              pageSize,
              windowDays,
              ...(daySlice
                ? { sliceFirstDay: daySlice.firstDay, sliceLastDay: daySlice.lastDay }
                : {})
            })
          ),
        { pageSize: 40, minPageSize: 1, maxUsers: 10_000, maxCalls: 1_000 }
      )
    );
  }
  const slice = {
    sliceFirstDay: dayKeyFromNumber(today - 9),
    sliceLastDay: dayKeyFromNumber(today - 3)
  };
  const yesterday = dayKeyFromNumber(today - 1);
  const yesterdayStart = calendar.startOfDay(today - 1);
  const part = {
    sliceFirstDay: yesterday,
    sliceLastDay: yesterday,
    partStart: new Date(yesterdayStart + 3 * 3_600_000).toISOString(),
    partEnd: new Date(yesterdayStart + 15 * 3_600_000).toISOString()
  };
  return {
    pages,
    reads,
    slicedPage: controller.getUserPage({
      afterUserId: null,
      pageSize: 100,
      windowDays: 90,
      ...slice
    }),
    trends: [
      controller.getLoginTrend({ windowDays: 30 }),
      controller.getLoginTrend({ windowDays: 90 }),
      controller.getLoginTrend({ windowDays: 90, ...slice }),
      controller.getLoginTrend({ windowDays: 30, ...part })
    ]
  };
}

describe('LocalController over a DiskLoginTable', () => {
  const data = loadDemoOrg({ users: 260, seed: 11, now: NOW });
  const disk = onDisk(data.logins);
  const onDiskData: OrgData = { ...data, logins: disk };

  afterAll(() => disk.dispose());

  it('holds the same rows as the memory table, in files', () => {
    expect(disk.size).toBe(data.logins.size);
    expect(disk.size).toBeGreaterThan(5_000);
    expect(disk.footprint().diskBytes).toBeGreaterThan(0);
    expect(disk.newestTime()).toBe(data.logins.newestTime());
  });

  it.each([
    ['live reads', false, null],
    ['nightly rollups', true, null],
    ['a small row budget (too-big answers)', false, 1500]
  ])('answers pages and trends the same: %s', async (_name, rollups, budget) => {
    const fromMemory = await answers(data, rollups, budget);
    if (budget !== null) {
      // The budget must bite, or the test would not show the too-big answers agree.
      expect(fromMemory.trends.some((trend) => trend.tooBig)).toBe(true);
      expect(fromMemory.trends.some((trend) => !trend.tooBig)).toBe(true);
      expect(fromMemory.pages.some((page) => page.tooBig)).toBe(true);
      // The planner read every user, in day slices.
      const [read30, read90] = fromMemory.reads;
      expect(read30.users.length).toBeGreaterThan(200);
      expect(read90.users).toEqual(read30.users);
      expect(read90.calls).toBeGreaterThan(read30.users.length / 40 + 1);
      expect(read90.stoppedBy).toBeNull();
    } else {
      expect(fromMemory.trends.every((trend) => !trend.tooBig)).toBe(true);
      expect(fromMemory.trends[1].daily.length).toBeGreaterThan(0);
    }
    expect(await answers(onDiskData, rollups, budget)).toEqual(fromMemory);
  });

  it('reads no LoginHistory row of a user page too big to read', () => {
    const options: LocalControllerOptions = {
      data: onDiskData,
      metadata,
      clock: () => NOW,
      rollups: false
    };
    const byUser = jest.spyOn(DiskLoginTable.prototype, 'rowsOfUsers');
    try {
      const page = new SmallBudgetController(options, 10).getUserPage({
        afterUserId: null,
        pageSize: 40,
        windowDays: 90
      });
      expect(page.tooBig).toBe(true);
      expect(byUser).not.toHaveBeenCalled();
      // The same page fits a large budget: read then.
      expect(
        new LocalController(options).getUserPage({
          afterUserId: null,
          pageSize: 40,
          windowDays: 90
        }).tooBig
      ).toBe(false);
      expect(byUser).toHaveBeenCalledTimes(1);
    } finally {
      byUser.mockRestore();
    }
  });

  it('reads no LoginHistory row of a trend too big to read, the window-cut days included', () => {
    const calendar = createOrgCalendar(orgTimeZone(data));
    const yesterday = dayKeyFromNumber(calendar.dayNumber(NOW) - 1);
    const yesterdayStart = calendar.startOfDay(calendar.dayNumber(NOW) - 1);
    const options: LocalControllerOptions = {
      data: onDiskData,
      metadata,
      clock: () => NOW,
      rollups: false
    };
    const byTime = jest.spyOn(DiskLoginTable.prototype, 'readByTime');
    try {
      const tiny = new SmallBudgetController(options, 10);
      // A whole window (its last day cut at now) and a part of one day.
      const whole = tiny.getLoginTrend({ windowDays: 30 });
      const part = tiny.getLoginTrend({
        windowDays: 30,
        sliceFirstDay: yesterday,
        sliceLastDay: yesterday,
        partStart: new Date(yesterdayStart).toISOString(),
        partEnd: new Date(yesterdayStart + 23 * 3_600_000).toISOString()
      });
      expect([whole.tooBig, part.tooBig]).toEqual([true, true]);
      expect(byTime).not.toHaveBeenCalled();
      // The same part fits a large budget: it is read then, only its rows.
      const fits = new LocalController(options).getLoginTrend({
        windowDays: 30,
        sliceFirstDay: yesterday,
        sliceLastDay: yesterday,
        partStart: new Date(yesterdayStart).toISOString(),
        partEnd: new Date(yesterdayStart + 23 * 3_600_000).toISOString()
      });
      expect(fits.tooBig).toBe(false);
      const readRows = byTime.mock.calls.reduce((sum, [start, end]) => sum + end - start, 0);
      const logins = fits.daily.reduce((sum, bucket) => sum + bucket.logins, 0);
      expect(logins).toBeGreaterThan(10);
      expect(readRows).toBe(logins);
    } finally {
      byTime.mockRestore();
    }
  });
});
