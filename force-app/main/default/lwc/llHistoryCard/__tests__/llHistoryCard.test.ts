import { createElement } from 'lwc';
import LlHistoryCard from '../llHistoryCard';
import getHistory from '@salesforce/apex/LL_HistoryController.getHistory';
import { loadScript } from 'lightning/platformResourceLoader';
import {
  ChartMock,
  installChartMock,
  removeChartMock
} from '../../../../../test/jest-mocks/chartJs';
import type {
  HistorySliceDto,
  LicenseMonthDto,
  LoginMonthDto
} from '../../../../../types/contract';

jest.mock('@salesforce/apex/LL_HistoryController.getHistory', () => ({ default: jest.fn() }), {
  virtual: true
});

type Card = HTMLElement & { reloadKey: string | null };

const getHistoryMock = getHistory as unknown as jest.Mock;
const loadScriptMock = loadScript as jest.Mock;

function seat(month: string, name: string, used: number, total: number): LicenseMonthDto {
  return {
    month,
    source: 'UserLicense',
    name,
    label: `${name} seats`,
    total,
    used,
    peakUsed: used + 2,
    lastDay: `${month}-28`,
    daysCaptured: 28
  };
}

function logins(month: string, count: number, capped = false): LoginMonthDto {
  return {
    month,
    logins: count,
    userDays: 310,
    peakDailyUniqueUsers: 14,
    daysRecorded: 31,
    uniqueUsersCapped: capped
  };
}

/** Three kept months, 2026-01..2026-03, with a gap in February for the Platform pool. */
function slice(overrides: Partial<HistorySliceDto> = {}): HistorySliceDto {
  return {
    firstMonth: '2025-04',
    lastMonth: '2026-03',
    earliestSnapshotDay: '2026-01-01',
    latestSnapshotDay: '2026-03-28',
    earliestLoginDay: '2026-01-01',
    latestLoginDay: '2026-03-28',
    tooManyRows: false,
    rowsRead: 100,
    licenseMonths: [
      seat('2026-01', 'Platform', 3, 10),
      seat('2026-01', 'Salesforce', 40, 50),
      seat('2026-02', 'Salesforce', 42, 50),
      seat('2026-03', 'Platform', 4, 10),
      seat('2026-03', 'Salesforce', 45, 60)
    ],
    loginMonths: [logins('2026-01', 900), logins('2026-03', 1200, true)],
    ...overrides
  };
}

function emptySlice(): HistorySliceDto {
  return slice({
    firstMonth: null,
    lastMonth: null,
    earliestSnapshotDay: null,
    latestSnapshotDay: null,
    earliestLoginDay: null,
    latestLoginDay: null,
    licenseMonths: [],
    loginMonths: []
  });
}

/** Lets promises settle and the component re-render. */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 10; turn += 1) {
    // eslint-disable-next-line no-await-in-loop
    await Promise.resolve();
  }
}

function mount(): Card {
  const element = createElement('c-ll-history-card', { is: LlHistoryCard }) as Card;
  document.body.appendChild(element);
  return element;
}

function byId(element: HTMLElement, id: string): HTMLElement | null {
  return element.shadowRoot!.querySelector(`[data-id="${id}"]`);
}

function rows(element: HTMLElement, id: string): string[][] {
  return [...element.shadowRoot!.querySelectorAll(`[data-id="${id}"]`)].map((row) =>
    [...row.children].map((item) => item.textContent!.trim())
  );
}

