import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { benchSize, DEFAULT_RUNS, DEFAULT_SIZES, parseBenchArgs } from '../analytics-bench';
import { buildSyntheticOrg, createRandom } from '../synthetic-org';

const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');
const LINE = /^analytics users=(\d+) ms=\d+(\.\d+)? mb=\d+(\.\d+)?$/;

describe('parseBenchArgs', () => {
  it('defaults to 1k, 10k, 100k and 1M users, median of 5', () => {
    expect(parseBenchArgs([])).toEqual({ sizes: DEFAULT_SIZES, runs: DEFAULT_RUNS });
    expect(DEFAULT_SIZES).toEqual([1_000, 10_000, 100_000, 1_000_000]);
    expect(DEFAULT_RUNS).toBe(5);
  });

  it('reads sizes and runs, and names a bad argument', () => {
    expect(parseBenchArgs(['--sizes=200,1_000', '--runs=3'])).toEqual({
      sizes: [200, 1000],
      runs: 3
    });
    expect(() => parseBenchArgs(['--sizes=0'])).toThrow(
      '--sizes needs positive whole numbers, got "0"'
    );
    expect(() => parseBenchArgs(['--runs=two'])).toThrow('--runs needs positive whole numbers');
    expect(() => parseBenchArgs(['--fast'])).toThrow('Unknown argument "--fast"');
  });
});

describe('buildSyntheticOrg', () => {
  it('is deterministic and shaped like the controller contract', () => {
    const first = buildSyntheticOrg(50, 3);
    const second = buildSyntheticOrg(50, 3);
    expect(second).toEqual(first);
    expect(first.users).toHaveLength(50);
    expect(new Set(first.users.map((user) => user.id)).size).toBe(50);
    expect(first.users.every((user) => user.username.endsWith('@example.com'))).toBe(true);
    const ids = new Set(first.users.map((user) => user.id));
    expect(first.loginGroups.every((group) => ids.has(group.userId))).toBe(true);
    expect(first.seats.every((seat) => seat.free === seat.total - seat.used)).toBe(true);
    expect(buildSyntheticOrg(50, 4)).not.toEqual(first);
  });

  it('draws from a seeded generator in [0, 1)', () => {
    const draw = createRandom(9);
    const values = Array.from({ length: 1000 }, draw);
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(Array.from({ length: 1000 }, createRandom(9))).toEqual(values);
  });
});

describe('benchSize', () => {
  it('prints one line in the agreed format', () => {
    const line = benchSize(300, 2, () => undefined);
    expect(line).toMatch(LINE);
    expect(LINE.exec(line)?.[1]).toBe('300');
  });
});

describe('npm run bench', () => {
  it('prints exactly one line per size', () => {
    const output = execFileSync(
      process.execPath,
      [
        require.resolve('ts-node/dist/bin'),
        '--prefer-ts-exts',
        'scripts/bench/analytics-bench.ts',
        '--sizes=100,200',
        '--runs=1'
      ],
      { cwd: PROJECT_ROOT, encoding: 'utf8' }
    );
    const lines = output.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^analytics users=100 /);
    expect(lines[1]).toMatch(/^analytics users=200 /);
    for (const line of lines) expect(line).toMatch(LINE);
  }, 60_000);
});
