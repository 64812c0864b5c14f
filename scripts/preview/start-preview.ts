/**
 * `npm start`: builds the preview bundle (cached), loads the demo org or an
 * export folder, and serves the app on http://127.0.0.1:<PORT>/.
 * With `--target-org A [--target-org B ...]` it pulls those orgs live through
 * the sf CLI's logins instead (scripts/orgs/pull) and serves each org, and
 * "All orgs" merged, behind an org filter in the page's shell.
 * Run `npm run build` first (npm start does) so the LWC .js exists.
 */
import type * as http from 'node:http';
import { buildPreviewBundle, tagNameOf } from './build/build-bundle';
import { readOrgMetadata, type OrgMetadata } from './controller/custom-metadata';
import { LocalController, type ApexCallUse } from './controller/local-controller';
import { ReclaimController } from './controller/reclaim-controller';
import { EMPTY_HISTORY_STORE, HistoryController } from './controller/history-controller';
import { CollectionController } from './controller/collection-controller';
import { PolicyController } from './controller/policy-controller';
import { OutcomeController } from './controller/outcome-controller';
import { createReclaimControllers } from './controller/reclaim-controllers';
import { createApexDispatcher } from './server/apex-dispatcher';
import { orgTimeZone, type OrgData } from './data/org-data';
import { readExportFolder } from './data/read-export';
import { DEFAULT_DEMO_SEED } from './demo-org/demo-org';
import { createDemoHistory } from './demo-org/history';
import { loadDemoOrg } from './demo-org/load-demo-org';
import { createNightlyRollups, loginDaySummaries } from './demo-org/nightly-rollups';
import {
  DEFAULT_PORT,
  parsePreviewOptions,
  PREVIEW_USAGE,
  type PreviewOptions
} from './preview-options';
import { createPreviewServer, listen, PREVIEW_HOST } from './server/preview-server';
import type { OrgViewRouter } from './server/org-views';
import type { DataProblem } from './data/problems';
import {
  orgViews,
  type OrgView,
  type PulledOrg,
  type PullTargets
} from '../orgs/multi-org/pulled-org';
import { DEFAULT_CACHE_DIR, DEFAULT_MAX_API_SHARE } from '../orgs/multi-org/org-flags';
import {
  interruptExitCode,
  PullsInterrupted,
  throwIfPullInterrupted,
  watchInterrupts
} from '../orgs/multi-org/interrupt';
import { interruptionOf } from '../orgs/pull/pull-errors';

/** A running preview. */
export interface RunningPreview {
  url: string;
  port: number;
  data: OrgData;
  /** The "now" the controller answers with (epoch ms). */
  now: number;
  rootBundle: string;
  /** With --target-org: what each org's pull brought, and the views the org filter offers. */
  pulls?: PulledOrg[];
  views?: OrgView[];
  close(): Promise<void>;
}

export type StartOptions = Partial<Omit<PreviewOptions, 'help'>> & {
  /** Print progress (the CLI does; tests do not). */
  log?: (line: string) => void;
  /** Sees every Apex call's name, and what each read call used (benchmarks). */
  observeApex?: (qualifiedName: string, use: ApexCallUse | null) => void;
  /** Overrides the settings' default login window (days, at most maxWindowDays; benchmarks). */
  defaultWindowDays?: number;
  /**
   * How --target-org orgs are pulled; default: the collector's pullOrgs over
   * the sf CLI's logins (tests give the stand-in orgs' connect).
   */
  pull?: PullTargets;
  /**
   * With --target-org, Ctrl-C during the pull (main aborts it on SIGINT and
   * SIGTERM): the pull stops, its open query jobs are aborted, nothing is
   * served, and startPreview rejects with PullsInterrupted.
   */
  signal?: AbortSignal;
};

/** The metadata with the default window the options ask for, within the org's maximum. */
function withDefaultWindow(metadata: OrgMetadata | Error, days: number | undefined) {
  if (metadata instanceof Error || days === undefined) return metadata;
  const { settings } = metadata;
  if (!Number.isInteger(days) || days < 1 || days > settings.maxWindowDays) {
    throw new Error(`defaultWindowDays must be 1..${settings.maxWindowDays}; got ${days}.`);
  }
  return { ...metadata, settings: { ...settings, defaultWindowDays: days } };
}

