import {
  analyzeUsers,
  availableIntegrationSeats,
  createOrgCalendar,
  createPriceBook,
  findIntegrations
} from 'c/llAnalytics';
import type { UserInsight } from 'c/llAnalytics';
import type { LicensePriceDto, UserDto, UserLoginGroupDto } from '../../../../../types/contract';
import { group, LA, loginWindow, NOW_MS, PRICES, seat, SETTINGS, user } from './fixtures';

function insightsOf(users: UserDto[], groups: UserLoginGroupDto[], prices = PRICES): UserInsight[] {
  return analyzeUsers(users, {
    loginGroups: groups,
    window: loginWindow(30),
    settings: SETTINGS,
    calendar: createOrgCalendar(LA),
    priceBook: createPriceBook(prices),
    now: NOW_MS
  });
}

const api = (userId: string, logins = 30): UserLoginGroupDto =>
  group({
    userId,
    loginType: 'Remote Access 2.0',
    loginSubType: 'OauthRefreshToken',
    application: 'ERP',
    logins
  });

const admin = user({ name: 'Admin Bot', profileName: 'System Administrator' });
const fullBot = user({ name: 'Full Bot' });
const platformBot = user({
  name: 'Platform Bot',
  licenseName: 'Salesforce Platform',
  licenseDefinitionKey: 'AUL'
});
const person = user({ name: 'Person' });
const integrationUser = user({
  name: 'Proper Bot',
  licenseName: 'Salesforce Integration',
  licenseDefinitionKey: null
});
const users = [platformBot, person, fullBot, admin, integrationUser];
const groups = [
  api(platformBot.id),
  group({ userId: person.id, logins: 10 }),
  api(fullBot.id),
  api(admin.id),
  api(integrationUser.id)
];

const integrationSeats = (free: number) => [
  seat({ name: 'Salesforce Integration', licenseDefinitionKey: null, total: 10, used: 10 - free }),
  seat({
    source: 'PermissionSetLicense',
    name: 'SalesforceAPIIntegrationPsl',
    licenseDefinitionKey: null,
    total: 10,
    used: 2
  })
];

describe('availableIntegrationSeats', () => {
  const insights = insightsOf(users, groups);

  it('takes the smaller free count of the user license and the PSL', () => {
    expect(availableIntegrationSeats(integrationSeats(1), SETTINGS, insights)).toBe(1);
    expect(availableIntegrationSeats([integrationSeats(3)[1]], SETTINGS, insights)).toBe(8);
  });

  it('without seat pools, uses the free allowance minus active integration users', () => {
    expect(availableIntegrationSeats([], SETTINGS, insights)).toBe(4);
    expect(availableIntegrationSeats([], { ...SETTINGS, freeIntegrationSeats: 0 }, insights)).toBe(
      0
    );
  });
});

describe('findIntegrations', () => {
  it('gives free seats to the most expensive seats first (admins first) and prices the rest', () => {
    const insights = insightsOf(users, groups);
    const report = findIntegrations(
      insights,
      integrationSeats(1),
      SETTINGS,
      createPriceBook(PRICES)
    );
    expect(
      report.findings.map((f) => [
        f.insight.user.name,
        f.usesFreeSeat,
        f.integrationMonthlyPrice,
        f.annualSaving
      ])
    ).toEqual([
      ['Admin Bot', true, 0, 2100],
      ['Full Bot', false, 10, 1980],
      ['Platform Bot', false, 10, 180]
    ]);
    expect(report).toMatchObject({
      adminFindings: 1,
      availableIntegrationSeats: 1,
      annualSaving: 4260,
      monthlySaving: 355,
      integrationPrice: { monthlyPrice: 10, priced: true }
    });
    expect(report.findings[0]).toMatchObject({
      id: admin.id,
      adminProfile: true,
      currentMonthlyPrice: 175
    });
  });

  it('saves the full price when enough integration seats are free', () => {
    const insights = insightsOf(users, groups);
    const report = findIntegrations(insights, [], SETTINGS, createPriceBook(PRICES));
    expect(report.findings.every((f) => f.usesFreeSeat)).toBe(true);
    expect(report.annualSaving).toBe(2100 + 2100 + 300);
  });

  it('never reports a negative saving', () => {
    const prices: LicensePriceDto[] = [
      { licenseKey: 'Salesforce Platform', label: 'Cheap', monthlyPrice: 5 },
      { licenseKey: 'Salesforce Integration', label: 'Integration', monthlyPrice: 10 }
    ];
    const insights = insightsOf([platformBot], [api(platformBot.id)], prices);
    const report = findIntegrations(
      insights,
      integrationSeats(0),
      SETTINGS,
      createPriceBook(prices)
    );
    expect(report.findings[0].annualSaving).toBe(0);
    expect(report.annualSaving).toBe(0);
  });

  it('orders equal savings by name and reports nothing for an org without integrations', () => {
    const twins = [user({ name: 'B bot' }), user({ name: 'A bot' })];
    const insights = insightsOf(
      twins,
      twins.map((u) => api(u.id))
    );
    const report = findIntegrations(insights, [], SETTINGS, createPriceBook(PRICES));
    expect(report.findings.map((f) => f.insight.user.name)).toEqual(['A bot', 'B bot']);
    const empty = findIntegrations([], [], SETTINGS, createPriceBook(PRICES));
    expect(empty).toMatchObject({
      findings: [],
      adminFindings: 0,
      annualSaving: 0,
      availableIntegrationSeats: 5
    });
  });
});
