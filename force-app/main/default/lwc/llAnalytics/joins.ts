/**
 * Matching login groups to users without hashing every id when the two lists
 * come in the same order (as the controller returns them, both by user Id).
 * Internal to the bundle: not re-exported from llAnalytics.ts.
 */
import type { UserDto } from '../../../../types/contract';

/** Owner index of a group whose user is not in the list. */
export const NO_OWNER = -1;

/**
 * Finds users by id for a stream of group user ids. Walks the users forward
 * while the ids come in the users' order; at the first id that does not,
 * switches to a map for the rest. O(users + lookups) either way.
 */
export class GroupMatcher {
  private readonly users: readonly Pick<UserDto, 'id'>[];
  private cursor = 0;
  private byId: Map<string, number> | null = null;

  constructor(users: readonly Pick<UserDto, 'id'>[]) {
    this.users = users;
  }

  /** Index of the user with this id (its first row), or NO_OWNER. */
  ownerOf(userId: string): number {
    if (this.byId === null) {
      const { users } = this;
      let next = this.cursor;
      while (next < users.length && users[next].id !== userId) next++;
      if (next < users.length) {
        this.cursor = next;
        return next;
      }
      this.byId = indexById(users);
    }
    return this.byId.get(userId) ?? NO_OWNER;
  }
}

/** userId → index of its first row. */
function indexById(users: readonly Pick<UserDto, 'id'>[]): Map<string, number> {
  const byId = new Map<string, number>();
  // Walk backwards so the first row of a repeated id wins.
  for (let index = users.length - 1; index >= 0; index--) byId.set(users[index].id, index);
  return byId;
}
