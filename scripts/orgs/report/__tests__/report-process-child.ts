/**
 * `npm run report` as its own process over stand-in orgs the test runs
 * (report-process.test.ts): LL_STAND_IN_ORGS holds [{ alias, url, token }]
 * and LL_STAND_IN_NOW the orgs' "now"; the arguments are the CLI's.
 */
import { connectWithToken } from '../../../integration/lib/connections';
import { runReportProcess } from '../report';

const orgs = JSON.parse(process.env.LL_STAND_IN_ORGS ?? '[]') as {
  alias: string;
  url: string;
  token: string;
}[];

void runReportProcess(process.argv.slice(2), {
  connect: async (alias) => {
    const org = orgs.find((o) => o.alias === alias);
    if (!org) throw new Error(`No stand-in org ${alias}`);
    return connectWithToken(org.url, org.token);
  },
  now: Number(process.env.LL_STAND_IN_NOW)
});
