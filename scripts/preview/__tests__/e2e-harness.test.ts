import { onlyOption, selectChecks, type Check } from '../e2e/harness';

const check = (name: string): Check => ({ name, run: async () => undefined });
const CHECKS = [check('KPI tiles equal the KPIs'), check('reclaim policy: created in the editor')];

describe('the browser tests filter (npm run test:e2e -- --only <text>)', () => {
  it('keeps every check without a filter, and those whose name contains the text with one', () => {
    expect(selectChecks(CHECKS, null)).toEqual(CHECKS);
    expect(selectChecks(CHECKS, 'RECLAIM').map((c) => c.name)).toEqual([
      'reclaim policy: created in the editor'
    ]);
  });

  it('names every check when nothing matches, instead of passing with none run', () => {
    expect(() => selectChecks(CHECKS, 'nothing like it')).toThrow(
      /No browser test name contains "nothing like it"[\s\S]*KPI tiles equal the KPIs/
    );
  });

  it('reads --only before E2E_ONLY, and refuses --only without text', () => {
    expect(onlyOption(['--only', 'reclaim'], { E2E_ONLY: 'KPI' })).toBe('reclaim');
    expect(onlyOption([], { E2E_ONLY: ' KPI ' })).toBe('KPI');
    expect(onlyOption([], {})).toBeNull();
    expect(onlyOption([], { E2E_ONLY: '  ' })).toBeNull();
    expect(() => onlyOption(['--only'], {})).toThrow('--only needs part of a test name');
    expect(() => onlyOption(['--only', '--help'], {})).toThrow('--only needs');
  });
});
