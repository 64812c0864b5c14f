/**
 * Entry point of `npm run report`: the CLI (report-cli.ts) over the
 * collector's pullOrgs and the logins the sf CLI keeps.
 */
import { connectWithSfLogin } from '../../integration/lib/connections';
import { bindPullOrgs } from '../multi-org/bind-pull';
import { runReportCli } from './report-cli';

if (require.main === module) {
  runReportCli(
    process.argv.slice(2),
    {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text)
    },
    (options) => bindPullOrgs(options, connectWithSfLogin)
  ).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 3;
    }
  );
}
