/**
 * Test harness: a FakeOrg behind the 127.0.0.1 stand-in, the commands wired
 * to it (admin connection for provision, real REST deployer, captured output).
 */
import { connectWithToken } from '../../lib/connections';
import { INTEGRATION_PERMISSION_SET_FILE } from '../../lib/integration-config';
import { enabledPermissionNames, readPermissionSet } from '../../lib/permission-set';
import { createRestDeployer } from '../../provision/eca-deployer';
import { runProvision } from '../../provision/provision-command';
import { FakeOrg, type FakeOrgOptions } from '../../stand-in/fake-org';
import { type StandIn, startStandIn } from '../../stand-in/server';
import { runVerify } from '../../verify/verify-command';

export const ORG_ALIAS = 'stand-in-org';
export const USERNAME = 'license-lens.integration@acme.example.test';
export const EMAIL = 'it-admin@acme.example';
export const PROVISION_ARGS = ['-o', ORG_ALIAS, '--username', USERNAME, '--email', EMAIL];

/** The permissions LL_Integration_User really has (read from its XML). */
export const INTEGRATION_PERMISSIONS = enabledPermissionNames(
  readPermissionSet(INTEGRATION_PERMISSION_SET_FILE)
);

/** What a command printed and returned. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (only with --json). */
  json: () => Record<string, unknown> & { status: number; result?: any; data?: any; name?: string };
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { sink: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

function result(code: number, out: string[], err: string[]): RunResult {
  const stdout = out.join('\n');
  return { code, stdout, stderr: err.join('\n'), json: () => JSON.parse(stdout) };
}

/** A stand-in org and the commands pointed at it. */
export interface Harness {
  standIn: StandIn;
  org: FakeOrg;
  provision(args?: string[]): Promise<RunResult>;
  verify(args: string[], env: NodeJS.ProcessEnv): Promise<RunResult>;
  /** Requests sent since the given index (default: all). */
  requestsSince(index?: number): StandIn['requests'];
  close(): Promise<void>;
}

/**
 * Starts a stand-in org (by default without LL_Integration_User: provisioning
 * deploys it); every test must call close().
 */
export async function startHarness(options: FakeOrgOptions = {}): Promise<Harness> {
  const org = new FakeOrg(options);
  const standIn = await startStandIn(org);
  const deploy = createRestDeployer({ intervalMs: 1, timeoutMs: 5000 });
  return {
    standIn,
    org,
    provision: async (args = PROVISION_ARGS) => {
      const { sink, out, err } = capture();
      const code = await runProvision(args, {
        sink,
        deploy,
        connect: async (alias) => {
          if (alias !== ORG_ALIAS)
            throw new Error(`No authorization information found for ${alias}.`);
          return connectWithToken(standIn.url, standIn.adminToken);
        }
      });
      return result(code, out, err);
    },
    verify: async (args, env) => {
      const { sink, out, err } = capture();
      const code = await runVerify(args, { sink, env });
      return result(code, out, err);
    },
    requestsSince: (index = 0) => standIn.requests.slice(index),
    close: () => standIn.close()
  };
}

/** Requests that change the org (anything but GET). */
export function writes(requests: StandIn['requests']): string[] {
  return requests
    .filter((r) => r.method !== 'GET')
    .map((r) => `${r.method} ${r.path.replace(/^\/services\/data\/v[\d.]+/, '')}`);
}
