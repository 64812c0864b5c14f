/**
 * Settings and prices for the preview, read from the same custom metadata
 * records that deploy (force-app/main/default/customMetadata):
 * LL_Setting.Default and every LL_License_Price.* record.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { LicensePriceDto, SettingsDto } from '../../../force-app/types/contract';
import { DEFAULT_SETTINGS } from '../../../force-app/main/default/lwc/llAnalytics/settings';
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
  /** What was read with a fallback. */
  warnings: string[];
}

/** The label and field values of one custom metadata record. */
export interface MetadataRecord {
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
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new Error(`${file}: not valid XML (line ${valid.err.line}: ${valid.err.msg}).`);
  }
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

function readRecord(dir: string, file: string): MetadataRecord {
  return parseCustomMetadataRecord(fs.readFileSync(path.join(dir, file), 'utf8'), file);
}

/**
 * Defaults the Apex LL_SettingsService applies when the record is missing: the
 * same values as the LL_Setting.Default record, which the analytics also
 * default to (a policy test keeps DEFAULT_SETTINGS equal to the record).
 */
export const APEX_SETTING_DEFAULTS: Readonly<SettingsDto> = DEFAULT_SETTINGS;
/** LoginHistory retention: the largest maxWindowDays the Apex allows. */
export const LOGIN_HISTORY_RETENTION_DAYS = 180;

function clamp(value: number, lowest: number, highest: number): number {
  return Math.max(lowest, Math.min(value, highest));
}

/** Apex Decimal.intValue(): the number without its fraction; the fallback when absent. */
function wholeOr(record: MetadataRecord | null, key: keyof SettingsDto, fallback: number): number {
  const value = record?.values.get(SETTING_FIELDS[key]);
  return typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : fallback;
}

/**
 * SettingsDto from the LL_Setting.Default record, as LL_SettingsService builds
 * it: blank fields take the defaults; maxWindowDays is 1..180, defaultWindowDays
 * 1..maxWindowDays; the currency is trimmed and upper-cased. No record: all defaults.
 */
export function settingsFrom(record: MetadataRecord | null): SettingsDto {
  const defaults = APEX_SETTING_DEFAULTS;
  const maxWindowDays = clamp(
    wholeOr(record, 'maxWindowDays', defaults.maxWindowDays),
    1,
    LOGIN_HISTORY_RETENTION_DAYS
  );
  const currency = record?.values.get(SETTING_FIELDS.currencyIsoCode);
  return {
    inactivityDays: wholeOr(record, 'inactivityDays', defaults.inactivityDays),
    neverLoggedInGraceDays: wholeOr(
      record,
      'neverLoggedInGraceDays',
      defaults.neverLoggedInGraceDays
    ),
    defaultWindowDays: clamp(
      wholeOr(record, 'defaultWindowDays', defaults.defaultWindowDays),
      1,
      maxWindowDays
    ),
    maxWindowDays,
    freeIntegrationSeats: wholeOr(record, 'freeIntegrationSeats', defaults.freeIntegrationSeats),
    apiBudgetPercent: wholeOr(record, 'apiBudgetPercent', defaults.apiBudgetPercent),
    currencyIsoCode:
      typeof currency === 'string' && currency.trim()
        ? currency.trim().toUpperCase()
        : defaults.currencyIsoCode
  };
}

/**
 * One LicensePriceDto per LL_License_Price record with a key and a price, as
 * LL_SettingsService.getPrices: keys trimmed, one per key, sorted by key.
 */
function readPrices(dir: string): LicensePriceDto[] {
  const byKey = new Map<string, LicensePriceDto>();
  for (const file of fs
    .readdirSync(dir)
    .filter((name) => PRICE_FILE.test(name))
    .sort()) {
    const record = readRecord(dir, file);
    const key = record.values.get(PRICE_FIELDS.licenseKey);
    const price = record.values.get(PRICE_FIELDS.monthlyPrice);
    const usable = typeof key === 'string' && key.trim() !== '' && typeof price === 'number';
    if (usable && Number.isFinite(price))
      byKey.set(key.trim(), {
        licenseKey: key.trim(),
        label: record.label ?? key.trim(),
        monthlyPrice: price
      });
  }
  return [...byKey.keys()].sort(compareCodeUnits).map((key) => byKey.get(key) as LicensePriceDto);
}

/** Apex String.compareTo order: by UTF-16 code units. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Reads settings and prices. Like the Apex, a missing LL_Setting.Default gives
 * the default settings; `warnings` says so.
 * @throws Error naming the file when the folder is missing or a record is not valid XML.
 */
