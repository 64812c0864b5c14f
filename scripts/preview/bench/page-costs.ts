/**
 * `npm run bench:pages [-- --users=100000 --window=90]`: what one load's user
 * pages cost the preview server, without a browser: the 2,000-user keyset pages
 * of a demo org with nightly rollups, read in order as the read planner reads
 * them, twice (the first pass builds the lazy rollups; the second is warm).
 * Prints, per pass, one line:
 *
 *   pages users=<N> window=<days> pass=<cold|warm> pages=<n> compute_ms=<sum> serialize_ms=<sum> json_mb=<MB>
 *
 * compute_ms: LocalController.getUserPage; serialize_ms: JSON.stringify of the
 * answers (what the server sends); json_mb: their size. This is where a large
 * load's time goes before the browser parses anything.
 */
import { readOrgMetadata } from '../controller/custom-metadata';
import { LocalController } from '../controller/local-controller';
import { loadDemoOrg } from '../demo-org/load-demo-org';
import { createNightlyRollups, loginDaySummaries } from '../demo-org/nightly-rollups';

const BENCH_NOW = Date.parse('2026-11-23T20:00:00.000Z');
const BENCH_SEED = 42;
const PAGE_SIZE = 2_000;
const MB = 1e6;

function option(args: string[], name: string, fallback: number): number {
  const value = Number(args.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error('Usage: npm run bench:pages -- [--users=100000] [--window=90]');
  }
  return value;
}

function main(): void {
  const args = process.argv.slice(2);
  const users = option(args, 'users', 100_000);
  const windowDays = option(args, 'window', 90);
  const data = loadDemoOrg({ users, seed: BENCH_SEED, now: BENCH_NOW });
  const clock = () => BENCH_NOW;
  const rollups = createNightlyRollups({ data, clock, summaries: loginDaySummaries(data) });
  const controller = new LocalController({ data, metadata: readOrgMetadata(), clock, rollups });
  for (const pass of ['cold', 'warm']) {
    let cursor: string | null = null;
    let pages = 0;
    let compute = 0;
    let serialize = 0;
    let bytes = 0;
    do {
      let started = performance.now();
      const page = controller.getUserPage({ afterUserId: cursor, pageSize: PAGE_SIZE, windowDays });
      compute += performance.now() - started;
      if (page.tooBig)
        throw new Error(`A ${PAGE_SIZE}-user page answered tooBig: ${page.tooBigReason}`);
      started = performance.now();
      bytes += JSON.stringify(page).length;
      serialize += performance.now() - started;
      pages += 1;
      cursor = page.nextAfterUserId;
    } while (cursor !== null);
    console.log(
      `pages users=${users} window=${windowDays} pass=${pass} pages=${pages} ` +
        `compute_ms=${Math.round(compute)} serialize_ms=${Math.round(serialize)} ` +
        `json_mb=${(bytes / MB).toFixed(1)}`
    );
  }
}

if (require.main === module) main();
