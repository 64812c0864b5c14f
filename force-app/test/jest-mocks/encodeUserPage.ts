/**
 * The inverse of decodeUserPage, for tests only (component fixtures, the read
 * planner's fake org; Apex and the preview controller build the compact page
 * themselves): profiles in the order their first user appears, login group
 * keys in the order their first count appears, one count per login group in
 * the groups' order.
 */
import type { UserPage } from 'c/llReadPlanner';
import type {
  LoginCountDto,
  LoginGroupKeyDto,
  PageProfileDto,
  PageUserDto,
  UserPageDto
} from '../../types/contract';

/**
 * The page as Apex sends it.
 * @throws Error for a login group whose user is not on the page (Apex sends none)
 */
export function encodeUserPage(page: UserPage): UserPageDto {
  const profiles = new Map<string, PageProfileDto>();
  const userIndexes = new Map<string, number>();
  const users: PageUserDto[] = page.users.map((user, index) => {
    userIndexes.set(user.id, index);
    if (user.profileId !== null && !profiles.has(user.profileId)) {
      profiles.set(user.profileId, {
        profileId: user.profileId,
        profileName: user.profileName,
        licenseName: user.licenseName,
        licenseDefinitionKey: user.licenseDefinitionKey
      });
    }
    return {
      id: user.id,
      username: user.username,
      name: user.name,
      isActive: user.isActive,
      isFrozen: user.isFrozen,
      userType: user.userType,
      department: user.department,
      division: user.division,
      profileId: user.profileId,
      roleName: user.roleName,
      forecastEnabled: user.forecastEnabled,
      lastLoginDate: user.lastLoginDate,
      createdDate: user.createdDate,
      permissionSetLicenses: user.permissionSetLicenses
    };
  });
  const keyIndexes = new Map<string, number>();
  const loginGroupKeys: LoginGroupKeyDto[] = [];
  const loginCounts: LoginCountDto[] = page.loginGroups.map((group) => {
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
    return { userIndex, groupKeyIndex, logins: group.logins, lastLoginTime: group.lastLoginTime };
  });
  return {
    users,
    profiles: [...profiles.values()],
    loginGroupKeys,
    loginCounts,
    window: page.window,
    nextAfterUserId: page.nextAfterUserId,
    tooBig: page.tooBig,
    tooBigReason: page.tooBigReason
  };
}
