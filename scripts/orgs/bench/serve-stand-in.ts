/**
 * Runs one stand-in org in its own process for the pull benchmark, so the
 * benchmark's memory readings are the puller's alone:
 *   node -r ts-node/register/transpile-only scripts/orgs/bench/serve-stand-in.ts --users N --logins M [--seed S]
 * Prints one JSON line {url, token, now, orgId} when ready; stops on SIGTERM or
 * when its parent closes stdin.
 */
import { startStandInOrgs } from '../stand-in/stand-in-orgs';

function flag(name: string, fallback?: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (value === undefined || !Number.isInteger(value) || value < 0) {
    process.stderr.write(`--${name} needs a whole number\n`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<void> {
  const users = flag('users');
  const logins = flag('logins');
  const seed = flag('seed', 1);
  const orgs = await startStandInOrgs([{ alias: 'bench', users, seed, logins, apiMax: 5_000_000 }]);
  const org = orgs.org('bench');
  process.stdout.write(
    `${JSON.stringify({ url: org.standIn.url, token: org.standIn.adminToken, now: orgs.now, orgId: org.orgId })}\n`
  );
  const stop = () => {
    orgs.close().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
