/**
 * Several stand-in orgs at once, for tests and benchmarks of the multi-org
 * pull: each alias gets its own FakeOrg (own org Id and daily API counter),
 * ExportOrg (demo-org records) and 127.0.0.1 server. `connect` plays the part
 * of connectWithSfLogin: an alias resolves to a Connection logged in as that
 * org's admin, as `sf org login` would have left it.
 *
 *   const orgs = await startStandInOrgs([{ alias: 'org-a', users: 300, seed: 1 }]);
 *   const pulls = await pullOrgs({ targetOrgs: ['org-a'], connect: orgs.connect, ... });
 *   await orgs.close();
 */
import type { ConnectTargetOrg } from '../../integration/lib/connections';
import { connectWithToken } from '../../integration/lib/connections';
import { FakeOrg, INTEGRATION_PROFILE } from '../../integration/stand-in/fake-org';
import { ExportOrg } from '../../integration/stand-in/export-org';
import { startStandIn, type StandIn } from '../../integration/stand-in/server';

/** The moment stand-in orgs are read unless told otherwise (fixed, so runs repeat). */
export const STAND_IN_NOW = Date.UTC(2026, 10, 30, 12, 0, 0);

export interface StandInOrgSpec {
  alias: string;
  users: number;
  seed: number;
  /** Exactly this many LoginHistory rows (benchmarks); default: the demo users' own logins. */
  logins?: number;
  /** DailyApiRequests Max and used so far (default 100,000 and 0). */
  apiMax?: number;
  apiUsed?: number;
}

export interface StandInOrg {
  alias: string;
  orgId: string;
  standIn: StandIn;
  fakeOrg: FakeOrg;
  exportOrg: ExportOrg;
}

export interface StandInOrgs {
  /** Resolves an alias like connectWithSfLogin; unknown aliases are refused the same way. */
  connect: ConnectTargetOrg;
  orgs: StandInOrg[];
  now: number;
  org(alias: string): StandInOrg;
  /** Stops the org's server: connections are refused from now on. */
  makeUnreachable(alias: string): Promise<void>;
  /** Ends the org's sessions: every request answers 401 INVALID_SESSION_ID. */
  expireLogin(alias: string): void;
  /** The org's next Bulk API 2.0 query job ends Failed with this message. */
  failNextQueryJob(alias: string, message: string): void;
  /** The org's next Bulk API 2.0 query job is aborted right after it is created. */
  abortNextQueryJob(alias: string): void;
  /** Drops the connection of the next `times` requests whose path matches. */
  dropConnection(
    alias: string,
    path: RegExp,
    times?: number,
    when?: 'before' | 'after' | 'mid-body'
  ): void;
  /** Sets DailyApiRequests usage. */
  setApiUsage(alias: string, usage: { max?: number; used: number }): void;
  /** API requests the org has counted so far today. */
  apiUsed(alias: string): number;
  /**
   * Adds an API-only user on the integration profile with a permission set of
   * exactly these permissions, and returns a connect function that logs in as
   * that user for any alias of this org (as `sf org login jwt` would).
   */
  addApiUser(alias: string, permissions: string[]): ConnectTargetOrg;
  close(): Promise<void>;
}

/** An org Id per alias number (15 characters, key prefix 00D). */
function orgIdFor(index: number, seed: number): string {
  return `00D${String(index + 1).padStart(4, '0')}${String(Math.abs(seed)).padStart(8, '0')}`.slice(
    0,
    15
  );
}

