/**
 * DiskLoginTable against plain JS over the same rows: every read (per user, per
 * page of users, per org-local day, as a whole) returns the rows a scan of the
 * row list finds, with chunk sizes shrunk so the build's buckets, merged reads
 * and in-hour searches all run; a build of many buckets writes the same files
 * as a build of one, reading the spool once; memory does not grow with the
 * rows, and the files go with dispose().
 */
import { mulberry32 } from '../demo-org/prng';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createOrgCalendar } from '../../../force-app/main/default/lwc/llAnalytics/time';
import {
  ascendingOrder,
  DiskLoginTable,
  DiskLoginTableBuilder,
  removeScratchFolders,
  type DiskLoginTableOptions
} from '../data/disk-login-table';
import type { LoginRows, LoginTable, LoginTableSink } from '../data/login-store';
import { LoginTableBuilder } from '../data/login-table';
import { OrgDataBuilder } from '../data/org-data';
import type { LoginHistoryRow } from '../data/schemas';

const HOUR = 3_600_000;
/** 2026-01-20T00:00:00Z: 200 days from here cross both US DST changes of 2026. */
const START = Date.parse('2026-01-20T00:00:00.000Z');
const SPAN_DAYS = 200;
const ZONES = ['America/Los_Angeles', 'UTC', 'Asia/Kolkata'];
/** Small chunks: many buckets and buffer writes, merged ranges and hour searches on a few thousand rows. */
const SMALL: DiskLoginTableOptions = {
  chunkRows: 16,
  bucketRows: 64,
  partitionBufferRows: 32,
  mergeGapRows: 8
};

const COMBOS = [
  { loginType: 'Application', loginSubType: null, status: 'Success', application: 'Browser' },
  { loginType: 'Application', loginSubType: null, status: 'Invalid Password', application: null },
  { loginType: 'Remote Access 2.0', loginSubType: 'OAuth', status: 'Success', application: null },
  {
    loginType: 'SAML Sfdc Initiated SSO',
    loginSubType: null,
    status: 'Success',
    application: null
  },
  { loginType: 'Application', loginSubType: 'Web', status: 'Success', application: 'Browser' }
];

/** Seeded PRNG: the same rows on every run. */
const random = mulberry32;

/** User Ids whose arrival order differs from their Id order. */
function userIds(count: number): string[] {
  return Array.from(
    { length: count },
    (_, i) => `005${String((i * 7919) % 1000).padStart(15, '0')}`
  );
}

/**
 * Random rows of `users` users over SPAN_DAYS days; some users log in a lot,
 * one never after the first rows; some rows fall exactly on local midnights
 * and UTC hours (the edges of a day's range).
 */
function randomRows(seed: number, count: number, users: number): LoginHistoryRow[] {
  const next = random(seed);
  const ids = userIds(users);
  const kolkata = createOrgCalendar('Asia/Kolkata');
  const losAngeles = createOrgCalendar('America/Los_Angeles');
  return Array.from({ length: count }, (_, i) => {
    const heavy = next() < 0.4;
    const user = heavy ? Math.floor(next() * 3) : Math.floor(next() * users);
    let loginTime = START + Math.floor(next() * SPAN_DAYS * 24 * HOUR);
    const edge = next();
    if (edge < 0.05) loginTime = kolkata.startOfDay(kolkata.dayNumber(loginTime));
    else if (edge < 0.1) loginTime = losAngeles.startOfDay(losAngeles.dayNumber(loginTime));
    else if (edge < 0.15) loginTime = Math.floor(loginTime / HOUR) * HOUR;
    return { userId: ids[i < users ? i : user], loginTime, ...COMBOS[Math.floor(next() * 5)] };
  });
}

function build(rows: readonly LoginHistoryRow[], options: DiskLoginTableOptions): DiskLoginTable {
  const builder = new DiskLoginTableBuilder(options);
  for (const row of rows) builder.add(row);
  return builder.build();
}

/** A row as plain text, for multiset comparisons. */
function rowKey(userId: string, loginTime: number, combo: object): string {
  return `${userId} ${loginTime} ${JSON.stringify(combo)}`;
}

