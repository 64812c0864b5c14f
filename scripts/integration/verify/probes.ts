/**
 * The least-privilege proof: what the integration user must be able to read,
 * and what it must be refused. Reads are single SOQL queries; a refusal is the
 * object being "not supported" for this user (INVALID_TYPE and the other
 * access codes) or a field it may not see (INVALID_FIELD: our probe queries
 * name only documented fields, so there it means "hidden from this user").
 * "Cannot edit other users" is asked of Salesforce read-only (UserRecordAccess,
 * HasEditAccess): verify never writes, so an over-privileged user cannot set
 * off triggers, flows or platform events while being checked.
 */
import type { Connection } from '@jsforce/jsforce-node';
import { queryAll, soqlString } from '../lib/connections';
import { isAccessRefused, toSalesforceFailure } from '../lib/salesforce-errors';

export type Access = 'allowed' | 'refused';

/** How a probe came out. */
export interface ProbeResult {
  name: string;
  expected: Access;
  /** skipped: nothing to try it on (e.g. no other active user). */
  actual: Access | 'skipped';
  ok: boolean;
  detail: string;
  /** What the outcome proves, for a person reading the table (some probes only). */
  note?: string;
}

interface ProbeOutcome {
  actual: Access | 'skipped';
  detail: string;
}

/** One check of the table. */
export interface Probe {
  name: string;
  expected: Access;
  run: (conn: Connection, selfUserId: string | null) => Promise<ProbeOutcome>;
  /** What each outcome means, printed under the table. */
  explain?: (actual: Access | 'skipped') => string | undefined;
}

/** Thrown when a probe hits something other than an access decision (limits, network). */
export class ProbeAbortedError extends Error {}

/** A field the user may not see is reported as if it did not exist. */
const FIELD_HIDDEN_CODE = 'INVALID_FIELD';

/** Maps an error to "refused" when it is an access refusal; rethrows anything else. */
function refusedOrThrow(error: unknown): ProbeOutcome {
  const failure = toSalesforceFailure(error);
  if (isAccessRefused(failure) || failure.errorCode === FIELD_HIDDEN_CODE)
    return { actual: 'refused', detail: failure.errorCode };
  throw error;
}

function readProbe(
  name: string,
  soql: string,
  expected: Access,
  explain?: Probe['explain']
): Probe {
  return {
    name,
    expected,
    ...(explain ? { explain } : {}),
    run: async (conn) => {
      try {
        const rows = await queryAll(conn, soql);
        return { actual: 'allowed', detail: `${rows.length} row${rows.length === 1 ? '' : 's'}` };
      } catch (error) {
        return refusedOrThrow(error);
      }
    }
  };
}

/**
 * The object reference page the edit probe relies on: UserRecordAccess is read
 * only ("This object is read only"), is queried with "WHERE UserId = [single
 * ID] AND RecordId = [single ID]", answers up to 200 record Ids, names no
 * permission needed to query it, and leaves out records the running user
 * cannot read.
 */
export const USER_RECORD_ACCESS_DOC =
  'https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-userrecordaccess.html';

type RecordAccessRow = {
  RecordId: string;
  HasEditAccess: boolean;
};

/**
 * "Cannot edit other users", proven read-only: asks Salesforce for this
 * user's HasEditAccess on another active user's record. Nothing is written, so
 * no trigger, flow or platform event can run. A missing row means the user
 * cannot even read that record, so it cannot edit it either.
 */