export function readOrgMetadata(dir = CUSTOM_METADATA_DIR): OrgMetadata {
  if (!fs.existsSync(dir)) {
    throw new Error(
      `No custom metadata folder at ${dir}; the preview reads settings and prices from it.`
    );
  }
  const hasSettings = fs.existsSync(path.join(dir, SETTINGS_FILE));
  return {
    settings: settingsFrom(hasSettings ? readRecord(dir, SETTINGS_FILE) : null),
    prices: readPrices(dir),
    warnings: hasSettings
      ? []
      : [
          `Custom metadata record ${SETTINGS_RECORD} is missing from ${dir}; using the default settings, as the Apex does.`
        ]
  };
}

/** LL_Setting__mdt field of the reclaim policies' kill switch. */
export const POLICIES_ENABLED_FIELD = 'Reclaim_Policies_Enabled__c';
const POLICY_FILE = /^LL_Reclaim_Policy\.(.+)\.md-meta\.xml$/;
const EXCLUSION_FILE = /^LL_Reclaim_Policy_Exclusion\.(.+)\.md-meta\.xml$/;

/** One LL_Reclaim_Policy__mdt record's values, unchecked (policy-ladder.ts policyOf checks them). */
export interface PolicyRecord {
  /** DeveloperName: the file name between the type and the suffix. */
  name: string;
  label: string | null;
  licenseKey: unknown;
  inactivityDays: unknown;
  noticeDays: unknown;
  deactivateAfterFrozenDays: unknown;
  maxActionsPerRun: unknown;
  dryRun: unknown;
  active: unknown;
}

/** One LL_Reclaim_Policy_Exclusion__mdt record. */
export interface ExclusionRecord {
  name: string;
  /** DeveloperName of the policy, or `*` for every policy. */
  policy: string | null;
  /** PermissionSet, Profile, PublicGroup or User. */
  kind: string | null;
  value: string | null;
}

/** The reclaim policies as deployed: the kill switch, the policies and their exclusions. */
export interface PolicyMetadata {
  /** LL_Setting Default's Reclaim_Policies_Enabled__c; false when absent (policies off). */
  policiesEnabled: boolean;
  policies: PolicyRecord[];
  exclusions: ExclusionRecord[];
}

function textOrNull(value: string | number | null | undefined): string | null {
  return typeof value === 'string' ? value : null;
}

/** A checkbox value as the Apex reads it: only the text "true" is true. */
function isChecked(value: string | number | null | undefined): boolean {
  return value === 'true';
}

/**
 * Reads the reclaim policy records, their exclusions and the kill switch, as
 * LL_ReclaimPolicyConfig does with getAll()/getInstance(): a missing
 * LL_Setting.Default or a blank field means policies are off.
 * @throws Error naming the file when the folder is missing or a record is not valid XML.
 */
export function readPolicyMetadata(dir = CUSTOM_METADATA_DIR): PolicyMetadata {
  if (!fs.existsSync(dir)) {
    throw new Error(`No custom metadata folder at ${dir}; the preview reads policies from it.`);
  }
  const files = fs.readdirSync(dir).sort();
  const settings = fs.existsSync(path.join(dir, SETTINGS_FILE))
    ? readRecord(dir, SETTINGS_FILE)
    : null;
  const policies = files.flatMap((file) => {
    const name = POLICY_FILE.exec(file)?.[1];
    if (!name) return [];
    const record = readRecord(dir, file);
    const value = (field: string) => record.values.get(field) ?? null;
    return [
      {
        name,
        label: record.label,
        licenseKey: value('License_Key__c'),
        inactivityDays: value('Inactivity_Days__c'),
        noticeDays: value('Notice_Days__c'),
        deactivateAfterFrozenDays: value('Deactivate_After_Frozen_Days__c'),
        maxActionsPerRun: value('Max_Actions_Per_Run__c'),
        dryRun: value('Dry_Run__c'),
        active: value('Active__c')
      } satisfies PolicyRecord
    ];
  });
  const exclusions = files.flatMap((file) => {
    const name = EXCLUSION_FILE.exec(file)?.[1];
    if (!name) return [];
    const record = readRecord(dir, file);
    return [
      {
        name,
        policy: textOrNull(record.values.get('Policy__c')),
        kind: textOrNull(record.values.get('Kind__c')),
        value: textOrNull(record.values.get('Value__c'))
      } satisfies ExclusionRecord
    ];
  });
  return {
    policiesEnabled: isChecked(settings?.values.get(POLICIES_ENABLED_FIELD)),
    policies,
    exclusions
  };
}