function inputKeys(rows: readonly LoginHistoryRow[]): string[] {
  return rows
    .map(({ userId, loginTime, ...combo }) =>
      rowKey(userId, loginTime, {
        loginType: combo.loginType,
        loginSubType: combo.loginSubType,
        status: combo.status,
        application: combo.application
      })
    )
    .sort();
}

/** The rows of a read, in read order, as plain text. */
function readKeys(table: LoginTable, read: LoginRows): string[] {
  return Array.from(read.rows, (row) =>
    rowKey(table.userIds[read.user[row]], read.time[row], table.combos[read.combo[row]])
  );
}

/** Whether each user's rows form one run (a user seen again after another user fails). */
function groupedByUser(read: LoginRows): boolean {
  const done = new Set<number>();
  for (let i = 0; i < read.rows.length; i++) {
    const user = read.user[read.rows[i]];
    if (i > 0 && user !== read.user[read.rows[i - 1]]) {
      if (done.has(user)) return false;
      done.add(read.user[read.rows[i - 1]]);
    }
  }
  return true;
}

function groupBy<T>(
  items: readonly T[],
  key: (item: T) => string | number
): Map<string | number, T[]> {
  const groups = new Map<string | number, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

describe.each([
  ['small chunks', SMALL],
  ['default chunks', {}]
])('DiskLoginTable with %s', (_, options) => {
  const rows = randomRows(14, 3000, 40);
  let table: DiskLoginTable;

  beforeAll(() => {
    table = build(rows, options);
  });
  afterAll(() => table.dispose());

  it('holds every row once, users ranked by Id', () => {
    expect(table.size).toBe(rows.length);
    expect(table.userIds).toEqual([...new Set(rows.map((row) => row.userId))].sort());
    expect(table.newestTime()).toBe(Math.max(...rows.map((row) => row.loginTime)));
    const seen: string[] = [];
    let largest = 0;
    table.forEachChunk((read) => {
      largest = Math.max(largest, read.rows.length);
      seen.push(...readKeys(table, read));
    });
    expect(seen.sort()).toEqual(inputKeys(rows));
    expect(largest).toBeLessThanOrEqual(options.chunkRows ?? 65_536);
  });

  it("reads each user's rows, and nothing for an unknown user", () => {
    const byUser = groupBy(rows, (row) => row.userId);
    for (const [userId, own] of byUser) {
      const read = table.rowsOfUser(userId as string);
      expect(readKeys(table, read).sort()).toEqual(inputKeys(own));
    }
    expect(table.rowsOfUser('005000000000000UNKNOWN').rows).toHaveLength(0);
  });

  it('reads pages of users in the order asked, duplicates and unknown users included', () => {
    const byUser = groupBy(rows, (row) => row.userId);
    const next = random(7);
    for (let page = 0; page < 20; page++) {
      const asked = Array.from({ length: 1 + Math.floor(next() * 12) }, () =>
        next() < 0.1 ? '005UNKNOWN' : table.userIds[Math.floor(next() * table.userIds.length)]
      );
      const reads = table.rowsOfUsers(asked);
      expect(reads).toHaveLength(asked.length);
      asked.forEach((userId, i) => {
        expect(readKeys(table, reads[i]).sort()).toEqual(inputKeys(byUser.get(userId) ?? []));
      });
    }
  });

  it('keeps a page read to a time window: only the rows inside it, per user, duplicates included', () => {
    const byUser = groupBy(rows, (row) => row.userId);
    const times = rows.map((row) => row.loginTime).sort((a, b) => a - b);
    const next = random(11);
    for (let page = 0; page < 20; page++) {
      const asked = Array.from({ length: 1 + Math.floor(next() * 15) }, () =>
        next() < 0.1 ? '005UNKNOWN' : table.userIds[Math.floor(next() * table.userIds.length)]
      );
      const [a, b] = [next(), next()].map((share) => times[Math.floor(share * times.length)]);
      const within = { from: Math.min(a, b), to: Math.max(a, b) };
      const reads = table.rowsOfUsers(asked, within);
      expect(reads).toHaveLength(asked.length);
      // Counted without the read, each entry as often as it is asked: the rows the read keeps.
      expect(table.countOfUsers(asked, within)).toBe(
        reads.reduce((sum, read) => sum + read.rows.length, 0)
      );
      asked.forEach((userId, i) => {
        const inside = (byUser.get(userId) ?? []).filter(
          (row) => row.loginTime >= within.from && row.loginTime < within.to
        );
        expect(readKeys(table, reads[i]).sort()).toEqual(inputKeys(inside));
      });
      // What the read holds is the window's rows, not the users' whole history.
      for (const read of reads) {
        const used = read.rows.length ? Math.max(...read.rows) + 1 : 0;
        for (const at of read.time.subarray(0, used)) {
          expect(at >= within.from && at < within.to).toBe(true);
        }
      }
    }
  });

  it('reads a page of users in one read when their rows lie together', () => {
    const reads = table.rowsOfUsers(table.userIds);
    expect(new Set(reads.map((read) => read.time)).size).toBe(1);
    expect(reads[0].time).toHaveLength(rows.length);
  });

  it.each(ZONES)('finds the days, their counts and rows in %s as the calendar does', (zone) => {
    const calendar = createOrgCalendar(zone);
    const days = table.days(calendar);
    const times = rows.map((row) => row.loginTime);
    const firstDay = calendar.dayNumber(Math.min(...times));
    expect(days.firstDay).toBe(firstDay);
    expect(days.dayCount).toBe(calendar.dayNumber(Math.max(...times)) - firstDay + 1);
    expect(table.days(calendar)).toBe(days);
    for (const time of times) expect(days.dayOf(time)).toBe(calendar.dayNumber(time));
    const byDay = groupBy(rows, (row) => calendar.dayNumber(row.loginTime));
    for (let day = firstDay - 2; day <= firstDay + days.dayCount + 1; day++) {
      expect(days.startOfDay(day)).toBe(calendar.startOfDay(day));
      const expected = byDay.get(day) ?? [];
      expect(days.countOfDay(day)).toBe(expected.length);
      const read = days.rowsOfDay(day);
      expect(readKeys(table, read).sort()).toEqual(inputKeys(expected));
      expect(groupedByUser(read)).toBe(true);
    }
  });

  it.each(ZONES)('counts and reads the part of a day within a time range in %s', (zone) => {
    const calendar = createOrgCalendar(zone);
    const memory = new LoginTableBuilder();
    for (const row of rows) memory.add(row);
    const tables: LoginTable[] = [table, memory.build()];
    const first = table.days(calendar).firstDay;
    for (let day = first - 1; day <= first + table.days(calendar).dayCount; day++) {
      const dayStart = calendar.startOfDay(day);
      // Cuts off whole hours and inside hours, and a range reaching past the day on both sides.
      for (const within of [
        { from: dayStart + 30 * 60_000 + 17_000, to: dayStart + 13 * HOUR + 1 },
        { from: dayStart - HOUR, to: dayStart + 2 * HOUR },
        { from: dayStart + 5 * HOUR, to: dayStart + 30 * HOUR },
        { from: dayStart + 4 * HOUR, to: dayStart + 4 * HOUR }
      ]) {
        const expected = rows.filter(
          (row) =>
            calendar.dayNumber(row.loginTime) === day &&
            row.loginTime >= within.from &&
            row.loginTime < within.to
        );
        for (const one of tables) {
          const days = one.days(calendar);
          expect(days.countOfDay(day, within)).toBe(expected.length);
          const read = days.rowsOfDay(day, within);
          expect(readKeys(one, read).sort()).toEqual(inputKeys(expected));
          expect(groupedByUser(read)).toBe(true);
        }
      }
    }
  });
});

describe('DiskLoginTable memory and files', () => {
  /** Rows of 50 users, every UTC hour of 3 days covered whatever the count. */
  function steadyRows(count: number): LoginHistoryRow[] {
    const next = random(count);
    const ids = userIds(50);
    return Array.from({ length: count }, (_, i) => ({
      userId: ids[i % 50],
      loginTime: START + (i % 72) * HOUR + Math.floor(next() * HOUR),
      ...COMBOS[i % 5]
    }));
  }

  it('holds the same memory for 10x the rows of the same users, the rows on disk', () => {
    const footprints = [2_000, 20_000].map((count) => {
      const table = build(steadyRows(count), { chunkRows: 256, bucketRows: 1024 });
      table.days(createOrgCalendar('America/Los_Angeles'));
      const footprint = table.footprint();
      table.dispose();
      return footprint;
    });
    expect(footprints[1].memoryBytes).toBe(footprints[0].memoryBytes);
    // 12 bytes a row by user (time, combo), 16 by time (time, user, combo).
    expect(footprints.map((f) => f.diskBytes)).toEqual([2_000 * 28, 20_000 * 28]);
  });

  it('deletes its files on dispose(), and reads afterwards throw', () => {
    const table = build(steadyRows(500), SMALL);
    expect(fs.readdirSync(table.directory).sort()).toEqual(['by-time.bin', 'by-user.bin']);
    table.dispose();
    expect(fs.existsSync(table.directory)).toBe(false);
    expect(() => table.rowsOfUser(table.userIds[0])).toThrow(/after dispose/);
    table.dispose();
  });

  it('deletes a discarded reading: builder dispose() removes its spool', () => {
    const builder = new DiskLoginTableBuilder(SMALL);
    for (const row of steadyRows(100)) builder.add(row);
    expect(builder.rowCount).toBe(100);
    const directory = builder.directory as string;
    expect(fs.existsSync(directory)).toBe(true);
    builder.dispose();
    expect(fs.existsSync(directory)).toBe(false);
    expect(() => builder.build()).toThrow(/after dispose/);
  });

  it('makes no scratch folder before its first row: a pull that fails leaves nothing behind', () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'disk-login-parent-'));
    const idle = new DiskLoginTableBuilder({ ...SMALL, parentDirectory: parent });
    expect(idle.directory).toBeNull();
    idle.dispose();
    // A pull's OrgDataBuilder: its sink of kept logins exists from the start; the pull fails
    // (login expired, same org twice) before LoginHistory, or discards the reading.
    const org = new OrgDataBuilder({
      loginSink: () => new DiskLoginTableBuilder({ ...SMALL, parentDirectory: parent })
    });
    org.addRecords('UserLicense', []);
    const reading = org.beginObject('LoginHistory');
    reading.add({
      Id: '0Ya000000000001AAA',
      UserId: '005000000000001AAA',
      LoginTime: '2026-03-01T10:00:00.000Z',
      LoginType: 'Application',
      Status: 'Success'
    });
    expect(fs.readdirSync(parent)).toHaveLength(1);
    reading.discard();
    expect(fs.readdirSync(parent)).toEqual([]);
    fs.rmdirSync(parent);
  });

  it('deletes the copy of a committed reading even when adding it to the kept logins fails', () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'disk-login-parent-'));
    const failing: LoginTableSink = {
      rowCount: 1,
      add: () => undefined,
      reserve: () => undefined,
      addTable: () => {
        throw new Error('disk full');
      },
      build: () => {
        throw new Error('not built');
      },
      dispose: () => undefined
    };
    let sinks = 0;
    const org = new OrgDataBuilder({
      loginSink: () =>
        sinks++ === 0 ? failing : new DiskLoginTableBuilder({ ...SMALL, parentDirectory: parent })
    });
    const reading = org.beginObject('LoginHistory');
    reading.add({
      Id: '0Ya000000000001AAA',
      UserId: '005000000000001AAA',
      LoginTime: '2026-03-01T10:00:00.000Z',
      LoginType: 'Application',
      Status: 'Success'
    });
    expect(() => reading.commit()).toThrow(/disk full/);
    expect(fs.readdirSync(parent)).toEqual([]);
    fs.rmdirSync(parent);
  });

  it('removeScratchFolders deletes the files of tables and builders not disposed', () => {
    const table = build(steadyRows(100), SMALL);
    const builder = new DiskLoginTableBuilder(SMALL);
    builder.add(steadyRows(1)[0]);
    const folders = [table.directory, builder.directory as string];
    expect(folders.map((folder) => fs.existsSync(folder))).toEqual([true, true]);
    removeScratchFolders();
    expect(folders.map((folder) => fs.existsSync(folder))).toEqual([false, false]);
    // Their file numbers may belong to other files now: no read or write may follow.
    expect(() => table.rowsOfUser(table.userIds[0])).toThrow(/after dispose/);
    expect(() => builder.add(steadyRows(1)[0])).toThrow(/scratch files were removed/);
    table.dispose();
    builder.dispose();
  });

  it('makes its folder under parentDirectory', () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'disk-login-parent-'));
    const table = build(steadyRows(10), { parentDirectory: parent });
    expect(path.dirname(table.directory)).toBe(parent);
    table.dispose();
    expect(fs.readdirSync(parent)).toEqual([]);
    fs.rmdirSync(parent);
  });
});

