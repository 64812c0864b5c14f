/**
 * LoginHistory kept in files, for live pulls (issue 14): memory stays flat as
 * logins grow, O(users + distinct UTC hours) plus a few MB of fixed buffers,
 * whatever the number of rows.
 *
 * While rows arrive, DiskLoginTableBuilder appends them to a spool file a chunk
 * at a time and counts rows per user and per UTC hour. Those counts place every
 * row's final position range before build() reads a row, so build() is linear
 * in the rows and holds fixed-size arrays:
 * 1. it cuts each copy into buckets (the rows of consecutive users, or of
 *    consecutive UTC hours, at most `bucketRows`; one user or hour with more is
 *    a bucket alone), each bucket's rows a known range of the final file;
 * 2. one pass over the spool deals every row to its user bucket and its hour
 *    bucket in a partition file, at the bucket's own range (rows in arrival
 *    order), through a small write buffer per bucket (a fixed budget,
 *    `partitionBufferRows`, shared by all buckets); the spool is then deleted;
 * 3. bucket after bucket, it reads the bucket's range, arranges it in memory
 *    and writes it to the same range of the final file:
 * - by user: rows grouped by user (users ranked by Id, each user's rows by
 *   time), columns time and combo; each user's start row stays in memory, so a
 *   user's rows are one read and a page of users sorted by Id one read;
 * - by time: all rows in time order, columns time, user and combo; the first
 *   row of each UTC hour stays in memory, so a day's rows are one read and
 *   their count needs no read at all when the day starts on a whole UTC hour
 *   (else a binary search in one hour's rows).
 * Sorts are stable, so rows with equal times keep their arrival order. The
 * build's arrays (write buffers, then a bucket read, arranged and sorted) are
 * one allocation reused throughout. Reads copy the rows asked for into fresh
 * typed arrays. Everything is synchronous, like the preview's controller.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { OrgCalendar } from '../../../force-app/main/default/lwc/llAnalytics/time';
import { DayStarts } from './login-days';
import { LoginComboIndex, NO_LOGIN_ROWS } from './login-store';
import type {
  LoginCombo,
  LoginDayIndex,
  LoginRows,
  LoginTable,
  LoginTableSink,
  TimeRange
} from './login-store';
import type { LoginHistoryRow } from './schemas';

const MS_PER_HOUR = 3_600_000;
const BYTES_PER_TIME = 8;
const BYTES_PER_INDEX = 4;
/** Bytes of one row with time, user and combo (the spool, the by-time file). */
const ROW_BYTES = BYTES_PER_TIME + 2 * BYTES_PER_INDEX;
/** Row positions are kept in Int32Arrays. */
const MAX_ROWS = 2 ** 31 - 1;
/**
 * Widest span of UTC hours sorted as one bucket: the packed sort key
 * (time offset * 2^k + position, k = 17 for a bucket of 2^17 rows) stays an
 * exact integer below 2^53 while the span is under 2^32 ms (about 49 days), for
 * buckets up to 2^20 rows (ascendingOrder sorts with a comparator beyond).
 */
const MAX_BUCKET_HOURS = 1024;
/** Fewest rows of a bucket's write buffer while the spool is partitioned (when the budget allows). */
const MIN_BUFFER_ROWS = 256;

/** Sizes of a DiskLoginTable's chunks; the defaults suit millions of rows (tests shrink them). */
export interface DiskLoginTableOptions {
  /** Rows buffered before a write to the spool, and most rows per forEachChunk visit (65,536). */
  chunkRows?: number;
  /**
   * Most rows arranged in memory at once while building (131,072: 44 bytes a
   * row, under 6 MB); a single user or UTC hour with more rows is one bucket
   * of its own.
   */
  bucketRows?: number;
  /**
   * Rows buffered in memory while build() deals the spool's rows into buckets
   * (262,144: 16 bytes a row, 4 MB), shared equally by the buckets, each
   * getting at least 256 rows (or all of them when fewer).
   */
  partitionBufferRows?: number;
  /**
   * Requested users whose rows lie at most this many rows apart are read at
   * once (4,096), while such a read skips no more rows than it was asked for.
   */
  mergeGapRows?: number;
  /** Folder the table's own scratch folder is made in (os.tmpdir()). */
  parentDirectory?: string;
}

const DEFAULT_OPTIONS = {
  chunkRows: 65_536,
  bucketRows: 131_072,
  partitionBufferRows: 262_144,
  mergeGapRows: 4_096
};

type ChunkSizes = typeof DEFAULT_OPTIONS;

function chunkSizes(options: DiskLoginTableOptions): ChunkSizes {
  const sizes = {
    chunkRows: options.chunkRows ?? DEFAULT_OPTIONS.chunkRows,
    bucketRows: options.bucketRows ?? DEFAULT_OPTIONS.bucketRows,
    partitionBufferRows: options.partitionBufferRows ?? DEFAULT_OPTIONS.partitionBufferRows,
    mergeGapRows: options.mergeGapRows ?? DEFAULT_OPTIONS.mergeGapRows
  };
  if (!(Number.isInteger(sizes.chunkRows) && sizes.chunkRows > 0))
    throw new Error(`chunkRows must be a positive integer, got ${sizes.chunkRows}`);
  if (!(Number.isInteger(sizes.bucketRows) && sizes.bucketRows > 0))
    throw new Error(`bucketRows must be a positive integer, got ${sizes.bucketRows}`);
  if (!(Number.isInteger(sizes.partitionBufferRows) && sizes.partitionBufferRows > 0))
    throw new Error(
      `partitionBufferRows must be a positive integer, got ${sizes.partitionBufferRows}`
    );
  if (!(Number.isInteger(sizes.mergeGapRows) && sizes.mergeGapRows >= 0))
    throw new Error(`mergeGapRows must be a non-negative integer, got ${sizes.mergeGapRows}`);
  return sizes;
}

// ---------------------------------------------------------------------------
// Scratch folders: one per builder and its table, removed on dispose() and, as
// a safety net, when the process exits.

const liveFolders = new Set<ScratchFolder>();
let exitCleanupInstalled = false;

function installExitCleanup(): void {
  if (exitCleanupInstalled) return;
  exitCleanupInstalled = true;
  process.once('exit', removeScratchFolders);
}

/**
 * Closes and deletes the files of every builder and table not disposed yet;
 * they may not be read afterwards. Runs when the process exits; a test runner
 * calls it after each test file, since jest gives a test file a process object
 * of its own whose 'exit' never fires (its tables' folders stayed in the
 * temporary folder).
 */
