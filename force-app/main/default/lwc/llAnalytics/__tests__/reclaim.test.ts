import {
  MAX_RECLAIM_REASON_LENGTH,
  MAX_RECLAIM_REQUEST_ID_LENGTH,
  MAX_RECLAIM_USERS,
  RECLAIM_ACTIONS,
  countEligible,
  countOutcomes,
  createReclaimRequestId,
  expectReclaim,
  inactivityFacts,
  isDestructiveAction,
  isReclaimRequestId,
  missingReclaimPermissions,
  needsPermissionSetLicense,
  outcomeSummary,
  permissionSetLicenseChoices,
  reasonProblem,
  reclaimAcknowledgement,
  reclaimOffer,
  recentActivityHold,
  irreversibleWarning,
  reclaimPermissionNote,
  selectionProblem
} from 'c/llAnalytics';
import type { UserInsight } from 'c/llAnalytics';
import type { ReclaimOutcome, ReclaimUserResultDto } from '../../../../../types/contract';
import { NOW_MS, user } from './fixtures';

const MS_PER_DAY = 86_400_000;

function result(outcome: ReclaimOutcome, userId = '005000000000001AAA'): ReclaimUserResultDto {
  return { userId, username: null, permissionSetLicense: null, outcome, message: null };
}

describe('reclaim limits', () => {
  it('accepts 1 to MAX_RECLAIM_USERS users and says why otherwise', () => {
    expect(MAX_RECLAIM_USERS).toBe(200);
    expect(selectionProblem(0)).toBe('Select at least one user.');
    expect(selectionProblem(1)).toBeNull();
    expect(selectionProblem(MAX_RECLAIM_USERS)).toBeNull();
    expect(selectionProblem(MAX_RECLAIM_USERS + 1)).toBe(
      'Select at most 200 users per request; 201 are selected.'
    );
  });

  it('requires a trimmed reason of at most MAX_RECLAIM_REASON_LENGTH characters', () => {
    expect(reasonProblem('')).toMatch(/Give a reason/);
    expect(reasonProblem('   \n ')).toMatch(/Give a reason/);
    expect(reasonProblem(null)).toMatch(/Give a reason/);
    expect(reasonProblem('Left the company')).toBeNull();
    expect(reasonProblem(`  ${'x'.repeat(MAX_RECLAIM_REASON_LENGTH)}  `)).toBeNull();
    expect(reasonProblem('x'.repeat(MAX_RECLAIM_REASON_LENGTH + 1))).toBe(
      'Keep the reason to 1000 characters; it has 1001.'
    );
  });

  it('marks Deactivate as the destructive action and RemovePermissionSetLicense as needing a license', () => {
    expect(RECLAIM_ACTIONS.filter(isDestructiveAction)).toEqual(['Deactivate']);
    expect(RECLAIM_ACTIONS.filter(needsPermissionSetLicense)).toEqual([
      'RemovePermissionSetLicense'
    ]);
  });
});

