import type { ActivityStatus, LastLoginSource, UsageProfile, UserInsight } from './activity';
import type { OrgCalendar } from './time';

/** A sortable, exportable value: text, number, boolean or null (empty). */
export type CellValue = string | number | boolean | null;

/** How a column's values are shown. */
export type ColumnType = 'text' | 'number' | 'boolean' | 'instant' | 'money' | 'percent';

/** The user columns of the dashboard table and the export. */
export type UserColumnKey =
  | 'name'
  | 'username'
  | 'department'
  | 'division'
  | 'profileName'
  | 'licenseName'
  | 'userType'
  | 'roleName'
  | 'activity'
  | 'usage'
  | 'lastInteractiveLogin'
  | 'lastApiLogin'
  | 'lastSeatLogin'
  | 'lastLoginSource'
  | 'daysSinceLastSeatLogin'
  | 'daysSinceCreated'
  | 'interactiveLogins'
  | 'apiLogins'
  | 'clientCredentialsLogins'
  | 'failedLogins'
  | 'apiSharePercent'
  | 'mainApplication'
  | 'integrationOnHumanSeat'
  | 'adminProfile'
  | 'isFrozen'
  | 'monthlyPrice';

/** A column: its key, header label, type and how to read it from an insight. */
export interface UserColumn {
  key: UserColumnKey;
  label: string;
  type: ColumnType;
  /** Raw value: instants as epoch ms, percents 0-100, null when empty. */
  value(insight: UserInsight): CellValue;
}

/** What each activity status is called on screen and in exports. */
export const ACTIVITY_LABELS: Readonly<Record<ActivityStatus, string>> = Object.freeze({
  active: 'Active',
  integration: 'Integration (API)',
  inactive: 'Inactive',
  neverLoggedIn: 'Never logged in',
  new: 'New (grace period)',
  frozen: 'Frozen',
  unknown: 'Unknown (no login data)',
  deactivated: 'Deactivated'
});

/** What each usage profile is called on screen and in exports. */
export const USAGE_LABELS: Readonly<Record<UsageProfile, string>> = Object.freeze({
  interactive: 'Interactive',
  apiOnly: 'API only',
  mixed: 'Interactive and API',
  none: 'No logins'
});

/** Where the last seat login came from, in words. */
export const LAST_LOGIN_SOURCE_LABELS: Readonly<Record<LastLoginSource, string>> = Object.freeze({
  loginHistory: 'Login history',
  lastLoginDate: 'LastLoginDate (may be an API login)',
  none: 'None'
});

const PERCENT = 100;
const ONE_DECIMAL = 10;

function percentOneDecimal(share: number): number {
  return Math.round(share * PERCENT * ONE_DECIMAL) / ONE_DECIMAL;
}

function column(
  key: UserColumnKey,
  label: string,
  type: ColumnType,
  value: (insight: UserInsight) => CellValue
): UserColumn {
  return Object.freeze({ key, label, type, value });
}

/** Every user column, in default display order. */
export const USER_COLUMNS: readonly UserColumn[] = Object.freeze([
  column('name', 'Name', 'text', (row) => row.user.name),
  column('username', 'Username', 'text', (row) => row.user.username),
  column('department', 'Department', 'text', (row) => row.user.department),
  column('division', 'Division', 'text', (row) => row.user.division),
  column('profileName', 'Profile', 'text', (row) => row.user.profileName),
  column('licenseName', 'License', 'text', (row) => row.user.licenseName),
  column('userType', 'User type', 'text', (row) => row.user.userType),
  column('roleName', 'Role', 'text', (row) => row.user.roleName),
  column('activity', 'Activity', 'text', (row) => ACTIVITY_LABELS[row.activity]),
  column('usage', 'Login usage', 'text', (row) => USAGE_LABELS[row.usage]),
  column(
    'lastInteractiveLogin',
    'Last interactive login',
    'instant',
    (row) => row.lastInteractiveLogin
  ),
  column('lastApiLogin', 'Last API login', 'instant', (row) => row.lastApiLogin),
  column('lastSeatLogin', 'Last seat login', 'instant', (row) => row.lastSeatLogin),
  column(
    'lastLoginSource',
    'Last login source',
    'text',
    (row) => LAST_LOGIN_SOURCE_LABELS[row.lastLoginSource]
  ),
  column(
    'daysSinceLastSeatLogin',
    'Days since last seat login',
    'number',
    (row) => row.daysSinceLastSeatLogin
  ),
  column('daysSinceCreated', 'Days since created', 'number', (row) => row.daysSinceCreated),
  column('interactiveLogins', 'Interactive logins', 'number', (row) => row.interactiveLogins),
  column('apiLogins', 'API logins', 'number', (row) => row.apiLogins),
  column(
    'clientCredentialsLogins',
    'Client-credentials logins',
    'number',
    (row) => row.clientCredentialsLogins
  ),
  column('failedLogins', 'Failed logins', 'number', (row) => row.failedLogins),
  column('apiSharePercent', 'API share %', 'percent', (row) => percentOneDecimal(row.apiShare)),
  column('mainApplication', 'Main application', 'text', (row) => row.mainApplication),
  column(
    'integrationOnHumanSeat',
    'Integration on a human seat',
    'boolean',
    (row) => row.integrationOnHumanSeat
  ),
  column('adminProfile', 'Admin profile', 'boolean', (row) => row.adminProfile),
  // Text, not boolean: an unknown frozen state (null) must never read as "not frozen".
  column('isFrozen', 'Frozen', 'text', (row) => frozenLabel(row.user.isFrozen)),
  column('monthlyPrice', 'Monthly price', 'money', (row) => (row.priced ? row.monthlyPrice : null))
]);