/** Loads the data the options ask for and the "now" it is read at. */
export function loadData(options: StartOptions): { data: OrgData; now: number } {
  if (options.data) {
    const data = readExportFolder(options.data);
    const newest = data.logins.newestTime();
    return { data, now: options.now ?? (newest === null ? Date.now() : newest + 1) };
  }
  const now = options.now ?? Date.now();
  return { data: loadDemoOrg({ users: options.users, seed: options.seed, now }), now };
}

function readMetadata(): OrgMetadata | Error {
  try {
    return readOrgMetadata();
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.closeAllConnections();
    server.close((error) => (error ? reject(error) : resolve()));
  });
}

/** The metadata's problems, as banner entries. */
function metadataProblems(metadata: OrgMetadata | Error): DataProblem[] {
  if (metadata instanceof Error) {
    return [{ file: 'customMetadata', field: null, severity: 'error', message: metadata.message }];
  }
  return metadata.warnings.map((message) => ({
    file: 'customMetadata',
    field: null,
    severity: 'warning' as const,
    message
  }));
}

/**
 * The controllers of one live org's data (or all orgs merged): no nightly job,
 * no history. The data is a copy read through the API, so reclaiming and
 * running policies are refused (readOnlyCopyOf): acting on the copy would
 * change nothing in the org while the page said it had. previewPolicy works,
 * read-only.
 * @param copyOf the org the view copies ("org-a"), or the merged orgs ("2 orgs (a, b)")
 */
function liveOrgDispatcher(
  data: OrgData,
  metadata: OrgMetadata | Error,
  clock: () => number,
  copyOf: string
) {
  const manual = new ReclaimController({ data, clock, readOnlyCopyOf: copyOf });
  const policy = new PolicyController({ data, clock, readOnlyCopyOf: copyOf });
  return createApexDispatcher(
    new LocalController({ data, metadata, clock, rollups: false }),
    manual,
    {
      history: new HistoryController({ store: EMPTY_HISTORY_STORE }),
      collection: new CollectionController({
        clock,
        timeZone: orgTimeZone(data),
        seedHistory: false
      }),
      policy,
      // Outcomes and simulation read only; no nightly rollups in a live copy.
      outcomes: new OutcomeController({ data, manual, policy })
    }
  );
}

/** What a view is a copy of, for the refusals: its org, or the orgs merged into "All orgs". */
function copyOfView(view: OrgView, views: readonly OrgView[]): string {
  if (view.status !== 'merged') return view.label;
  const orgs = views.filter((other) => other.status !== 'merged').map((other) => other.label);
  return `${orgs.length} orgs (${orgs.join(', ')})`;
}

/** The default pull: the collector's pullOrgs over the sf CLI's logins (loaded on demand). */
async function sfLoginPull(options: StartOptions, now: number): Promise<PullTargets> {
  const [{ bindPullOrgs }, { connectWithSfLogin }] = await Promise.all([
    import('../orgs/multi-org/bind-pull'),
    import('../integration/lib/connections')
  ]);
  return bindPullOrgs(
    {
      maxApiShare: options.maxApiShare ?? DEFAULT_MAX_API_SHARE,
      cacheDir: options.cacheDir === undefined ? DEFAULT_CACHE_DIR : options.cacheDir
    },
    connectWithSfLogin,
    now
  );
}

/**
 * --target-org: pulls each org, names every failed or partial org in the log,
 * and serves a view per org with data plus "All orgs" when two or more have it.
 * @throws Error naming every org's failure when no org could be pulled
 * @throws PullsInterrupted when options.signal fired during the pull (nothing served)
 */
