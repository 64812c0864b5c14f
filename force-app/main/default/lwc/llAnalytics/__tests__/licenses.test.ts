import { toLicenseUsageRows, totalSeats, utilizationBand } from 'c/llAnalytics';
import type { LicenseSeatDto } from '../../../../../types/contract';

function seat(overrides: Partial<LicenseSeatDto>): LicenseSeatDto {
  return {
    id: '100000000000001AAA',
    source: 'UserLicense',
    name: 'Salesforce',
    label: 'Salesforce',
    licenseDefinitionKey: 'SFDC',
    total: 10,
    used: 5,
    free: 5,
    percentUsed: 50,
    ...overrides
  };
}

describe('toLicenseUsageRows', () => {
  it('sorts by free seats, then lowest utilization, then label', () => {
    const rows = toLicenseUsageRows([
      seat({ id: 'a', label: 'Few free', total: 100, used: 98 }),
      seat({ id: 'b', label: 'Most free', total: 100, used: 10 }),
      seat({ id: 'c', label: 'Tie low', total: 10, used: 0, source: 'PermissionSetLicense' }),
      seat({ id: 'd', label: 'Tie high', total: 20, used: 10 })
    ]);
    expect(rows.map((r) => r.label)).toEqual(['Most free', 'Tie low', 'Tie high', 'Few free']);
  });

  it('recomputes free and percent from used and total', () => {
    const [row] = toLicenseUsageRows([seat({ total: 3, used: 1, free: 99, percentUsed: 0 })]);
    expect(row.free).toBe(2);
    expect(row.percentUsed).toBe(33.3);
    expect(row.percentFree).toBe(66.7);
    expect(row.band).toBe('low');
    expect(row.key).toBe('UserLicense:100000000000001AAA');
  });

  it('never reports negative free seats and clamps the bar when over-assigned', () => {
    const [row] = toLicenseUsageRows([seat({ total: 5, used: 7 })]);
    expect(row.free).toBe(0);
    expect(row.percentUsed).toBe(140);
    expect(row.barPercent).toBe(100);
    expect(row.percentFree).toBe(0);
    expect(row.band).toBe('full');
  });

  it('drops pools without seats and handles an empty org', () => {
    expect(toLicenseUsageRows([seat({ total: 0, used: 0 })])).toEqual([]);
    expect(toLicenseUsageRows([])).toEqual([]);
  });
});

describe('utilizationBand', () => {
  it.each([
    [0, 'low'],
    [69.9, 'low'],
    [70, 'healthy'],
    [94.9, 'healthy'],
    [95, 'full'],
    [120, 'full']
  ])('%p%% is %s', (percent, band) => {
    expect(utilizationBand(percent)).toBe(band);
  });
});

describe('totalSeats', () => {
  it('adds seats across pools and keeps free non-negative', () => {
    expect(totalSeats([seat({ total: 10, used: 4 }), seat({ total: 2, used: 3 })])).toEqual({
      total: 12,
      used: 7,
      free: 5
    });
    expect(totalSeats([seat({ total: 1, used: 3 })])).toEqual({ total: 1, used: 3, free: 0 });
    expect(totalSeats([])).toEqual({ total: 0, used: 0, free: 0 });
  });
});
