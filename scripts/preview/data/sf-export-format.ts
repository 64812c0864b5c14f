/**
 * The export format the preview reads and the demo org writes: one JSON file per
 * object, exactly as `sf data query --query "<SOQL>" --json` prints it.
 *
 *   { "status": 0, "result": { "totalSize": 2, "done": true, "records": [
 *       { "attributes": { "type": "User", "url": "/services/data/v64.0/sobjects/User/005..." },
 *         "Id": "005...", "Profile": { "attributes": {...}, "Name": "...", "UserLicense": {...} } } ] } }
 *
 * Date-times are written the way the REST API returns them
 * ("2026-05-01T12:34:56.000+0000"). Relationship fields are nested objects, or
 * null when the lookup is empty.
 */

/** Salesforce API version used in record attribute URLs. */
export const API_VERSION = '64.0';

/** `attributes` of a queried record. */
export interface SfAttributes {
  type: string;
  url?: string;
}

/** One record as the REST API returns it. */
export interface SfRecord {
  attributes?: SfAttributes;
  [field: string]: unknown;
}

/** The `result` part of `sf data query --json`. */
export interface SfQueryResult {
  totalSize: number;
  done: boolean;
  records: SfRecord[];
}

/** The whole `sf data query --json` output. */
export interface SfQueryOutput {
  status: number;
  result: SfQueryResult;
  warnings?: string[];
}

/** An export file: which object, its file name, the query that produces it. */
export interface ExportFileSpec {
  object: string;
  file: string;
  /** The preview cannot answer some Apex calls without it. */
  required: boolean;
  soql: string;
  /** For an optional file: what its absence means, shown as a warning. */
  whenMissing?: string;
}

/** Days of LoginHistory Salesforce keeps, and the export asks for. */
export const LOGIN_HISTORY_DAYS = 180;

/** The files of an export folder and the queries that produce them. */
export const EXPORT_FILES = {
  Organization: {
    object: 'Organization',
    file: 'Organization.json',
    required: false,
    soql: 'SELECT Id, Name, TimeZoneSidKey FROM Organization'
  },
  User: {
    object: 'User',
    file: 'User.json',
    required: true,
    soql:
      'SELECT Id, Username, Name, IsActive, UserType, Department, Division, ForecastEnabled, ' +
      'LastLoginDate, CreatedDate, ProfileId, Profile.Name, Profile.UserLicense.Name, ' +
      'Profile.UserLicense.LicenseDefinitionKey, UserRole.Name FROM User'
  },
  UserLicense: {
    object: 'UserLicense',
    file: 'UserLicense.json',
    required: true,
    soql:
      'SELECT Id, Name, MasterLabel, LicenseDefinitionKey, Status, TotalLicenses, UsedLicenses ' +
      'FROM UserLicense'
  },
  PermissionSetLicense: {
    object: 'PermissionSetLicense',
    file: 'PermissionSetLicense.json',
    required: true,
    soql:
      'SELECT Id, DeveloperName, MasterLabel, Status, TotalLicenses, UsedLicenses ' +
      'FROM PermissionSetLicense'
  },
  PermissionSetLicenseAssign: {
    object: 'PermissionSetLicenseAssign',
    file: 'PermissionSetLicenseAssign.json',
    required: false,
    soql: 'SELECT Id, AssigneeId, PermissionSetLicense.DeveloperName FROM PermissionSetLicenseAssign'
  },
  UserLogin: {
    object: 'UserLogin',
    file: 'UserLogin.json',
    // Optional: Salesforce opens UserLogin only to Manage Users ("To access this object, you need
    // the UserPermissions.ManageUsers permission", object reference, UserLogin). Without it every
    // user's frozen state is unknown, never "not frozen".
    required: false,
    soql: 'SELECT Id, UserId, IsFrozen FROM UserLogin',
    whenMissing: "so every user's frozen state is unknown (exporting UserLogin needs Manage Users)"
  },
  LoginHistory: {
    object: 'LoginHistory',
    file: 'LoginHistory.json',
    required: true,
    soql:
      'SELECT Id, UserId, LoginTime, LoginType, LoginSubType, Status, Application ' +
      `FROM LoginHistory WHERE LoginTime = LAST_N_DAYS:${LOGIN_HISTORY_DAYS}`
  }
} as const satisfies Record<string, ExportFileSpec>;

export type ExportObject = keyof typeof EXPORT_FILES;

/** The export objects in the order they are read and written. */
export const EXPORT_OBJECTS = Object.keys(EXPORT_FILES) as ExportObject[];

/** The `sf data query` command line that writes one export file (for docs and messages). */
export function exportCommand(object: ExportObject): string {
  const spec = EXPORT_FILES[object];
  return `sf data query --query "${spec.soql}" --json > ${spec.file}`;
}

/**
 * The CSV file an object may come as instead: what `sf data export bulk
 * --result-format csv` writes (see bulkExportCommand). Read when the JSON file is absent.
 */
export function csvFileName(object: ExportObject): string {
  return `${object}.csv`;
}

/** Minutes `sf data export bulk --wait` gives the Bulk API job; without --wait the command only starts it. */
export const BULK_EXPORT_WAIT_MINUTES = 30;

/**
 * The `sf data export bulk` command line that writes an object's CSV through
 * Bulk API 2.0 (for large LoginHistory exports; docs and messages).
 */
export function bulkExportCommand(object: ExportObject): string {
  const spec = EXPORT_FILES[object];
  return (
    `sf data export bulk --query "${spec.soql}" --output-file ${csvFileName(object)} ` +
    `--result-format csv --wait ${BULK_EXPORT_WAIT_MINUTES}`
  );
}

const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_MINUTE = 60_000;
const MS_PER_SECOND = 1000;
const DATE_PREFIX_LENGTH = 'YYYY-MM-DDT'.length;
/** "YYYY-MM-DDT" per UTC day number: formatting millions of LoginTimes stays cheap. */
const datePrefixes = new Map<number, string>();

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** A date-time the way the REST API writes it: 2026-05-01T12:34:56.000+0000. */
export function toSfDateTime(epochMs: number): string {
  const day = Math.floor(epochMs / MS_PER_DAY);
  let prefix = datePrefixes.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * MS_PER_DAY).toISOString().slice(0, DATE_PREFIX_LENGTH);
    datePrefixes.set(day, prefix);
  }
  const msOfDay = epochMs - day * MS_PER_DAY;
  const hours = Math.floor(msOfDay / MS_PER_HOUR);
  const minutes = Math.floor((msOfDay % MS_PER_HOUR) / MS_PER_MINUTE);
  const seconds = Math.floor((msOfDay % MS_PER_MINUTE) / MS_PER_SECOND);
  const millis = msOfDay % MS_PER_SECOND;
  return `${prefix}${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}.${pad(millis, 3)}+0000`;
}

/** The record `attributes` block for an object and Id. */
export function sfAttributes(type: string, id?: string): SfAttributes {
  return id ? { type, url: `/services/data/v${API_VERSION}/sobjects/${type}/${id}` } : { type };
}