export function removeScratchFolders(): void {
  for (const folder of [...liveFolders]) folder.remove();
}

/** A fresh temporary folder and the files open in it. */
class ScratchFolder {
  readonly path: string;
  /** Closed and deleted (dispose(), removeScratchFolders()): its file numbers may be reused. */
  removed = false;
  private readonly openFiles = new Set<number>();

  constructor(parentDirectory: string) {
    this.path = fs.mkdtempSync(path.join(parentDirectory, 'license-lens-logins-'));
    installExitCleanup();
    liveFolders.add(this);
  }

  /** Creates (or truncates) a file in the folder, open for reading and writing. */
  create(name: string): number {
    const fd = fs.openSync(path.join(this.path, name), 'w+');
    this.openFiles.add(fd);
    return fd;
  }

  /** Closes and deletes one file of the folder. */
  delete(fd: number, name: string): void {
    this.openFiles.delete(fd);
    fs.closeSync(fd);
    fs.rmSync(path.join(this.path, name), { force: true });
  }

  /** Closes its files and deletes the folder; never throws (it runs at exit too). */
  remove(): void {
    this.removed = true;
    liveFolders.delete(this);
    for (const fd of this.openFiles) {
      try {
        fs.closeSync(fd);
      } catch {
        // Already closed: nothing to release.
      }
    }
    this.openFiles.clear();
    try {
      fs.rmSync(this.path, { recursive: true, force: true });
    } catch {
      // Left for the OS's temporary-file cleanup.
    }
  }
}

// ---------------------------------------------------------------------------
// Typed arrays to and from files.

