import { createElement } from 'lwc';
import LlReclaimDialog, {
  DEACTIVATE_WARNING,
  PERMISSION_SET_HINT,
  RECLAIM_MAX_POLL_ATTEMPTS,
  RECLAIM_POLL_INTERVAL_MS
} from 'c/llReclaimDialog';
import type { ReclaimCompleteDetail } from 'c/llReclaimDialog';
import previewReclaim from '@salesforce/apex/LL_ReclaimController.previewReclaim';
import reclaim from '@salesforce/apex/LL_ReclaimController.reclaim';
import getReclaimStatus from '@salesforce/apex/LL_ReclaimController.getReclaimStatus';
import {
  MAX_RECLAIM_REASON_LENGTH,
  RECLAIM_REQUEST_ID_PATTERN,
  reclaimPermissionNote
} from 'c/llAnalytics';
import type { UserInsight } from 'c/llAnalytics';
import { IVAN, NINA, OLGA, users } from '../../../../../test/jest-mocks/licenseLensFixtures';
import {
  insightOf,
  missingPermissionError,
  previewResult,
  requestResult,
  userResult
} from '../../../../../test/jest-mocks/reclaimFixtures';
import type { ReclaimAction } from '../../../../../types/contract';

jest.mock('@salesforce/apex/LL_ReclaimController.previewReclaim', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock('@salesforce/apex/LL_ReclaimController.reclaim', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock(
  '@salesforce/apex/LL_ReclaimController.getReclaimStatus',
  () => ({ default: jest.fn() }),
  { virtual: true }
);

const previewMock = previewReclaim as unknown as jest.Mock;
const reclaimMock = reclaim as unknown as jest.Mock;
const statusMock = getReclaimStatus as unknown as jest.Mock;

const BATCH = 'batch-1';
const REASON = 'Left the company in 2025';

type Dialog = HTMLElement & { users: readonly UserInsight[]; action: ReclaimAction };

/** Runs queued promise callbacks and the re-renders after them. */
function flush(turns = 20): Promise<void> {
  let chain = Promise.resolve();
  for (let index = 0; index < turns; index++) chain = chain.then(() => undefined);
  return chain;
}

function selected(): UserInsight[] {
  return [insightOf(IVAN), insightOf(OLGA), insightOf(NINA)];
}

function mount(action: ReclaimAction = 'Freeze', list: UserInsight[] = selected()): Dialog {
  const element = createElement('c-ll-reclaim-dialog', { is: LlReclaimDialog }) as Dialog;
  element.users = list;
  element.action = action;
  document.body.appendChild(element);
  return element;
}

function byId<T extends HTMLElement = HTMLElement>(element: HTMLElement, id: string): T {
  return element.shadowRoot!.querySelector(`[data-id="${id}"]`) as T;
}

function text(element: HTMLElement, id: string): string {
  return (byId(element, id)?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

async function change(element: HTMLElement, id: string, value: string): Promise<void> {
  byId(element, id).dispatchEvent(new CustomEvent('change', { detail: { value } }));
  await flush();
}

async function click(element: HTMLElement, id: string): Promise<void> {
  byId(element, id).click();
  await flush();
}

function rows(element: HTMLElement, table: string): string[][] {
  return [...byId(element, table).querySelectorAll('tbody tr')].map((row) =>
    [...row.children].map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim())
  );
}

function permissionShown(element: HTMLElement): string {
  const panel = byId(element, 'error');
  return panel.shadowRoot!.querySelector('[data-id="permission"]')?.textContent ?? '';
}

const freezePreview = () =>
  previewResult('Freeze', [
    userResult(IVAN, 'Ready'),
    userResult(OLGA, 'Ready'),
    userResult(NINA, 'Skipped', 'The user is already frozen.')
  ]);

/** Mounts, fills a reason and runs the preview. */
async function previewed(action: ReclaimAction = 'Freeze'): Promise<Dialog> {
  previewMock.mockResolvedValue(freezePreview());
  const element = mount(action);
  await change(element, 'reason', REASON);
  await click(element, 'preview');
  return element;
}

describe('c-ll-reclaim-dialog', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
    jest.useRealTimers();
  });

  describe('opening and step 1', () => {
    it('is a labelled modal dialog and moves focus to its heading', async () => {
      const element = mount();
      await flush();
      const dialog = byId(element, 'dialog');
      expect(dialog.getAttribute('role')).toBe('dialog');
      expect(dialog.getAttribute('aria-modal')).toBe('true');
      const heading = byId(element, 'heading');
      expect(dialog.getAttribute('aria-labelledby')).toBe(heading.id);
      expect(text(element, 'heading')).toBe('Freeze: 3 selected users');
      expect(element.shadowRoot!.activeElement).toBe(heading);
    });

    it('guides with what the page can tell and counts the reason against its limit', async () => {
      const frozenNina = users().map((user) => ({ ...user, isFrozen: user.id === NINA }));
      const element = mount('Freeze', [
        insightOf(IVAN),
        insightOf(OLGA),
        { ...insightOf(NINA), user: frozenNina.find((user) => user.id === NINA)! }
      ]);
      await flush();
      expect(text(element, 'expectation')).toContain(
        '2 of 3 would change; 1 user would likely be skipped'
      );
      expect(text(element, 'reason-counter')).toBe(`0/${MAX_RECLAIM_REASON_LENGTH} characters`);
      await change(element, 'reason', 'abc');
      expect(text(element, 'reason-counter')).toBe(`3/${MAX_RECLAIM_REASON_LENGTH} characters`);
      expect((byId(element, 'reason') as HTMLElement & { maxLength: number }).maxLength).toBe(
        MAX_RECLAIM_REASON_LENGTH
      );
    });

    it('requires a reason before asking the server', async () => {
      const element = mount();
      await change(element, 'reason', '   ');
      await click(element, 'preview');
      expect(previewMock).not.toHaveBeenCalled();
      expect(text(element, 'validation')).toMatch(/Give a reason/);
    });

    it('offers the permission set licenses the selected users hold and sends the chosen one', async () => {
      const licensesOf: Record<string, string[]> = {
        [IVAN]: ['SalesConsoleUser', 'AgentforcePsl'],
        [OLGA]: ['SalesConsoleUser']
      };
      const withLicenses = users().map((user) => ({
        ...user,
        permissionSetLicenses: licensesOf[user.id] ?? []
      }));
      const list = [insightOf(IVAN, withLicenses), insightOf(OLGA, withLicenses)];
      previewMock.mockResolvedValue(
        previewResult('RemovePermissionSetLicense', [
          userResult(IVAN, 'Ready'),
          userResult(OLGA, 'Ready')
        ])
      );
      const element = mount('RemovePermissionSetLicense', list);
      await flush();
      const combobox = byId(element, 'license') as HTMLElement & {
        options: { label: string; value: string }[];
        value: string | null;
      };
      expect(combobox.options).toEqual([
        { label: 'AgentforcePsl (1 of 2 selected)', value: 'AgentforcePsl' },
        { label: 'SalesConsoleUser (2 of 2 selected)', value: 'SalesConsoleUser' }
      ]);
      await change(element, 'reason', REASON);
      await click(element, 'preview');
      expect(previewMock).not.toHaveBeenCalled();
      expect(text(element, 'validation')).toBe('Choose the permission set license to remove.');

      await change(element, 'license', 'SalesConsoleUser');
      await click(element, 'preview');
      expect(previewMock).toHaveBeenCalledWith({
        action: 'RemovePermissionSetLicense',
        userIds: [IVAN, OLGA],
        reason: REASON,
        permissionSetLicense: 'SalesConsoleUser',
        inactivity: [
          expect.objectContaining({ userId: IVAN }),
          expect.objectContaining({ userId: OLGA })
        ]
      });
    });

    it('says so when no selected user holds a permission set license', async () => {
      const element = mount('RemovePermissionSetLicense');
      await flush();
      expect(byId(element, 'license')).toBeNull();
      expect(text(element, 'no-license')).toBe(
        'None of the selected users holds a permission set license.'
      );
    });

    it('says before the preview that Freeze and Unfreeze need Manage Users, which License Lens does not grant', async () => {
      const element = mount('Freeze');
      await flush();
      const note = byId(element, 'permission-note');
      expect(note.getAttribute('role')).toBe('note');
      expect(text(element, 'permission-note')).toBe(reclaimPermissionNote('Freeze'));
      expect(text(element, 'permission-note')).toContain(
        'Freeze and Unfreeze need the Manage Users permission'
      );
      expect(text(element, 'permission-note')).toContain('(UserLogin)');
      expect(text(element, 'permission-note')).toContain('License Lens does not grant it');
      expect(previewMock).not.toHaveBeenCalled();

      await change(element, 'action', 'Unfreeze');
      expect(text(element, 'permission-note')).toBe(reclaimPermissionNote('Unfreeze'));
    });

    it('says license removal needs Manage Users too, and shows no note for Deactivate', async () => {
      const element = mount('RemovePermissionSetLicense');
      await flush();
      expect(text(element, 'permission-note')).toContain(
        'Removing a permission set license needs the Manage Users permission'
      );
      await change(element, 'action', 'Deactivate');
      expect(byId(element, 'permission-note')).toBeNull();
      await change(element, 'action', 'Freeze');
      expect(byId(element, 'permission-note')).not.toBeNull();
    });

    it('keeps the note to step 1: the preview shows the server’s answer instead', async () => {
      const element = await previewed('Freeze');
      expect(byId(element, 'preview-table')).not.toBeNull();
      expect(byId(element, 'permission-note')).toBeNull();
      await click(element, 'back');
      expect(byId(element, 'permission-note')).not.toBeNull();
    });

    it('lets the admin switch the action in step 1', async () => {
      const element = mount('Freeze');
      await change(element, 'action', 'Unfreeze');
      expect(text(element, 'heading')).toBe('Unfreeze: 3 selected users');
      expect(text(element, 'expectation')).toContain('0 of 3 would change');
    });
  });

  describe('preview', () => {
    it('asks the server and shows each user with the counts, changing nothing', async () => {
      const element = await previewed();
      // What the page showed goes with the preview too, so it already skips newer logins.
      expect(previewMock).toHaveBeenCalledWith({
        action: 'Freeze',
        userIds: [IVAN, OLGA, NINA],
        reason: REASON,
        permissionSetLicense: null,
        inactivity: [IVAN, OLGA, NINA].map((userId) => expect.objectContaining({ userId }))
      });
      expect(reclaimMock).not.toHaveBeenCalled();
      expect(text(element, 'preview-summary')).toBe(
        'Preview of Freeze for 3 users: 2 ready, 1 skipped. Nothing has changed yet.'
      );
      expect(rows(element, 'preview-table')).toEqual([
        ['Ivan Idle005000000000002aaa@example.com', 'Ready', ''],
        ['Olga Old005000000000003aaa@example.com', 'Ready', ''],
        ['Nina Never005000000000004aaa@example.com', 'Skipped', 'The user is already frozen.']
      ]);
      expect(text(element, 'confirm')).toBe('Freeze: 2 users');
      expect((byId(element, 'confirm') as HTMLButtonElement).disabled).toBe(false);
      expect(text(element, 'live')).toBe(text(element, 'preview-summary'));
    });

    it('cannot confirm when no user is ready', async () => {
      previewMock.mockResolvedValue(
        previewResult('Freeze', [userResult(IVAN, 'Blocked', 'This user is an administrator.')])
      );
      const element = mount('Freeze', [insightOf(IVAN)]);
      await change(element, 'reason', REASON);
      await click(element, 'preview');
      expect((byId(element, 'confirm') as HTMLButtonElement).disabled).toBe(true);
      expect(text(element, 'nothing-ready')).toMatch(/nothing to confirm/);
    });

    it('warns before a deactivation and confirms with a destructive button', async () => {
      const element = await previewed('Deactivate');
      expect(text(element, 'irreversible-warning')).toBe(DEACTIVATE_WARNING);
      expect(byId(element, 'confirm').className).toContain('slds-button_destructive');
      expect(text(element, 'confirm')).toBe('Deactivate: 2 users');
    });

    it('uses a brand button and no warning for a freeze', async () => {
      const element = await previewed('Freeze');
      expect(byId(element, 'irreversible-warning')).toBeNull();
      expect(byId(element, 'confirm').className).toContain('slds-button_brand');
    });

    it('goes back to step 1 keeping the choices', async () => {
      const element = await previewed();
      await click(element, 'back');
      expect((byId(element, 'reason') as HTMLElement & { value: string }).value).toBe(REASON);
      expect(byId(element, 'preview-table')).toBeNull();
    });

    it('shows the missing permission when the preview is refused', async () => {
      previewMock.mockRejectedValue(
        missingPermissionError('Manage Users', 'freeze users (change UserLogin.IsFrozen)')
      );
      const element = mount();
      await change(element, 'reason', REASON);
      await click(element, 'preview');
      expect(permissionShown(element)).toContain('Manage Users');
      expect(permissionShown(element)).toContain('leave it out on purpose');
      expect(text(element, 'permission-hint')).toBe(PERMISSION_SET_HINT);
      expect(text(element, 'permission-hint')).toContain('License Lens Reclaim Admin');
      expect(text(element, 'permission-hint')).toContain(
        'Freeze, Unfreeze and removing a permission set license also need Manage Users'
      );
      expect(byId(element, 'preview-table')).toBeNull();
      expect((byId(element, 'preview') as HTMLButtonElement).disabled).toBe(false);
    });
  });

  describe('confirm and follow the job', () => {
    beforeEach(() => {
      jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick'] });
    });

    it('sends a request id and what the table showed, then polls until nothing is pending', async () => {
      const element = await previewed();
      reclaimMock.mockResolvedValue(
        requestResult('Freeze', BATCH, [
          userResult(IVAN, 'Requested'),
          userResult(OLGA, 'Requested'),
          userResult(NINA, 'Skipped', 'The user is already frozen.')
        ])
      );
      statusMock
        .mockResolvedValueOnce(
          requestResult('Freeze', BATCH, [
            userResult(IVAN, 'Succeeded'),
            userResult(OLGA, 'Requested'),
            userResult(NINA, 'Skipped', 'The user is already frozen.')
          ])
        )
        .mockResolvedValueOnce(
          requestResult('Freeze', BATCH, [
            userResult(IVAN, 'Succeeded'),
            userResult(OLGA, 'Failed', 'INSUFFICIENT_ACCESS'),
            userResult(NINA, 'Skipped', 'The user is already frozen.')
          ])
        );
      await click(element, 'confirm');

      const params = reclaimMock.mock.calls[0][0];
      expect(params).toMatchObject({
        action: 'Freeze',
        userIds: [IVAN, OLGA, NINA],
        reason: REASON,
        permissionSetLicense: null
      });
      expect(params.requestId).toMatch(RECLAIM_REQUEST_ID_PATTERN);
      const ivan = insightOf(IVAN);
      expect(params.inactivity[0]).toEqual({
        userId: IVAN,
        lastLoginTime: new Date(ivan.lastSeatLogin!).toISOString(),
        daysInactive: ivan.daysSinceLastSeatLogin,
        lastActivityTime: new Date(ivan.lastActivity!).toISOString()
      });
      expect(params.inactivity[2]).toEqual({
        userId: NINA,
        lastLoginTime: null,
        daysInactive: null,
        lastActivityTime: null
      });
      expect(text(element, 'result-summary')).toBe('Freeze requested: 2 still running, 1 skipped.');
      expect(text(element, 'pending')).toBe('Working in the background: 2 users still pending…');
      expect(statusMock).not.toHaveBeenCalled();

      jest.advanceTimersByTime(RECLAIM_POLL_INTERVAL_MS);
      await flush();
      expect(statusMock).toHaveBeenCalledWith({ auditBatchId: BATCH });
      expect(text(element, 'pending')).toBe('Working in the background: 1 user still pending…');

      jest.advanceTimersByTime(RECLAIM_POLL_INTERVAL_MS);
      await flush();
      expect(statusMock).toHaveBeenCalledTimes(2);
      expect(text(element, 'result-summary')).toBe(
        'Freeze finished: 1 succeeded, 1 failed, 1 skipped.'
      );
      expect(text(element, 'live')).toBe('Freeze finished: 1 succeeded, 1 failed, 1 skipped.');
      expect(byId(element, 'pending')).toBeNull();
      expect(rows(element, 'result-table').map((row) => row.slice(1))).toEqual([
        ['Succeeded', ''],
        ['Failed', 'INSUFFICIENT_ACCESS'],
        ['Skipped', 'The user is already frozen.']
      ]);

      jest.advanceTimersByTime(RECLAIM_POLL_INTERVAL_MS * 5);
      await flush();
      expect(statusMock).toHaveBeenCalledTimes(2);
    });

    it('does not poll when nothing was requested', async () => {
      const element = await previewed();
      reclaimMock.mockResolvedValue(
        requestResult('Freeze', BATCH, [userResult(IVAN, 'Blocked', 'Changed since the preview')])
      );
      await click(element, 'confirm');
      expect(text(element, 'result-summary')).toBe('Freeze finished: 1 blocked.');
      jest.advanceTimersByTime(RECLAIM_POLL_INTERVAL_MS * 2);
      await flush();
      expect(statusMock).not.toHaveBeenCalled();
    });

    it('stops after the most attempts and points to the audit trail', async () => {
      const element = await previewed();
      const running = requestResult('Freeze', BATCH, [userResult(IVAN, 'Requested')]);
      reclaimMock.mockResolvedValue(running);
      statusMock.mockResolvedValue(running);
      await click(element, 'confirm');
      for (let attempt = 0; attempt < RECLAIM_MAX_POLL_ATTEMPTS + 3; attempt++) {
        jest.advanceTimersByTime(RECLAIM_POLL_INTERVAL_MS);
        // Each answer must settle before the next interval starts, as in the browser.
        // eslint-disable-next-line no-await-in-loop
        await flush();
      }
      expect(statusMock).toHaveBeenCalledTimes(RECLAIM_MAX_POLL_ATTEMPTS);
      expect(text(element, 'still-running')).toContain(
        'Still running — see the License Lens Reclaim Audit tab or report (request id batch-1)'
      );

      statusMock.mockResolvedValue(requestResult('Freeze', BATCH, [userResult(IVAN, 'Succeeded')]));
      await click(element, 'check-again');
      expect(statusMock).toHaveBeenCalledTimes(RECLAIM_MAX_POLL_ATTEMPTS + 1);
      expect(text(element, 'result-summary')).toBe('Freeze finished: 1 succeeded.');
      expect(byId(element, 'still-running')).toBeNull();
    });

    it('shows the missing permission when the request is refused, and retries with the same id', async () => {
      const element = await previewed('Deactivate');
      reclaimMock.mockRejectedValueOnce(
        missingPermissionError('Manage Internal Users', 'deactivate users')
      );
      await click(element, 'confirm');
      expect(permissionShown(element)).toContain('Manage Internal Users');
      expect(byId(element, 'result-table')).toBeNull();

      reclaimMock.mockResolvedValue(
        requestResult('Deactivate', BATCH, [userResult(IVAN, 'Succeeded')])
      );
      await click(element, 'confirm');
      expect(reclaimMock).toHaveBeenCalledTimes(2);
      expect(reclaimMock.mock.calls[1][0].requestId).toBe(reclaimMock.mock.calls[0][0].requestId);
      expect(byId(element, 'error')).toBeNull();
      expect(text(element, 'result-summary')).toBe('Deactivate finished: 1 succeeded.');
    });

    it('uses a new request id once the choices change', async () => {
      const element = await previewed();
      reclaimMock.mockRejectedValueOnce(new Error('offline'));
      await click(element, 'confirm');
      await click(element, 'back');
      await change(element, 'reason', `${REASON}, again`);
      await click(element, 'preview');
      reclaimMock.mockResolvedValue(
        requestResult('Freeze', BATCH, [userResult(IVAN, 'Succeeded')])
      );
      await click(element, 'confirm');
      expect(reclaimMock.mock.calls[1][0].requestId).not.toBe(
        reclaimMock.mock.calls[0][0].requestId
      );
    });

    it('shows the error when the status cannot be read, and can check again', async () => {
      const element = await previewed();
      reclaimMock.mockResolvedValue(
        requestResult('Freeze', BATCH, [userResult(IVAN, 'Requested')])
      );
      statusMock.mockRejectedValueOnce(
        missingPermissionError(
          'View Setup and Configuration',
          'read the state of the reclaim request'
        )
      );
      await click(element, 'confirm');
      jest.advanceTimersByTime(RECLAIM_POLL_INTERVAL_MS);
      await flush();
      expect(permissionShown(element)).toContain('View Setup and Configuration');
      expect(byId(element, 'pending')).toBeNull();
      jest.advanceTimersByTime(RECLAIM_POLL_INTERVAL_MS * 3);
      await flush();
      expect(statusMock).toHaveBeenCalledTimes(1);

      statusMock.mockResolvedValue(requestResult('Freeze', BATCH, [userResult(IVAN, 'Succeeded')]));
      await click(element, 'check-again');
      expect(byId(element, 'error')).toBeNull();
      expect(text(element, 'result-summary')).toBe('Freeze finished: 1 succeeded.');
    });

    it('stops polling when closed and reports the accepted request', async () => {
      const element = await previewed();
      reclaimMock.mockResolvedValue(
        requestResult('Freeze', BATCH, [userResult(IVAN, 'Requested'), userResult(OLGA, 'Skipped')])
      );
      const completed = jest.fn<void, [ReclaimCompleteDetail]>();
      const closed = jest.fn();
      element.addEventListener('reclaimcomplete', (event) =>
        completed((event as CustomEvent<ReclaimCompleteDetail>).detail)
      );
      element.addEventListener('close', closed);
      await click(element, 'confirm');
      await click(element, 'cancel');
      expect(completed).toHaveBeenCalledWith({
        action: 'Freeze',
        auditBatchId: BATCH,
        finished: false,
        counts: { Ready: 0, Requested: 1, Succeeded: 0, Failed: 0, Blocked: 0, Skipped: 1 }
      });
      expect(closed).toHaveBeenCalledTimes(1);
      jest.advanceTimersByTime(RECLAIM_POLL_INTERVAL_MS * 3);
      await flush();
      expect(statusMock).not.toHaveBeenCalled();
    });
  });

  describe('users with a recent login of any type (issue 12, finding 2)', () => {
    /** Olga as a low-frequency integration: 3 API logins, the last 2 days ago. */
    function withRecentApiLogins(): UserInsight[] {
      return [
        insightOf(IVAN),
        {
          ...insightOf(OLGA),
          recentActivity: true,
          lastActivityKind: 'api',
          daysSinceLastActivity: 2
        },
        insightOf(NINA)
      ];
    }

    it.each(['Freeze', 'Deactivate'] as const)(
      'never offers them for %s and says why',
      async (action) => {
        previewMock.mockResolvedValue(previewResult(action, [userResult(IVAN, 'Ready')]));
        const element = mount(action, withRecentApiLogins());
        await flush();
        expect(text(element, 'held')).toContain('Olga Old');
        expect(text(element, 'held')).toContain('API logins, last 2 days ago');
        expect(text(element, 'held-summary')).toBe(
          `1 selected user is not offered for ${action}: a recent successful login of any type (API and OAuth included) means someone or something still uses the account.`
        );
        await change(element, 'reason', REASON);
        await click(element, 'preview');
        expect(previewMock).toHaveBeenLastCalledWith(
          expect.objectContaining({ action, userIds: [IVAN, NINA] })
        );
      }
    );

    it('offers them for Unfreeze and permission set license removal', async () => {
      const element = mount('Unfreeze', withRecentApiLogins());
      await flush();
      expect(byId(element, 'held')).toBeNull();
    });

    it('has nothing to preview when every selected user is held', async () => {
      const element = mount('Deactivate', [withRecentApiLogins()[1]]);
      await flush();
      expect((byId(element, 'preview') as HTMLButtonElement).disabled).toBe(true);
      expect(text(element, 'held-summary')).toContain('1 selected user is not offered');
    });
  });

  describe('permission set license removal cannot be undone (issue 12, finding 6)', () => {
    async function previewedRemoval(): Promise<Dialog> {
      const list = [
        {
          ...insightOf(IVAN),
          user: { ...insightOf(IVAN).user, permissionSetLicenses: ['SalesConsoleUser'] }
        }
      ];
      previewMock.mockResolvedValue(
        previewResult('RemovePermissionSetLicense', [userResult(IVAN, 'Ready')])
      );
      const element = mount('RemovePermissionSetLicense', list);
      await flush();
      await change(element, 'reason', REASON);
      await click(element, 'preview');
      return element;
    }

    it('marks it irreversible before the preview, with the exact steps to re-assign the license', async () => {
      const element = mount('RemovePermissionSetLicense');
      await flush();
      const warning = byId(element, 'irreversible-warning');
      expect(warning.getAttribute('role')).toBe('note');
      expect(text(element, 'irreversible-warning')).toContain('cannot be undone by License Lens');
      const steps = [...warning.querySelectorAll('ol li')].map((item) => item.textContent?.trim());
      expect(steps).toEqual([
        'From Setup, enter Users in the Quick Find box, then select Users.',
        'Click the name of the user.',
        'In the Permission Set License Assignments related list, click Edit Assignments.',
        'Select the permission set license, then save.',
        'Assign again any permission set that needs the license.'
      ]);
      const link = warning.querySelector('a')!;
      expect(link.getAttribute('href')).toBe(
        'https://help.salesforce.com/s/articleView?id=platform.users_permissionset_licenses_assign.htm'
      );
      expect(link.getAttribute('target')).toBe('_blank');
      expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    });

    it('enables Confirm only after the admin ticks the acknowledgement', async () => {
      const element = await previewedRemoval();
      expect(byId(element, 'irreversible-warning')).not.toBeNull();
      const confirm = byId<HTMLButtonElement>(element, 'confirm');
      expect(confirm.disabled).toBe(true);
      expect(confirm.className).toContain('slds-button_destructive');
      const box = byId<HTMLInputElement>(element, 'acknowledge');
      expect(box.type).toBe('checkbox');
      expect(box.checked).toBe(false);
      expect(box.getAttribute('aria-describedby')).toBe(byId(element, 'irreversible-warning').id);
      const label = element.shadowRoot!.querySelector(`label[for="${box.id}"]`);
      expect((label?.textContent ?? '').trim()).toMatch(/cannot be undone by License Lens/);
      await click(element, 'acknowledge');
      expect(byId<HTMLButtonElement>(element, 'confirm').disabled).toBe(false);
      await click(element, 'acknowledge');
      expect(byId<HTMLButtonElement>(element, 'confirm').disabled).toBe(true);
      byId<HTMLButtonElement>(element, 'confirm').click();
      await flush();
      expect(reclaimMock).not.toHaveBeenCalled();
    });

    it('asks again after going back and changing the choices', async () => {
      const element = await previewedRemoval();
      await click(element, 'acknowledge');
      await click(element, 'back');
      await click(element, 'preview');
      expect(byId<HTMLInputElement>(element, 'acknowledge').checked).toBe(false);
      expect(byId<HTMLButtonElement>(element, 'confirm').disabled).toBe(true);
    });

    it('needs no acknowledgement for Freeze', async () => {
      const element = await previewed('Freeze');
      expect(byId(element, 'acknowledge')).toBeNull();
      expect(byId(element, 'irreversible-warning')).toBeNull();
      expect(byId<HTMLButtonElement>(element, 'confirm').disabled).toBe(false);
    });
  });

  describe('keyboard', () => {
    it('closes on Escape without reporting a reclaim when nothing was requested', async () => {
      const element = mount();
      const completed = jest.fn();
      const closed = jest.fn();
      element.addEventListener('reclaimcomplete', completed);
      element.addEventListener('close', closed);
      byId(element, 'dialog').dispatchEvent(
        new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })
      );
      expect(closed).toHaveBeenCalledTimes(1);
      expect(completed).not.toHaveBeenCalled();
    });

    it('keeps Tab and Shift+Tab inside the dialog', async () => {
      const element = await previewed();
      const close = byId(element, 'close');
      const confirm = byId(element, 'confirm');
      const tab = (shiftKey: boolean) => {
        const event = new KeyboardEvent('keydown', {
          key: 'Tab',
          shiftKey,
          bubbles: true,
          cancelable: true
        });
        byId(element, 'dialog').dispatchEvent(event);
        return event;
      };

      confirm.focus();
      expect(tab(false).defaultPrevented).toBe(true);
      expect(element.shadowRoot!.activeElement).toBe(close);

      expect(tab(true).defaultPrevented).toBe(true);
      expect(element.shadowRoot!.activeElement).toBe(confirm);

      byId(element, 'back').focus();
      expect(tab(false).defaultPrevented).toBe(false);
    });

    it('wraps to the last enabled button, skipping a disabled confirm', async () => {
      previewMock.mockResolvedValue(previewResult('Freeze', [userResult(IVAN, 'Skipped', 'x')]));
      const element = mount('Freeze', [insightOf(IVAN)]);
      await change(element, 'reason', REASON);
      await click(element, 'preview');
      byId(element, 'heading').focus();
      byId(element, 'dialog').dispatchEvent(
        new KeyboardEvent('keydown', {
          key: 'Tab',
          shiftKey: true,
          bubbles: true,
          cancelable: true
        })
      );
      expect(element.shadowRoot!.activeElement).toBe(byId(element, 'back'));
    });
  });

  describe('accessibility', () => {
    it('is accessible in step 1', async () => {
      const element = mount('RemovePermissionSetLicense');
      await flush();
      await expect(element).toBeAccessible();
    });

    it('is accessible in step 1 with the Manage Users note of a freeze', async () => {
      const element = mount('Freeze');
      await flush();
      expect(byId(element, 'permission-note')).not.toBeNull();
      await expect(element).toBeAccessible();
    });

    it('is accessible with a preview, a warning and an error shown', async () => {
      const element = await previewed('Deactivate');
      reclaimMock.mockRejectedValue(
        missingPermissionError('Manage Internal Users', 'deactivate users')
      );
      await click(element, 'confirm');
      await expect(element).toBeAccessible();
    });

    it('is accessible with the final outcome', async () => {
      const element = await previewed();
      reclaimMock.mockResolvedValue(
        requestResult('Freeze', BATCH, [
          userResult(IVAN, 'Succeeded'),
          userResult(OLGA, 'Failed', 'x')
        ])
      );
      await click(element, 'confirm');
      await expect(element).toBeAccessible();
    });
  });
});
