/**
 * A fake org answering getUserPage and getLoginTrend the way the design says
 * Apex does (see /force-app/types/contract.ts): days up to rolledUpThroughDay
 * cost nothing, live days cost their logins, and a call whose live logins
 * pass the budget answers `tooBig` with no users, groups or days. Days are
 * UTC days here; the planner never looks at instants. Each user page goes
 * over the wire as Apex sends it (encodeUserPage) and back (decodeUserPage).
 */
import { addDays, dayCount, dayNumber, daysOf, decodeUserPage } from 'c/llReadPlanner';
import type { DayPart, DaySlice, TrendReader, UserPage, UserPageReader } from 'c/llReadPlanner';
import type {
  DailyLoginBucketDto,
  LoginTrendDto,
  LoginWindowDto,
  UserDto,
  UserLoginGroupDto
} from '../../../../../types/contract';
import { encodeUserPage } from '../../../../../test/jest-mocks/encodeUserPage';

export interface FakeOrgOptions {
  users: number;
  /** Days of the window, ending `today`. */
  days: number;
  today?: string;
  rolledUpThroughDay?: string | null;
  /** Logins of user `user` (0-based) on day `day` (0 = the window's first day). */
  logins(user: number, day: number): number;
  /** Login groups a user's logins rotate over (day % groups); 1 when absent. */
  groups?: number;
  /** Live logins one call may read before it answers tooBig. */
  liveBudget: number;
  /** Rollup group rows one user-page call may read; unlimited when absent. */
  rollupBudget?: number;
  /** Makes every call wait this many timer turns (lets calls overlap). */
  turns?: number;
}

export interface FakeCall {
  afterUserId: string | null;
  pageSize: number;
  slice: DaySlice | null;
  tooBig: boolean;
  /** The part of the day asked for (trend calls only). */
  part?: DayPart;
}

const MINUTE_MS = 60_000;
const DAY_MINUTES = 1440;

/** The minute of its (UTC) day at which a user logs in, every login of the day. */
export function loginMinute(user: number): number {
  return (user * 97) % DAY_MINUTES;
}

export const TODAY = '2026-11-23';
const NOW = `${TODAY}T12:00:00.000Z`;

export function userId(index: number): string {
  return `005${String(index).padStart(15, '0')}`;
}

/** Lets `turns` rounds of queued promise callbacks run: other calls overlap meanwhile. */
export async function wait(turns: number): Promise<void> {
  for (let turn = 0; turn < turns * 3; turn++) {
    // Sequential on purpose: each await is one turn of the microtask queue.
    // eslint-disable-next-line no-await-in-loop
    await Promise.resolve();
  }
}

/** A fake org; see the module comment. */
export class FakeOrg {
  readonly calls: FakeCall[] = [];
  readonly trendCalls: FakeCall[] = [];
  inFlight = 0;
  peak = 0;
  /** Rewrites an answer (tests of disagreeing answers); index counts user-page calls from 0. */
  rewrite: ((answer: UserPage, index: number, slice: DaySlice | null) => UserPage) | null = null;

  readonly firstDay: string;
  readonly today: string;
  readonly rolledUpThroughDay: string | null;

  constructor(readonly options: FakeOrgOptions) {
    this.today = options.today ?? TODAY;
    this.firstDay = addDays(this.today, -(options.days - 1));
    this.rolledUpThroughDay = options.rolledUpThroughDay ?? null;
  }

  get groupCount(): number {
    return this.options.groups ?? 1;
  }

  /** Day index (0 = firstDay) of a day key. */
  dayIndex(day: string): number {
    return dayNumber(day) - dayNumber(this.firstDay);
  }

  isLive(day: string): boolean {
    return this.rolledUpThroughDay === null || day > this.rolledUpThroughDay;
  }

  window(slice: DaySlice | null, tooBig: boolean, rowsRead: number): LoginWindowDto {
    const asked = slice ?? { firstDay: this.firstDay, lastDay: this.today };
    const days = daysOf(asked);
    const live = days.filter((day) => this.isLive(day)).length;
    return {
      requestedDays: this.options.days,
      coveredDays: tooBig ? 0 : days.length,
      truncated: tooBig,
      windowStart: `${asked.firstDay}T00:00:00.000Z`,
      windowEnd: asked.lastDay === this.today ? NOW : `${addDays(asked.lastDay, 1)}T00:00:00.000Z`,
      rowsRead,
      firstDay: this.firstDay,
      lastDay: this.today,
      sliceFirstDay: asked.firstDay,
      sliceLastDay: asked.lastDay,
      rolledUpThroughDay: this.rolledUpThroughDay,
      rollupDays: days.length - live,
      liveDays: live
    };
  }

