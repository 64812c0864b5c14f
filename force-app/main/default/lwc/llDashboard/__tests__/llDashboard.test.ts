import { createElement } from 'lwc';
import LlDashboard, {
  MAX_USERS,
  READ_CONCURRENCY,
  USER_PAGE_SIZE,
  afterNextPaint,
  nextTask,
  cancelMessage,
  formatCount,
  loginCoverage,
  trendGapMessage,
  userGapMessage
} from 'c/llDashboard';
import getOrgContext from '@salesforce/apex/LL_InsightsController.getOrgContext';
import getUserPage from '@salesforce/apex/LL_InsightsController.getUserPage';
import getLoginTrend from '@salesforce/apex/LL_InsightsController.getLoginTrend';
import getLicenseSeats from '@salesforce/apex/LL_LicenseController.getLicenseSeats';
import type { DashboardKpis, IntegrationReport, UserInsight } from 'c/llAnalytics';
import { PROGRESS_INTERVAL_MS } from 'c/llReadPlanner';
import type { FilterChangeDetail, FilterSelection } from 'c/llFilterBar';
import { installChartMock, removeChartMock } from '../../../../../test/jest-mocks/chartJs';
import {
  ADA,
  FIRST_DAY,
  GENERATED_AT,
  ORG_TIME_ZONE,
  ROLLED_UP_THROUGH,
  SALESFORCE_MONTHLY_PRICE,
  TODAY,
  WINDOW_DAYS,
  loginGroups,
  loginWindow,
  orgContext,
  seats,
  userPage,
  users,
  windowTrend
} from '../../../../../test/jest-mocks/licenseLensFixtures';
import type { LoginTrendDto, UserDto, UserPageDto } from '../../../../../types/contract';

