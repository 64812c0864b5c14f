import { createElement } from 'lwc';
import LlLoginTrend from 'c/llLoginTrend';
import { loadScript } from 'lightning/platformResourceLoader';
import {
  ChartMock,
  installChartMock,
  removeChartMock
} from '../../../../../test/jest-mocks/chartJs';
import { ORG_TIME_ZONE, loginTrend } from '../../../../../test/jest-mocks/licenseLensFixtures';
import type { LoginTrendDto } from '../../../../../types/contract';

type Trend = HTMLElement & {
  trend: LoginTrendDto | null;
  missingDays: string[];
  timeZone: string | null;
  loading: boolean;
  errors: unknown;
  filtersActive: boolean;
};

const loadScriptMock = loadScript as jest.Mock;

/** Lets loadScript resolve and the component re-render: a few microtask turns. */
function settle(): Promise<void> {
  const turn = (): void => undefined;
  return Promise.resolve().then(turn).then(turn).then(turn).then(turn);
}

function mount(props: Partial<Trend>): Trend {
  const element = createElement('c-ll-login-trend', { is: LlLoginTrend }) as Trend;
  Object.assign(element, props);
  document.body.appendChild(element);
  return element;
}

function byId(element: HTMLElement, id: string): HTMLElement | null {
  return element.shadowRoot!.querySelector(`[data-id="${id}"]`);
}

function tableRows(element: HTMLElement): string[][] {
  return [...element.shadowRoot!.querySelectorAll('[data-id="point"]')].map((row) =>
    [...row.children].map((cell) => cell.textContent!.trim())
  );
}

