import { UnreadableUsersError, nextPageSize, readUserPages } from 'c/llReadPlanner';
import type { UserPageDto } from '../../../../../types/contract';
import type { UserPagePlan } from 'c/llReadPlanner';

interface FakeUser {
  id: string;
  groups: number;
}

/** An org of users with a number of login groups each, answered like LL_UserPageService. */
function fakeOrg(users: FakeUser[], maxGroups = 1999) {
  const calls: Array<{ afterUserId: string | null; pageSize: number }> = [];
  const readPage = async (afterUserId: string | null, pageSize: number): Promise<UserPageDto> => {
    calls.push({ afterUserId, pageSize });
    const start = afterUserId === null ? 0 : users.findIndex((u) => u.id === afterUserId) + 1;
    const slice = users.slice(start, start + pageSize);
    const groups = slice.reduce((sum, u) => sum + u.groups, 0);
    const window = {
      requestedDays: 30,
      coveredDays: 30,
      truncated: false,
      windowStart: '2026-11-01T00:00:00.000Z',
      windowEnd: '2026-12-01T00:00:00.000Z',
      rowsRead: groups
    };
    if (groups > maxGroups) {
      return {
        users: [],
        loginGroups: [],
        window,
        nextAfterUserId: afterUserId,
        tooManyLoginGroups: true
      };
    }
    const hasMore = start + pageSize < users.length;
    return {
      users: slice.map((u) => ({ id: u.id }) as never),
      loginGroups: slice.flatMap((u) =>
        Array.from({ length: u.groups }, () => ({ userId: u.id }) as never)
      ),
      window,
      nextAfterUserId: hasMore && slice.length ? slice[slice.length - 1].id : null,
      tooManyLoginGroups: false
    };
  };
  return { readPage, calls };
}

function usersWith(count: number, groups: (i: number) => number): FakeUser[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `005${String(i).padStart(12, '0')}`,
    groups: groups(i)
  }));
}

const PLAN: UserPagePlan = { pageSize: 2000, minPageSize: 1, maxUsers: 200_000, maxCalls: 1000 };

describe('readUserPages', () => {
  it('reads every user in full pages when the groups fit', async () => {
    const org = fakeOrg(usersWith(5000, () => 0));
    const read = await readUserPages(org.readPage, PLAN);
    expect(read.users).toHaveLength(5000);
    expect(read.calls).toBe(3);
    expect(read.splits).toBe(0);
    expect(read.nextAfterUserId).toBeNull();
    expect(org.calls.map((c) => c.pageSize)).toEqual([2000, 2000, 2000]);
  });

  it('asks again with half the users when a page holds too many login groups, loses nobody', async () => {
    const users = usersWith(5000, () => 3);
    const org = fakeOrg(users);
    const progress: number[] = [];
    const read = await readUserPages(org.readPage, PLAN, (p) => progress.push(p.usersRead));
    expect(read.users.map((u) => u.id)).toEqual(users.map((u) => u.id));
    expect(read.loginGroups).toHaveLength(15000);
    expect(read.splits).toBeGreaterThan(0);
    // 3 groups a user: 666 users fit in 1,999 groups. After 2,000 and 1,000 fail, 500 fits, and
    // the next pages are sized from 3 groups a user (85% of 1,999 / 3 = 566) and all fit.
    const sizes = org.calls.map((c) => c.pageSize);
    expect(sizes.slice(0, 4)).toEqual([2000, 1000, 500, 566]);
    expect(read.splits).toBe(2);
    expect(progress[progress.length - 1]).toBe(5000);
  });

  it('retries a dense stretch once per two pages at most, not once per page', async () => {
    const org = fakeOrg(usersWith(6000, () => 2));
    const read = await readUserPages(org.readPage, PLAN);
    expect(read.users).toHaveLength(6000);
    // 2 groups a user: 999 users fit. 2000 and 1000 fail once; then 500s fit, and
    // every third call probes 1000 again.
    expect(read.splits).toBeLessThanOrEqual(Math.ceil(read.calls / 3) + 1);
    expect(read.calls).toBeLessThan((6000 / 500) * 1.5 + 3);
  });

  it('grows back after a dense region', async () => {
    const users = usersWith(8000, (i) => (i < 1000 ? 4 : 0));
    const org = fakeOrg(users);
    const read = await readUserPages(org.readPage, { ...PLAN, pageSize: 2000 });
    expect(read.users).toHaveLength(8000);
    const sizes = org.calls.map((c) => c.pageSize);
    expect(sizes[0]).toBe(2000);
    expect(sizes[sizes.length - 1]).toBeGreaterThan(sizes[1]);
  });

  it('stops at maxCalls and returns the cursor after the last user read', async () => {
    const org = fakeOrg(usersWith(50, () => 0));
    const read = await readUserPages(org.readPage, { ...PLAN, pageSize: 10, maxCalls: 3 });
    expect(org.calls).toHaveLength(3);
    expect(read.users).toHaveLength(30);
    expect(read.nextAfterUserId).toBe(read.users[29].id);
  });

  it('stops at maxUsers and returns the cursor left unread', async () => {
    const org = fakeOrg(usersWith(5000, () => 0));
    const read = await readUserPages(org.readPage, { ...PLAN, maxUsers: 3000 });
    expect(read.users).toHaveLength(3000);
    expect(org.calls.map((c) => c.pageSize)).toEqual([2000, 1000]);
    expect(read.nextAfterUserId).toBe(read.users[2999].id);
  });

  it('names the users it cannot read when even one user holds too many groups', async () => {
    const org = fakeOrg(usersWith(10, (i) => (i === 4 ? 2500 : 1)));
    await expect(readUserPages(org.readPage, { ...PLAN, pageSize: 8 })).rejects.toThrow(
      UnreadableUsersError
    );
    await expect(readUserPages(org.readPage, { ...PLAN, pageSize: 8 })).rejects.toThrow(
      /1 user after 005000000000003 hold more login groups.*shorter login window/
    );
  });

  it('stops when the server repeats a cursor', async () => {
    const readPage = async (): Promise<UserPageDto> => ({
      users: [],
      loginGroups: [],
      window: null as never,
      nextAfterUserId: 'X',
      tooManyLoginGroups: false
    });
    await expect(readUserPages(readPage, PLAN)).rejects.toThrow(/same page of users twice/);
  });

  it('refuses a plan that cannot work', async () => {
    const org = fakeOrg([]);
    await expect(readUserPages(org.readPage, { ...PLAN, minPageSize: 0 })).rejects.toThrow(
      RangeError
    );
    await expect(
      readUserPages(org.readPage, { pageSize: 10, minPageSize: 20, maxUsers: 5, maxCalls: 5 })
    ).rejects.toThrow(/minPageSize cannot exceed pageSize/);
  });
});
