/**
 * `npm run bench:pull [-- --sizes 10000x1000000,50000x5000000] [--json]`
 *
 * Pulls one stand-in org (a child process, so only the puller is measured)
 * per size with pullOrgs, without the cache, each size in a process of its own,
 * and prints per size:
 *   pull users=<n> logins=<n> api_calls=<n> rest_collector_calls=<n> pull_ms=<n>
 *        peak_rss_mb=<n> peak_heap_mb=<n> live_mb=<n> table_mb=<n> disk_mb=<n>
 *        analyze_ms=<n> analyze_peak_rss_mb=<n> analyze_peak_heap_mb=<n>
 * - api_calls: requests the pull sent (every one counts toward DailyApiRequests);
 * - rest_collector_calls: what a REST-query collector spends for the same rows,
 *   one request per 2,000 rows of each of the seven objects;
 * - peak_rss_mb / peak_heap_mb: the highest readings sampled every 20 ms during the pull.
 *   The benchmark runs a full GC after each 50,000-row results page (to read live
 *   memory), which also keeps these peaks near what is alive; without it V8 lets
 *   garbage pile up before collecting, and the peaks grow with the run's length;
 * - live_mb: the most memory alive (heap plus array buffers, minus the same before
 *   the pull) right after a full GC at a page boundary: the pull's working set
 *   (the logins themselves go to disk, DiskLoginTableBuilder);
 * - table_mb / disk_mb: what the finished LoginHistory table (DiskLoginTable)
 *   holds in memory (per user and per UTC hour) and in its files (per login);
 * - analyze_ms / analyze_peak_rss_mb / analyze_peak_heap_mb: `npm run report`'s
 *   analysis of the pulled org (analyzeOrgData: the dashboard's reads through
 *   the Apex stand-in, over the table on disk), its time and the highest
 *   readings sampled while it ran, after a full GC (analyze_peak_rss_mb
 *   includes whatever memory of the pull the process has not given back; it
 *   can be below peak_rss_mb: 210 against 221 MB at 10k users, 1M logins).
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { connectWithToken } from '../../integration/lib/connections';
import { readOrgMetadata } from '../../preview/controller/custom-metadata';
import { pullOrgs, type OrgPull } from '../pull/pull-orgs';
import { analyzeOrgData } from '../report/analyze-org';
import { REST_QUERY_BATCH } from '../../integration/stand-in/export-routes';

v8.setFlagsFromString('--expose-gc');
/** A full garbage collection, so heap readings before and after the pull compare. */
const collectGarbage = vm.runInNewContext('gc') as () => void;

const DEFAULT_SIZES = '10000x1000000,50000x5000000';
const SAMPLE_MS = 20;
const MB = 1024 * 1024;
const USAGE = `Usage: npm run bench:pull [-- --sizes USERSxLOGINS[,USERSxLOGINS...]] [--json]
  --sizes   sizes to pull (default ${DEFAULT_SIZES})
  --json    print one JSON array instead of lines
  --help    this text`;

interface BenchLine {
  users: number;
  logins: number;
  api_calls: number;
  rest_collector_calls: number;
  pull_ms: number;
  peak_rss_mb: number;
  peak_heap_mb: number;
  table_mb: number;
  disk_mb: number;
  analyze_ms: number;
  analyze_peak_rss_mb: number;
  analyze_peak_heap_mb: number;
  live_mb: number;
  status: OrgPull['status'];
}

class UsageError extends Error {}

/** Measures one size in this process and prints its BenchLine as JSON (the parent's child). */
const ONE_SIZE_FLAG = '--one-size';

function parseArgs(argv: string[]): {
  sizes: { users: number; logins: number }[];
  json: boolean;
  oneSize: boolean;
} {
  let sizes = DEFAULT_SIZES;
  let json = false;
  let oneSize = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') json = true;
    else if (argv[i] === ONE_SIZE_FLAG) oneSize = true;
    else if (argv[i] === '--sizes') sizes = argv[++i] ?? '';
    else throw new UsageError(`Unknown argument ${argv[i]}`);
  }
  const parsed = sizes.split(',').map((size) => {
    const match = /^(\d+)x(\d+)$/.exec(size.trim());
    if (!match || Number(match[1]) < 1)
      throw new UsageError(`--sizes: "${size}" is not USERSxLOGINS`);
    return { users: Number(match[1]), logins: Number(match[2]) };
  });
  return { sizes: parsed, json, oneSize };
}

/**
 * Runs one size in a fresh process: RSS never shrinks back, so sizes measured
 * one after the other in one process would each inherit the peaks before them.
 */
async function measureInChild(users: number, logins: number): Promise<BenchLine> {
  const child = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      __filename,
      ONE_SIZE_FLAG,
      '--sizes',
      `${users}x${logins}`
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' }
    }
  );
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => (output += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`measuring ${users}x${logins} exited with ${code}`);
  return JSON.parse(output) as BenchLine;
}

interface Server {
  url: string;
  token: string;
  now: number;
  stop(): void;
}

async function startServer(users: number, logins: number): Promise<Server> {
  const child = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      path.join(__dirname, 'serve-stand-in.ts'),
      '--users',
      String(users),
      '--logins',
      String(logins)
    ],
    { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' } }
  );
  const lines = readline.createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`stand-in exited with ${code}`)));
  });
  const ready = JSON.parse(first) as { url: string; token: string; now: number };
  return { ...ready, stop: () => child.kill('SIGTERM') };
}

