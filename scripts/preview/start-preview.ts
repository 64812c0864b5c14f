/**
 * `npm start`: builds the preview bundle (cached), loads the demo org or an
 * export folder, and serves the app on http://127.0.0.1:<PORT>/.
 * Run `npm run build` first (npm start does) so the LWC .js exists.
 */
import type * as http from 'node:http';
import { buildPreviewBundle, tagNameOf } from './build/build-bundle';
import { readOrgMetadata, type OrgMetadata } from './controller/custom-metadata';
import { LocalController, type ApexCallUse } from './controller/local-controller';
import { ReclaimController } from './controller/reclaim-controller';
import { EMPTY_HISTORY_STORE, HistoryController } from './controller/history-controller';
import { CollectionController } from './controller/collection-controller';
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

/** A running preview. */
export interface RunningPreview {
  url: string;
  port: number;
  data: OrgData;
  /** The "now" the controller answers with (epoch ms). */
  now: number;
  rootBundle: string;
  close(): Promise<void>;
}

export type StartOptions = Partial<Omit<PreviewOptions, 'help'>> & {
  /** Print progress (the CLI does; tests do not). */
  log?: (line: string) => void;
  /** Sees every Apex call's name, and what each read call used (benchmarks). */
  observeApex?: (qualifiedName: string, use: ApexCallUse | null) => void;
  /** Overrides the settings' default login window (days, at most maxWindowDays; benchmarks). */
  defaultWindowDays?: number;
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

/** Builds, loads and serves; resolves once the server listens. */
export async function startPreview(options: StartOptions = {}): Promise<RunningPreview> {
  const log = options.log ?? (() => undefined);
  const build = await buildPreviewBundle({ rootBundle: options.root ?? undefined });
  log(
    `${build.cached ? 'Reused the preview bundle' : 'Built the preview bundle'} (root c/${build.rootBundle}) in ${build.ms} ms.`
  );
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
  const dispatch = createApexDispatcher(
    new LocalController({ data, metadata, clock, rollups, observe: (use) => (lastUse = use) }),
    new ReclaimController({ data, clock }),
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
      })
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
  const preview = await startPreview({ ...options, log: (line) => console.log(line) });
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