function bytesOf(array: Float64Array | Int32Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

function writeAt(fd: number, array: Float64Array | Int32Array, position: number): void {
  const bytes = bytesOf(array);
  let done = 0;
  while (done < bytes.length)
    done += fs.writeSync(fd, bytes, done, bytes.length - done, position + done);
}

function readAt(fd: number, array: Float64Array | Int32Array, position: number): void {
  const bytes = bytesOf(array);
  let done = 0;
  while (done < bytes.length) {
    const read = fs.readSync(fd, bytes, done, bytes.length - done, position + done);
    if (read === 0) throw new Error(`A login file ended early (byte ${position + done})`);
    done += read;
  }
}

/**
 * Byte position of a row in an Int32 column of a block of `rows` rows laid out
 * column after column: the times (f64) first, then the Int32 columns.
 */
function int32At(rows: number, column: number, row: number): number {
  return rows * BYTES_PER_TIME + (column * rows + row) * BYTES_PER_INDEX;
}

/** Rows in memory as three columns. */
interface RowColumns {
  time: Float64Array;
  user: Int32Array;
  combo: Int32Array;
}

/** The first `rows` rows of each column (views). */
function firstRows(columns: RowColumns, rows: number): RowColumns {
  return {
    time: columns.time.subarray(0, rows),
    user: columns.user.subarray(0, rows),
    combo: columns.combo.subarray(0, rows)
  };
}

/**
 * Rows of a file laid out column after column from byte `offset`: `size`
 * times (f64), then each Int32 column of `size` rows (int32At).
 */
class ColumnFile {
  constructor(
    private readonly fd: number,
    private readonly size: number,
    private readonly offset = 0
  ) {}

  /** Writes time.length rows from row `row` on, the Int32 columns in file order. */
  write(row: number, time: Float64Array, columns: readonly Int32Array[]): void {
    writeAt(this.fd, time, this.offset + row * BYTES_PER_TIME);
    columns.forEach((column, c) =>
      writeAt(this.fd, column, this.offset + int32At(this.size, c, row))
    );
  }

  /** Reads time.length rows from row `row` on into the arrays. */
  read(row: number, time: Float64Array, columns: readonly Int32Array[]): void {
    readAt(this.fd, time, this.offset + row * BYTES_PER_TIME);
    columns.forEach((column, c) =>
      readAt(this.fd, column, this.offset + int32At(this.size, c, row))
    );
  }
}

function readTimes(fd: number, position: number, count: number): Float64Array {
  const array = new Float64Array(count);
  readAt(fd, array, position);
  return array;
}

function readIndexes(fd: number, position: number, count: number): Int32Array {
  const array = new Int32Array(count);
  readAt(fd, array, position);
  return array;
}

/** from, from + 1, ..., to - 1. */
function range(from: number, to: number): Int32Array {
  const rows = new Int32Array(Math.max(0, to - from));
  for (let i = 0; i < rows.length; i++) rows[i] = from + i;
  return rows;
}

// ---------------------------------------------------------------------------
// Sorting.

/** Arrays to sort in (ascendingOrder), reused from sort to sort. */
interface SortScratch {
  order: Int32Array;
  keys: Float64Array;
}

/**
 * Positions of `values` in ascending order, equal values in position order.
 * Integer values whose span times the next power of two above the count stays
 * below 2^53 are sorted as packed keys (value offset * 2^k + position) by the
 * typed array's own numeric sort; others by a comparator.
 * @param scratch arrays of at least values.length to sort in (the order returned is a view of scratch.order)
 */
export function ascendingOrder(values: Float64Array, scratch?: SortScratch): Int32Array {
  const count = values.length;
  const order = scratch ? scratch.order.subarray(0, count) : new Int32Array(count);
  let min = Infinity;
  let max = -Infinity;
  let integers = true;
  for (let i = 0; i < count; i++) {
    const value = values[i];
    if (value < min) min = value;
    if (value > max) max = value;
    if (!Number.isInteger(value)) integers = false;
  }
  let scale = 1;
  while (scale < count) scale *= 2;
  if (integers && (max - min + 1) * scale <= 2 ** 53) {
    const keys = scratch ? scratch.keys.subarray(0, count) : new Float64Array(count);
    for (let i = 0; i < count; i++) keys[i] = (values[i] - min) * scale + i;
    keys.sort();
    for (let i = 0; i < count; i++) order[i] = keys[i] % scale;
    return order;
  }
  for (let i = 0; i < count; i++) order[i] = i;
  return order.sort((a, b) => values[a] - values[b] || a - b);
}

function isAscending(values: Float64Array): boolean {
  for (let i = 1; i < values.length; i++) if (values[i] < values[i - 1]) return false;
  return true;
}

/**
 * Sorts rows [from, to) of `rows` (time and combo) by time, in place, equal
 * times in their order.
 * @param copy columns at least `to` long whose rows [from, to) may be overwritten
 * @param scratch ascendingOrder's arrays, at least to - from long
 */
function sortByTime(
  rows: RowColumns,
  from: number,
  to: number,
  copy: RowColumns,
  scratch: SortScratch
): void {
  const times = rows.time.subarray(from, to);
  if (isAscending(times)) return;
  const order = ascendingOrder(times, scratch);
  copy.time.set(times, from);
  copy.combo.set(rows.combo.subarray(from, to), from);
  for (let i = 0; i < order.length; i++) {
    rows.time[from + i] = copy.time[from + order[i]];
    rows.combo[from + i] = copy.combo[from + order[i]];
  }
}

/** Consecutive units (users by rank, or UTC hours holding rows) arranged together. */
interface Bucket {
  /** Its first unit. */
  first: number;
  /** The unit after its last. */
  end: number;
  /** Its first row in its final file (the rows before its first unit). */
  start: number;
  rows: number;
}

/**
 * Splits units 0 .. n-1 (users by rank, or UTC hours) into runs of consecutive
 * units holding at most `maxRows` rows (a unit holding more is a run alone).
 * @param start rows before each unit: unit u holds start[u + 1] - start[u] rows
 * @param canJoin whether unit `next` may join a run beginning at unit `first`
 */
function planBuckets(
  start: ArrayLike<number>,
  units: number,
  maxRows: number,
  canJoin: (first: number, next: number) => boolean = () => true
): Bucket[] {
  const buckets: Bucket[] = [];
  let first = 0;
  for (let unit = 1; unit <= units; unit++) {
    const full =
      unit === units || start[unit + 1] - start[first] > maxRows || !canJoin(first, unit);
    if (full) {
      buckets.push({ first, end: unit, start: start[first], rows: start[unit] - start[first] });
      first = unit;
    }
  }
  return buckets;
}

// ---------------------------------------------------------------------------
// The spool: rows as they arrive, in blocks of chunkRows rows (time, user and
// combo columns one after the other in each block).

class Spool {
  static readonly FILE = 'spool.bin';
  private readonly time: Float64Array;
  private readonly user: Int32Array;
  private readonly combo: Int32Array;
  /** Rows in the buffers, not yet written. */
  private buffered = 0;
  /** Rows written (whole blocks, but for a last partial one once read). */
  private written = 0;

  constructor(
    private readonly fd: number,
    private readonly chunkRows: number
  ) {
    this.time = new Float64Array(chunkRows);
    this.user = new Int32Array(chunkRows);
    this.combo = new Int32Array(chunkRows);
  }

  append(time: number, user: number, combo: number): void {
    const slot = this.buffered;
    this.time[slot] = time;
    this.user[slot] = user;
    this.combo[slot] = combo;
    this.buffered = slot + 1;
    if (this.buffered === this.chunkRows) this.flush();
  }

  private flush(): void {
    const count = this.buffered;
    if (count === 0) return;
    this.block(this.written, count).write(0, this.time.subarray(0, count), [
      this.user.subarray(0, count),
      this.combo.subarray(0, count)
    ]);
    this.written += count;
    this.buffered = 0;
  }

  /** Visits every spooled row, a block at a time (the buffers are reused between visits). */
  forEachBlock(
    visit: (time: Float64Array, user: Int32Array, combo: Int32Array, count: number) => void
  ): void {
    this.flush();
    for (let first = 0; first < this.written; first += this.chunkRows) {
      const count = Math.min(this.chunkRows, this.written - first);
      this.block(first, count).read(0, this.time.subarray(0, count), [
        this.user.subarray(0, count),
        this.combo.subarray(0, count)
      ]);
      visit(this.time, this.user, this.combo, count);
    }
  }

  /** The block of `count` rows starting at row `first`. */
  private block(first: number, count: number): ColumnFile {
    return new ColumnFile(this.fd, count, first * ROW_BYTES);
  }
}

// ---------------------------------------------------------------------------
// The first row of each UTC hour in the time-major file.

/** Rows per UTC hour, as a sorted index of the hours that hold rows. */
class HourIndex {
  constructor(
    /** Distinct UTC hour numbers (floor(time / 1 hour)), ascending. */
    readonly hours: Float64Array,
    /** First time-major row of hours[i], for i = 0 .. hours.length (the last: the row count). */
    readonly start: Float64Array
  ) {}

  static of(rowsPerHour: Map<number, number>): HourIndex {
    const hours = Float64Array.from(rowsPerHour.keys()).sort();
    const start = new Float64Array(hours.length + 1);
    for (let i = 0; i < hours.length; i++)
      start[i + 1] = start[i] + (rowsPerHour.get(hours[i]) as number);
    return new HourIndex(hours, start);
  }

  /** First i with hours[i] >= hour (hours.length when none). */
  firstAtOrAfter(hour: number): number {
    let low = 0;
    let high = this.hours.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.hours[middle] < hour) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  byteLength(): number {
    return this.hours.byteLength + this.start.byteLength;
  }
}

// ---------------------------------------------------------------------------
// Build passes: the spool dealt into buckets, each bucket arranged.

/** Bytes of a bucket row while arranged: read and arranged (time, user, combo), order and sort key. */
const BUCKET_ROW_BYTES = 2 * ROW_BYTES + BYTES_PER_INDEX + BYTES_PER_TIME;

/** A bucket's working arrays, each as long as the largest bucket. */
interface BucketArrays {
  /** Its rows as read from the partition file, in arrival order. */
  read: RowColumns;
  /** Its rows as written to the final file. */
  arranged: RowColumns;
  scratch: SortScratch;
}

/**
 * The build's arrays, one allocation viewed two ways: while the spool is
 * dealt, the partition's write buffers; then, for every bucket by user and
 * then by time, the BucketArrays. Nothing is left for the garbage collector
 * between phases or buckets.
 */
class BuildMemory {
  private readonly buffer: ArrayBuffer;

  constructor(
    private readonly bufferRows: number,
    private readonly bucketRows: number
  ) {
    this.buffer = new ArrayBuffer(Math.max(bufferRows * ROW_BYTES, bucketRows * BUCKET_ROW_BYTES));
  }

  /** Write buffers of the partition's buckets (PartitionWriter). */
  partitionBuffers(): RowColumns {
    const [time] = this.floats(this.bufferRows, 1);
    const [user, combo] = this.ints(this.bufferRows, 1, 2);
    return { time, user, combo };
  }

  /** Arrays for one bucket at a time (the partition's buffers are done with by then). */
  bucketArrays(): BucketArrays {
    const rows = this.bucketRows;
    const [readTime, arrangedTime, keys] = this.floats(rows, 3);
    const [readUser, readCombo, arrangedUser, arrangedCombo, order] = this.ints(rows, 3, 5);
    return {
      read: { time: readTime, user: readUser, combo: readCombo },
      arranged: { time: arrangedTime, user: arrangedUser, combo: arrangedCombo },
      scratch: { order, keys }
    };
  }

  /** `count` Float64Arrays of `rows` each, from the start of the memory. */
  private floats(rows: number, count: number): Float64Array[] {
    return Array.from(
      { length: count },
      (_, i) => new Float64Array(this.buffer, i * rows * BYTES_PER_TIME, rows)
    );
  }

  /** `count` Int32Arrays of `rows` each, after `floats` Float64Arrays of `rows`. */
  private ints(rows: number, floats: number, count: number): Int32Array[] {
    const start = floats * rows * BYTES_PER_TIME;
    return Array.from(
      { length: count },
      (_, i) => new Int32Array(this.buffer, start + i * rows * BYTES_PER_INDEX, rows)
    );
  }
}

/** Runs of UTC hours (HourIndex slots) at most `bucketRows` rows and MAX_BUCKET_HOURS hours wide. */
function planHourBuckets(index: HourIndex, bucketRows: number): Bucket[] {
  const { hours, start } = index;
  return planBuckets(
    start,
    hours.length,
    bucketRows,
    (first, next) => hours[next] - hours[first] < MAX_BUCKET_HOURS
  );
}

/** Where a bucket's rows go in the partition file: rows [start, start + rows) of a section. */
interface BucketRegion {
  section: ColumnFile;
  start: number;
  rows: number;
}

/**
 * build()'s scratch file: every row twice, in its user bucket's region of the
 * by-user section and its hour bucket's region of the by-time section, each
 * region at its bucket's rows in the final file. The by-user section comes
 * last, so it is cut off once the by-user file is written.
 */
class PartitionFile {
  static readonly FILE = 'partition.bin';
  /** Rows by hour bucket (time, user rank, combo), as many as the table's. */
  readonly byTime: ColumnFile;
  /** Rows by user bucket (time, user rank, combo), as many as the table's. */
  readonly byUser: ColumnFile;
  private readonly fd: number;

  constructor(
    private readonly folder: ScratchFolder,
    private readonly size: number
  ) {
    this.fd = folder.create(PartitionFile.FILE);
    this.byTime = new ColumnFile(this.fd, size, 0);
    this.byUser = new ColumnFile(this.fd, size, size * ROW_BYTES);
  }

  /** The user buckets' regions, then the hour buckets'. */
  regions(userBuckets: readonly Bucket[], hourBuckets: readonly Bucket[]): BucketRegion[] {
    return [
      ...userBuckets.map(({ start, rows }) => ({ section: this.byUser, start, rows })),
      ...hourBuckets.map(({ start, rows }) => ({ section: this.byTime, start, rows }))
    ];
  }

  /** Frees the by-user section's disk space (read through, the by-user file written). */
  dropByUser(): void {
    fs.ftruncateSync(this.fd, this.size * ROW_BYTES);
  }

  delete(): void {
    this.folder.delete(this.fd, PartitionFile.FILE);
  }
}

/**
 * Each bucket's slice of the partition's write buffers, from a budget of
 * `budget` rows shared equally (at least MIN_BUFFER_ROWS each, or the whole
 * budget when smaller), never more than the bucket's rows.
 * @returns slice starts: bucket b's slice is [starts[b], starts[b + 1])
 */
function bufferSlices(rows: readonly number[], budget: number): Float64Array {
  const share = Math.max(
    Math.floor(budget / Math.max(1, rows.length)),
    Math.min(MIN_BUFFER_ROWS, budget)
  );
  const starts = new Float64Array(rows.length + 1);
  rows.forEach((count, b) => (starts[b + 1] = starts[b] + Math.min(count, share)));
  return starts;
}

/**
 * Deals rows into buckets: bucket b owns a region of the partition file and a
 * slice of shared write buffers; a full slice is written at the bucket's
 * cursor in its region, so the region gets the bucket's rows in the order
 * they were dealt. One file, whatever the number of buckets.
 */
class PartitionWriter {
  /** Rows written to each bucket's region so far. */
  private readonly written: Float64Array;
  /** Rows in each bucket's buffer slice. */
  private readonly filled: Int32Array;

  constructor(
    private readonly regions: readonly BucketRegion[],
    private readonly slices: Float64Array,
    private readonly buffers: RowColumns
  ) {
    this.written = new Float64Array(regions.length);
    this.filled = new Int32Array(regions.length);
  }

  add(bucket: number, time: number, user: number, combo: number): void {
    const slot = this.slices[bucket] + this.filled[bucket];
    this.buffers.time[slot] = time;
    this.buffers.user[slot] = user;
    this.buffers.combo[slot] = combo;
    this.filled[bucket] += 1;
    if (slot + 1 === this.slices[bucket + 1]) this.flush(bucket);
  }

  /** Writes what the buffers hold; every region is full then (else the row counts were wrong). */
  finish(): void {
    this.regions.forEach((region, bucket) => {
      this.flush(bucket);
      if (this.written[bucket] !== region.rows)
        throw new Error(
          `A LoginHistory bucket got ${this.written[bucket]} rows, ${region.rows} were counted`
        );
    });
  }

  private flush(bucket: number): void {
    const count = this.filled[bucket];
    if (count === 0) return;
    const region = this.regions[bucket];
    if (this.written[bucket] + count > region.rows)
      throw new Error(`A LoginHistory bucket got more rows than the ${region.rows} counted`);
    const from = this.slices[bucket];
    const { time, user, combo } = this.buffers;
    region.section.write(region.start + this.written[bucket], time.subarray(from, from + count), [
      user.subarray(from, from + count),
      combo.subarray(from, from + count)
    ]);
    this.written[bucket] += count;
    this.filled[bucket] = 0;
  }
}

/** The hour bucket of a time: the last bucket whose first UTC hour is at or before the time's. */
class HourBucketFinder {
  private readonly firstHour: Float64Array;

  constructor(buckets: readonly Bucket[], hours: Float64Array) {
    this.firstHour = Float64Array.from(buckets, (bucket) => hours[bucket.first]);
  }

  bucketOf(time: number): number {
    const hour = Math.floor(time / MS_PER_HOUR);
    const { firstHour } = this;
    let low = 0;
    let high = firstHour.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (firstHour[middle] <= hour) low = middle;
      else high = middle - 1;
    }
    return low;
  }
}

