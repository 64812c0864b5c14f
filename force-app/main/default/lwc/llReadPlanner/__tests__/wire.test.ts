import {
  decodeUserPage,
  emptyLoginCounts,
  emptyUserColumns,
  normalizeTrend
} from 'c/llReadPlanner';
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

/** The page as decodeUserPage gives it back: every instant as epoch milliseconds. */
function withEpochInstants(page: UserPage): UserPage {
  const ms = (instant: string | number) => {
    return typeof instant === 'number' ? instant : Date.parse(instant);
  };
  return {
    ...page,
    users: page.users.map((each) => ({
      ...each,
      lastLoginDate: each.lastLoginDate === null ? null : ms(each.lastLoginDate),
      createdDate: ms(each.createdDate)
    })),
    loginGroups: page.loginGroups.map((each) => ({
      ...each,
      lastLoginTime: ms(each.lastLoginTime)
    }))
  };
}

describe('decodeUserPage', () => {
  it('sends each profile and login group once and refers to them', () => {
    const wire = encodeUserPage(PAGE);
    expect(wire.profiles.map((profile) => profile.profileId)).toEqual(['00eSALES', '00eINTEG']);
    expect(wire.loginGroupKeys.map((key) => key.loginType)).toEqual([
      'Application',
      'Remote Access 2.0'
    ]);
    expect(wire.loginCounts.userIndexes).toEqual([0, 0, 1, 2]);
    expect(wire.loginCounts.groupKeyIndexes).toEqual([0, 1, 1, 0]);
    expect(wire.users.profileIndexes).toEqual([0, 1, 0]);
    expect(Object.keys(wire.users)).not.toContain('profileNames');
  });

  it('sends users and counts as columns, instants as epoch milliseconds', () => {
    const wire = encodeUserPage(PAGE);
    expect(wire.users.ids).toEqual(['0051', '0052', '0053']);
    expect(wire.users.createdTimes).toEqual([
      Date.UTC(2025, 0, 1),
      Date.UTC(2025, 0, 1),
      Date.UTC(2025, 0, 1)
    ]);
    expect(wire.loginCounts.lastLoginTimes[0]).toBe(Date.UTC(2026, 10, 23, 10));
    // The field names are sent once a page, not once a user: the page is far
    // smaller than the same users as one object each.
    const objects = JSON.stringify(PAGE.users);
    expect(JSON.stringify(wire.users).length).toBeLessThan(objects.length * 0.6);
  });

  it('reads an instant sent as a numeric text as well as a number', () => {
    const wire = encodeUserPage(PAGE);
    const texts = wire.users.createdTimes.map(String) as unknown as number[];
    const decoded = decodeUserPage({ ...wire, users: { ...wire.users, createdTimes: texts } });
    expect(decoded.users[0].createdDate).toBe(Date.UTC(2025, 0, 1));
  });

  it.each([
    ['an ISO text', '2025-01-01T00:00:00.000Z'],
    ['null', null],
    ['a number out of range', 9e15]
  ])('throws a TypeError for a creation time that is %s', (_what, value) => {
    const wire = encodeUserPage(PAGE);
    const createdTimes = [value, ...wire.users.createdTimes.slice(1)] as number[];
    expect(() => decodeUserPage({ ...wire, users: { ...wire.users, createdTimes } })).toThrow(
      /users\.createdTimes\[0\] is .*, not a time in epoch milliseconds/
    );
  });

  it('gives back the page that was encoded, its instants as epoch milliseconds (round trip)', () => {
    expect(decodeUserPage(encodeUserPage(PAGE))).toEqual(withEpochInstants(PAGE));
  });

  it('reads a field Apex left out because it was null as null, never as undefined', () => {
    // Whether the Lightning serializer sends null Apex fields is undocumented.
    const last = { ...PAGE, nextAfterUserId: null };
    function dropNulls(_key: string, value: unknown): unknown {
      return value === null ? undefined : value;
    }
    const wire = JSON.parse(JSON.stringify(encodeUserPage(last)), dropNulls) as UserPageDto;
    // Object fields are left out; list entries become holes (undefined).
    expect('nextAfterUserId' in wire).toBe(false);
    expect(wire.users.divisions[0]).toBeUndefined();
    expect(wire.users.isFrozen[1]).toBeUndefined();
    expect(decodeUserPage(wire)).toEqual(withEpochInstants(last));
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
    expect(decoded.loginGroups[2]).toEqual({
      ...group('0052', 'Remote Access 2.0', 2),
      lastLoginTime: Date.UTC(2026, 10, 22, 10)
    });
  });

  it('decodes a user with no profile with null profile fields', () => {
    const wire = encodeUserPage({ ...PAGE, users: [...PAGE.users, user('0054', null)] });
    expect(wire.users.profileIndexes[3]).toBeNull();
    expect(decodeUserPage(wire).users[3]).toMatchObject({
      profileId: null,
      profileName: null,
      licenseName: null,
      licenseDefinitionKey: null
    });
  });

  it('throws a TypeError for a profile index the page does not list', () => {
    const wire = encodeUserPage(PAGE);
    const profileIndexes = [5, ...wire.users.profileIndexes.slice(1)];
    expect(() => decodeUserPage({ ...wire, users: { ...wire.users, profileIndexes } })).toThrow(
      new TypeError("users.profileIndexes[0] is 5, outside the page's 2 profiles.")
    );
  });

  it('throws a TypeError when a column is shorter than the others', () => {
    const wire = encodeUserPage(PAGE);
    const names = wire.users.names.slice(1);
    expect(() => decodeUserPage({ ...wire, users: { ...wire.users, names } })).toThrow(
      new TypeError("The user page's users.names has 2 entries, not 3 like users.ids.")
    );
  });

  it('decodes a too-big answer as an empty page that keeps the cursor and reason', () => {
    const empty = encodeUserPage({ ...PAGE, users: [], loginGroups: [] });
    const tooBig: UserPageDto = {
      users: empty.users,
      profiles: [],
      loginGroupKeys: [],
      loginCounts: empty.loginCounts,
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
    ['userIndexes', 3, /loginCounts\.userIndexes\[1\] is 3, outside the page's 3 users/],
    ['userIndexes', -1, /userIndexes\[1\] is -1/],
    ['userIndexes', 0.5, /userIndexes\[1\] is 0.5/],
    [
      'groupKeyIndexes',
      2,
      /loginCounts\.groupKeyIndexes\[1\] is 2, outside the page's 2 login group keys/
    ]
  ] as const)('throws a TypeError for %s[1] = %s', (field, value, message) => {
    const wire = encodeUserPage(PAGE);
    const column = [...wire.loginCounts[field]];
    column[1] = value;
    const broken = { ...wire, loginCounts: { ...wire.loginCounts, [field]: column } };
    expect(() => decodeUserPage(broken)).toThrow(TypeError);
    expect(() => decodeUserPage(broken)).toThrow(message);
  });

  it.each(['profiles', 'loginGroupKeys'] as const)(
    'throws a TypeError naming a missing %s list',
    (list) => {
      const wire = { ...encodeUserPage(PAGE), [list]: undefined } as unknown as UserPageDto;
      expect(() => decodeUserPage(wire)).toThrow(
        new TypeError(`The user page has no ${list} list (got undefined).`)
      );
    }
  );

  it.each(['users', 'loginCounts'] as const)(
    'throws a TypeError naming missing %s columns',
    (list) => {
      const wire = { ...encodeUserPage(PAGE), [list]: undefined } as unknown as UserPageDto;
      expect(() => decodeUserPage(wire)).toThrow(
        new TypeError(`The user page has no ${list} columns (got undefined).`)
      );
    }
  );

  it('throws a TypeError naming a missing column', () => {
    const wire = encodeUserPage(PAGE);
    const { roleNames: _left, ...users } = wire.users;
    expect(() =>
      decodeUserPage({ ...wire, users: users as unknown as UserPageDto['users'] })
    ).toThrow(new TypeError('The user page has no users.roleNames list (got undefined).'));
  });

  it('throws a TypeError for an answer that is not an object', () => {
    expect(() => decodeUserPage(null as unknown as UserPageDto)).toThrow(
      'A user page must be an object, got null.'
    );
  });

  it('reads the old shape as an error, not as an empty page', () => {
    const old = { users: [], loginGroups: [], window: WINDOW, nextAfterUserId: null };
    expect(() => decodeUserPage(old as unknown as UserPageDto)).toThrow(/no profiles list/);
    // The object-per-user page of the previous contract is refused the same way.
    const objects = { ...encodeUserPage(PAGE), users: [], loginCounts: [] };
    expect(() => decodeUserPage(objects as unknown as UserPageDto)).toThrow(/no users\.ids list/);
  });
});

describe('emptyUserColumns and emptyLoginCounts', () => {
  it('are the lists decodeUserPage requires, empty, and new at each call', () => {
    const page = {
      ...encodeUserPage({ ...PAGE, users: [], loginGroups: [] }),
      users: emptyUserColumns(),
      loginCounts: emptyLoginCounts()
    };
    expect(decodeUserPage(page)).toMatchObject({ users: [], loginGroups: [] });
    // Dropping any one list is refused: the keys are the required lists.
    for (const key of Object.keys(emptyUserColumns())) {
      const users = { ...emptyUserColumns(), [key]: undefined } as unknown as UserPageDto['users'];
      expect(() => decodeUserPage({ ...page, users })).toThrow(`users.${key}`);
    }
    const first = emptyUserColumns();
    first.ids.push('005');
    expect(emptyUserColumns().ids).toEqual([]);
  });
});
