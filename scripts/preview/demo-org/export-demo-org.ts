/**
 * `npm run demo:export -- --out <folder> [--users N] [--seed S] [--now ISO]`:
 * writes the demo org as one `sf data query --json` file per object, the
 * format `npm start -- --data <folder>` reads. Files are written as a stream
 * (LoginHistory of a large demo org does not fit in one string).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  EXPORT_FILES,
  EXPORT_OBJECTS,
  type ExportObject,
  type SfRecord
} from '../data/sf-export-format';
import { DEMO_EXPORT_USAGE, parseDemoExportOptions } from '../preview-options';
import { createDemoOrg, type DemoOrg } from './demo-org';

/** Bytes collected before each write. */
const WRITE_CHUNK_CHARS = 1 << 20;
const JSON_INDENT = 2;
/** Indent of a record inside { "result": { "records": [ ... ] } }. */
const RECORD_INDENT = ' '.repeat(3 * JSON_INDENT);

/** Writes text to a file descriptor in large chunks. */
class ChunkedWriter {
  private buffer = '';
  constructor(private readonly fd: number) {}

  write(text: string): void {
    this.buffer += text;
    if (this.buffer.length >= WRITE_CHUNK_CHARS) this.flush();
  }

  flush(): void {
    if (this.buffer) fs.writeSync(this.fd, this.buffer);
    this.buffer = '';
  }
}

function indentRecord(record: SfRecord): string {
  return (
    RECORD_INDENT + JSON.stringify(record, null, JSON_INDENT).replace(/\n/g, `\n${RECORD_INDENT}`)
  );
}

/**
 * Writes one object's records as `sf data query --json` prints them:
 * { "status": 0, "result": { "totalSize", "done", "records" }, "warnings": [] }.
 */
export function writeQueryFile(file: string, totalSize: number, records: Iterable<SfRecord>): void {
  const fd = fs.openSync(file, 'w');
  try {
    const out = new ChunkedWriter(fd);
    out.write(
      `{\n  "status": 0,\n  "result": {\n    "totalSize": ${totalSize},\n    "done": true,\n    "records": [`
    );
    let written = 0;
    for (const record of records) {
      out.write(`${written === 0 ? '\n' : ',\n'}${indentRecord(record)}`);
      written += 1;
    }
    if (written !== totalSize)
      throw new Error(`${file}: expected ${totalSize} records, generated ${written}.`);
    out.write(`${written ? '\n    ' : ''}]\n  },\n  "warnings": []\n}\n`);
    out.flush();
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes every export file of a demo org into a folder; resolves the record counts. */
export function writeDemoExport(demo: DemoOrg, outDir: string): Record<ExportObject, number> {
  fs.mkdirSync(outDir, { recursive: true });
  const counts = {} as Record<ExportObject, number>;
  for (const object of EXPORT_OBJECTS) {
    counts[object] = demo.count(object);
    writeQueryFile(
      path.join(outDir, EXPORT_FILES[object].file),
      counts[object],
      demo.records(object)
    );
  }
  return counts;
}

function main(): void {
  const options = parseDemoExportOptions(process.argv.slice(2));
  if (options.help) {
    console.log(DEMO_EXPORT_USAGE);
    return;
  }
  const now = options.now ?? Date.now();
  const demo = createDemoOrg({ users: options.users, seed: options.seed, now });
  const counts = writeDemoExport(demo, options.out);
  for (const object of EXPORT_OBJECTS)
    console.log(`${EXPORT_FILES[object].file}: ${counts[object]} records`);
  console.log(
    `Demo org (${demo.users} users, seed ${demo.seed}, as of ${new Date(now).toISOString()}) written to ${path.resolve(options.out)}.\n` +
      `Preview it with: npm start -- --data ${options.out}`
  );
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