/**
 * The one pass over the spool: each row to its user's bucket (the user as its
 * rank) and to its UTC hour's bucket, numbered after the user buckets
 * (PartitionFile.regions).
 */
function dealSpool(
  spool: Spool,
  writer: PartitionWriter,
  rankOf: Int32Array,
  userBuckets: readonly Bucket[],
  hourBuckets: HourBucketFinder
): void {
  const bucketOfRank = new Int32Array(rankOf.length);
  userBuckets.forEach(({ first, end }, bucket) => bucketOfRank.fill(bucket, first, end));
  const hourBucketBase = userBuckets.length;
  spool.forEachBlock((time, user, combo, count) => {
    for (let i = 0; i < count; i++) {
      const rank = rankOf[user[i]];
      writer.add(bucketOfRank[rank], time[i], rank, combo[i]);
      writer.add(hourBucketBase + hourBuckets.bucketOf(time[i]), time[i], rank, combo[i]);
    }
  });
  writer.finish();
}

/**
 * The by-user file, bucket after bucket: reads the bucket's region of the
 * partition (its rows in arrival order, users as ranks, at the bucket's final
 * rows), groups them by rank (each rank's rows are known: userStart), sorts
 * each user's rows by time and writes them to the same rows of the file.
 */
function arrangeByUser(
  partition: ColumnFile,
  file: ColumnFile,
  buckets: readonly Bucket[],
  userStart: Int32Array,
  arrays: BucketArrays
): void {
  const { read, arranged, scratch } = arrays;
  const next = userStart.slice(0, userStart.length - 1);
  for (const { first, end, start, rows } of buckets) {
    const { time, user, combo } = firstRows(read, rows);
    partition.read(start, time, [user, combo]);
    for (let i = 0; i < rows; i++) {
      const slot = next[user[i]]++ - start;
      arranged.time[slot] = time[i];
      arranged.combo[slot] = combo[i];
    }
    for (let rank = first; rank < end; rank++)
      sortByTime(arranged, userStart[rank] - start, userStart[rank + 1] - start, read, scratch);
    const out = firstRows(arranged, rows);
    file.write(start, out.time, [out.combo]);
  }
}