describe('DiskLoginTable.rowsOfUsers', () => {
  it('reads at most twice the rows asked for, however the users asked for are spread', () => {
    // Users in Id order: 1 row, then mergeGapRows rows, then 1 row, ...; every other user asked for.
    const rows: LoginHistoryRow[] = [];
    for (let user = 0; user < 40; user++) {
      const count = user % 2 === 0 ? 1 : (SMALL.mergeGapRows as number);
      for (let i = 0; i < count; i++) {
        rows.push({
          userId: `005${String(user).padStart(15, '0')}`,
          loginTime: START + (user * 10 + i) * HOUR,
          ...COMBOS[i % 5]
        });
      }
    }
    const table = build(rows, SMALL);
    const asked = table.userIds.filter((_, rank) => rank % 2 === 0);
    const reads = table.rowsOfUsers(asked);
    asked.forEach((userId, i) => {
      expect(readKeys(table, reads[i]).sort()).toEqual(
        inputKeys(rows.filter((row) => row.userId === userId))
      );
    });
    const rowsRead = [...new Set(reads.map((read) => read.time))].reduce(
      (sum, time) => sum + time.length,
      0
    );
    expect(rowsRead).toBeLessThanOrEqual(2 * asked.length);
    table.dispose();
  });
});

describe('DiskLoginTableBuilder', () => {
  it('builds an empty table', () => {
    const table = new DiskLoginTableBuilder(SMALL).build();
    expect(table.size).toBe(0);
    expect(table.newestTime()).toBeNull();
    const days = table.days(createOrgCalendar('UTC'));
    expect([days.firstDay, days.dayCount, days.countOfDay(0)]).toEqual([0, 0, 0]);
    expect(days.rowsOfDay(0).rows).toHaveLength(0);
    const visits: LoginRows[] = [];
    table.forEachChunk((read) => visits.push(read));
    expect(visits).toEqual([]);
    expect(table.rowsOfUsers(['005A'])[0].rows).toHaveLength(0);
    table.dispose();
  });

  it('refuses a second build() and rows after build()', () => {
    const builder = new DiskLoginTableBuilder(SMALL);
    builder.add(randomRows(1, 1, 1)[0]);
    const table = builder.build();
    expect(() => builder.build()).toThrow(/build\(\) after build\(\)/);
    expect(() => builder.add(randomRows(2, 1, 1)[0])).toThrow(/add\(\) after build\(\)/);
    builder.dispose();
    expect(table.rowsOfUser(table.userIds[0]).rows).toHaveLength(1);
    table.dispose();
  });

  it('refuses a LoginTime that is not an instant', () => {
    const builder = new DiskLoginTableBuilder(SMALL);
    expect(() => builder.add({ ...randomRows(1, 1, 1)[0], loginTime: NaN })).toThrow(/instant/);
    builder.dispose();
  });

  it('copies another DiskLoginTable with addTable, next to rows of its own', () => {
    const first = randomRows(21, 800, 30);
    const second = randomRows(22, 300, 45);
    const source = build(first, SMALL);
    const builder = new DiskLoginTableBuilder(SMALL);
    for (const row of second) builder.add(row);
    builder.addTable(source);
    expect(builder.rowCount).toBe(first.length + second.length);
    const copy = builder.build();
    const seen: string[] = [];
    copy.forEachChunk((read) => seen.push(...readKeys(copy, read)));
    expect(seen.sort()).toEqual(inputKeys([...first, ...second]));
    expect(copy.combos.length).toBe(new Set(copy.combos.map((c) => JSON.stringify(c))).size);
    source.dispose();
    copy.dispose();
  });
});

