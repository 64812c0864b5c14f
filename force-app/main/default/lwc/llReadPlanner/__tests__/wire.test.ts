import { decodeUserPage, normalizeTrend } from 'c/llReadPlanner';
import type { UserPage } from 'c/llReadPlanner';
import type { UserDto, UserLoginGroupDto, UserPageDto } from '../../../../../types/contract';
import { encodeUserPage } from '../../../../../test/jest-mocks/encodeUserPage';
import { FakeOrg } from './fakeOrg';

const WINDOW = new FakeOrg({ users: 0, days: 3, logins: () => 0, liveBudget: 1 }).window(
  null,
  false,
  9
);

function user(id: string, profile: 'sales' | 'integration' | null): UserDto {
  const profiles = {
    sales: ['00eSALES', 'Standard User', 'Salesforce', 'SFDC'],
    integration: ['00eINTEG', 'Minimum Access - API Only', 'Salesforce Integration', 'SFDC_INT']
  } as const;
  const [profileId, profileName, licenseName, licenseDefinitionKey] = profile
    ? profiles[profile]
    : [null, null, null, null];
  return {
    id,
    username: `${id}@example.com`,
    name: `Name ${id}`,
    isActive: true,
    isFrozen: id.endsWith('2') ? null : false,
    userType: 'Standard',
    department: 'Sales',
    division: null,
    profileId,
    profileName,
    licenseName,
    licenseDefinitionKey,
    roleName: null,
    forecastEnabled: false,
    lastLoginDate: '2026-11-20T08:00:00.000Z',
    createdDate: '2025-01-01T00:00:00.000Z',
    permissionSetLicenses: ['SalesConsoleUser']
  };
}

function group(userId: string, loginType: string, logins: number): UserLoginGroupDto {
  return {
    userId,
    loginType,
    loginSubType: null,
    status: 'Success',
    application: loginType === 'Application' ? 'Browser' : null,
    logins,
    lastLoginTime: `2026-11-2${logins}T10:00:00.000Z`
  };
}

const PAGE: UserPage = {
  users: [user('0051', 'sales'), user('0052', 'integration'), user('0053', 'sales')],
  loginGroups: [
    group('0051', 'Application', 3),
    group('0051', 'Remote Access 2.0', 1),
    group('0052', 'Remote Access 2.0', 2),
    group('0053', 'Application', 1)
  ],
  window: WINDOW,
  nextAfterUserId: '0053',
  tooBig: false,
  tooBigReason: null
};

