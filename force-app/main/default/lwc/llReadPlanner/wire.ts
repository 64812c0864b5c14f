/**
 * The user page as Apex sends it (UserPageDto: profiles and login groups sent
 * once, counts by index) turned into the shape the planner merges and the
 * analytics read (UserDto and UserLoginGroupDto lists). Pure. A page that
 * breaks the wire contract (a list missing, an index out of range) throws a
 * TypeError that names the problem rather than yielding wrong users or logins.
 *
 * Every nullable field is read as `?? null`: Salesforce's documentation does
 * not say whether the Lightning serializer sends an Apex field that is null
 * or leaves it out (it leaves out null sObject fields), and an absent
 * nextAfterUserId, isFrozen or lastLoginDate read as `undefined` would mean
 * "read page 1 again", "not frozen" or a wrong classification. Null is
 * "unknown" or "none", as the contract says.
 */
import type {
  LoginGroupKeyDto,
  LoginWindowDto,
  PageProfileDto,
  UserDto,
  UserLoginGroupDto,
  UserPageDto
} from '../../../../types/contract';

/** One page of users with their login groups, decoded (see decodeUserPage). */
export interface UserPage {
  /** The users of the page, ordered by Id, with what their profile says. */
  users: UserDto[];
  /** Logins per user and group over the slice, in the order of UserPageDto.loginCounts. */
  loginGroups: UserLoginGroupDto[];
  window: LoginWindowDto;
  /** Pass as afterUserId to get the next page; null on the last page. */
  nextAfterUserId: string | null;
  /** True when the slice did not fit in one call: no users, no groups (see UserPageDto). */
  tooBig: boolean;
  /** Why the slice was too big, in words; null when it fitted. */
  tooBigReason: string | null;
}

const LISTS = ['users', 'profiles', 'loginGroupKeys', 'loginCounts'] as const;

/**
 * A login window with its nullable field as null when Apex left it out (see
 * the module comment). @throws TypeError when the window itself is missing
 */
export function normalizeWindow(window: LoginWindowDto): LoginWindowDto {
  if (window === null || typeof window !== 'object') {
    throw new TypeError('An answer came without its login window.');
  }
  return { ...window, rolledUpThroughDay: window.rolledUpThroughDay ?? null };
}

function requireLists(dto: UserPageDto): void {
  if (dto === null || typeof dto !== 'object') {
    throw new TypeError(
      `A user page must be an object, got ${dto === null ? 'null' : typeof dto}.`
    );
  }
  for (const list of LISTS) {
    if (!Array.isArray(dto[list])) {
      throw new TypeError(`The user page has no ${list} list (got ${typeof dto[list]}).`);
    }
  }
}

function entryAt<T>(list: readonly T[], index: number, what: string, at: number): T {
  if (!Number.isInteger(index) || index < 0 || index >= list.length) {
    throw new TypeError(
      `loginCounts[${at}].${what} is ${index}, outside the page's ${list.length} ` +
        `${what === 'userIndex' ? 'users' : 'login group keys'}.`
    );
  }
  return list[index];
}

/**
 * The decoded page: each user with the name and licence of its profile (null
 * when the user has no profileId or the page does not list it), each count
 * as a login group of its user. Orders are kept.
 * @throws TypeError when a list is missing or a count's index is out of range
 */
export function decodeUserPage(dto: UserPageDto): UserPage {
  requireLists(dto);
  const profiles = new Map<string, PageProfileDto>();
  for (const profile of dto.profiles) profiles.set(profile.profileId, profile);
  const users: UserDto[] = dto.users.map((user) => {
    const profile = user.profileId == null ? undefined : profiles.get(user.profileId);
    return {
      id: user.id,
      username: user.username,
      name: user.name,
      isActive: user.isActive,
      isFrozen: user.isFrozen ?? null,
      userType: user.userType,
      department: user.department ?? null,
      division: user.division ?? null,
      profileId: user.profileId ?? null,
      profileName: profile?.profileName ?? null,
      licenseName: profile?.licenseName ?? null,
      licenseDefinitionKey: profile?.licenseDefinitionKey ?? null,
      roleName: user.roleName ?? null,
      forecastEnabled: user.forecastEnabled,
      lastLoginDate: user.lastLoginDate ?? null,
      createdDate: user.createdDate,
      permissionSetLicenses: user.permissionSetLicenses ?? []
    };
  });
  const loginGroups: UserLoginGroupDto[] = dto.loginCounts.map((count, at) => {
    const user = entryAt(dto.users, count.userIndex, 'userIndex', at);
    const key: LoginGroupKeyDto = entryAt(
      dto.loginGroupKeys,
      count.groupKeyIndex,
      'groupKeyIndex',
      at
    );
    return {
      userId: user.id,
      loginType: key.loginType,
      loginSubType: key.loginSubType ?? null,
      status: key.status,
      application: key.application ?? null,
      logins: count.logins,
      lastLoginTime: count.lastLoginTime
    };
  });
  return {
    users,
    loginGroups,
    window: normalizeWindow(dto.window),
    nextAfterUserId: dto.nextAfterUserId ?? null,
    tooBig: dto.tooBig === true,
    tooBigReason: dto.tooBigReason ?? null
  };
}
