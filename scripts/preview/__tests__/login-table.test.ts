/**
 * LoginTableBuilder's sizing: a reservation (a COUNT() of the rows to come)
 * sizes the columns once, so they never double and build() keeps them instead
 * of copying; the table is the same as one built without a reservation, and so
 * are the dashboard's figures over it.
 */
import { loadDemoOrg } from '../demo-org/load-demo-org';
import { LoginTableBuilder, MemoryLoginTable } from '../data/login-table';
import { inMemory } from './in-memory';
import type { LoginHistoryRow } from '../data/schemas';
import { readOrgMetadata } from '../controller/custom-metadata';
import { LocalController } from '../controller/local-controller';
import { FIXTURE_METADATA } from './helpers';

const NOW = Date.parse('2026-11-23T20:00:00.000Z');
const MINUTE = 60_000;

function rows(count: number): LoginHistoryRow[] {
  return Array.from({ length: count }, (_, i) => ({
    userId: `005${String(i % 37).padStart(15, '0')}`,
    loginTime: NOW - (i + 1) * 7 * MINUTE,
    loginType: i % 5 === 0 ? 'Remote Access 2.0' : 'Application',
    loginSubType: null,
    status: i % 11 === 0 ? 'Invalid Password' : 'Success',
    application: i % 3 === 0 ? 'Browser' : null
  }));
}

function build(input: readonly LoginHistoryRow[], builder: LoginTableBuilder): MemoryLoginTable {
  for (const row of input) builder.add(row);
  return builder.build();
}

/** Everything a reader of the table can see, as plain values. */
function contents(table: MemoryLoginTable) {
  return {
    size: table.size,
    time: [...table.time],
    user: [...table.user],
    combo: [...table.combo],
    userIds: [...table.userIds],
    combos: table.combos.map((combo) => ({ ...combo })),
    rowsOfUser: table.userIds.map((id) => [...table.rowIndexesOfUser(id)]),
    newest: table.newestTime()
  };
}

describe('LoginTableBuilder sizing', () => {
  it('doubles its columns without a reservation (an export file of unknown length)', () => {
    const builder = new LoginTableBuilder();
    expect(builder.capacity).toBe(1024);
    for (const row of rows(1025)) builder.add(row);
    expect(builder.capacity).toBe(2048);
  });

  it('sizes the columns once from a reservation and keeps them in the table, uncopied', () => {
    const input = rows(5000);
    const builder = new LoginTableBuilder();
    builder.reserve(input.length);
    expect(builder.capacity).toBe(5000);
    const table = build(input, builder);
    expect(builder.capacity).toBe(5000);
    // 8 bytes a time, 4 a user index, 4 a combination index: no spare row.
    expect(table.time.buffer.byteLength).toBe(5000 * 8);
    expect(table.user.buffer.byteLength).toBe(5000 * 4);
    expect(table.combo.buffer.byteLength).toBe(5000 * 4);
    expect(table.size).toBe(5000);
  });

  it('builds the same table, with or without a reservation, and the reservation from the constructor', () => {
    const input = rows(3000);
    const plain = contents(build(input, new LoginTableBuilder()));
    const reserved = new LoginTableBuilder();
    reserved.reserve(3000);
    expect(contents(build(input, reserved))).toEqual(plain);
    expect(contents(build(input, new LoginTableBuilder(3000)))).toEqual(plain);
    // A reservation made halfway (the rows of a cache, then a COUNT() of the rest).
    const halfway = new LoginTableBuilder();
    input.slice(0, 1200).forEach((row) => halfway.add(row));
    halfway.reserve(3000);
    input.slice(1200).forEach((row) => halfway.add(row));
    expect(halfway.capacity).toBe(3000);
    expect(contents(halfway.build())).toEqual(plain);
  });

  it('grows by an eighth, not twice, past a reservation (logins that arrived after the COUNT())', () => {
    const builder = new LoginTableBuilder();
    builder.reserve(20_000);
    for (const row of rows(20_001)) builder.add(row);
    expect(builder.capacity).toBe(22_500);
    const table = builder.build();
    expect(table.size).toBe(20_001);
    // 2,499 spare rows of 20,001 are under an eighth: kept, not copied.
    expect(table.time.buffer.byteLength).toBe(22_500 * 8);
  });

  it('copies the rows away when the spare capacity is large (a COUNT() that overshot)', () => {
    const builder = new LoginTableBuilder(10_000);
    const table = build(rows(4000), builder);
    expect(table.time.buffer.byteLength).toBe(4000 * 8);
    expect(table.size).toBe(4000);
  });

  it('never lets rows added after build() into the built table', () => {
    const input = rows(100);
    const builder = new LoginTableBuilder(101);
    const table = build(input.slice(0, 100), builder);
    const before = contents(table);
    builder.add({ ...input[0], loginTime: NOW });
    builder.add({ ...input[1], loginTime: NOW });
    expect(contents(table)).toEqual(before);
    expect(builder.build().size).toBe(102);
  });

  it('ignores a reservation below what it holds', () => {
    const builder = new LoginTableBuilder();
    for (const row of rows(10)) builder.add(row);
    builder.reserve(5);
    expect(builder.capacity).toBe(1024);
    expect(builder.build().size).toBe(10);
  });

  it('gives the dashboard the same figures from a reserved table as from a doubled one', () => {
    const demo = loadDemoOrg({ users: 120, seed: 3, now: NOW });
    const copy = (reserve: boolean): MemoryLoginTable => {
      const source = inMemory(demo.logins);
      const builder = reserve ? new LoginTableBuilder(source.size) : new LoginTableBuilder();
      for (let row = 0; row < source.size; row++) {
        builder.add({
          userId: source.userIds[source.user[row]],
          loginTime: source.time[row],
          ...source.combos[source.combo[row]]
        });
      }
      return builder.build();
    };
    const doubled = copy(false);
    const reserved = copy(true);
    expect(reserved.time.buffer.byteLength).toBe(reserved.size * 8);
    expect(doubled.size).toBe(demo.logins.size);
    const metadata = readOrgMetadata(FIXTURE_METADATA);
    const figures = (logins: MemoryLoginTable) => {
      const controller = new LocalController({
        data: { ...demo, logins },
        metadata,
        clock: () => NOW,
        rollups: false
      });
      const pages = [];
      let after: string | null = null;
      do {
        const page = controller.getUserPage({ afterUserId: after, pageSize: 50, windowDays: 90 });
        pages.push(page);
        after = page.nextAfterUserId;
      } while (after !== null);
      return { pages, trend: controller.getLoginTrend({ windowDays: 90 }) };
    };
    const fromDoubled = figures(doubled);
    expect(fromDoubled.trend.tooBig).toBe(false);
    expect(fromDoubled.trend.daily.length).toBeGreaterThan(0);
    expect(fromDoubled.pages.some((page) => page.loginCounts.logins.length > 0)).toBe(true);
    expect(figures(reserved)).toEqual(fromDoubled);
  });
});
