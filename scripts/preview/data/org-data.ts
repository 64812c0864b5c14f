/**
 * The org the preview serves: the validated rows of every export object, from
 * a demo org or a user's export (both arrive as queried records and go through
 * the same OrgDataBuilder), plus what could not be read.
 */
import type { ExportObject, SfRecord } from './sf-export-format';
import { EXPORT_FILES } from './sf-export-format';
import type { LoginSinkFactory, LoginTable, LoginTableSink } from './login-store';
import { LoginTableBuilder } from './login-table';
import { ProblemLog, type DataProblem } from './problems';
import type { RecordSchema } from './record-schema';
import {
  LOGIN_HISTORY_SCHEMA,
  ORGANIZATION_SCHEMA,
  PERMISSION_SET_LICENSE_ASSIGN_SCHEMA,
  PERMISSION_SET_LICENSE_SCHEMA,
  USER_LICENSE_SCHEMA,
  USER_LOGIN_SCHEMA,
  USER_SCHEMA,
  type LoginHistoryRow,
  type OrganizationRow,
  type PermissionSetLicenseRow,
  type UserLicenseRow,
  type UserRow
} from './schemas';

/** Time zone assumed when the export has no Organization.json. */
export const DEFAULT_ORG_TIME_ZONE = 'UTC';

/** LoginTimes outside these bounds (epoch ms, inclusive) are reported and left out. */
export interface LoginTimeBounds {
  earliest: number;
  latest: number;
}

/**
 * Our plausibility rule for an export's LoginTime (a rule of this tool, not a
 * Salesforce limit): not before 2000-01-01T00:00Z, and not more than one day
 * after the export is read (a login cannot happen after the file that holds it
 * was written; the day absorbs clock skew between this machine and Salesforce).
 * One row in year 9999 would otherwise become the preview's "as of".
 */
export const EARLIEST_PLAUSIBLE_LOGIN_TIME = Date.UTC(2000, 0, 1);
export const LOGIN_TIME_SKEW_MS = 86_400_000;

export function plausibleLoginTimes(readAt: number): LoginTimeBounds {
  return { earliest: EARLIEST_PLAUSIBLE_LOGIN_TIME, latest: readAt + LOGIN_TIME_SKEW_MS };
}

/** The bounds in words, for the problem message. */
export function describeLoginTimeBounds(bounds: LoginTimeBounds): string {
  return `a time from ${new Date(bounds.earliest).toISOString()} to ${new Date(bounds.latest).toISOString()}, the time of reading plus one day`;
}

export interface OrgDataBuilderOptions {
  /** Keep only LoginTimes within these bounds; null or absent keeps every valid LoginTime. */
  loginTimeBounds?: LoginTimeBounds | null;
  /** Where LoginHistory rows go (default: memory; a live pull keeps them on disk). */
  loginSink?: LoginSinkFactory;
}

/** The records of one object while they are read; nothing is kept until commit(). */
export interface ObjectReading {
  /** Validates one record (problems go to the log) and stages its row. */
  add(record: SfRecord): void;
  /** Records added so far. */
  readonly count: number;
  /**
   * About `records` more records are coming (a COUNT() of them): a hint to
   * LoginHistory's sink (LoginTableSink.reserve). An in-memory sink sizes its
   * columns once for the logins held plus these, instead of doubling as they
   * fill (login-table.ts); a DiskLoginTableBuilder ignores it. Other objects
   * ignore it too.
   */
  expectMore(records: number): void;
  /** Keeps the staged rows. */
  commit(): void;
  /** Drops the staged rows and the field problems they raised (the file is reported instead). */
  discard(): void;
}