/** Yes, No, or Unknown when Salesforce did not say (UserDto.isFrozen null). */
export function frozenLabel(isFrozen: boolean | null): string {
  if (isFrozen === null) return 'Unknown';
  return isFrozen ? 'Yes' : 'No';
}

const COLUMNS_BY_KEY = new Map<string, UserColumn>(USER_COLUMNS.map((c) => [c.key, c]));

/** The column with a key. @throws Error naming the key when unknown. */
export function userColumn(key: UserColumnKey): UserColumn {
  const found = COLUMNS_BY_KEY.get(key);
  if (!found) throw new Error(`Unknown user column "${key}".`);
  return found;
}

export type SortDirection = 'asc' | 'desc';

/** A sort order for the user table. */
export interface UserSort {
  key: UserColumnKey;
  direction: SortDirection;
}

/** The dashboard's default order: most days since the last seat login first. */
export const DEFAULT_USER_SORT: Readonly<UserSort> = Object.freeze({
  key: 'daysSinceLastSeatLogin',
  direction: 'desc'
});

/**
 * Sorted copy: stable (ties keep input order), nulls last in both directions,
 * text compared case-insensitively (then exactly), numbers and booleans
 * numerically (false < true).
 */
export function sortRows<T>(
  rows: readonly T[],
  value: (row: T) => CellValue,
  direction: SortDirection
): T[] {
  const count = rows.length;
  const keys = new Float64Array(count);
  let texts: (string | null)[] | null = null;
  for (let index = 0; index < count; index++) {
    let cell = value(rows[index]);
    if (typeof cell === 'boolean') cell = cell ? 1 : 0;
    if (typeof cell === 'number') {
      keys[index] = cell;
      continue;
    }
    keys[index] = NaN;
    if (cell === null || cell === undefined) continue;
    if (texts === null) texts = new Array<string | null>(count).fill(null);
    texts[index] = String(cell);
  }
  const ranks = texts === null ? rankNumbers(keys) : rankMixed(keys, texts);
  return placeByRank(rows, ranks.rankOf, ranks.rankCount, direction === 'desc');
}

/** Rank of every row (-1: null, sorts last) and how many distinct values there are. */
interface Ranks {
  rankOf: Int32Array;
  rankCount: number;
}

/** A counting sort on ranks: stable, nulls (rank -1) last in both directions. */
function placeByRank<T>(
  rows: readonly T[],
  rankOf: Int32Array,
  rankCount: number,
  descending: boolean
): T[] {
  const count = rows.length;
  const starts = new Int32Array(rankCount + 2);
  for (let index = 0; index < count; index++) {
    const rank = rankOf[index];
    const bucket = rank < 0 ? rankCount : descending ? rankCount - 1 - rank : rank;
    rankOf[index] = bucket;
    starts[bucket + 1]++;
  }
  for (let bucket = 1; bucket <= rankCount + 1; bucket++) starts[bucket] += starts[bucket - 1];
  const sorted: T[] = new Array(count);
  for (let index = 0; index < count; index++) sorted[starts[rankOf[index]]++] = rows[index];
  return sorted;
}

/**
 * Widest spread of whole-number keys ranked through a lookup table (one slot
 * per possible value) instead of a map; day counts and login counts fit.
 */
const MAX_DIRECT_RANK_SPAN = 1 << 20;

/** Ranks of numeric keys (NaN: null): distinct values ascending. */
function rankNumbers(keys: Float64Array): Ranks {
  const count = keys.length;
  const rankOf = new Int32Array(count);
  let min = Infinity;
  let max = -Infinity;
  let wholeNumbers = true;
  for (let index = 0; index < count; index++) {
    const key = keys[index];
    if (Number.isNaN(key)) continue;
    if (key < min) min = key;
    if (key > max) max = key;
    if (wholeNumbers && !Number.isInteger(key)) wholeNumbers = false;
  }
  if (min > max) {
    rankOf.fill(-1);
    return { rankOf, rankCount: 0 };
  }
  if (wholeNumbers && max - min < MAX_DIRECT_RANK_SPAN) {
    const table = new Int32Array(max - min + 1);
    for (let index = 0; index < count; index++) {
      const key = keys[index];
      if (!Number.isNaN(key)) table[key - min] = 1;
    }
    let rankCount = 0;
    for (let slot = 0; slot < table.length; slot++) {
      if (table[slot] !== 0) table[slot] = ++rankCount;
    }
    for (let index = 0; index < count; index++) {
      const key = keys[index];
      rankOf[index] = !Number.isNaN(key) ? table[key - min] - 1 : -1;
    }
    return { rankOf, rankCount };
  }
  const distinct = Float64Array.from(new Set(keys)).sort();
  const rankByValue = new Map<number, number>();
  for (const key of distinct)
    if (!Number.isNaN(key) && !rankByValue.has(key)) {
      rankByValue.set(key, rankByValue.size);
    }
  for (let index = 0; index < count; index++) {
    const key = keys[index];
    rankOf[index] = !Number.isNaN(key) ? (rankByValue.get(key) as number) : -1;
  }
  return { rankOf, rankCount: rankByValue.size };
}