describe('expectReclaim', () => {
  const active = user();
  const frozen = user({ isFrozen: true });
  const inactive = user({ isActive: false });

  it('skips users the action would not change, as the server does', () => {
    expect(expectReclaim('Freeze', active).eligible).toBe(true);
    expect(expectReclaim('Freeze', frozen)).toMatchObject({
      eligible: false,
      reason: 'Already frozen.'
    });
    expect(expectReclaim('Freeze', inactive).reason).toBe('Inactive: nothing to freeze.');
    expect(expectReclaim('Unfreeze', frozen).eligible).toBe(true);
    expect(expectReclaim('Unfreeze', active).reason).toBe('Not frozen.');
    expect(expectReclaim('Deactivate', frozen).eligible).toBe(true);
    expect(expectReclaim('Deactivate', inactive).reason).toBe('Already inactive.');
  });

  it('leaves a user whose frozen state is unknown to the server for Freeze and Unfreeze', () => {
    const unknown = user({ isFrozen: null });
    expect(expectReclaim('Freeze', unknown).eligible).toBe(true);
    expect(expectReclaim('Unfreeze', unknown).eligible).toBe(true);
  });

  it('never expects to change users Salesforce runs itself', () => {
    for (const action of RECLAIM_ACTIONS) {
      expect(
        expectReclaim(action, user({ userType: 'AutomatedProcess', isFrozen: true }), 'X')
      ).toMatchObject({
        eligible: false,
        reason: 'A AutomatedProcess user: Salesforce runs it itself.'
      });
    }
  });

  it('removes a permission set license only from its holders', () => {
    const holder = user({ permissionSetLicenses: ['SalesConsoleUser'] });
    expect(expectReclaim('RemovePermissionSetLicense', holder, 'SalesConsoleUser')).toEqual({
      userId: holder.id,
      eligible: true,
      reason: null
    });
    expect(expectReclaim('RemovePermissionSetLicense', holder, 'Other').reason).toBe(
      'Has no Other permission set license.'
    );
    expect(expectReclaim('RemovePermissionSetLicense', holder).reason).toBe(
      'Choose a permission set license.'
    );
  });

  it('counts the users an action would change', () => {
    const users = [active, frozen, inactive, user()];
    expect(countEligible('Freeze', users)).toBe(2);
    expect(countEligible('Unfreeze', users)).toBe(1);
    expect(countEligible('Deactivate', users)).toBe(3);
    expect(countEligible('RemovePermissionSetLicense', users, 'X')).toBe(0);
  });
});

describe('permissionSetLicenseChoices', () => {
  it('lists the licenses the users hold, by name, with their holders counted once each', () => {
    expect(
      permissionSetLicenseChoices([
        user({ permissionSetLicenses: ['SalesConsoleUser', 'AgentforcePsl'] }),
        user({ permissionSetLicenses: ['SalesConsoleUser', 'SalesConsoleUser'] }),
        user()
      ])
    ).toEqual([
      { developerName: 'AgentforcePsl', holders: 1 },
      { developerName: 'SalesConsoleUser', holders: 2 }
    ]);
    expect(permissionSetLicenseChoices([])).toEqual([]);
  });
});

describe('outcomes', () => {
  it('counts every outcome, zero when absent', () => {
    const counts = countOutcomes([
      result('Succeeded'),
      result('Succeeded'),
      result('Failed'),
      result('Skipped')
    ]);
    expect(counts).toEqual({
      Ready: 0,
      Requested: 0,
      Succeeded: 2,
      Failed: 1,
      Blocked: 0,
      Skipped: 1
    });
  });

  it('ignores an outcome it does not know instead of inventing a count', () => {
    const odd = { ...result('Ready'), outcome: 'Exploded' as ReclaimOutcome };
    expect(Object.values(countOutcomes([odd])).every((count) => count === 0)).toBe(true);
  });

  it('summarises the non-zero outcomes in a fixed order', () => {
    expect(
      outcomeSummary(
        countOutcomes([result('Skipped'), result('Ready'), result('Blocked'), result('Ready')])
      )
    ).toBe('2 ready, 1 blocked, 1 skipped');
    expect(outcomeSummary(countOutcomes([result('Requested'), result('Succeeded')]))).toBe(
      '1 still running, 1 succeeded'
    );
    expect(outcomeSummary(countOutcomes([]))).toBe('no users');
  });
});

describe('inactivityFacts', () => {
  it('sends what the table shows: last seat login, the days since, and the newest login of any type', () => {
    const lastSeatLogin = NOW_MS - 120 * MS_PER_DAY;
    const lastActivity = NOW_MS - 100 * MS_PER_DAY;
    const shown = [
      { id: 'A', lastSeatLogin, daysSinceLastSeatLogin: 120, lastActivity },
      { id: 'B', lastSeatLogin: null, daysSinceLastSeatLogin: null, lastActivity: null }
    ] as unknown as UserInsight[];
    expect(inactivityFacts(shown)).toEqual([
      {
        userId: 'A',
        lastLoginTime: new Date(lastSeatLogin).toISOString(),
        daysInactive: 120,
        lastActivityTime: new Date(lastActivity).toISOString()
      },
      { userId: 'B', lastLoginTime: null, daysInactive: null, lastActivityTime: null }
    ]);
  });
});

