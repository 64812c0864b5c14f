import { ApexError } from '../controller/apex-error';
import {
  MAX_REASON_LENGTH,
  MAX_USERS_PER_REQUEST,
  RECLAIM_ADMIN_PERMISSIONS,
  RECLAIM_APEX_METHODS,
  ReclaimController,
  SYSTEM_ADMINISTRATOR_PERMISSIONS,
  readOnlyCopyMessage
} from '../controller/reclaim-controller';
import type { ReclaimControllerOptions, ReclaimParams } from '../controller/reclaim-controller';
import type { OrgData } from '../data/org-data';
import { readExportFolder } from '../data/read-export';
import { decodeUserPage } from '../../../force-app/main/default/lwc/llReadPlanner/llReadPlanner';
import { FIXTURE_NOW, FIXTURE_USERS, SMALL_EXPORT, fixtureController } from './helpers';

const { ada, ben, cleo, dan } = FIXTURE_USERS;
const REASON = 'Left the company';

function setUp(
  mutate: (data: OrgData) => void = () => undefined,
  granted?: ReadonlySet<string>,
  options: Partial<ReclaimControllerOptions> = {}
) {
  const data = readExportFolder(SMALL_EXPORT);
  mutate(data);
  const reclaim = new ReclaimController({ data, clock: () => FIXTURE_NOW, granted, ...options });
  return { data, reclaim };
}

/** Makes ben a second administrator (ada is the fixture's System Administrator). */
function benIsAdministrator(data: OrgData): void {
  data.users.find((user) => user.id === ben)!.profileName = 'System Administrator';
}

function outcomes(result: { results: { userId: string; outcome: string }[] }) {
  return result.results.map((user) => [user.userId, user.outcome]);
}

function apexMessage(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(ApexError);
    return (error as ApexError).message;
  }
  throw new Error('expected an ApexError');
}

/** The user as the dashboard's controller answers it (after a "refresh"). */
function userOnPage(data: OrgData, userId: string) {
  const page = decodeUserPage(fixtureController(data).getUserPage({ pageSize: 2000 }));
  return page.users.find((user) => user.id === userId);
}

function seat(data: OrgData, name: string) {
  return fixtureController(data)
    .getLicenseSeats()
    .find((row) => row.name === name)!;
}

describe('ReclaimController: arguments, as LL_ReclaimRequest checks them', () => {
  const { reclaim } = setUp();

  it('names the valid actions', () => {
    expect(
      apexMessage(() =>
        reclaim.previewReclaim({ action: 'Delete', userIds: [ben], reason: REASON })
      )
    ).toBe(
      'action must be one of Freeze, Unfreeze, Deactivate, RemovePermissionSetLicense; got "Delete".'
    );
  });

  it('needs 1 to 200 distinct users', () => {
    expect(
      apexMessage(() => reclaim.previewReclaim({ action: 'Freeze', userIds: [], reason: REASON }))
    ).toBe('Select at least one user.');
    expect(
      apexMessage(() =>
        reclaim.previewReclaim({ action: 'Freeze', userIds: [ben, null], reason: REASON })
      )
    ).toBe('userIds must not contain an empty value.');
    const tooMany = Array.from(
      { length: MAX_USERS_PER_REQUEST + 1 },
      (_, index) => `005${String(index).padStart(12, '0')}AAA`
    );
    expect(
      apexMessage(() =>
        reclaim.previewReclaim({ action: 'Freeze', userIds: tooMany, reason: REASON })
      )
    ).toBe('Select at most 200 users per request; got 201.');
    const repeated = reclaim.previewReclaim({
      action: 'Freeze',
      userIds: [ben, ben],
      reason: REASON
    });
    expect(repeated.results).toHaveLength(1);
  });

  it('needs a reason of at most 1,000 characters once trimmed', () => {
    expect(
      apexMessage(() => reclaim.previewReclaim({ action: 'Freeze', userIds: [ben], reason: '  ' }))
    ).toBe('Give a reason: License Lens keeps it in the reclaim audit trail.');
    expect(
      apexMessage(() =>
        reclaim.previewReclaim({
          action: 'Freeze',
          userIds: [ben],
          reason: 'x'.repeat(MAX_REASON_LENGTH + 1)
        })
      )
    ).toBe('Keep the reason to 1000 characters; got 1001.');
  });

  it('needs a DeveloperName to remove a permission set license, and a well-formed requestId', () => {
    expect(
      apexMessage(() =>
        reclaim.previewReclaim({
          action: 'RemovePermissionSetLicense',
          userIds: [ben],
          reason: REASON
        })
      )
    ).toBe('Name the permission set license to remove (its DeveloperName).');
    expect(
      apexMessage(() =>
        reclaim.reclaim({
          action: 'Freeze',
          userIds: [ben],
          reason: REASON,
          requestId: 'has space'
        })
      )
    ).toBe('requestId must be 1 to 64 letters, digits, "-" or "_"; got "has space".');
  });
});