describe('DiskLoginTableBuilder.build', () => {
  /** What a build wrote, and what it read and opened on the way. */
  function measuredBuild(rows: readonly LoginHistoryRow[], options: DiskLoginTableOptions) {
    const builder = new DiskLoginTableBuilder(options);
    for (const row of rows) builder.add(row);
    // The fs module object itself: the `fs` import above is a copy whose properties cannot be spied on.
    const nodeFs = jest.requireActual<typeof fs>('node:fs');
    const reads = jest.spyOn(nodeFs, 'readSync');
    const opens = jest.spyOn(nodeFs, 'openSync');
    let table: DiskLoginTable;
    let bytesRead = 0;
    let opened: string[] = [];
    try {
      table = builder.build();
      bytesRead = reads.mock.results.reduce((sum, result) => sum + Number(result.value), 0);
      opened = opens.mock.calls.map(([file]) => path.basename(String(file)));
    } finally {
      // mockRestore() also forgets the calls: read them first.
      reads.mockRestore();
      opens.mockRestore();
    }
    const files = [DiskLoginTable.BY_USER_FILE, DiskLoginTable.BY_TIME_FILE].map((file) =>
      fs.readFileSync(path.join(table.directory, file))
    );
    table.dispose();
    return { bytesRead, opened, files };
  }

  it('writes the same files from many buckets as from one, reading the spool once', () => {
    // Heavy users above bucketRows, rows on the same instant, 200 days of hours.
    const rows = randomRows(31, 4000, 60);
    const one = measuredBuild(rows, { chunkRows: 4096, bucketRows: rows.length });
    // Dozens of buckets by user and by time, each buffer 8 rows: many writes per bucket.
    const many = measuredBuild(rows, { chunkRows: 16, bucketRows: 64, partitionBufferRows: 8 });
    expect(many.files[0].equals(one.files[0])).toBe(true);
    expect(many.files[1].equals(one.files[1])).toBe(true);
    // However many buckets: the spool read once (16 bytes a row), the partition once (by user, by time).
    expect(many.bytesRead).toBe(one.bytesRead);
    expect(one.bytesRead).toBe((16 + 2 * 16) * rows.length);
    // One file per step, never one per bucket.
    expect(many.opened).toEqual(one.opened);
    expect(many.opened).toEqual(['partition.bin', 'by-user.bin', 'by-time.bin']);
  });
});