/** Starts one stand-in per spec; aliases must be distinct. */
export async function startStandInOrgs(
  specs: StandInOrgSpec[],
  options: { now?: number } = {}
): Promise<StandInOrgs> {
  const now = options.now ?? STAND_IN_NOW;
  const aliases = new Set<string>();
  const orgs: StandInOrg[] = [];
  const closed = new Set<string>();
  try {
    for (const [index, spec] of specs.entries()) {
      if (aliases.has(spec.alias)) throw new Error(`Duplicate stand-in alias ${spec.alias}`);
      aliases.add(spec.alias);
      const fakeOrg = new FakeOrg({ apiMax: spec.apiMax, apiUsed: spec.apiUsed });
      fakeOrg.state.orgId = orgIdFor(index, spec.seed);
      fakeOrg.state.orgName = `Stand-in ${spec.alias}`;
      const exportOrg = new ExportOrg(fakeOrg, {
        users: spec.users,
        seed: spec.seed,
        now,
        logins: spec.logins
      });
      const standIn = await startStandIn(fakeOrg, exportOrg);
      orgs.push({ alias: spec.alias, orgId: fakeOrg.state.orgId, standIn, fakeOrg, exportOrg });
    }
  } catch (error) {
    await Promise.all(orgs.map((o) => o.standIn.close()));
    throw error;
  }
  const org = (alias: string): StandInOrg => {
    const found = orgs.find((o) => o.alias === alias);
    if (!found) throw new Error(`No stand-in org ${alias}`);
    return found;
  };
  const routes = (alias: string) => {
    const found = org(alias).standIn.exportRoutes;
    if (!found) throw new Error(`Stand-in ${alias} has no export routes`);
    return found;
  };
  return {
    now,
    orgs,
    org,
    connect: async (aliasOrUsername) => {
      const found = orgs.find((o) => o.alias === aliasOrUsername);
      if (!found) {
        throw new Error(
          `No usable sf CLI login for "${aliasOrUsername}" (NamedOrgNotFoundError). Log in first: sf org login web --alias ${aliasOrUsername}`
        );
      }
      return connectWithToken(found.standIn.url, found.standIn.adminToken);
    },
    makeUnreachable: async (alias) => {
      if (closed.has(alias)) return;
      closed.add(alias);
      await org(alias).standIn.close();
    },
    expireLogin: (alias) => org(alias).standIn.expireSessions(),
    failNextQueryJob: (alias, message) => {
      routes(alias).faults.failNextJob = message;
    },
    abortNextQueryJob: (alias) => {
      routes(alias).faults.abortNextJob = true;
    },
    dropConnection: (alias, path, times = 1, when = 'mid-body') => {
      for (const method of ['GET', 'POST', 'PATCH'])
        org(alias).standIn.addFault({ method, path, when, times });
    },
    setApiUsage: (alias, usage) => {
      const state = org(alias).fakeOrg.state;
      if (usage.max !== undefined) state.apiMax = usage.max;
      state.apiUsed = usage.used;
    },
    apiUsed: (alias) => org(alias).fakeOrg.state.apiUsed,
    addApiUser: (alias, permissions) => {
      const { fakeOrg, standIn } = org(alias);
      const state = fakeOrg.state;
      const userId = fakeOrg.newId('005');
      const setId = fakeOrg.newId('0PS');
      state.users.push({
        Id: userId,
        Username: `api-user-${userId}@license-lens.example`,
        Email: `api-user-${userId}@license-lens.example`,
        LastName: 'API user',
        Alias: 'apiuser',
        ProfileId: fakeOrg.profileByName(INTEGRATION_PROFILE).Id,
        IsActive: true,
        Title: null,
        LastLoginDate: null
      });
      state.permissionSets.push({
        Id: setId,
        Name: `Test_Set_${userId}`,
        Label: 'Test set',
        LicenseId: null,
        permissions: [...permissions]
      });
      state.permissionSetAssignments.push({
        Id: fakeOrg.newId('0Pa'),
        AssigneeId: userId,
        PermissionSetId: setId
      });
      const token = standIn.issueToken(userId);
      return async () => connectWithToken(standIn.url, token);
    },
    close: async () => {
      await Promise.all(orgs.filter((o) => !closed.has(o.alias)).map((o) => o.standIn.close()));
      orgs.forEach((o) => closed.add(o.alias));
    }
  };
}
