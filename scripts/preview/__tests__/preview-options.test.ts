import {
  DEFAULT_PORT,
  parseDemoExportOptions,
  parsePreviewOptions,
  PREVIEW_USAGE
} from '../preview-options';
import { DEFAULT_CACHE_DIR } from '../../orgs/multi-org/org-flags';

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
      policiesEnabled: false,
      targetOrgs: [],
      maxApiShare: 0.75,
      cacheDir: DEFAULT_CACHE_DIR,
      help: false
    });
  });

  it('reads live orgs: --target-org (or -o) repeated, the budget and the cache', () => {
    const options = parsePreviewOptions(
      ['--target-org', 'prod-eu', '-o', 'prod-us', '--max-api-share', '0.5', '--no-cache'],
      {}
    );
    expect(options).toMatchObject({
      targetOrgs: ['prod-eu', 'prod-us'],
      maxApiShare: 0.5,
      cacheDir: null
    });
    expect(PREVIEW_USAGE).toContain('--target-org');
  });

  it('refuses live orgs mixed with the demo org or an export, and bad org flags', () => {
    expect(() => parsePreviewOptions(['-o', 'a', '--data', 'x'], {})).toThrow(
      'cannot be combined with --data'
    );
    expect(() => parsePreviewOptions(['-o', 'a', '--users', '5', '--no-rollups'], {})).toThrow(
      '--users, --no-rollups'
    );
    expect(() => parsePreviewOptions(['-o', 'a', '-o', 'a'], {})).toThrow('given twice');
    expect(() => parsePreviewOptions(['-o', 'a', '--max-api-share', '0'], {})).toThrow(
      '--max-api-share must be'
    );
    expect(() => parsePreviewOptions(['--no-cache'], {})).toThrow('go with --target-org');
  });

  it('switches the reclaim policies on with --policies-enabled, and says so in --help', () => {
    expect(parsePreviewOptions(['--policies-enabled'], {}).policiesEnabled).toBe(true);
    expect(parsePreviewOptions(['--users', '5'], {}).policiesEnabled).toBe(false);
    expect(PREVIEW_USAGE).toContain('--policies-enabled');
    expect(() => parsePreviewOptions(['-o', 'a', '--policies-enabled'], {})).toThrow(
      '--policies-enabled'
    );
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
