/**
 * LoginHistory kept in columns (typed arrays), so six months of logins for
 * 50,000 users fit in memory: a row is a user index, a time and an index into
 * the distinct (LoginType, LoginSubType, Status, Application) combinations.
 * Rows are reachable per user (for user pages) and as a whole (for the trend).
 */
import type { LoginHistoryRow } from './schemas';

/** The grouping fields of a login, shared by many rows. */
export interface LoginCombo {
  loginType: string;
  loginSubType: string | null;
  status: string;
  application: string | null;
}

const INITIAL_CAPACITY = 1024;
const GROWTH_FACTOR = 2;

function grow<T extends Float64Array | Int32Array>(array: T, make: (size: number) => T): T {
  const bigger = make(array.length * GROWTH_FACTOR);
  bigger.set(array);
  return bigger;
}

type NestedIndex = Map<string | null, NestedIndex | number>;

function child(map: NestedIndex, key: string | null): NestedIndex {
  let next = map.get(key) as NestedIndex | undefined;
  if (next === undefined) {
    next = new Map();
    map.set(key, next);
  }
  return next;
}

/** Read-only columns of LoginHistory. */
export class LoginTable {
  constructor(
    /** Rows held. */
    readonly size: number,
    /** Epoch ms of each row. */
    readonly time: Float64Array,
    /** Index into userIds of each row. */
    readonly user: Int32Array,
    /** Index into combos of each row. */
    readonly combo: Int32Array,
    readonly userIds: readonly string[],
    readonly combos: readonly LoginCombo[],
    /** Row indexes grouped by user: rows of user u are userRows[userStart[u] .. userStart[u+1]). */
    private readonly userStart: Int32Array,
    private readonly userRows: Int32Array
  ) {
    userIds.forEach((id, index) => this.userIndexById.set(id, index));
  }

  private readonly userIndexById = new Map<string, number>();

  /** The rows of one user (any order), empty when the user has none. */
  rowsOfUser(userId: string): Int32Array {
    const index = this.userIndexById.get(userId);
    if (index === undefined) return new Int32Array(0);
    return this.userRows.subarray(this.userStart[index], this.userStart[index + 1]);
  }

  /** Newest LoginTime held (epoch ms), null when empty. */
  newestTime(): number | null {
    let newest = -Infinity;
    for (let row = 0; row < this.size; row++) if (this.time[row] > newest) newest = this.time[row];
    return this.size ? newest : null;
  }

  /** An empty table. */
  static empty(): LoginTable {
    return new LoginTableBuilder().build();
  }
}

/** Appends LoginHistory rows and builds a LoginTable. */
export class LoginTableBuilder {
  private size = 0;
  private time = new Float64Array(INITIAL_CAPACITY);
  private user = new Int32Array(INITIAL_CAPACITY);
  private combo = new Int32Array(INITIAL_CAPACITY);
  private readonly userIds: string[] = [];
  private readonly userIndex = new Map<string, number>();
  private readonly combos: LoginCombo[] = [];
  private readonly comboIndex: NestedIndex = new Map();

  add(row: LoginHistoryRow): void {
    if (this.size === this.time.length) {
      this.time = grow(this.time, (n) => new Float64Array(n));
      this.user = grow(this.user, (n) => new Int32Array(n));
      this.combo = grow(this.combo, (n) => new Int32Array(n));
    }
    this.time[this.size] = row.loginTime;
    this.user[this.size] = this.internUser(row.userId);
    this.combo[this.size] = this.internCombo(row);
    this.size += 1;
  }

  /** Rows added so far. */
  get rowCount(): number {
    return this.size;
  }

  /** Appends every row of another builder (a file read apart, then kept). */
  addAll(other: LoginTableBuilder): void {
    for (let row = 0; row < other.size; row++) {
      const combo = other.combos[other.combo[row]];
      this.add({ userId: other.userIds[other.user[row]], loginTime: other.time[row], ...combo });
    }
  }

  private internUser(userId: string): number {
    let index = this.userIndex.get(userId);
    if (index === undefined) {
      index = this.userIds.length;
      this.userIds.push(userId);
      this.userIndex.set(userId, index);
    }
    return index;
  }

  /** Index of the row's combination; nested maps avoid building a key string per row. */
  private internCombo(row: LoginHistoryRow): number {
    const bySubType = child(this.comboIndex, row.loginType);
    const byStatus = child(bySubType, row.loginSubType);
    const byApplication = child(byStatus, row.status) as Map<string | null, number>;
    let index = byApplication.get(row.application);
    if (index === undefined) {
      index = this.combos.length;
      this.combos.push({
        loginType: row.loginType,
        loginSubType: row.loginSubType,
        status: row.status,
        application: row.application
      });
      byApplication.set(row.application, index);
    }
    return index;
  }

  /** Freezes the rows into a table (a counting sort groups rows by user). */
  build(): LoginTable {
    const users = this.userIds.length;
    const userStart = new Int32Array(users + 1);
    for (let row = 0; row < this.size; row++) userStart[this.user[row] + 1] += 1;
    for (let u = 0; u < users; u++) userStart[u + 1] += userStart[u];
    const next = userStart.slice(0, users);
    const userRows = new Int32Array(this.size);
    for (let row = 0; row < this.size; row++) userRows[next[this.user[row]]++] = row;
    return new LoginTable(
      this.size,
      this.time.slice(0, this.size),
      this.user.slice(0, this.size),
      this.combo.slice(0, this.size),
      this.userIds,
      this.combos,
      userStart,
      userRows
    );
  }
}
