import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { DEFAULT_DIR } from '../../lib/paths';
import { DEFAULT_SETTINGS } from '../../../force-app/main/default/lwc/llAnalytics/settings';
import type { SettingsDto } from '../../../force-app/types/contract';

/**
 * DEFAULT_SETTINGS (used by the dashboard when the org has no settings) must
 * equal the shipped LL_Setting.Default custom metadata record, field for field.
 */
const DEFAULT_RECORD = path.join(DEFAULT_DIR, 'customMetadata', 'LL_Setting.Default.md-meta.xml');

/** Which LL_Setting__mdt field fills which SettingsDto field. */
const FIELD_OF_SETTING: Readonly<Record<keyof SettingsDto, string>> = {
  inactivityDays: 'Inactivity_Days__c',
  neverLoggedInGraceDays: 'Never_Logged_In_Grace_Days__c',
  defaultWindowDays: 'Default_Window_Days__c',
  maxWindowDays: 'Max_Window_Days__c',
  freeIntegrationSeats: 'Free_Integration_Seats__c',
  apiBudgetPercent: 'Api_Budget_Percent__c',
  currencyIsoCode: 'Currency_Iso_Code__c'
};

/**
 * Fields of the record that are not dashboard settings: the reclaim policies'
 * kill switch (read by the policy job and the preview's policy controller,
 * never by the dashboard), with the value it must ship with.
 */
const NON_DASHBOARD_FIELDS: Readonly<Record<string, string>> = {
  Reclaim_Policies_Enabled__c: 'false'
};

interface RecordValue {
  field: string;
  value: { '#text'?: string; '@_xsi:type'?: string } | string;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  isArray: (name) => name === 'values'
});

/** The record's values, typed by their xsi:type (xsd:double as numbers, else text). */
function recordValues(): Map<string, number | string> {
  const xml = parser.parse(fs.readFileSync(DEFAULT_RECORD, 'utf8')) as {
    CustomMetadata: { values: RecordValue[] };
  };
  const values = new Map<string, number | string>();
  for (const entry of xml.CustomMetadata.values) {
    const raw = typeof entry.value === 'string' ? entry.value : (entry.value['#text'] ?? '');
    const type = typeof entry.value === 'string' ? undefined : entry.value['@_xsi:type'];
    values.set(entry.field, type === 'xsd:double' ? Number(raw) : raw);
  }
  return values;
}

describe('LL_Setting.Default and DEFAULT_SETTINGS', () => {
  const values = recordValues();

  it('the record holds exactly the settings fields and the policy kill switch', () => {
    expect([...values.keys()].sort()).toEqual(
      [...Object.values(FIELD_OF_SETTING), ...Object.keys(NON_DASHBOARD_FIELDS)].sort()
    );
    expect(Object.keys(DEFAULT_SETTINGS).sort()).toEqual(Object.keys(FIELD_OF_SETTING).sort());
  });

  it('ships with reclaim policies switched off (the kill switch)', () => {
    for (const [field, value] of Object.entries(NON_DASHBOARD_FIELDS)) {
      expect(values.get(field)).toBe(value);
    }
  });

  it.each(Object.entries(FIELD_OF_SETTING))('%s equals %s of the record', (setting, field) => {
    expect(DEFAULT_SETTINGS[setting as keyof SettingsDto]).toStrictEqual(values.get(field));
  });
});
