/**
 * The records of the seven export objects (README "Preview your own org") for
 * the stand-in, taken from the demo-org generator: Organization, User,
 * UserLicense, PermissionSetLicense, PermissionSetLicenseAssign, UserLogin and
 * LoginHistory. LoginHistory is held in columns (16 bytes a row, Ids computed
 * from the row number), so 50,000 users with 5 million logins fit in memory.
 *
 * Who may read what follows the FakeOrg's ACCESS_RULES and FIELD_ACCESS_RULES
 * (each cited there): the viewer is a FakeOrg user (the admin of `sf org
 * login`, or a provisioned integration user).
 */
import { createDemoOrg } from '../../preview/demo-org/demo-org';
import { demoId } from '../../preview/demo-org/salesforce-ids';
import {
  EXPORT_FILES,
  LOGIN_HISTORY_DAYS,
  type ExportObject,
  type SfRecord
} from '../../preview/data/sf-export-format';
import { parseDateTime } from '../../preview/data/record-schema';
import type { LoginCombo } from '../../preview/data/login-table';
import { ACCESS_RULES, ApiError, type FakeOrg } from './fake-org';
import type { Condition } from './mini-soql';

const MS_PER_DAY = 86_400_000;
const INITIAL_CAPACITY = 1024;
const HTTP_BAD_REQUEST = 400;

export interface ExportOrgOptions {
  users: number;
  seed: number;
  /** The moment the org is read; LoginHistory covers the 180 days before it. */
  now: number;
  /**
   * Exactly this many LoginHistory rows, spread evenly over the 180 days and
   * the users (for benchmarks); without it, each demo user's own logins.
   */
  logins?: number;
}

/** The fields each export object has here: the fields of the export query, plus Id. */
export const EXPORT_OBJECT_FIELDS: Record<ExportObject, readonly string[]> = Object.fromEntries(
  Object.entries(EXPORT_FILES).map(([object, spec]) => {
    const list = /^SELECT\s+(.+?)\s+FROM\s/i.exec(spec.soql)?.[1] ?? '';
    const fields = list.split(',').map((f) => f.trim());
    return [object, fields.includes('Id') ? fields : ['Id', ...fields]];
  })
) as unknown as Record<ExportObject, readonly string[]>;

export function isExportObject(object: string): object is ExportObject {
  return Object.prototype.hasOwnProperty.call(EXPORT_FILES, object);
}

/** The LoginHistory combinations the synthetic (benchmark) logins cycle through. */
const SYNTHETIC_COMBOS: LoginCombo[] = [
  { loginType: 'Application', loginSubType: null, status: 'Success', application: 'Browser' },
  {
    loginType: 'Remote Access 2.0',
    loginSubType: null,
    status: 'Success',
    application: 'Salesforce for iOS'
  },
  {
    loginType: 'Other Apex API',
    loginSubType: null,
    status: 'Success',
    application: 'Nightly ERP Sync'
  },
  {
    loginType: 'Application',
    loginSubType: null,
    status: 'Invalid Password',
    application: 'Browser'
  }
];
const SYNTHETIC_USER_STRIDE = 7919;

/** A value at a dotted path of a nested record (null through an empty relationship). */
export function valueAt(record: SfRecord, path: string): unknown {
  let current: unknown = record;
  for (const segment of path.split('.')) {
    if (current === null || current === undefined) return null;
    current = (current as Record<string, unknown>)[segment];
  }
  return current === undefined ? null : current;
}

/** The export objects of one stand-in org. */
export class ExportOrg {
  readonly now: number;
  private readonly small = new Map<ExportObject, SfRecord[]>();
  readonly userIds: string[];
  private readonly userIndex = new Map<string, number>();
  private readonly combos: LoginCombo[] = [];
  private readonly comboIndex = new Map<string, number>();
  private time = new Float64Array(INITIAL_CAPACITY);
  private user = new Int32Array(INITIAL_CAPACITY);
  private combo = new Uint16Array(INITIAL_CAPACITY);
  private size = 0;

  constructor(
    private readonly fakeOrg: FakeOrg,
    options: ExportOrgOptions
  ) {
    this.now = options.now;
    const demo = createDemoOrg({ users: options.users, seed: options.seed, now: options.now });
    for (const object of Object.keys(EXPORT_FILES) as ExportObject[]) {
      if (object !== 'LoginHistory') this.small.set(object, [...demo.records(object)]);
    }
    const organization = this.small.get('Organization')![0];
    organization.Id = fakeOrg.state.orgId;
    this.userIds = this.small.get('User')!.map((record) => String(record.Id));
    this.userIds.forEach((id, index) => this.userIndex.set(id, index));
    if (options.logins === undefined) {
      for (const row of demo.loginRows()) {
        this.push(row.loginTime, this.userIndex.get(row.userId)!, row);
      }
    } else {
      this.addSyntheticLogins(
        options.logins,
        options.now - LOGIN_HISTORY_DAYS * MS_PER_DAY,
        options.now
      );
    }
  }

  /** LoginHistory rows held. */
  get loginCount(): number {
    return this.size;
  }

  /**
   * Appends `count` logins spread evenly over [from, until) (new logins since
   * the last pull, or the benchmark's history); returns their row numbers.
   */
  addSyntheticLogins(count: number, from: number, until: number): { first: number; last: number } {
    const first = this.size;
    const span = until - from;
    for (let i = 0; i < count; i++) {
      const at = from + Math.floor(((i + 0.5) * span) / count);
      const comboNumber = i % 10 === 0 ? 2 : i % 10 === 1 ? 1 : i % 50 === 7 ? 3 : 0;
      this.push(
        at,
        ((first + i) * SYNTHETIC_USER_STRIDE) % this.userIds.length,
        SYNTHETIC_COMBOS[comboNumber]
      );
    }
    return { first, last: this.size - 1 };
  }

