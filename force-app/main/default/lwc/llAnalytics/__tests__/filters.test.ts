import {
  analyzeUsers,
  buildFilterOptions,
  createOrgCalendar,
  createPriceBook,
  createUserFilter,
  FILTER_FIELDS,
  filterUsers,
  isEmptyFilter,
  narrowsBeyondLicense,
  NONE_FILTER_LABEL,
  NONE_FILTER_VALUE
} from 'c/llAnalytics';
import type { UserInsight } from 'c/llAnalytics';
import type { UserDto } from '../../../../../types/contract';
import { daysAgo, group, LA, loginWindow, NOW_MS, PRICES, SETTINGS, user } from './fixtures';

const people: UserDto[] = [
  user({
    name: 'Ada Lovelace',
    username: 'ada@example.com',
    department: 'Sales',
    division: 'EMEA',
    roleName: 'Rep'
  }),
  user({
    name: 'Grace Hopper',
    username: 'grace@example.com',
    department: 'Support',
    division: null,
    roleName: null
  }),
  user({
    name: 'Alan Turing',
    username: 'bot@example.com',
    department: null,
    profileName: 'System Administrator'
  }),
  user({
    name: 'Linus',
    username: 'linus@example.com',
    department: 'sales',
    licenseName: 'Salesforce Platform',
    licenseDefinitionKey: 'AUL',
    userType: 'PowerPartner',
    lastLoginDate: daysAgo(200)
  }),
  user({ name: 'Empty Dept', username: 'empty@example.com', department: '' })
];
const insights: UserInsight[] = analyzeUsers(people, {
  loginGroups: [group({ userId: people[2].id, loginType: 'Other Apex API', logins: 50 })],
  window: loginWindow(30),
  settings: SETTINGS,
  calendar: createOrgCalendar(LA),
  priceBook: createPriceBook(PRICES),
  now: NOW_MS
});
const names = (rows: readonly UserInsight[]) => rows.map((row) => row.user.name);

describe('isEmptyFilter / narrowsBeyondLicense', () => {
  it('sees no filter in nothing, empty lists and blank text', () => {
    expect(isEmptyFilter(undefined)).toBe(true);
    expect(isEmptyFilter(null)).toBe(true);
    expect(
      isEmptyFilter({ departments: [], search: '   ', integrationsOnly: false, activities: [] })
    ).toBe(true);
    expect(isEmptyFilter({ roles: ['Rep'] })).toBe(false);
    expect(isEmptyFilter({ search: 'x' })).toBe(false);
    expect(isEmptyFilter({ integrationsOnly: true })).toBe(false);
  });

  it('knows when a filter narrows by more than the license', () => {
    expect(narrowsBeyondLicense(null)).toBe(false);
    expect(narrowsBeyondLicense({ licenses: ['Salesforce'] })).toBe(false);
    expect(narrowsBeyondLicense({ licenses: ['Salesforce'], departments: ['Sales'] })).toBe(true);
    expect(narrowsBeyondLicense({ activities: ['inactive'] })).toBe(true);
  });
});

describe('filterUsers', () => {
  it('returns the same array when nothing filters', () => {
    expect(filterUsers(insights, {})).toBe(insights);
  });

  it('matches field values exactly, any of a list, and (none) for null or empty', () => {
    expect(names(filterUsers(insights, { departments: ['Sales'] }))).toEqual(['Ada Lovelace']);
    expect(names(filterUsers(insights, { departments: ['Sales', 'sales'] }))).toEqual([
      'Ada Lovelace',
      'Linus'
    ]);
    expect(names(filterUsers(insights, { departments: [NONE_FILTER_VALUE] }))).toEqual([
      'Alan Turing',
      'Empty Dept'
    ]);
    expect(names(filterUsers(insights, { divisions: [NONE_FILTER_VALUE] }))).toEqual([
      'Grace Hopper'
    ]);
    expect(names(filterUsers(insights, { roles: [NONE_FILTER_VALUE] }))).toEqual(['Grace Hopper']);
    expect(names(filterUsers(insights, { profiles: ['System Administrator'] }))).toEqual([
      'Alan Turing'
    ]);
    expect(names(filterUsers(insights, { licenses: ['Salesforce Platform'] }))).toEqual(['Linus']);
    expect(names(filterUsers(insights, { userTypes: ['PowerPartner'] }))).toEqual(['Linus']);
  });

  it('combines fields with AND, and filters by activity and integrations', () => {
    expect(
      names(filterUsers(insights, { departments: ['Sales', 'Support'], roles: ['Rep'] }))
    ).toEqual(['Ada Lovelace']);
    expect(names(filterUsers(insights, { activities: ['inactive'] }))).toEqual(['Linus']);
    expect(names(filterUsers(insights, { activities: ['integration'] }))).toEqual(['Alan Turing']);
    expect(names(filterUsers(insights, { integrationsOnly: true }))).toEqual(['Alan Turing']);
  });

  it('searches name and username case-insensitively', () => {
    expect(names(filterUsers(insights, { search: '  TURING ' }))).toEqual(['Alan Turing']);
    expect(names(filterUsers(insights, { search: 'bot@' }))).toEqual(['Alan Turing']);
    expect(names(filterUsers(insights, { search: 'nobody' }))).toEqual([]);
  });

  it('gives a reusable predicate', () => {
    const isSales = createUserFilter({ departments: ['Sales'] });
    expect(insights.map(isSales)).toEqual([true, false, false, false, false]);
    expect(insights.every(createUserFilter(null))).toBe(true);
  });
});

describe('buildFilterOptions', () => {
  it('lists distinct values with counts, sorted case-insensitively, (none) last', () => {
    const options = buildFilterOptions(insights);
    expect(Object.keys(options)).toEqual([...FILTER_FIELDS]);
    expect(options.department).toEqual([
      { value: 'Sales', label: 'Sales', count: 1 },
      { value: 'sales', label: 'sales', count: 1 },
      { value: 'Support', label: 'Support', count: 1 },
      { value: NONE_FILTER_VALUE, label: NONE_FILTER_LABEL, count: 2 }
    ]);
    expect(options.license).toEqual([
      { value: 'Salesforce', label: 'Salesforce', count: 4 },
      { value: 'Salesforce Platform', label: 'Salesforce Platform', count: 1 }
    ]);
    expect(options.division.at(-1)).toEqual({
      value: NONE_FILTER_VALUE,
      label: '(none)',
      count: 1
    });
    expect(options.userType.map((o) => o.value)).toEqual(['PowerPartner', 'Standard']);
  });

  it('is empty for an empty org', () => {
    const options = buildFilterOptions([]);
    for (const field of FILTER_FIELDS) expect(options[field]).toEqual([]);
  });
});
