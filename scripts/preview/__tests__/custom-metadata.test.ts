import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  APEX_SETTING_DEFAULTS,
  CUSTOM_METADATA_DIR,
  parseCustomMetadataRecord,
  readOrgMetadata,
  settingsFrom
} from '../controller/custom-metadata';
import { cleanUp, FIXTURE_METADATA, tempDir } from './helpers';

afterEach(cleanUp);

describe('readOrgMetadata', () => {
  it('applies the Apex clamps and trims: windows within 180 days, whole days, upper-case currency', () => {
    const { settings, warnings } = readOrgMetadata(FIXTURE_METADATA);
    expect(settings).toEqual({
      inactivityDays: 60,
      neverLoggedInGraceDays: 14,
      defaultWindowDays: 180,
      maxWindowDays: 180,
      freeIntegrationSeats: 5,
      apiBudgetPercent: 80,
      currencyIsoCode: 'EUR'
    });
    expect(warnings).toEqual([]);
  });

  it('keeps prices with a key and a price, trimmed and sorted by key', () => {
    expect(readOrgMetadata(FIXTURE_METADATA).prices).toEqual([
      { licenseKey: 'Salesforce', label: 'Salesforce (fixture)', monthlyPrice: 150 },
      { licenseKey: 'Salesforce Platform', label: 'Platform (fixture)', monthlyPrice: 25.5 }
    ]);
  });

  it('uses the default settings without LL_Setting.Default, and says so', () => {
    const dir = tempDir();
    const metadata = readOrgMetadata(dir);
    expect(metadata.settings).toEqual(APEX_SETTING_DEFAULTS);
    expect(metadata.prices).toEqual([]);
    expect(metadata.warnings[0]).toMatch(/LL_Setting\.Default is missing/);
  });

  it('names the file of a record that is not valid XML', () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'LL_Setting.Default.md-meta.xml'),
      '<CustomMetadata><label>Default</CustomMetadata>'
    );
    expect(() => readOrgMetadata(dir)).toThrow(/^LL_Setting\.Default\.md-meta\.xml: not valid XML/);
  });

  it('fails clearly when the folder is missing', () => {
    expect(() => readOrgMetadata(path.join(tempDir(), 'nope'))).toThrow(
      /No custom metadata folder/
    );
  });

  it('reads the records that deploy with the app', () => {
    const { settings, prices } = readOrgMetadata(CUSTOM_METADATA_DIR);
    expect(settings.maxWindowDays).toBeGreaterThanOrEqual(settings.defaultWindowDays);
    expect(prices.map((price) => price.licenseKey)).toContain('Salesforce');
  });
});

describe('settingsFrom', () => {
  it('reads typed values and leaves blank ones to the defaults', () => {
    const record = parseCustomMetadataRecord(
      `<?xml version="1.0" encoding="UTF-8"?>
      <CustomMetadata xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
        <label>Default</label>
        <values><field>Max_Window_Days__c</field><value xsi:type="xsd:double">20</value></values>
        <values><field>Default_Window_Days__c</field><value xsi:type="xsd:double">45</value></values>
        <values><field>Inactivity_Days__c</field><value xsi:nil="true"/></values>
      </CustomMetadata>`,
      'inline.md-meta.xml'
    );
    expect(settingsFrom(record)).toEqual({
      ...APEX_SETTING_DEFAULTS,
      maxWindowDays: 20,
      defaultWindowDays: 20
    });
  });
});