describe('createReclaimRequestId', () => {
  it('uses crypto.randomUUID when the browser has it', () => {
    const uuid = '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b';
    expect(createReclaimRequestId({ randomUUID: () => uuid })).toBe(uuid);
  });

  it('falls back to getRandomValues, then to Math.random, with only allowed characters', () => {
    const fromBytes = createReclaimRequestId(
      { getRandomValues: (bytes) => bytes.fill(255) },
      NOW_MS
    );
    expect(fromBytes).toBe(`ll-${NOW_MS.toString(36)}-${'ff'.repeat(16)}`);
    const fromMath = createReclaimRequestId({}, NOW_MS);
    expect(isReclaimRequestId(fromMath)).toBe(true);
    expect(fromMath).not.toBe(createReclaimRequestId({}, NOW_MS));
  });

  it('ignores a randomUUID answer the server would refuse', () => {
    const id = createReclaimRequestId({ randomUUID: () => 'not a valid id!' }, NOW_MS);
    expect(isReclaimRequestId(id)).toBe(true);
    expect(id.startsWith('ll-')).toBe(true);
  });

  it('makes ids the server accepts, in this environment too', () => {
    const ids = new Set(Array.from({ length: 20 }, () => createReclaimRequestId()));
    expect(ids.size).toBe(20);
    for (const id of ids) {
      expect(isReclaimRequestId(id)).toBe(true);
      expect(id.length).toBeLessThanOrEqual(MAX_RECLAIM_REQUEST_ID_LENGTH);
    }
  });

  it('checks the server pattern', () => {
    expect(isReclaimRequestId('abc_DEF-123')).toBe(true);
    expect(isReclaimRequestId('')).toBe(false);
    expect(isReclaimRequestId('a'.repeat(65))).toBe(false);
    expect(isReclaimRequestId('has space')).toBe(false);
  });
});

describe('reclaim permissions (what LL_ReclaimAccessGuard checks)', () => {
  const RECLAIM_ADMIN = new Set(['Manage Internal Users', 'View Setup and Configuration']);
  const withManageUsers = new Set([...RECLAIM_ADMIN, 'Manage Users']);

  it('lets the Reclaim Admin permission set alone deactivate, and nothing else', () => {
    expect(missingReclaimPermissions('Deactivate', RECLAIM_ADMIN)).toEqual([]);
    expect(missingReclaimPermissions('Freeze', RECLAIM_ADMIN)).toEqual(['Manage Users']);
    expect(missingReclaimPermissions('Unfreeze', RECLAIM_ADMIN)).toEqual(['Manage Users']);
    expect(missingReclaimPermissions('RemovePermissionSetLicense', RECLAIM_ADMIN)).toEqual([
      'Manage Users'
    ]);
  });

  it('allows every action with Manage Users and View Setup', () => {
    for (const action of RECLAIM_ACTIONS) {
      expect(missingReclaimPermissions(action, withManageUsers)).toEqual([]);
    }
    expect(
      missingReclaimPermissions(
        'Deactivate',
        new Set(['Manage Users', 'View Setup and Configuration'])
      )
    ).toEqual([]);
  });

  it('never counts Freeze Users or Assign Permission Sets', () => {
    const narrow = new Set(['Freeze Users', 'Assign Permission Sets']);
    expect(missingReclaimPermissions('Freeze', narrow)).toEqual([
      'Manage Users',
      'View Setup and Configuration'
    ]);
    expect(missingReclaimPermissions('RemovePermissionSetLicense', narrow)).toEqual([
      'Manage Users',
      'View Setup and Configuration'
    ]);
    expect(missingReclaimPermissions('Deactivate', narrow)).toEqual([
      'Manage Internal Users',
      'View Setup and Configuration'
    ]);
  });

  it('requires View Setup for every action', () => {
    const withoutViewSetup = new Set(['Manage Users', 'Manage Internal Users']);
    for (const action of RECLAIM_ACTIONS) {
      expect(missingReclaimPermissions(action, withoutViewSetup)).toEqual([
        'View Setup and Configuration'
      ]);
    }
  });

  it('warns before the preview when an action needs Manage Users, which License Lens never grants', () => {
    for (const action of ['Freeze', 'Unfreeze'] as const) {
      expect(reclaimPermissionNote(action)).toMatch(/^Freeze and Unfreeze need the Manage Users/);
      expect(reclaimPermissionNote(action)).toContain('(UserLogin)');
      expect(reclaimPermissionNote(action)).toContain('License Lens does not grant it');
    }
    expect(reclaimPermissionNote('RemovePermissionSetLicense')).toMatch(
      /^Removing a permission set license needs the Manage Users permission/
    );
    expect(reclaimPermissionNote('Deactivate')).toBeNull();
  });
});

