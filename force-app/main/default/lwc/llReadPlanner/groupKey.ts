import type { UserLoginGroupDto } from '../../../../types/contract';

/** The fields a login group is told apart by (LoginHistory's groupable fields). */
export type LoginGroupFields = Pick<
  UserLoginGroupDto,
  'loginType' | 'loginSubType' | 'status' | 'application'
>;

/**
 * One text per owner (a user Id, or a day) and login group, for merging the
 * answers of several slices or parts: null and "null" stay apart.
 */
export function loginGroupKey(owner: string, group: LoginGroupFields): string {
  return JSON.stringify([
    owner,
    group.loginType,
    group.loginSubType,
    group.status,
    group.application
  ]);
}
