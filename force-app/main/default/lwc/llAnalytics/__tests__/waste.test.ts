import {
  analyzeUsers,
  computeWaste,
  createOrgCalendar,
  createPriceBook,
  isIntegrationLicense,
  roundMoney,
  unassignedPaidSeats,
  UNKNOWN_LICENSE_NAME
} from 'c/llAnalytics';
import type { UserInsight } from 'c/llAnalytics';
import type { UserDto, UserLoginGroupDto } from '../../../../../types/contract';
import { daysAgo, group, LA, loginWindow, NOW_MS, PRICES, seat, SETTINGS, user } from './fixtures';

const priceBook = createPriceBook(PRICES);

function insightsOf(users: UserDto[], groups: UserLoginGroupDto[] = []): UserInsight[] {
  return analyzeUsers(users, {
    loginGroups: groups,
    window: loginWindow(30),
    settings: SETTINGS,
    calendar: createOrgCalendar(LA),
    priceBook,
    now: NOW_MS
  });
}

describe('createPriceBook', () => {
  it('matches the definition key, then the name, exactly then case-insensitively', () => {
    const book = createPriceBook([
      { licenseKey: 'SFDC', label: 'Enterprise', monthlyPrice: 175 },
      { licenseKey: 'salesforce platform', label: 'Platform', monthlyPrice: 25 }
    ]);
    expect(book.priceOf('Salesforce', 'SFDC')).toEqual({
      monthlyPrice: 175,
      priced: true,
      matchedKey: 'SFDC'
    });
    expect(book.priceOf('Anything', 'sfdc').monthlyPrice).toBe(175);
    expect(book.priceOf('Salesforce Platform', 'AUL')).toMatchObject({
      monthlyPrice: 25,
      matchedKey: 'salesforce platform'
    });
    expect(book.priceOf('Chatter Free', null)).toEqual({
      monthlyPrice: 0,
      priced: false,
      matchedKey: null
    });
    expect(book.priceOf(null, null).priced).toBe(false);
    // Memoised answers stay the same.
    expect(book.priceOf('Salesforce', 'SFDC')).toBe(book.priceOf('Salesforce', 'SFDC'));
  });

  it('prefers the definition key over the name', () => {
    const book = createPriceBook([
      { licenseKey: 'Salesforce', label: 'By name', monthlyPrice: 1 },
      { licenseKey: 'SFDC', label: 'By key', monthlyPrice: 2 }
    ]);
    expect(book.priceOf('Salesforce', 'SFDC').monthlyPrice).toBe(2);
  });

  it('ignores invalid prices and keeps the first of duplicates', () => {
    const book = createPriceBook([
      { licenseKey: 'A', label: 'negative', monthlyPrice: -1 },
      { licenseKey: 'B', label: 'nan', monthlyPrice: Number.NaN },
      { licenseKey: ' ', label: 'blank', monthlyPrice: 5 },
      { licenseKey: 'C', label: 'first', monthlyPrice: 3 },
      { licenseKey: 'C', label: 'second', monthlyPrice: 4 },
      { licenseKey: 'Free', label: 'zero', monthlyPrice: 0 }
    ]);
    expect(book.priceOf('A', null).priced).toBe(false);
    expect(book.priceOf('B', null).priced).toBe(false);
    expect(book.priceOf(' ', null).priced).toBe(false);
    expect(book.priceOf('C', null).monthlyPrice).toBe(3);
    expect(book.priceOf('Free', null)).toMatchObject({ monthlyPrice: 0, priced: true });
  });

  it('finds the integration price on the user license, then on the PSL', () => {
    expect(createPriceBook(PRICES).integrationPrice().monthlyPrice).toBe(10);
    const pslOnly = createPriceBook([
      { licenseKey: 'SalesforceAPIIntegrationPsl', label: 'PSL', monthlyPrice: 12 }
    ]);
    expect(pslOnly.integrationPrice()).toMatchObject({ monthlyPrice: 12, priced: true });
    expect(createPriceBook([]).integrationPrice().priced).toBe(false);
  });
});

describe('isIntegrationLicense and roundMoney', () => {
  it('recognises the integration license and PSL by name or key', () => {
    expect(isIntegrationLicense('Salesforce Integration', null)).toBe(true);
    expect(isIntegrationLicense('salesforce integration ', 'X')).toBe(true);
    expect(isIntegrationLicense('SalesforceAPIIntegrationPsl', null)).toBe(true);
    expect(isIntegrationLicense(null, 'SalesforceAPIIntegrationPsl')).toBe(true);
    expect(isIntegrationLicense('Salesforce', 'SFDC')).toBe(false);
    expect(isIntegrationLicense(null, null)).toBe(false);
  });

  it('rounds to cents, half away from zero', () => {
    expect(roundMoney(1.005)).toBe(1.01);
    expect(roundMoney(2100)).toBe(2100);
    expect(roundMoney(0.1 + 0.2)).toBe(0.3);
    expect(roundMoney(-1.005)).toBe(-1.01);
  });
});

describe('unassignedPaidSeats', () => {
  it('is total minus used for paid licenses, never negative', () => {
    expect(unassignedPaidSeats(seat({ total: 10, used: 4 }), 5)).toBe(6);
    expect(unassignedPaidSeats(seat({ total: 5, used: 7 }), 5)).toBe(0);
    expect(unassignedPaidSeats(seat({ total: 0, used: 0 }), 5)).toBe(0);
  });

  it('does not charge the free Salesforce Integration seats, which users fill first', () => {
    const integration = { name: 'Salesforce Integration', licenseDefinitionKey: null };
    expect(unassignedPaidSeats(seat({ ...integration, total: 5, used: 1 }), 5)).toBe(0);
    expect(unassignedPaidSeats(seat({ ...integration, total: 15, used: 3 }), 5)).toBe(10);
    expect(unassignedPaidSeats(seat({ ...integration, total: 15, used: 8 }), 5)).toBe(7);
    expect(unassignedPaidSeats(seat({ ...integration, total: 15, used: 8 }), 0)).toBe(7);
    expect(unassignedPaidSeats(seat({ ...integration, total: 15, used: 3 }), 0)).toBe(12);
  });
});

