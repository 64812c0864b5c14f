import { DEFAULT_SETTINGS, INACTIVITY_THRESHOLD_CHOICES, resolveSettings } from 'c/llAnalytics';

describe('DEFAULT_SETTINGS', () => {
  it('mirrors the LL_Setting.Default custom metadata record', () => {
    expect(DEFAULT_SETTINGS).toEqual({
      inactivityDays: 90,
      neverLoggedInGraceDays: 14,
      defaultWindowDays: 30,
      maxWindowDays: 90,
      freeIntegrationSeats: 5,
      apiBudgetPercent: 75,
      currencyIsoCode: 'USD'
    });
    expect(Object.isFrozen(DEFAULT_SETTINGS)).toBe(true);
    expect(INACTIVITY_THRESHOLD_CHOICES).toEqual([30, 60, 90, 180]);
  });
});

describe('resolveSettings', () => {
  it('fills every missing field from the defaults', () => {
    expect(resolveSettings()).toEqual(DEFAULT_SETTINGS);
    expect(resolveSettings(null)).toEqual(DEFAULT_SETTINGS);
    expect(resolveSettings({ inactivityDays: 30 })).toEqual({
      ...DEFAULT_SETTINGS,
      inactivityDays: 30
    });
  });

  it('replaces invalid values and rounds days down', () => {
    const resolved = resolveSettings({
      inactivityDays: -5,
      neverLoggedInGraceDays: Number.NaN,
      defaultWindowDays: 45.9,
      maxWindowDays: Infinity,
      freeIntegrationSeats: 1,
      apiBudgetPercent: 250,
      currencyIsoCode: ' eur '
    });
    expect(resolved).toEqual({
      inactivityDays: 90,
      neverLoggedInGraceDays: 14,
      defaultWindowDays: 45,
      maxWindowDays: 90,
      freeIntegrationSeats: 1,
      apiBudgetPercent: 100,
      currencyIsoCode: 'EUR'
    });
  });

  it('keeps a zero grace period, never a zero threshold, and a max window at least the default', () => {
    const resolved = resolveSettings({
      inactivityDays: 0,
      neverLoggedInGraceDays: 0,
      defaultWindowDays: 120,
      maxWindowDays: 60,
      currencyIsoCode: ''
    });
    expect(resolved.inactivityDays).toBe(1);
    expect(resolved.neverLoggedInGraceDays).toBe(0);
    expect(resolved.maxWindowDays).toBe(120);
    expect(resolved.currencyIsoCode).toBe('USD');
  });
});
