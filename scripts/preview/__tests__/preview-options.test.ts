import {
  DEFAULT_PORT,
  parseDemoExportOptions,
  parsePreviewOptions,
  PREVIEW_USAGE
} from '../preview-options';

describe('parsePreviewOptions', () => {
  it('defaults to the demo org of 2,500 users on port 3000', () => {
    expect(parsePreviewOptions([], {})).toEqual({
      port: DEFAULT_PORT,
      users: 2500,
      seed: 42,
      data: null,
      now: null,
      root: null,
      rollups: true,
      help: false
    });
  });

  it("turns the demo org's nightly rollups off with --no-rollups, and says so in --help", () => {
    expect(parsePreviewOptions(['--no-rollups'], {}).rollups).toBe(false);
    expect(parsePreviewOptions(['--users', '5'], {}).rollups).toBe(true);
    expect(PREVIEW_USAGE).toContain('--no-rollups');
    expect(() => parsePreviewOptions(['--no-rollups=yes'], {})).toThrow();
  });

  it('reads PORT, the demo size, seed, now and root', () => {
    const options = parsePreviewOptions(
      ['--users', '10000', '--seed', '7', '--now', '2026-11-23T12:00:00Z', '--root', 'llDashboard'],
      { PORT: '4100' }
    );
    expect(options).toMatchObject({ port: 4100, users: 10000, seed: 7, root: 'llDashboard' });
    expect(options.now).toBe(Date.parse('2026-11-23T12:00:00Z'));
  });

  it('reads an export folder', () => {
    expect(parsePreviewOptions(['--data', 'my-export'], {}).data).toBe('my-export');
  });

  it('explains bad values', () => {
    expect(() => parsePreviewOptions(['--users', 'many'], {})).toThrow(
      '--users must be a whole number'
    );
    expect(() => parsePreviewOptions([], { PORT: '70000' })).toThrow(
      'PORT must be a whole number from 0 to 65535'
    );
    expect(() => parsePreviewOptions(['--now', 'soon'], {})).toThrow(
      '--now must be an ISO instant'
    );
    expect(() => parsePreviewOptions(['--data', 'x', '--users', '5'], {})).toThrow(
      'cannot be combined with --data'
    );
    expect(() => parsePreviewOptions(['--colour'], {})).toThrow();
  });
});

describe('parseDemoExportOptions', () => {
  it('needs --out', () => {
    expect(() => parseDemoExportOptions(['--users', '5'])).toThrow('--out <folder> is required');
    expect(parseDemoExportOptions(['--out', 'x', '--users', '5', '--seed', '3'])).toEqual({
      users: 5,
      seed: 3,
      out: 'x',
      now: null,
      help: false
    });
  });
});
