/**
 * Measures reading a large LoginHistory export (JSON as `sf data query --json`
 * writes it, or CSV as `sf data export bulk` writes it): time, peak heap and
 * peak RSS. Not a test; run by hand:
 *
 *   npm run bench:export -- --rows 1260000 [--format json|csv] [--dir <folder>]
 *
 * The folder gets a generated LoginHistory file plus a one-user User.json and
 * the other required files (empty), and is removed afterwards unless --dir is given.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { readExportFolder } from './read-export';
import { writeLoginHistoryFile, writeMinimalExport } from './synthetic-export';

const MEGABYTE = 1024 * 1024;

function main(): void {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '1260000' },
      format: { type: 'string', default: 'json' },
      dir: { type: 'string' }
    }
  });
  const rows = Number(values.rows);
  const format = values.format === 'csv' ? 'csv' : 'json';
  const dir = values.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'll-large-export-'));
  fs.mkdirSync(dir, { recursive: true });
  try {
    writeMinimalExport(dir);
    const started = Date.now();
    const bytes = writeLoginHistoryFile(dir, { rows, format });
    console.log(
      `Wrote ${rows} LoginHistory rows as ${format}: ${Math.round(bytes / MEGABYTE)} MB in ${Date.now() - started} ms.`
    );
    let peakHeap = process.memoryUsage().heapUsed;
    let peakRss = process.memoryUsage().rss;
    const before = { heap: peakHeap, rss: peakRss };
    const readStarted = Date.now();
    const data = readExportFolder(dir, {
      progress: () => {
        const usage = process.memoryUsage();
        peakHeap = Math.max(peakHeap, usage.heapUsed);
        peakRss = Math.max(peakRss, usage.rss);
      }
    });
    const mb = (value: number) => Math.round(value / MEGABYTE);
    console.log(
      `Read ${data.logins.size} rows in ${Date.now() - readStarted} ms; ` +
        `heap ${mb(before.heap)} -> peak ${mb(peakHeap)} MB, RSS ${mb(before.rss)} -> peak ${mb(peakRss)} MB; ` +
        `problems: ${data.problems.length}.`
    );
  } finally {
    if (!values.dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