describe('ReclaimController: permissions, as LL_ReclaimAccessGuard checks them', () => {
  const VIEW_SETUP = 'View Setup and Configuration';
  const needs = (labels: string, purpose: string) =>
    `License Lens needs the ${labels} to ${purpose}. Ask your Salesforce admin for a permission set that grants ${labels.endsWith('permissions') ? 'them' : 'it'}.`;
  const preview = (
    reclaim: ReclaimController,
    action: string,
    extra: Partial<ReclaimParams> = {}
  ) => reclaim.previewReclaim({ action, userIds: [ben], reason: REASON, ...extra });
  const removeLicense = { permissionSetLicense: 'SalesConsoleUser' };

  it('refuses Freeze and Unfreeze without Manage Users: UserLogin needs it', () => {
    const { reclaim } = setUp(undefined, RECLAIM_ADMIN_PERMISSIONS);
    expect(apexMessage(() => preview(reclaim, 'Freeze'))).toBe(
      needs('"Manage Users" permission', 'freeze users (change UserLogin.IsFrozen)')
    );
    expect(apexMessage(() => preview(reclaim, 'Unfreeze'))).toBe(
      needs('"Manage Users" permission', 'unfreeze users (change UserLogin.IsFrozen)')
    );
  });

  it('does not count Freeze Users for Freeze', () => {
    const { reclaim } = setUp(undefined, new Set(['Freeze Users', VIEW_SETUP]));
    expect(apexMessage(() => preview(reclaim, 'Freeze'))).toBe(
      needs('"Manage Users" permission', 'freeze users (change UserLogin.IsFrozen)')
    );
  });

  it('refuses permission set license removal without Manage Users, whatever Assign Permission Sets', () => {
    const { reclaim } = setUp(undefined, new Set(['Assign Permission Sets', VIEW_SETUP]));
    expect(apexMessage(() => preview(reclaim, 'RemovePermissionSetLicense', removeLicense))).toBe(
      needs('"Manage Users" permission', 'remove permission set licenses from users')
    );
  });

  it('lets Manage Internal Users or Manage Users deactivate, and nothing else', () => {
    for (const permission of ['Manage Internal Users', 'Manage Users']) {
      const { reclaim } = setUp(undefined, new Set([permission, VIEW_SETUP]));
      expect(preview(reclaim, 'Deactivate').results[0].outcome).toBe('Ready');
    }
    const { reclaim } = setUp(undefined, new Set(['Freeze Users', VIEW_SETUP]));
    expect(apexMessage(() => preview(reclaim, 'Deactivate'))).toBe(
      needs('"Manage Internal Users" permission', 'deactivate users')
    );
  });

  it('requires View Setup and Configuration for every action; Assign Permission Sets does not stand in', () => {
    const { reclaim } = setUp(
      undefined,
      new Set(['Manage Users', 'Manage Internal Users', 'Assign Permission Sets'])
    );
    for (const action of ['Freeze', 'Unfreeze', 'Deactivate', 'RemovePermissionSetLicense']) {
      expect(apexMessage(() => preview(reclaim, action, removeLicense))).toContain(
        'needs the "View Setup and Configuration" permission to '
      );
    }
  });

  it('names every missing permission at once', () => {
    const { reclaim } = setUp(undefined, new Set());
    expect(apexMessage(() => preview(reclaim, 'Deactivate'))).toBe(
      needs(
        '"Manage Internal Users" and "View Setup and Configuration" permissions',
        'deactivate users'
      )
    );
  });

  it('lets the Reclaim Admin and Viewer permission sets alone deactivate', () => {
    const { reclaim } = setUp(undefined, RECLAIM_ADMIN_PERMISSIONS);
    expect(preview(reclaim, 'Deactivate').results[0].outcome).toBe('Ready');
  });

  it('changes nothing and writes no audit row when refused', () => {
    const { data, reclaim } = setUp(undefined, RECLAIM_ADMIN_PERMISSIONS);
    expect(() =>
      reclaim.reclaim({ action: 'Freeze', userIds: [ben], reason: REASON, requestId: 'no' })
    ).toThrow(ApexError);
    expect(data.frozenUserIds.has(ben)).toBe(false);
    expect(reclaim.auditTrail()).toEqual([]);
  });

  it('answers as a System Administrator by default, who may do every action', () => {
    expect([...SYSTEM_ADMINISTRATOR_PERMISSIONS]).toEqual(
      expect.arrayContaining(['Manage Users', 'Manage Internal Users', VIEW_SETUP])
    );
    const { reclaim } = setUp();
    for (const action of ['Freeze', 'Deactivate', 'RemovePermissionSetLicense']) {
      expect(preview(reclaim, action, removeLicense).results[0].outcome).toBe('Ready');
    }
  });
});