const editAnotherUser: Probe = {
  name: 'Edit another User (UserRecordAccess, read-only)',
  expected: 'refused',
  run: async (conn, selfUserId) => {
    if (!selfUserId) return { actual: 'skipped', detail: 'run-as user unknown' };
    const others = await queryAll<{ Id: string }>(
      conn,
      `SELECT Id FROM User WHERE IsActive = true AND Id != ${soqlString(selfUserId)} LIMIT 1`
    );
    const target = others[0];
    if (!target) return { actual: 'skipped', detail: 'no other active user to ask about' };
    let rows: RecordAccessRow[];
    try {
      rows = await queryAll<RecordAccessRow>(
        conn,
        `SELECT RecordId, HasEditAccess FROM UserRecordAccess WHERE UserId = ${soqlString(selfUserId)} AND RecordId = ${soqlString(target.Id)}`
      );
    } catch (error) {
      const failure = toSalesforceFailure(error);
      if (isAccessRefused(failure) || failure.errorCode === FIELD_HIDDEN_CODE) {
        // No answer is no proof: the check fails rather than passing on a refusal.
        throw new ProbeAbortedError(
          `UserRecordAccess could not be read (${failure.errorCode}: ${failure.message}); "cannot edit users" is not proven`
        );
      }
      throw error;
    }
    const row = rows[0];
    if (!row) return { actual: 'refused', detail: `${target.Id} not even readable` };
    return row.HasEditAccess === true
      ? { actual: 'allowed', detail: `HasEditAccess = true on ${target.Id}` }
      : { actual: 'refused', detail: `HasEditAccess = false on ${target.Id}` };
  },
  explain: (actual) =>
    actual === 'allowed'
      ? 'UserRecordAccess says this user can edit another user: it holds Manage Users, Manage Internal Users or more, which LL_Integration_User never grants. Nothing was written to find this out.'
      : undefined
};

/** The checks verify runs, in table order. */
export const LEAST_PRIVILEGE_PROBES: Probe[] = [
  readProbe(
    'Read LoginHistory',
    'SELECT UserId, LoginTime, LoginType, Status FROM LoginHistory ORDER BY LoginTime DESC LIMIT 5',
    'allowed'
  ),
  readProbe(
    'Read UserLicense',
    'SELECT Name, TotalLicenses, UsedLicenses FROM UserLicense',
    'allowed'
  ),
  readProbe(
    'Read PermissionSetLicense',
    'SELECT DeveloperName, TotalLicenses, UsedLicenses FROM PermissionSetLicense',
    'allowed'
  ),
  readProbe(
    'Read User',
    'SELECT Id, Username, IsActive, LastLoginDate FROM User LIMIT 5',
    'allowed'
  ),
  // UserLogin needs Manage Users ("To access this object, you need the
  // UserPermissions.ManageUsers permission", object reference, UserLogin), which
  // LL_Integration_User never grants: a refusal here proves it has no Manage Users.
  readProbe(
    'Read UserLogin',
    'SELECT UserId, IsFrozen FROM UserLogin LIMIT 5',
    'refused',
    (actual) =>
      actual === 'refused'
        ? 'UserLogin refused, as expected: Salesforce opens it only to Manage Users, so this user cannot manage users. Frozen state is not readable by this user; the License Lens dashboard reads it in Apex inside the org.'
        : actual === 'allowed'
          ? 'UserLogin readable: this user holds Manage Users (or more), which LL_Integration_User never grants. Remove the extra permission.'
          : undefined
  ),
  readProbe('Read Opportunity', 'SELECT Id FROM Opportunity LIMIT 1', 'refused'),
  editAnotherUser
];

/** Runs every probe in order. Limit and network errors abort (they prove nothing). */
export async function runProbes(
  conn: Connection,
  selfUserId: string | null,
  probes: Probe[] = LEAST_PRIVILEGE_PROBES
): Promise<ProbeResult[]> {
  const results: ProbeResult[] = [];
  for (const probe of probes) {
    const outcome = await probe.run(conn, selfUserId);
    const note = probe.explain?.(outcome.actual);
    results.push({
      name: probe.name,
      expected: probe.expected,
      actual: outcome.actual,
      ok: outcome.actual === 'skipped' || outcome.actual === probe.expected,
      detail: outcome.detail,
      ...(note ? { note } : {})
    });
  }
  return results;
}