describe('ascendingOrder', () => {
  function plainOrder(values: number[]): number[] {
    return values.map((_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
  }

  it.each([
    ['packed keys (integers, small span)', (next: () => number) => Math.floor(next() * 50)],
    ['a comparator (fractions)', (next: () => number) => next() * 50],
    ['a comparator (a span near 2^53)', (next: () => number) => (next() < 0.5 ? 0 : 2 ** 52)]
  ])('sorts stably with %s', (_, value) => {
    const next = random(3);
    const values = Array.from({ length: 1000 }, () => value(next));
    expect(Array.from(ascendingOrder(Float64Array.from(values)))).toEqual(plainOrder(values));
  });
});

describe('DiskLoginTable scratch folders when the process ends', () => {
  it.each([
    ['exits normally', 'process.exit(0)', 0],
    ['is stopped by Ctrl-C (the CLIs exit with 130)', "process.kill(process.pid, 'SIGINT')", 130]
  ])(
    'removes them when the process %s',
    (_how, ending, code) => {
      const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'll-disk-exit-'));
      const module = path.join(__dirname, '../data/disk-login-table.ts');
      const script = `
      const { DiskLoginTableBuilder } = require(${JSON.stringify(module)});
      process.once('SIGINT', () => process.exit(130));
      const builder = new DiskLoginTableBuilder({ parentDirectory: ${JSON.stringify(parent)} });
      const row = { userId: '005000000000001AAA', loginTime: Date.now(), loginType: 'Application',
        loginSubType: null, status: 'Success', application: 'Browser' };
      builder.add(row);
      const table = builder.build();
      builder.dispose();
      const other = new DiskLoginTableBuilder({ parentDirectory: ${JSON.stringify(parent)} });
      other.add(row);
      process.stdout.write(String(require('fs').readdirSync(${JSON.stringify(parent)}).length + table.size));
      ${ending};
      setTimeout(() => undefined, 10000);
    `;
      const result = spawnSync(
        process.execPath,
        ['-r', 'ts-node/register/transpile-only', '-e', script],
        {
          encoding: 'utf8',
          env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' }
        }
      );
      // Two folders (a built table, a builder still collecting) and one row existed before the end.
      expect(result.stdout).toBe('3');
      expect(result.status).toBe(code);
      expect(fs.readdirSync(parent)).toEqual([]);
      fs.rmSync(parent, { recursive: true, force: true });
    },
    30_000
  );
});
