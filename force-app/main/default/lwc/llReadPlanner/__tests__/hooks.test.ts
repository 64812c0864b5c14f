import { PROGRESS_INTERVAL_MS, throttleProgress } from '../hooks';
import type { ReadProgress } from '../hooks';

describe('throttleProgress', () => {
  const progress = (usersRead: number): ReadProgress => ({
    phase: 'users',
    usersRead,
    daysRead: 0,
    daysTotal: 90,
    calls: 1
  });

  it('shows the first progress, then at most one per interval', () => {
    let clock = 1_000;
    const shown: number[] = [];
    const report = throttleProgress(
      (p) => shown.push(p.usersRead),
      PROGRESS_INTERVAL_MS,
      () => clock
    );
    report(progress(2_000));
    clock += 80;
    report(progress(4_000));
    clock += 80;
    report(progress(6_000));
    clock += PROGRESS_INTERVAL_MS - 160;
    report(progress(8_000));
    clock += 1;
    report(progress(10_000));
    expect(shown).toEqual([2_000, 8_000]);
  });

  it('shows every progress when they come further apart than the interval', () => {
    let clock = 0;
    const shown: number[] = [];
    const report = throttleProgress(
      (p) => shown.push(p.usersRead),
      100,
      () => clock
    );
    for (const read of [1, 2, 3]) {
      report(progress(read));
      clock += 100;
    }
    expect(shown).toEqual([1, 2, 3]);
  });
});
