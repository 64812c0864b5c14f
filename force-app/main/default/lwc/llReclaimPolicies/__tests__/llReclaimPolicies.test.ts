import { createElement } from 'lwc';
import LlReclaimPolicies, {
  NOTICE_NOTE,
  UNAVAILABLE_PREFIX,
  candidateRowsOf,
  killSwitchText,
  ladderText,
  pageSummary,
  policyRowsOf,
  stepText
} from '../llReclaimPolicies';
import listReclaimPolicies from '@salesforce/apex/LL_ReclaimController.listReclaimPolicies';
import previewPolicy from '@salesforce/apex/LL_ReclaimController.previewPolicy';
import getPolicyEdit from '@salesforce/apex/LL_PolicyEditController.getPolicyEdit';
import type { PolicyCandidateDto, PolicyPreviewDto } from '../../../../../types/contract';

jest.mock(
  '@salesforce/apex/LL_ReclaimController.listReclaimPolicies',
  () => ({ default: jest.fn() }),
  { virtual: true }
);
jest.mock('@salesforce/apex/LL_ReclaimController.previewPolicy', () => ({ default: jest.fn() }), {
  virtual: true
});

// The policy editor (c/llPolicyEditor) the card opens calls these.
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
const previewMock = previewPolicy as unknown as jest.Mock;

function policy(overrides: Partial<PolicyPreviewDto> = {}): PolicyPreviewDto {
  return {
    policyName: 'Sales_90',
    label: 'Salesforce, 90 days',
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
    note: null,
    ...overrides
  };
}

function broken(): PolicyPreviewDto {
  return policy({
    policyName: 'A_Bad',
    label: 'Bad one',
    licenseKey: null,
    inactivityDays: null,
    noticeDays: null,
    deactivateAfterFrozenDays: null,
    maxActionsPerRun: null,
    dryRun: null,
    active: null,
    note: 'Reclaim policy A_Bad: Notice Days must be a whole number from 0 to 365.'
  });
}

function candidate(index: number, overrides: Partial<PolicyCandidateDto> = {}): PolicyCandidateDto {
  return {
    userId: `005000000000${String(index).padStart(3, '0')}AAA`,
    username: `user${index}@example.com`,
    lastLoginDate: '2026-06-01T10:00:00.000Z',
    excludedBecause: null,
    step: 'Notify',
    stepMessage: 'No successful login for 90 days or more.',
    dueAt: null,
    guardrail: null,
    guardrailMessage: null,
    ...overrides
  };
}

/** Runs queued promise callbacks and the re-renders after them. */
function flush(turns = 20): Promise<void> {
  let chain = Promise.resolve();
  for (let index = 0; index < turns; index++) chain = chain.then(() => undefined);
  return chain;
}

function mount(): HTMLElement {
  const element = createElement('c-ll-reclaim-policies', { is: LlReclaimPolicies });
  document.body.appendChild(element);
  return element;
}

/** An element of the card by data-id, or of its pager (c-ll-pager renders its own parts). */
function q(element: HTMLElement, id: string): HTMLElement | null {
  const selector = `[data-id="${id}"]`;
  const own = element.shadowRoot!.querySelector<HTMLElement>(selector);
  if (own) return own;
  const pager = element.shadowRoot!.querySelector('c-ll-pager');
  return pager?.shadowRoot?.querySelector<HTMLElement>(selector) ?? null;
}

function all(element: HTMLElement, id: string): HTMLElement[] {
  return Array.from(element.shadowRoot!.querySelectorAll(`[data-id="${id}"]`));
}

afterEach(() => {
  while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  jest.clearAllMocks();
});

