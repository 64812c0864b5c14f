/**
 * The History card's reclaimed seats per month (issue 12): read from
 * getReclaimOutcomes for the newest months shown, one row per month of the
 * view (newest first), a note instead for a viewer who may not read them.
 */
import { createElement } from 'lwc';
import LlHistoryCard, { reclaimedRows } from '../llHistoryCard';
import getHistory from '@salesforce/apex/LL_HistoryController.getHistory';
import getReclaimOutcomes from '@salesforce/apex/LL_ReclaimController.getReclaimOutcomes';
import { buildHistoryView, buildReclaimOutcomes } from 'c/llAnalytics';
import type { HistorySliceDto, ReclaimOutcomePageDto } from '../../../../../types/contract';

jest.mock('@salesforce/apex/LL_HistoryController.getHistory', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock(
  '@salesforce/apex/LL_ReclaimController.getReclaimOutcomes',
  () => ({ default: jest.fn() }),
  { virtual: true }
);

const historyMock = getHistory as unknown as jest.Mock;
const outcomesMock = getReclaimOutcomes as unknown as jest.Mock;
const PRICES = [{ licenseKey: 'SFDC', label: 'Salesforce', monthlyPrice: 175 }];

function slice(): HistorySliceDto {
  return {
    firstMonth: '2025-04',
    lastMonth: '2026-03',
    earliestSnapshotDay: '2026-01-01',
    latestSnapshotDay: '2026-03-28',
    earliestLoginDay: '2026-01-01',
    latestLoginDay: '2026-03-28',
    tooManyRows: false,
    rowsRead: 10,
    licenseMonths: [
      {
        month: '2026-01',
        source: 'UserLicense',
        name: 'Salesforce',
        label: 'Salesforce',
        total: 50,
        used: 40,
        peakUsed: 41,
        lastDay: '2026-01-28',
        daysCaptured: 28
      }
    ],
    loginMonths: []
  };
}

function outcomePage(): ReclaimOutcomePageDto {
  const at = Date.parse('2026-02-10T10:00:00.000Z');
  return {
    fromDay: '2025-04-01',
    toDay: '2026-03-20',
    generatedAt: '2026-03-20T00:00:00.000Z',
    nextAfterId: null,
    policies: [],
    departments: [],
    licenses: [{ source: 'UserLicense', name: 'Salesforce', licenseDefinitionKey: 'SFDC' }],
    actions: ['Deactivate', 'Deactivate', 'Freeze'],
    completedAt: [at, at, at],
    policyIndexes: [-1, -1, -1],
    departmentIndexes: [-1, -1, -1],
    licenseIndexes: [0, 0, 0],
    reversedNow: [false, false, false],
    loginAfter: [null, null, null],
    unfrozenAt: [null, null, null],
    rollupsRead: true,
    frozenStateRead: true
  };
}

function flush(turns = 30): Promise<void> {
  let chain = Promise.resolve();
  for (let index = 0; index < turns; index++) chain = chain.then(() => undefined);
  return chain;
}

function mount(): HTMLElement {
  const element = createElement('c-ll-history-card', { is: LlHistoryCard });
  Object.assign(element, { timeZone: 'UTC', currencyIsoCode: 'USD', prices: PRICES });
  document.body.appendChild(element);
  return element;
}

describe('c-ll-history-card: reclaimed seats per month', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
  });

  it('adds the seats freed, their list price and the users frozen to each month', async () => {
    historyMock.mockResolvedValue(slice());
    outcomesMock.mockResolvedValue(outcomePage());
    const element = mount();
    await flush();
    expect(outcomesMock).toHaveBeenCalledWith(
      expect.objectContaining({ afterId: null, pageSize: null })
    );
    const rows = [...element.shadowRoot!.querySelectorAll('[data-id="reclaimed-row"]')].map(
      (row) => row.textContent
    );
    const february = rows.find((text) => text!.startsWith('2026-02'))!;
    expect(february).toContain('2');
    expect(february).toContain('$350.00');
    expect(rows.length).toBeGreaterThan(0);
  });

  it('says who may see them when the read is refused', async () => {
    historyMock.mockResolvedValue(slice());
    outcomesMock.mockRejectedValue({ body: { message: 'no access' } });
    const element = mount();
    await flush();
    expect(element.shadowRoot!.querySelector('[data-id="reclaimed-table"]')).toBeNull();
    expect(element.shadowRoot!.querySelector('[data-id="reclaimed-note"]')!.textContent).toContain(
      'License Lens Reclaim Admins'
    );
  });
});

describe('reclaimedRows', () => {
  it('shows zero for a month read without reclaims and "—" for a month not read', () => {
    const view = buildHistoryView({
      slices: [slice()],
      earliestMonth: '2025-12',
      latestMonth: '2026-03',
      firstMonthRead: '2025-12',
      truncated: false,
      calls: 1
    });
    const outcomes = buildReclaimOutcomes([outcomePage()], PRICES, 'UTC');
    const rows = reclaimedRows(view, outcomes, '2026-01', 'USD');
    const byMonth = new Map(rows.map((row) => [row.month, row.cells.map((cell) => cell.text)]));
    expect(byMonth.get('2026-02')).toEqual(['2', '$350.00', '1']);
    expect(byMonth.get('2026-03')).toEqual(['0', '$0.00', '0']);
    expect(byMonth.get('2025-12')).toEqual(['—', '—', '—']);
    expect(rows[0].month >= rows[rows.length - 1].month).toBe(true);
    expect(reclaimedRows(view, null, '2026-01', null)[0].cells[0].text).toBe('—');
  });
});
