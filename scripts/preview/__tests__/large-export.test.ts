import * as fs from 'node:fs';
import { inMemory } from './in-memory';
import * as path from 'node:path';
import { readExportFolder } from '../data/read-export';
import { CsvRowParser, detectDelimiter } from '../data/csv-export-stream';
import { createProgressReporter, describeProgress } from '../data/read-progress';
import { EXPORT_FILES, EXPORT_OBJECTS, type ExportObject } from '../data/sf-export-format';
import {
  SYNTHETIC_NEWEST_LOGIN,
  writeLoginHistoryFile,
  writeMinimalExport
} from '../data/synthetic-export';
import type { OrgData } from '../data/org-data';
import {
  cleanUp,
  copyOfSmallExport,
  FIXTURE_NOW,
  readJson,
  SMALL_EXPORT,
  tempDir
} from './helpers';

afterEach(() => {
  jest.restoreAllMocks();
  cleanUp();
});

const MEGABYTE = 1024 * 1024;

/** The SELECT list of an export query: the Bulk API CSV columns. */
function columnsOf(object: ExportObject): string[] {
  const soql = EXPORT_FILES[object].soql;
  return soql.slice('SELECT '.length, soql.indexOf(' FROM ')).split(', ');
}

function valueAt(record: Record<string, unknown>, column: string): unknown {
  let current: unknown = record;
  for (const segment of column.split('.')) {
    if (current === null || current === undefined) return null;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** A cell as Bulk API 2.0 writes it: text, every value quoted, empty for null, date-times in Z form. */
function bulkCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text =
    typeof value === 'string' ? value.replace(/\.(\d{3})\+0000$/, '.$1Z') : String(value);
  return `"${text.replace(/"/g, '""')}"`;
}

/** Rewrites a JSON export file of the small export as the CSV `sf data export bulk` writes. */
function writeAsBulkCsv(dir: string, object: ExportObject, delimiter = ',', lineEnd = '\n'): void {
  const records = readJson(dir, EXPORT_FILES[object].file).result.records;
  const columns = columnsOf(object);
  const lines = [columns.map((column) => `"${column}"`).join(delimiter)];
  for (const record of records)
    lines.push(columns.map((column) => bulkCell(valueAt(record, column))).join(delimiter));
  fs.writeFileSync(path.join(dir, `${object}.csv`), lines.join(lineEnd) + lineEnd);
  fs.rmSync(path.join(dir, EXPORT_FILES[object].file));
}

/** What must be equal between two readings of the same org. */
function essentials(data: OrgData) {
  return {
    users: data.users,
    userLicenses: data.userLicenses,
    permissionSetLicenses: data.permissionSetLicenses,
    psl: [...data.permissionSetLicensesByUser],
    frozen: [...data.frozenUserIds],
    userLogins: [...data.userLoginIds].sort(),
    logins: Array.from(inMemory(data.logins).time),
    combos: data.logins.combos,
    organization: data.organization
  };
}

const quiet = { progress: null, readAt: FIXTURE_NOW };

describe('a large LoginHistory.json (sf data query --json)', () => {
  const ROWS = 120_000;

  it('is stream-parsed with flat memory, never read whole, and reports progress on stderr only', () => {
    const dir = tempDir();
    writeMinimalExport(dir, ROWS / 1000);
    const bytes = writeLoginHistoryFile(dir, { rows: ROWS, format: 'json' });
    expect(bytes).toBeGreaterThan(34 * MEGABYTE);
    const exportFile = path.join(dir, EXPORT_FILES.LoginHistory.file);
    // The module object itself: `import * as fs` gives a copy whose properties cannot be spied on.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const readWhole = jest.spyOn(require('node:fs') as typeof fs, 'readFileSync');
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const stdout = jest.spyOn(process.stdout, 'write');
    const reporter = createProgressReporter({ intervalMs: 0 });
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    let samples = 0;
    const data = readExportFolder(dir, {
      readAt: FIXTURE_NOW,
      progress: (progress) => {
        samples += 1;
        peak = Math.max(peak, process.memoryUsage().heapUsed);
        reporter(progress);
      }
    });
    expect(data.problems).toEqual([]);
    expect(data.logins.size).toBe(ROWS);
    expect(data.logins.newestTime()).toBe(SYNTHETIC_NEWEST_LOGIN);
    expect(readWhole.mock.calls.filter(([file]) => file === exportFile)).toEqual([]);
    // One progress call per 1 MB chunk: memory was sampled all along the file.
    expect(samples).toBeGreaterThan(bytes / MEGABYTE - 1);
    // Reading it whole would hold the whole text (over 34 MB) plus every record object.
    expect(peak - baseline).toBeLessThan(bytes / 2);
    const lines = stderr.mock.calls.map(([text]) => String(text));
    expect(lines.some((line) => /^Reading LoginHistory\.json: \d+% \(/.test(line))).toBe(true);
    expect(
      lines.filter((line) => /^Read LoginHistory\.json: 120,000 records \(\d+ MB\)\.\n$/.test(line))
    ).toHaveLength(1);
    expect(stdout).not.toHaveBeenCalled();
  }, 60_000);

  it('reads the same rows from the CSV that sf data export bulk writes', () => {
    const dir = tempDir();
    writeMinimalExport(dir, 5);
    writeLoginHistoryFile(dir, { rows: 5000, format: 'csv' });
    const fromCsv = readExportFolder(dir, quiet);
    fs.rmSync(path.join(dir, 'LoginHistory.csv'));
    writeLoginHistoryFile(dir, { rows: 5000, format: 'json' });
    const fromJson = readExportFolder(dir, quiet);
    expect(fromCsv.problems).toEqual([]);
    expect(essentials(fromCsv)).toEqual(essentials(fromJson));
    expect(fromCsv.logins.combos.map((combo) => combo.application)).toContain(
      'Data Loader, "Bulk"'
    );
  });
});

describe('sf data export bulk files', () => {
  const fromJson = readExportFolder(SMALL_EXPORT, quiet);

  it('reads every object from Bulk API CSV exactly as from sf data query --json', () => {
    const dir = copyOfSmallExport();
    for (const object of EXPORT_OBJECTS) writeAsBulkCsv(dir, object);
    const fromCsv = readExportFolder(dir, quiet);
    expect(fromCsv.problems).toEqual([]);
    expect(fromCsv.unavailable.size).toBe(0);
    expect(essentials(fromCsv)).toEqual(essentials(fromJson));
  });

  it('detects the column delimiter and reads CRLF line endings', () => {
    const dir = copyOfSmallExport();
    writeAsBulkCsv(dir, 'User', ';', '\r\n');
    writeAsBulkCsv(dir, 'LoginHistory', '\t');
    const fromCsv = readExportFolder(dir, quiet);
    expect(fromCsv.problems).toEqual([]);
    expect(essentials(fromCsv)).toEqual(essentials(fromJson));
  });

  it('reads the JSON array that sf data export bulk --result-format json writes', () => {
    const dir = copyOfSmallExport();
    for (const object of ['User', 'LoginHistory'] as const) {
      const records = readJson(dir, EXPORT_FILES[object].file).result.records;
      const flat = records.map((record) =>
        Object.fromEntries(
          columnsOf(object).map((column) => {
            const value = valueAt(record, column);
            return [column, value === null ? '' : String(value)];
          })
        )
      );
      fs.writeFileSync(
        path.join(dir, EXPORT_FILES[object].file),
        `[\n${flat.map((row) => `  ${JSON.stringify(row)}`).join(',\n')}\n]`
      );
    }
    const fromBulkJson = readExportFolder(dir, quiet);
    expect(fromBulkJson.problems).toEqual([]);
    expect(essentials(fromBulkJson)).toEqual(essentials(fromJson));
  });

  it('names a CSV without the needed columns and the command that writes one', () => {
    const dir = copyOfSmallExport();
    fs.rmSync(path.join(dir, 'LoginHistory.json'));
    fs.writeFileSync(
      path.join(dir, 'LoginHistory.csv'),
      '"Id","UserId"\n"0Ya000000000001AAA","005000000000001AAA"\n'
    );
    const data = readExportFolder(dir, quiet);
    expect(data.unavailable.get('LoginHistory')).toMatch(
      /^LoginHistory\.csv has no "LoginTime", "LoginType", "Status" columns\. Create it with: sf data export bulk --query "SELECT Id, UserId, LoginTime/
    );
    expect(data.unavailable.get('LoginHistory')).toContain('--result-format csv --wait 30');
    expect(data.logins.size).toBe(0);
    expect(data.problems.filter((p) => p.field !== null)).toEqual([]);
  });

  it('skips rows with the wrong number of values and says so', () => {
    const dir = copyOfSmallExport();
    writeAsBulkCsv(dir, 'LoginHistory');
    fs.appendFileSync(
      path.join(dir, 'LoginHistory.csv'),
      '"0Ya000000000009AAA","005000000000001AAA"\n'
    );
    const data = readExportFolder(dir, quiet);
    expect(data.logins.size).toBe(8);
    expect(data.problems.map((p) => p.message)).toEqual([
      'LoginHistory.csv has 1 rows with the wrong number of values (first: data row 9, 2 values for 7 columns); they were skipped.'
    ]);
  });

  it('reads the JSON file and says so when both a JSON and a CSV file are present', () => {
    const dir = copyOfSmallExport();
    fs.writeFileSync(path.join(dir, 'User.csv'), '"Id"\n');
    const data = readExportFolder(dir, quiet);
    expect(data.users).toHaveLength(4);
    expect(data.problems.map((p) => p.message)).toEqual([
      'User.csv was not read: User.json is in the same folder and was read instead. Keep one of the two.'
    ]);
  });
});

describe('a JSON file that breaks halfway', () => {
  it('is unavailable as a whole: no rows of it are kept', () => {
    const dir = copyOfSmallExport();
    const file = path.join(dir, 'LoginHistory.json');
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.slice(0, Math.floor(text.length * 0.7)));
    const data = readExportFolder(dir, quiet);
    expect(data.unavailable.get('LoginHistory')).toMatch(
      /LoginHistory\.json could not be read as JSON/
    );
    expect(data.logins.size).toBe(0);
    expect(data.problems).toHaveLength(1);
  });
});

describe('CsvRowParser', () => {
  const text =
    '"Id","Name","Note"\r\n"1","Ada ""the"" Admin","IT;=1+1, with comma"\r\n2,,"two\nlines"\r\n\r\n3,"",last';
  const expected = [
    ['Id', 'Name', 'Note'],
    ['1', 'Ada "the" Admin', 'IT;=1+1, with comma'],
    ['2', '', 'two\nlines'],
    ['3', '', 'last']
  ];

  function parse(chunks: string[]): string[][] {
    const rows: string[][] = [];
    const parser = new CsvRowParser((cells) => rows.push(cells));
    for (const chunk of chunks) parser.write(chunk);
    parser.end();
    return rows;
  }

  it('reads quotes, escaped quotes, delimiters and line breaks inside values, CRLF and blank lines', () => {
    expect(parse([text])).toEqual(expected);
  });

  it('reads the same rows however the text is cut into chunks', () => {
    for (let cut = 1; cut < text.length; cut++) {
      expect(parse([text.slice(0, cut), text.slice(cut)])).toEqual(expected);
    }
    expect(parse([...text])).toEqual(expected);
  });

  it('refuses a quoted value that never ends', () => {
    expect(() => parse(['"Id"\n"abc'])).toThrow(/quoted value is not closed/);
  });

  it('takes the delimiter from the header row', () => {
    expect(detectDelimiter('"Id";"Name"\n')).toBe(';');
    expect(detectDelimiter('Id\tName')).toBe('\t');
    expect(detectDelimiter('"A,B"|C')).toBe('|');
    expect(detectDelimiter('Id')).toBe(',');
  });
});

describe('progress lines', () => {
  const progress = { file: 'LoginHistory.json', totalBytes: 551 * MEGABYTE, records: 570123 };

  it('stay quiet for small files and throttle big ones', () => {
    const lines: string[] = [];
    let now = 0;
    const report = createProgressReporter({ write: (line) => lines.push(line), clock: () => now });
    report({ ...progress, totalBytes: MEGABYTE, bytesRead: MEGABYTE, done: true });
    expect(lines).toEqual([]);
    report({ ...progress, bytesRead: MEGABYTE, done: false });
    now = 1000;
    report({ ...progress, bytesRead: 2 * MEGABYTE, done: false });
    now = 2500;
    report({ ...progress, bytesRead: 248 * MEGABYTE, done: false });
    report({ ...progress, bytesRead: 551 * MEGABYTE, done: true });
    expect(lines).toEqual([
      'Reading LoginHistory.json: 45% (248 of 551 MB, 570,123 records)',
      'Read LoginHistory.json: 570,123 records (551 MB).'
    ]);
  });

  it('describe one record in the singular', () => {
    expect(describeProgress({ ...progress, records: 1, bytesRead: 0, done: false })).toBe(
      'Reading LoginHistory.json: 0% (0 of 551 MB, 1 record)'
    );
  });
});
