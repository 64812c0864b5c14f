/**
 * How the scripts reach Salesforce: a jsforce Connection. For `-o <alias>` it
 * comes from the sf CLI's stored login through @salesforce/core; tests pass
 * their own factory that points a Connection at the 127.0.0.1 stand-in.
 */
import { Connection } from '@jsforce/jsforce-node';
import { API_VERSION } from './integration-config';

/** Opens a connection to an org the sf CLI knows by alias or username. */
export type ConnectTargetOrg = (aliasOrUsername: string) => Promise<Connection>;

/** The sf CLI login named by `-o`, at the project's API version. */
export const connectWithSfLogin: ConnectTargetOrg = async (aliasOrUsername) => {
  // Loaded on demand: @salesforce/core reads the sf config on import.
  const { Org } = await import('@salesforce/core');
  let org;
  try {
    org = await Org.create({ aliasOrUsername });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `No usable sf CLI login for "${aliasOrUsername}" (${reason}). Log in first: sf org login web --alias ${aliasOrUsername} --instance-url https://<your-domain>.my.salesforce.com`
    );
  }
  // @salesforce/core's Connection extends jsforce's; only jsforce's API is used.
  return org.getConnection(API_VERSION) as unknown as Connection;
};

/** A connection from an access token (client-credentials token, or tests). */
export function connectWithToken(instanceUrl: string, accessToken: string): Connection {
  return new Connection({ instanceUrl, accessToken, version: API_VERSION });
}

/** A queried record: fields plus jsforce's `attributes`. */
export type SObjectRecord = Record<string, unknown> & { Id?: string };

/** Runs SOQL and returns every record (follows nextRecordsUrl). */
export async function queryAll<T extends SObjectRecord>(
  conn: Connection,
  soql: string
): Promise<T[]> {
  const result = await conn.query<T>(soql, { autoFetch: true, maxFetch: 10000 });
  return result.records as T[];
}

/** Quotes a value for a SOQL string literal. */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
