/**
 * Matching login groups to users without hashing every id when the two lists
 * come in the same order (as the controller returns them, both by user Id).
 * Internal to the bundle: not re-exported from llAnalytics.ts.
 */
import type { UserDto } from '../../../../types/contract';

/** Owner index of a group whose user is not in the list. */
export const NO_OWNER = -1;

/** userId → index of its first row. */
function indexById(users: readonly { id: string }[]): Map<string, number> {
  const byId = new Map<string, number>();
  // Walk backwards so the first row of a repeated id wins.
  for (let index = users.length - 1; index >= 0; index--) byId.set(users[index].id, index);
  return byId;
}

/**
 * The index in `users` of each group's user (NO_OWNER when absent). Walks both
 * lists together while the groups follow the users' order; at the first group
 * that does not, switches to a map for the rest. O(users + groups) either way.
 */
export function matchGroupsToUsers(
  users: readonly Pick<UserDto, 'id'>[],
  groups: readonly { userId: string }[]
): Int32Array {
  const owners = new Int32Array(groups.length);
  let cursor = 0;
  let byId: Map<string, number> | null = null;
  for (let index = 0; index < groups.length; index++) {
    const userId = groups[index].userId;
    if (byId === null) {
      let next = cursor;
      while (next < users.length && users[next].id !== userId) next++;
      if (next < users.length) {
        cursor = next;
        owners[index] = next;
        continue;
      }
      byId = indexById(users);
    }
    owners[index] = byId.get(userId) ?? NO_OWNER;
  }
  return owners;
}