export async function startLivePreview(
  options: StartOptions,
  build: { file: string; rootBundle: string },
  log: (line: string) => void
): Promise<RunningPreview> {
  const targetOrgs = options.targetOrgs ?? [];
  const now = options.now ?? Date.now();
  const clock = () => now;
  const pull = options.pull ?? (await sfLoginPull(options, now));
  log(`Pulling ${targetOrgs.join(', ')} (this spends API requests of each org)...`);
  const pulls = await pull(targetOrgs, (event) => log(event.message), options.signal);
  throwIfPullInterrupted(pulls, options.signal);
  for (const pulled of pulls) {
    const line = `${pulled.org}: ${pulled.status}, ${pulled.data?.users.length ?? 0} users, ${pulled.data?.logins.size ?? 0} logins, ${pulled.apiCalls} API requests.`;
    log(pulled.status === 'complete' ? line : `WARNING: ${line} ${pulled.failures.join(' ')}`);
  }
  const { views, incomplete } = orgViews(pulls);
  if (views.length === 0) {
    throw new Error(
      `No org could be pulled: ${pulls.map((p) => `${p.org}: ${p.failures.join(' ')}`).join(' ')}`
    );
  }
  const metadata = withDefaultWindow(readMetadata(), options.defaultWindowDays);
  const extraProblems = metadataProblems(metadata);
  const dispatchers = new Map(
    views.map((view) => [
      view.key,
      liveOrgDispatcher(view.data, metadata, clock, copyOfView(view, views))
    ])
  );
  const statuses = new Map(
    views.map((view) => [
      view.key,
      { source: view.data.source, problems: [...view.data.problems, ...extraProblems] }
    ])
  );
  if (views[0].key === 'all') {
    log(`All orgs: ${views[0].data.users.length} users, each a seat of its own.`);
  }
  const router: OrgViewRouter = {
    defaultKey: views[0].key,
    choices: views.map(({ key, label, status }) => ({ key, label, status })),
    incomplete,
    apex: (key) => dispatchers.get(key) ?? null,
    status: (key) => statuses.get(key) ?? null
  };
  const server = createPreviewServer({
    apex: dispatchers.get(router.defaultKey)!,
    status: statuses.get(router.defaultKey)!,
    bundleFile: build.file,
    rootTag: tagNameOf(build.rootBundle),
    orgs: router
  });
  const port = await listen(server, options.port ?? 0);
  return {
    url: `http://${PREVIEW_HOST}:${port}/`,
    port,
    data: views[0].data,
    now,
    rootBundle: build.rootBundle,
    pulls,
    views,
    close: () => closeServer(server)
  };
}

