import type { UserInsight } from './activity';
import { USER_COLUMNS } from './table';
import type { CellValue, UserColumn } from './table';
import type { OrgCalendar } from './time';

/** CSV line end (RFC 4180). */
export const CSV_LINE_END = '\r\n';

/** Characters that make a spreadsheet read a text cell as a formula. */
export const FORMULA_TRIGGERS: readonly string[] = Object.freeze(['=', '+', '-', '@', '\t', '\r']);

const FORMULA_TRIGGER_SET = new Set(FORMULA_TRIGGERS);
const NEEDS_QUOTES = /[",\r\n]/;
const QUOTE = /"/g;

/**
 * One CSV field: null is empty; numbers and booleans as written; text that
 * starts with a formula trigger gets a leading single quote; fields with a
 * comma, quote, CR or LF are quoted with inner quotes doubled.
 */
export function csvField(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = FORMULA_TRIGGER_SET.has(value.charAt(0)) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(QUOTE, '""')}"` : text;
}

function csvLine(cells: readonly CellValue[]): string {
  let line = '';
  for (let index = 0; index < cells.length; index++) {
    if (index > 0) line += ',';
    line += csvField(cells[index]);
  }
  return line + CSV_LINE_END;
}

/** A CSV document: header line, then one line per row, CRLF after every line. */
export function toCsv(header: readonly string[], rows: readonly (readonly CellValue[])[]): string {
  const lines: string[] = [csvLine(header)];
  for (const row of rows) lines.push(csvLine(row));
  return lines.join('');
}

/**
 * CSV of users with the given columns (default: every user column). Instants
 * are written as org-local "YYYY-MM-DD HH:mm"; their header names the zone.
 */
export function usersToCsv(
  rows: readonly UserInsight[],
  calendar: OrgCalendar,
  columns: readonly UserColumn[] = USER_COLUMNS
): string {
  const header = columns.map((column) => {
    return column.type === 'instant' ? `${column.label} (${calendar.timeZone})` : column.label;
  });
  const lines: string[] = [csvLine(header)];
  const cells: CellValue[] = new Array(columns.length);
  for (const row of rows) {
    for (let index = 0; index < columns.length; index++) {
      const column = columns[index];
      const cell = column.value(row);
      cells[index] =
        column.type === 'instant' && typeof cell === 'number' ? calendar.formatLocal(cell) : cell;
    }
    lines.push(csvLine(cells));
  }
  return lines.join('');
}
