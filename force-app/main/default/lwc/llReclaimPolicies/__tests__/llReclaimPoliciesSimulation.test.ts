/**
 * The card's Simulate action (issue 12): a button per policy opens
 * c/llPolicySimulation for that policy below the list, and its close event
 * removes it. The simulation itself is tested in llPolicySimulation.
 */
import { createElement } from 'lwc';
import LlReclaimPolicies from '../llReclaimPolicies';
import listReclaimPolicies from '@salesforce/apex/LL_ReclaimController.listReclaimPolicies';
import simulatePolicy from '@salesforce/apex/LL_ReclaimController.simulatePolicy';
import getOrgContext from '@salesforce/apex/LL_InsightsController.getOrgContext';
import type { PolicyPreviewDto } from '../../../../../types/contract';

jest.mock(
  '@salesforce/apex/LL_ReclaimController.listReclaimPolicies',
  () => ({ default: jest.fn() }),
  { virtual: true }
);
jest.mock('@salesforce/apex/LL_ReclaimController.previewPolicy', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock('@salesforce/apex/LL_ReclaimController.simulatePolicy', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock('@salesforce/apex/LL_InsightsController.getOrgContext', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock(
  '@salesforce/apex/LL_PolicyEditController.getPolicyEdit',
  () => ({ default: jest.fn() }),
  { virtual: true }
);
jest.mock('@salesforce/apex/LL_PolicyEditController.savePolicy', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock(
  '@salesforce/apex/LL_PolicyEditController.getPolicySaveStatus',
  () => ({ default: jest.fn() }),
  { virtual: true }
);

const listMock = listReclaimPolicies as unknown as jest.Mock;
const simulateMock = simulatePolicy as unknown as jest.Mock;
const contextMock = getOrgContext as unknown as jest.Mock;

function policy(name: string, label: string): PolicyPreviewDto {
  return {
    policyName: name,
    label,
    licenseKey: 'Salesforce',
    inactivityDays: 90,
    noticeDays: 14,
    deactivateAfterFrozenDays: 30,
    maxActionsPerRun: 25,
    dryRun: true,
    active: false,
    policiesEnabled: false,
    candidates: [],
    nextAfterUserId: null,
    note: null
  };
}

/** Runs queued promise callbacks and the re-renders after them. */
function flush(turns = 20): Promise<void> {
  let chain = Promise.resolve();
  for (let index = 0; index < turns; index++) chain = chain.then(() => undefined);
  return chain;
}

describe('c-ll-reclaim-policies: Simulate', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
  });

  it('opens the simulation of the chosen policy and closes it', async () => {
    listMock.mockResolvedValue([policy('A_90', 'A, 90 days'), policy('B_60', 'B, 60 days')]);
    simulateMock.mockReturnValue(new Promise(() => undefined));
    contextMock.mockResolvedValue({ settings: { currencyIsoCode: 'USD' }, prices: [] });
    const element = createElement('c-ll-reclaim-policies', { is: LlReclaimPolicies });
    document.body.appendChild(element);
    await flush();
    const buttons = [
      ...element.shadowRoot!.querySelectorAll('[data-id="simulate-button"]')
    ] as Array<HTMLElement & { label: string; title: string }>;
    expect(buttons).toHaveLength(2);
    expect(buttons[1].getAttribute('aria-label') ?? buttons[1].title).toContain('B, 60 days');
    expect(element.shadowRoot!.querySelector('c-ll-policy-simulation')).toBeNull();

    buttons[1].click();
    await flush();
    const simulation = element.shadowRoot!.querySelector(
      'c-ll-policy-simulation'
    ) as HTMLElement & {
      policyName: string;
      label: string;
    };
    expect(simulation).not.toBeNull();
    expect(simulation.policyName).toBe('B_60');
    expect(simulation.label).toBe('B, 60 days');
    expect(simulateMock).toHaveBeenCalledWith(expect.objectContaining({ policyName: 'B_60' }));

    simulation.dispatchEvent(new CustomEvent('close'));
    await flush();
    expect(element.shadowRoot!.querySelector('c-ll-policy-simulation')).toBeNull();
  });
});
