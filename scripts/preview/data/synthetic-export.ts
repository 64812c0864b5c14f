/**
 * Writes synthetic export files of any size, streamed to disk (never built as
 * one string): a LoginHistory file in the `sf data query --json` shape or the
 * `sf data export bulk` CSV shape, and a minimal set of the other required
 * files. Used by the large-export tests and benchmark.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXPORT_FILES, csvFileName, sfAttributes, toSfDateTime } from './sf-export-format';

/** The one user every synthetic login belongs to (a user per 1,000 rows is added too). */
export const SYNTHETIC_USER_ID = '005000000000001AAA';
/** Newest synthetic LoginTime. */
export const SYNTHETIC_NEWEST_LOGIN = Date.parse('2026-11-23T19:00:00.000Z');

const ROWS_PER_WRITE = 5000;
const MS_PER_ROW = 7000;
const ROWS_PER_USER = 1000;
const ID_DIGITS = 12;

function userId(row: number): string {
  const index = Math.floor(row / ROWS_PER_USER) + 1;
  return `005${String(index).padStart(ID_DIGITS, '0')}AAA`;
}

function loginId(row: number): string {
  return `0Ya${String(row + 1).padStart(ID_DIGITS, '0')}AAA`;
}

/** The row's values: logins spread back in time from SYNTHETIC_NEWEST_LOGIN. */
function loginValues(row: number) {
  return {
    Id: loginId(row),
    UserId: userId(row),
    LoginTime: SYNTHETIC_NEWEST_LOGIN - row * MS_PER_ROW,
    LoginType: row % 3 === 0 ? 'Remote Access 2.0' : 'Application',
    LoginSubType: null as string | null,
    Status: 'Success',
    Application: row % 3 === 0 ? 'Data Loader, "Bulk"' : 'Browser'
  };
}

function csvCell(value: string | null): string {
  if (value === null) return '';
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Writes LoginHistory.json (sf data query --json) or LoginHistory.csv
 * (sf data export bulk) with `rows` rows; returns the file size in bytes.
 */
export function writeLoginHistoryFile(
  dir: string,
  options: { rows: number; format: 'json' | 'csv' }
): number {
  const file = path.join(
    dir,
    options.format === 'json' ? EXPORT_FILES.LoginHistory.file : csvFileName('LoginHistory')
  );
  const fd = fs.openSync(file, 'w');
  try {
    const columns = [
      'Id',
      'UserId',
      'LoginTime',
      'LoginType',
      'LoginSubType',
      'Status',
      'Application'
    ];
    fs.writeSync(
      fd,
      options.format === 'json'
        ? `{\n  "status": 0,\n  "result": {\n    "totalSize": ${options.rows},\n    "done": true,\n    "records": [\n`
        : `${columns.map((c) => `"${c}"`).join(',')}\n`
    );
    for (let start = 0; start < options.rows; start += ROWS_PER_WRITE) {
      const lines: string[] = [];
      for (let row = start; row < Math.min(options.rows, start + ROWS_PER_WRITE); row++) {
        const values = loginValues(row);
        if (options.format === 'json') {
          const record = {
            attributes: sfAttributes('LoginHistory', values.Id),
            ...values,
            LoginTime: toSfDateTime(values.LoginTime)
          };
          lines.push(`      ${JSON.stringify(record)}${row === options.rows - 1 ? '' : ','}\n`);
        } else {
          const time = new Date(values.LoginTime).toISOString();
          lines.push(
            [values.Id, values.UserId, time, values.LoginType, values.LoginSubType, values.Status]
              .map(csvCell)
              .concat(csvCell(values.Application))
              .join(',') + '\n'
          );
        }
      }
      fs.writeSync(fd, lines.join(''));
    }
    if (options.format === 'json') fs.writeSync(fd, '    ]\n  }\n}\n');
  } finally {
    fs.closeSync(fd);
  }
  return fs.statSync(file).size;
}

function queryOutput(records: unknown[]): string {
  return JSON.stringify({ status: 0, result: { totalSize: records.length, done: true, records } });
}

/** Writes User.json (one user per 1,000 login rows, up to `users`) and empty required files. */
export function writeMinimalExport(dir: string, users = 1300): void {
  const userRecords = Array.from({ length: users }, (_, index) => ({
    attributes: sfAttributes('User', userId(index * ROWS_PER_USER)),
    Id: userId(index * ROWS_PER_USER),
    Username: `user${index}@example.com`,
    Name: `User ${index}`,
    IsActive: true,
    UserType: 'Standard',
    Department: null,
    Division: null,
    ForecastEnabled: false,
    LastLoginDate: null,
    CreatedDate: '2024-01-15T10:00:00.000+0000',
    ProfileId: null,
    Profile: null,
    UserRole: null
  }));
  fs.writeFileSync(path.join(dir, EXPORT_FILES.User.file), queryOutput(userRecords));
  for (const object of ['UserLicense', 'PermissionSetLicense', 'UserLogin'] as const) {
    fs.writeFileSync(path.join(dir, EXPORT_FILES[object].file), queryOutput([]));
  }
}
