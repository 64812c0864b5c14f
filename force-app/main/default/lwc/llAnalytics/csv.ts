import type { UserInsight } from './activity';
import type { CellValue, UserColumn } from './table';
import type { OrgCalendar } from './time';

/** CSV line end (RFC 4180). */
export const CSV_LINE_END = '\r\n';

/** Characters that make a spreadsheet read a text cell as a formula. */
export const FORMULA_TRIGGERS: readonly string[] = Object.freeze(['=', '+', '-', '@', '\t', '\r']);

/**
 * One CSV field: null is empty; numbers and booleans as written; text that
 * starts with a formula trigger gets a leading single quote; fields with a
 * comma, quote, CR or LF are quoted with inner quotes doubled.
 */
export function csvField(value: CellValue): string {
  throw new Error(`not implemented: ${String(value)}`);
}

/** A CSV document: header line, then one line per row, CRLF after every line. */
export function toCsv(header: readonly string[], rows: readonly (readonly CellValue[])[]): string {
  throw new Error(`not implemented: ${header.length} ${rows.length}`);
}

/**
 * CSV of users with the given columns (default: every user column). Instants
 * are written as org-local "YYYY-MM-DD HH:mm"; the header says so.
 */
export function usersToCsv(
  rows: readonly UserInsight[],
  calendar: OrgCalendar,
  columns?: readonly UserColumn[]
): string {
  throw new Error(`not implemented: ${rows.length} ${calendar.timeZone} ${String(columns)}`);
}
