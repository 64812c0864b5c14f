/**
 * The user page as Apex sends it (UserPageDto: users and counts as columns,
 * instants in epoch milliseconds, profiles and login groups sent once and
 * referred to by index) turned into the shape the planner merges and the
 * analytics read (UserDto and UserLoginGroupDto lists; their instants stay
 * epoch milliseconds, an Instant). Pure. A page that
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
  LoginCountColumnsDto,
  LoginGroupKeyDto,
  LoginWindowDto,
  PageProfileDto,
  PageUserColumnsDto,
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

const LISTS = ['profiles', 'loginGroupKeys'] as const;

/**
 * Users with no entry yet, one empty list per PageUserColumnsDto field: what
 * a too-big page sends, and where an encoder starts. Its keys are the lists
 * decodeUserPage requires.
 */
export function emptyUserColumns(): PageUserColumnsDto {
  return {
    ids: [],
    usernames: [],
    names: [],
    isActive: [],
    isFrozen: [],
    userTypes: [],
    departments: [],
    divisions: [],
    profileIndexes: [],
    roleNames: [],
    forecastEnabled: [],
    lastLoginTimes: [],
    createdTimes: [],
    permissionSetLicenses: []
  };
}

/** Counts with no entry yet, one empty list per LoginCountColumnsDto field. */
export function emptyLoginCounts(): LoginCountColumnsDto {
  return { userIndexes: [], groupKeyIndexes: [], logins: [], lastLoginTimes: [] };
}

const USER_COLUMNS = Object.keys(emptyUserColumns()) as Array<keyof PageUserColumnsDto>;
const COUNT_COLUMNS = Object.keys(emptyLoginCounts()) as Array<keyof LoginCountColumnsDto>;

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

/**
 * The columns object's lists, checked to be lists of one length.
 * @throws TypeError naming the first list missing or of another length
 */
function requireColumns<K extends string>(
  columns: unknown,
  names: readonly K[],
  what: string
): { length: number } {
  if (columns === null || typeof columns !== 'object') {
    throw new TypeError(
      `The user page has no ${what} columns (got ${columns === null ? 'null' : typeof columns}).`
    );
  }
  const lists = columns as Record<string, unknown>;
  let length = -1;
  for (const name of names) {
    const list = lists[name];
    if (!Array.isArray(list)) {
      throw new TypeError(`The user page has no ${what}.${name} list (got ${typeof list}).`);
    }
    if (length === -1) length = list.length;
    else if (list.length !== length) {
      throw new TypeError(
        `The user page's ${what}.${name} has ${list.length} entries, not ${length} like ${what}.${names[0]}.`
      );
    }
  }
  return { length: Math.max(length, 0) };
}

function requireLists(dto: UserPageDto): { users: number; counts: number } {
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
  return {
    users: requireColumns(dto.users, USER_COLUMNS, 'users').length,
    counts: requireColumns(dto.loginCounts, COUNT_COLUMNS, 'loginCounts').length
  };
}

function entryAt<T>(list: readonly T[], index: number, what: string, at: string): T {
  if (!Number.isInteger(index) || index < 0 || index >= list.length) {
    throw new TypeError(`${at} is ${index}, outside the page's ${list.length} ${what}.`);
  }
  return list[index];
}

/** The most milliseconds from the epoch a Date holds (ECMAScript's time value range). */
const MAX_TIME_MS = 8.64e15;

/**
 * An instant of the page: epoch milliseconds (an Apex Long), kept as a
 * number (llAnalytics' parseInstant reads it; no text is built for each of
 * the 400,000-odd instants of a 100,000-user load). A numeric text is read
 * too: the documentation does not say whether Lightning sends an Apex Long
 * as a JSON number.
 * @throws TypeError for anything else, naming where it was
 */
function instantOf(value: number | string, at: string): number {
  const ms = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof ms !== 'number' || !Number.isInteger(ms) || Math.abs(ms) > MAX_TIME_MS) {
    throw new TypeError(`${at} is ${JSON.stringify(value)}, not a time in epoch milliseconds.`);
  }
  return ms;
}

/**
 * The decoded page: each user with the name and licence of its profile (null
 * when the user has no profile), each count as a login group of its user.
 * Orders are kept.
 * @throws TypeError when a list is missing or of the wrong length, an index is
 * out of range or an instant is not a number
 */
export function decodeUserPage(dto: UserPageDto): UserPage {
  const sizes = requireLists(dto);
  const columns = dto.users;
  const users: UserDto[] = new Array<UserDto>(sizes.users);
  for (let i = 0; i < sizes.users; i++) {
    const profileIndex = columns.profileIndexes[i] ?? null;
    const profile: PageProfileDto | null =
      profileIndex === null
        ? null
        : entryAt(dto.profiles, profileIndex, 'profiles', `users.profileIndexes[${i}]`);
    const lastLogin = columns.lastLoginTimes[i] ?? null;
    users[i] = {
      id: columns.ids[i],
      username: columns.usernames[i],
      name: columns.names[i],
      isActive: columns.isActive[i],
      isFrozen: columns.isFrozen[i] ?? null,
      userType: columns.userTypes[i],
      department: columns.departments[i] ?? null,
      division: columns.divisions[i] ?? null,
      profileId: profile?.profileId ?? null,
      profileName: profile?.profileName ?? null,
      licenseName: profile?.licenseName ?? null,
      licenseDefinitionKey: profile?.licenseDefinitionKey ?? null,
      roleName: columns.roleNames[i] ?? null,
      forecastEnabled: columns.forecastEnabled[i],
      lastLoginDate: lastLogin === null ? null : instantOf(lastLogin, `users.lastLoginTimes[${i}]`),
      createdDate: instantOf(columns.createdTimes[i], `users.createdTimes[${i}]`),
      permissionSetLicenses: columns.permissionSetLicenses[i] ?? []
    };
  }
  const counts = dto.loginCounts;
  const loginGroups: UserLoginGroupDto[] = new Array<UserLoginGroupDto>(sizes.counts);
  for (let i = 0; i < sizes.counts; i++) {
    const user = entryAt(users, counts.userIndexes[i], 'users', `loginCounts.userIndexes[${i}]`);
    const key: LoginGroupKeyDto = entryAt(
      dto.loginGroupKeys,
      counts.groupKeyIndexes[i],
      'login group keys',
      `loginCounts.groupKeyIndexes[${i}]`
    );
    loginGroups[i] = {
      userId: user.id,
      loginType: key.loginType,
      loginSubType: key.loginSubType ?? null,
      status: key.status,
      application: key.application ?? null,
      logins: counts.logins[i],
      lastLoginTime: instantOf(counts.lastLoginTimes[i], `loginCounts.lastLoginTimes[${i}]`)
    };
  }
  return {
    users,
    loginGroups,
    window: normalizeWindow(dto.window),
    nextAfterUserId: dto.nextAfterUserId ?? null,
    tooBig: dto.tooBig === true,
    tooBigReason: dto.tooBigReason ?? null
  };
}
