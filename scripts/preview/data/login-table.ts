/**
 * LoginHistory kept in memory in columns (typed arrays), for exports and the
 * demo org: a row is a user index, a time and an index into the distinct
 * (LoginType, LoginSubType, Status, Application) combinations. Rows are
 * reachable per user (for user pages), per day (login-days.ts) and as a whole.
 * A live pull keeps its rows on disk instead (disk-login-table.ts); both are
 * read through the LoginTable interface (login-store.ts).
 */
import type { OrgCalendar } from '../../../force-app/main/default/lwc/llAnalytics/time';
import { LoginDays } from './login-days';
import { LoginComboIndex } from './login-store';
import type { LoginCombo, LoginRows, LoginTable, LoginTableSink, TimeRange } from './login-store';
import type { LoginHistoryRow } from './schemas';

export type { LoginCombo, LoginTable } from './login-store';

/** Rows handed to forEachChunk's visitor at a time. */
const CHUNK_ROWS = 65_536;
/** 0, 1, 2, ...: the rows of a chunk of columns. */
const IDENTITY = Int32Array.from({ length: CHUNK_ROWS }, (_, i) => i);

const INITIAL_CAPACITY = 1024;
/** Growth when nobody said how many rows to expect (an export file of unknown length). */
const GROWTH_FACTOR = 2;
/**
 * Growth past a reservation (reserve(): a COUNT() said how many rows come): only
 * the rows that arrived after the count (logins during the pull), so a small step.
 */
const RESERVED_GROWTH_FACTOR = 1.125;
/**
 * build() hands the builder's arrays to the table without copying them when the
 * spare capacity is at most this share of the rows (a copy would briefly hold
 * both); more spare than that is copied away.
 */
const MAX_SPARE_SHARE = 1 / 8;

function resized<T extends Float64Array | Int32Array>(
  array: T,
  size: number,
  capacity: number,
  make: (capacity: number) => T
): T {
  const next = make(capacity);
  next.set(array.subarray(0, size));
  return next;
}

/** Read-only columns of LoginHistory, in memory. */
export class MemoryLoginTable implements LoginTable {
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
  private readonly daysByZone = new Map<string, LoginDays>();

  /** The row indexes of one user (any order), empty when the user has none. */
  rowIndexesOfUser(userId: string): Int32Array {
    const index = this.userIndexById.get(userId);
    if (index === undefined) return new Int32Array(0);
    return this.userRows.subarray(this.userStart[index], this.userStart[index + 1]);
  }

  /** A read of some of this table's rows: views of its own columns. */
  view(rows: Int32Array): LoginRows {
    return { rows, time: this.time, combo: this.combo, user: this.user };
  }

  rowsOfUser(userId: string): LoginRows {
    return this.view(this.rowIndexesOfUser(userId));
  }

  rowsOfUsers(userIds: readonly string[]): LoginRows[] {
    return userIds.map((userId) => this.rowsOfUser(userId));
  }

  countOfUsers(userIds: readonly string[], within: TimeRange): number {
    let count = 0;
    for (const userId of userIds) {
      const own = this.rowIndexesOfUser(userId);
      for (let i = 0; i < own.length; i++) {
        const at = this.time[own[i]];
        if (at >= within.from && at < within.to) count += 1;
      }
    }
    return count;
  }

  forEachChunk(visit: (rows: LoginRows) => void): void {
    for (let start = 0; start < this.size; start += CHUNK_ROWS) {
      const end = Math.min(this.size, start + CHUNK_ROWS);
      visit({
        rows: IDENTITY.subarray(0, end - start),
        time: this.time.subarray(start, end),
        combo: this.combo.subarray(start, end),
        user: this.user.subarray(start, end)
      });
    }
  }

  days(calendar: OrgCalendar): LoginDays {
    let days = this.daysByZone.get(calendar.timeZone);
    if (!days) this.daysByZone.set(calendar.timeZone, (days = new LoginDays(this, calendar)));
    return days;
  }

  footprint(): { memoryBytes: number; diskBytes: number } {
    const arrays = [this.time, this.user, this.combo, this.userStart, this.userRows];
    let memoryBytes = arrays.reduce((sum, array) => sum + array.byteLength, 0);
    for (const days of this.daysByZone.values()) memoryBytes += days.byteLength();
    return { memoryBytes, diskBytes: 0 };
  }

  /** Newest LoginTime held (epoch ms), null when empty. */
  newestTime(): number | null {
    let newest = -Infinity;
    for (let row = 0; row < this.size; row++) if (this.time[row] > newest) newest = this.time[row];
    return this.size ? newest : null;
  }