export interface OrgData {
  /** Where the data came from, for the page and the log ("demo org, 2,500 users, seed 42"). */
  source: string;
  /** Organization row, null when not exported. */
  organization: OrganizationRow | null;
  /** Users sorted by Id (the order keyset paging walks). */
  users: UserRow[];
  userLicenses: UserLicenseRow[];
  permissionSetLicenses: PermissionSetLicenseRow[];
  /** PermissionSetLicense DeveloperNames per user Id. */
  permissionSetLicensesByUser: ReadonlyMap<string, string[]>;
  /** Users whose UserLogin says IsFrozen. */
  frozenUserIds: ReadonlySet<string>;
  /** Users that have a UserLogin record. */
  userLoginIds: ReadonlySet<string>;
  logins: LoginTable;
  /** Objects that could not be read at all, with the reason. */
  unavailable: ReadonlyMap<ExportObject, string>;
  problems: DataProblem[];
}

/** The schema that reads each object's records. */
export const SCHEMAS: Record<ExportObject, RecordSchema<unknown>> = {
  Organization: ORGANIZATION_SCHEMA,
  User: USER_SCHEMA,
  UserLicense: USER_LICENSE_SCHEMA,
  PermissionSetLicense: PERMISSION_SET_LICENSE_SCHEMA,
  PermissionSetLicenseAssign: PERMISSION_SET_LICENSE_ASSIGN_SCHEMA,
  UserLogin: USER_LOGIN_SCHEMA,
  LoginHistory: LOGIN_HISTORY_SCHEMA
};

function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Collects validated rows object by object, then builds an OrgData. */
export class OrgDataBuilder {
  readonly log = new ProblemLog();
  private organization: OrganizationRow | null = null;
  private readonly users = new Map<string, UserRow>();
  private readonly userLicenses: UserLicenseRow[] = [];
  private readonly permissionSetLicenses: PermissionSetLicenseRow[] = [];
  private readonly pslByUser = new Map<string, string[]>();
  private readonly frozen = new Set<string>();
  private readonly userLogins = new Set<string>();
  private readonly newLoginSink: LoginSinkFactory;
  private logins: LoginTableSink;
  private readonly unavailable = new Map<ExportObject, string>();
  private readonly duplicateUserIds: string[] = [];
  private readonly loginTimeBounds: LoginTimeBounds | null;

  constructor(options: OrgDataBuilderOptions = {}) {
    this.loginTimeBounds = options.loginTimeBounds ?? null;
    this.newLoginSink = options.loginSink ?? (() => new LoginTableBuilder());
    this.logins = this.newLoginSink();
  }

  /**
   * Validates and keeps the records of one object. Records that fail
   * validation are skipped and reported under the object's file name.
   */
  addRecords(object: ExportObject, records: Iterable<SfRecord>): void {
    const reading = this.beginObject(object);
    for (const record of records) reading.add(record);
    reading.commit();
  }

  /**
   * Starts reading one object record by record (a file streamed from disk).
   * Rows are staged, so a file that turns out unusable halfway leaves nothing behind.
   */
  beginObject(object: ExportObject): ObjectReading {
    const file = EXPORT_FILES[object].file;
    const schema = SCHEMAS[object];
    const rows: unknown[] = [];
    const logins = object === 'LoginHistory' ? this.newLoginSink() : null;
    const bounds = this.loginTimeBounds;
    const loginTimeSpec = LOGIN_HISTORY_SCHEMA.fields.loginTime;
    let index = 0;
    let open = true;
    const close = () => {
      if (!open) throw new Error(`${file}: the reading was already committed or discarded.`);
      open = false;
    };
    return {
      add: (record) => {
        const row = schema.read(record, index, this.log, file);
        const at = index;
        index += 1;
        if (row === null) return;
        if (!logins) {
          rows.push(row);
          return;
        }
        const login = row as LoginHistoryRow;
        if (bounds && (login.loginTime < bounds.earliest || login.loginTime > bounds.latest)) {
          const site = { index: at, id: record.Id, skipped: true };
          this.log.fieldIssue(
            file,
            loginTimeSpec,
            'implausible',
            site,
            describeLoginTimeBounds(bounds)
          );
          return;
        }
        logins.add(login);
      },
      get count() {
        return index;
      },
      expectMore: (records) => {
        if (Number.isFinite(records) && records > 0) logins?.reserve(logins.rowCount + records);
      },
      commit: () => {
        close();
        for (const row of rows) this.keep(object, row);
        if (logins && this.logins.rowCount === 0) {
          this.logins.dispose();
          this.logins = logins;
        } else if (logins) {
          const kept = logins.build();
          try {
            this.logins.addTable(kept);
          } finally {
            // A table on disk holds files until disposed, copied or not.
            kept.dispose();
          }
        }
        this.log.recordsRead(file, index);
        if (object === 'Organization') this.checkOrganization(file, index);
      },
      discard: () => {
        close();
        rows.length = 0;
        logins?.dispose();
        this.log.forgetFieldIssues(file);
      }
    };
  }

