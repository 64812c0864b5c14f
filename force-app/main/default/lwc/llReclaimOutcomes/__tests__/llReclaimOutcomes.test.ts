import { createElement } from 'lwc';
import LlReclaimOutcomes, {
  OUTCOMES_UNAVAILABLE_PREFIX,
  cellsOf,
  outcomeTables
} from '../llReclaimOutcomes';
import getReclaimOutcomes from '@salesforce/apex/LL_ReclaimController.getReclaimOutcomes';
import { buildReclaimOutcomes } from 'c/llAnalytics';
import type { ReclaimOutcomePageDto } from '../../../../../types/contract';

jest.mock(
  '@salesforce/apex/LL_ReclaimController.getReclaimOutcomes',
  () => ({ default: jest.fn() }),
  { virtual: true }
);

const outcomesMock = getReclaimOutcomes as unknown as jest.Mock;
const AT = Date.parse('2026-02-10T10:00:00.000Z');
const PRICES = [{ licenseKey: 'SFDC', label: 'Salesforce', monthlyPrice: 175 }];

function page(overrides: Partial<ReclaimOutcomePageDto> = {}): ReclaimOutcomePageDto {
  return {
    fromDay: '2025-03-01',
    toDay: '2026-02-20',
    generatedAt: '2026-02-20T00:00:00.000Z',
    nextAfterId: null,
    policies: ['Full_90'],
    departments: ['Sales'],
    licenses: [{ source: 'UserLicense', name: 'Salesforce', licenseDefinitionKey: 'SFDC' }],
    actions: ['Deactivate', 'Freeze'],
    completedAt: [AT, AT],
    policyIndexes: [0, -1],
    departmentIndexes: [0, -1],
    licenseIndexes: [0, 0],
    reversedNow: [false, true],
    loginAfter: [null, AT + 86_400_000],
    unfrozenAt: [null, null],
    rollupsRead: true,
    frozenStateRead: true,
    ...overrides
  };
}

function flush(turns = 20): Promise<void> {
  let chain = Promise.resolve();
  for (let index = 0; index < turns; index++) chain = chain.then(() => undefined);
  return chain;
}

function mount(): HTMLElement {
  const element = createElement('c-ll-reclaim-outcomes', { is: LlReclaimOutcomes });
  Object.assign(element, { timeZone: 'UTC', currencyIsoCode: 'USD', prices: PRICES });
  document.body.appendChild(element);
  return element;
}

const q = (element: HTMLElement, selector: string) =>
  element.shadowRoot!.querySelector(selector) as HTMLElement | null;

describe('c-ll-reclaim-outcomes', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
  });

  it('reads every page of the last 12 months and shows the three tables', async () => {
    outcomesMock
      .mockResolvedValueOnce(page({ nextAfterId: 'a0X1' }))
      .mockResolvedValueOnce(page({ actions: ['Deactivate', 'Deactivate'] }));
    const element = mount();
    await flush();
    expect(outcomesMock).toHaveBeenCalledTimes(2);
    const first = outcomesMock.mock.calls[0][0];
    expect(first).toMatchObject({ afterId: null, pageSize: null });
    expect(first.fromDay).toMatch(/^\d{4}-\d{2}-01$/);
    expect(outcomesMock.mock.calls[1][0].afterId).toBe('a0X1');
    expect(q(element, '[data-id="summary"]')!.textContent).toContain('3 seats freed');
    expect(q(element, '[data-id="summary"]')!.textContent).toContain('$525.00');
    expect(element.shadowRoot!.querySelectorAll('[data-id="month-row"]')).toHaveLength(1);
    expect(element.shadowRoot!.querySelectorAll('[data-id="department-row"]')).toHaveLength(2);
    const policies = [...element.shadowRoot!.querySelectorAll('[data-id="policy-row"]')].map(
      (row) => row.textContent
    );
    expect(policies[0]).toContain('Manual (dashboard)');
    expect(policies[1]).toContain('Full_90');
    expect(q(element, '[data-id="notes"]')!.textContent).toContain('A freeze frees no seat');
  });

  it('says when nothing was reclaimed', async () => {
    outcomesMock.mockResolvedValue(
      page({
        actions: [],
        completedAt: [],
        policyIndexes: [],
        departmentIndexes: [],
        licenseIndexes: [],
        reversedNow: [],
        loginAfter: [],
        unfrozenAt: []
      })
    );
    const element = mount();
    await flush();
    expect(q(element, '[data-id="empty"]')).not.toBeNull();
    expect(q(element, '[data-id="months"]')).toBeNull();
  });

  it('shows a one-line note instead of the card when the read is refused', async () => {
    outcomesMock.mockRejectedValue({
      body: { message: 'You do not have access to the Apex class' }
    });
    const element = mount();
    await flush();
    expect(q(element, '[data-id="unavailable"]')!.textContent).toContain(
      OUTCOMES_UNAVAILABLE_PREFIX
    );
    expect(q(element, 'lightning-card')).toBeNull();
  });

  it('says so instead of guessing months when the org time zone is unknown', async () => {
    const element = createElement('c-ll-reclaim-outcomes', { is: LlReclaimOutcomes });
    Object.assign(element, { timeZone: 'Mars/Olympus_Mons', prices: PRICES });
    document.body.appendChild(element);
    await flush();
    expect(outcomesMock).not.toHaveBeenCalled();
    expect(q(element, '[data-id="unavailable"]')!.textContent).toContain('Mars/Olympus_Mons');
  });

  it('shows a spinner while reading, and reads again on refresh and on a new reload key', async () => {
    outcomesMock.mockReturnValue(new Promise(() => undefined));
    const element = mount();
    await flush();
    expect(q(element, '[data-id="loading"]')).not.toBeNull();
    outcomesMock.mockResolvedValue(page());
    (element as unknown as { reloadKey: string }).reloadKey = 'later';
    await flush();
    expect(outcomesMock).toHaveBeenCalledTimes(2);
    (q(element, '[data-id="refresh"]') as HTMLElement).click();
    await flush();
    expect(outcomesMock).toHaveBeenCalledTimes(3);
    expect(q(element, '[data-id="loading"]')).toBeNull();
  });
});

describe('outcome tables', () => {
  it('lists months newest first and policies with their share', () => {
    const outcomes = buildReclaimOutcomes([page()], PRICES, 'UTC');
    const tables = outcomeTables(outcomes, null);
    expect(tables.months[0].label).toBe('2026-02');
    expect(tables.policies.find((row) => row.label === 'Manual (dashboard)')!.cells[2].text).toBe(
      '100%'
    );
    expect(cellsOf(outcomes.totals, 'EUR').map((cell) => cell.text)).toEqual([
      '1',
      '€175.00',
      '1',
      '1'
    ]);
  });
});