describe('ReclaimController: previews', () => {
  it('applies the guardrails in the Apex order and changes nothing', () => {
    const { data, reclaim } = setUp();
    const unknown = '005999999999999AAA';
    const preview = reclaim.previewReclaim({
      action: 'Freeze',
      userIds: [ben, cleo, dan, ada, unknown],
      reason: REASON
    });
    expect(preview).toMatchObject({
      action: 'Freeze',
      dryRun: true,
      auditBatchId: null,
      pending: 0
    });
    expect(outcomes(preview)).toEqual([
      [ben, 'Ready'],
      [cleo, 'Skipped'],
      [dan, 'Skipped'],
      [ada, 'Blocked'],
      [unknown, 'Blocked']
    ]);
    expect(preview.results.map((user) => user.message)).toEqual([
      null,
      'The user is inactive: nothing to freeze.',
      'The user is already frozen.',
      'This user is an administrator (Modify All Data) and no other administrator who is active, not frozen, not API-only and able to log in interactively would remain.',
      'This Id is not a user you can see, so License Lens does not act on it.'
    ]);
    expect(preview.results[0].username).toBe('ben.busy@fixture.example.com');
    expect(data.frozenUserIds.has(ben)).toBe(false);
    expect(reclaim.auditTrail()).toEqual([]);
  });

  it('skips what there is nothing to do for', () => {
    const { reclaim } = setUp();
    const preview = (action: string, extra: Partial<ReclaimParams> = {}) =>
      outcomes(
        reclaim.previewReclaim({ action, userIds: [ben, cleo, dan], reason: REASON, ...extra })
      );
    expect(preview('Unfreeze')).toEqual([
      [ben, 'Skipped'],
      [cleo, 'Skipped'],
      [dan, 'Ready']
    ]);
    expect(preview('Deactivate')).toEqual([
      [ben, 'Ready'],
      [cleo, 'Skipped'],
      [dan, 'Ready']
    ]);
    expect(
      preview('RemovePermissionSetLicense', { permissionSetLicense: 'SalesConsoleUser' })
    ).toEqual([
      [ben, 'Ready'],
      [cleo, 'Skipped'],
      [dan, 'Skipped']
    ]);
  });

  it('lets an administrator be frozen while another active, unfrozen one remains', () => {
    const { reclaim } = setUp(benIsAdministrator);
    expect(
      outcomes(reclaim.previewReclaim({ action: 'Freeze', userIds: [ada], reason: REASON }))
    ).toEqual([[ada, 'Ready']]);
    expect(
      outcomes(
        reclaim.previewReclaim({ action: 'Deactivate', userIds: [ada, ben], reason: REASON })
      )
    ).toEqual([
      [ada, 'Blocked'],
      [ben, 'Blocked']
    ]);
  });

  it('never counts an administrator whose frozen state is unknown as one who remains', () => {
    const cannotConfirm =
      'This user is an administrator (Modify All Data) and License Lens cannot confirm that another administrator who is active, not frozen, not API-only and able to log in interactively remains (the frozen state of the other administrators could not be read).';
    const withoutBensRow = setUp((data) => {
      benIsAdministrator(data);
      (data.userLoginIds as Set<string>).delete(ben);
    });
    expect(
      withoutBensRow.reclaim.previewReclaim({
        action: 'Deactivate',
        userIds: [ada],
        reason: REASON
      }).results[0]
    ).toMatchObject({ outcome: 'Blocked', message: cannotConfirm });

    const withoutUserLogin = setUp((data) => {
      benIsAdministrator(data);
      (data.unavailable as Map<string, string>).set('UserLogin', 'UserLogin.json is missing.');
    });
    expect(
      withoutUserLogin.reclaim.previewReclaim({
        action: 'Deactivate',
        userIds: [ada],
        reason: REASON
      }).results[0]
    ).toMatchObject({ outcome: 'Blocked', message: cannotConfirm });
  });

  it('never acts on users Salesforce runs itself', () => {
    const { reclaim } = setUp((data) => {
      data.users.find((user) => user.id === ben)!.userType = 'AutomatedProcess';
    });
    const preview = reclaim.previewReclaim({
      action: 'Deactivate',
      userIds: [ben],
      reason: REASON
    });
    expect(preview.results[0]).toMatchObject({
      outcome: 'Blocked',
      message:
        'This is a AutomatedProcess user that Salesforce runs itself; License Lens never changes it.'
    });
  });

  it('names Manage Users when the frozen state cannot be read', () => {
    const { reclaim } = setUp((data) => {
      (data.unavailable as Map<string, string>).set('UserLogin', 'UserLogin.json is missing.');
    });
    expect(
      apexMessage(() =>
        reclaim.previewReclaim({ action: 'Freeze', userIds: [ben], reason: REASON })
      )
    ).toBe(
      'License Lens needs the "Manage Users" permission to read and change whether users are frozen (UserLogin). Ask your Salesforce admin for a permission set that grants it.'
    );
    expect(
      reclaim.previewReclaim({ action: 'Deactivate', userIds: [ben], reason: REASON }).results[0]
        .outcome
    ).toBe('Ready');
  });
});