describe('c-ll-history-card', () => {
  beforeEach(() => {
    installChartMock();
    loadScriptMock.mockClear();
    loadScriptMock.mockResolvedValue(undefined);
    getHistoryMock.mockReset();
  });

  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    removeChartMock();
  });

  it('reads back from the newest kept month and stops at the oldest kept one', async () => {
    getHistoryMock.mockResolvedValue(slice());
    mount();
    await settle();
    expect(getHistoryMock).toHaveBeenCalledTimes(1);
    expect(getHistoryMock).toHaveBeenCalledWith({ lastMonth: null, months: 12 });
  });

  it('shows the seats of the license using the most seats, month by month, newest first', async () => {
    getHistoryMock.mockResolvedValue(slice());
    const element = mount();
    await settle();

    const license = byId(element, 'license') as HTMLElement & { value: string };
    expect(license.value).toBe('UserLicense:Salesforce');
    expect(rows(element, 'seat-row')).toEqual([
      ['2026-03', '45', '47', '60', '15', '28 of 31 days'],
      ['2026-02', '42', '44', '50', '8', '28 of 28 days'],
      ['2026-01', '40', '42', '50', '10', '28 of 31 days']
    ]);
    const seats = ChartMock.instances[0];
    expect(seats.config.type).toBe('line');
    expect(seats.data.labels).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(seats.data.datasets.map((set) => [set.label, set.data])).toEqual([
      ['Seats used (month end)', [40, 42, 45]],
      ['Peak seats used', [42, 44, 47]],
      ['Seats bought', [50, 50, 60]]
    ]);
    expect(byId(element, 'seats-chart')!.getAttribute('aria-hidden')).toBe('true');
  });

  it('switches license, and marks months without a snapshot as not recorded', async () => {
    getHistoryMock.mockResolvedValue(slice());
    const element = mount();
    await settle();

    const license = byId(element, 'license')!;
    license.dispatchEvent(new CustomEvent('change', { detail: { value: 'UserLicense:Platform' } }));
    await settle();

    expect(rows(element, 'seat-row')[1]).toEqual(['2026-02', '—', '—', '—', '—', 'not recorded']);
    const seats = ChartMock.instances[0];
    expect(seats.update).toHaveBeenCalled();
    expect(seats.data.datasets[0].data).toEqual([3, null, 4]);
  });

  it('shows logins and daily unique users per month, capped counts as lower bounds', async () => {
    getHistoryMock.mockResolvedValue(slice());
    const element = mount();
    await settle();

    expect(rows(element, 'login-row')).toEqual([
      ['2026-03', '1200', 'at least 10', 'at least 14', '31 of 31 days'],
      ['2026-02', '—', '—', '—', 'not recorded'],
      ['2026-01', '900', '10', '14', '31 of 31 days']
    ]);
    const loginsChart = ChartMock.instances[1];
    expect(loginsChart.data.datasets.map((set) => [set.label, set.data])).toEqual([
      ['Logins', [900, null, 1200]],
      ['Average daily unique users', [10, null, 10]]
    ]);
  });

  it('keeps the tables for screen readers and shows them on demand', async () => {
    getHistoryMock.mockResolvedValue(slice());
    const element = mount();
    await settle();

    expect(byId(element, 'seats-table')!.className).toContain('slds-assistive-text');
    const toggle = byId(element, 'toggle') as HTMLElement & { label: string };
    expect(toggle.label).toBe('Show as table');
    toggle.click();
    await settle();
    expect(byId(element, 'seats-table')!.className).not.toContain('slds-assistive-text');
    expect(byId(element, 'logins-table')!.className).not.toContain('slds-assistive-text');
    expect(toggle.label).toBe('Hide tables');
    expect(byId(element, 'summary')!.textContent).toContain('from 2026-01 to 2026-03 (3 months)');
  });

  it('says there is no history yet when the nightly job has not run', async () => {
    getHistoryMock.mockResolvedValue(emptySlice());
    const element = mount();
    await settle();

    expect(byId(element, 'empty')!.textContent).toContain(
      'No history yet: the nightly job has not run.'
    );
    expect(byId(element, 'seats-chart')).toBeNull();
    expect((byId(element, 'toggle') as HTMLElement & { disabled: boolean }).disabled).toBe(true);
    await expect(element).toBeAccessible();
  });

  it('shows a spinner with the progress while reading', async () => {
    getHistoryMock.mockReturnValue(new Promise(() => undefined));
    const element = mount();
    await settle();
    expect(byId(element, 'loading')).not.toBeNull();
    expect(byId(element, 'progress')!.textContent).toContain('Reading history');
  });

  it('shows the error panel when the read fails', async () => {
    getHistoryMock.mockRejectedValue({ body: { message: 'License Lens could not read it.' } });
    const element = mount();
    await settle();

    const panel = element.shadowRoot!.querySelector('c-ll-error-panel') as HTMLElement & {
      errors: unknown;
    };
    expect(panel).not.toBeNull();
    expect(panel.errors).toEqual({ body: { message: 'License Lens could not read it.' } });
    expect(byId(element, 'loading')).toBeNull();
  });

  it('falls back to the tables when Chart.js cannot load', async () => {
    loadScriptMock.mockRejectedValue(new Error('blocked'));
    getHistoryMock.mockResolvedValue(slice());
    const element = mount();
    await settle();

    expect(byId(element, 'chart-failed')).not.toBeNull();
    expect(byId(element, 'seats-table')!.className).not.toContain('slds-assistive-text');
    expect(byId(element, 'seats-chart')).toBeNull();
  });

  it('reads again when the reload key changes, not when it is set to the same value', async () => {
    getHistoryMock.mockResolvedValue(slice());
    const element = mount();
    element.reloadKey = '2026-03-10T18:00:00.000Z';
    await settle();
    const calls = getHistoryMock.mock.calls.length;
    element.reloadKey = '2026-03-10T18:00:00.000Z';
    await settle();
    expect(getHistoryMock.mock.calls.length).toBe(calls);
    element.reloadKey = '2026-03-10T19:00:00.000Z';
    await settle();
    expect(getHistoryMock.mock.calls.length).toBe(calls + 1);
  });

  it('is accessible with data', async () => {
    getHistoryMock.mockResolvedValue(slice());
    const element = mount();
    await settle();
    await expect(element).toBeAccessible();
  });
});
