/**
 * The least-privilege proof: what the integration user must be able to read,
 * and what it must be refused. Reads are single SOQL queries; a refusal is the
 * object being "not supported" for this user (INVALID_TYPE and the other
 * access codes) or a field it may not see (INVALID_FIELD: our probe queries
 * name only documented fields, so there it means "hidden from this user").
 * The write probe
 * (updating another user) runs inside an all-or-none composite request whose
 * second sub-request always fails, so even if the org wrongly allowed the
 * update, Salesforce rolls it back and nothing changes.
 */
import type { Connection } from '@jsforce/jsforce-node';
import { queryAll, soqlString } from '../lib/connections';
import { API_VERSION } from '../lib/integration-config';
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

/** An Id that matches no record: the sub-request that forces the rollback. */
const NO_SUCH_USER_ID = '005000000000000AAA';
const PROBE_REF = 'probeUpdateUser';
const ROLLBACK_REF = 'forceRollback';
const HALTED = 'PROCESSING_HALTED';

interface CompositeSubResponse {
  referenceId: string;
  httpStatusCode: number;
  body: unknown;
}

const updateAnotherUser: Probe = {
  name: 'Update another User (rolled back)',
  expected: 'refused',
  run: async (conn, selfUserId) => {
    const others = await queryAll<{ Id: string; Title: string | null }>(
      conn,
      `SELECT Id, Title FROM User WHERE IsActive = true${selfUserId ? ` AND Id != ${soqlString(selfUserId)}` : ''} LIMIT 1`
    );
    const target = others[0];
    if (!target) return { actual: 'skipped', detail: 'no other active user to try' };
    const userUrl = (id: string) => `/services/data/v${API_VERSION}/sobjects/User/${id}`;
    // Title is written back unchanged; the second request fails, so all-or-none rolls back.
    const response = await conn.request<{ compositeResponse: CompositeSubResponse[] }>({
      method: 'POST',
      url: '/composite',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        allOrNone: true,
        compositeRequest: [
          {
            method: 'PATCH',
            url: userUrl(target.Id),
            referenceId: PROBE_REF,
            body: { Title: target.Title }
          },
          {
            method: 'PATCH',
            url: userUrl(NO_SUCH_USER_ID),
            referenceId: ROLLBACK_REF,
            body: { Title: null }
          }
        ]
      })
    });
    const probe = response.compositeResponse.find((r) => r.referenceId === PROBE_REF);
    const error = Array.isArray(probe?.body)
      ? (probe?.body[0] as { errorCode?: string; message?: string })
      : undefined;
    if (probe && probe.httpStatusCode < 300) {
      return {
        actual: 'allowed',
        detail: `update accepted (HTTP ${probe.httpStatusCode}), then rolled back`
      };
    }
    if (error?.errorCode === HALTED) {
      return { actual: 'allowed', detail: 'update accepted, then rolled back (PROCESSING_HALTED)' };
    }
    if (
      error?.errorCode &&
      isAccessRefused({ errorCode: error.errorCode, message: error.message ?? '' })
    ) {
      return { actual: 'refused', detail: error.errorCode };
    }
    throw new ProbeAbortedError(
      `Unexpected composite answer for the update probe: ${JSON.stringify(probe)}`
    );
  }
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
  updateAnotherUser
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
