import { createElement } from 'lwc';
import LlPolicySimulation, { ASSUMPTIONS, figureRowsOf } from '../llPolicySimulation';
import { formatMoney } from 'c/llAnalytics';
import simulatePolicy from '@salesforce/apex/LL_ReclaimController.simulatePolicy';
import getOrgContext from '@salesforce/apex/LL_InsightsController.getOrgContext';
import type { PolicySimulationPageDto } from '../../../../../types/contract';

jest.mock('@salesforce/apex/LL_ReclaimController.simulatePolicy', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock('@salesforce/apex/LL_InsightsController.getOrgContext', () => ({ default: jest.fn() }), {
  virtual: true
});

const simulateMock = simulatePolicy as unknown as jest.Mock;
const contextMock = getOrgContext as unknown as jest.Mock;
const FIRST = 20_000;

function page(overrides: Partial<PolicySimulationPageDto> = {}): PolicySimulationPageDto {
  return {
    policyName: 'Sales_90',
    licenseKey: 'Salesforce',
    inactivityDays: 90,
    noticeDays: 14,
    deactivateAfterFrozenDays: 30,
    maxActionsPerRun: 25,
    firstDayNumber: FIRST,
    lastDayNumber: FIRST + 179,
    rolledUpThroughDayNumber: FIRST + 179,
    tooBig: false,
    tooBigReason: null,
    usersRead: 3,
    usersExcluded: 1,
    usersUnknownAtStart: 0,
    licenses: [{ source: 'UserLicense', name: 'Salesforce', licenseDefinitionKey: 'SFDC' }],
    userLicenseIndexes: [0],
    gapCounts: [1],
    gapStarts: [FIRST - 100],
    gapStartKnown: [true],
    gapEnds: [null],
    nextAfterUserId: null,
    note: null,
    ...overrides
  };
}

/** Runs queued promise callbacks and the re-renders after them. */
function flush(turns = 20): Promise<void> {
  let chain = Promise.resolve();
  for (let index = 0; index < turns; index++) chain = chain.then(() => undefined);
  return chain;
}

function mount(name = 'Sales_90') {
  const element = createElement('c-ll-policy-simulation', { is: LlPolicySimulation });
  element.policyName = name;
  element.label = 'Salesforce, 90 days';
  document.body.appendChild(element);
  return element;
}

const q = (element: HTMLElement, id: string) =>
  element.shadowRoot!.querySelector(`[data-id="${id}"]`) as HTMLElement | null;

describe('c-ll-policy-simulation', () => {
  beforeEach(() => {
    contextMock.mockResolvedValue({
      orgTimeZone: 'UTC',
      generatedAt: '2026-11-23T00:00:00.000Z',
      settings: { currencyIsoCode: 'USD' },
      prices: [{ licenseKey: 'SFDC', label: 'Salesforce', monthlyPrice: 150 }]
    });
  });
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
  });

  it('simulates the policy page by page and shows the figures as a table', async () => {
    simulateMock
      .mockResolvedValueOnce(page({ nextAfterUserId: '005A' }))
      .mockResolvedValueOnce(page({ usersExcluded: 0 }));
    const element = mount();
    await flush();
    await flush();
    expect(simulateMock).toHaveBeenNthCalledWith(1, {
      policyName: 'Sales_90',
      afterUserId: null,
      pageSize: 500
    });
    expect(simulateMock).toHaveBeenNthCalledWith(2, {
      policyName: 'Sales_90',
      afterUserId: '005A',
      pageSize: 500
    });
    const table = q(element, 'simulation-figures')!;
    expect(table).not.toBeNull();
    expect(q(element, 'usersRead')!.textContent).toContain('6');
    expect(q(element, 'deactivations')!.textContent).toContain('2');
    expect(q(element, 'monthlyValueAtEnd')!.textContent).toContain('$300.00');
    expect(q(element, 'simulation-heading')!.textContent).toContain('would have done');
    expect(q(element, 'simulation-notes')!.textContent).toContain(ASSUMPTIONS);
    expect(q(element, 'simulation-licenses')!.textContent).toContain('Salesforce');
  });

  it('shows the error panel when the simulation fails', async () => {
    simulateMock.mockRejectedValue({ body: { message: 'License Lens needs Read on ...' } });
    const element = mount();
    await flush();
    expect(element.shadowRoot!.querySelector('c-ll-error-panel')).not.toBeNull();
    expect(q(element, 'simulation-figures')).toBeNull();
  });

  it('shows progress with a cancel button while it reads, and stops when cancelled', async () => {
    let resolve: (value: PolicySimulationPageDto) => void = () => undefined;
    simulateMock.mockImplementation(
      () => new Promise<PolicySimulationPageDto>((done) => (resolve = done))
    );
    const element = mount();
    await flush();
    expect(q(element, 'simulation-loading')).not.toBeNull();
    q(element, 'simulation-cancel')!.click();
    resolve(page({ nextAfterUserId: '005A' }));
    await flush();
    await flush();
    expect(simulateMock).toHaveBeenCalledTimes(1);
    expect(q(element, 'simulation-figures')).not.toBeNull();
    expect(q(element, 'simulation-notes')!.textContent).toContain('Not every user was read');
  });

  it('raises close, and starts again for another policy', async () => {
    simulateMock.mockResolvedValue(page());
    const element = mount();
    await flush();
    const closed = jest.fn();
    element.addEventListener('close', closed);
    q(element, 'simulation-close')!.click();
    expect(closed).toHaveBeenCalled();
    element.policyName = 'Other';
    await flush();
    expect(simulateMock).toHaveBeenLastCalledWith(expect.objectContaining({ policyName: 'Other' }));
  });
});

describe('figure helpers', () => {
  it('formats money in the org currency, or as a number', () => {
    expect(formatMoney(1234.5, 'EUR')).toBe('€1,234.50');
    expect(formatMoney(1234.5, null)).toBe('1,234.5');
    expect(formatMoney(10, 'NOT-A-CODE')).toBe('10');
  });

  it('lists the figures in order with their values', () => {
    const rows = figureRowsOf(
      {
        policyName: 'P',
        firstDay: '2026-01-01',
        lastDay: '2026-06-29',
        days: 180,
        usersRead: 10,
        usersExcluded: 1,
        usersUnknownAtStart: 0,
        candidates: 4,
        notices: 5,
        freezes: 3,
        deactivations: 2,
        loginsDuringNotice: 1,
        loginsAfterFreeze: 1,
        loginsAfterDeactivation: 0,
        candidatesLoggedInLater: 2,
        stepsDeferredByCap: 0,
        seatsFreedAtEnd: 2,
        monthlyValueAtEnd: 300,
        valueOverPeriod: 812.4,
        licenses: [],
        unpricedLicenses: [],
        approximateStarts: 0,
        notes: []
      },
      'USD'
    );
    expect(rows.map((row) => row.key)[0]).toBe('usersRead');
    expect(rows.find((row) => row.key === 'seatsFreedAtEnd')!.label).toContain('2026-06-29');
    expect(rows.find((row) => row.key === 'valueOverPeriod')!.value).toBe('$812.40');
  });
});
