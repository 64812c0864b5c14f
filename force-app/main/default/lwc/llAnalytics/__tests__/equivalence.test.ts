/**
 * analyzeOrg counts everything in one pass; these tests check that it agrees
 * with the single-purpose functions on random orgs, with groups in the users'
 * order, shuffled, and with unknown users, under several filters.
 */
import {
  analyzeOrg,
  analyzeUsers,
  buildFilterOptions,
  computeWaste,
  createOrgCalendar,
  createPriceBook,
  filterUsers,
  findIntegrations,
  narrowsBeyondLicense,
  NONE_FILTER_VALUE,
  resolveSettings,
  summarizeUserLogins,
  topApplications
} from 'c/llAnalytics';
import type { AnalyticsInput, UserFilters } from 'c/llAnalytics';
import type { UserDto, UserLoginGroupDto } from '../../../../../types/contract';
import { buildInsights } from '../activity';
import type { UserInsight } from '../activity';
import { KeptApplicationsTally } from '../applications';
import { context, daysAgo, group, loginWindow, NOW, NOW_MS, seat, user } from './fixtures';

/** A small seeded PRNG (mulberry32) so every run sees the same org. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomOrg(seed: number, size: number): { users: UserDto[]; groups: UserLoginGroupDto[] } {
  const next = random(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)];
  const licenses: [string | null, string | null][] = [
    ['Salesforce', 'SFDC'],
    ['Salesforce', 'SFDC'],
    ['Salesforce Platform', 'AUL'],
    ['Salesforce Integration', null],
    ['Chatter Free', null],
    [null, null]
  ];
  const logins: [string, string | null, string | null][] = [
    ['Application', null, 'Browser'],
    ['SAML Idp Initiated SSO', null, 'Browser'],
    ['Other Apex API', null, 'Data Loader'],
    ['Remote Access 2.0', 'OauthRefreshToken', 'Workbench'],
    ['Remote Access 2.0', 'OauthClientCredentials', 'ERP'],
    ['Remote Access 2.0', 'OauthUserAgent', 'Salesforce for iOS'],
    ['Mystery', null, null],
    ['Application', null, '(none)']
  ];
  const users: UserDto[] = [];
  const groups: UserLoginGroupDto[] = [];
  for (let index = 0; index < size; index++) {
    const [licenseName, licenseDefinitionKey] = pick(licenses);
    const person = user({
      name: pick(['Ada', 'bob', 'Cy', 'Dee', '=evil']) + index,
      department: pick(['Sales', 'Support', 'sales', null, '']),
      division: pick(['EMEA', 'AMER', null]),
      roleName: pick(['Rep', 'Manager', null]),
      userType: pick(['Standard', 'PowerPartner']),
      profileName: pick(['Standard User', 'System Administrator', null]),
      licenseName,
      licenseDefinitionKey,
      isActive: next() > 0.1,
      isFrozen: next() < 0.1,
      lastLoginDate: pick([null, daysAgo(1), daysAgo(10), daysAgo(45), daysAgo(120), daysAgo(400)]),
      createdDate: pick([daysAgo(2), daysAgo(20), daysAgo(700), 'unreadable'])
    });
    users.push(person);
    const count = Math.floor(next() * 5);
    for (let n = 0; n < count; n++) {
      const [loginType, loginSubType, application] = pick(logins);
      groups.push(
        group({
          userId: next() < 0.03 ? 'unknown-user' : person.id,
          loginType,
          loginSubType,
          application,
          status: next() < 0.15 ? 'Invalid Password' : 'Success',
          logins: Math.floor(next() * 12),
          lastLoginTime: daysAgo(next() * 29)
        })
      );
    }
  }
  return { users, groups };
}

function shuffled<T>(items: T[], seed: number): T[] {
  const next = random(seed);
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(next() * (index + 1));
    [copy[index], copy[other]] = [copy[other], copy[index]];
  }
  return copy;
}

const seats = [
  seat({ name: 'Salesforce', total: 400, used: 250 }),
  seat({ name: 'Salesforce Platform', licenseDefinitionKey: 'AUL', total: 80, used: 60 }),
  seat({ name: 'Salesforce Integration', licenseDefinitionKey: null, total: 12, used: 4 }),
  seat({
    source: 'PermissionSetLicense',
    name: 'SomePsl',
    licenseDefinitionKey: null,
    total: 30,
    used: 3
  })
];

const filterCases: [string, UserFilters | undefined][] = [
  ['no filter', undefined],
  ['department', { departments: ['Sales', NONE_FILTER_VALUE] }],
  ['license', { licenses: ['Salesforce'] }],
  ['activity', { activities: ['inactive', 'neverLoggedIn', 'frozen'] }],
  ['integrations and search', { integrationsOnly: true, search: 'a' }]
];

/** Checks every part of analyzeOrg against the single-purpose functions; returns how many users it kept. */
function check(input: AnalyticsInput): number {
  const analysis = analyzeOrg(input);
  const settings = resolveSettings(input.context.settings);
  const priceBook = createPriceBook(input.context.prices);
  const users = analyzeUsers(input.users, {
    loginGroups: input.loginGroups,
    window: input.window,
    settings,
    calendar: createOrgCalendar(input.context.orgTimeZone),
    priceBook,
    now: NOW_MS
  });
  expect(analysis.users).toEqual(users);
  // Login counters must not depend on how groups were matched to users.
  const summaries = summarizeUserLogins(input.loginGroups);
  for (const insight of users) {
    const summary = summaries.get(insight.id);
    expect([insight.interactiveLogins, insight.apiLogins, insight.failedLogins]).toEqual([
      summary?.interactiveLogins ?? 0,
      summary?.apiLogins ?? 0,
      summary?.failedLogins ?? 0
    ]);
    expect(insight.lastSuccessfulLogin).toBe(summary?.lastSuccessfulLogin ?? null);
  }
  const filters = input.filters ?? null;
  const filtered = filterUsers(users, filters);
  expect(analysis.filtered).toEqual(filtered);
  const licenseNames = filters?.licenses?.length ? filters.licenses : null;
  expect(analysis.waste).toEqual(
    computeWaste(filtered, input.seats, settings, priceBook, {
      includeUnassigned: !narrowsBeyondLicense(filters),
      licenseNames
    })
  );
  expect(analysis.integrations).toEqual(
    findIntegrations(filtered, input.seats, settings, priceBook, users)
  );
  expect(analysis.filterOptions).toEqual(buildFilterOptions(users));
  const keptIds = new Set(filtered.map((insight) => insight.id));
  expect(analysis.topApplications).toEqual(
    topApplications(input.loginGroups, 10, (userId) => keptIds.has(userId))
  );
  const count = (activity: string) => filtered.filter((i) => i.activity === activity).length;
  expect(analysis.kpis).toMatchObject({
    usersInView: filtered.filter((i) => i.user.isActive).length,
    activeWithinThreshold: count('active'),
    inactive: count('inactive'),
    neverLoggedIn: count('neverLoggedIn'),
    newUsers: count('new'),
    frozen: count('frozen'),
    unknown: count('unknown'),
    integrationsOnHumanSeats: filtered.filter((i) => i.integrationOnHumanSeat).length
  });
  return filtered.length;
}

