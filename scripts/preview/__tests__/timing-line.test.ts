import { timingLine } from '../bench/timing-line';

describe('bench:timing line', () => {
  it('splits a load into server, body and browser time between pages', () => {
    const pages = [
      // Out of order on purpose: Resource Timing lists entries as they finish.
      { start: 900, requestStart: 905, responseStart: 960, responseEnd: 1040, bytes: 2_000_000 },
      { start: 700, requestStart: 702, responseStart: 760, responseEnd: 840, bytes: 2_300_000 }
    ];
    expect(timingLine(100_000, 90, pages, 2_540)).toBe(
      'timing users=100000 window=90 pages=2 first_page_at_ms=700 pages_ms=340 ' +
        'server_ms=113 body_ms=160 browser_ms=60 after_pages_ms=1500 mb=4.3'
    );
  });

  it('refuses a load without user pages', () => {
    expect(() => timingLine(1, 30, [], 0)).toThrow('The load made no getUserPage call.');
  });
});
