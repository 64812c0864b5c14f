/**
 * The org the preview serves: the validated rows of every export object, from
 * a demo org or a user's export (both arrive as queried records and go through
 * the same OrgDataBuilder), plus what could not be read.
 */
import type { ExportObject, SfRecord } from './sf-export-format';
import { EXPORT_FILES } from './sf-export-format';
import { LoginTable, LoginTableBuilder } from './login-table';
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
  type OrganizationRow,
  type PermissionSetLicenseRow,
  type UserLicenseRow,
  type UserRow
} from './schemas';

/** Time zone assumed when the export has no Organization.json. */
export const DEFAULT_ORG_TIME_ZONE = 'UTC';

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

const SCHEMAS: Record<ExportObject, RecordSchema<unknown>> = {
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
  private readonly logins = new LoginTableBuilder();
  private readonly unavailable = new Map<ExportObject, string>();
  private readonly duplicateUserIds: string[] = [];

  /**
   * Validates and keeps the records of one object. Records that fail
   * validation are skipped and reported under the object's file name.
   */
  addRecords(object: ExportObject, records: Iterable<SfRecord>): void {
    const file = EXPORT_FILES[object].file;
    const schema = SCHEMAS[object];
    let index = 0;
    for (const record of records) {
      const row = schema.read(record, index, this.log, file);
      index += 1;
      if (row !== null) this.keep(object, row);
    }
    this.log.recordsRead(file, index);
    if (object === 'Organization') this.checkOrganization(file, index);
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
        this.logins.add(row as Parameters<LoginTableBuilder['add']>[0]);
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