/**
 * The by-time file, bucket after bucket: reads the bucket's region of the
 * partition (its hours' rows in arrival order, at the bucket's final rows),
 * sorts them by time (stable) and writes them to the same rows of the file.
 */
function arrangeByTime(
  partition: ColumnFile,
  file: ColumnFile,
  buckets: readonly Bucket[],
  arrays: BucketArrays
): void {
  const { read, arranged, scratch } = arrays;
  for (const { start, rows } of buckets) {
    const { time, user, combo } = firstRows(read, rows);
    partition.read(start, time, [user, combo]);
    const order = ascendingOrder(time, scratch);
    for (let i = 0; i < rows; i++) {
      const from = order[i];
      arranged.time[i] = time[from];
      arranged.user[i] = user[from];
      arranged.combo[i] = combo[from];
    }
    const out = firstRows(arranged, rows);
    file.write(start, out.time, [out.user, out.combo]);
  }
}

// ---------------------------------------------------------------------------
// Building.

/** Code-unit order of Ids (a < b): a page of users in this order is one range of the by-user file. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Where the builder's work stands. */
type BuilderState = 'collecting' | 'built' | 'disposed';

/** The spool and the scratch folder it lies in. */
interface SpoolFile {
  folder: ScratchFolder;
  fd: number;
  spool: Spool;
}

/**
 * Collects LoginHistory rows into a spool file, then builds a DiskLoginTable.
 * Holds the users, the combos, the rows per UTC hour and one chunk of rows.
 * The scratch folder is made with the first row (or by build()): a builder
 * that gets no row holds no file, so one dropped without dispose() (the kept
 * logins of a pull that failed before LoginHistory) leaves nothing behind.
 */
export class DiskLoginTableBuilder implements LoginTableSink {
  private readonly sizes: ChunkSizes;
  private readonly parentDirectory: string;
  private spoolFile: SpoolFile | null = null;
  private state: BuilderState = 'collecting';
  private rows = 0;
  private oldest = Infinity;
  private newest = -Infinity;
  private readonly userIds: string[] = [];
  private readonly userIndex = new Map<string, number>();
  /** Rows per user, by intern index (grows by doubling). */
  private rowsPerUser = new Int32Array(64);
  private readonly comboIndex = new LoginComboIndex();
  private readonly rowsPerHour = new Map<number, number>();

  constructor(options: DiskLoginTableOptions = {}) {
    this.sizes = chunkSizes(options);
    this.parentDirectory = options.parentDirectory ?? os.tmpdir();
  }

  /**
   * The scratch folder holding the spool and, once built, the table's files;
   * null before the first row.
   */
  get directory(): string | null {
    return this.spoolFile?.folder.path ?? null;
  }

  /** Rows added so far. */
  get rowCount(): number {
    return this.rows;
  }

  /** A hint only: the spool grows a chunk at a time whatever comes. */
  reserve(): void {
    // Nothing to size ahead.
  }

  add(row: LoginHistoryRow): void {
    this.assertCollecting('add()');
    this.append(this.internUser(row.userId), row.loginTime, this.comboIndex.indexOf(row));
  }