jest.mock('@salesforce/apex/LL_InsightsController.getOrgContext', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock('@salesforce/apex/LL_InsightsController.getUserPage', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock('@salesforce/apex/LL_InsightsController.getLoginTrend', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock('@salesforce/apex/LL_LicenseController.getLicenseSeats', () => ({ default: jest.fn() }), {
  virtual: true
});

const contextMock = getOrgContext as unknown as jest.Mock;
const userPageMock = getUserPage as unknown as jest.Mock;
const trendMock = getLoginTrend as unknown as jest.Mock;
const seatsMock = getLicenseSeats as unknown as jest.Mock;

const MONTHS = 12;
const YEARLY_SEAT = SALESFORCE_MONTHLY_PRICE * MONTHS;

type KpiTiles = HTMLElement & {
  kpis: DashboardKpis | null;
  seatsUnavailable: boolean;
  errors: unknown;
};
type UserTable = HTMLElement & { users: readonly UserInsight[]; errors: unknown; loading: boolean };
type Hygiene = HTMLElement & {
  report: IntegrationReport | null;
  errors: unknown;
  loading: boolean;
};
type FilterBar = HTMLElement & {
  selection: FilterSelection;
  windowChoices: number[];
  thresholdChoices: number[];
};

/** Runs queued promise callbacks. */
function runMicrotasks(turns: number): Promise<void> {
  const turn = (): void => undefined;
  let chain = Promise.resolve();
  for (let index = 0; index < turns; index++) chain = chain.then(turn);
  return chain;
}

/**
 * Every Apex answer and the re-render after it: the calls of the load's first
 * task (the user pages), then those it sends in the next task (seats, trend).
 */
async function flushMicrotasks(turns = 200): Promise<void> {
  await runMicrotasks(turns);
  await nextTask();
  await runMicrotasks(turns);
}

/** Resolves after the next painted frame and the task after it (see afterNextPaint). */
function nextPaint(): Promise<void> {
  return new Promise((resolve) => afterNextPaint(resolve));
}

/** Every Apex answer, the re-render after it and the two cards revealed one paint after another. */
async function flush(turns = 200): Promise<void> {
  await flushMicrotasks(turns);
  await nextPaint();
  await flushMicrotasks(turns);
  await nextPaint();
  await flushMicrotasks(turns);
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

function mount(): HTMLElement {
  const element = createElement('c-ll-dashboard', { is: LlDashboard });
  document.body.appendChild(element);
  return element;
}

function child<T extends HTMLElement>(element: HTMLElement, tag: string): T {
  return element.shadowRoot!.querySelector(tag) as T;
}

function byId(element: HTMLElement, id: string): HTMLElement | null {
  return element.shadowRoot!.querySelector(`[data-id="${id}"]`);
}

function kpis(element: HTMLElement): DashboardKpis {
  return child<KpiTiles>(element, 'c-ll-kpi-tiles').kpis!;
}

function tableNames(element: HTMLElement): string[] {
  return child<UserTable>(element, 'c-ll-user-table').users.map((insight) => insight.user.name);
}

async function changeFilters(element: HTMLElement, change: Partial<FilterSelection>) {
  const bar = child<FilterBar>(element, 'c-ll-filter-bar');
  const selection = { ...bar.selection, ...change };
  bar.dispatchEvent(
    new CustomEvent<FilterChangeDetail>('filterchange', {
      detail: { selection, changed: Object.keys(change)[0] as keyof FilterSelection }
    })
  );
  await flush();
}

/** getUserPage / getLoginTrend parameters for the whole window. */
const WHOLE = { sliceFirstDay: null, sliceLastDay: null };

interface PageParams {
  afterUserId: string | null;
  pageSize: number;
  windowDays: number;
  sliceFirstDay: string | null;
  sliceLastDay: string | null;
}

/**
 * getUserPage over the fixture users like Apex: keyset pages of pageSize,
 * the window of the slice asked, and `tooBig` when `tooBigFor` says so.
 */
function servePages(
  tooBigFor: (params: PageParams, pageUsers: UserDto[]) => boolean = () => false,
  all: UserDto[] = users()
) {
  userPageMock.mockImplementation(async (params: PageParams) => {
    const start = params.afterUserId ? all.findIndex((u) => u.id === params.afterUserId) + 1 : 0;
    const pageUsers = all.slice(start, start + params.pageSize);
    const slice = {
      sliceFirstDay: params.sliceFirstDay ?? FIRST_DAY,
      sliceLastDay: params.sliceLastDay ?? TODAY
    };
    if (tooBigFor(params, pageUsers)) {
      return userPage({
        users: [],
        loginGroups: [],
        window: loginWindow({ ...slice, coveredDays: 0, truncated: true }),
        nextAfterUserId: params.afterUserId,
        tooBig: true,
        tooBigReason: 'More than 40,000 live LoginHistory rows'
      });
    }
    const ids = new Set(pageUsers.map((u) => u.id));
    const more = start + params.pageSize < all.length;
    return userPage({
      users: pageUsers,
      loginGroups: loginGroups().filter((g) => ids.has(g.userId)),
      window: loginWindow(slice),
      nextAfterUserId: more ? pageUsers[pageUsers.length - 1].id : null
    });
  });
}

/** Trend answers held until the test releases them, in call order. */
function heldTrend() {
  const held: Array<{ params: PageParams; resolve: (trend: LoginTrendDto) => void }> = [];
  trendMock.mockImplementation(
    (params: PageParams) =>
      new Promise<LoginTrendDto>((resolve) => {
        held.push({ params, resolve });
      })
  );
  return held;
}

function tooBigTrend(sliceFirstDay: string, sliceLastDay: string): LoginTrendDto {
  return {
    ...windowTrend(),
    window: loginWindow({ sliceFirstDay, sliceLastDay, coveredDays: 0, truncated: true }),
    daily: [],
    dailyUniqueUsers: [],
    tooBig: true,
    tooBigReason: 'More than 40,000 live LoginHistory rows'
  };
}

function trendOf(sliceFirstDay: string, sliceLastDay: string): LoginTrendDto {
  const trend = windowTrend();
  const inSlice = (day: string) => day >= sliceFirstDay && day <= sliceLastDay;
  return {
    ...trend,
    window: loginWindow({ sliceFirstDay, sliceLastDay }),
    daily: trend.daily.filter((bucket) => inSlice(bucket.day)),
    dailyUniqueUsers: trend.dailyUniqueUsers.filter((unique) => inSlice(unique.day))
  };
}

/** getLoginTrend like Apex: the slice asked, or `tooBig` when `tooBigFor(first, last)` says so. */
function serveTrend(tooBigFor: (firstDay: string, lastDay: string) => boolean) {
  trendMock.mockImplementation(
    async (params: { sliceFirstDay: string | null; sliceLastDay: string | null }) => {
      const [first, last] = [params.sliceFirstDay ?? FIRST_DAY, params.sliceLastDay ?? TODAY];
      return tooBigFor(first, last) ? tooBigTrend(first, last) : trendOf(first, last);
    }
  );
}

const permissionError = (permission: string) => ({
  body: { message: `License Lens needs the "${permission}" permission to read the data.` }
});

/**
 * Progress is shown at most once every PROGRESS_INTERVAL_MS (throttleProgress):
 * a clock that moves on by that much at every reading lets a test see each one.
 */
function advanceClockOnEveryRead(): void {
  let clock = Date.parse('2026-11-23T20:00:00.000Z');
  jest.spyOn(Date, 'now').mockImplementation(() => (clock += PROGRESS_INTERVAL_MS));
}

describe('c-ll-dashboard', () => {
  beforeEach(() => {
    installChartMock();
    contextMock.mockResolvedValue(orgContext());
    seatsMock.mockResolvedValue(seats());
    trendMock.mockResolvedValue(windowTrend());
    userPageMock.mockResolvedValue(userPage());
  });

  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
    jest.restoreAllMocks();
    removeChartMock();
  });

  it('reads the org through the controllers with the default login window', async () => {
    mount();
    await flush();
    expect(contextMock).toHaveBeenCalledTimes(1);
    expect(seatsMock).toHaveBeenCalledTimes(1);
    expect(trendMock).toHaveBeenCalledWith({ windowDays: WINDOW_DAYS, ...WHOLE });
    expect(userPageMock).toHaveBeenCalledWith({
      afterUserId: null,
      pageSize: USER_PAGE_SIZE,
      windowDays: WINDOW_DAYS,
      ...WHOLE
    });
  });

  it('computes the KPIs with the analytics and hands them to the tiles', async () => {
    const element = mount();
    await flush();
    expect(kpis(element)).toEqual(
      expect.objectContaining({
        seatsBought: 15,
        seatsUsed: 7,
        activeWithinThreshold: 1,
        inactive: 2,
        neverLoggedIn: 1,
        newUsers: 1,
        integrationsOnHumanSeats: 1,
        adminIntegrations: 1,
        currencyIsoCode: 'USD',
        inactivityDays: 90
      })
    );
    // Ivan, Olga (inactive) + Nina (never) + 4 unassigned Salesforce seats + Xavier's move.
    expect(kpis(element).estimatedAnnualWaste).toBe(YEARLY_SEAT * (2 + 1 + 4 + 1));
  });

  it('asks for the first user page in a task of its own, the seats and trend in the next', async () => {
    mount();
    await runMicrotasks(50);
    // Calls made in one task are boxcarred into one request, answered when all are done.
    expect(userPageMock).toHaveBeenCalledTimes(1);
    expect(seatsMock).not.toHaveBeenCalled();
    expect(trendMock).not.toHaveBeenCalled();
    await nextTask();
    expect(seatsMock).toHaveBeenCalledTimes(1);
    expect(trendMock).toHaveBeenCalled();
  });

  it('hands every card plain data', async () => {
    const element = mount();
    await flush();
    expect(
      (child(element, 'c-ll-license-utilization') as HTMLElement & { seats: unknown }).seats
    ).toEqual(seats());
    const trendCard = child(element, 'c-ll-login-trend') as HTMLElement & {
      trend: unknown;
      timeZone: string;
    };
    expect(trendCard.trend).toEqual(windowTrend());
    expect(trendCard.timeZone).toBe(ORG_TIME_ZONE);
    expect(tableNames(element)).toHaveLength(users().length);
    const table = child(element, 'c-ll-user-table') as UserTable & {
      generatedAt: string;
      currencyIsoCode: string;
    };
    expect(table.generatedAt).toBe(GENERATED_AT);
    expect(table.currencyIsoCode).toBe('USD');
    const hygiene = child<Hygiene>(element, 'c-ll-integration-hygiene');
    expect(hygiene.report!.findings.map((finding) => finding.insight.user.name)).toEqual([
      'Xavier Xfer'
    ]);
  });

  it('paints the KPI tiles first and hands the user cards their data after that paint', async () => {
    const element = mount();
    await flushMicrotasks();
    const table = child<UserTable>(element, 'c-ll-user-table');
    const hygiene = child<Hygiene>(element, 'c-ll-integration-hygiene');
    const tiles = child(element, 'c-ll-kpi-tiles') as HTMLElement & { loading: boolean };
    expect(kpis(element)).not.toBeNull();
    expect(tiles.loading).toBe(false);
    expect(table.users).toEqual([]);
    expect(table.loading).toBe(true);
    expect(hygiene.report).toBeNull();
    await nextPaint();
    await flushMicrotasks();
    expect(tableNames(element)).toHaveLength(users().length);
    expect(table.loading).toBe(false);
    // One datatable per frame: integration hygiene (below the users) after the users table painted.
    expect(hygiene.report).toBeNull();
    expect(hygiene.loading).toBe(true);
    expect(element.shadowRoot!.querySelector('c-ll-reclaim-policies')).toBeNull();
    await nextPaint();
    await flushMicrotasks();
    expect(hygiene.report).not.toBeNull();
    expect(hygiene.loading).toBe(false);
    // The policy card mounts with the last heavy card, its call after the first user page.
    expect(element.shadowRoot!.querySelector('c-ll-reclaim-policies')).not.toBeNull();
  });

  it('never hands the user cards the data of a load a refresh replaced', async () => {
    const element = mount();
    await flushMicrotasks();
    const table = child<UserTable>(element, 'c-ll-user-table');
    userPageMock.mockReturnValue(new Promise<UserPageDto>(() => undefined));
    byId(element, 'refresh')!.dispatchEvent(new CustomEvent('click'));
    await nextPaint();
    await flushMicrotasks();
    expect(table.users).toEqual([]);
    expect(table.loading).toBe(true);
  });

  it('says when the data was read, in the org time zone', async () => {
    const element = mount();
    await flush();
    const asOf = byId(element, 'as-of')!;
    expect(asOf.textContent).toContain('Data as of ');
    const dateTime = asOf.querySelector('lightning-formatted-date-time') as HTMLElement & {
      value: string;
      timeZone: string;
    };
    expect(dateTime.value).toBe(GENERATED_AT);
    expect(dateTime.timeZone).toBe(ORG_TIME_ZONE);
  });

  it('offers the org threshold and windows up to its maximum in the filter bar', async () => {
    contextMock.mockResolvedValue(
      orgContext({ settings: { ...orgContext().settings, inactivityDays: 45, maxWindowDays: 60 } })
    );
    const element = mount();
    await flush();
    const bar = child<FilterBar>(element, 'c-ll-filter-bar');
    expect(bar.thresholdChoices).toEqual([30, 45, 60, 90, 180]);
    expect(bar.windowChoices).toEqual([7, 14, 30, 60]);
    expect(bar.selection).toEqual(
      expect.objectContaining({ inactivityDays: 45, windowDays: WINDOW_DAYS, department: '' })
    );
  });

  it('pages through the users until the last page, saying how many are loaded', async () => {
    advanceClockOnEveryRead();
    const [first, second] = [users().slice(0, 4), users().slice(4)];
    const secondPage = deferred<UserPageDto>();
    userPageMock
      .mockResolvedValueOnce(userPage({ users: first, nextAfterUserId: first[3].id }))
      .mockReturnValueOnce(secondPage.promise);
    const element = mount();
    await flush();
    expect(userPageMock).toHaveBeenLastCalledWith({
      afterUserId: first[3].id,
      pageSize: USER_PAGE_SIZE,
      windowDays: WINDOW_DAYS,
      ...WHOLE
    });
    const progress = byId(element, 'progress')!;
    expect(progress.getAttribute('aria-live')).toBe('polite');
    expect(progress.textContent!.trim()).toBe('Reading users: 4 read…');
    expect(child<UserTable>(element, 'c-ll-user-table').loading).toBe(true);

    secondPage.resolve(userPage({ users: second, loginGroups: [], nextAfterUserId: null }));
    await flush();
    expect(userPageMock).toHaveBeenCalledTimes(2);
    expect(progress.textContent!.trim()).toBe('');
    expect(tableNames(element)).toHaveLength(users().length);
  });

  it('stops paging at the user cap and says the figures are partial', async () => {
    let calls = 0;
    userPageMock.mockImplementation(({ pageSize }: { pageSize: number }) => {
      calls++;
      const page = Array.from({ length: pageSize }, (_, i) => ({
        ...users()[1],
        id: `005${String(calls).padStart(6, '0')}${String(i).padStart(6, '0')}`
      }));
      return Promise.resolve(
        userPage({ users: page, loginGroups: [], nextAfterUserId: page[page.length - 1].id })
      );
    });
    const element = mount();
    await flush((MAX_USERS / USER_PAGE_SIZE) * 40);
    expect(userPageMock).toHaveBeenCalledTimes(MAX_USERS / USER_PAGE_SIZE);
    expect(byId(element, 'user-cap')!.textContent).toContain(`Stopped after ${MAX_USERS} users`);
  }, 60_000);

  it('asks a page that is too big again in day slices, passing them to Apex, and merges them', async () => {
    servePages((params) => params.sliceFirstDay === null);
    const element = mount();
    await flush();
    expect(userPageMock.mock.calls.map(([params]) => params)).toEqual([
      { afterUserId: null, pageSize: USER_PAGE_SIZE, windowDays: WINDOW_DAYS, ...WHOLE },
      {
        afterUserId: null,
        pageSize: USER_PAGE_SIZE,
        windowDays: WINDOW_DAYS,
        sliceFirstDay: FIRST_DAY,
        sliceLastDay: ROLLED_UP_THROUGH
      },
      {
        afterUserId: null,
        pageSize: USER_PAGE_SIZE,
        windowDays: WINDOW_DAYS,
        sliceFirstDay: TODAY,
        sliceLastDay: TODAY
      }
    ]);
    expect(tableNames(element)).toHaveLength(users().length);
    // Each slice answered Xavier's 200 OAuth logins: merged, they are 400.
    const hygiene = child<Hygiene>(element, 'c-ll-integration-hygiene');
    const xavier = hygiene.report!.findings[0].insight;
    expect(xavier.user.name).toBe('Xavier Xfer');
    expect(xavier.apiLogins).toBe(400);
    expect(xavier.failedLogins).toBe(6);
    expect(child<UserTable>(element, 'c-ll-user-table').errors).toBeFalsy();
    expect(byId(element, 'login-coverage')!.dataset.coveredDays).toBe('30');
  });

  it('asks the trend again in day slices when it is too big, passing them to Apex', async () => {
    serveTrend((first, last) => first === FIRST_DAY && last === TODAY);
    const element = mount();
    await flush();
    expect(trendMock.mock.calls.map(([params]) => params)).toEqual([
      { windowDays: WINDOW_DAYS, ...WHOLE },
      { windowDays: WINDOW_DAYS, sliceFirstDay: FIRST_DAY, sliceLastDay: ROLLED_UP_THROUGH },
      { windowDays: WINDOW_DAYS, sliceFirstDay: TODAY, sliceLastDay: TODAY }
    ]);
    const card = child(element, 'c-ll-login-trend') as HTMLElement & { trend: LoginTrendDto };
    expect(card.trend.daily).toEqual(windowTrend().daily);
    expect(card.trend.window).toEqual(
      expect.objectContaining({ coveredDays: 30, truncated: false, firstDay: FIRST_DAY })
    );
  });

  it('restarts a page with half the users for a dense day and names a user whose day cannot be read', async () => {
    // Ada's logins today are more than one call may read, whatever the page.
    servePages(
      (params, pageUsers) =>
        params.sliceLastDay !== ROLLED_UP_THROUGH && pageUsers.some((u) => u.id === ADA)
    );
    const element = mount();
    await flush(2000);
    const sizes = userPageMock.mock.calls
      .filter(([params]) => params.afterUserId === null)
      .map(([params]) => params.pageSize);
    expect(sizes[sizes.length - 1]).toBe(1);
    expect(new Set(sizes)).toContain(USER_PAGE_SIZE / 2);
    expect(byId(element, 'login-gaps')!.textContent).toContain(
      `Logins of ${TODAY} could not be read for user Ada Active (${ADA}): ` +
        'More than 40,000 live LoginHistory rows.'
    );
    const coverage = byId(element, 'login-coverage')!;
    expect(coverage.dataset.coveredDays).toBe('29');
    expect(coverage.dataset.requestedDays).toBe('30');
    expect(coverage.dataset.complete).toBe('false');
    expect(coverage.textContent).toContain('Login data: 29 of 30 days');
    expect(tableNames(element)).toHaveLength(users().length);
  });

  it('names the trend days it could not read', async () => {
    serveTrend((first, last) => last === TODAY);
    const element = mount();
    await flush();
    expect(byId(element, 'trend-gaps')!.textContent).toContain(
      `Login trend: logins of ${TODAY} could not be read: More than 40,000 live LoginHistory rows.`
    );
    const card = child(element, 'c-ll-login-trend') as HTMLElement & { missingDays: string[] };
    expect(card.missingDays).toEqual([TODAY]);
    expect(byId(element, 'login-coverage')!.dataset.coveredDays).toBe('29');
  });

  it('says what was not read when the user page answers keep disagreeing', async () => {
    userPageMock.mockResolvedValue(userPage({ nextAfterUserId: users()[0].id }));
    userPageMock.mockResolvedValueOnce(userPage({ nextAfterUserId: users()[0].id }));
    const element = mount();
    await flush();
    expect(userPageMock).toHaveBeenCalledTimes(2);
    const table = child<UserTable>(element, 'c-ll-user-table');
    expect(table.errors).toBeFalsy();
    expect(byId(element, 'users-unreadable')!.textContent).toContain('same page of users twice');
    expect(byId(element, 'users-unreadable')!.textContent).toContain('cover the 6 users read');
  });

  it('shows progress of both reads while they run', async () => {
    advanceClockOnEveryRead();
    const held = heldTrend();
    const page = deferred<UserPageDto>();
    userPageMock.mockReturnValueOnce(page.promise);
    const element = mount();
    await flushMicrotasks();
    const progress = byId(element, 'progress')!;
    expect(progress.textContent!.trim()).toBe('Reading users: 0 read… · Reading logins…');
    held[0].resolve(tooBigTrend(FIRST_DAY, TODAY));
    await flushMicrotasks();
    expect(progress.textContent!.trim()).toBe(
      'Reading users: 0 read… · Reading logins: 0 of 30 days'
    );
    held[2].resolve(trendOf(TODAY, TODAY));
    await flushMicrotasks();
    expect(progress.textContent!.trim()).toBe(
      'Reading users: 0 read… · Reading logins: 1 of 30 days'
    );
    held[1].resolve(trendOf(FIRST_DAY, ROLLED_UP_THROUGH));
    page.resolve(userPage());
    await flush();
    expect(progress.textContent!.trim()).toBe('');
    expect(byId(element, 'cancel')).toBeNull();
  });

  it('cancels on request: no new call, and says which users and days were not read', async () => {
    const held = heldTrend();
    const [first, second] = [users().slice(0, 4), users().slice(4)];
    const secondPage = deferred<UserPageDto>();
    userPageMock
      .mockResolvedValueOnce(userPage({ users: first, nextAfterUserId: first[3].id }))
      .mockReturnValueOnce(secondPage.promise);
    const element = mount();
    await flushMicrotasks();
    held[0].resolve(tooBigTrend(FIRST_DAY, TODAY));
    await flushMicrotasks();
    held[2].resolve(trendOf(TODAY, TODAY));
    await flushMicrotasks();

    const cancel = byId(element, 'cancel') as HTMLElement & { label: string; disabled: boolean };
    expect(cancel.tagName).toBe('LIGHTNING-BUTTON');
    expect(cancel.label).toBe('Cancel loading');
    cancel.click();
    await flushMicrotasks();
    expect(cancel.disabled).toBe(true);
    expect(byId(element, 'progress')!.textContent).toContain('Cancelling');

    // The calls already sent answer; the older trend slice was too big, and is not split.
    held[1].resolve(tooBigTrend(FIRST_DAY, ROLLED_UP_THROUGH));
    secondPage.resolve(userPage({ users: second, nextAfterUserId: second[1].id }));
    await flush();
    expect(userPageMock).toHaveBeenCalledTimes(2);
    expect(trendMock).toHaveBeenCalledTimes(3);
    expect(byId(element, 'cancelled')!.textContent).toContain(
      `Loading was cancelled: users after ${second[1].id} were not read; ` +
        `the login trend misses ${FIRST_DAY} to ${ROLLED_UP_THROUGH}. Refresh to read everything.`
    );
    expect(tableNames(element)).toHaveLength(users().length);
    expect(byId(element, 'cancel')).toBeNull();
    const coverage = byId(element, 'login-coverage')!;
    expect(coverage.dataset.complete).toBe('false');
    expect(coverage.dataset.coveredDays).toBe('1');
    expect((byId(element, 'refresh') as HTMLElement & { disabled: boolean }).disabled).toBe(false);
  });

  it('never has more Apex calls in flight than the concurrency bound', async () => {
    let inFlight = 0;
    let peak = 0;
    const track = async <T>(value: T): Promise<T> => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await runMicrotasks(5);
      inFlight--;
      return value;
    };
    trendMock.mockImplementation(
      (params: { sliceFirstDay: string | null; sliceLastDay: string | null }) =>
        track(
          params.sliceFirstDay && params.sliceFirstDay === params.sliceLastDay
            ? trendOf(params.sliceFirstDay, params.sliceLastDay)
            : tooBigTrend(params.sliceFirstDay ?? FIRST_DAY, params.sliceLastDay ?? TODAY)
        )
    );
    userPageMock.mockImplementation(() => track(userPage()));
    const element = mount();
    await flush(5000);
    expect(trendMock.mock.calls.length).toBeGreaterThan(30);
    expect(peak).toBe(READ_CONCURRENCY);
    expect(byId(element, 'login-coverage')!.dataset.coveredDays).toBe('30');
  });

  it('says in the header how many days the login data covers and where they came from', async () => {
    const element = mount();
    await flush();
    const coverage = byId(element, 'login-coverage')!;
    expect(coverage.textContent!.trim()).toBe(
      `Login data: 30 of 30 days · rolled up through ${ROLLED_UP_THROUGH}, live since ${TODAY}`
    );
    expect(coverage.dataset.coveredDays).toBe('30');
    expect(coverage.dataset.requestedDays).toBe('30');
    expect(coverage.dataset.complete).toBe('true');
  });

  it('says how many users have an unknown frozen state instead of calling them not frozen', async () => {
    const [first, second, ...rest] = users();
    userPageMock.mockResolvedValue(
      userPage({ users: [{ ...first, isFrozen: null }, { ...second, isFrozen: null }, ...rest] })
    );
    const element = mount();
    await flush();
    expect(byId(element, 'frozen-unknown')!.textContent).toContain(
      'Frozen state unknown for 2 users'
    );
  });

  it('has no warning when the whole window was read', async () => {
    const element = mount();
    await flush();
    expect(byId(element, 'login-gaps')).toBeNull();
    expect(byId(element, 'trend-gaps')).toBeNull();
    expect(byId(element, 'cancelled')).toBeNull();
    expect(byId(element, 'frozen-unknown')).toBeNull();
    expect(byId(element, 'user-cap')).toBeNull();
  });

  it('recomputes locally when a user filter changes: no new server call', async () => {
    const element = mount();
    await flush();
    await changeFilters(element, { department: 'Sales' });
    expect(userPageMock).toHaveBeenCalledTimes(1);
    expect(contextMock).toHaveBeenCalledTimes(1);
    expect(tableNames(element)).toEqual(['Ada Active', 'Ivan Idle']);
    expect(kpis(element)).toEqual(
      expect.objectContaining({ activeWithinThreshold: 1, inactive: 1, neverLoggedIn: 0 })
    );
    expect(kpis(element).estimatedAnnualWaste).toBe(YEARLY_SEAT);
    expect(byId(element, 'unassigned-note')).not.toBeNull();
    expect(
      (child(element, 'c-ll-login-trend') as HTMLElement & { filtersActive: boolean }).filtersActive
    ).toBe(true);
  });

  it('recomputes with a new inactivity threshold without reading again', async () => {
    const element = mount();
    await flush();
    await changeFilters(element, { inactivityDays: 180 });
    expect(userPageMock).toHaveBeenCalledTimes(1);
    expect(kpis(element).inactivityDays).toBe(180);
    // Olga's last login (October 2025) is within 180 days.
    expect(kpis(element).activeWithinThreshold).toBe(2);
  });

  it('reads again when the login window changes, keeping the other filters', async () => {
    const element = mount();
    await flush();
    await changeFilters(element, { department: 'Support' });
    await changeFilters(element, { windowDays: 7 });
    expect(trendMock).toHaveBeenLastCalledWith({ windowDays: 7, ...WHOLE });
    expect(userPageMock).toHaveBeenLastCalledWith(expect.objectContaining({ windowDays: 7 }));
    const bar = child<FilterBar>(element, 'c-ll-filter-bar');
    expect(bar.selection).toEqual(
      expect.objectContaining({ department: 'Support', windowDays: 7 })
    );
    expect(tableNames(element)).toEqual(['Olga Old', 'Nina Never', 'Wendy Welcome']);
  });

  it('reads everything again on refresh', async () => {
    const element = mount();
    await flush();
    (byId(element, 'refresh') as HTMLElement).click();
    await flush();
    expect(contextMock).toHaveBeenCalledTimes(2);
    expect(seatsMock).toHaveBeenCalledTimes(2);
    expect(trendMock).toHaveBeenCalledTimes(2);
    expect(userPageMock).toHaveBeenCalledTimes(2);
  });

  it('reads everything again, in the same window, after a reclaim request', async () => {
    const element = mount();
    await flush();
    await changeFilters(element, { windowDays: 7 });
    const calls = userPageMock.mock.calls.length;
    child(element, 'c-ll-user-table').dispatchEvent(
      new CustomEvent('reclaimcomplete', {
        detail: { action: 'Freeze', auditBatchId: 'batch-1', finished: true, counts: {} }
      })
    );
    await flush();
    expect(contextMock).toHaveBeenCalledTimes(3);
    expect(userPageMock.mock.calls.length).toBeGreaterThan(calls);
    expect(userPageMock).toHaveBeenLastCalledWith(expect.objectContaining({ windowDays: 7 }));
  });

  it('has the History card read again after a collection run the panel followed', async () => {
    const element = mount();
    await flush();
    const card = child(element, 'c-ll-history-card') as HTMLElement & { reloadKey: string };
    const before = card.reloadKey;
    child(element, 'c-ll-collection-panel').dispatchEvent(
      new CustomEvent('collectioncomplete', { detail: {} })
    );
    await flush();
    expect(card.reloadKey).not.toBe(before);
    expect(card.reloadKey).toContain(GENERATED_AT);
  });

  it('drops the answers of a load that a newer one replaced', async () => {
    const slowPage = deferred<UserPageDto>();
    userPageMock.mockReturnValueOnce(slowPage.promise);
    const element = mount();
    await flush();
    (byId(element, 'refresh') as HTMLElement).click();
    await flush();
    slowPage.resolve(userPage({ users: users().slice(0, 1) }));
    await flush();
    expect(tableNames(element)).toHaveLength(users().length);
    await changeFilters(element, { inactivityDays: 30 });
    expect(tableNames(element)).toHaveLength(users().length);
  });

  it('shows one error and no cards when the org settings cannot be read', async () => {
    contextMock.mockRejectedValue(new Error('Unable to reach the server'));
    const element = mount();
    await flush();
    expect(byId(element, 'context-error')).not.toBeNull();
    expect(child(element, 'c-ll-kpi-tiles')).toBeNull();
    expect(seatsMock).not.toHaveBeenCalled();
    expect((byId(element, 'refresh') as HTMLElement & { disabled: boolean }).disabled).toBe(false);
  });

  it('keeps the user cards when only the seats fail, naming View Setup', async () => {
    const error = permissionError('View Setup and Configuration');
    seatsMock.mockRejectedValue(error);
    const element = mount();
    await flush();
    const utilization = child(element, 'c-ll-license-utilization') as HTMLElement & {
      errors: unknown;
    };
    expect(utilization.errors).toEqual(error);
    const tiles = child<KpiTiles>(element, 'c-ll-kpi-tiles');
    expect(tiles.seatsUnavailable).toBe(true);
    expect(tiles.kpis!.inactive).toBe(2);
    expect(tableNames(element)).toHaveLength(users().length);
  });

  it('passes a login-history permission error to the user cards and keeps the trend', async () => {
    const error = permissionError('Monitor Login History');
    userPageMock.mockRejectedValue(error);
    const element = mount();
    await flush();
    expect(child<KpiTiles>(element, 'c-ll-kpi-tiles').errors).toEqual(error);
    expect(child<UserTable>(element, 'c-ll-user-table').errors).toEqual(error);
    expect(child<Hygiene>(element, 'c-ll-integration-hygiene').errors).toEqual(error);
    expect(
      (child(element, 'c-ll-login-trend') as HTMLElement & { errors: unknown }).errors
    ).toBeNull();
  });

  it('passes a trend error to the trend card only', async () => {
    const error = permissionError('Monitor Login History');
    trendMock.mockRejectedValue(error);
    const element = mount();
    await flush();
    expect(
      (child(element, 'c-ll-login-trend') as HTMLElement & { errors: unknown }).errors
    ).toEqual(error);
    expect(child<KpiTiles>(element, 'c-ll-kpi-tiles').errors).toBeNull();
  });

  it('shows the analysis error when the org time zone is unusable', async () => {
    contextMock.mockResolvedValue(orgContext({ orgTimeZone: 'Mars/Olympus_Mons' }));
    const element = mount();
    await flush();
    const errors = child<KpiTiles>(element, 'c-ll-kpi-tiles').errors as Error;
    expect(errors.message).toContain('Mars/Olympus_Mons');
  });

  it('names licenses without a price', async () => {
    contextMock.mockResolvedValue(orgContext({ prices: [] }));
    const element = mount();
    await flush();
    expect(byId(element, 'unpriced')!.textContent).toContain('Salesforce');
  });

  it('is accessible with notices', async () => {
    servePages(
      (params, pageUsers) =>
        params.sliceLastDay !== ROLLED_UP_THROUGH && pageUsers.some((u) => u.id === ADA)
    );
    const element = mount();
    await flush(2000);
    expect(byId(element, 'login-gaps')).not.toBeNull();
    await expect(element).toBeAccessible();
  }, 20_000);

  it('is accessible while loading, with the Cancel button', async () => {
    userPageMock.mockReturnValue(new Promise<UserPageDto>(() => undefined));
    const element = mount();
    await flushMicrotasks();
    expect(byId(element, 'cancel')).not.toBeNull();
    expect(element.shadowRoot!.querySelector('.ll-dashboard')!.getAttribute('aria-busy')).toBe(
      'true'
    );
    await expect(element).toBeAccessible();
  }, 20_000);

  it('is accessible with an error', async () => {
    contextMock.mockRejectedValue(permissionError('View Setup and Configuration'));
    const element = mount();
    await flush();
    await expect(element).toBeAccessible();
  });
});

describe('llDashboard notices', () => {
  it('formats counts with thousands separators', () => {
    expect(formatCount(12000)).toBe('12,000');
    expect(formatCount(7)).toBe('7');
  });

  it('names the users of a gap, or the cursor when none is known', () => {
    const gap = { afterUserId: 'C', day: '2026-11-20', reason: null };
    expect(userGapMessage([{ ...gap, userIds: [] }])).toBe(
      'Logins of 2026-11-20 could not be read for the user after C: more than one Apex call may read.'
    );
    expect(userGapMessage([{ ...gap, afterUserId: null, userIds: [] }])).toContain(
      'the user after the start'
    );
    expect(
      userGapMessage([{ ...gap, userIds: ['A', 'B', 'C', 'D'], reason: 'Too many rows' }])
    ).toBe('Logins of 2026-11-20 could not be read for 4 users (A, B, C, …): Too many rows.');
    expect(userGapMessage([{ ...gap, userIds: ['A', 'B'] }])).toContain('for 2 users (A, B):');
    expect(
      userGapMessage(
        [
          { ...gap, userIds: ['A'], day: '2026-11-21' },
          { ...gap, userIds: ['A'] },
          { ...gap, userIds: ['B'], day: '2026-11-22' }
        ],
        (id) => `Name ${id}`
      )
    ).toBe(
      'Logins of 2026-11-20 to 2026-11-21 could not be read for user Name A: ' +
        'more than one Apex call may read. ' +
        'Logins of 2026-11-22 could not be read for user Name B: more than one Apex call may read.'
    );
  });

  it('groups trend gap days by reason', () => {
    expect(
      trendGapMessage([
        { day: '2026-11-20', reason: 'R' },
        { day: '2026-11-21', reason: 'R' },
        { day: '2026-11-25', reason: null }
      ])
    ).toBe(
      'Login trend: logins of 2026-11-20 to 2026-11-21 could not be read: R. ' +
        'The chart shows no logins on those days. ' +
        'Login trend: logins of 2026-11-25 could not be read: more than one Apex call may read. ' +
        'The chart shows no logins on those days.'
    );
  });

  it('says what a cancel left unread', () => {
    const trend = { trend: null, calls: 0, splits: 0, gaps: [], unreadDays: [], cancelled: true };
    expect(cancelMessage({ stoppedBy: 'cancelled', nextAfterUserId: null, read: 0 }, trend)).toBe(
      'Loading was cancelled: no user was read; the login trend was not read. Refresh to read everything.'
    );
    expect(cancelMessage({ stoppedBy: 'cancelled', nextAfterUserId: null, read: 3 }, null)).toBe(
      'Loading was cancelled: users after the start were not read. Refresh to read everything.'
    );
  });

  it('summarizes where the login days came from', () => {
    const live = loginWindow({ rolledUpThroughDay: null, rollupDays: 0, liveDays: 30 });
    expect(loginCoverage(live, null, false)!.text).toBe(
      'Login data: 30 of 30 days · read live (no nightly rollup covers the window yet)'
    );
    const all = loginWindow({ rolledUpThroughDay: TODAY });
    expect(loginCoverage(null, all, false)!.text).toBe(
      `Login data: 30 of 30 days · rolled up through ${TODAY}`
    );
    const old = loginWindow({ rolledUpThroughDay: '2026-01-01' });
    expect(loginCoverage(old, null, false)!.text).toContain('read live');
    expect(loginCoverage(null, null, false)).toBeNull();
    expect(
      loginCoverage(loginWindow(), loginWindow({ coveredDays: 28, truncated: true }), false)
    ).toEqual(
      expect.objectContaining({ coveredDays: 28, complete: false, completeAttribute: 'false' })
    );
    expect(loginCoverage(loginWindow(), null, true)!.text).toContain('incomplete');
  });
});