describe('policy card rules', () => {
  it('words the kill switch, the ladder and each step', () => {
    expect(killSwitchText(false)).toMatch(/switched off \(kill switch\): no policy runs/);
    expect(killSwitchText(true)).toMatch(/switched on/);
    expect(ladderText(policy())).toBe(
      '90 days inactive, 14 days notice, deactivates after 30 days frozen'
    );
    expect(ladderText(policy({ deactivateAfterFrozenDays: null }))).toBe(
      '90 days inactive, 14 days notice, never deactivates'
    );
    expect(
      ['Notify', 'Freeze', 'Deactivate', 'Wait', 'Done', null].map((s) =>
        stepText(s as PolicyCandidateDto['step'])
      )
    ).toEqual(['Give notice', 'Freeze', 'Deactivate', 'Wait', 'Nothing more', 'Left out']);
    // Notices are emailed (LL_ReclaimNotifier): the card no longer says none is sent.
    expect(NOTICE_NOTE).toMatch(/^A live policy emails each candidate and their manager/);
    expect(NOTICE_NOTE).toMatch(/Skipped\) is sent again the next night/);
    expect(NOTICE_NOTE).toMatch(/\(Failed\) stops the ladder there/);
    expect(NOTICE_NOTE).not.toMatch(/does not send/);
  });

  it('lists policies, a record out of range with its problem and no preview', () => {
    const rows = policyRowsOf([broken(), policy({ licenseKey: '*', dryRun: false, active: true })]);
    expect(rows[0]).toMatchObject({
      label: 'Bad one',
      mode: '—',
      active: '—',
      ladder: '—',
      cap: '—',
      canPreview: false,
      problem: 'Reclaim policy A_Bad: Notice Days must be a whole number from 0 to 365.'
    });
    expect(rows[1]).toMatchObject({
      license: 'Every license',
      mode: 'Live',
      active: 'Active',
      cap: '25 steps a night',
      canPreview: true,
      problem: null,
      previewLabel: 'Preview the candidates of Salesforce, 90 days'
    });
  });

  it('shows candidates: never logged in, left out with why, due day in UTC', () => {
    const rows = candidateRowsOf([
      candidate(1, { lastLoginDate: null }),
      candidate(2, { excludedBecause: 'Excluded: profile X.', step: null, stepMessage: null }),
      candidate(3, {
        step: 'Wait',
        stepMessage: 'Noticed on 2026-11-23; freeze due on 2026-12-07.',
        dueAt: '2026-12-07T20:00:00.000Z'
      })
    ]);
    expect(rows.map((r) => [r.lastLogin, r.step, r.why, r.due])).toEqual([
      ['Never', 'Give notice', 'No successful login for 90 days or more.', '—'],
      ['2026-06-01', 'Left out', 'Excluded: profile X.', '—'],
      ['2026-06-01', 'Wait', 'Noticed on 2026-11-23; freeze due on 2026-12-07.', '2026-12-07']
    ]);
    expect(
      pageSummary(policy({ candidates: [candidate(1), candidate(2, { excludedBecause: 'x' })] }))
    ).toBe('2 users on this page (1 left out).');
    expect(pageSummary(policy({ candidates: [candidate(1)], nextAfterUserId: 'x' }))).toBe(
      '1 user on this page; more on the next page.'
    );
  });
});

