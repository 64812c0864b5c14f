import {
  activityCutoffs,
  ADMIN_PROFILE_NAMES,
  analyzeUsers,
  createOrgCalendar,
  createPriceBook,
  INTEGRATION_API_SHARE,
  INTEGRATION_MIN_SUCCESSFUL_LOGINS,
  isAdminProfile
} from 'c/llAnalytics';
import type { ActivityOptions, UserInsight } from 'c/llAnalytics';
import type { LoginWindowDto, UserDto, UserLoginGroupDto } from '../../../../../types/contract';
import { daysAgo, group, LA, loginWindow, NOW_MS, PRICES, SETTINGS, user } from './fixtures';

function analyze(
  users: UserDto[],
  groups: UserLoginGroupDto[] = [],
  options: Partial<ActivityOptions> & { window?: LoginWindowDto | null } = {}
): UserInsight[] {
  return analyzeUsers(users, {
    loginGroups: groups,
    window: loginWindow(30),
    settings: SETTINGS,
    calendar: createOrgCalendar(LA),
    priceBook: createPriceBook(PRICES),
    now: NOW_MS,
    ...options
  });
}

function one(
  person: UserDto,
  groups: Omit<UserLoginGroupDto, 'userId'>[] = [],
  options: Partial<ActivityOptions> = {}
): UserInsight {
  const [insight] = analyze(
    [person],
    groups.map((g) => ({ ...g, userId: person.id })),
    options
  );
  return insight;
}

const apiGroup = (logins: number, when = daysAgo(1)) =>
  group({ loginType: 'Other Apex API', application: 'Data Loader', logins, lastLoginTime: when });

describe('activityCutoffs', () => {
  it('counts the threshold and the grace period in org-local calendar days', () => {
    const cutoffs = activityCutoffs(createOrgCalendar(LA), NOW_MS, 90, 14, loginWindow(30));
    expect(cutoffs.today).toBe('2026-11-23');
    // Active since local midnight 89 days before today (PDT then: 07:00 UTC).
    expect(new Date(cutoffs.activeSince).toISOString()).toBe('2026-08-26T07:00:00.000Z');
    // Grace covers the 14 days ending today; local midnight in PST is 08:00 UTC.
    expect(new Date(cutoffs.graceEndsBefore).toISOString()).toBe('2026-11-10T08:00:00.000Z');
    expect(cutoffs.windowStart).toBe(NOW_MS - 30 * 86_400_000);
    expect(activityCutoffs(createOrgCalendar(LA), NOW_MS, 90, 14, null).windowStart).toBeNull();
  });
});

describe('analyzeUsers: the seat login', () => {
  it('uses the newest interactive login from the window', () => {
    const insight = one(user(), [
      group({ lastLoginTime: daysAgo(3) }),
      group({ lastLoginTime: daysAgo(1) })
    ]);
    expect(insight).toMatchObject({
      activity: 'active',
      usage: 'interactive',
      lastLoginSource: 'loginHistory',
      lastSeatLogin: Date.parse(daysAgo(1)),
      daysSinceLastSeatLogin: 1
    });
  });

  it('never counts API traffic as a person using the seat', () => {
    const insight = one(user({ lastLoginDate: daysAgo(1) }), [apiGroup(3)]);
    expect(insight.lastApiLogin).toBe(Date.parse(daysAgo(1)));
    expect(insight.lastSeatLogin).toBeNull();
    expect(insight.lastLoginSource).toBe('none');
    expect(insight.usage).toBe('apiOnly');
    expect(insight.activity).toBe('inactive');
  });

  it('falls back to LastLoginDate only when it is older than the window start', () => {
    const older = one(user({ lastLoginDate: daysAgo(60) }));
    expect(older).toMatchObject({
      lastLoginSource: 'lastLoginDate',
      lastSeatLogin: Date.parse(daysAgo(60)),
      activity: 'active',
      daysSinceLastSeatLogin: 60
    });
    const stale = one(user({ lastLoginDate: daysAgo(120) }));
    expect(stale).toMatchObject({ lastLoginSource: 'lastLoginDate', activity: 'inactive' });
  });

  it('calls a LastLoginDate inside the window without any login there unknown', () => {
    expect(one(user({ lastLoginDate: daysAgo(10) })).activity).toBe('unknown');
    const failedOnly = one(user({ lastLoginDate: daysAgo(5) }), [
      group({ status: 'Invalid Password', lastLoginTime: daysAgo(2) })
    ]);
    expect(failedOnly.activity).toBe('unknown');
    expect(failedOnly.failedLogins).toBe(1);
    expect(failedOnly.lastSeatLogin).toBeNull();
  });

  it('uses LastLoginDate whenever no login history was read', () => {
    const insight = one(user({ lastLoginDate: daysAgo(2) }), [], { window: null });
    expect(insight).toMatchObject({ lastLoginSource: 'lastLoginDate', activity: 'active' });
  });

  it('counts a Salesforce mobile app login as interactive', () => {
    const insight = one(user(), [
      group({
        loginType: 'Remote Access 2.0',
        loginSubType: 'OauthRefreshToken',
        application: 'Salesforce for iOS'
      })
    ]);
    expect(insight).toMatchObject({ activity: 'active', usage: 'interactive', apiLogins: 0 });
  });

  it('judges a Salesforce Integration seat on any successful login', () => {
    const integration = user({
      licenseName: 'Salesforce Integration',
      licenseDefinitionKey: 'PID_Integration_User',
      profileName: 'Minimum Access - API Only Integrations'
    });
    const insight = one(integration, [apiGroup(50)]);
    expect(insight).toMatchObject({
      activity: 'active',
      lastLoginSource: 'loginHistory',
      onHumanSeat: false,
      integrationOnHumanSeat: false,
      monthlyPrice: 10
    });
  });
});

