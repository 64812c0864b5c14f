/**
 * Benchmark of the analytics pipeline on synthetic orgs.
 *
 *   npm run bench                      # 1k, 10k, 100k, 1M users
 *   npm run bench -- --sizes=1000,5000 --runs=3
 *
 * For each size it builds a deterministic org (seeded PRNG), runs the whole
 * pipeline once to warm up, then `runs` times measured (classification, activity, KPIs, waste,
 * integrations, filter, filter options, top applications, sort, first page,
 * CSV of that page) and prints exactly one line:
 *
 *   analytics users=<N> ms=<median> mb=<peak heap MB>
 *
 * ms is the median wall time of the runs. mb is the highest V8 heapUsed seen
 * between pipeline stages (garbage collected before each run), so it includes
 * the synthetic input held by the page, as a browser tab would.
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import {
  analyzeOrg,
  DEFAULT_USER_SORT,
  pageOf,
  sortUsers,
  usersToCsv
} from '../../force-app/main/default/lwc/llAnalytics/llAnalytics';
import type { UserFilters } from '../../force-app/main/default/lwc/llAnalytics/llAnalytics';
import { buildSyntheticOrg } from './synthetic-org';
import type { SyntheticOrg } from './synthetic-org';

/** Sizes measured when none are given. */
export const DEFAULT_SIZES = [1_000, 10_000, 100_000, 1_000_000];
/** Runs per size (the median is printed). */
export const DEFAULT_RUNS = 5;

const BYTES_PER_MB = 1024 * 1024;
const PAGE_SIZE = 50;
/** The filter the benchmark applies: the full-license users, a typical first view. */
const BENCH_FILTERS: UserFilters = { licenses: ['Salesforce'] };

export interface BenchOptions {
  sizes: number[];
  runs: number;
}

/** Parses `--sizes=1000,10000` and `--runs=5`. @throws Error on a bad value. */
export function parseBenchArgs(args: readonly string[]): BenchOptions {
  const options: BenchOptions = { sizes: DEFAULT_SIZES, runs: DEFAULT_RUNS };
  for (const arg of args) {
    const [name, value = ''] = arg.split('=', 2);
    if (name === '--sizes') {
      options.sizes = value.split(',').map((size) => positiveInteger(size, '--sizes'));
    } else if (name === '--runs') {
      options.runs = positiveInteger(value, '--runs');
    } else {
      throw new Error(`Unknown argument "${arg}"; use --sizes=1000,10000 and --runs=5.`);
    }
  }
  return options;
}

function positiveInteger(text: string, flag: string): number {
  const value = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${flag} needs positive whole numbers, got "${text}".`);
  }
  return value;
}

/** The garbage collector, exposed at run time so `ts-node` needs no node flag. */
function exposeGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

/** Heap sampler: remembers the highest heapUsed seen. */
class PeakHeap {
  peak = 0;
  sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage().heapUsed);
  }
}

/** One run of the pipeline as a dashboard would do it; returns the CSV size. */
function runPipeline(org: SyntheticOrg, heap: PeakHeap): number {
  const analysis = analyzeOrg({ ...org, filters: BENCH_FILTERS });
  heap.sample();
  const sorted = sortUsers(analysis.filtered, DEFAULT_USER_SORT);
  heap.sample();
  const page = pageOf(sorted, 1, PAGE_SIZE);
  const csv = usersToCsv(page.rows, analysis.calendar);
  heap.sample();
  return csv.length + analysis.kpis.seatsBought;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Measures one size; returns the printed line. */
export function benchSize(users: number, runs: number, gc: () => void): string {
  gc();
  const org = buildSyntheticOrg(users);
  const heap = new PeakHeap();
  const times: number[] = [];
  // One unmeasured run first, so the median is of optimised code, not of the JIT warming up.
  let checksum = runPipeline(org, heap);
  for (let run = 0; run < runs; run++) {
    gc();
    heap.sample();
    const started = process.hrtime.bigint();
    checksum += runPipeline(org, heap);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  if (checksum <= 0) throw new Error('The pipeline produced nothing.');
  const ms = median(times).toFixed(1);
  const mb = (heap.peak / BYTES_PER_MB).toFixed(1);
  return `analytics users=${users} ms=${ms} mb=${mb}`;
}

function main(): void {
  const options = parseBenchArgs(process.argv.slice(2));
  const gc = exposeGc();
  for (const size of options.sizes) console.log(benchSize(size, options.runs, gc));
}

if (require.main === module) {
  try {
    main();
  } catch (error: unknown) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