describe('ReclaimController: requests', () => {
  it('freezes and unfreezes in memory, so the dashboard shows it after a refresh', () => {
    const { data, reclaim } = setUp();
    const requested = reclaim.reclaim({
      action: 'Freeze',
      userIds: [ben, dan],
      reason: REASON,
      requestId: 'req-1'
    });
    expect(requested).toMatchObject({ dryRun: false, auditBatchId: 'req-1', pending: 1 });
    expect(outcomes(requested)).toEqual([
      [ben, 'Requested'],
      [dan, 'Skipped']
    ]);
    expect(userOnPage(data, ben)!.isFrozen).toBe(true);

    const status = reclaim.getReclaimStatus({ auditBatchId: 'req-1' });
    expect(status.pending).toBe(0);
    expect(outcomes(status)).toEqual([
      [ben, 'Succeeded'],
      [dan, 'Skipped']
    ]);

    reclaim.reclaim({
      action: 'Unfreeze',
      userIds: [ben, dan],
      reason: REASON,
      requestId: 'req-2'
    });
    expect(userOnPage(data, ben)!.isFrozen).toBe(false);
    expect(userOnPage(data, dan)!.isFrozen).toBe(false);
  });

  it('deactivates a user and frees the seat', () => {
    const { data, reclaim } = setUp();
    const before = seat(data, 'Salesforce Platform').used;
    reclaim.reclaim({ action: 'Deactivate', userIds: [ben], reason: REASON, requestId: 'req-3' });
    expect(userOnPage(data, ben)?.isActive ?? false).toBe(false);
    expect(seat(data, 'Salesforce Platform').used).toBe(before - 1);
  });

  it('removes one permission set license and frees its seat', () => {
    const { data, reclaim } = setUp();
    const before = seat(data, 'SalesConsoleUser').used;
    reclaim.reclaim({
      action: 'RemovePermissionSetLicense',
      userIds: [ben],
      reason: REASON,
      requestId: 'req-4',
      permissionSetLicense: 'SalesConsoleUser'
    });
    expect(userOnPage(data, ben)!.permissionSetLicenses).toEqual(['SalesforceAPIIntegrationPsl']);
    expect(seat(data, 'SalesConsoleUser').used).toBe(before - 1);
  });

  it('keeps an audit row per user with the reason and what the dashboard showed', () => {
    const { data, reclaim } = setUp();
    reclaim.reclaim({
      action: 'Freeze',
      userIds: [ben, cleo],
      reason: `  ${REASON}  `,
      requestId: 'req-5',
      inactivity: [
        {
          userId: ben,
          lastLoginTime: '2026-01-01T00:00:00.000Z',
          daysInactive: 326,
          lastActivityTime: shownActivity(data, ben)
        }
      ]
    });
    expect(reclaim.auditTrail()).toEqual([
      {
        batchId: 'req-5',
        requestKey: `req-5:${ben}:Freeze`,
        jobId: expect.stringMatching(/^707/),
        action: 'Freeze',
        userId: ben,
        username: 'ben.busy@fixture.example.com',
        permissionSetLicense: null,
        reason: REASON,
        outcome: 'Succeeded',
        message: null,
        lastLoginTime: '2026-01-01T00:00:00.000Z',
        daysInactive: 326,
        lastActivityTime: shownActivity(data, ben),
        userLastLoginDate: expect.any(String),
        requestedAt: new Date(FIXTURE_NOW).toISOString()
      },
      expect.objectContaining({ userId: cleo, outcome: 'Skipped', lastLoginTime: null })
    ]);
  });

  it('acts once per requestId: a retry returns the first request’s state', () => {
    const { data, reclaim } = setUp();
    const params = { action: 'Deactivate', userIds: [ben], reason: REASON, requestId: 'same' };
    reclaim.reclaim(params);
    const used = seat(data, 'Salesforce Platform').used;
    const retried = reclaim.reclaim(params);
    expect(outcomes(retried)).toEqual([[ben, 'Succeeded']]);
    expect(retried.pending).toBe(0);
    expect(seat(data, 'Salesforce Platform').used).toBe(used);
    expect(reclaim.auditTrail()).toHaveLength(1);
  });

  it('makes a request id when none is sent', () => {
    const { reclaim } = setUp();
    const result = reclaim.reclaim({ action: 'Freeze', userIds: [ben], reason: REASON });
    expect(result.auditBatchId).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  });

  it('explains an unknown or missing auditBatchId', () => {
    const { reclaim } = setUp();
    expect(apexMessage(() => reclaim.getReclaimStatus({ auditBatchId: ' ' }))).toBe(
      'auditBatchId is required.'
    );
    expect(apexMessage(() => reclaim.getReclaimStatus({ auditBatchId: 'nope' }))).toBe(
      'No reclaim request with auditBatchId "nope" was found.'
    );
  });
});