  /** Appends every row of a table (a file read apart, then kept; another org's rows). */
  addTable(table: LoginTable): void {
    this.assertCollecting('addTable()');
    const userMap = new Int32Array(table.userIds.length).fill(-1);
    const comboMap = new Int32Array(table.combos.length).fill(-1);
    table.forEachChunk(({ rows, time, combo, user }) => {
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i];
        const from = user[row];
        let to = userMap[from];
        if (to < 0) to = userMap[from] = this.internUser(table.userIds[from]);
        const group = combo[row];
        let toCombo = comboMap[group];
        if (toCombo < 0) toCombo = comboMap[group] = this.comboIndex.indexOf(table.combos[group]);
        this.append(to, time[row], toCombo);
      }
    });
  }

  private append(user: number, time: number, combo: number): void {
    if (!Number.isFinite(time)) throw new Error(`A LoginTime must be an instant, got ${time}`);
    if (this.rows === MAX_ROWS) throw new Error(`A DiskLoginTable holds at most ${MAX_ROWS} rows`);
    this.openSpool().spool.append(time, user, combo);
    this.rows += 1;
    this.rowsPerUser[user] += 1;
    const hour = Math.floor(time / MS_PER_HOUR);
    this.rowsPerHour.set(hour, (this.rowsPerHour.get(hour) ?? 0) + 1);
    if (time < this.oldest) this.oldest = time;
    if (time > this.newest) this.newest = time;
  }

  /**
   * Sorts the spooled rows into the table's two files and deletes the spool:
   * one pass over the spool deals the rows into buckets (PartitionFile), then
   * each bucket is arranged in memory, in arrays allocated once (BuildMemory).
   * The table owns the scratch folder from then on (DiskLoginTable.dispose()).
   */
  build(): DiskLoginTable {
    this.assertCollecting('build()');
    this.state = 'built';
    const { folder, fd: spoolFd, spool } = this.openSpool();
    try {
      const size = this.rows;
      const users = this.rankUsers();
      const hours = HourIndex.of(this.rowsPerHour);
      const { bucketRows, partitionBufferRows } = this.sizes;
      const userBuckets = planBuckets(users.userStart, users.userIds.length, bucketRows);
      const hourBuckets = planHourBuckets(hours, bucketRows);
      const partition = new PartitionFile(folder, size);
      const regions = partition.regions(userBuckets, hourBuckets);
      const slices = bufferSlices(
        regions.map((region) => region.rows),
        partitionBufferRows
      );
      const largest = regions.reduce((most, region) => Math.max(most, region.rows), 0);
      const memory = new BuildMemory(slices[regions.length], largest);

      const writer = new PartitionWriter(regions, slices, memory.partitionBuffers());
      const hourFinder = new HourBucketFinder(hourBuckets, hours.hours);
      dealSpool(spool, writer, users.rankOf, userBuckets, hourFinder);
      folder.delete(spoolFd, Spool.FILE);

      const arrays = memory.bucketArrays();
      const userFd = folder.create(DiskLoginTable.BY_USER_FILE);
      const byUser = new ColumnFile(userFd, size);
      arrangeByUser(partition.byUser, byUser, userBuckets, users.userStart, arrays);
      partition.dropByUser();
      const timeFd = folder.create(DiskLoginTable.BY_TIME_FILE);
      arrangeByTime(partition.byTime, new ColumnFile(timeFd, size), hourBuckets, arrays);
      partition.delete();
      return new DiskLoginTable({
        size,
        userIds: users.userIds,
        combos: this.comboIndex.combos,
        oldest: this.rows ? this.oldest : null,
        newest: this.rows ? this.newest : null,
        userStart: users.userStart,
        hours,
        folder,
        userFd,
        timeFd,
        sizes: this.sizes
      });
    } catch (error) {
      folder.remove();
      throw error;
    }
  }

  /**
   * Deletes the spool (a reading discarded). After build() the files belong to
   * the table, so this does nothing then.
   */
  dispose(): void {
    if (this.state !== 'collecting') return;
    this.state = 'disposed';
    this.spoolFile?.folder.remove();
  }

  /** The spool, its scratch folder made on first use. */
  private openSpool(): SpoolFile {
    if (this.spoolFile) return this.spoolFile;
    const folder = new ScratchFolder(this.parentDirectory);
    try {
      const fd = folder.create(Spool.FILE);
      this.spoolFile = { folder, fd, spool: new Spool(fd, this.sizes.chunkRows) };
      return this.spoolFile;
    } catch (error) {
      folder.remove();
      throw error;
    }
  }

  private assertCollecting(call: string): void {
    if (this.state === 'built')
      throw new Error(`DiskLoginTableBuilder.${call} after build(): a builder makes one table`);
    if (this.state === 'disposed')
      throw new Error(`DiskLoginTableBuilder.${call} after dispose(): its rows were dropped`);
    if (this.spoolFile?.folder.removed)
      throw new Error(`DiskLoginTableBuilder.${call} after its scratch files were removed`);
  }

  /** Users ranked by Id, and each rank's first row in the by-user file. */
  private rankUsers(): { userIds: string[]; rankOf: Int32Array; userStart: Int32Array } {
    const { userIds } = this;
    const byId = Int32Array.from(userIds, (_, i) => i).sort((a, b) =>
      compareIds(userIds[a], userIds[b])
    );
    const rankOf = new Int32Array(userIds.length);
    const userStart = new Int32Array(userIds.length + 1);
    byId.forEach((user, rank) => {
      rankOf[user] = rank;
      userStart[rank + 1] = userStart[rank] + this.rowsPerUser[user];
    });
    return { userIds: Array.from(byId, (user) => userIds[user]), rankOf, userStart };
  }

  private internUser(userId: string): number {
    let index = this.userIndex.get(userId);
    if (index === undefined) {
      index = this.userIds.length;
      this.userIds.push(userId);
      this.userIndex.set(userId, index);
      if (index === this.rowsPerUser.length) {
        const grown = new Int32Array(index * 2);
        grown.set(this.rowsPerUser);
        this.rowsPerUser = grown;
      }
    }
    return index;
  }
}

// ---------------------------------------------------------------------------
// The table.

/** What build() hands a DiskLoginTable. */
interface DiskLoginTableParts {
  size: number;
  /** Ranked by Id (code-unit order). */
  userIds: readonly string[];
  combos: readonly LoginCombo[];
  oldest: number | null;
  newest: number | null;
  /** First by-user row of each user rank (users + 1 entries). */
  userStart: Int32Array;
  hours: HourIndex;
  folder: ScratchFolder;
  userFd: number;
  timeFd: number;
  sizes: ChunkSizes;
}

/** A user's rows in the by-user file, for rowsOfUsers. */
interface UserRange {
  /** Position in the request. */
  position: number;
  rank: number;
  start: number;
  end: number;
}

/**
 * Read-only LoginHistory in two files (by user, by time). Users are ranked by
 * Id: userIds is in code-unit order, so the users of a page sorted by Id lie
 * together in the by-user file. Made by DiskLoginTableBuilder.build();
 * dispose() deletes the files (else they go when the process exits).
 */