describe('c-ll-login-trend', () => {
  beforeEach(() => {
    installChartMock();
    loadScriptMock.mockClear();
    loadScriptMock.mockResolvedValue(undefined);
  });

  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    removeChartMock();
  });

  it('loads Chart.js from the LL_ChartJs static resource once', async () => {
    const element = mount({ trend: loginTrend(), timeZone: ORG_TIME_ZONE });
    await settle();
    expect(loadScriptMock).toHaveBeenCalledTimes(1);
    expect(String(loadScriptMock.mock.calls[0][1])).toContain('LL_ChartJs');
    element.filtersActive = true;
    await settle();
    expect(loadScriptMock).toHaveBeenCalledTimes(1);
  });

  it('draws daily interactive, API, other and failed logins with unique users', async () => {
    const element = mount({ trend: loginTrend(), timeZone: ORG_TIME_ZONE });
    await settle();
    expect(ChartMock.instances).toHaveLength(1);
    const chart = ChartMock.instances[0];
    expect(chart.data.labels).toEqual(['2026-02-28', '2026-03-01', '2026-03-02']);
    const series = Object.fromEntries(chart.data.datasets.map((set) => [set.label, set.data]));
    expect(series).toEqual({
      'Interactive logins': [4, 0, 0],
      'API and OAuth logins': [60, 0, 7],
      'Other logins': [0, 0, 0],
      'Failed logins': [0, 2, 0],
      'Unique users': [3, 1, 1]
    });
    const container = byId(element, 'chart')!;
    expect(container.getAttribute('aria-hidden')).toBe('true');
    expect(container.querySelector('canvas')).toBe(chart.canvas);
  });

  it('keeps the same figures in a table for screen readers, visible on demand', async () => {
    const element = mount({ trend: loginTrend(), timeZone: ORG_TIME_ZONE });
    await settle();
    const table = byId(element, 'table')!;
    expect(table.className).toContain('slds-assistive-text');
    expect(tableRows(element)).toEqual([
      ['2026-02-28', '4', '60', '0', '0', '3'],
      ['2026-03-01', '0', '0', '0', '2', '1'],
      ['2026-03-02', '0', '7', '0', '0', '1']
    ]);
    expect(byId(element, 'summary')!.textContent).toContain('2026-02-28 to 2026-03-02');

    const toggle = byId(element, 'toggle') as HTMLElement & { label: string };
    expect(toggle.label).toBe('Show as table');
    toggle.click();
    await settle();
    expect(byId(element, 'table')!.className).not.toContain('slds-assistive-text');
    expect(toggle.label).toBe('Hide table');
  });

  it('updates the existing chart when a new trend arrives', async () => {
    const element = mount({ trend: loginTrend(), timeZone: ORG_TIME_ZONE });
    await settle();
    const next = loginTrend();
    next.daily = next.daily.slice(0, 1);
    element.trend = next;
    await settle();
    expect(ChartMock.instances).toHaveLength(1);
    const chart = ChartMock.instances[0];
    expect(chart.update).toHaveBeenCalled();
    expect(chart.data.datasets[0].data).toEqual([4, 0, 0]);
    expect(chart.data.datasets[1].data).toEqual([0, 0, 0]);
  });

  it('does not redraw when the page hands it the same missing days and time zone again', async () => {
    // The dashboard re-renders on every page of users it reads (46 at 100,000 users).
    const element = mount({ trend: loginTrend(), timeZone: ORG_TIME_ZONE });
    element.missingDays = ['2026-03-01'];
    await settle();
    const chart = ChartMock.instances[0];
    const updates = chart.update.mock.calls.length;
    element.missingDays = ['2026-03-01'];
    element.timeZone = ORG_TIME_ZONE;
    await settle();
    expect(chart.update).toHaveBeenCalledTimes(updates);
    element.missingDays = ['2026-03-02'];
    await settle();
    expect(chart.update).toHaveBeenCalledTimes(updates + 1);
  });

  it('warns when days of the window could not be read', async () => {
    const element = mount({
      trend: loginTrend({ truncated: true, coveredDays: 3, requestedDays: 30 }),
      timeZone: ORG_TIME_ZONE
    });
    await settle();
    expect(byId(element, 'cut')!.textContent!.trim()).toBe('3 of 30 days could be read.');
  });

  it('names the days the read planner could not read, in the warning and the table', async () => {
    const element = mount({
      trend: loginTrend({ truncated: true, coveredDays: 2 }),
      missingDays: ['2026-03-01'],
      timeZone: ORG_TIME_ZONE
    });
    await settle();
    expect(byId(element, 'cut')!.textContent!.trim()).toBe(
      '2 of 3 days could be read. Not read: 2026-03-01; the chart shows no logins on that day.'
    );
    expect(tableRows(element)[1][0]).toBe('2026-03-01 (not read)');
    expect(byId(element, 'summary')!.textContent).toContain('Not read: 2026-03-01, shown as zero.');
    element.missingDays = ['2026-02-28', '2026-03-01'];
    await settle();
    expect(byId(element, 'cut')!.textContent).toContain('on those days');
    element.missingDays = null as never;
    await settle();
    expect(element.missingDays).toEqual([]);
  });

  it('shows a capped unique-user count as a lower bound', async () => {
    const trend = loginTrend();
    trend.dailyUniqueUsers[0] = { ...trend.dailyUniqueUsers[0], uniqueUsersCapped: true };
    const element = mount({ trend, timeZone: ORG_TIME_ZONE });
    await settle();
    expect(tableRows(element).map((row) => row[5])).toEqual(['at least 3', '1', '1']);
    expect(byId(element, 'summary')!.textContent).toContain(
      'Unique users are a lower bound on 2026-02-28.'
    );
  });

  it('does not warn when the whole window was read', async () => {
    const element = mount({ trend: loginTrend(), timeZone: ORG_TIME_ZONE });
    await settle();
    expect(byId(element, 'cut')).toBeNull();
  });

  it('says the filters do not narrow the trend when filters are set', async () => {
    const element = mount({ trend: loginTrend(), timeZone: ORG_TIME_ZONE, filtersActive: true });
    await settle();
    expect(byId(element, 'filters-note')!.textContent).toContain('do not narrow it');
  });

  it('says so when there were no logins, without a chart or table', async () => {
    const empty = loginTrend();
    empty.daily = [];
    empty.dailyUniqueUsers = [];
    const element = mount({ trend: empty, timeZone: ORG_TIME_ZONE });
    await settle();
    expect(byId(element, 'empty')!.textContent).toBe('No logins were recorded in the last 3 days.');
    expect(byId(element, 'chart')).toBeNull();
    expect(byId(element, 'table')).toBeNull();
    expect(ChartMock.instances).toHaveLength(0);
  });

  it('falls back to a visible table when Chart.js cannot be loaded', async () => {
    loadScriptMock.mockRejectedValueOnce(new Error('blocked'));
    const element = mount({ trend: loginTrend(), timeZone: ORG_TIME_ZONE });
    await settle();
    expect(byId(element, 'chart-failed')).not.toBeNull();
    expect(byId(element, 'chart')).toBeNull();
    expect(byId(element, 'table')!.className).not.toContain('slds-assistive-text');
  });

  it('falls back to the table when the resource defines no Chart', async () => {
    removeChartMock();
    const element = mount({ trend: loginTrend(), timeZone: ORG_TIME_ZONE });
    await settle();
    expect(byId(element, 'chart-failed')).not.toBeNull();
    expect(tableRows(element)).toHaveLength(3);
  });

  it('destroys the chart when removed from the page', async () => {
    const element = mount({ trend: loginTrend(), timeZone: ORG_TIME_ZONE });
    await settle();
    document.body.removeChild(element);
    expect(ChartMock.instances[0].destroy).toHaveBeenCalled();
  });

  it('shows a spinner while loading', () => {
    const element = mount({ loading: true });
    expect(byId(element, 'loading')).not.toBeNull();
  });

  it('shows the error naming the missing permission', async () => {
    const error = {
      body: {
        message:
          'License Lens needs the "Monitor Login History" permission to read the login history of all users.'
      }
    };
    const element = mount({ errors: error, timeZone: ORG_TIME_ZONE });
    await settle();
    const panel = element.shadowRoot!.querySelector('c-ll-error-panel')!;
    expect(panel.shadowRoot!.querySelector('[data-id="permission"]')!.textContent).toContain(
      'Monitor Login History'
    );
    expect(byId(element, 'table')).toBeNull();
  });

  it('shows an error when the org time zone is unknown', async () => {
    const element = mount({ trend: loginTrend(), timeZone: 'Mars/Olympus_Mons' });
    await settle();
    expect(element.shadowRoot!.querySelector('c-ll-error-panel')).not.toBeNull();
  });

  it('is accessible with the chart and the table', async () => {
    const element = mount({
      trend: loginTrend({ truncated: true, coveredDays: 2 }),
      timeZone: ORG_TIME_ZONE
    });
    await settle();
    (byId(element, 'toggle') as HTMLElement).click();
    await settle();
    await expect(element).toBeAccessible();
  });
});