  /** Marks an object as unreadable; Apex calls that need it will fail with the reason. */
  markUnavailable(object: ExportObject, reason: string): void {
    this.unavailable.set(object, reason);
  }

  private keep(object: ExportObject, row: unknown): void {
    switch (object) {
      case 'Organization':
        this.organization ??= row as OrganizationRow;
        return;
      case 'User': {
        const user = row as UserRow;
        if (this.users.has(user.id)) this.duplicateUserIds.push(user.id);
        else this.users.set(user.id, user);
        return;
      }
      case 'UserLicense':
        this.userLicenses.push(row as UserLicenseRow);
        return;
      case 'PermissionSetLicense':
        this.permissionSetLicenses.push(row as PermissionSetLicenseRow);
        return;
      case 'PermissionSetLicenseAssign': {
        const { assigneeId, developerName } = row as { assigneeId: string; developerName: string };
        const names = this.pslByUser.get(assigneeId) ?? [];
        names.push(developerName);
        this.pslByUser.set(assigneeId, names);
        return;
      }
      case 'UserLogin': {
        const { userId, isFrozen } = row as { userId: string; isFrozen: boolean };
        this.userLogins.add(userId);
        if (isFrozen) this.frozen.add(userId);
        return;
      }
      case 'LoginHistory':
        this.logins.add(row as LoginHistoryRow);
        return;
    }
  }

  private checkOrganization(file: string, records: number): void {
    if (records === 0) {
      this.log.fileProblem(
        file,
        'warning',
        `has no record; the time zone is ${DEFAULT_ORG_TIME_ZONE}.`
      );
    } else if (this.organization && !isValidTimeZone(this.organization.timeZoneSidKey)) {
      this.log.fileProblem(
        file,
        'warning',
        `has TimeZoneSidKey "${this.organization.timeZoneSidKey}", a time zone this machine does not know; using ${DEFAULT_ORG_TIME_ZONE}.`
      );
      this.organization = { ...this.organization, timeZoneSidKey: DEFAULT_ORG_TIME_ZONE };
    }
  }

  build(source: string): OrgData {
    if (this.duplicateUserIds.length) {
      this.log.fileProblem(
        EXPORT_FILES.User.file,
        'warning',
        `has ${this.duplicateUserIds.length} duplicate user Ids (first ${this.duplicateUserIds[0]}); the first record of each was kept.`
      );
    }
    for (const names of this.pslByUser.values()) names.sort();
    return {
      source,
      organization: this.organization,
      users: [...this.users.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
      userLicenses: this.userLicenses,
      permissionSetLicenses: this.permissionSetLicenses,
      permissionSetLicensesByUser: this.pslByUser,
      frozenUserIds: this.frozen,
      userLoginIds: this.userLogins,
      logins: this.logins.build(),
      unavailable: this.unavailable,
      problems: this.log.problems()
    };
  }
}

/** The org time zone: Organization.TimeZoneSidKey, else DEFAULT_ORG_TIME_ZONE. */
export function orgTimeZone(data: OrgData): string {
  return data.organization?.timeZoneSidKey ?? DEFAULT_ORG_TIME_ZONE;
}
