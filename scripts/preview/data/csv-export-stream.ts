/**
 * Stream-parses the CSV that `sf data export bulk --result-format csv` writes:
 * the Bulk API 2.0 query results, copied as they arrive (the sf CLI appends
 * each result set and drops its repeated header row). The first row names the
 * fields; relationship fields are dotted column names ("Profile.Name"). Fields
 * are separated by the job's column delimiter (comma by default; back quote,
 * caret, pipe, semicolon or tab when asked), rows by LF or CRLF, and a value
 * holding a delimiter, line break or double quote is quoted with "" escapes.
 * See the README's "Preview your own org" for the citations.
 */
import { readFileInChunks, type ProgressListener } from './file-chunks';

/** The column delimiters Bulk API 2.0 offers (columnDelimiter). */
export const CSV_DELIMITERS = [',', '`', '^', '|', ';', '\t'] as const;

export interface CsvExportSummary {
  columns: string[];
  delimiter: string;
  /** Data rows handed over. */
  records: number;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** The delimiter of a header line: the first candidate outside quotes, else comma. */
export function detectDelimiter(headerText: string): string {
  let quoted = false;
  for (const char of headerText) {
    if (char === '"') quoted = !quoted;
    else if (char === '\n' || char === '\r') break;
    else if (!quoted && (CSV_DELIMITERS as readonly string[]).includes(char)) return char;
  }
  return ',';
}

/**
 * A push parser: feed text chunks, get rows (arrays of cell texts). Cells may
 * span chunks; blank lines are skipped.
 */
export class CsvRowParser {
  private delimiter = -1;
  private cell = '';
  private row: string[] = [];
  private quoted = false;
  /** Inside a quoted cell, the previous char was a quote (an escape or the closing quote). */
  private quotePending = false;
  private cellStarted = false;
  private previousWasCr = false;

  constructor(private readonly onRow: (cells: string[]) => void) {}

  write(text: string): void {
    if (this.delimiter < 0 && text.length) this.delimiter = detectDelimiter(text).charCodeAt(0);
    const delimiter = this.delimiter;
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (this.quoted) {
        if (this.quotePending) {
          this.quotePending = false;
          if (code === QUOTE) {
            this.cell += '"';
            start = i + 1;
            continue;
          }
          this.quoted = false;
          start = i;
          // fall through: this char ends or continues the cell unquoted
        } else {
          if (code === QUOTE) {
            this.cell += text.slice(start, i);
            this.quotePending = true;
            start = i + 1;
          }
          continue;
        }
      }
      if (code === delimiter) {
        this.cell += text.slice(start, i);
        this.endCell();
        start = i + 1;
      } else if (code === LF || code === CR) {
        this.cell += text.slice(start, i);
        if (!(code === LF && this.previousWasCr)) this.endRow();
        start = i + 1;
      } else if (code === QUOTE && !this.cellStarted && i === start) {
        this.quoted = true;
        this.cellStarted = true;
        start = i + 1;
      } else {
        this.cellStarted = true;
      }
      this.previousWasCr = code === CR;
    }
    if (this.quoted) {
      if (!this.quotePending) this.cell += text.slice(start);
    } else {
      this.cell += text.slice(start);
    }
  }

  /** Ends the input; a last row without a line break is handed over too. */
  end(): void {
    if (this.quoted && !this.quotePending) throw new Error('a quoted value is not closed');
    this.quoted = false;
    this.quotePending = false;
    this.endRow();
  }

  get delimiterText(): string {
    return this.delimiter < 0 ? ',' : String.fromCharCode(this.delimiter);
  }

  private endCell(): void {
    this.row.push(this.cell);
    this.cell = '';
    this.cellStarted = false;
    this.quoted = false;
  }

  private endRow(): void {
    const blank = this.row.length === 0 && this.cell === '' && !this.cellStarted;
    if (!blank) {
      this.endCell();
      this.onRow(this.row);
    }
    this.row = [];
    this.cell = '';
    this.cellStarted = false;
  }
}

/**
 * Reads a Bulk API CSV file; calls `onRecord` with each data row as
 * { column: cell text }. Throws when the file has no header row.
 * A row with a different number of cells than the header is reported through
 * `onBadRow` (1-based data row number) and not handed over.
 */
export function streamCsvExport(
  filePath: string,
  displayName: string,
  onRecord: (row: Record<string, string>) => void,
  onBadRow: (rowNumber: number, cells: number, expected: number) => void,
  progress?: ProgressListener
): CsvExportSummary {
  let columns: string[] | null = null;
  let dataRows = 0;
  let records = 0;
  const parser = new CsvRowParser((cells) => {
    if (columns === null) {
      columns = cells;
      return;
    }
    dataRows += 1;
    if (cells.length !== columns.length) {
      onBadRow(dataRows, cells.length, columns.length);
      return;
    }
    const row: Record<string, string> = {};
    for (let i = 0; i < cells.length; i++) row[columns[i]] = cells[i];
    records += 1;
    onRecord(row);
  });
  const write = (text: string) => parser.write(text);
  readFileInChunks(
    filePath,
    displayName,
    { bytes: () => undefined, text: write },
    { utf8AsText: true, progress, records: () => records }
  );
  parser.end();
  if (columns === null) throw new Error('has no header row');
  return { columns, delimiter: parser.delimiterText, records };
}