/** A REST-query collector's requests: one per 2,000 rows of each object (at least one each). */
function restCollectorCalls(pull: OrgPull): number {
  const data = pull.data!;
  const counts = [
    1, // Organization
    data.users.length,
    data.userLicenses.length,
    data.permissionSetLicenses.length,
    [...data.permissionSetLicensesByUser.values()].reduce((sum, names) => sum + names.length, 0),
    data.userLoginIds.size,
    data.logins.size
  ];
  return counts.reduce((sum, rows) => sum + Math.max(1, Math.ceil(rows / REST_QUERY_BATCH)), 0);
}

async function measure(users: number, logins: number): Promise<BenchLine> {
  const server = await startServer(users, logins);
  try {
    collectGarbage();
    const held = () => {
      const usage = process.memoryUsage();
      return usage.heapUsed + usage.arrayBuffers;
    };
    const baseline = held();
    let peakRss = 0;
    let peakHeap = 0;
    let peakLive = 0;
    const sample = () => {
      const usage = process.memoryUsage();
      peakRss = Math.max(peakRss, usage.rss);
      peakHeap = Math.max(peakHeap, usage.heapUsed);
    };
    const timer = setInterval(sample, SAMPLE_MS);
    const started = performance.now();
    const [pull] = await pullOrgs({
      targetOrgs: ['bench'],
      maxApiShare: 0.75,
      cacheDir: path.join(__dirname, 'unused-cache'),
      useCache: false,
      connect: async () => connectWithToken(server.url, server.token),
      now: server.now,
      // After each results page: a full GC, then what is still alive.
      onProgress: (event) => {
        if (event.phase !== 'bulk') return;
        collectGarbage();
        const usage = process.memoryUsage();
        peakLive = Math.max(peakLive, usage.heapUsed + usage.arrayBuffers);
      }
    });
    const pullMs = Math.round(performance.now() - started);
    sample();
    clearInterval(timer);
    if (pull.status !== 'complete')
      throw new Error(`pull ${pull.status}: ${pull.failures.join(' ')}`);
    if (pull.data!.users.length !== users)
      throw new Error(`pulled ${pull.data!.users.length} of ${users} users`);
    if (pull.data!.logins.size !== logins)
      throw new Error(`pulled ${pull.data!.logins.size} of ${logins} logins`);
    const pullPeaks = { rss: peakRss, heap: peakHeap };
    collectGarbage();
    [peakRss, peakHeap] = [0, 0];
    const analysisTimer = setInterval(sample, SAMPLE_MS);
    const analysisStarted = performance.now();
    const figures = await analyzeOrgData(pull.data!, {
      metadata: readOrgMetadata(),
      now: server.now
    });
    const analyzeMs = Math.round(performance.now() - analysisStarted);
    sample();
    clearInterval(analysisTimer);
    // Gaps name days or users the reads could not cover: the figures must be whole.
    if (figures.gaps.length) throw new Error(`analysis left gaps: ${figures.gaps.join(' ')}`);
    return {
      users,
      logins,
      api_calls: pull.apiCalls,
      rest_collector_calls: restCollectorCalls(pull),
      pull_ms: pullMs,
      peak_rss_mb: Math.round(pullPeaks.rss / MB),
      peak_heap_mb: Math.round(pullPeaks.heap / MB),
      table_mb: Math.round(pull.data!.logins.footprint().memoryBytes / MB),
      disk_mb: Math.round(pull.data!.logins.footprint().diskBytes / MB),
      analyze_ms: analyzeMs,
      analyze_peak_rss_mb: Math.round(peakRss / MB),
      analyze_peak_heap_mb: Math.round(peakHeap / MB),
      live_mb: Math.round(Math.max(0, peakLive - baseline) / MB),
      status: pull.status
    };
  } finally {
    server.stop();
  }
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let args;
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    return 2;
  }
  if (args.oneSize) {
    const [{ users, logins }] = args.sizes;
    process.stdout.write(JSON.stringify(await measure(users, logins)));
    return 0;
  }
  const lines: BenchLine[] = [];
  for (const { users, logins } of args.sizes) {
    const line = await measureInChild(users, logins);
    lines.push(line);
    if (!args.json) {
      const ratio = (line.rest_collector_calls / line.api_calls).toFixed(1);
      process.stdout.write(
        `pull users=${line.users} logins=${line.logins} api_calls=${line.api_calls} rest_collector_calls=${line.rest_collector_calls} ` +
          `(${ratio}x fewer) pull_ms=${line.pull_ms} peak_rss_mb=${line.peak_rss_mb} peak_heap_mb=${line.peak_heap_mb} ` +
          `live_mb=${line.live_mb} table_mb=${line.table_mb} disk_mb=${line.disk_mb} ` +
          `analyze_ms=${line.analyze_ms} analyze_peak_rss_mb=${line.analyze_peak_rss_mb} ` +
          `analyze_peak_heap_mb=${line.analyze_peak_heap_mb}\n`
      );
    }
  }
  if (args.json) process.stdout.write(`${JSON.stringify(lines, null, 2)}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  }
);
