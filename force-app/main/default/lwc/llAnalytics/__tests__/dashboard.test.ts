import { analyzeOrg, computeKpis, NONE_FILTER_VALUE } from 'c/llAnalytics';
import type { AnalyticsInput } from 'c/llAnalytics';
import type { SettingsDto, UserLoginGroupDto } from '../../../../../types/contract';
import { context, daysAgo, group, loginWindow, NOW, NOW_MS, seat, user } from './fixtures';

const sales = { department: 'Sales' };
const support = { department: 'Support' };
const people = {
  active: user({ name: 'Active', ...sales }),
  inactive: user({ name: 'Inactive', ...sales, lastLoginDate: daysAgo(100) }),
  never: user({ name: 'Never', ...support, lastLoginDate: null }),
  fresh: user({ name: 'Fresh', ...support, lastLoginDate: null, createdDate: daysAgo(1) }),
  frozen: user({ name: 'Frozen', ...support, isFrozen: true }),
  gone: user({ name: 'Gone', ...sales, isActive: false }),
  bot: user({
    name: 'Bot',
    ...support,
    profileName: 'System Administrator',
    lastLoginDate: daysAgo(1)
  }),
  platform: user({
    name: 'Platform',
    ...sales,
    licenseName: 'Salesforce Platform',
    licenseDefinitionKey: 'AUL',
    lastLoginDate: daysAgo(45)
  })
};
const groups: UserLoginGroupDto[] = [
  group({ userId: people.active.id, logins: 3 }),
  group({ userId: people.bot.id, loginType: 'Other Apex API', application: 'ETL', logins: 40 }),
  group({ userId: people.gone.id, logins: 1 })
];
const seats = [
  seat({ name: 'Salesforce', total: 12, used: 7 }),
  seat({ name: 'Salesforce Platform', licenseDefinitionKey: 'AUL', total: 2, used: 1 }),
  seat({
    source: 'PermissionSetLicense',
    name: 'SomePsl',
    licenseDefinitionKey: null,
    total: 100,
    used: 1
  })
];

function input(overrides: Partial<AnalyticsInput> = {}): AnalyticsInput {
  return {
    users: Object.values(people),
    loginGroups: groups,
    seats,
    context: context(),
    window: loginWindow(30),
    now: NOW,
    ...overrides
  };
}