describe('analyzeUsers: thresholds at the boundary', () => {
  // Local midnight starting 2026-08-26 in Los Angeles (PDT) is 07:00 UTC.
  const firstActiveInstant = '2026-08-26T07:00:00.000Z';
  const lastInactiveInstant = '2026-08-26T06:59:59.999Z';

  it('is active exactly from local midnight of day today - threshold + 1', () => {
    const window = loginWindow(120);
    const atCutoff = one(user(), [group({ lastLoginTime: firstActiveInstant })], { window });
    expect(atCutoff).toMatchObject({ activity: 'active', daysSinceLastSeatLogin: 89 });
    const justBefore = one(user(), [group({ lastLoginTime: lastInactiveInstant })], { window });
    expect(justBefore).toMatchObject({ activity: 'inactive', daysSinceLastSeatLogin: 90 });
  });

  it('applies the same boundary to the LastLoginDate fallback', () => {
    expect(one(user({ lastLoginDate: firstActiveInstant })).activity).toBe('active');
    expect(one(user({ lastLoginDate: lastInactiveInstant })).activity).toBe('inactive');
  });

  it('honours a threshold override (30 / 60 / 180 days)', () => {
    const person = user({ lastLoginDate: daysAgo(45) });
    expect(one(person, [], { inactivityDays: 30 }).activity).toBe('inactive');
    expect(one(person, [], { inactivityDays: 60 }).activity).toBe('active');
    expect(one(user({ lastLoginDate: daysAgo(120) }), [], { inactivityDays: 180 }).activity).toBe(
      'active'
    );
  });

  it('counts days in the org time zone', () => {
    // 09:00 UTC on the 23rd is 01:00 the same day in Los Angeles but 22:00 the
    // day before "now" (07:00 on the 24th) in Auckland.
    const login = [group({ lastLoginTime: '2026-11-23T09:00:00.000Z' })];
    expect(one(user(), login).daysSinceLastSeatLogin).toBe(0);
    expect(
      one(user(), login, { calendar: createOrgCalendar('Pacific/Auckland') }).daysSinceLastSeatLogin
    ).toBe(1);
  });
});