/** ben's newest successful login of any type, as the dashboard would have shown it. */
function shownActivity(data: OrgData, userId: string): string | null {
  const user = data.users.find((one) => one.id === userId)!;
  let newest = user.lastLoginDate;
  const own = data.logins.rowsOfUser(userId);
  for (const row of own.rows) {
    const combo = data.logins.combos[own.combo[row]];
    const time = own.time[row];
    if (combo.status === 'Success' && (newest === null || time > newest)) newest = time;
  }
  return newest === null ? null : new Date(newest).toISOString();
}

function facts(data: OrgData, userId: string) {
  return {
    userId,
    lastLoginTime: null,
    daysInactive: null,
    lastActivityTime: shownActivity(data, userId)
  };
}

describe('ReclaimController: logins since the page are re-checked (issue 12, finding 1)', () => {
  const later = (data: OrgData, userId: string, minutes: number) => {
    const user = data.users.find((one) => one.id === userId)!;
    user.lastLoginDate = FIXTURE_NOW + minutes * 60_000;
    return new Date(user.lastLoginDate).toISOString();
  };

  it('skips a user who logged in (any type) after the page showed them, at request time', () => {
    const { data, reclaim } = setUp();
    const shown = facts(data, ben);
    const since = later(data, ben, 5);
    const result = reclaim.reclaim({
      action: 'Deactivate',
      userIds: [ben],
      reason: REASON,
      requestId: 'recheck-1',
      inactivity: [shown]
    });
    expect(result.results[0]).toMatchObject({
      outcome: 'Skipped',
      message: `The user has a successful login (${since}, any login type) newer than the last login this request was checked against (${shown.lastActivityTime ?? 'none'}). Nothing was done.`
    });
    expect(userOnPage(data, ben)?.isActive).toBe(true);
  });

  it('already skips such a user in the preview step when the page sends what it showed', () => {
    const { data, reclaim } = setUp();
    const shown = facts(data, ben);
    const since = later(data, ben, 5);
    const preview = reclaim.previewReclaim({
      action: 'Freeze',
      userIds: [ben],
      reason: REASON,
      inactivity: [shown]
    });
    expect(preview.dryRun).toBe(true);
    expect(preview.results[0]).toMatchObject({
      outcome: 'Skipped',
      message: `The user has a successful login (${since}, any login type) newer than the last login this request was checked against (${shown.lastActivityTime ?? 'none'}). Nothing was done.`
    });
    // Without what the page showed, the preview cannot tell (the request and the job still do).
    const blind = reclaim.previewReclaim({ action: 'Freeze', userIds: [ben], reason: REASON });
    expect(blind.results[0].outcome).not.toBe('Skipped');
  });

  it("says 'none' when the page knew no login for the user", () => {
    const { data, reclaim } = setUp();
    const since = later(data, ben, 3);
    const result = reclaim.previewReclaim({ action: 'Freeze', userIds: [ben], reason: REASON });
    expect(result.results[0].outcome).not.toBe('Skipped');
    const requested = reclaim.reclaim({
      action: 'Freeze',
      userIds: [ben],
      reason: REASON,
      requestId: 'recheck-none',
      inactivity: [{ ...facts(data, ben), lastActivityTime: null }]
    });
    expect(requested.results[0]).toMatchObject({
      outcome: 'Skipped',
      message: `The user has a successful login (${since}, any login type) newer than the last login this request was checked against (none). Nothing was done.`
    });
  });

  it('acts when nothing changed since the page', () => {
    const { data, reclaim } = setUp();
    const result = reclaim.reclaim({
      action: 'Deactivate',
      userIds: [ben],
      reason: REASON,
      requestId: 'recheck-2',
      inactivity: [facts(data, ben)]
    });
    expect(outcomes(result)).toEqual([[ben, 'Requested']]);
    expect(outcomes(reclaim.getReclaimStatus({ auditBatchId: 'recheck-2' }))).toEqual([
      [ben, 'Succeeded']
    ]);
  });

  it('checks again in the job: a login while the job waited skips the user', () => {
    const { data, reclaim } = setUp(undefined, undefined, { holdJobs: true });
    const shown = facts(data, ben);
    reclaim.reclaim({
      action: 'Freeze',
      userIds: [ben],
      reason: REASON,
      requestId: 'recheck-3',
      inactivity: [shown]
    });
    const since = later(data, ben, 1);
    reclaim.runHeldJobs();
    const status = reclaim.getReclaimStatus({ auditBatchId: 'recheck-3' });
    expect(status.results[0]).toMatchObject({
      outcome: 'Skipped',
      message: `Changed since the request: The user has a successful login (${since}, any login type) newer than the last login this request was checked against (${shown.lastActivityTime ?? 'none'}). Nothing was done.`
    });
    expect(userOnPage(data, ben)!.isFrozen).toBe(false);
  });

  it('without what the page showed, the job compares with LastLoginDate read at request time', () => {
    const { data, reclaim } = setUp(undefined, undefined, { holdJobs: true });
    reclaim.reclaim({
      action: 'Deactivate',
      userIds: [ben],
      reason: REASON,
      requestId: 'recheck-4'
    });
    later(data, ben, 2);
    reclaim.runHeldJobs();
    expect(outcomes(reclaim.getReclaimStatus({ auditBatchId: 'recheck-4' }))).toEqual([
      [ben, 'Skipped']
    ]);
    expect(userOnPage(data, ben)?.isActive).toBe(true);
  });

  it('does not re-check Unfreeze: a frozen user cannot have logged in', () => {
    const { data, reclaim } = setUp((org) => (org.frozenUserIds as Set<string>).add(ben));
    const shown = facts(data, ben);
    later(data, ben, 5);
    expect(
      outcomes(
        reclaim.reclaim({
          action: 'Unfreeze',
          userIds: [ben],
          reason: REASON,
          requestId: 'recheck-5',
          inactivity: [shown]
        })
      )
    ).toEqual([[ben, 'Requested']]);
  });
});

