/**
 * `npm start -- --target-org A --target-org B` interrupted by Ctrl-C while it
 * pulls (the signal main() aborts on SIGINT): nothing is served, and the
 * error says which orgs were stopped and carries exit code 130.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bindPullOrgs } from '../../orgs/multi-org/bind-pull';
import { PullsInterrupted } from '../../orgs/multi-org/interrupt';
import { InterruptedError } from '../../orgs/pull/pull-errors';
import { POLL_DELAYS_MS } from '../../orgs/pull/queries';
import { startStandInOrgs, type StandInOrgs } from '../../orgs/stand-in/stand-in-orgs';
import { startLivePreview } from '../start-preview';
import { cleanUp, tempDir } from './helpers';

const A = { alias: 'org-a', users: 40, seed: 1 };
const B = { alias: 'org-b', users: 30, seed: 2 };

let orgs: StandInOrgs;
let bundleFile: string;

beforeAll(async () => {
  POLL_DELAYS_MS.first = 5;
  bundleFile = path.join(tempDir(), 'preview.js');
  fs.writeFileSync(bundleFile, '/* bundle */');
  orgs = await startStandInOrgs([A, B]);
});

afterAll(async () => {
  await orgs.close();
  cleanUp();
});

it('Ctrl-C during the pull: serves nothing, names the orgs stopped, exit code 130', async () => {
  const controller = new AbortController();
  const standIn = orgs.org(A.alias).standIn;
  const push = standIn.requests.push.bind(standIn.requests);
  standIn.requests.push = (...items) => {
    // Ctrl-C once Organization has been asked for (after the stand-in has filled in its SOQL).
    queueMicrotask(() => {
      if (items.some((r) => r.soql?.includes('FROM Organization')))
        controller.abort(new InterruptedError('SIGINT'));
    });
    return push(...items);
  };
  const lines: string[] = [];
  const started = startLivePreview(
    {
      targetOrgs: [A.alias, B.alias],
      now: orgs.now,
      port: 0,
      pull: bindPullOrgs({ maxApiShare: 0.75, cacheDir: null }, orgs.connect, orgs.now),
      signal: controller.signal
    },
    { file: bundleFile, rootBundle: 'llDashboard' },
    (line) => lines.push(line)
  );
  const error = await started.then(
    async (preview) => {
      await preview.close();
      return null;
    },
    (e: unknown) => e
  );
  expect(error).toBeInstanceOf(PullsInterrupted);
  const interrupted = error as PullsInterrupted;
  expect(interrupted.exitCode).toBe(130);
  expect(interrupted.message).toBe(
    [
      'Interrupted (Ctrl-C): nothing was written; no partial cache file is left.',
      '  org-a: stopped after 2 API requests; no query job was open',
      '  org-b: not pulled'
    ].join('\n')
  );
  expect(orgs.org(B.alias).standIn.requests).toEqual([]);
  // The pull's own lines only: no "serving" line.
  expect(lines.some((line) => /All orgs:/.test(line))).toBe(false);
});
