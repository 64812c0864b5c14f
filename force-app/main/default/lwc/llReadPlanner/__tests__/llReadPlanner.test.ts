import {
  DEFAULT_CONCURRENCY,
  MAX_PAGE_REREADS,
  UnreadableUsersError,
  addDays,
  createLimiter,
  dayCount,
  dayKey,
  dayNumber,
  daySlice,
  isGovernorLimitError,
  daysOf,
  describeDays,
  MIN_DAY_PART_MS,
  mergeDayParts,
  mergeLoginGroups,
  nextPageSize,
  readTrend,
  readUserPages,
  rollupDaysOf,
  sliceContains,
  splitSlice
} from 'c/llReadPlanner';
import type {
  DaySlice,
  ReadProgress,
  UserPage,
  UserPagePlan,
  UserPageReader
} from 'c/llReadPlanner';
import type { LoginTrendDto, UserLoginGroupDto } from '../../../../../types/contract';
import { FakeOrg, TODAY, loginMinute, sortGroups, userId, wait } from './fakeOrg';
import type { FakeCall } from './fakeOrg';

const PLAN: UserPagePlan = { pageSize: 100, minPageSize: 1, maxUsers: 200_000, maxCalls: 1000 };
const YESTERDAY = addDays(TODAY, -1);

function sliceText(slice: DaySlice | null): string {
  return slice ? `${slice.firstDay}..${slice.lastDay}` : 'whole';
}

/** A page's calls: every slice asked for one cursor. */
function callsAfter(calls: readonly FakeCall[], cursor: string | null): FakeCall[] {
  return calls.filter((call) => call.afterUserId === cursor);
}

describe('day arithmetic', () => {
  it('turns day keys into day numbers and back, across months and leap days', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayKey(dayNumber('2028-02-29'))).toBe('2028-02-29');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    // Days are calendar dates: a DST change in any zone does not move them.
    expect(addDays('2026-03-08', 1)).toBe('2026-03-09');
    expect(addDays('2026-11-01', 1)).toBe('2026-11-02');
  });

  it('refuses malformed and impossible days', () => {
    expect(() => dayNumber('2026-1-01')).toThrow(RangeError);
    expect(() => dayNumber('2026-02-30')).toThrow(/not a calendar date/);
    expect(() => dayNumber('2026-13-01')).toThrow(/not a calendar date/);
    expect(() => daySlice('2026-11-02', '2026-11-01')).toThrow(/ends before it starts/);
    expect(daySlice('2026-11-01', '2026-11-01')).toEqual({
      firstDay: '2026-11-01',
      lastDay: '2026-11-01'
    });
  });

  it('counts, lists and compares slices', () => {
    const slice = daySlice('2026-02-27', '2026-03-02');
    expect(dayCount(slice)).toBe(4);
    expect(daysOf(slice)).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(sliceContains(slice, daySlice('2026-02-28', '2026-03-01'))).toBe(true);
    expect(sliceContains(slice, slice)).toBe(true);
    expect(sliceContains(slice, daySlice('2026-02-26', '2026-03-01'))).toBe(false);
    expect(sliceContains(slice, daySlice('2026-03-01', '2026-03-03'))).toBe(false);
  });

  it('splits at rolledUpThroughDay when the slice has rollup and live days', () => {
    const slice = daySlice('2026-11-01', '2026-11-30');
    expect(splitSlice(slice, '2026-11-29')).toEqual([
      { firstDay: '2026-11-01', lastDay: '2026-11-29' },
      { firstDay: '2026-11-30', lastDay: '2026-11-30' }
    ]);
    expect(splitSlice(slice, '2026-11-01')).toEqual([
      { firstDay: '2026-11-01', lastDay: '2026-11-01' },
      { firstDay: '2026-11-02', lastDay: '2026-11-30' }
    ]);
  });

  it('splits in halves when the slice is all rollup or all live', () => {
    const even = daySlice('2026-11-01', '2026-11-30');
    for (const rolled of [null, '2026-10-31', '2026-11-30', '2026-12-05']) {
      expect(splitSlice(even, rolled)).toEqual([
        { firstDay: '2026-11-01', lastDay: '2026-11-15' },
        { firstDay: '2026-11-16', lastDay: '2026-11-30' }
      ]);
    }
    expect(splitSlice(daySlice('2026-11-01', '2026-11-03'), null)).toEqual([
      { firstDay: '2026-11-01', lastDay: '2026-11-02' },
      { firstDay: '2026-11-03', lastDay: '2026-11-03' }
    ]);
    expect(() => splitSlice(daySlice('2026-11-01', '2026-11-01'), null)).toThrow(/one day/);
  });

  it('counts the rollup days of a slice', () => {
    const slice = daySlice('2026-11-01', '2026-11-30');
    expect(rollupDaysOf(slice, null)).toBe(0);
    expect(rollupDaysOf(slice, '2026-10-31')).toBe(0);
    expect(rollupDaysOf(slice, '2026-11-29')).toBe(29);
    expect(rollupDaysOf(slice, '2026-12-29')).toBe(30);
  });

  it('describes days as ranges', () => {
    expect(describeDays([])).toBe('');
    expect(describeDays(['2026-11-20'])).toBe('2026-11-20');
    expect(
      describeDays(['2026-11-03', '2026-11-01', '2026-11-02', '2026-11-20', '2026-11-02'])
    ).toBe('2026-11-01 to 2026-11-03, 2026-11-20');
  });
});

