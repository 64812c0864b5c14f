/**
 * The inverse of decodeUserPage, for tests only (component fixtures, the read
 * planner's fake org; Apex and the preview controller build the compact page
 * themselves): users and counts as columns, instants as epoch milliseconds,
 * profiles in the order their first user appears, login group keys in the
 * order their first count appears, one count per login group in the groups'
 * order.
 */
import { emptyLoginCounts, emptyUserColumns } from 'c/llReadPlanner';
import type { UserPage } from 'c/llReadPlanner';
import type {
  Instant,
  LoginCountColumnsDto,
  LoginGroupKeyDto,
  PageProfileDto,
  PageUserColumnsDto,
  UserPageDto
} from '../../types/contract';

/** An Instant as epoch milliseconds. @throws Error for a text that is not an ISO instant */
function msOf(instant: Instant): number {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  if (Number.isNaN(ms)) throw new Error(`encodeUserPage: "${instant}" is not an ISO instant.`);
  return ms;
}

/**
 * The page as Apex sends it.
 * @throws Error for a login group whose user is not on the page (Apex sends none)
 */
export function encodeUserPage(page: UserPage): UserPageDto {
  const profileIndexes = new Map<string, number>();
  const profiles: PageProfileDto[] = [];
  const userIndexes = new Map<string, number>();
  const users: PageUserColumnsDto = emptyUserColumns();
  page.users.forEach((user, index) => {
    userIndexes.set(user.id, index);
    let profileIndex: number | null = null;
    if (user.profileId !== null) {
      profileIndex = profileIndexes.get(user.profileId) ?? profiles.length;
      if (profileIndex === profiles.length) {
        profileIndexes.set(user.profileId, profileIndex);
        profiles.push({
          profileId: user.profileId,
          profileName: user.profileName,
          licenseName: user.licenseName,
          licenseDefinitionKey: user.licenseDefinitionKey
        });
      }
    }
    users.ids.push(user.id);
    users.usernames.push(user.username);
    users.names.push(user.name);
    users.isActive.push(user.isActive);
    users.isFrozen.push(user.isFrozen);
    users.userTypes.push(user.userType);
    users.departments.push(user.department);
    users.divisions.push(user.division);
    users.profileIndexes.push(profileIndex);
    users.roleNames.push(user.roleName);
    users.forecastEnabled.push(user.forecastEnabled);
    users.lastLoginTimes.push(user.lastLoginDate === null ? null : msOf(user.lastLoginDate));
    users.createdTimes.push(msOf(user.createdDate));
    users.permissionSetLicenses.push(user.permissionSetLicenses);
  });
  const keyIndexes = new Map<string, number>();
  const loginGroupKeys: LoginGroupKeyDto[] = [];
  const loginCounts: LoginCountColumnsDto = emptyLoginCounts();
  for (const group of page.loginGroups) {
    const userIndex = userIndexes.get(group.userId);
    if (userIndex === undefined) {
      throw new Error(`encodeUserPage: the group's user ${group.userId} is not on the page.`);
    }
    const { loginType, loginSubType, status, application } = group;
    const key = JSON.stringify([loginType, loginSubType, status, application]);
    let groupKeyIndex = keyIndexes.get(key);
    if (groupKeyIndex === undefined) {
      groupKeyIndex = loginGroupKeys.length;
      keyIndexes.set(key, groupKeyIndex);
      loginGroupKeys.push({ loginType, loginSubType, status, application });
    }
    loginCounts.userIndexes.push(userIndex);
    loginCounts.groupKeyIndexes.push(groupKeyIndex);
    loginCounts.logins.push(group.logins);
    loginCounts.lastLoginTimes.push(msOf(group.lastLoginTime));
  }
  return {
    users,
    profiles,
    loginGroupKeys,
    loginCounts,
    window: page.window,
    nextAfterUserId: page.nextAfterUserId,
    tooBig: page.tooBig,
    tooBigReason: page.tooBigReason
  };
}