describe('ReclaimController: a unique request key, inserted first (issue 12, finding 3)', () => {
  it('acts once when a retry arrives while the first request is still being written', () => {
    let retried: ReturnType<ReclaimController['reclaim']> | null = null;
    const params = { action: 'Deactivate', userIds: [ben], reason: REASON, requestId: 'race' };
    const data = readExportFolder(SMALL_EXPORT);
    const controller: ReclaimController = new ReclaimController({
      data,
      clock: () => FIXTURE_NOW,
      beforeAuditInsert: () => {
        // The retry arrives after the first call read "no rows yet" and before it inserted.
        if (retried === null) {
          retried = {} as never;
          retried = controller.reclaim(params);
        }
      }
    });
    const used = seat(data, 'Salesforce Platform').used;
    const first = controller.reclaim(params);
    expect(retried).not.toBeNull();
    expect(outcomes(first)).toEqual([[ben, 'Succeeded']]);
    expect(seat(data, 'Salesforce Platform').used).toBe(used - 1);
    expect(controller.auditTrail()).toHaveLength(1);
    expect(controller.auditTrail()[0].requestKey).toBe(`race:${ben}:Deactivate`);
  });
});

describe('ReclaimController: request ids compare without case, as the key and findBatch do (review nit)', () => {
  it('treats requestIds that differ only in case as one request', () => {
    const { reclaim } = setUp(undefined, undefined, { holdJobs: true });
    const first = reclaim.reclaim({
      action: 'Freeze',
      userIds: [ben],
      reason: REASON,
      requestId: 'Case-1'
    });
    const again = reclaim.reclaim({
      action: 'Freeze',
      userIds: [ben],
      reason: REASON,
      requestId: 'case-1'
    });
    expect(reclaim.auditTrail()).toHaveLength(1);
    expect(outcomes(again)).toEqual(outcomes(first));
    expect(outcomes(reclaim.getReclaimStatus({ auditBatchId: 'CASE-1' }))).toEqual([
      [ben, 'Requested']
    ]);
  });
});

describe('ReclaimController: the last administrator (issue 12, finding 4)', () => {
  it('does not count an API-only administrator as one who remains', () => {
    const { reclaim } = setUp(benIsAdministrator, undefined, { apiOnlyUserIds: new Set([ben]) });
    expect(
      reclaim.previewReclaim({ action: 'Deactivate', userIds: [ada], reason: REASON }).results[0]
    ).toMatchObject({
      outcome: 'Blocked',
      message:
        'This user is an administrator (Modify All Data) and no other administrator who is active, not frozen, not API-only and able to log in interactively would remain.'
    });
  });

  it('does not count an administrator Salesforce runs itself', () => {
    const { reclaim } = setUp((data) => {
      benIsAdministrator(data);
      data.users.find((user) => user.id === ben)!.userType = 'AutomatedProcess';
    });
    expect(
      reclaim.previewReclaim({ action: 'Freeze', userIds: [ada], reason: REASON }).results[0]
        .outcome
    ).toBe('Blocked');
  });

  it('lets only one of two concurrent jobs remove one of the last two administrators', () => {
    const { data, reclaim } = setUp(benIsAdministrator, undefined, { holdJobs: true });
    const first = reclaim.reclaim({
      action: 'Deactivate',
      userIds: [ada],
      reason: REASON,
      requestId: 'a'
    });
    const second = reclaim.reclaim({
      action: 'Freeze',
      userIds: [ben],
      reason: REASON,
      requestId: 'b'
    });
    expect(outcomes(first)).toEqual([[ada, 'Requested']]);
    expect(outcomes(second)).toEqual([[ben, 'Requested']]);
    reclaim.runHeldJobs();
    expect(outcomes(reclaim.getReclaimStatus({ auditBatchId: 'a' }))).toEqual([[ada, 'Succeeded']]);
    const blocked = reclaim.getReclaimStatus({ auditBatchId: 'b' }).results[0];
    expect(blocked.outcome).toBe('Blocked');
    expect(blocked.message).toMatch(/^Changed since the request: This user is an administrator/);
    expect(userOnPage(data, ben)!.isFrozen).toBe(false);
  });
});