/** Ranks when some cells are text: numbers ascending, then text (see compareText). */
function rankMixed(keys: Float64Array, texts: (string | null)[]): Ranks {
  const count = keys.length;
  const numbers = new Set<number>();
  const distinctTexts = new Set<string>();
  for (let index = 0; index < count; index++) {
    const text = texts[index];
    if (text !== null) distinctTexts.add(text);
    else if (!Number.isNaN(keys[index])) numbers.add(keys[index]);
  }
  const ranks = rankDistinctValues(numbers, distinctTexts);
  const rankOf = new Int32Array(count);
  for (let index = 0; index < count; index++) {
    const text = texts[index];
    const key = keys[index];
    if (text !== null) rankOf[index] = ranks.get(text) as number;
    else rankOf[index] = !Number.isNaN(key) ? (ranks.get(key) as number) : -1;
  }
  return { rankOf, rankCount: ranks.size };
}

/** Text order: case-insensitive first, then exact (so "a" < "B" < "b" < "c"). */
function compareText(a: string, b: string): number {
  const foldedA = a.toLowerCase();
  const foldedB = b.toLowerCase();
  if (foldedA !== foldedB) return foldedA < foldedB ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Rank of every distinct value: numbers ascending, then text (see compareText). */
function rankDistinctValues(
  numbers: Set<number>,
  texts: Set<string>
): Map<number | string, number> {
  const ranks = new Map<number | string, number>();
  const sortedNumbers = Float64Array.from(numbers).sort();
  for (const number of sortedNumbers) if (!ranks.has(number)) ranks.set(number, ranks.size);
  const sortedTexts = [...texts].sort(compareText);
  for (const text of sortedTexts) ranks.set(text, ranks.size);
  return ranks;
}

/** Sorted copy of insights by a user column (see sortRows). */
export function sortUsers(rows: readonly UserInsight[], sort: UserSort): UserInsight[] {
  return sortRows(rows, userColumn(sort.key).value, sort.direction);
}

/** One page of rows with what a pager shows. */
export interface Page<T> {
  rows: T[];
  /** 1-based page number after clamping to [1, pageCount]. */
  page: number;
  pageSize: number;
  /** At least 1, even with no rows. */
  pageCount: number;
  totalRows: number;
  /** 1-based index of the first row shown; 0 when empty. */
  firstRow: number;
  /** 1-based index of the last row shown; 0 when empty. */
  lastRow: number;
  hasPrevious: boolean;
  hasNext: boolean;
}

/** Default rows per page. */
export const DEFAULT_PAGE_SIZE = 50;

/**
 * The requested page (1-based), clamped to the pages that exist; a page size
 * below 1 or not finite uses DEFAULT_PAGE_SIZE.
 */
export function pageOf<T>(
  rows: readonly T[],
  page: number,
  pageSize: number = DEFAULT_PAGE_SIZE
): Page<T> {
  const size =
    Number.isFinite(pageSize) && pageSize >= 1 ? Math.floor(pageSize) : DEFAULT_PAGE_SIZE;
  const totalRows = rows.length;
  const pageCount = Math.max(1, Math.ceil(totalRows / size));
  const wanted = Number.isFinite(page) ? Math.floor(page) : 1;
  const current = Math.min(pageCount, Math.max(1, wanted));
  const start = (current - 1) * size;
  const pageRows = rows.slice(start, start + size);
  return {
    rows: pageRows,
    page: current,
    pageSize: size,
    pageCount,
    totalRows,
    firstRow: pageRows.length ? start + 1 : 0,
    lastRow: start + pageRows.length,
    hasPrevious: current > 1,
    hasNext: current < pageCount
  };
}

/** A flat row for lightning-datatable: every column as display-ready text or number. */
export type UserTableRow = { id: string } & Record<UserColumnKey, string | number | boolean | null>;

/**
 * Flat rows for a datatable (call it on one page, not on every user):
 * instants as org-local "YYYY-MM-DD HH:mm", percents rounded to one decimal.
 */
export function toUserTableRows(
  rows: readonly UserInsight[],
  calendar: OrgCalendar
): UserTableRow[] {
  return rows.map((insight) => {
    const row = { id: insight.id } as UserTableRow;
    for (const userCol of USER_COLUMNS) {
      const cell = userCol.value(insight);
      row[userCol.key] =
        userCol.type === 'instant' && typeof cell === 'number' ? calendar.formatLocal(cell) : cell;
    }
    return row;
  });
}
