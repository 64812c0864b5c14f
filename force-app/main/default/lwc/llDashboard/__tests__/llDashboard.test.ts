import { createElement } from 'lwc';
import LlDashboard, { MAX_USERS, USER_PAGE_SIZE, afterNextPaint } from 'c/llDashboard';
import getOrgContext from '@salesforce/apex/LL_InsightsController.getOrgContext';
import getUserPage from '@salesforce/apex/LL_InsightsController.getUserPage';
import getLoginTrend from '@salesforce/apex/LL_InsightsController.getLoginTrend';
import getLicenseSeats from '@salesforce/apex/LL_LicenseController.getLicenseSeats';
import type { DashboardKpis, IntegrationReport, UserInsight } from 'c/llAnalytics';
import type { FilterChangeDetail, FilterSelection } from 'c/llFilterBar';
import { installChartMock, removeChartMock } from '../../../../../test/jest-mocks/chartJs';
import {
  GENERATED_AT,
  ORG_TIME_ZONE,
  SALESFORCE_MONTHLY_PRICE,
  WINDOW_DAYS,
  loginTrend,
  loginWindow,
  orgContext,
  seats,
  userPage,
  users
} from '../../../../../test/jest-mocks/licenseLensFixtures';
import type { UserPageDto } from '../../../../../types/contract';

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
type Hygiene = HTMLElement & { report: IntegrationReport | null; errors: unknown };
type FilterBar = HTMLElement & {
  selection: FilterSelection;
  windowChoices: number[];
  thresholdChoices: number[];
};

/** Runs queued promise callbacks: every Apex answer and the re-render after it. */
function flushMicrotasks(turns = 200): Promise<void> {
  const turn = (): void => undefined;
  let chain = Promise.resolve();
  for (let index = 0; index < turns; index++) chain = chain.then(turn);
  return chain;
}

/** Resolves after the next painted frame and the task after it (see afterNextPaint). */
function nextPaint(): Promise<void> {
  return new Promise((resolve) => afterNextPaint(resolve));
}

/** Every Apex answer, the re-render after it and the cards revealed after the next paint. */
async function flush(turns = 200): Promise<void> {
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

const permissionError = (permission: string) => ({
  body: { message: `License Lens needs the "${permission}" permission to read the data.` }
});

describe('c-ll-dashboard', () => {
  beforeEach(() => {
    installChartMock();
    contextMock.mockResolvedValue(orgContext());
    seatsMock.mockResolvedValue(seats());
    trendMock.mockResolvedValue(loginTrend());
    userPageMock.mockResolvedValue(userPage());
  });

  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
    removeChartMock();
  });

  it('reads the org through the controllers with the default login window', async () => {
    mount();
    await flush();
    expect(contextMock).toHaveBeenCalledTimes(1);
    expect(seatsMock).toHaveBeenCalledTimes(1);
    expect(trendMock).toHaveBeenCalledWith({ windowDays: WINDOW_DAYS });
    expect(userPageMock).toHaveBeenCalledWith({
      afterUserId: null,
      pageSize: USER_PAGE_SIZE,
      windowDays: WINDOW_DAYS
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
    expect(trendCard.trend).toEqual(loginTrend());
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
    expect(hygiene.report).not.toBeNull();
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
      windowDays: WINDOW_DAYS
    });
    const progress = byId(element, 'progress')!;
    expect(progress.getAttribute('aria-live')).toBe('polite');
    expect(progress.textContent!.trim()).toBe('Loaded 4 users…');
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

  it('asks again with fewer users when a page holds too many login groups', async () => {
    userPageMock.mockResolvedValueOnce(
      userPage({ users: [], loginGroups: [], nextAfterUserId: null, tooManyLoginGroups: true })
    );
    const element = mount();
    await flush();
    expect(userPageMock.mock.calls.map(([params]) => params.pageSize)).toEqual([
      USER_PAGE_SIZE,
      USER_PAGE_SIZE / 2
    ]);
    expect(userPageMock.mock.calls[1][0].afterUserId).toBeNull();
    const table = child<UserTable>(element, 'c-ll-user-table');
    expect(table.errors).toBeFalsy();
  });

  it('stops with an error when the server repeats a page', async () => {
    userPageMock.mockResolvedValue(userPage({ nextAfterUserId: users()[0].id }));
    userPageMock.mockResolvedValueOnce(userPage({ nextAfterUserId: users()[0].id }));
    const element = mount();
    await flush();
    expect(userPageMock).toHaveBeenCalledTimes(2);
    const table = child<UserTable>(element, 'c-ll-user-table');
    expect((table.errors as Error).message).toContain('same page of users twice');
  });

  it('warns when the data layer read fewer days than asked', async () => {
    userPageMock.mockResolvedValue(
      userPage({ window: loginWindow({ truncated: true, coveredDays: 12 }) })
    );
    const element = mount();
    await flush();
    expect(byId(element, 'window-cut')!.textContent).toContain(
      'Showing the last 12 of 30 days: the org has more login history than one request can read.'
    );
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
    expect(byId(element, 'window-cut')).toBeNull();
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
    expect(trendMock).toHaveBeenLastCalledWith({ windowDays: 7 });
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

  it('is accessible', async () => {
    userPageMock.mockResolvedValue(
      userPage({ window: loginWindow({ truncated: true, coveredDays: 12 }) })
    );
    const element = mount();
    await flush();
    await expect(element).toBeAccessible();
  });

  it('is accessible with an error', async () => {
    contextMock.mockRejectedValue(permissionError('View Setup and Configuration'));
    const element = mount();
    await flush();
    await expect(element).toBeAccessible();
  });
});