  private push(time: number, userIndex: number, combo: LoginCombo): void {
    if (this.size === this.time.length) {
      const grow = <T extends Float64Array | Int32Array | Uint16Array>(
        a: T,
        make: (n: number) => T
      ) => {
        const bigger = make(a.length * 2);
        bigger.set(a);
        return bigger;
      };
      this.time = grow(this.time, (n) => new Float64Array(n));
      this.user = grow(this.user, (n) => new Int32Array(n));
      this.combo = grow(this.combo, (n) => new Uint16Array(n));
    }
    const key = `${combo.loginType}\u0000${combo.loginSubType}\u0000${combo.status}\u0000${combo.application}`;
    let index = this.comboIndex.get(key);
    if (index === undefined) {
      index = this.combos.length;
      this.combos.push({ ...combo });
      this.comboIndex.set(key, index);
    }
    this.time[this.size] = time;
    this.user[this.size] = userIndex;
    this.combo[this.size] = index;
    this.size += 1;
  }

  /** The Id of LoginHistory row n. */
  loginId(row: number): string {
    return demoId('LoginHistory', row + 1);
  }

  /** LoginHistory row n as a record (LoginTime as epoch ms under `LoginTime`). */
  loginRecord(row: number): SfRecord {
    const combo = this.combos[this.combo[row]];
    return {
      Id: this.loginId(row),
      UserId: this.userIds[this.user[row]],
      LoginTime: this.time[row],
      LoginType: combo.loginType,
      LoginSubType: combo.loginSubType,
      Status: combo.status,
      Application: combo.application
    };
  }

  /** Whether a user holds a permission (PermissionSet field name without "Permissions"). */
  hasPermission(userId: string, permission: string): boolean {
    return this.fakeOrg.permissionsOf(userId).has(permission);
  }

  /** Small-object records (never LoginHistory). */
  records(object: Exclude<ExportObject, 'LoginHistory'>): readonly SfRecord[] {
    return this.small.get(object)!;
  }

  /**
   * Checks that a query may be run by the viewer: the object's access rule,
   * and fields that exist on it (INVALID_FIELD as the REST API answers).
   */
  checkQuery(
    object: ExportObject,
    fields: readonly string[],
    where: readonly Condition[],
    viewerId: string
  ): 'all' | 'own' {
    for (const field of [...fields, ...where.map((c) => c.field)]) {
      if (!EXPORT_OBJECT_FIELDS[object].includes(field)) {
        throw new ApiError(
          HTTP_BAD_REQUEST,
          'INVALID_FIELD',
          `No such column '${field}' on entity '${object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.`
        );
      }
      if (!field.includes('.')) this.fakeOrg.checkFieldAccess(object, field, viewerId);
    }
    const rule = ACCESS_RULES[object];
    const granted = this.fakeOrg.permissionsOf(viewerId);
    if (rule.anyOf.length === 0 || rule.anyOf.some((p) => granted.has(p))) return 'all';
    if (rule.otherwise === 'own-rows') return 'own';
    throw new ApiError(
      HTTP_BAD_REQUEST,
      'INVALID_TYPE',
      `sObject type '${object}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name.`
    );
  }

  /**
   * The rows a query selects, as row numbers (LoginHistory) or records (the
   * others). Conditions: = and != on any field, date-time comparisons on
   * date-time fields.
   */
  select(
    object: ExportObject,
    fields: readonly string[],
    where: readonly Condition[],
    viewerId: string
  ): { logins: Int32Array } | { records: SfRecord[] } {
    const scope = this.checkQuery(object, fields, where, viewerId);
    if (object === 'LoginHistory') {
      const matches: number[] = [];
      const viewerIndex = scope === 'own' ? (this.userIndex.get(viewerId) ?? -2) : -1;
      for (let row = 0; row < this.size; row++) {
        if (viewerIndex !== -1 && this.user[row] !== viewerIndex) continue;
        if (where.every((c) => this.loginMatches(row, c))) matches.push(row);
      }
      return { logins: Int32Array.from(matches) };
    }
    let rows = this.small.get(object)!;
    if (scope === 'own')
      rows = rows.filter((r) => (object === 'User' ? r.Id : r.UserId) === viewerId);
    return { records: rows.filter((r) => where.every((c) => recordMatches(r, c))) };
  }

  private loginMatches(row: number, condition: Condition): boolean {
    if (condition.field === 'LoginTime') return compare(this.time[row], condition);
    return recordMatches(this.loginRecord(row), condition);
  }
}

function compare(actual: number, condition: Condition): boolean {
  const value = condition.value;
  if (!value || typeof value !== 'object') {
    throw new ApiError(
      HTTP_BAD_REQUEST,
      'INVALID_QUERY_FILTER_OPERATOR',
      `value of filter criterion for field '${condition.field}' must be of type dateTime and should not be enclosed in quotes`
    );
  }
  const expected = value.dateTime;
  switch (condition.op) {
    case '=':
      return actual === expected;
    case '!=':
      return actual !== expected;
    case '<':
      return actual < expected;
    case '<=':
      return actual <= expected;
    case '>':
      return actual > expected;
    case '>=':
      return actual >= expected;
  }
}

function recordMatches(record: SfRecord, condition: Condition): boolean {
  const actual = valueAt(record, condition.field);
  if (condition.value && typeof condition.value === 'object') {
    const time = typeof actual === 'string' ? parseDateTime(actual) : Number.NaN;
    return compare(time, condition);
  }
  return condition.op === '=' ? actual === condition.value : actual !== condition.value;
}