describe('ReclaimController: no audit row stays Requested (issue 12, finding 5)', () => {
  it('fails the rows of a job aborted before it acted, with the reason, and changes nothing', () => {
    const { data, reclaim } = setUp(undefined, undefined, { holdJobs: true });
    const requested = reclaim.reclaim({
      action: 'Deactivate',
      userIds: [ben],
      reason: REASON,
      requestId: 'orphan'
    });
    expect(requested.pending).toBe(1);
    reclaim.endJobWithoutOutcome('orphan', 'Aborted');
    const status = reclaim.getReclaimStatus({ auditBatchId: 'orphan' });
    expect(status.pending).toBe(0);
    expect(status.results[0]).toMatchObject({
      outcome: 'Failed',
      message: 'The background job ended (Aborted) before acting; nothing was changed.'
    });
    expect(reclaim.auditTrail()[0].outcome).toBe('Failed');
    expect(userOnPage(data, ben)?.isActive).toBe(true);
  });

  it('waits a grace period before failing rows of a Completed or Failed job (its finalizer may still run)', () => {
    let now = FIXTURE_NOW;
    const data = readExportFolder(SMALL_EXPORT);
    const reclaim = new ReclaimController({ data, clock: () => now, holdJobs: true });
    reclaim.reclaim({ action: 'Freeze', userIds: [ben], reason: REASON, requestId: 'late' });
    reclaim.endJobWithoutOutcome('late', 'Completed');
    expect(reclaim.getReclaimStatus({ auditBatchId: 'late' }).pending).toBe(1);
    now += 5 * 60_000 + 1;
    expect(reclaim.getReclaimStatus({ auditBatchId: 'late' }).results[0]).toMatchObject({
      outcome: 'Failed',
      message:
        'The background job ended (Completed) without recording an outcome for this user; nothing is known to have changed.'
    });
  });

  it('fails a Requested row whose job cannot be found once 24 hours have passed (review R5)', () => {
    let now = FIXTURE_NOW;
    const data = readExportFolder(SMALL_EXPORT);
    const reclaim = new ReclaimController({ data, clock: () => now, holdJobs: true });
    reclaim.reclaim({ action: 'Deactivate', userIds: [ben], reason: REASON, requestId: 'gone' });
    reclaim.forgetJob('gone');
    now += 24 * 3_600_000;
    expect(reclaim.getReclaimStatus({ auditBatchId: 'gone' }).pending).toBe(1);
    now += 1;
    const status = reclaim.getReclaimStatus({ auditBatchId: 'gone' });
    expect(status.pending).toBe(0);
    expect(status.results[0]).toMatchObject({
      outcome: 'Failed',
      message:
        'The background job of this row could not be found 24 hours after the request (it is not visible to you, or Salesforce no longer keeps it); nothing is known to have changed.'
    });
    expect(userOnPage(data, ben)?.isActive).toBe(true);
  });

  it('leaves rows of a queued or running job Requested', () => {
    const { reclaim } = setUp(undefined, undefined, { holdJobs: true });
    reclaim.reclaim({ action: 'Freeze', userIds: [ben], reason: REASON, requestId: 'queued' });
    expect(outcomes(reclaim.getReclaimStatus({ auditBatchId: 'queued' }))).toEqual([
      [ben, 'Requested']
    ]);
  });
});