  user(index: number): UserDto {
    const profile = index % 3;
    return {
      id: userId(index),
      username: `user${index}@example.com`,
      name: `User ${index}`,
      isActive: true,
      isFrozen: index % 5 === 0 ? null : false,
      userType: 'Standard',
      department: null,
      division: null,
      profileId: profile === 2 ? null : `00e00000000000${profile}AAA`,
      profileName: profile === 2 ? null : `Profile ${profile}`,
      licenseName: profile === 2 ? null : 'Salesforce',
      licenseDefinitionKey: profile === 2 ? null : 'SFDC',
      roleName: null,
      forecastEnabled: false,
      lastLoginDate: null,
      createdDate: Date.UTC(2025, 0, 1),
      permissionSetLicenses: []
    };
  }

  /** Logins of a user per group over some days: [group] -> { logins, newest day }. */
  userGroups(user: number, days: readonly string[]): UserLoginGroupDto[] {
    const groups = new Map<number, UserLoginGroupDto>();
    for (const day of days) {
      const logins = this.options.logins(user, this.dayIndex(day));
      if (logins <= 0) continue;
      const group = this.dayIndex(day) % this.groupCount;
      const seen = groups.get(group);
      // Epoch ms, as the decoded (columnar) page holds its instants.
      const lastLoginTime = Date.parse(
        `${day}T${String(10 + (user % 10)).padStart(2, '0')}:00:00.000Z`
      );
      if (seen) {
        seen.logins += logins;
        if (lastLoginTime > (seen.lastLoginTime as number)) seen.lastLoginTime = lastLoginTime;
      } else {
        groups.set(group, {
          userId: userId(user),
          loginType: 'Application',
          loginSubType: null,
          status: 'Success',
          application: `App ${group}`,
          logins,
          lastLoginTime
        });
      }
    }
    return [...groups.values()];
  }

  /** Every user's groups over the whole window, sorted: what a perfect read returns. */
  truth(exceptDays: ReadonlyArray<{ user: number; day: string }> = []): UserLoginGroupDto[] {
    const days = daysOf({ firstDay: this.firstDay, lastDay: this.today });
    const groups: UserLoginGroupDto[] = [];
    for (let user = 0; user < this.options.users; user++) {
      const kept = days.filter(
        (day) => !exceptDays.some((gap) => gap.user === user && gap.day === day)
      );
      groups.push(...this.userGroups(user, kept));
    }
    return sortGroups(groups);
  }

  private async enter(): Promise<void> {
    this.inFlight++;
    this.peak = Math.max(this.peak, this.inFlight);
    await wait(this.options.turns ?? 1);
  }

  private leave(): void {
    this.inFlight--;
  }

  private checkSlice(slice: DaySlice | null): void {
    if (!slice) return;
    if (slice.firstDay < this.firstDay || slice.lastDay > this.today) {
      throw new Error(`Slice ${slice.firstDay}..${slice.lastDay} outside the window`);
    }
    if (dayCount(slice) < 1) throw new Error('Reversed slice');
  }