describe('computeWaste', () => {
  const apiHeavy = user({ lastLoginDate: daysAgo(1) });
  const users = [
    user({ lastLoginDate: daysAgo(120) }), // inactive
    user({ lastLoginDate: null }), // never logged in
    user({ isFrozen: true }), // frozen
    apiHeavy, // integration on a human seat: not waste here
    user({
      licenseName: 'Salesforce Platform',
      licenseDefinitionKey: 'AUL',
      lastLoginDate: daysAgo(200)
    }),
    user({
      licenseName: 'Chatter Free',
      licenseDefinitionKey: 'CHATTER',
      lastLoginDate: daysAgo(200)
    }),
    user({ licenseName: null, licenseDefinitionKey: null, lastLoginDate: daysAgo(200) }),
    user(), // active
    user({ lastLoginDate: null, createdDate: daysAgo(2) }), // new
    user({ lastLoginDate: daysAgo(3) }), // unknown
    user({ isActive: false, lastLoginDate: daysAgo(400) }) // deactivated
  ];
  const groups = [
    group({ userId: users[7].id }),
    group({ userId: apiHeavy.id, loginType: 'Other Apex API', logins: 40 })
  ];
  const seats = [
    seat({ name: 'Salesforce', label: 'Salesforce', total: 20, used: 10 }),
    seat({
      name: 'Salesforce Platform',
      label: 'Platform',
      licenseDefinitionKey: 'AUL',
      total: 5,
      used: 5
    }),
    seat({
      name: 'Salesforce Integration',
      label: 'Integration',
      licenseDefinitionKey: null,
      total: 8,
      used: 2
    }),
    seat({
      source: 'PermissionSetLicense',
      name: 'SalesforceAPIIntegrationPsl',
      label: 'API PSL',
      licenseDefinitionKey: null,
      total: 8,
      used: 2
    }),
    seat({
      source: 'PermissionSetLicense',
      name: 'SomePsl',
      label: 'Some PSL',
      licenseDefinitionKey: null,
      total: 6,
      used: 2
    })
  ];
  const insights = insightsOf(users, groups);

  it('prices inactive, never-logged-in, frozen and unassigned seats per license', () => {
    expect(insights.map((i) => i.activity)).toEqual([
      'inactive',
      'neverLoggedIn',
      'frozen',
      'integration',
      'inactive',
      'inactive',
      'inactive',
      'active',
      'new',
      'unknown',
      'deactivated'
    ]);
    const report = computeWaste(insights, seats, SETTINGS, priceBook);
    expect(report.rows.map((row) => [row.key, row.wastedSeats, row.annualWaste])).toEqual([
      ['UserLicense:Salesforce', 13, 27300],
      ['UserLicense:Salesforce Integration', 3, 360],
      ['UserLicense:Salesforce Platform', 1, 300],
      ['PermissionSetLicense:SomePsl', 4, 0],
      [`UserLicense:${UNKNOWN_LICENSE_NAME}`, 1, 0],
      ['UserLicense:Chatter Free', 1, 0]
    ]);
    expect(report.rows[0]).toEqual({
      key: 'UserLicense:Salesforce',
      licenseName: 'Salesforce',
      label: 'Salesforce',
      monthlyPrice: 175,
      priced: true,
      inactiveSeats: 1,
      neverLoggedInSeats: 1,
      frozenSeats: 1,
      unassignedSeats: 10,
      wastedSeats: 13,
      monthlyWaste: 2275,
      annualWaste: 27300
    });
    expect(report.rows[2].label).toBe('Platform');
    expect(report).toMatchObject({
      currencyIsoCode: 'USD',
      wastedSeats: 23,
      monthlyWaste: 2330,
      annualWaste: 27960,
      unpricedLicenses: ['(none)', 'Chatter Free', 'SomePsl'],
      unassignedIncluded: true
    });
  });

  it('leaves unassigned seats out on request and narrows pools to a license list', () => {
    const noPools = computeWaste(insights, seats, SETTINGS, priceBook, {
      includeUnassigned: false
    });
    expect(noPools.unassignedIncluded).toBe(false);
    expect(noPools.rows.every((row) => row.unassignedSeats === 0)).toBe(true);
    expect(noPools.annualWaste).toBe(3 * 175 * 12 + 300);
    const platformOnly = computeWaste([], seats, SETTINGS, priceBook, {
      licenseNames: ['Salesforce']
    });
    expect(platformOnly.rows.map((row) => row.key)).toEqual(['UserLicense:Salesforce']);
    expect(platformOnly.annualWaste).toBe(10 * 175 * 12);
  });

  it('counts the integration PSL when the integration user license is not listed', () => {
    const report = computeWaste([], [seats[3]], SETTINGS, createPriceBook([]));
    expect(report.rows).toHaveLength(1);
    expect(report.rows[0]).toMatchObject({
      key: 'PermissionSetLicense:SalesforceAPIIntegrationPsl',
      unassignedSeats: 3
    });
  });

  it('is empty for an empty org', () => {
    expect(computeWaste([], [], SETTINGS, priceBook)).toEqual({
      currencyIsoCode: 'USD',
      rows: [],
      wastedSeats: 0,
      monthlyWaste: 0,
      annualWaste: 0,
      unpricedLicenses: [],
      unassignedIncluded: true
    });
  });
});
