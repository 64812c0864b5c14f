/**
 * Entry point of `npm run report`: the CLI (report-cli.ts) over the
 * collector's pullOrgs and the logins the sf CLI keeps.
 */
import { connectWithSfLogin, type ConnectTargetOrg } from '../../integration/lib/connections';
import { bindPullOrgs } from '../multi-org/bind-pull';
import { watchInterrupts } from '../multi-org/interrupt';
import { runReportCli } from './report-cli';

/** What the process runs against: the sf CLI's logins (tests: stand-in orgs and their "now"). */
export interface ReportProcessDeps {
  connect: ConnectTargetOrg;
  now?: number;
}

/**
 * Runs `npm run report` in this process and sets process.exitCode. Ctrl-C or
 * SIGTERM during the pull stops it, aborts its open query jobs and writes
 * nothing (exit 130 / 143); a second one exits at once.
 */
export async function runReportProcess(
  args: string[],
  deps: ReportProcessDeps = { connect: connectWithSfLogin }
): Promise<void> {
  const stderr = (text: string) => process.stderr.write(text);
  const interrupts = watchInterrupts({ stderr, exit: (code) => process.exit(code) });
  try {
    process.exitCode = await runReportCli(
      args,
      { stdout: (text) => process.stdout.write(text), stderr },
      (options) => bindPullOrgs(options, deps.connect, deps.now),
      deps.now,
      interrupts.signal
    );
  } catch (error) {
    stderr(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 3;
  } finally {
    interrupts.dispose();
  }
}

if (require.main === module) void runReportProcess(process.argv.slice(2));
