import { createElement } from 'lwc';
import LlPolicyEditor, { MAX_POLLS, POLL_MS } from '../llPolicyEditor';
import {
  exclusionRows,
  fixedExclusions,
  kindOptions,
  numberOf,
  saveStatusText,
  textOfNumber
} from '../policyForm';
import getPolicyEdit from '@salesforce/apex/LL_PolicyEditController.getPolicyEdit';
import savePolicy from '@salesforce/apex/LL_PolicyEditController.savePolicy';
import getPolicySaveStatus from '@salesforce/apex/LL_PolicyEditController.getPolicySaveStatus';
import type { PolicyEditDto, PolicySaveResultDto } from '../../../../../types/contract';

jest.mock(
  '@salesforce/apex/LL_PolicyEditController.getPolicyEdit',
  () => ({ default: jest.fn() }),
  {
    virtual: true
  }
);
jest.mock('@salesforce/apex/LL_PolicyEditController.savePolicy', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock(
  '@salesforce/apex/LL_PolicyEditController.getPolicySaveStatus',
  () => ({ default: jest.fn() }),
  { virtual: true }
);

const getMock = getPolicyEdit as unknown as jest.Mock;
const saveMock = savePolicy as unknown as jest.Mock;
const statusMock = getPolicySaveStatus as unknown as jest.Mock;

function fresh(overrides: Partial<PolicyEditDto> = {}): PolicyEditDto {
  return {
    policyName: '',
    label: '',
    licenseKey: 'Salesforce',
    inactivityDays: 90,
    noticeDays: 14,
    deactivateAfterFrozenDays: null,
    maxActionsPerRun: 25,
    dryRun: true,
    active: false,
    isNew: true,
    exclusions: [{ kind: 'PublicGroup', value: 'Board', recordName: 'All_X1', allPolicies: true }],
    ...overrides
  };
}

function existing(): PolicyEditDto {
  return fresh({
    policyName: 'Sales_90',
    label: 'Salesforce, 90 days',
    isNew: false,
    deactivateAfterFrozenDays: 30,
    exclusions: [
      { kind: 'User', value: 'keep@example.com', recordName: 'Sales_90_X1', allPolicies: false },
      { kind: 'PublicGroup', value: 'Board', recordName: 'All_X1', allPolicies: true }
    ]
  });
}

function result(overrides: Partial<PolicySaveResultDto> = {}): PolicySaveResultDto {
  return {
    requestId: 'r',
    policyName: 'Full_60',
    deploymentId: '0Af000000000001AAA',
    status: 'Queued',
    message: 'Deploying…',
    requestedBy: '005000000000001AAA',
    ...overrides
  };
}

/** Runs queued promise callbacks and the re-renders after them. */
function flush(turns = 20): Promise<void> {
  let chain = Promise.resolve();
  for (let index = 0; index < turns; index++) chain = chain.then(() => undefined);
  return chain;
}

async function mount(props: { policyName?: string | null; existingNames?: string[] } = {}) {
  const element = createElement('c-ll-policy-editor', { is: LlPolicyEditor }) as HTMLElement & {
    policyName: string | null;
    existingNames: string[];
  };
  element.policyName = props.policyName ?? null;
  element.existingNames = props.existingNames ?? ['Sales_90'];
  const events = { saved: [] as unknown[], cancel: 0 };
  element.addEventListener('saved', (event) => events.saved.push((event as CustomEvent).detail));
  element.addEventListener('cancel', () => events.cancel++);
  document.body.appendChild(element);
  await flush();
  return { element, events };
}

function q<T extends Element = HTMLElement>(element: HTMLElement, selector: string): T | null {
  return element.shadowRoot!.querySelector<T>(selector);
}

async function type(element: HTMLElement, field: string, value: string): Promise<void> {
  const input = q<HTMLInputElement>(element, `[data-field="${field}"]`)!;
  input.value = value;
  input.dispatchEvent(new CustomEvent('input'));
  await flush();
}

function clickButton(element: HTMLElement, id: string): void {
  q(element, `[data-id="${id}"]`)!.dispatchEvent(new CustomEvent('click'));
}

afterEach(() => {
  while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  jest.resetAllMocks();
  jest.useRealTimers();
});

describe('c-ll-policy-editor', () => {
  it('opens a new policy inactive and in dry run, labelled, with the fixed exclusions', async () => {
    getMock.mockResolvedValue(fresh());
    const { element } = await mount();

    expect(getMock).toHaveBeenCalledWith({ policyName: null });
    expect(q(element, 'h3')!.textContent).toContain('New reclaim policy');
    expect(q(element, '[data-id="new-note"]')).not.toBeNull();
    expect(q<HTMLInputElement>(element, '[data-field="dryRun"]')!.checked).toBe(true);
    expect(q<HTMLInputElement>(element, '[data-field="active"]')!.checked).toBe(false);
    for (const input of Array.from(element.shadowRoot!.querySelectorAll('input.slds-input'))) {
      const id = input.getAttribute('id');
      expect(element.shadowRoot!.querySelector(`label[for="${id}"]`)).not.toBeNull();
    }
    const fixed = q(element, '[data-id="fixed"]')!.textContent ?? '';
    expect(fixed).toContain('LL_Integration_User: always excluded');
    expect(fixed).toContain('Public group (API name) Board: excluded by every policy');
  });

  it('passes the accessibility rules, errors shown included', async () => {
    getMock.mockResolvedValue(existing());
    const { element } = await mount({ policyName: 'Sales_90' });
    await type(element, 'noticeDays', '999');
    clickButton(element, 'save');
    await flush();
    await expect(element).toBeAccessible();
  });

  it('suggests the API name from the label until the admin types one', async () => {
    getMock.mockResolvedValue(fresh());
    const { element } = await mount();
    await type(element, 'label', 'Full license, 60 days');
    expect(q<HTMLInputElement>(element, '[data-field="policyName"]')!.value).toBe(
      'Full_license_60_days'
    );
    await type(element, 'policyName', 'Mine');
    await type(element, 'label', 'Other label');
    expect(q<HTMLInputElement>(element, '[data-field="policyName"]')!.value).toBe('Mine');
  });

  it('shows a field error inline as it is typed, tied to the input', async () => {
    getMock.mockResolvedValue(fresh({ label: 'L', policyName: 'L' }));
    const { element } = await mount();
    expect(q(element, '[data-error="inactivityDays"]')).toBeNull();

    await type(element, 'inactivityDays', '0');

    const input = q<HTMLInputElement>(element, '[data-field="inactivityDays"]')!;
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const error = q(element, '[data-error="inactivityDays"]')!;
    expect(error.textContent).toContain('A whole number of days from 1 to 3650.');
    expect(input.getAttribute('aria-describedby')).toContain(error.getAttribute('id') ?? 'x');
    await type(element, 'inactivityDays', '120');
    expect(q(element, '[data-error="inactivityDays"]')).toBeNull();
  });

  it('refuses to send invalid input: a summary, every error, focus on the first field', async () => {
    getMock.mockResolvedValue(fresh());
    const { element } = await mount();
    await type(element, 'noticeDays', '');

    clickButton(element, 'save');
    await flush();

    expect(saveMock).not.toHaveBeenCalled();
    const summary = q(element, '[data-id="error-summary"]')!;
    expect(summary.getAttribute('role')).toBe('alert');
    expect(summary.textContent).toContain('Label: Enter a label.');
    expect(summary.textContent).toContain('API name: Enter an API name.');
    expect(summary.textContent).toContain('Notice days:');
    expect(element.shadowRoot!.activeElement).toBe(q(element, '[data-field="label"]'));
  });

  it('saves, follows the deployment and raises saved when it succeeds', async () => {
    jest.useFakeTimers();
    getMock.mockResolvedValue(fresh());
    saveMock.mockResolvedValue(result());
    statusMock.mockResolvedValueOnce(result()).mockResolvedValueOnce(
      result({
        status: 'Succeeded',
        message: 'Deployed: reclaim policy Full_60 and 1 exclusion record.'
      })
    );
    const { element, events } = await mount();
    await type(element, 'label', 'Full 60');
    clickButton(element, 'add-exclusion');
    await flush();
    const value = q<HTMLInputElement>(element, '[data-id="exclusion-row"] input')!;
    value.value = 'Keep_Seat';
    value.dispatchEvent(new CustomEvent('input'));
    await flush();

    clickButton(element, 'save');
    await flush();

    const [call] = saveMock.mock.calls;
    expect(call[0].policy).toMatchObject({
      policyName: 'Full_60',
      label: 'Full 60',
      isNew: true,
      active: false,
      dryRun: true
    });
    expect(call[0].policy.exclusions).toContainEqual({
      kind: 'PermissionSet',
      value: 'Keep_Seat',
      recordName: null,
      allPolicies: false
    });
    expect(call[0].requestId).toMatch(/^[A-Za-z0-9_-]{1,40}$/);
    expect(q(element, '[data-id="status"]')!.textContent).toContain('Deploying Full_60');
    expect((q(element, '[data-id="save"]') as HTMLElement & { label: string }).label).toBe(
      'Deploying…'
    );

    jest.advanceTimersByTime(POLL_MS);
    await flush();
    expect(statusMock).toHaveBeenCalledWith({ requestId: call[0].requestId });
    expect(events.saved).toEqual([]);

    jest.advanceTimersByTime(POLL_MS);
    await flush();
    expect(q(element, '[data-id="status"]')!.textContent).toContain(
      'Saved. Deployed: reclaim policy Full_60'
    );
    expect(events.saved).toEqual([{ policyName: 'Full_60' }]);
  });

  it('shows a failed deployment with Salesforce’s words and lets the admin try again', async () => {
    getMock.mockResolvedValue(fresh({ label: 'X', policyName: 'X' }));
    saveMock.mockResolvedValue(
      result({ status: 'Failed', deploymentId: null, message: 'Salesforce did not queue it.' })
    );
    const { element, events } = await mount();
    clickButton(element, 'save');
    await flush();

    const failed = q(element, '[data-id="save-failed"]')!;
    expect(failed.getAttribute('role')).toBe('alert');
    expect(failed.textContent).toContain('Not saved. Salesforce did not queue it.');
    expect(events.saved).toEqual([]);
    expect(q(element, '[data-id="save"]')!.getAttribute('disabled')).toBeNull();
  });

  it('shows the server’s refusal (a missing permission) in the error panel', async () => {
    getMock.mockResolvedValue(fresh({ label: 'X', policyName: 'X' }));
    saveMock.mockRejectedValue({
      body: {
        message:
          'License Lens needs the "Customize Application" permission to create and edit reclaim policies.'
      }
    });
    const { element } = await mount();
    clickButton(element, 'save');
    await flush();
    const panel = q(element, '[data-id="save-error"] c-ll-error-panel') as HTMLElement & {
      errors: unknown;
    };
    expect(panel).not.toBeNull();
    expect(JSON.stringify(panel.errors)).toContain('Customize Application');
  });

  it('stops following after MAX_POLLS reads and offers to check again', async () => {
    jest.useFakeTimers();
    getMock.mockResolvedValue(fresh({ label: 'X', policyName: 'X' }));
    saveMock.mockResolvedValue(result({ policyName: 'X' }));
    statusMock.mockResolvedValue(result({ policyName: 'X' }));
    const { element } = await mount();
    clickButton(element, 'save');
    await flush();
    const pollOnce = async (): Promise<void> => {
      jest.advanceTimersByTime(POLL_MS);
      await flush();
    };
    await Array.from({ length: MAX_POLLS }).reduce<Promise<void>>(
      (previous) => previous.then(pollOnce),
      Promise.resolve()
    );
    expect(statusMock).toHaveBeenCalledTimes(MAX_POLLS);
    expect(q(element, '[data-id="status"]')!.textContent).toContain('Still deploying X');
    clickButton(element, 'check-again');
    await flush();
    expect(statusMock).toHaveBeenCalledTimes(MAX_POLLS + 1);
  });

  it('edits a policy: the name is fixed, an exclusion can be removed', async () => {
    getMock.mockResolvedValue(existing());
    saveMock.mockResolvedValue(result({ status: 'Succeeded', policyName: 'Sales_90' }));
    const { element, events } = await mount({ policyName: 'Sales_90' });
    expect(getMock).toHaveBeenCalledWith({ policyName: 'Sales_90' });
    expect(q(element, 'h3')!.textContent).toContain('Edit reclaim policy Sales_90');
    expect(q<HTMLInputElement>(element, '[data-field="policyName"]')!.disabled).toBe(true);
    expect(element.shadowRoot!.querySelectorAll('[data-id="exclusion-row"]')).toHaveLength(1);

    clickButton(element, 'remove-exclusion');
    await flush();
    expect(element.shadowRoot!.querySelectorAll('[data-id="exclusion-row"]')).toHaveLength(0);
    const active = q<HTMLInputElement>(element, '[data-field="active"]')!;
    active.checked = true;
    active.dispatchEvent(new CustomEvent('change'));
    await flush();
    clickButton(element, 'save');
    await flush();

    expect(saveMock.mock.calls[0][0].policy).toMatchObject({
      isNew: false,
      active: true,
      exclusions: [{ kind: 'PublicGroup', value: 'Board', recordName: 'All_X1', allPolicies: true }]
    });
    expect(events.saved).toEqual([{ policyName: 'Sales_90' }]);
  });

  it('shows a load refusal and closes on Cancel', async () => {
    getMock.mockRejectedValue({
      body: { message: 'License Lens needs the "Customize Application" permission.' }
    });
    const { element, events } = await mount();
    expect(q(element, '[data-id="load-error"]')).not.toBeNull();
    clickButton(element, 'close');
    expect(events.cancel).toBe(1);
  });
});

describe('policyForm', () => {
  it('reads and writes number inputs', () => {
    expect(numberOf(' ')).toBeNull();
    expect(numberOf('12')).toBe(12);
    expect(Number.isNaN(numberOf('x') as number)).toBe(true);
    expect(textOfNumber(null)).toBe('');
    expect(textOfNumber(Number.NaN)).toBe('');
    expect(textOfNumber(3)).toBe('3');
  });

  it('lists the editable rows with their form index, and the fixed ones', () => {
    const form = existing();
    const errors = new Map([['exclusions.0', 'Listed twice.']] as const);
    const rows = exclusionRows(form, errors, true);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ index: 0, error: 'Listed twice.', focusKey: 'exclusion-0' });
    expect(rows[0].cssClass).toContain('slds-has-error');
    expect(exclusionRows(form, errors, false)[0].error).toBeNull();
    expect(kindOptions('User').filter((o) => o.selected)).toEqual([
      { value: 'User', label: 'User (username)', selected: true }
    ]);
    expect(fixedExclusions(form)).toHaveLength(2);
  });

  it('words each save state', () => {
    expect(saveStatusText(null, false)).toBe('');
    expect(saveStatusText(result({ deploymentId: null }), true)).toBe(
      'Deploying Full_60 (deployment pending)…'
    );
    expect(saveStatusText(result(), false)).toContain('Still deploying Full_60 after 2 minutes');
    expect(saveStatusText(result({ status: 'Failed', message: null }), false)).toBe('Not saved.');
  });
});