describe('decodeUserPage', () => {
  it('sends each profile and login group once and refers to them', () => {
    const wire = encodeUserPage(PAGE);
    expect(wire.profiles.map((profile) => profile.profileId)).toEqual(['00eSALES', '00eINTEG']);
    expect(wire.loginGroupKeys.map((key) => key.loginType)).toEqual([
      'Application',
      'Remote Access 2.0'
    ]);
    expect(wire.loginCounts.map((count) => [count.userIndex, count.groupKeyIndex])).toEqual([
      [0, 0],
      [0, 1],
      [1, 1],
      [2, 0]
    ]);
    expect(Object.keys(wire.users[0])).not.toContain('profileName');
  });

  it('gives back the page that was encoded (round trip)', () => {
    expect(decodeUserPage(encodeUserPage(PAGE))).toEqual(PAGE);
  });

  it('reads a field Apex left out because it was null as null, never as undefined', () => {
    // Whether the Lightning serializer sends null Apex fields is undocumented.
    const last = { ...PAGE, nextAfterUserId: null };
    function dropNulls(_key: string, value: unknown): unknown {
      return value === null ? undefined : value;
    }
    const wire = JSON.parse(JSON.stringify(encodeUserPage(last)), dropNulls) as UserPageDto;
    expect(JSON.stringify(wire)).not.toContain('null');
    expect(decodeUserPage(wire)).toEqual(last);
  });

  it('reads a trend answer with its null fields left out the same way', () => {
    const answer = {
      window: { ...WINDOW, rolledUpThroughDay: undefined },
      daily: [
        {
          day: '2026-11-21',
          loginType: 'Application',
          status: 'Success',
          logins: 2,
          uniqueUsers: 1
        }
      ],
      dailyUniqueUsers: [{ day: '2026-11-21', uniqueUsers: 1 }],
      tooBig: false
    } as unknown as Parameters<typeof normalizeTrend>[0];
    expect(normalizeTrend(answer)).toEqual({
      window: { ...WINDOW, rolledUpThroughDay: null },
      daily: [
        {
          day: '2026-11-21',
          loginType: 'Application',
          loginSubType: null,
          status: 'Success',
          application: null,
          logins: 2,
          uniqueUsers: 1
        }
      ],
      dailyUniqueUsers: [{ day: '2026-11-21', uniqueUsers: 1, uniqueUsersCapped: false }],
      tooBig: false,
      tooBigReason: null
    });
    expect(() => normalizeTrend({ ...answer, window: undefined } as never)).toThrow(
      'An answer came without its login window.'
    );
  });

  it('takes a user profile fields from the profile it names', () => {
    const decoded = decodeUserPage(encodeUserPage(PAGE));
    expect(decoded.users[1]).toMatchObject({
      profileId: '00eINTEG',
      profileName: 'Minimum Access - API Only',
      licenseName: 'Salesforce Integration',
      licenseDefinitionKey: 'SFDC_INT'
    });
    expect(decoded.loginGroups[2]).toEqual(group('0052', 'Remote Access 2.0', 2));
  });

  it('decodes a user with no profile, or one the page does not list, with null profile fields', () => {
    const wire = encodeUserPage({ ...PAGE, users: [...PAGE.users, user('0054', null)] });
    wire.users[0] = { ...wire.users[0], profileId: '00eMISSING' };
    const decoded = decodeUserPage(wire);
    for (const index of [0, 3]) {
      expect(decoded.users[index]).toMatchObject({
        profileName: null,
        licenseName: null,
        licenseDefinitionKey: null
      });
    }
    expect(decoded.users[0].profileId).toBe('00eMISSING');
    expect(decoded.users[3].profileId).toBeNull();
  });

  it('decodes a too-big answer as an empty page that keeps the cursor and reason', () => {
    const tooBig: UserPageDto = {
      users: [],
      profiles: [],
      loginGroupKeys: [],
      loginCounts: [],
      window: { ...WINDOW, coveredDays: 0, truncated: true, rowsRead: 0 },
      nextAfterUserId: '0050',
      tooBig: true,
      tooBigReason: 'More than 48,000 rows'
    };
    expect(decodeUserPage(tooBig)).toEqual({
      users: [],
      loginGroups: [],
      window: tooBig.window,
      nextAfterUserId: '0050',
      tooBig: true,
      tooBigReason: 'More than 48,000 rows'
    });
  });

  it.each([
    ['userIndex', 3, /loginCounts\[1\]\.userIndex is 3, outside the page's 3 users/],
    ['userIndex', -1, /userIndex is -1/],
    ['userIndex', 0.5, /userIndex is 0.5/],
    ['groupKeyIndex', 2, /loginCounts\[1\]\.groupKeyIndex is 2, outside the page's 2 login group/]
  ] as const)('throws a TypeError for a %s of %s', (field, value, message) => {
    const wire = encodeUserPage(PAGE);
    wire.loginCounts[1] = { ...wire.loginCounts[1], [field]: value };
    expect(() => decodeUserPage(wire)).toThrow(TypeError);
    expect(() => decodeUserPage(wire)).toThrow(message);
  });

  it.each(['users', 'profiles', 'loginGroupKeys', 'loginCounts'] as const)(
    'throws a TypeError naming a missing %s list',
    (list) => {
      const wire = { ...encodeUserPage(PAGE), [list]: undefined } as unknown as UserPageDto;
      expect(() => decodeUserPage(wire)).toThrow(
        new TypeError(`The user page has no ${list} list (got undefined).`)
      );
    }
  );

  it('throws a TypeError for an answer that is not an object', () => {
    expect(() => decodeUserPage(null as unknown as UserPageDto)).toThrow(
      'A user page must be an object, got null.'
    );
  });

  it('reads the old shape as an error, not as an empty page', () => {
    const old = { users: [], loginGroups: [], window: WINDOW, nextAfterUserId: null };
    expect(() => decodeUserPage(old as unknown as UserPageDto)).toThrow(/no profiles list/);
  });
});