describe('analyzeOrg agrees with the single-purpose functions', () => {
  const { users, groups } = randomOrg(7, 300);
  const base: AnalyticsInput = {
    users,
    loginGroups: groups,
    seats,
    context: context(),
    window: loginWindow(30),
    now: NOW
  };

  it('builds an org with every kind of user', () => {
    const activities = new Set(analyzeOrg(base).users.map((insight) => insight.activity));
    expect([...activities].sort()).toEqual(
      [
        'active',
        'deactivated',
        'frozen',
        'inactive',
        'integration',
        'neverLoggedIn',
        'new',
        'unknown'
      ].sort()
    );
    expect(analyzeOrg(base).integrations.findings.length).toBeGreaterThan(0);
  });

  it.each(filterCases)('groups in the users order, %s', (_name, filters) => {
    expect(check({ ...base, filters })).toBeGreaterThan(0);
  });

  it.each(filterCases)('groups shuffled, %s', (_name, filters) => {
    expect(check({ ...base, loginGroups: shuffled(groups, 11), filters })).toBeGreaterThan(0);
  });

  it.each(filterCases)('users reversed, %s', (_name, filters) => {
    expect(check({ ...base, users: [...users].reverse(), filters })).toBeGreaterThan(0);
  });

  it('takes the streaming path for ordered groups and agrees with per-user counters', () => {
    // Ordered groups with a duplicated user row and groups of unknown users in between.
    const withDuplicate = [...users.slice(0, 40), users[5], ...users.slice(40)];
    const stray = group({ userId: 'not-a-user', logins: 3 });
    const mixed = groups.flatMap((entry, index) => (index % 7 === 0 ? [stray, entry] : [entry]));
    const run = (forceCounters: boolean) => {
      const kept: number[] = [];
      const applications = new KeptApplicationsTally();
      const insights = buildInsights(
        withDuplicate,
        {
          loginGroups: mixed,
          window: loginWindow(30),
          settings: resolveSettings(base.context.settings),
          calendar: createOrgCalendar(base.context.orgTimeZone),
          priceBook: createPriceBook(base.context.prices),
          now: NOW_MS
        },
        (insight: UserInsight, index: number) => {
          const keep = insight.activity !== 'deactivated';
          if (keep) kept.push(index);
          return keep;
        },
        applications,
        forceCounters
      );
      return { insights, kept, applications: applications.ranked(50) };
    };
    const streamed = run(false);
    expect(streamed).toEqual(run(true));
    expect(streamed.applications.length).toBeGreaterThan(2);
    expect(streamed.insights.some((insight) => insight.interactiveLogins > 0)).toBe(true);
  });

  it('without a login window or seats', () => {
    expect(check({ ...base, window: null, seats: [] })).toBe(300);
  });
});