describe('analyzeUsers: never logged in, new, frozen, deactivated', () => {
  it('is "never logged in" only past the grace period', () => {
    expect(one(user({ lastLoginDate: null, createdDate: daysAgo(20) })).activity).toBe(
      'neverLoggedIn'
    );
    expect(one(user({ lastLoginDate: null, createdDate: daysAgo(1) })).activity).toBe('new');
    // Grace of 14 days: created from local midnight of 2026-11-10 on is still new.
    expect(
      one(user({ lastLoginDate: null, createdDate: '2026-11-10T08:00:00.000Z' })).activity
    ).toBe('new');
    expect(
      one(user({ lastLoginDate: null, createdDate: '2026-11-10T07:59:59.999Z' })).activity
    ).toBe('neverLoggedIn');
  });

  it('keeps a just-created API-only user new, and an API-only veteran inactive', () => {
    const fresh = one(user({ createdDate: daysAgo(2), lastLoginDate: daysAgo(1) }), [apiGroup(1)]);
    expect(fresh.activity).toBe('new');
    const veteran = one(user({ lastLoginDate: daysAgo(1) }), [apiGroup(1)]);
    expect(veteran.activity).toBe('inactive');
  });

  it('is not "never logged in" when the window shows a successful login', () => {
    const insight = one(user({ lastLoginDate: null }), [apiGroup(2)]);
    expect(insight.activity).toBe('inactive');
    const failed = one(user({ lastLoginDate: null }), [group({ status: 'Invalid Password' })]);
    expect(failed.activity).toBe('neverLoggedIn');
  });

  it('puts frozen and deactivated users apart, whatever their logins', () => {
    expect(one(user({ isFrozen: true })).activity).toBe('frozen');
    expect(one(user({ isFrozen: true, lastLoginDate: null })).activity).toBe('frozen');
    expect(one(user({ isActive: false }), [group()]).activity).toBe('deactivated');
    expect(one(user({ isActive: false, isFrozen: true })).activity).toBe('deactivated');
  });

  it('handles an unreadable CreatedDate as past the grace period', () => {
    const insight = one(user({ lastLoginDate: null, createdDate: 'unknown' }));
    expect(insight.daysSinceCreated).toBeNull();
    expect(insight.activity).toBe('neverLoggedIn');
  });
});

describe('analyzeUsers: integrations on human seats', () => {
  it(`flags a full-license user with >= ${INTEGRATION_API_SHARE * 100}% API logins`, () => {
    const flagged = one(user(), [apiGroup(9), group({ logins: 1 })]);
    expect(flagged.apiShare).toBe(0.9);
    expect(flagged.integrationOnHumanSeat).toBe(true);
    expect(flagged.usage).toBe('mixed');
    const mostlyHuman = one(user(), [apiGroup(8), group({ logins: 2 })]);
    expect(mostlyHuman.integrationOnHumanSeat).toBe(false);
  });

  it(`needs at least ${INTEGRATION_MIN_SUCCESSFUL_LOGINS} successful logins`, () => {
    expect(
      one(user(), [apiGroup(INTEGRATION_MIN_SUCCESSFUL_LOGINS - 1)]).integrationOnHumanSeat
    ).toBe(false);
    expect(one(user(), [apiGroup(INTEGRATION_MIN_SUCCESSFUL_LOGINS)]).integrationOnHumanSeat).toBe(
      true
    );
    const failures = [apiGroup(4), { ...apiGroup(20), status: 'Failed' }];
    expect(one(user(), failures).integrationOnHumanSeat).toBe(false);
  });

  it('counts client credentials as API and marks admin profiles', () => {
    const admin = one(user({ profileName: 'System Administrator' }), [
      group({ loginType: 'Remote Access 2.0', loginSubType: 'OauthClientCredentials', logins: 30 })
    ]);
    expect(admin).toMatchObject({
      integrationOnHumanSeat: true,
      adminProfile: true,
      clientCredentialsLogins: 30,
      mainApplication: 'Browser'
    });
  });

  it("gives an integration without a recent interactive login the activity 'integration', never 'inactive'", () => {
    const apiOnly = one(user({ lastLoginDate: daysAgo(1) }), [apiGroup(30)]);
    expect(apiOnly).toMatchObject({
      integrationOnHumanSeat: true,
      activity: 'integration',
      lastSeatLogin: null
    });
    // Created within the grace days: still an integration, not 'new'.
    const fresh = one(user({ createdDate: daysAgo(2), lastLoginDate: daysAgo(1) }), [apiGroup(30)]);
    expect(fresh.activity).toBe('integration');
    // Its interactive login is older than the threshold: integration, not inactive.
    const oldHuman = group({ logins: 1, lastLoginTime: daysAgo(29) });
    const lapsed = one(user(), [apiGroup(30)], { inactivityDays: 20 });
    expect(lapsed.activity).toBe('integration');
    expect(one(user(), [apiGroup(30), oldHuman], { inactivityDays: 20 }).activity).toBe(
      'integration'
    );
  });

  it("keeps 'active' when the integration also has an interactive login within the threshold", () => {
    const both = one(user(), [apiGroup(9), group({ logins: 1 })]);
    expect(both).toMatchObject({ integrationOnHumanSeat: true, activity: 'active' });
  });

  it("leaves below-threshold API users 'inactive'", () => {
    const fewLogins = one(user({ lastLoginDate: daysAgo(1) }), [apiGroup(2)]);
    expect(fewLogins).toMatchObject({ integrationOnHumanSeat: false, activity: 'inactive' });
  });

  it('does not flag frozen, deactivated, integration-licensed or unlicensed users', () => {
    const api = [apiGroup(30)];
    expect(one(user({ isFrozen: true }), api).integrationOnHumanSeat).toBe(false);
    expect(one(user({ isActive: false }), api).integrationOnHumanSeat).toBe(false);
    expect(
      one(user({ licenseName: 'Salesforce Integration', licenseDefinitionKey: null }), api)
        .integrationOnHumanSeat
    ).toBe(false);
    const unlicensed = one(user({ licenseName: null, licenseDefinitionKey: null }), api);
    expect(unlicensed.onHumanSeat).toBe(false);
    expect(unlicensed.integrationOnHumanSeat).toBe(false);
    expect(unlicensed.priced).toBe(false);
  });
});