  /** Nothing outside memory to release. */
  dispose(): void {}

  /** An empty table. */
  static empty(): MemoryLoginTable {
    return new LoginTableBuilder().build();
  }
}

/**
 * Appends LoginHistory rows and builds a LoginTable. Without a reservation the
 * columns double as they fill (up to twice the rows held); reserve(), given a
 * COUNT() of the rows to come, sizes them once, so a pull holds no spare
 * capacity and build() keeps the columns instead of copying them.
 */
export class LoginTableBuilder implements LoginTableSink {
  private size = 0;
  private time: Float64Array;
  private user: Int32Array;
  private combo: Int32Array;
  /** A reservation was made: grow in small steps past it. */
  private reserved = false;
  private readonly userIds: string[] = [];
  private readonly userIndex = new Map<string, number>();
  private readonly comboIndex = new LoginComboIndex();

  /** @param expectedRows rows expected in all (reserve()); 0 or absent: unknown */
  constructor(expectedRows = 0) {
    const capacity = expectedRows > 0 ? Math.ceil(expectedRows) : INITIAL_CAPACITY;
    this.reserved = expectedRows > 0;
    this.time = new Float64Array(capacity);
    this.user = new Int32Array(capacity);
    this.combo = new Int32Array(capacity);
  }

  /**
   * Makes room for `rows` rows in all (those held included), e.g. the rows held
   * plus a COUNT() of the rows still to come, so the columns never double past
   * them. A smaller number than the capacity changes nothing.
   */
  reserve(rows: number): void {
    this.reserved = true;
    if (rows > this.time.length) this.resize(Math.ceil(rows));
  }

  /** Rows the columns have room for (spare capacity included). */
  get capacity(): number {
    return this.time.length;
  }

  private resize(capacity: number): void {
    const { size } = this;
    this.time = resized(this.time, size, capacity, (n) => new Float64Array(n));
    this.user = resized(this.user, size, capacity, (n) => new Int32Array(n));
    this.combo = resized(this.combo, size, capacity, (n) => new Int32Array(n));
  }

  add(row: LoginHistoryRow): void {
    if (this.size === this.time.length) {
      const factor = this.reserved ? RESERVED_GROWTH_FACTOR : GROWTH_FACTOR;
      this.resize(Math.max(this.size + INITIAL_CAPACITY, Math.ceil(this.size * factor)));
    }
    this.time[this.size] = row.loginTime;
    this.user[this.size] = this.internUser(row.userId);
    this.combo[this.size] = this.comboIndex.indexOf(row);
    this.size += 1;
  }

  /** Rows added so far. */
  get rowCount(): number {
    return this.size;
  }

  /** Appends every row of a table (a file read apart, then kept; another org's rows). */
  addTable(table: LoginTable): void {
    if (this.size + table.size > this.time.length) this.resize(this.size + table.size);
    table.forEachChunk(({ rows, time, combo, user }) => {
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i];
        const group = table.combos[combo[row]];
        this.add({ userId: table.userIds[user[row]], loginTime: time[row], ...group });
      }
    });
  }

  /** Nothing to release: the columns are garbage once unreferenced. */
  dispose(): void {
    this.size = 0;
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

  /**
   * Freezes the rows into a table (a counting sort groups rows by user). The
   * table keeps the builder's columns when their spare capacity is small
   * (views of the first `size` rows: rows added later are never seen by it),
   * else a copy of the rows.
   */
  build(): MemoryLoginTable {
    const users = this.userIds.length;
    const userStart = new Int32Array(users + 1);
    for (let row = 0; row < this.size; row++) userStart[this.user[row] + 1] += 1;
    for (let u = 0; u < users; u++) userStart[u + 1] += userStart[u];
    const next = userStart.slice(0, users);
    const userRows = new Int32Array(this.size);
    for (let row = 0; row < this.size; row++) userRows[next[this.user[row]]++] = row;
    const keep = this.time.length - this.size <= this.size * MAX_SPARE_SHARE;
    const rows = <T extends Float64Array | Int32Array>(column: T): T =>
      (keep ? column.subarray(0, this.size) : column.slice(0, this.size)) as T;
    return new MemoryLoginTable(
      this.size,
      rows(this.time),
      rows(this.user),
      rows(this.combo),
      this.userIds,
      this.comboIndex.combos,
      userStart,
      userRows
    );
  }
}