describe('ReclaimController: a request id in use by rows the admin cannot read (review D1)', () => {
  it('refuses with a clear message and acts on nobody when the clashing rows are not visible', () => {
    // The first request stands for another admin's, made invisible by a Private audit object.
    let othersHidden = false;
    const { data, reclaim } = setUp(undefined, undefined, {
      isAuditRowVisible: (row) => !othersHidden || row.reason !== 'Theirs'
    });
    reclaim.reclaim({ action: 'Deactivate', userIds: [ben], reason: 'Theirs', requestId: 'taken' });
    othersHidden = true;
    const message = apexMessage(() =>
      reclaim.reclaim({
        action: 'Deactivate',
        userIds: [ben, dan],
        reason: REASON,
        requestId: 'taken'
      })
    );
    expect(message).toBe(
      'The request id "taken" is already in use by a reclaim request you cannot read (another admin\'s, or one still being saved); send a new requestId. Nothing was done.'
    );
    expect(reclaim.auditTrail()).toHaveLength(1);
    expect(data.users.find((user) => user.id === dan)!.isActive).toBe(true);
    expect(
      reclaim.previewReclaim({ action: 'Deactivate', userIds: [dan], reason: REASON }).results[0]
        .outcome
    ).toBe('Ready');
  });

  it('refuses in the same way when the clashing rows are not committed yet', () => {
    let rival: ReturnType<ReclaimController['reclaim']> | null = null;
    let uncommitted = false;
    const data = readExportFolder(SMALL_EXPORT);
    const params = { action: 'Deactivate', userIds: [ben], reason: REASON, requestId: 'pending' };
    const controller: ReclaimController = new ReclaimController({
      data,
      clock: () => FIXTURE_NOW,
      holdJobs: true,
      isAuditRowVisible: () => !uncommitted,
      beforeAuditInsert: () => {
        // Another transaction inserts the same keys first; its rows are not readable yet.
        if (rival === null) {
          rival = {} as never;
          rival = controller.reclaim(params);
          uncommitted = true;
        }
      }
    });
    expect(apexMessage(() => controller.reclaim(params))).toMatch(
      /^The request id "pending" is already in use .* Nothing was done\.$/
    );
    expect(controller.auditTrail()).toHaveLength(1);
  });
});

describe('ReclaimController over a copy of real orgs (npm start -- --target-org)', () => {
  const REFUSAL =
    'This preview shows a copy of org-a read through the API; License Lens reclaims only from inside the org. Nothing was changed.';

  it('refuses previewReclaim and reclaim as the org answers an error, and changes nothing', () => {
    const { data, reclaim } = setUp(undefined, undefined, { readOnlyCopyOf: 'org-a' });
    const request = { action: 'Freeze', userIds: [ben], reason: REASON, requestId: 'copy-1' };
    for (const call of [() => reclaim.previewReclaim(request), () => reclaim.reclaim(request)]) {
      let refusal: unknown = null;
      try {
        call();
      } catch (error) {
        refusal = error;
      }
      expect(refusal).toBeInstanceOf(ApexError);
      expect(refusal).toMatchObject({
        message: REFUSAL,
        statusCode: 400,
        exceptionType: 'System.AuraHandledException'
      });
    }
    // Refused before any argument is read: a bad request gets the same answer.
    expect(apexMessage(() => reclaim.reclaim({ action: 'Delete' } as ReclaimParams))).toBe(REFUSAL);
    expect(reclaim.auditTrail()).toEqual([]);
    expect(data.frozenUserIds.has(ben)).toBe(false);
    expect(data.users.find((user) => user.id === ben)!.isActive).toBe(true);
  });

  it('acts as before without the option', () => {
    const { data, reclaim } = setUp();
    reclaim.reclaim({ action: 'Freeze', userIds: [ben], reason: REASON, requestId: 'copy-2' });
    expect(data.frozenUserIds.has(ben)).toBe(true);
  });

  it('says what License Lens does only from inside the org', () => {
    expect(readOnlyCopyMessage('2 orgs (a, b)', 'runs reclaim policies')).toBe(
      'This preview shows a copy of 2 orgs (a, b) read through the API; License Lens runs reclaim policies only from inside the org. Nothing was changed.'
    );
  });
});

describe('RECLAIM_APEX_METHODS', () => {
  it('answers the three LL_ReclaimController methods by qualified name', () => {
    const { reclaim } = setUp();
    const call = (name: string, params: unknown) =>
      RECLAIM_APEX_METHODS[name](reclaim, params as never) as { results: unknown[] };
    expect(Object.keys(RECLAIM_APEX_METHODS).sort()).toEqual([
      'LL_ReclaimController.getReclaimStatus',
      'LL_ReclaimController.previewReclaim',
      'LL_ReclaimController.reclaim'
    ]);
    const params = { action: 'Freeze', userIds: [ben], reason: REASON, requestId: 'via-map' };
    expect(call('LL_ReclaimController.previewReclaim', params).results).toHaveLength(1);
    expect(call('LL_ReclaimController.reclaim', params).results).toHaveLength(1);
    expect(
      call('LL_ReclaimController.getReclaimStatus', { auditBatchId: 'via-map' }).results
    ).toHaveLength(1);
  });
});