describe('createLimiter', () => {
  it('never runs more tasks than its limit and runs them in order', async () => {
    const limiter = createLimiter(2);
    expect(limiter.limit).toBe(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const tasks = Array.from({ length: 7 }, (_, index) =>
      limiter.run(async () => {
        started.push(index);
        running++;
        most = Math.max(most, running);
        await wait(1);
        running--;
        return index * 10;
      })
    );
    expect(limiter.active).toBe(2);
    expect(await Promise.all(tasks)).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(most).toBe(2);
    expect(limiter.peak).toBe(2);
    expect(limiter.active).toBe(0);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('frees the slot of a task that fails, sync or async', async () => {
    const limiter = createLimiter(1);
    const failing = limiter.run(() => Promise.reject(new Error('async')));
    const throwing = limiter.run(() => {
      throw new Error('sync');
    });
    const next = limiter.run(async () => 'next');
    await expect(failing).rejects.toThrow('async');
    await expect(throwing).rejects.toThrow('sync');
    await expect(next).resolves.toBe('next');
  });

  it('defaults to four and refuses a useless limit', () => {
    expect(createLimiter().limit).toBe(DEFAULT_CONCURRENCY);
    expect(DEFAULT_CONCURRENCY).toBe(4);
    expect(() => createLimiter(0)).toThrow(RangeError);
    expect(() => createLimiter(1.5)).toThrow(RangeError);
  });
});

describe('mergeLoginGroups', () => {
  const group = (overrides: Partial<UserLoginGroupDto>): UserLoginGroupDto => ({
    userId: 'U1',
    loginType: 'Application',
    loginSubType: null,
    status: 'Success',
    application: 'Browser',
    logins: 1,
    lastLoginTime: '2026-11-01T10:00:00.000Z',
    ...overrides
  });

  it('sums logins and keeps the newest login per user and group', () => {
    const merged = mergeLoginGroups([
      [group({ logins: 2 }), group({ status: 'Invalid Password' })],
      [group({ logins: 3, lastLoginTime: '2026-11-05T10:00:00.000Z' })],
      [group({ logins: 4, lastLoginTime: '2026-10-05T10:00:00.000Z' }), group({ userId: 'U2' })]
    ]);
    expect(merged).toEqual([
      group({ logins: 9, lastLoginTime: '2026-11-05T10:00:00.000Z' }),
      group({ status: 'Invalid Password' }),
      group({ userId: 'U2' })
    ]);
  });

  it('keeps null and empty values apart and never changes its input', () => {
    const input = [group({ application: null }), group({ application: '' })];
    const merged = mergeLoginGroups([input, [group({ application: null, logins: 5 })]]);
    expect(merged.map((g) => [g.application, g.logins])).toEqual([
      [null, 6],
      ['', 1]
    ]);
    expect(input[0].logins).toBe(1);
  });
});

describe('nextPageSize', () => {
  it('sizes the next page from the login groups per user just seen', () => {
    const plan = { ...PLAN, pageSize: 2000, groupsPerCall: 1000 };
    expect(nextPageSize(plan, 0, 0)).toBe(2000);
    expect(nextPageSize(plan, 100, 0)).toBe(2000);
    expect(nextPageSize(plan, 100, 50)).toBe(1700);
    expect(nextPageSize(plan, 100, 1000)).toBe(85);
    expect(nextPageSize(plan, 1, 1_000_000)).toBe(1);
    expect(nextPageSize({ ...PLAN, pageSize: 2000 }, 2000, 10_000)).toBe(2000);
    expect(nextPageSize({ ...PLAN, pageSize: 2000 }, 2000, 60_000)).toBe(850);
  });
});

describe('readUserPages', () => {
  it('reads an org with fresh rollups in one call per page', async () => {
    const org = new FakeOrg({
      users: 450,
      days: 30,
      rolledUpThroughDay: YESTERDAY,
      logins: (user, day) => (user + day) % 3,
      groups: 3,
      liveBudget: 1000
    });
    const read = await readUserPages(org.readPage, PLAN);
    expect(org.calls.map((call) => [call.pageSize, sliceText(call.slice)])).toEqual(
      Array.from({ length: 5 }, () => [100, 'whole'])
    );
    expect(read.calls).toBe(5);
    expect(read.splits).toBe(0);
    expect(read.users.map((u) => u.id)).toEqual(Array.from({ length: 450 }, (_, i) => userId(i)));
    expect(sortGroups(read.loginGroups)).toEqual(org.truth());
    expect(read.gaps).toEqual([]);
    expect(read.nextAfterUserId).toBeNull();
    expect(read.stoppedBy).toBeNull();
    expect(read.cancelled).toBe(false);
    expect(read.window).toEqual({
      requestedDays: 30,
      coveredDays: 30,
      truncated: false,
      windowStart: `${org.firstDay}T00:00:00.000Z`,
      windowEnd: `${TODAY}T12:00:00.000Z`,
      rowsRead: org.truth().reduce((sum, g) => sum + g.logins, 0),
      firstDay: org.firstDay,
      lastDay: TODAY,
      sliceFirstDay: org.firstDay,
      sliceLastDay: TODAY,
      rolledUpThroughDay: YESTERDAY,
      rollupDays: 29,
      liveDays: 1
    });
  });

  it('asks again with half the users when a page fails on a governor limit (heap, CPU)', async () => {
    const org = new FakeOrg({
      users: 250,
      days: 30,
      rolledUpThroughDay: YESTERDAY,
      logins: (user, day) => (user + day) % 2,
      groups: 2,
      liveBudget: 1000
    });
    // As Salesforce fails a call past the heap: System.LimitException, not tooBig.
    const heapError = {
      status: 500,
      body: {
        message: 'Apex heap size too large: 6291457',
        exceptionType: 'System.LimitException'
      }
    };
    const asked: number[] = [];
    const reader: UserPageReader = (cursor, size, slice) => {
      asked.push(size);
      return size > 30 ? Promise.reject(heapError) : org.readPage(cursor, size, slice);
    };
    const read = await readUserPages(reader, PLAN);
    expect(read.users.map((u) => u.id)).toEqual(Array.from({ length: 250 }, (_, i) => userId(i)));
    expect(sortGroups(read.loginGroups)).toEqual(org.truth());
    expect(read.halvings).toBeGreaterThan(0);
    expect(asked.slice(0, 3)).toEqual([100, 50, 25]);
    expect(read.calls).toBe(asked.length);
  });

  it('passes on a limit error at the smallest page, and any other error at once', async () => {
    const heap = { body: { message: 'Apex heap size too large: 6291457' } };
    await expect(readUserPages(() => Promise.reject(heap), { ...PLAN, pageSize: 4 })).rejects.toBe(
      heap
    );
    const sizes: number[] = [];
    const denied = { body: { message: 'You do not have access to the Apex class' } };
    await expect(
      readUserPages((_cursor, size) => {
        sizes.push(size);
        return Promise.reject(denied);
      }, PLAN)
    ).rejects.toBe(denied);
    expect(sizes).toEqual([100]);
  });

  it('asks for the next page before it takes in the page just answered', async () => {
    const org = new FakeOrg({
      users: 250,
      days: 30,
      rolledUpThroughDay: YESTERDAY,
      logins: (user, day) => (user + day) % 2,
      groups: 2,
      liveBudget: 1000
    });
    /** Calls the org had received each time a page was taken in (usersRead grew). */
    const callsWhenTakenIn: Array<[number, number]> = [];
    let usersSeen = 0;
    const read = await readUserPages(org.readPage, PLAN, {
      onProgress: (progress) => {
        if (progress.phase !== 'users' || progress.usersRead === usersSeen) return;
        usersSeen = progress.usersRead;
        callsWhenTakenIn.push([progress.usersRead, org.calls.length]);
      }
    });
    // Page 1 and 2 are taken in with the following page already asked; the last has none.
    expect(callsWhenTakenIn).toEqual([
      [100, 2],
      [200, 3],
      [250, 3]
    ]);
    expect(read.calls).toBe(3);
    expect(read.users.map((u) => u.id)).toEqual(Array.from({ length: 250 }, (_, i) => userId(i)));
    expect(sortGroups(read.loginGroups)).toEqual(org.truth());
  });

  it('reads a live-only org in day slices of the same page, merged, with bounded concurrency', async () => {
    // 100 users x 30 days x 2 logins = 6,000 live logins a page; 1,000 fit: slices of at most 5 days.
    const org = new FakeOrg({
      users: 250,
      days: 30,
      logins: () => 2,
      groups: 4,
      liveBudget: 1000,
      turns: 2
    });
    const read = await readUserPages(org.readPage, PLAN);
    expect(read.users).toHaveLength(250);
    expect(sortGroups(read.loginGroups)).toEqual(org.truth());
    expect(read.window).toMatchObject({ coveredDays: 30, truncated: false, rollupDays: 0 });
    expect(read.halvings).toBe(0);
    expect(read.splits).toBeGreaterThan(0);
    // Every page: the whole window first, then slices of the same cursor and page size.
    for (const cursor of [null, userId(99), userId(199)]) {
      const calls = callsAfter(org.calls, cursor);
      expect(calls[0].slice).toBeNull();
      expect(new Set(calls.map((call) => call.pageSize)).size).toBe(1);
      const answered = calls.filter((call) => !call.tooBig).map((call) => call.slice!);
      // The answered slices tile the window exactly once.
      const days = answered.flatMap(daysOf).sort();
      expect(days).toEqual(daysOf({ firstDay: org.firstDay, lastDay: TODAY }));
    }
    expect(org.peak).toBeGreaterThan(1);
    expect(org.peak).toBeLessThanOrEqual(DEFAULT_CONCURRENCY);
  });

  it('splits at rolledUpThroughDay first when the live days are the heavy part', async () => {
    const org = new FakeOrg({
      users: 50,
      days: 10,
      rolledUpThroughDay: addDays(TODAY, -2),
      logins: (user, day) => (day >= 8 ? 10 : 1),
      liveBudget: 600
    });
    const read = await readUserPages(org.readPage, PLAN);
    expect(org.calls.slice(0, 3).map((call) => sliceText(call.slice))).toEqual([
      'whole',
      `${org.firstDay}..${addDays(TODAY, -2)}`,
      `${addDays(TODAY, -1)}..${TODAY}`
    ]);
    // The rollup part answered at once; only the two live days needed smaller slices.
    expect(org.calls[1].tooBig).toBe(false);
    expect(org.calls.slice(3).map((call) => sliceText(call.slice))).toEqual([
      `${addDays(TODAY, -1)}..${addDays(TODAY, -1)}`,
      `${TODAY}..${TODAY}`
    ]);
    expect(sortGroups(read.loginGroups)).toEqual(org.truth());
    expect(read.window).toMatchObject({ rollupDays: 8, liveDays: 2, coveredDays: 10 });
  });

  it('restarts a page with half the users when a single day is still too big, and remembers the size', async () => {
    // Day 5 holds 20 logins a user: 100 users = 2,000 > 500; 25 users = 500 fit.
    const org = new FakeOrg({
      users: 300,
      days: 8,
      logins: (user, day) => (day === 5 ? 20 : 1),
      liveBudget: 500
    });
    const read = await readUserPages(org.readPage, PLAN);
    expect(read.users.map((u) => u.id)).toEqual(Array.from({ length: 300 }, (_, i) => userId(i)));
    expect(sortGroups(read.loginGroups)).toEqual(org.truth());
    expect(read.gaps).toEqual([]);
    const first = callsAfter(org.calls, null);
    expect([...new Set(first.map((call) => call.pageSize))]).toEqual([100, 50, 25]);
    // The next page starts at the size that fitted, not at 100 again, and grows back by doubling.
    expect(callsAfter(org.calls, userId(24))[0].pageSize).toBe(25);
    expect(callsAfter(org.calls, userId(49))[0].pageSize).toBe(50);
    expect(read.halvings).toBeGreaterThanOrEqual(2);
  });

  it('records a gap for one user on one day and keeps the rest of that user', async () => {
    // User 7 has 5,000 logins on day 3: more than a call may read even alone.
    const heavy = 7;
    const org = new FakeOrg({
      users: 20,
      days: 6,
      logins: (user, day) => (user === heavy && day === 3 ? 5000 : 1),
      groups: 2,
      liveBudget: 1000
    });
    const read = await readUserPages(org.readPage, { ...PLAN, pageSize: 20 });
    const gapDay = addDays(org.firstDay, 3);
    expect(read.gaps).toEqual([
      {
        afterUserId: userId(heavy - 1),
        userIds: [userId(heavy)],
        day: gapDay,
        reason: 'More than 1000 live logins'
      }
    ]);
    expect(read.users).toHaveLength(20);
    expect(sortGroups(read.loginGroups)).toEqual(org.truth([{ user: heavy, day: gapDay }]));
    expect(read.window).toMatchObject({ coveredDays: 5, truncated: true, requestedDays: 6 });
    expect(read.stoppedBy).toBeNull();
  });

  it('reads a page again when its slices disagree about the users', async () => {
    const org = new FakeOrg({ users: 30, days: 4, logins: () => 1, liveBudget: 60 });
    let rewritten = 0;
    org.rewrite = (answer, index, slice) => {
      // The first answered slice of the first page sees one more user (a user was just created).
      if (slice && !answer.tooBig && rewritten === 0) {
        rewritten++;
        return { ...answer, users: [...answer.users, org.user(99)] };
      }
      return answer;
    };
    const read = await readUserPages(org.readPage, PLAN);
    expect(read.rereads).toBe(1);
    expect(read.users.map((u) => u.id)).toEqual(Array.from({ length: 30 }, (_, i) => userId(i)));
    expect(sortGroups(read.loginGroups)).toEqual(org.truth());
  });

  it('stops with an error naming the cursor when the slices keep disagreeing', async () => {
    const org = new FakeOrg({ users: 130, days: 4, logins: () => 1, liveBudget: 100 });
    org.rewrite = (answer, index, slice) => {
      const lastPage = !answer.tooBig && answer.users.length === 30;
      if (lastPage && slice?.firstDay === org.firstDay) {
        return { ...answer, nextAfterUserId: 'someone else' };
      }
      return answer;
    };
    const error = (await readUserPages(org.readPage, PLAN).catch((e: unknown) => e)) as
      | UnreadableUsersError
      | undefined;
    expect(error).toBeInstanceOf(UnreadableUsersError);
    expect(error!.afterUserId).toBe(userId(99));
    expect(error!.message).toContain(`page after ${userId(99)} kept naming different users`);
    expect(error!.partial!.users).toHaveLength(100);
    expect(error!.partial!.rereads).toBe(MAX_PAGE_REREADS + 1);
    expect(error!.partial!.stoppedBy).toBe('unreadable');
    expect(error!.partial!.nextAfterUserId).toBe(userId(99));
  });

  it('stops with an error when no day of a one-user page can be read', async () => {
    const org = new FakeOrg({
      users: 5,
      days: 3,
      logins: (user) => (user === 2 ? 5000 : 1),
      liveBudget: 100
    });
    const error = (await readUserPages(org.readPage, { ...PLAN, pageSize: 2 }).catch(
      (e: unknown) => e
    )) as UnreadableUsersError;
    expect(error).toBeInstanceOf(UnreadableUsersError);
    expect(error.message).toBe(
      `The user after ${userId(1)} could not be read on any day of the window ` +
        `(More than 100 live logins); the users after ${userId(1)} were not read.`
    );
    expect(error.partial!.users.map((u) => u.id)).toEqual([userId(0), userId(1)]);
  });

  it('names the users a gap is for when the smallest page holds several users', async () => {
    const org = new FakeOrg({
      users: 4,
      days: 2,
      logins: (user, day) => (day === 1 ? 100 : 1),
      liveBudget: 150
    });
    const read = await readUserPages(org.readPage, { ...PLAN, pageSize: 4, minPageSize: 2 });
    expect(read.gaps.map((gap) => [gap.afterUserId, gap.userIds, gap.day])).toEqual([
      [null, [userId(0), userId(1)], TODAY],
      [userId(1), [userId(2), userId(3)], TODAY]
    ]);
    expect(read.window).toMatchObject({ coveredDays: 1, truncated: true });
  });

  it('stops issuing calls on cancel and says which users were not read', async () => {
    const org = new FakeOrg({ users: 500, days: 10, logins: () => 1, liveBudget: 400, turns: 1 });
    let stop = false;
    const read = await readUserPages(org.readPage, PLAN, {
      shouldStop: () => stop,
      onProgress: (progress) => {
        if (progress.usersRead >= 200) stop = true;
      }
    });
    expect(read.cancelled).toBe(true);
    expect(read.stoppedBy).toBe('cancelled');
    expect(read.users).toHaveLength(200);
    expect(read.nextAfterUserId).toBe(userId(199));
    expect(org.calls.some((call) => call.afterUserId === userId(299))).toBe(false);
    expect(read.calls).toBe(org.calls.length);
    expect(sortGroups(read.loginGroups)).toEqual(
      org.truth().filter((g) => g.userId <= userId(199))
    );
  });

  it('drops the page being read when cancelled in the middle of its slices', async () => {
    const org = new FakeOrg({ users: 300, days: 16, logins: () => 1, liveBudget: 200, turns: 1 });
    let answers = 0;
    const read = await readUserPages(org.readPage, PLAN, {
      shouldStop: () => answers >= 12,
      onProgress: () => {
        answers++;
      }
    });
    expect(read.cancelled).toBe(true);
    // 100 users x 16 days = 1,600 logins: 8 slices of 2 days per page after 7 too-big calls.
    expect(read.users.length % 100).toBe(0);
    expect(read.nextAfterUserId).toBe(read.users.length ? userId(read.users.length - 1) : null);
    expect(org.calls.length).toBeLessThanOrEqual(12 + DEFAULT_CONCURRENCY);
  });

  it('says nothing was read when cancelled before the first call', async () => {
    const org = new FakeOrg({ users: 3, days: 2, logins: () => 1, liveBudget: 10 });
    const read = await readUserPages(org.readPage, PLAN, { shouldStop: () => true });
    expect(org.calls).toEqual([]);
    expect(read).toMatchObject({
      users: [],
      window: null,
      calls: 0,
      cancelled: true,
      stoppedBy: 'cancelled',
      nextAfterUserId: null
    });
  });

  it('keeps the calls of a shared limiter at its bound', async () => {
    const org = new FakeOrg({
      users: 200,
      days: 30,
      logins: () => 1,
      liveBudget: 300,
      turns: 3
    });
    const limiter = createLimiter(2);
    const [users, trend] = await Promise.all([
      readUserPages(org.readPage, PLAN, { limiter }),
      readTrend(org.readTrend, { limiter })
    ]);
    expect(users.users).toHaveLength(200);
    expect(trend.trend!.window.coveredDays).toBe(30);
    expect(org.peak).toBe(2);
    expect(limiter.peak).toBe(2);
  });

  it('reports progress after every call', async () => {
    const org = new FakeOrg({ users: 250, days: 4, logins: () => 1, liveBudget: 200 });
    const progress: ReadProgress[] = [];
    const read = await readUserPages(org.readPage, PLAN, { onProgress: (p) => progress.push(p) });
    expect(progress.every((p) => p.phase === 'users' && p.daysTotal === 4)).toBe(true);
    expect(progress.map((p) => p.calls)).toEqual(
      [...progress.map((p) => p.calls)].sort((a, b) => a - b)
    );
    expect(progress[progress.length - 1]).toEqual({
      phase: 'users',
      usersRead: 250,
      daysRead: 0,
      daysTotal: 4,
      calls: read.calls
    });
    // Within a page, the days answered climb to the whole window.
    expect(Math.max(...progress.map((p) => p.daysRead))).toBe(4);
    expect([...new Set(progress.map((p) => p.usersRead))]).toEqual([0, 100, 200, 250]);
  });

  it('stops at maxCalls, mid-page too, and names the cursor', async () => {
    const org = new FakeOrg({ users: 50, days: 4, logins: () => 1, liveBudget: 1000 });
    const read = await readUserPages(org.readPage, { ...PLAN, pageSize: 10, maxCalls: 3 });
    expect(org.calls).toHaveLength(3);
    expect(read.users).toHaveLength(30);
    expect(read.stoppedBy).toBe('maxCalls');
    expect(read.nextAfterUserId).toBe(userId(29));

    const split = new FakeOrg({ users: 50, days: 4, logins: () => 1, liveBudget: 20 });
    const partial = await readUserPages(split.readPage, { ...PLAN, pageSize: 10, maxCalls: 5 });
    expect(split.calls).toHaveLength(5);
    expect(partial.users).toHaveLength(10);
    expect(partial.nextAfterUserId).toBe(userId(9));
  });

  it('stops at maxUsers and returns the cursor left unread', async () => {
    const org = new FakeOrg({ users: 500, days: 2, logins: () => 0, liveBudget: 10 });
    const read = await readUserPages(org.readPage, { ...PLAN, maxUsers: 250 });
    expect(org.calls.map((call) => call.pageSize)).toEqual([100, 100, 50]);
    expect(read.users).toHaveLength(250);
    expect(read.stoppedBy).toBe('maxUsers');
    expect(read.nextAfterUserId).toBe(userId(249));
  });

  it('sizes pages from the login groups per user the last page had', async () => {
    const org = new FakeOrg({
      users: 400,
      days: 6,
      rolledUpThroughDay: YESTERDAY,
      logins: () => 1,
      groups: 6,
      liveBudget: 10_000
    });
    // 6 groups a user, 300 group rows a call at 85%: 42 users a page.
    const read = await readUserPages(org.readPage, { ...PLAN, groupsPerCall: 300 });
    expect(org.calls.slice(0, 3).map((call) => call.pageSize)).toEqual([100, 42, 42]);
    expect(read.users).toHaveLength(400);
  });

  it('grows back page by page after a dense stretch', async () => {
    const org = new FakeOrg({
      users: 1000,
      days: 2,
      logins: (user, day) => (user < 100 && day === 1 ? 10 : 0),
      liveBudget: 250
    });
    await readUserPages(org.readPage, PLAN);
    const firstCalls = org.calls.filter((call) => call.slice === null).map((c) => c.pageSize);
    // Page 1 halves twice to 25; then 25 fits, 50 halves again, 25, 50 (past the dense users), 100.
    expect(firstCalls.slice(0, 7)).toEqual([100, 25, 50, 25, 50, 100, 100]);
  });

  it('stops when the server repeats a cursor', async () => {
    const readPage = async (): Promise<UserPage> => ({
      users: [],
      loginGroups: [],
      window: new FakeOrg({ users: 0, days: 1, logins: () => 0, liveBudget: 1 }).window(
        null,
        false,
        0
      ),
      nextAfterUserId: 'X',
      tooBig: false,
      tooBigReason: null
    });
    await expect(readUserPages(readPage, PLAN)).rejects.toThrow(/same page of users twice/);
  });

  it('passes an Apex error on once the calls in flight settle, asking nothing more', async () => {
    const org = new FakeOrg({ users: 100, days: 8, logins: () => 1, liveBudget: 100, turns: 2 });
    let failed = 0;
    const readPage: typeof org.readPage = (cursor, size, slice) => {
      if (slice && slice.firstDay === org.firstDay && dayCount(slice) === 1) {
        failed++;
        return Promise.reject(new Error('Apex said no'));
      }
      return org.readPage(cursor, size, slice);
    };
    await expect(readUserPages(readPage, PLAN)).rejects.toThrow('Apex said no');
    expect(failed).toBe(1);
    expect(org.inFlight).toBe(0);
    const after = org.calls.length;
    await wait(50);
    expect(org.calls.length).toBe(after);
  });

  it('fails clearly when a too-big answer has no window', async () => {
    const readPage = async (): Promise<UserPage> =>
      ({ users: [], loginGroups: [], tooBig: true, tooBigReason: 'x' }) as unknown as UserPage;
    await expect(readUserPages(readPage, PLAN)).rejects.toThrow(/without its login window/);
  });

  it('refuses a plan that cannot work', async () => {
    const org = new FakeOrg({ users: 0, days: 1, logins: () => 0, liveBudget: 1 });
    await expect(readUserPages(org.readPage, { ...PLAN, minPageSize: 0 })).rejects.toThrow(
      RangeError
    );
    await expect(
      readUserPages(org.readPage, { pageSize: 10, minPageSize: 20, maxUsers: 5, maxCalls: 5 })
    ).rejects.toThrow(/minPageSize cannot exceed pageSize/);
  });
});

describe('an over-limit read plan is impossible', () => {
  /**
   * The Apex side answers `tooBig` instead of running over a limit; a planner
   * that asked again for a slice at least as large, for at least as many of the
   * same users, would be asking for a call known to break. This fake fails
   * such a call the way the org fails an over-limit transaction.
   */
  function guarded(org: FakeOrg) {
    const tooBig: FakeCall[] = [];
    const whole = { firstDay: org.firstDay, lastDay: org.today };
    const readPage: typeof org.readPage = async (cursor, size, slice) => {
      const asked = slice ?? whole;
      const known = tooBig.find(
        (call) =>
          call.afterUserId === cursor &&
          size >= call.pageSize &&
          sliceContains(asked, call.slice ?? whole)
      );
      if (known) {
        throw new Error(
          `Over-limit call: ${sliceText(slice)} for ${size} users after ${cursor} ` +
            `contains ${sliceText(known.slice)}, already too big for ${known.pageSize}`
        );
      }
      const answer = await org.readPage(cursor, size, slice);
      if (answer.tooBig) tooBig.push({ afterUserId: cursor, pageSize: size, slice, tooBig: true });
      return answer;
    };
    return readPage;
  }

  it('the guard catches a plan that asks again for a slice known to be too big', async () => {
    const org = new FakeOrg({ users: 10, days: 4, logins: () => 10, liveBudget: 50 });
    const readPage = guarded(org);
    await readPage(null, 10, null);
    await expect(readPage(null, 10, { firstDay: org.firstDay, lastDay: TODAY })).rejects.toThrow(
      /Over-limit call/
    );
    await expect(readPage(null, 5, null)).resolves.toBeDefined();
  });

  it('keeps a gap day as a gap when a page is read again, without asking it again', async () => {
    const org = new FakeOrg({
      users: 3,
      days: 4,
      logins: (user, day) => (user === 1 && day === 2 ? 5000 : 1),
      liveBudget: 100
    });
    let disagreed = false;
    org.rewrite = (answer, index, slice) => {
      if (!disagreed && slice && answer.users[0]?.id === userId(1)) {
        disagreed = true;
        return { ...answer, users: [...answer.users, org.user(7)] };
      }
      return answer;
    };
    const read = await readUserPages(guarded(org), { ...PLAN, pageSize: 1 });
    expect(read.rereads).toBe(1);
    const gapDay = addDays(org.firstDay, 2);
    expect(read.gaps.map((gap) => [gap.userIds, gap.day])).toEqual([[[userId(1)], gapDay]]);
    expect(sortGroups(read.loginGroups)).toEqual(org.truth([{ user: 1, day: gapDay }]));
    expect(
      org.calls.filter((call) => call.slice?.firstDay === gapDay && dayCount(call.slice) === 1)
    ).toHaveLength(1);
  });

  it.each([
    ['live only, uniform', { logins: () => 3, liveBudget: 200 }],
    [
      'live only, one dense day',
      { logins: (u: number, d: number) => (d === 9 ? 40 : 1), liveBudget: 300 }
    ],
    [
      'rollups and a heavy today',
      { logins: () => 5, liveBudget: 120, rolledUpThroughDay: YESTERDAY }
    ],
    [
      'a user too heavy alone',
      { logins: (u: number, d: number) => (u === 42 && d % 3 === 0 ? 999 : 2), liveBudget: 400 }
    ],
    [
      'rollup rows over budget',
      {
        logins: () => 1,
        groups: 5,
        rollupBudget: 150,
        liveBudget: 10_000,
        rolledUpThroughDay: YESTERDAY
      }
    ]
  ])('never asks a slice containing one already too big: %s', async (_name, shape) => {
    const org = new FakeOrg({ users: 230, days: 12, turns: 1, ...shape });
    const read = await readUserPages(guarded(org), PLAN);
    expect(read.users).toHaveLength(230);
    const gaps = read.gaps.flatMap((gap) =>
      gap.userIds.map((id) => ({ user: Number(id.slice(3)), day: gap.day }))
    );
    expect(sortGroups(read.loginGroups)).toEqual(org.truth(gaps));
    expect(org.peak).toBeLessThanOrEqual(DEFAULT_CONCURRENCY);
  });
});

describe('readTrend', () => {
  it('reads the whole window in one call when it fits', async () => {
    const org = new FakeOrg({
      users: 10,
      days: 30,
      rolledUpThroughDay: YESTERDAY,
      logins: (user, day) => day % 2,
      liveBudget: 100
    });
    const read = await readTrend(org.readTrend);
    expect(org.trendCalls.map((call) => call.slice)).toEqual([null]);
    expect(read.calls).toBe(1);
    expect(read.trend!.daily).toEqual(org.trendOf(daysOf(read.trend!.window)).daily);
    expect(read.trend!.window).toMatchObject({
      coveredDays: 30,
      truncated: false,
      rollupDays: 29,
      liveDays: 1
    });
    expect(read.trend!.tooBig).toBe(false);
    expect(read.gaps).toEqual([]);
    expect(read.cancelled).toBe(false);
  });

  it('splits a too-big window into slices, concurrently, and merges them by day', async () => {
    const org = new FakeOrg({
      users: 10,
      days: 30,
      logins: (user, day) => 1 + ((user + day) % 3),
      groups: 2,
      liveBudget: 120,
      turns: 2
    });
    const read = await readTrend(org.readTrend);
    const whole = { firstDay: org.firstDay, lastDay: TODAY };
    const truth = org.trendOf(daysOf(whole));
    expect(read.trend!.daily).toEqual(truth.daily);
    expect(read.trend!.dailyUniqueUsers).toEqual(truth.dailyUniqueUsers);
    expect(read.trend!.window).toMatchObject({
      coveredDays: 30,
      truncated: false,
      windowStart: `${org.firstDay}T00:00:00.000Z`,
      windowEnd: `${TODAY}T12:00:00.000Z`,
      sliceFirstDay: org.firstDay,
      sliceLastDay: TODAY,
      rowsRead: truth.daily.reduce((sum, bucket) => sum + bucket.logins, 0)
    });
    expect(read.splits).toBeGreaterThan(0);
    expect(read.calls).toBe(org.trendCalls.length);
    expect(org.peak).toBeGreaterThan(1);
    expect(org.peak).toBeLessThanOrEqual(DEFAULT_CONCURRENCY);
  });

  it('reads a single day too big as a whole in parts of the day, with distinct users as a lower bound', async () => {
    // Day 2: 4 users x 30 logins, 120 > 50; each user alone (30) fits.
    const org = new FakeOrg({
      users: 4,
      days: 5,
      logins: (user, day) => (day === 2 ? 30 : 1),
      liveBudget: 50
    });
    const read = await readTrend(org.readTrend);
    const bigDay = addDays(org.firstDay, 2);
    expect(read.gaps).toEqual([]);
    expect(read.unreadDays).toEqual([]);
    expect(read.trend!.window).toMatchObject({ coveredDays: 5, truncated: false });
    // Logins add up exactly; distinct users are the most any part had.
    const truth = org.trendOf([bigDay]);
    expect(read.trend!.daily.filter((bucket) => bucket.day === bigDay)).toEqual([
      { ...truth.daily[0], uniqueUsers: 1 }
    ]);
    expect(read.trend!.dailyUniqueUsers.find((unique) => unique.day === bigDay)).toEqual({
      day: bigDay,
      uniqueUsers: 1,
      uniqueUsersCapped: true
    });
    // The other days are exact.
    for (const unique of read.trend!.dailyUniqueUsers.filter((u) => u.day !== bigDay)) {
      expect(unique).toEqual({ day: unique.day, uniqueUsers: 4, uniqueUsersCapped: false });
    }
    // Parts: only of that day, inside it, halves of halves; no part asked twice.
    const parts = org.trendCalls.filter((call) => call.part);
    expect(parts.length).toBeGreaterThan(2);
    for (const call of parts) {
      expect(call.slice).toEqual({ firstDay: bigDay, lastDay: bigDay });
      expect(Date.parse(call.part!.start)).toBeGreaterThanOrEqual(
        Date.parse(`${bigDay}T00:00:00.000Z`)
      );
      expect(Date.parse(call.part!.end)).toBeLessThanOrEqual(
        Date.parse(`${addDays(bigDay, 1)}T00:00:00.000Z`)
      );
    }
    const asked = parts.map((call) => `${call.part!.start}/${call.part!.end}`);
    expect(new Set(asked).size).toBe(asked.length);
    // The answered parts tile the day: every user's minute is in exactly one of them.
    const answered = parts.filter((call) => !call.tooBig).map((call) => call.part!);
    for (let user = 0; user < 4; user++) {
      const at = Date.parse(`${bigDay}T00:00:00.000Z`) + loginMinute(user) * 60_000;
      expect(
        answered.filter((part) => at >= Date.parse(part.start) && at < Date.parse(part.end))
      ).toHaveLength(1);
    }
    expect(read.calls).toBe(org.trendCalls.length);
  });

  it('records a single day still too big as a gap and reads the others', async () => {
    const org = new FakeOrg({
      users: 5,
      days: 7,
      logins: (user, day) => (day === 4 ? 100 : 1),
      liveBudget: 50
    });
    const read = await readTrend(org.readTrend);
    const gapDay = addDays(org.firstDay, 4);
    expect(read.gaps).toEqual([{ day: gapDay, reason: 'More than 50 live logins' }]);
    expect(read.trend!.daily.map((bucket) => bucket.day)).not.toContain(gapDay);
    // One user's 100 logins never fit: the day was halved down to parts of MIN_DAY_PART_MS.
    const shortest = Math.min(
      ...org.trendCalls
        .filter((call) => call.part)
        .map((call) => Date.parse(call.part!.end) - Date.parse(call.part!.start))
    );
    expect(shortest).toBeLessThanOrEqual(MIN_DAY_PART_MS);
    expect(read.trend!.daily).toHaveLength(6);
    expect(read.trend!.window).toMatchObject({ coveredDays: 6, truncated: true });
  });

  it('names the days it did not read when cancelled', async () => {
    // 5 logins a day, 20 fit: whole, 8 + 8 days too big, then 4-day slices.
    const org = new FakeOrg({ users: 5, days: 16, logins: () => 1, liveBudget: 20, turns: 1 });
    let calls = 0;
    const read = await readTrend(org.readTrend, {
      shouldStop: () => calls >= 5,
      onProgress: (progress) => {
        calls = progress.calls;
      },
      limiter: createLimiter(1)
    });
    expect(read.cancelled).toBe(true);
    expect(org.trendCalls).toHaveLength(5);
    const answered = read.trend!.dailyUniqueUsers.map((unique) => unique.day);
    expect(answered).toEqual(daysOf({ firstDay: org.firstDay, lastDay: addDays(org.firstDay, 7) }));
    expect([...answered, ...read.unreadDays].sort()).toEqual(
      daysOf({ firstDay: org.firstDay, lastDay: TODAY })
    );
    expect(read.trend!.window.coveredDays).toBe(answered.length);
    expect(read.trend!.window.truncated).toBe(true);
  });

  it('does not split a too-big answer that arrives after the read was stopped', async () => {
    const org = new FakeOrg({ users: 5, days: 16, logins: () => 1, liveBudget: 10 });
    const held: Array<{ slice: DaySlice | null; release: () => void }> = [];
    const readSlice = (slice: DaySlice | null) =>
      new Promise<LoginTrendDto>((resolve) => {
        held.push({ slice, release: () => resolve(org.readTrend(slice)) });
      });
    let stop = false;
    const reading = readTrend(readSlice, { shouldStop: () => stop });
    await wait(5);
    held[0].release(); // the whole window: too big, so two halves are asked
    await wait(10);
    expect(held.map((entry) => sliceText(entry.slice))).toEqual([
      'whole',
      `${org.firstDay}..${addDays(org.firstDay, 7)}`,
      `${addDays(org.firstDay, 8)}..${TODAY}`
    ]);
    stop = true;
    held[1].release(); // too big: its halves are declined, which stops the read
    await wait(10);
    held[2].release(); // too big too, after the stop: not split
    const read = await reading;
    expect(held).toHaveLength(3);
    expect(read.cancelled).toBe(true);
    expect(read.unreadDays).toEqual(daysOf({ firstDay: org.firstDay, lastDay: TODAY }));
    expect(read.trend!.window).toMatchObject({ coveredDays: 0, truncated: true });
    expect(read.trend!.daily).toEqual([]);
  });

  it('has no trend when cancelled before the first answer', async () => {
    const org = new FakeOrg({ users: 5, days: 4, logins: () => 1, liveBudget: 10 });
    const read = await readTrend(org.readTrend, { shouldStop: () => true });
    expect(read).toEqual({
      trend: null,
      calls: 0,
      splits: 0,
      gaps: [],
      unreadDays: [],
      cancelled: true
    });
  });

  it('counts days read up to the whole window', async () => {
    const org = new FakeOrg({
      users: 4,
      days: 10,
      logins: (user, day) => (day === 2 ? 50 : 1),
      liveBudget: 20
    });
    const progress: ReadProgress[] = [];
    const read = await readTrend(org.readTrend, { onProgress: (p) => progress.push(p) });
    expect(progress.every((p) => p.phase === 'logins' && p.daysTotal === 10)).toBe(true);
    expect(progress[progress.length - 1]).toMatchObject({ daysRead: 10, calls: read.calls });
    expect(progress.map((p) => p.daysRead)).toEqual(
      [...progress.map((p) => p.daysRead)].sort((a, b) => a - b)
    );
  });

  it('passes an Apex error on', async () => {
    const failing = (): Promise<LoginTrendDto> => Promise.reject(new Error('No access'));
    await expect(readTrend(failing)).rejects.toThrow('No access');
  });
});

describe('mergeDayParts', () => {
  const part = (start: string, end: string, logins: number, users: number): LoginTrendDto => ({
    window: {
      requestedDays: 30,
      coveredDays: 0,
      truncated: false,
      windowStart: start,
      windowEnd: end,
      rowsRead: logins,
      firstDay: '2026-10-25',
      lastDay: TODAY,
      sliceFirstDay: '2026-11-20',
      sliceLastDay: '2026-11-20',
      rolledUpThroughDay: null,
      rollupDays: 0,
      liveDays: 1
    },
    daily: [
      {
        day: '2026-11-20',
        loginType: 'Application',
        loginSubType: null,
        status: 'Success',
        application: 'Browser',
        logins,
        uniqueUsers: users
      }
    ],
    dailyUniqueUsers: [{ day: '2026-11-20', uniqueUsers: users, uniqueUsersCapped: false }],
    tooBig: false,
    tooBigReason: null
  });

  it('adds logins, keeps the most distinct users as a lower bound, and spans the parts', () => {
    const merged = mergeDayParts([
      part('2026-11-20T12:00:00.000Z', '2026-11-21T00:00:00.000Z', 70, 30),
      part('2026-11-20T00:00:00.000Z', '2026-11-20T12:00:00.000Z', 50, 40)
    ]);
    expect(merged.daily).toEqual([expect.objectContaining({ logins: 120, uniqueUsers: 40 })]);
    expect(merged.dailyUniqueUsers).toEqual([
      { day: '2026-11-20', uniqueUsers: 40, uniqueUsersCapped: true }
    ]);
    expect(merged.window).toMatchObject({
      coveredDays: 1,
      truncated: false,
      windowStart: '2026-11-20T00:00:00.000Z',
      windowEnd: '2026-11-21T00:00:00.000Z',
      rowsRead: 120
    });
  });

  it('keeps one part exact and refuses none', () => {
    const one = mergeDayParts([part('2026-11-20T00:00:00.000Z', '2026-11-21T00:00:00.000Z', 5, 2)]);
    expect(one.dailyUniqueUsers).toEqual([
      { day: '2026-11-20', uniqueUsers: 2, uniqueUsersCapped: false }
    ]);
    expect(() => mergeDayParts([])).toThrow(RangeError);
  });
});

describe('isGovernorLimitError', () => {
  it('knows a LimitException by its type or its message', () => {
    expect(isGovernorLimitError({ body: { exceptionType: 'System.LimitException' } })).toBe(true);
    for (const message of [
      'Apex heap size too large: 6291457',
      'Apex CPU time limit exceeded',
      'Too many query rows: 50001',
      'Too many SOQL queries: 101'
    ]) {
      expect(isGovernorLimitError({ status: 500, body: { message } })).toBe(true);
    }
  });

  it('leaves every other error alone', () => {
    for (const error of [
      null,
      'Apex heap size too large',
      new Error('Apex heap size too large'),
      { body: null },
      { body: { message: 'Insufficient access', exceptionType: 'System.AuraHandledException' } }
    ]) {
      expect(isGovernorLimitError(error)).toBe(false);
    }
  });
});