  readPage: UserPageReader = async (afterUserId, pageSize, slice) => {
    this.checkSlice(slice);
    const index = this.calls.length;
    const call: FakeCall = { afterUserId, pageSize, slice, tooBig: false };
    this.calls.push(call);
    await this.enter();
    try {
      const start = afterUserId === null ? 0 : Number(afterUserId.slice(3)) + 1;
      const end = Math.min(this.options.users, start + pageSize);
      const days = daysOf(slice ?? { firstDay: this.firstDay, lastDay: this.today });
      const live = days.filter((day) => this.isLive(day));
      const rolled = days.filter((day) => !this.isLive(day));
      let liveLogins = 0;
      let rollupRows = 0;
      for (let user = start; user < end; user++) {
        for (const day of live) liveLogins += this.options.logins(user, this.dayIndex(day));
        rollupRows += this.userGroups(user, rolled).length;
      }
      const tooBig =
        liveLogins > this.options.liveBudget ||
        rollupRows > (this.options.rollupBudget ?? Infinity);
      call.tooBig = tooBig;
      let answer: UserPage;
      if (tooBig) {
        answer = {
          users: [],
          loginGroups: [],
          window: this.window(slice, true, 0),
          nextAfterUserId: afterUserId,
          tooBig: true,
          tooBigReason: `More than ${this.options.liveBudget} live logins`
        };
      } else {
        const users: UserDto[] = [];
        const groups: UserLoginGroupDto[] = [];
        for (let user = start; user < end; user++) {
          users.push(this.user(user));
          groups.push(...this.userGroups(user, days));
        }
        answer = {
          users,
          loginGroups: groups,
          window: this.window(
            slice,
            false,
            groups.reduce((sum, group) => sum + group.logins, 0)
          ),
          nextAfterUserId: end < this.options.users && end > start ? userId(end - 1) : null,
          tooBig: false,
          tooBigReason: null
        };
      }
      const received = decodeUserPage(encodeUserPage(answer));
      return this.rewrite ? this.rewrite(received, index, slice) : received;
    } finally {
      this.leave();
    }
  };

  /** Whether the user's logins of that day fall in the part ([start, end)). */
  logsInDuring(user: number, day: string, part: DayPart): boolean {
    const at = Date.parse(`${day}T00:00:00.000Z`) + loginMinute(user) * MINUTE_MS;
    return at >= Date.parse(part.start) && at < Date.parse(part.end);
  }

  /** The trend over some days (or a part of one): one bucket per day and group, distinct users per day. */
  trendOf(
    days: readonly string[],
    part?: DayPart
  ): Pick<LoginTrendDto, 'daily' | 'dailyUniqueUsers'> {
    const daily: DailyLoginBucketDto[] = [];
    const dailyUniqueUsers = [];
    for (const day of days) {
      let logins = 0;
      let unique = 0;
      for (let user = 0; user < this.options.users; user++) {
        if (part && !this.logsInDuring(user, day, part)) continue;
        const count = this.options.logins(user, this.dayIndex(day));
        logins += count;
        if (count > 0) unique++;
      }
      if (logins > 0) {
        daily.push({
          day,
          loginType: 'Application',
          loginSubType: null,
          status: 'Success',
          application: `App ${this.dayIndex(day) % this.groupCount}`,
          logins,
          uniqueUsers: unique
        });
      }
      dailyUniqueUsers.push({ day, uniqueUsers: unique, uniqueUsersCapped: false });
    }
    return { daily, dailyUniqueUsers };
  }

  readTrend: TrendReader = async (slice, part) => {
    this.checkSlice(slice);
    if (part && (!slice || slice.firstDay !== slice.lastDay)) {
      throw new Error('A part is asked of a one-day slice only.');
    }
    const call: FakeCall = { afterUserId: null, pageSize: 0, slice, tooBig: false, part };
    this.trendCalls.push(call);
    await this.enter();
    try {
      const days = daysOf(slice ?? { firstDay: this.firstDay, lastDay: this.today });
      let liveLogins = 0;
      // A part is read live, as the Apex reads it.
      for (const day of days.filter((d) => part || this.isLive(d))) {
        for (let user = 0; user < this.options.users; user++) {
          if (part && !this.logsInDuring(user, day, part)) continue;
          liveLogins += this.options.logins(user, this.dayIndex(day));
        }
      }
      call.tooBig = liveLogins > this.options.liveBudget;
      const partWindow = (window: LoginWindowDto): LoginWindowDto => {
        if (!part) return window;
        return { ...window, coveredDays: 0, windowStart: part.start, windowEnd: part.end };
      };
      if (call.tooBig) {
        return {
          window: partWindow(this.window(slice, true, 0)),
          daily: [],
          dailyUniqueUsers: [],
          tooBig: true,
          tooBigReason: `More than ${this.options.liveBudget} live logins`
        };
      }
      const trend = this.trendOf(days, part);
      return {
        window: partWindow(
          this.window(
            slice,
            false,
            trend.daily.reduce((sum, bucket) => sum + bucket.logins, 0)
          )
        ),
        ...trend,
        tooBig: false,
        tooBigReason: null
      };
    } finally {
      this.leave();
    }
  };
}

export function sortGroups(groups: readonly UserLoginGroupDto[]): UserLoginGroupDto[] {
  const key = (group: UserLoginGroupDto) => `${group.userId}|${group.application}`;
  return [...groups].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
