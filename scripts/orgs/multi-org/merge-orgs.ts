/**
 * "All orgs": several orgs' OrgData merged into one, so the preview's
 * controllers and the report's analytics read them as if they were one org.
 *
 * What the merge keeps and why:
 *   - every user of every org, each a row (and a seat) of its own: a person
 *     with users in two orgs holds two seats, as each org bills them;
 *   - license pools with the same name (UserLicense.Name, or
 *     PermissionSetLicense.DeveloperName) and status summed into one row,
 *     which keeps the first org's Id;
 *   - every org's LoginHistory, UserLogin and permission set license
 *     assignments, attached to the same users;
 *   - objects an org could not read stay unreadable in the merge, naming the
 *     org: a view without one org's logins would call its users inactive;
 *   - problems, each prefixed with its org.
 *
 * Record Ids: Salesforce does not document that Ids are unique across orgs
 * (unverified), and two stand-in or demo orgs do share them. An Id already
 * held by an earlier org gets a substitute in the merge: the same key prefix
 * and counter with three other characters in the instance part (Id
 * characters 4-6) and a recomputed case-safe suffix, never an Id any org
 * holds. The Username still tells most users apart: "Usernames must be unique
 * across all production orgs or all sandboxes, depending on the instance type"
 * (Help, Usernames and Passwords:
 * https://help.salesforce.com/s/articleView?id=xcloud.basics_intro_usernames_passwords.htm&type=5),
 * so a production org and one of its sandboxes may share one; the report's
 * Org column (and each org's own view in the preview) tells those apart.
 *
 * Time zone: the orgs' common Organization.TimeZoneSidKey; when they differ,
 * UTC (DEFAULT_ORG_TIME_ZONE), with a warning, because the org-local days
 * of one org would shift the others' logins between days.
 */
import type { LoginSinkFactory, LoginTable, LoginTableSink } from '../../preview/data/login-store';
import { DiskLoginTableBuilder } from '../../preview/data/disk-login-table';
import { LoginTableBuilder } from '../../preview/data/login-table';
import { DEFAULT_ORG_TIME_ZONE, orgTimeZone, type OrgData } from '../../preview/data/org-data';
import type { DataProblem } from '../../preview/data/problems';
import type { ExportObject } from '../../preview/data/sf-export-format';
import type { PermissionSetLicenseRow, UserLicenseRow, UserRow } from '../../preview/data/schemas';
import { caseSafeSuffix } from '../../preview/demo-org/salesforce-ids';

/** One org's data and the name it was asked for by (alias or username). */
export interface NamedOrgData {
  org: string;
  data: OrgData;
}

/** The merged data and what the merge had to decide. */
export interface MergedOrgs {
  data: OrgData;
  /** Time zone of the merged view. */
  timeZone: string;
  /** Per org (in input order): Ids that got a substitute because an earlier org held them. */
  substitutedIds: { org: string; users: number; licenses: number }[];
}

/** Label of the merged view in the preview's filter and the report. */
export const ALL_ORGS_LABEL = 'All orgs';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const KEY_PREFIX_LENGTH = 3;
const INSTANCE_LENGTH = 3;
const ID15_LENGTH = 15;
const SUBSTITUTES = BASE62.length ** INSTANCE_LENGTH;

function base62(value: number, width: number): string {
  let text = '';
  let rest = value;
  for (let i = 0; i < width; i++) {
    text = BASE62[rest % BASE62.length] + text;
    rest = Math.floor(rest / BASE62.length);
  }
  return text;
}

/**
 * Hands out Ids that no org holds and no earlier substitute took. Ids are
 * compared on their first 15 characters (the case-sensitive Id; the 18-
 * character form only adds a suffix).
 */
class IdAllocator {
  private readonly taken = new Set<string>();
  private readonly claimed = new Set<string>();
  private next = 1;

  /** Ids that exist somewhere: never handed out as substitutes. */
  reserve(id: string): void {
    this.taken.add(id.slice(0, ID15_LENGTH));
  }

