import type { UserInsight } from './activity';
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

/** Every user column, in default display order. */
export const USER_COLUMNS: readonly UserColumn[] = Object.freeze([]);

/** The column with a key. @throws Error naming the key when unknown. */
export function userColumn(key: UserColumnKey): UserColumn {
  throw new Error(`not implemented: ${key}`);
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
  throw new Error(`not implemented: ${rows.length} ${String(value)} ${direction}`);
}

/** Sorted copy of insights by a user column (see sortRows). */
export function sortUsers(rows: readonly UserInsight[], sort: UserSort): UserInsight[] {
  throw new Error(`not implemented: ${rows.length} ${String(sort)}`);
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
export function pageOf<T>(rows: readonly T[], page: number, pageSize?: number): Page<T> {
  throw new Error(`not implemented: ${rows.length} ${page} ${pageSize}`);
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
  throw new Error(`not implemented: ${rows.length} ${calendar.timeZone}`);
}