export class DiskLoginTable implements LoginTable {
  static readonly BY_USER_FILE = 'by-user.bin';
  static readonly BY_TIME_FILE = 'by-time.bin';

  readonly size: number;
  readonly userIds: readonly string[];
  readonly combos: readonly LoginCombo[];
  private readonly parts: DiskLoginTableParts;
  private readonly rankById = new Map<string, number>();
  private readonly daysByZone = new Map<string, DiskLoginDays>();
  private disposed = false;
  /** One time read by the binary search within an hour. */
  private readonly probe = new Float64Array(1);

  constructor(parts: DiskLoginTableParts) {
    this.parts = parts;
    this.size = parts.size;
    this.userIds = parts.userIds;
    this.combos = parts.combos;
    parts.userIds.forEach((id, rank) => this.rankById.set(id, rank));
  }

  /** The scratch folder holding the files. */
  get directory(): string {
    return this.parts.folder.path;
  }

  newestTime(): number | null {
    return this.parts.newest;
  }

  rowsOfUser(userId: string): LoginRows {
    this.assertOpen();
    const rank = this.rankById.get(userId);
    if (rank === undefined) return NO_LOGIN_ROWS;
    const { userStart } = this.parts;
    const start = userStart[rank];
    const end = userStart[rank + 1];
    if (start === end) return NO_LOGIN_ROWS;
    const read = this.readByUser(start, end);
    return { ...read, rows: range(0, end - start) };
  }

  /**
   * The users' ranges, sorted by where they lie and merged when at most
   * mergeGapRows rows apart (while the merged read skips no more rows than it
   * was asked for, so it reads and holds at most twice the rows asked for), are
   * read once each; every user's LoginRows are positions in its merged read.
   */
  rowsOfUsers(userIds: readonly string[], within?: TimeRange): LoginRows[] {
    this.assertOpen();
    const { userStart, sizes } = this.parts;
    const result: LoginRows[] = userIds.map(() => NO_LOGIN_ROWS);
    const wanted: UserRange[] = [];
    userIds.forEach((id, position) => {
      const rank = this.rankById.get(id);
      if (rank === undefined || userStart[rank] === userStart[rank + 1]) return;
      wanted.push({ position, rank, start: userStart[rank], end: userStart[rank + 1] });
    });
    wanted.sort((a, b) => a.start - b.start);
    for (let first = 0; first < wanted.length; ) {
      let end = wanted[first].end;
      /** Rows of the read asked for, and rows it skips (between users asked for). */
      let asked = end - wanted[first].start;
      let skipped = 0;
      let next = first + 1;
      while (next < wanted.length) {
        const { start: from, end: to } = wanted[next];
        // Users' ranges are disjoint: one starting before `end` is a user asked for twice.
        const gap = Math.max(0, from - end);
        const rows = to > end ? to - Math.max(from, end) : 0;
        // A gap is read through only while the read stays at most twice the rows asked for:
        // users asked for one row each, far apart, are not one read of everything between them.
        if (gap > sizes.mergeGapRows || skipped + gap > asked + rows) break;
        skipped += gap;
        asked += rows;
        end = Math.max(end, to);
        next += 1;
      }
      const group = wanted.slice(first, next);
      if (within) this.readWithin(group, end, within, result);
      else {
        const start = wanted[first].start;
        const read = this.readByUser(start, end);
        for (const { position, start: from, end: to } of group) {
          result[position] = { ...read, rows: range(from - start, to - start) };
        }
      }
      first = next;
    }
    return result;
  }

  countOfUsers(userIds: readonly string[], within: TimeRange): number {
    this.assertOpen();
    const { userStart } = this.parts;
    let count = 0;
    for (const id of userIds) {
      const rank = this.rankById.get(id);
      if (rank === undefined) continue;
      const start = userStart[rank];
      const end = userStart[rank + 1];
      if (start === end) continue;
      count += this.userRowAtOrAfter(start, end, within.to);
      count -= this.userRowAtOrAfter(start, end, within.from);
    }
    return count;
  }

