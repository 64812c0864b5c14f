/**
 * Settings and prices for the preview, read from the same custom metadata
 * records that deploy (force-app/main/default/customMetadata):
 * LL_Setting.Default and every LL_License_Price.* record.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { LicensePriceDto, SettingsDto } from '../../../force-app/types/contract';
import { DEFAULT_DIR } from '../../lib/paths';

/** Folder of the custom metadata records. */
export const CUSTOM_METADATA_DIR = path.join(DEFAULT_DIR, 'customMetadata');
/** The settings record the controllers read. */
export const SETTINGS_RECORD = 'LL_Setting.Default';
const SETTINGS_FILE = `${SETTINGS_RECORD}.md-meta.xml`;
const PRICE_FILE = /^LL_License_Price\.(.+)\.md-meta\.xml$/;
const NUMBER_TYPES = new Set(['xsd:double', 'xsd:int', 'xsd:long']);

/** LL_Setting__mdt field API names per SettingsDto property. */
export const SETTING_FIELDS: Record<keyof SettingsDto, string> = {
  inactivityDays: 'Inactivity_Days__c',
  neverLoggedInGraceDays: 'Never_Logged_In_Grace_Days__c',
  defaultWindowDays: 'Default_Window_Days__c',
  maxWindowDays: 'Max_Window_Days__c',
  freeIntegrationSeats: 'Free_Integration_Seats__c',
  apiBudgetPercent: 'Api_Budget_Percent__c',
  currencyIsoCode: 'Currency_Iso_Code__c'
};

/** LL_License_Price__mdt field API names. */
export const PRICE_FIELDS = { licenseKey: 'License_Key__c', monthlyPrice: 'Monthly_Price__c' };

/** Settings and prices of the org. */
export interface OrgMetadata {
  settings: SettingsDto;
  prices: LicensePriceDto[];
}

interface MetadataRecord {
  label: string | null;
  values: Map<string, string | number | null>;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => name === 'values',
  parseTagValue: false
});

type XmlValue = string | { '#text'?: string; '@xsi:type'?: string; '@xsi:nil'?: string };

function typedValue(value: XmlValue | undefined): string | number | null {
  if (value === undefined) return null;
  if (typeof value === 'string') return value;
  if (value['@xsi:nil'] === 'true') return null;
  const text = value['#text'] ?? '';
  return NUMBER_TYPES.has(value['@xsi:type'] ?? '') ? Number(text) : text;
}

/** Parses one CustomMetadata record file. */
export function parseCustomMetadataRecord(xml: string, file: string): MetadataRecord {
  const parsed = parser.parse(xml) as {
    CustomMetadata?: { label?: string; values?: { field?: string; value?: XmlValue }[] };
  };
  if (!parsed.CustomMetadata) throw new Error(`${file}: not a CustomMetadata record.`);
  const values = new Map<string, string | number | null>();
  for (const entry of parsed.CustomMetadata.values ?? []) {
    if (entry.field) values.set(entry.field, typedValue(entry.value));
  }
  return { label: parsed.CustomMetadata.label ?? null, values };
}

function requireNumber(record: MetadataRecord, field: string, file: string): number {
  const value = record.values.get(field);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`${file}: field ${field} is missing or not a number.`);
  }
  return value;
}

function requireText(record: MetadataRecord, field: string, file: string): string {
  const value = record.values.get(field);
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Error(`${file}: field ${field} is missing or empty.`);
  }
  return value;
}

function readRecord(dir: string, file: string): MetadataRecord {
  return parseCustomMetadataRecord(fs.readFileSync(path.join(dir, file), 'utf8'), file);
}

/** SettingsDto from the LL_Setting.Default record. */
function readSettings(dir: string): SettingsDto {
  if (!fs.existsSync(path.join(dir, SETTINGS_FILE))) {
    throw new Error(
      `Custom metadata record ${SETTINGS_RECORD} is missing (${path.join(dir, SETTINGS_FILE)}); the preview reads its settings from it.`
    );
  }
  const record = readRecord(dir, SETTINGS_FILE);
  const number = (key: Exclude<keyof SettingsDto, 'currencyIsoCode'>) =>
    requireNumber(record, SETTING_FIELDS[key], SETTINGS_FILE);
  return {
    inactivityDays: number('inactivityDays'),
    neverLoggedInGraceDays: number('neverLoggedInGraceDays'),
    defaultWindowDays: number('defaultWindowDays'),
    maxWindowDays: number('maxWindowDays'),
    freeIntegrationSeats: number('freeIntegrationSeats'),
    apiBudgetPercent: number('apiBudgetPercent'),
    currencyIsoCode: requireText(record, SETTING_FIELDS.currencyIsoCode, SETTINGS_FILE)
  };
}

/** One LicensePriceDto per LL_License_Price record, sorted by license key. */
function readPrices(dir: string): LicensePriceDto[] {
  return fs
    .readdirSync(dir)
    .filter((file) => PRICE_FILE.test(file))
    .sort()
    .map((file) => {
      const record = readRecord(dir, file);
      const licenseKey = requireText(record, PRICE_FIELDS.licenseKey, file);
      return {
        licenseKey,
        label: record.label ?? licenseKey,
        monthlyPrice: requireNumber(record, PRICE_FIELDS.monthlyPrice, file)
      };
    })
    .sort((a, b) => a.licenseKey.localeCompare(b.licenseKey));
}

/**
 * Reads settings and prices.
 * @throws Error naming the file and field when a record is missing or malformed.
 */
export function readOrgMetadata(dir = CUSTOM_METADATA_DIR): OrgMetadata {
  if (!fs.existsSync(dir)) {
    throw new Error(
      `No custom metadata folder at ${dir}; the preview reads settings and prices from it.`
    );
  }
  return { settings: readSettings(dir), prices: readPrices(dir) };
}
