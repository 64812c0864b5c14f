import type { UserInsight } from './activity';
import { USER_COLUMNS } from './table';
import type { CellValue, UserColumn } from './table';
import type { OrgCalendar } from './time';

/** CSV line end (RFC 4180). */
export const CSV_LINE_END = '\r\n';

/**
 * UTF-8 byte order mark written first in every CSV document. Excel on Windows
 * reads a CSV without it in the legacy code page, so "José" shows as "JosÃ©";
 * with it Excel reads UTF-8. Encoded as UTF-8 it is the bytes EF BB BF.
 */
export const CSV_BYTE_ORDER_MARK = '\uFEFF';

/**
 * Characters that make a spreadsheet read a text cell as a formula: = + - @
 * tab, carriage return and line feed (OWASP, "CSV Injection",
 * https://owasp.org/www-community/attacks/CSV_Injection).
 */
export const FORMULA_TRIGGERS: readonly string[] = Object.freeze([
  '=',
  '+',
  '-',
  '@',
  '\t',
  '\r',
  '\n'
]);

/**
 * Characters after which a spreadsheet may start a new cell or row inside our
 * field. OWASP (same page) warns that a trigger after a field separator such
 * as ',' or ';' is "at the beginning of a cell" too: Excel in a semicolon
 * locale splits on ';' and ignores our quotes when the field is not first on
 * its line. Tab, CR and LF can separate cells or rows as well.
 */
export const CELL_BREAKS: readonly string[] = Object.freeze([',', ';', '\t', '\r', '\n']);

/** What the neutralizing quote is; a spreadsheet shows the rest as text. */
export const FORMULA_GUARD = "'";

const FORMULA_TRIGGER_SET = new Set(FORMULA_TRIGGERS);
const CELL_BREAK_SET = new Set(CELL_BREAKS);
const NEEDS_QUOTES = /[",;\r\n]/;
const QUOTE = /"/g;

/**
 * Index of the character that decides whether a cell starting at `start`
 * is a formula: spaces and double quotes in front of it are skipped, since
 * a spreadsheet may drop them before it looks at the first character.
 */
function firstSignificant(text: string, start: number): number {
  let index = start;
  while (index < text.length && (text[index] === ' ' || text[index] === '"')) index++;
  return index;
}

function startsFormula(text: string, start: number): boolean {
  const index = firstSignificant(text, start);
  return index < text.length && FORMULA_TRIGGER_SET.has(text[index]);
}

/**
 * Text with a guard quote in front of every place a spreadsheet could start a
 * formula: the start of the value, and after each cell break inside it (so
 * `IT;=1+1` becomes `IT;'=1+1`, which a semicolon-locale Excel shows as the
 * two text cells `IT` and `'=1+1`). Text without such a place is unchanged.
 */
export function neutralizeFormulas(text: string): string {
  let result = startsFormula(text, 0) ? FORMULA_GUARD : '';
  let copiedUpTo = 0;
  for (let index = 0; index < text.length; index++) {
    if (!CELL_BREAK_SET.has(text[index]) || !startsFormula(text, index + 1)) continue;
    result += text.slice(copiedUpTo, index + 1) + FORMULA_GUARD;
    copiedUpTo = index + 1;
  }
  return result + text.slice(copiedUpTo);
}

/**
 * One CSV field: null is empty; numbers and booleans as written; text is
 * neutralized (see neutralizeFormulas); fields with a comma, semicolon, quote,
 * CR or LF are quoted with inner quotes doubled (RFC 4180).
 */
export function csvField(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = neutralizeFormulas(value);
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

/**
 * A CSV document: the UTF-8 byte order mark, the header line, then one line
 * per row, CRLF after every line.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CellValue[])[]): string {
  const lines: string[] = [CSV_BYTE_ORDER_MARK, csvLine(header)];
  for (const row of rows) lines.push(csvLine(row));
  return lines.join('');
}

/**
 * CSV of users with the given columns (default: every user column), starting
 * with the UTF-8 byte order mark. Instants are written as org-local
 * "YYYY-MM-DD HH:mm"; their header names the zone.
 */
export function usersToCsv(
  rows: readonly UserInsight[],
  calendar: OrgCalendar,
  columns: readonly UserColumn[] = USER_COLUMNS
): string {
  const header = columns.map((column) => {
    return column.type === 'instant' ? `${column.label} (${calendar.timeZone})` : column.label;
  });
  const lines: string[] = [CSV_BYTE_ORDER_MARK, csvLine(header)];
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