describe('recent logins of any type hold Freeze and Deactivate (issue 12, finding 2)', () => {
  const insight = (fields: Partial<UserInsight>): UserInsight =>
    ({
      id: 'A',
      user: user(),
      recentActivity: false,
      lastActivity: null,
      lastActivityKind: null,
      daysSinceLastActivity: null,
      ...fields
    }) as unknown as UserInsight;
  const lowFrequencyIntegration = insight({
    id: 'API',
    recentActivity: true,
    lastActivity: NOW_MS - 2 * MS_PER_DAY,
    lastActivityKind: 'api',
    daysSinceLastActivity: 2
  });
  const idle = insight({ id: 'IDLE', daysSinceLastActivity: 200, lastActivityKind: 'interactive' });

  it('says why a user with a recent login of any type is not offered', () => {
    expect(recentActivityHold(lowFrequencyIntegration)).toBe('API logins, last 2 days ago');
    expect(
      recentActivityHold(
        insight({
          recentActivity: true,
          lastActivityKind: 'lastLoginDate',
          daysSinceLastActivity: 1
        })
      )
    ).toBe('A login of some type (User.LastLoginDate), last 1 day ago');
    expect(
      recentActivityHold(
        insight({ recentActivity: true, lastActivityKind: 'interactive', daysSinceLastActivity: 0 })
      )
    ).toBe('Interactive logins, last earlier today');
    expect(recentActivityHold(idle)).toBeNull();
  });

  it('never offers such a user for Freeze or Deactivate; the other actions are not held', () => {
    for (const action of ['Freeze', 'Deactivate'] as const) {
      const offer = reclaimOffer(action, [lowFrequencyIntegration, idle]);
      expect(offer.offered.map((one) => one.id)).toEqual(['IDLE']);
      expect(offer.held).toEqual([
        { insight: lowFrequencyIntegration, reason: 'API logins, last 2 days ago' }
      ]);
    }
    for (const action of ['Unfreeze', 'RemovePermissionSetLicense'] as const) {
      const offer = reclaimOffer(action, [lowFrequencyIntegration, idle]);
      expect(offer.offered).toHaveLength(2);
      expect(offer.held).toEqual([]);
    }
  });
});

describe('irreversible actions (issue 12, finding 6)', () => {
  it('marks permission set license removal irreversible, with the Setup steps to re-assign it', () => {
    const warning = irreversibleWarning('RemovePermissionSetLicense');
    expect(warning?.summary).toMatch(/cannot be undone/);
    expect(warning?.steps).toEqual([
      'From Setup, enter Users in the Quick Find box, then select Users.',
      'Click the name of the user.',
      'In the Permission Set License Assignments related list, click Edit Assignments.',
      'Select the permission set license, then save.',
      'Assign again any permission set that needs the license.'
    ]);
    expect(warning?.source).toBe(
      'https://help.salesforce.com/s/articleView?id=platform.users_permissionset_licenses_assign.htm'
    );
    expect(irreversibleWarning('Deactivate')?.summary).toMatch(/cannot undo/);
    expect(irreversibleWarning('Freeze')).toBeNull();
    expect(irreversibleWarning('Unfreeze')).toBeNull();
  });

  it('asks for an explicit acknowledgement before removing a permission set license', () => {
    expect(reclaimAcknowledgement('RemovePermissionSetLicense')).toMatch(/cannot be undone/);
    expect(reclaimAcknowledgement('Deactivate')).toBeNull();
    expect(reclaimAcknowledgement('Freeze')).toBeNull();
  });
});