describe('analyzeOrg', () => {
  it('computes every KPI from one input', () => {
    const analysis = analyzeOrg(input());
    expect(analysis.today).toBe('2026-11-23');
    expect(analysis.inactivityDays).toBe(90);
    expect(analysis.users).toHaveLength(8);
    expect(analysis.filtered).toBe(analysis.users);
    // Waste: Salesforce inactive 1 + never 1 + frozen 1 + unassigned 5 = 8 × 175;
    // Platform inactive? no (45 days): unassigned 1 × 25. Bot: 2100 saved on a free integration seat.
    expect(analysis.waste.annualWaste).toBe(8 * 175 * 12 + 25 * 12);
    expect(analysis.integrations.annualSaving).toBe(2100);
    expect(analysis.kpis).toEqual({
      seatsBought: 14,
      seatsUsed: 8,
      usersInView: 7,
      activeWithinThreshold: 2,
      // The bot runs on API logins: activity 'integration', counted below, not as inactive.
      inactive: 1,
      neverLoggedIn: 1,
      newUsers: 1,
      frozen: 1,
      frozenUnknown: 0,
      unknown: 0,
      integrationsOnHumanSeats: 1,
      adminIntegrations: 1,
      estimatedAnnualWaste: 8 * 175 * 12 + 25 * 12 + 2100,
      estimatedMonthlyWaste: (8 * 175 * 12 + 25 * 12 + 2100) / 12,
      currencyIsoCode: 'USD',
      inactivityDays: 90
    });
    expect(analysis.filterOptions.department.map((o) => [o.value, o.count])).toEqual([
      ['Sales', 4],
      ['Support', 4]
    ]);
    expect(analysis.topApplications.map((a) => a.application)).toEqual(['ETL', 'Browser']);
    expect(analysis.calendar.timeZone).toBe('America/Los_Angeles');
  });

  it('counts active users whose frozen state is unknown apart, and judges them by their logins', () => {
    const base = input();
    const unknownUsers = base.users.map((u) => {
      return u.isActive && !u.isFrozen ? { ...u, isFrozen: null } : u;
    });
    const known = analyzeOrg(base);
    const unknown = analyzeOrg({ ...base, users: unknownUsers });
    const expectedUnknown = unknownUsers.filter((u) => u.isActive && u.isFrozen === null).length;
    expect(expectedUnknown).toBeGreaterThan(0);
    expect(unknown.kpis.frozenUnknown).toBe(expectedUnknown);
    expect(known.kpis.frozenUnknown).toBe(0);
    expect(unknown.users.map((u) => u.activity)).toEqual(known.users.map((u) => u.activity));
  });

  it('narrows KPIs, waste and applications to the filtered users', () => {
    const analysis = analyzeOrg(input({ filters: { departments: ['Support'] } }));
    expect(analysis.filtered.map((i) => i.user.name)).toEqual(['Never', 'Fresh', 'Frozen', 'Bot']);
    expect(analysis.kpis).toMatchObject({
      usersInView: 4,
      activeWithinThreshold: 0,
      inactive: 0,
      neverLoggedIn: 1,
      newUsers: 1,
      frozen: 1,
      frozenUnknown: 0,
      integrationsOnHumanSeats: 1,
      // Pools belong to no department: their unassigned seats are left out.
      estimatedAnnualWaste: 2 * 175 * 12 + 2100
    });
    expect(analysis.waste.unassignedIncluded).toBe(false);
    expect(analysis.topApplications.map((a) => a.application)).toEqual(['ETL']);
    // Options always describe every user.
    expect(analysis.filterOptions.department).toHaveLength(2);
  });

  it('narrows seat pools with a license filter', () => {
    const analysis = analyzeOrg(input({ filters: { licenses: ['Salesforce Platform'] } }));
    expect(analysis.kpis).toMatchObject({ seatsBought: 2, seatsUsed: 1, usersInView: 1 });
    expect(analysis.waste.unassignedIncluded).toBe(true);
    expect(analysis.kpis.estimatedAnnualWaste).toBe(25 * 12);
    const none = analyzeOrg(input({ filters: { licenses: [NONE_FILTER_VALUE] } }));
    expect(none.kpis).toMatchObject({ seatsBought: 0, usersInView: 0, estimatedAnnualWaste: 0 });
  });

  it('applies the threshold picker, ignoring invalid values', () => {
    expect(analyzeOrg(input({ inactivityDays: 30 })).kpis).toMatchObject({
      inactivityDays: 30,
      inactive: 2,
      activeWithinThreshold: 1
    });
    expect(analyzeOrg(input({ inactivityDays: 0 })).inactivityDays).toBe(90);
    expect(analyzeOrg(input({ inactivityDays: Number.NaN })).inactivityDays).toBe(90);
  });

  it('fills missing settings from the defaults and accepts now as ms or Date', () => {
    const partial = { currencyIsoCode: 'EUR' } as SettingsDto;
    const analysis = analyzeOrg(input({ context: context({ settings: partial }), now: NOW_MS }));
    expect(analysis.kpis).toMatchObject({ currencyIsoCode: 'EUR', inactivityDays: 90 });
    expect(analyzeOrg(input({ now: new Date(NOW_MS) })).today).toBe('2026-11-23');
  });

  it('handles an empty org and a one-user org', () => {
    const empty = analyzeOrg(input({ users: [], loginGroups: [], seats: [] }));
    expect(empty.kpis).toMatchObject({
      seatsBought: 0,
      seatsUsed: 0,
      usersInView: 0,
      activeWithinThreshold: 0,
      inactive: 0,
      integrationsOnHumanSeats: 0,
      estimatedAnnualWaste: 0
    });
    expect(empty.topApplications).toEqual([]);
    const solo = analyzeOrg(input({ users: [people.active], loginGroups: [groups[0]], seats: [] }));
    expect(solo.kpis).toMatchObject({
      usersInView: 1,
      activeWithinThreshold: 1,
      estimatedAnnualWaste: 0
    });
  });

  it('names a bad time zone or a bad now', () => {
    expect(() => analyzeOrg(input({ context: context({ orgTimeZone: 'Nowhere/Land' }) }))).toThrow(
      'Unknown time zone "Nowhere/Land"'
    );
    expect(() => analyzeOrg(input({ now: 'soon' }))).toThrow('Not a valid instant: soon');
  });
});

describe('computeKpis', () => {
  it('gives the same KPIs as analyzeOrg', () => {
    const filters = { search: 'o' };
    expect(computeKpis(input({ filters }))).toEqual(analyzeOrg(input({ filters })).kpis);
  });
});