  /** Keeps `id` when nobody in the merge holds it yet, else returns a substitute. */
  claim(id: string): string {
    const id15 = id.slice(0, ID15_LENGTH);
    if (!this.claimed.has(id15)) {
      this.claimed.add(id15);
      return id;
    }
    const head = id15.slice(0, KEY_PREFIX_LENGTH);
    const tail = id15.slice(KEY_PREFIX_LENGTH + INSTANCE_LENGTH);
    while (this.next < SUBSTITUTES) {
      const candidate = head + base62(this.next++, INSTANCE_LENGTH) + tail;
      if (this.taken.has(candidate) || this.claimed.has(candidate)) continue;
      this.claimed.add(candidate);
      return id.length > ID15_LENGTH ? candidate + caseSafeSuffix(candidate) : candidate;
    }
    throw new Error(`No substitute Id left for ${id}.`);
  }
}

/** Every user Id an org's data mentions (users, logins, assignments, UserLogin rows). */
function userIdsOf(data: OrgData): Set<string> {
  const ids = new Set<string>(data.users.map((user) => user.id));
  for (const id of data.logins.userIds) ids.add(id);
  for (const id of data.permissionSetLicensesByUser.keys()) ids.add(id);
  for (const id of data.userLoginIds) ids.add(id);
  for (const id of data.frozenUserIds) ids.add(id);
  return ids;
}

/** The merged view's time zone and, when the orgs differ, the warning that says so. */
export function mergedTimeZone(orgs: readonly NamedOrgData[]): {
  timeZone: string;
  warning: string | null;
} {
  const zones = orgs.map(({ org, data }) => ({ org, zone: orgTimeZone(data) }));
  const distinct = new Set(zones.map((entry) => entry.zone));
  if (distinct.size <= 1)
    return { timeZone: zones[0]?.zone ?? DEFAULT_ORG_TIME_ZONE, warning: null };
  const listed = zones.map((entry) => `${entry.org}: ${entry.zone}`).join(', ');
  return {
    timeZone: DEFAULT_ORG_TIME_ZONE,
    warning: `The orgs have different time zones (${listed}); the ${ALL_ORGS_LABEL} view counts days in ${DEFAULT_ORG_TIME_ZONE}, so a login near midnight may fall on another day than in its own org's view.`
  };
}

type Pool = UserLicenseRow | PermissionSetLicenseRow;

/** Sums pools with the same name and status, in first-seen order; the first row's Id is kept. */
function sumPools<T extends Pool>(
  orgs: readonly NamedOrgData[],
  rowsOf: (data: OrgData) => readonly T[],
  nameOf: (row: T) => string,
  ids: IdAllocator,
  substituted: number[]
): T[] {
  const byKey = new Map<string, T>();
  orgs.forEach(({ data }, orgIndex) => {
    for (const row of rowsOf(data)) {
      const key = `${nameOf(row)}\n${row.status}`;
      const kept = byKey.get(key);
      if (kept) {
        kept.totalLicenses += row.totalLicenses;
        kept.usedLicenses += row.usedLicenses;
        if ('licenseDefinitionKey' in kept && kept.licenseDefinitionKey === null) {
          kept.licenseDefinitionKey = (row as UserLicenseRow).licenseDefinitionKey;
        }
        continue;
      }
      const id = ids.claim(row.id);
      if (id !== row.id) substituted[orgIndex] += 1;
      byKey.set(key, { ...row, id });
    }
  });
  return [...byKey.values()];
}

function compareIds(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Appends a table's rows with their user Ids mapped, a chunk at a time. */
function addLogins(builder: LoginTableSink, table: LoginTable, idOf: (id: string) => string) {
  const mapped = table.userIds.map(idOf);
  table.forEachChunk(({ rows, time, combo, user }) => {
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      builder.add({ userId: mapped[user[row]], loginTime: time[row], ...table.combos[combo[row]] });
    }
  });
}

/** How mergeOrgData keeps the merged LoginHistory. */
export interface MergeOptions {
  /** Where the merged rows go (default: on disk when any org's are, else in memory). */
  loginSink?: LoginSinkFactory;
}

/**
 * Merges the orgs (at least one) into one OrgData (see the module comment).
 * @throws Error when no org is given or two share a name
 */