  /**
   * First by-user row of [start, end) (one user's rows, by time) whose time is
   * at or after `time`, `end` when none: a binary search reading one time a step.
   */
  private userRowAtOrAfter(start: number, end: number, time: number): number {
    let low = start;
    let high = end;
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      readAt(this.parts.userFd, this.probe, middle * BYTES_PER_TIME);
      if (this.probe[0] < time) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /**
   * A merged read kept to [within.from, within.to): the rows are read a chunk
   * at a time and only those inside the window kept, so what is held grows
   * with the window's rows, not with the users' whole history.
   * @param group users asked for, sorted by start, read as one range ending at `end`
   */
  private readWithin(
    group: readonly UserRange[],
    end: number,
    within: TimeRange,
    result: LoginRows[]
  ): void {
    const { chunkRows } = this.parts.sizes;
    let kept = new Float64Array(0);
    let keptCombo = new Int32Array(0);
    let keptUser = new Int32Array(0);
    let size = 0;
    const keep = (time: number, combo: number, rank: number) => {
      if (size === kept.length) {
        const capacity = Math.max(1024, size * 2);
        const grow = <T extends Float64Array | Int32Array>(array: T, make: (n: number) => T): T => {
          const next = make(capacity);
          next.set(array);
          return next;
        };
        kept = grow(kept, (n) => new Float64Array(n));
        keptCombo = grow(keptCombo, (n) => new Int32Array(n));
        keptUser = grow(keptUser, (n) => new Int32Array(n));
      }
      kept[size] = time;
      keptCombo[size] = combo;
      keptUser[size] = rank;
      size += 1;
    };
    // A user asked for twice is read once (ranges sorted by start: duplicates are neighbours).
    const users = group.filter((one, i) => i === 0 || one.rank !== group[i - 1].rank);
    const firsts = new Int32Array(users.length);
    const lasts = new Int32Array(users.length);
    let member = 0;
    // One pair of chunk buffers for the whole read: no garbage per chunk.
    const { userFd } = this.parts;
    const chunkTime = new Float64Array(Math.min(chunkRows, end - users[0].start));
    const chunkCombo = new Int32Array(chunkTime.length);
    for (let chunk = users[0].start; chunk < end; chunk += chunkRows) {
      const chunkEnd = Math.min(end, chunk + chunkRows);
      const time = chunkTime.subarray(0, chunkEnd - chunk);
      const combo = chunkCombo.subarray(0, chunkEnd - chunk);
      readAt(userFd, time, chunk * BYTES_PER_TIME);
      readAt(userFd, combo, int32At(this.size, 0, chunk));
      for (let row = chunk; row < chunkEnd; row++) {
        while (member < users.length && users[member].end <= row) {
          lasts[member] = size;
          member += 1;
          if (member < users.length) firsts[member] = size;
        }
        if (member === users.length) break;
        if (row < users[member].start) continue;
        const at = time[row - chunk];
        if (at >= within.from && at < within.to) keep(at, combo[row - chunk], users[member].rank);
      }
    }
    for (; member < users.length; member++) {
      lasts[member] = size;
      if (member + 1 < users.length) firsts[member + 1] = size;
    }
    const read = { time: kept, combo: keptCombo, user: keptUser };
    const indexOfRank = new Map(users.map(({ rank }, i) => [rank, i]));
    for (const { position, rank } of group) {
      const i = indexOfRank.get(rank)!;
      result[position] = { ...read, rows: range(firsts[i], lasts[i]) };
    }
  }

  forEachChunk(visit: (rows: LoginRows) => void): void {
    this.assertOpen();
    const { chunkRows } = this.parts.sizes;
    const identity = range(0, Math.min(chunkRows, this.size));
    for (let start = 0; start < this.size; start += chunkRows) {
      const end = Math.min(this.size, start + chunkRows);
      visit({ ...this.readByUser(start, end), rows: identity.subarray(0, end - start) });
    }
  }

  days(calendar: OrgCalendar): LoginDayIndex {
    this.assertOpen();
    let days = this.daysByZone.get(calendar.timeZone);
    if (!days) {
      days = new DiskLoginDays(this, calendar, this.parts.oldest, this.parts.newest);
      this.daysByZone.set(calendar.timeZone, days);
    }
    return days;
  }

  footprint(): { memoryBytes: number; diskBytes: number } {
    this.assertOpen();
    const { userStart, hours, userFd, timeFd } = this.parts;
    let memoryBytes = userStart.byteLength + hours.byteLength() + this.probe.byteLength;
    for (const days of this.daysByZone.values()) memoryBytes += days.byteLength();
    const diskBytes = fs.fstatSync(userFd).size + fs.fstatSync(timeFd).size;
    return { memoryBytes, diskBytes };
  }

  /** Closes and deletes the files; reads afterwards throw. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.parts.folder.remove();
  }

  /** First time-major row whose time is at or after `time` (size when none). */
  rowAtOrAfter(time: number): number {
    this.assertOpen();
    const { hours, start } = this.parts.hours;
    const hour = Math.floor(time / MS_PER_HOUR);
    const slot = this.parts.hours.firstAtOrAfter(hour);
    if (slot === hours.length) return this.size;
    if (hours[slot] > hour || time <= hour * MS_PER_HOUR) return start[slot];
    // `time` falls inside an hour holding rows: binary search that hour's rows.
    let low = start[slot];
    let high = start[slot + 1];
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      readAt(this.parts.timeFd, this.probe, middle * BYTES_PER_TIME);
      if (this.probe[0] < time) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Time-major rows [start, end): time, user and combo, freshly read. */
  readByTime(
    start: number,
    end: number
  ): { time: Float64Array; user: Int32Array; combo: Int32Array } {
    this.assertOpen();
    const { timeFd } = this.parts;
    const count = end - start;
    return {
      time: readTimes(timeFd, start * BYTES_PER_TIME, count),
      user: readIndexes(timeFd, int32At(this.size, 0, start), count),
      combo: readIndexes(timeFd, int32At(this.size, 1, start), count)
    };
  }

  /** By-user rows [start, end): time and combo read, user filled from the users' ranges. */
  private readByUser(
    start: number,
    end: number
  ): { time: Float64Array; user: Int32Array; combo: Int32Array } {
    const { userFd, userStart } = this.parts;
    const count = end - start;
    const time = readTimes(userFd, start * BYTES_PER_TIME, count);
    const combo = readIndexes(userFd, int32At(this.size, 0, start), count);
    const user = new Int32Array(count);
    let rank = this.rankOfRow(start);
    for (let row = start; row < end; rank++) {
      const to = Math.min(end, userStart[rank + 1]);
      user.fill(rank, row - start, to - start);
      row = to;
    }
    return { time, user, combo };
  }

  /** Rank of the user holding by-user row `row` (row < size). */
  private rankOfRow(row: number): number {
    const { userStart } = this.parts;
    let low = 0;
    let high = this.userIds.length - 1;
    // Last rank whose start is <= row and whose range is not empty.
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (userStart[middle] <= row) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  private assertOpen(): void {
    if (this.disposed || this.parts.folder.removed)
      throw new Error('DiskLoginTable read after dispose(): its files are gone');
  }
}

/**
 * The org-local days of a DiskLoginTable (one time zone): a day's rows are a
 * time range of the by-time file, found through the table's hour index.
 */
class DiskLoginDays extends DayStarts implements LoginDayIndex {
  constructor(
    private readonly table: DiskLoginTable,
    calendar: OrgCalendar,
    oldest: number | null,
    newest: number | null
  ) {
    super(calendar, oldest, newest);
  }

  /** The by-time rows of a day, cut to `within`: found through the hour index, none read. */
  private rowRange(day: number, within?: TimeRange): { start: number; end: number } | null {
    const index = day - this.firstDay;
    if (index < 0 || index >= this.dayCount) return null;
    const from = Math.max(this.startOfDay(day), within?.from ?? -Infinity);
    const to = Math.min(this.startOfDay(day + 1), within?.to ?? Infinity);
    if (from >= to) return null;
    return { start: this.table.rowAtOrAfter(from), end: this.table.rowAtOrAfter(to) };
  }

  countOfDay(day: number, within?: TimeRange): number {
    const rows = this.rowRange(day, within);
    return rows ? rows.end - rows.start : 0;
  }

  /** The day's rows (those in `within` when given), users in rank (Id) order, each user's rows by time. */
  rowsOfDay(day: number, within?: TimeRange): LoginRows {
    const rows = this.rowRange(day, within);
    if (!rows || rows.start === rows.end) return NO_LOGIN_ROWS;
    const read = this.table.readByTime(rows.start, rows.end);
    return { ...read, rows: ascendingOrder(Float64Array.from(read.user)) };
  }
}