/** Builds, loads and serves; resolves once the server listens. */
export async function startPreview(options: StartOptions = {}): Promise<RunningPreview> {
  const log = options.log ?? (() => undefined);
  const build = await buildPreviewBundle({ rootBundle: options.root ?? undefined });
  log(
    `${build.cached ? 'Reused the preview bundle' : 'Built the preview bundle'} (root c/${build.rootBundle}) in ${build.ms} ms.`
  );
  if (options.targetOrgs?.length) return startLivePreview(options, build, log);
  const started = Date.now();
  const { data, now } = loadData(options);
  log(
    `Loaded ${data.source}: ${data.users.length} users, ${data.logins.size} logins, in ${Date.now() - started} ms.`
  );
  if (!options.data) {
    log(
      options.rollups === false
        ? 'Nightly rollups off (--no-rollups): every login read goes live to LoginHistory.'
        : 'Nightly rollups: as if the job had run every night up to yesterday.'
    );
  }
  if (options.policiesEnabled) {
    log(
      'Reclaim policies switched on (--policies-enabled): the kill switch in the records is ignored.'
    );
  }
  const metadata = withDefaultWindow(readMetadata(), options.defaultWindowDays);
  const problems = [...data.problems];
  if (metadata instanceof Error) {
    problems.push({
      file: 'customMetadata',
      field: null,
      severity: 'error',
      message: metadata.message
    });
  } else {
    for (const message of metadata.warnings) {
      problems.push({ file: 'customMetadata', field: null, severity: 'warning', message });
    }
  }
  for (const problem of problems)
    log(`${problem.severity === 'error' ? 'ERROR' : 'Warning'}: ${problem.message}`);
  const clock = () => now;
  let lastUse: ApexCallUse | null = null;
  const observe = options.observeApex;
  // The demo org's nightly rows come from its own LoginHistory; an export has none (no LL_* rows).
  const summaries = options.data ? null : loginDaySummaries(data);
  const rollups =
    summaries !== null && options.rollups !== false
      ? createNightlyRollups({ data, clock, summaries })
      : false;
  // One clock for both reclaim paths (the policies' own, which the preview advances);
  // --policies-enabled: the kill switch on for this preview, otherwise as the records say.
  const { manual, policy } = createReclaimControllers({
    data,
    clock,
    policiesEnabled: options.policiesEnabled ? true : undefined
  });
  const dispatch = createApexDispatcher(
    new LocalController({ data, metadata, clock, rollups, observe: (use) => (lastUse = use) }),
    manual,
    {
      // The demo org ships two years of nightly snapshots; an export has none (no LL_* rows).
      history: new HistoryController({
        store:
          summaries === null
            ? EMPTY_HISTORY_STORE
            : createDemoHistory({
                seed: options.seed ?? DEFAULT_DEMO_SEED,
                now,
                data,
                loginSummaries: summaries
              })
      }),
      // "Collect now" and the schedule, simulated in memory; the demo org has run nightly.
      collection: new CollectionController({
        clock,
        timeZone: orgTimeZone(data),
        seedHistory: !options.data
      }),
      // Reclaim policies (issue 12): previewPolicy, and the nightly job N days later (Preview.*).
      policy,
      // Reclaim outcomes and the policy simulation (issue 12), over the same trails and rollups.
      outcomes: new OutcomeController({ data, manual, policy, rollups })
    }
  );
  const apex: typeof dispatch = observe
    ? (qualifiedName, params) => {
        lastUse = null;
        try {
          return dispatch(qualifiedName, params);
        } finally {
          observe(qualifiedName, lastUse);
        }
      }
    : dispatch;
  const server = createPreviewServer({
    apex,
    status: { source: data.source, problems },
    bundleFile: build.file,
    rootTag: tagNameOf(build.rootBundle)
  });
  const port = await listen(server, options.port ?? 0);
  const url = `http://${PREVIEW_HOST}:${port}/`;
  return { url, port, data, now, rootBundle: build.rootBundle, close: () => closeServer(server) };
}

async function main(): Promise<void> {
  const options = parsePreviewOptions(process.argv.slice(2));
  if (options.help) {
    console.log(PREVIEW_USAGE);
    return;
  }
  // --target-org: Ctrl-C while pulling stops the pull and aborts its query jobs (exit 130 / 143).
  const interrupts = options.targetOrgs?.length
    ? watchInterrupts({
        stderr: (text) => process.stderr.write(text),
        exit: (code) => process.exit(code)
      })
    : null;
  let preview: RunningPreview;
  try {
    preview = await startPreview({
      ...options,
      log: (line) => console.log(line),
      signal: interrupts?.signal
    });
  } finally {
    interrupts?.dispose();
  }
  if (interrupts?.signal.aborted) {
    // Ctrl-C came after the pull, while the server was starting: stop without serving.
    await preview.close();
    console.error('Interrupted: the pull had finished; the preview is not served.');
    process.exitCode = interruptExitCode(interruptionOf(interrupts.signal).signalName);
    return;
  }
  console.log(
    `\nLicense Lens preview: ${preview.url}\n(as of ${new Date(preview.now).toISOString()}; Ctrl+C to stop)`
  );
  const stop = () => {
    void preview.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    if (error instanceof PullsInterrupted) {
      console.error(error.message);
      process.exitCode = error.exitCode;
      return;
    }
    if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
      console.error(
        `Port ${process.env.PORT ?? DEFAULT_PORT} is in use: run with another, e.g. PORT=3001 npm start`
      );
    } else {
      console.error(error instanceof Error ? error.message : error);
    }
    process.exitCode = 1;
  });
}