export function mergeOrgData(
  orgs: readonly NamedOrgData[],
  options: MergeOptions = {}
): MergedOrgs {
  if (orgs.length === 0) throw new Error('mergeOrgData needs at least one org.');
  const names = new Set(orgs.map((entry) => entry.org));
  if (names.size !== orgs.length) throw new Error('mergeOrgData: two orgs have the same name.');

  const userIds = new IdAllocator();
  const licenseIds = new IdAllocator();
  const mentioned = orgs.map(({ data }) => userIdsOf(data));
  for (const ids of mentioned) for (const id of ids) userIds.reserve(id);
  for (const { data } of orgs) {
    for (const row of [...data.userLicenses, ...data.permissionSetLicenses])
      licenseIds.reserve(row.id);
  }

  const userSubstitutes = orgs.map(() => 0);
  const licenseSubstitutes = orgs.map(() => 0);
  const users: UserRow[] = [];
  const pslByUser = new Map<string, string[]>();
  const frozen = new Set<string>();
  const userLogins = new Set<string>();
  const loginRows = orgs.reduce((sum, { data }) => sum + data.logins.size, 0);
  // On disk when any org's rows are (a live pull); in memory, sized once for every org's
  // logins, no doubling of the merged columns.
  const onDisk = orgs.some(({ data }) => data.logins.footprint().diskBytes > 0);
  const logins =
    options.loginSink?.() ??
    (onDisk ? new DiskLoginTableBuilder() : new LoginTableBuilder(loginRows));
  logins.reserve(loginRows);
  const unavailable = new Map<ExportObject, string>();
  const problems: DataProblem[] = [];

  orgs.forEach(({ org, data }, orgIndex) => {
    const idMap = new Map<string, string>();
    for (const id of mentioned[orgIndex]) {
      const merged = userIds.claim(id);
      if (merged !== id) userSubstitutes[orgIndex] += 1;
      idMap.set(id, merged);
    }
    const idOf = (id: string) => idMap.get(id) ?? id;
    for (const user of data.users) users.push({ ...user, id: idOf(user.id) });
    for (const [id, developerNames] of data.permissionSetLicensesByUser) {
      pslByUser.set(idOf(id), [...developerNames]);
    }
    for (const id of data.frozenUserIds) frozen.add(idOf(id));
    for (const id of data.userLoginIds) userLogins.add(idOf(id));
    try {
      addLogins(logins, data.logins, idOf);
    } catch (error) {
      // A disk that fills up: the merged rows' scratch files go, not only at exit.
      logins.dispose();
      throw error;
    }
    for (const [object, reason] of data.unavailable) {
      const earlier = unavailable.get(object);
      unavailable.set(object, earlier ? `${earlier}; ${org}: ${reason}` : `${org}: ${reason}`);
    }
    for (const problem of data.problems)
      problems.push({ ...problem, message: `${org}: ${problem.message}` });
  });

  const userLicenses = sumPools(
    orgs,
    (d) => d.userLicenses,
    (r) => r.name,
    licenseIds,
    licenseSubstitutes
  );
  const permissionSetLicenses = sumPools(
    orgs,
    (d) => d.permissionSetLicenses,
    (r) => r.developerName,
    licenseIds,
    licenseSubstitutes
  );
  orgs.forEach(({ org }, index) => {
    const count = userSubstitutes[index] + licenseSubstitutes[index];
    if (count === 0) return;
    problems.push({
      file: 'User.json',
      field: 'Id',
      severity: 'warning',
      message: `${org}: ${count} record Ids (${userSubstitutes[index]} user, ${licenseSubstitutes[index]} license) are also Ids in an earlier org; the ${ALL_ORGS_LABEL} view shows them with substitute Ids (Usernames unchanged).`
    });
  });
  const { timeZone, warning } = mergedTimeZone(orgs);
  if (warning)
    problems.push({
      file: 'Organization.json',
      field: 'TimeZoneSidKey',
      severity: 'warning',
      message: warning
    });

  const data: OrgData = {
    source: `${ALL_ORGS_LABEL} (${orgs.map((entry) => entry.org).join(', ')})`,
    organization: { name: ALL_ORGS_LABEL, timeZoneSidKey: timeZone },
    users: users.sort(compareIds),
    userLicenses,
    permissionSetLicenses,
    permissionSetLicensesByUser: pslByUser,
    frozenUserIds: frozen,
    userLoginIds: userLogins,
    logins: logins.build(),
    unavailable,
    problems
  };
  return {
    data,
    timeZone,
    substitutedIds: orgs.map(({ org }, index) => ({
      org,
      users: userSubstitutes[index],
      licenses: licenseSubstitutes[index]
    }))
  };
}