describe('analyzeUsers: input handling', () => {
  it('keeps the users order, ignores groups of unknown users and handles an empty org', () => {
    const first = user();
    const second = user();
    const insights = analyze(
      [first, second],
      [group({ userId: 'someone-else', logins: 100 }), group({ userId: second.id, logins: 2 })]
    );
    expect(insights.map((i) => i.id)).toEqual([first.id, second.id]);
    expect(insights[0].interactiveLogins).toBe(0);
    expect(insights[1].interactiveLogins).toBe(2);
    expect(analyze([])).toEqual([]);
  });

  it('adds groups of one user even when they are not adjacent', () => {
    const a = user();
    const b = user();
    const [insightA, insightB] = analyze(
      [a, b],
      [group({ userId: a.id }), group({ userId: b.id }), group({ userId: a.id, logins: 4 })]
    );
    expect(insightA.interactiveLogins).toBe(5);
    expect(insightB.interactiveLogins).toBe(1);
  });

  it('prices every user by license', () => {
    const [full, platform, unknown] = analyze([
      user(),
      user({ licenseName: 'Salesforce Platform', licenseDefinitionKey: 'AUL' }),
      user({ licenseName: 'Chatter Free', licenseDefinitionKey: 'CHATTER' })
    ]);
    expect([full.monthlyPrice, full.priced]).toEqual([175, true]);
    expect([platform.monthlyPrice, platform.priced]).toEqual([25, true]);
    expect([unknown.monthlyPrice, unknown.priced]).toEqual([0, false]);
  });
});

describe('isAdminProfile', () => {
  it('knows the admin profiles in any case', () => {
    expect(ADMIN_PROFILE_NAMES).toContain('System Administrator');
    expect(isAdminProfile('system administrator')).toBe(true);
    expect(isAdminProfile('Standard User')).toBe(false);
    expect(isAdminProfile(null)).toBe(false);
  });
});

describe('analyzeUsers: the newest login of any type (issue 12, finding 2)', () => {
  it('keeps the newest successful login of any type and whether it falls within the threshold', () => {
    // A full-license user with 3 API logins, the last 2 days ago: below
    // INTEGRATION_MIN_SUCCESSFUL_LOGINS, so not an integration on a human seat.
    const lowFrequency = one(user({ lastLoginDate: daysAgo(2) }), [apiGroup(3, daysAgo(2))]);
    expect(lowFrequency.integrationOnHumanSeat).toBe(false);
    expect(lowFrequency).toMatchObject({
      lastActivity: Date.parse(daysAgo(2)),
      lastActivityKind: 'api',
      daysSinceLastActivity: 2,
      recentActivity: true
    });
  });

  it('takes User.LastLoginDate when it is newer than anything in the window', () => {
    const outside = one(user({ lastLoginDate: daysAgo(1) }), [
      group({ lastLoginTime: daysAgo(20) })
    ]);
    expect(outside).toMatchObject({
      lastActivity: Date.parse(daysAgo(1)),
      lastActivityKind: 'lastLoginDate',
      recentActivity: true
    });
  });

  it('is not recent when the newest login of any type is older than the threshold', () => {
    const stale = one(user({ lastLoginDate: daysAgo(200) }), [], { window: loginWindow(30) });
    expect(stale).toMatchObject({ lastActivityKind: 'lastLoginDate', recentActivity: false });
    const never = one(user({ lastLoginDate: null }));
    expect(never).toMatchObject({
      lastActivity: null,
      lastActivityKind: null,
      daysSinceLastActivity: null,
      recentActivity: false
    });
  });
});
