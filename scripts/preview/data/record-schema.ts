/**
 * Field-by-field validation of queried records. Each object's schema names the
 * fields the preview needs, their type, and what happens when one is missing or
 * wrong: the record is skipped (required field) or the field takes a fallback.
 * Every issue is reported to a ProblemLog under the file and field it concerns.
 */
import type { SfRecord } from './sf-export-format';
import type { ProblemLog } from './problems';

/** What a field holds. */
export type FieldKind = 'id' | 'text' | 'boolean' | 'count' | 'datetime';

export interface FieldSpec {
  /** Field path in the record, dots for relationships: "Profile.UserLicense.Name". */
  path: string;
  kind: FieldKind;
  /** Null is a valid value (empty lookup, blank field). */
  nullable?: boolean;
  /** Used when the field is missing or invalid; without it the record is skipped. */
  fallback?: unknown;
}

/**
 * Why a field could not be used: absent, not a value of its kind, or a value
 * of its kind that cannot be true (a LoginTime in year 9999; see org-data.ts).
 */
export type FieldIssue = 'missing' | 'invalid' | 'implausible';

const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/** How each kind is described in messages. */
export const KIND_DESCRIPTION: Record<FieldKind, string> = {
  id: 'a 15- or 18-character Salesforce Id',
  text: 'text',
  boolean: 'true or false',
  count: 'a whole number of 0 or more',
  datetime: 'a date-time such as 2026-05-01T12:34:56.000+0000'
};

/** Layout of the REST API's date-time "2026-05-01T12:34:56.000+0000" (fast path below). */
const REST_DATE_TIME = {
  length: 28,
  separators: [
    [4, '-'],
    [7, '-'],
    [10, 'T'],
    [13, ':'],
    [16, ':'],
    [19, '.']
  ] as const,
  dateLength: 10,
  hour: 11,
  minute: 14,
  second: 17,
  millis: 20,
  zoneStart: 23,
  zone: '+0000'
};
const MS_PER_HOUR = 3_600_000;
const MS_PER_MINUTE = 60_000;
const MS_PER_SECOND = 1000;
const MAX_HOUR = 23;
const MAX_MINUTE = 59;
const DIGIT_ZERO = 48;
const DECIMAL = 10;
/** Epoch ms of midnight UTC per "YYYY-MM-DD" seen (NaN for invalid dates). */
const dayStarts = new Map<string, number>();

/** The number written by `count` digits at `start`; -1 when one is not a digit. */
function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const digit = text.charCodeAt(i) - DIGIT_ZERO;
    if (digit < 0 || digit > 9) return -1;
    value = value * DECIMAL + digit;
  }
  return value;
}

function isRestDateTime(text: string): boolean {
  return (
    text.length === REST_DATE_TIME.length &&
    REST_DATE_TIME.separators.every(([index, char]) => text[index] === char) &&
    text.endsWith(REST_DATE_TIME.zone)
  );
}

function utcDayStart(date: string): number {
  let dayStart = dayStarts.get(date);
  if (dayStart === undefined) {
    const parsed = new Date(`${date}T00:00:00.000Z`);
    dayStart =
      !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date)
        ? parsed.getTime()
        : NaN;
    dayStarts.set(date, dayStart);
  }
  return dayStart;
}

/**
 * Epoch ms of a date-time text, NaN when invalid. The REST format is parsed
 * directly (an export holds millions of them); anything else goes to Date.parse.
 */
export function parseDateTime(text: string): number {
  if (!isRestDateTime(text)) return Date.parse(text);
  const hours = digitsAt(text, REST_DATE_TIME.hour, 2);
  const minutes = digitsAt(text, REST_DATE_TIME.minute, 2);
  const seconds = digitsAt(text, REST_DATE_TIME.second, 2);
  const millis = digitsAt(text, REST_DATE_TIME.millis, 3);
  if (hours < 0 || hours > MAX_HOUR || minutes < 0 || minutes > MAX_MINUTE) return NaN;
  if (seconds < 0 || seconds > MAX_MINUTE || millis < 0) return NaN;
  return (
    utcDayStart(text.slice(0, REST_DATE_TIME.dateLength)) +
    hours * MS_PER_HOUR +
    minutes * MS_PER_MINUTE +
    seconds * MS_PER_SECOND +
    millis
  );
}

/** The value of a field of the given kind, or undefined when it is not one. */
export function parseFieldValue(kind: FieldKind, value: unknown): unknown {
  switch (kind) {
    case 'id':
      return typeof value === 'string' && SALESFORCE_ID.test(value) ? value : undefined;
    case 'text':
      return typeof value === 'string' ? value : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'count':
      return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
    case 'datetime': {
      if (typeof value !== 'string') return undefined;
      const epochMs = parseDateTime(value);
      return Number.isNaN(epochMs) ? undefined : epochMs;
    }
  }
}

const ABSENT = Symbol('absent');

/** Reads a dotted path; a null relationship on the way yields null, a missing key ABSENT. */
function readPath(record: SfRecord, segments: readonly string[]): unknown {
  let current: unknown = record;
  for (const segment of segments) {
    if (current === null) return null;
    if (typeof current !== 'object' || !(segment in (current as object))) return ABSENT;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** A compiled schema: turns records of one file into rows of type Row. */
export interface RecordSchema<Row> {
  readonly object: string;
  readonly fields: Readonly<Record<keyof Row & string, FieldSpec>>;
  /**
   * Validates one record. Returns the row, or null when a required field is
   * missing or invalid. Issues go to the log.
   */
  read(record: SfRecord, index: number, log: ProblemLog, file: string): Row | null;
}

/** Builds a schema from one FieldSpec per row property. */
export function defineSchema<Row>(
  object: string,
  fields: Record<keyof Row & string, FieldSpec>
): RecordSchema<Row> {
  const compiled = Object.entries<FieldSpec>(fields).map(([key, spec]) => ({
    key,
    spec,
    segments: spec.path.split('.'),
    hasFallback: 'fallback' in spec
  }));
  return {
    object,
    fields,
    read(record, index, log, file) {
      const row: Record<string, unknown> = {};
      let usable = true;
      for (const { key, spec, segments, hasFallback } of compiled) {
        const raw = readPath(record, segments);
        let issue: FieldIssue | null = null;
        let value: unknown;
        if (raw === ABSENT || raw === undefined) {
          issue = 'missing';
        } else if (raw === null) {
          if (spec.nullable) value = null;
          else issue = 'invalid';
        } else {
          value = parseFieldValue(spec.kind, raw);
          if (value === undefined) issue = 'invalid';
        }
        if (issue) {
          log.fieldIssue(file, spec, issue, { index, id: record.Id, skipped: !hasFallback });
          if (!hasFallback) usable = false;
          value = spec.fallback;
        }
        row[key] = value;
      }
      return usable ? (row as Row) : null;
    }
  };
}