describe('c-ll-reclaim-policies', () => {
  it('shows a spinner, then the policies and the kill switch', async () => {
    let answer: (value: PolicyPreviewDto[]) => void = () => undefined;
    listMock.mockReturnValue(new Promise((resolve) => (answer = resolve)));
    const element = mount();
    expect(q(element, 'loading')).not.toBeNull();
    expect(q(element, 'status')!.textContent).toContain('Loading reclaim policies');
    answer([broken(), policy()]);
    await flush();
    expect(q(element, 'loading')).toBeNull();
    expect(all(element, 'policy-row')).toHaveLength(2);
    expect(q(element, 'kill-switch')!.textContent).toMatch(/switched off/);
    expect(q(element, 'notice-note')!.textContent).toContain('Failed');
    expect(q(element, 'problem')!.textContent).toContain('Notice Days');
    // Only the valid policy offers its candidates, with an accessible name.
    const buttons = all(element, 'preview-button');
    expect(buttons).toHaveLength(1);
    expect(buttons[0].getAttribute('aria-label')).toBe(
      'Preview the candidates of Salesforce, 90 days'
    );
  });

  it('says how to create a policy when there is none', async () => {
    listMock.mockResolvedValue([]);
    const element = mount();
    await flush();
    expect(q(element, 'empty')!.textContent).toContain('Custom Metadata Types');
    expect(q(element, 'policies')).toBeNull();
  });

  it('shows a one-line note instead of the card when the list cannot be read', async () => {
    listMock.mockRejectedValue({
      body: { message: "You do not have access to the Apex class named 'LL_ReclaimController'." }
    });
    const element = mount();
    await flush();
    expect(element.shadowRoot!.querySelector('lightning-card')).toBeNull();
    expect(q(element, 'unavailable')!.textContent).toBe(
      `${UNAVAILABLE_PREFIX} You do not have access to the Apex class named 'LL_ReclaimController'.`
    );
  });

  it("pages through one policy's candidates with next step and due date, and back", async () => {
    listMock.mockResolvedValue([policy()]);
    previewMock
      .mockResolvedValueOnce(
        policy({ candidates: [candidate(1), candidate(2)], nextAfterUserId: candidate(2).userId })
      )
      .mockResolvedValueOnce(
        policy({
          candidates: [
            candidate(3, { step: 'Wait', dueAt: '2026-12-07T20:00:00.000Z', stepMessage: 'm' })
          ],
          note: 'A note.'
        })
      )
      .mockResolvedValueOnce(
        policy({ candidates: [candidate(1), candidate(2)], nextAfterUserId: 'x' })
      );
    const element = mount();
    await flush();
    q(element, 'preview-button')!.click();
    await flush();
    expect(previewMock).toHaveBeenLastCalledWith({ policyName: 'Sales_90', afterUserId: null });
    expect(all(element, 'candidate-row')).toHaveLength(2);
    expect(q(element, 'pager-summary')!.textContent).toBe(
      '2 users on this page; more on the next page.'
    );
    expect(element.shadowRoot!.activeElement).toBe(q(element, 'preview-heading'));
    expect(q(element, 'status')!.textContent!.trim()).toBe('');
    expect((q(element, 'previous') as HTMLButtonElement & { disabled: boolean }).disabled).toBe(
      true
    );

    q(element, 'next')!.click();
    await flush();
    expect(previewMock).toHaveBeenLastCalledWith({
      policyName: 'Sales_90',
      afterUserId: candidate(2).userId
    });
    const cells = Array.from(q(element, 'candidate-row')!.querySelectorAll('td')).map(
      (cell) => cell.textContent
    );
    expect(cells).toEqual(['2026-06-01', 'Wait', '2026-12-07', 'm']);
    expect(q(element, 'preview-heading')!.textContent).toContain('page 2');
    expect(q(element, 'preview-note')!.textContent).toBe('A note.');
    expect((q(element, 'next') as HTMLButtonElement & { disabled: boolean }).disabled).toBe(true);

    q(element, 'previous')!.click();
    await flush();
    expect(previewMock).toHaveBeenLastCalledWith({ policyName: 'Sales_90', afterUserId: null });
    expect(q(element, 'preview-heading')!.textContent).toContain('page 1');

    q(element, 'close')!.click();
    await flush();
    expect(q(element, 'preview')).toBeNull();
  });

  it('shows an error when the candidates cannot be read, and no candidates when there are none', async () => {
    listMock.mockResolvedValue([policy()]);
    previewMock
      .mockRejectedValueOnce({ body: { message: 'No reclaim policy named "Sales_90".' } })
      .mockResolvedValueOnce(policy({ candidates: [] }));
    const element = mount();
    await flush();
    q(element, 'preview-button')!.click();
    await flush();
    const panel = element.shadowRoot!.querySelector('c-ll-error-panel') as HTMLElement & {
      errors: unknown;
    };
    expect(panel.errors).toEqual({ body: { message: 'No reclaim policy named "Sales_90".' } });
    q(element, 'preview-button')!.click();
    await flush();
    expect(element.shadowRoot!.querySelector('c-ll-error-panel')).toBeNull();
    expect(q(element, 'no-candidates')).not.toBeNull();
  });

  it('opens the policy editor for a new policy and for a row, and reloads the list once saved', async () => {
    const getEditMock = getPolicyEdit as unknown as jest.Mock;
    getEditMock.mockRejectedValue({ body: { message: 'not needed here' } });
    listMock.mockResolvedValue([policy()]);
    const element = mount();
    await flush();
    expect(q(element, 'policy-editor')).toBeNull();

    q(element, 'new-policy')!.click();
    await flush();
    const created = q(element, 'policy-editor') as HTMLElement & {
      policyName: string | null;
      existingNames: string[];
    };
    expect(created.policyName).toBeNull();
    expect(created.existingNames).toEqual(['Sales_90']);

    const edit = q(element, 'edit-button') as HTMLElement & { title: string };
    expect(edit.title).toBe('Edit Salesforce, 90 days');
    edit.click();
    await flush();
    const edited = q(element, 'policy-editor') as HTMLElement & { policyName: string | null };
    expect(edited.policyName).toBe('Sales_90');
    expect(edited).not.toBe(created);

    listMock.mockResolvedValue([policy(), policy({ policyName: 'Full_60', label: 'Full 60' })]);
    edited.dispatchEvent(new CustomEvent('saved', { detail: { policyName: 'Sales_90' } }));
    await flush();
    expect(listMock).toHaveBeenCalledTimes(2);
    expect(all(element, 'policy-row')).toHaveLength(2);
    expect(q(element, 'policy-editor')).not.toBeNull();

    q(element, 'policy-editor')!.dispatchEvent(new CustomEvent('cancel'));
    await flush();
    expect(q(element, 'policy-editor')).toBeNull();
  });
});
