/**
 * Deploys a source folder through the Metadata API's REST deploy endpoint:
 * @salesforce/source-deploy-retrieve converts the source to a metadata zip,
 * jsforce sends it (POST .../metadata/deployRequest) and polls its status
 * (GET .../metadata/deployRequest/<id>?includeDetails=true) on the same
 * connection the rest of provisioning uses.
 */
import type { Connection } from '@jsforce/jsforce-node';
import { ComponentSet, MetadataConverter } from '@salesforce/source-deploy-retrieve';
import { API_VERSION } from '../lib/integration-config';

/** One component the deploy rejected. */
export interface ComponentFailure {
  type: string;
  fullName: string;
  problem: string;
}

/** How a deploy ended. */
export interface DeployOutcome {
  id: string;
  success: boolean;
  status: string;
  componentFailures: ComponentFailure[];
  errorMessage?: string;
}

/** Deploys a source-format folder to the connection's org. */
export type Deployer = (conn: Connection, sourceDir: string) => Promise<DeployOutcome>;

/** How often and how long to poll the deploy status. */
export interface PollOptions {
  intervalMs: number;
  timeoutMs: number;
}

const SECOND_MS = 1000;
const DEFAULT_POLL: PollOptions = { intervalMs: 2 * SECOND_MS, timeoutMs: 10 * 60 * SECOND_MS };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Converts source to a metadata-format zip (package.xml at the root). */
export async function sourceToZip(sourceDir: string): Promise<Buffer> {
  const components = ComponentSet.fromSource(sourceDir);
  components.sourceApiVersion = API_VERSION;
  components.apiVersion = API_VERSION;
  const converted = await new MetadataConverter().convert(components, 'metadata', { type: 'zip' });
  if (!converted.zipBuffer) throw new Error(`Nothing to deploy in ${sourceDir}.`);
  return converted.zipBuffer;
}

type RawMessage = {
  componentType?: string;
  fullName?: string;
  problem?: string;
  success?: unknown;
};

function failuresOf(details: unknown): ComponentFailure[] {
  const raw = (details as { componentFailures?: RawMessage | RawMessage[] } | undefined)
    ?.componentFailures;
  if (!raw) return [];
  return [raw].flat().map((m) => ({
    type: m.componentType ?? '',
    fullName: m.fullName ?? '',
    problem: m.problem ?? ''
  }));
}

/** A Deployer over the REST Metadata API with the given polling. */
export function createRestDeployer(poll: PollOptions = DEFAULT_POLL): Deployer {
  return async (conn, sourceDir) => {
    const zip = await sourceToZip(sourceDir);
    const accepted = await conn.metadata.deployRest(zip, {
      rollbackOnError: true,
      singlePackage: true
    });
    const id = accepted.id;
    const deadline = Date.now() + poll.timeoutMs;
    for (;;) {
      const status = await conn.metadata.checkDeployStatus(id, true, true);
      if (status.done) {
        return {
          id,
          success: status.success === true || String(status.success) === 'true',
          status: status.status,
          componentFailures: failuresOf(status.details),
          ...(status.errorMessage ? { errorMessage: status.errorMessage } : {})
        };
      }
      if (Date.now() > deadline) {
        throw new Error(
          `Deploy ${id} still ${status.status} after ${poll.timeoutMs / SECOND_MS} s; check Setup > Deployment Status.`
        );
      }
      await sleep(poll.intervalMs);
    }
  };
}
