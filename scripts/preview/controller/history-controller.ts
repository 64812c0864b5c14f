/**
 * LL_HistoryController for the local preview: the same slice of whole months,
 * folded the same way (LL_HistoryAccumulator), with the same arguments, LIMITs
 * and tooManyRows answer as LL_HistoryService, over a HistoryStore (the demo
 * org's generated nightly rows, or none). Every query the Apex runs is counted
 * in one ApexTransaction, with the rows its LIMIT lets it touch.
 */
import type {
  HistorySliceDto,
  LicenseMonthDto,
  LoginMonthDto,
  SeatSource
} from '../../../force-app/types/contract';
import { ApexError } from './apex-error';
import { ApexTransaction, type TransactionUse } from './apex-transaction';

/** LL_HistoryService.MAX_MONTHS_PER_READ and DEFAULT_MONTHS_PER_READ. */
export const MAX_MONTHS_PER_READ = 12;
export const DEFAULT_MONTHS_PER_READ = 12;
/** LL_HistoryService.MAX_SNAPSHOT_ROWS_PER_READ: the snapshot query reads one more. */
export const MAX_SNAPSHOT_ROWS_PER_READ = 10_000;
/** LL_HistoryService.MAX_DAY_TOTAL_ROWS_PER_READ: the day-total query reads one more. */
export const MAX_DAY_TOTAL_ROWS_PER_READ = 372;

const MONTH_FORMAT = /^(\d{4})-(0[1-9]|1[0-2])$/;
const MONTHS_PER_YEAR = 12;
const ABBREVIATE_AT = 20;
const ELLIPSIS = '...';

/** One LL_License_Snapshot__c row. */
export interface LicenseSnapshotRow {
  /** Day__c, "YYYY-MM-DD". */
  day: string;
  source: SeatSource;
  /** License_Name__c. */
  licenseName: string;
  label: string | null;
  total: number;
  used: number;
}

/** One LL_Login_Daily_Summary__c row with Is_Day_Total__c = true. */
export interface DayTotalRow {
  day: string;
  logins: number;
  uniqueUsers: number;
  uniqueUsersCapped: boolean;
}

/** Oldest and newest day of an object's rows. */
export interface DayRange {
  first: string;
  last: string;
}

/** The kept history the preview reads. */
export interface HistoryStore {
  /** Days of the oldest and newest license snapshot; null when none. */
  snapshotDays(): DayRange | null;
  /** Days of the oldest and newest login day total; null when none. */
  dayTotalDays(): DayRange | null;
  /** Snapshots with firstDay <= day < endDay, oldest day first. */
  snapshots(firstDay: string, endDay: string): Iterable<LicenseSnapshotRow>;
  /** Day totals with firstDay <= day < endDay, oldest first, at most one per day. */
  dayTotals(firstDay: string, endDay: string): Iterable<DayTotalRow>;
}

/** A store with nothing kept (an org where the nightly job never ran, or an export). */
export const EMPTY_HISTORY_STORE: HistoryStore = Object.freeze({
  snapshotDays: () => null,
  dayTotalDays: () => null,
  snapshots: () => [],
  dayTotals: () => []
});

/** Parameters as the component sends them. */
export interface HistoryParams {
  lastMonth?: string | null;
  months?: number | null;
}

export interface HistoryControllerOptions {
  store: HistoryStore;
  /** Called after each answer with what the call used. */
  observe?: (use: TransactionUse) => void;
}

function monthKey(year: number, month: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** The first day ("YYYY-MM-01") of the month index months after year 0. */
function firstDayOf(index: number): string {
  return `${monthKey(Math.floor(index / MONTHS_PER_YEAR), (index % MONTHS_PER_YEAR) + 1)}-01`;
}

function monthIndexOfDay(day: string): number {
  return Number(day.slice(0, 4)) * MONTHS_PER_YEAR + Number(day.slice(5, 7)) - 1;
}

/** LL_HistoryService.checkMonths. */
function checkMonths(months: unknown): number {
  if (months === null || months === undefined) return DEFAULT_MONTHS_PER_READ;
  if (typeof months !== 'number' || !Number.isInteger(months)) {
    throw new ApexError(`months must be a whole number; got ${JSON.stringify(months)}.`);
  }
  if (months < 1) return DEFAULT_MONTHS_PER_READ;
  if (months > MAX_MONTHS_PER_READ) {
    throw new ApexError(`months must be at most ${MAX_MONTHS_PER_READ}; got ${months}.`);
  }
  return months;
}

/** Apex String.abbreviate(20). */
function abbreviate(value: string): string {
  return value.length <= ABBREVIATE_AT
    ? value
    : value.slice(0, ABBREVIATE_AT - ELLIPSIS.length) + ELLIPSIS;
}

/** LL_HistoryService.parseMonth: the month index, or null for blank. */
function parseLastMonth(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') {
    throw new ApexError(`lastMonth must be text; got ${JSON.stringify(value)}.`);
  }
  if (value.trim() === '') return null;
  const match = MONTH_FORMAT.exec(value);
  if (!match) {
    throw new ApexError(`lastMonth must look like 2026-03; got "${abbreviate(value)}".`);
  }
  return Number(match[1]) * MONTHS_PER_YEAR + Number(match[2]) - 1;
}

/** LL_HistoryAccumulator: the same fold, the same order. */
class HistoryAccumulator {
  private readonly licenseMonths = new Map<string, LicenseMonthDto>();
  private readonly loginMonths = new Map<string, LoginMonthDto>();

  acceptSnapshot(row: LicenseSnapshotRow): void {
    const month = row.day.slice(0, 7);
    const key = `${month}\n${row.source}\n${row.licenseName}`;
    let entry = this.licenseMonths.get(key);
    if (!entry) {
      entry = {
        month,
        source: row.source,
        name: row.licenseName,
        label: null,
        total: 0,
        used: 0,
        peakUsed: 0,
        lastDay: row.day,
        daysCaptured: 0
      };
      this.licenseMonths.set(key, entry);
    }
    entry.used = row.used;
    entry.total = row.total;
    entry.peakUsed = Math.max(entry.peakUsed, row.used);
    entry.lastDay = row.day;
    entry.daysCaptured += 1;
    if (row.label !== null) entry.label = row.label;
  }

  acceptDayTotal(row: DayTotalRow): void {
    const month = row.day.slice(0, 7);
    let entry = this.loginMonths.get(month);
    if (!entry) {
      entry = {
        month,
        logins: 0,
        userDays: 0,
        peakDailyUniqueUsers: 0,
        daysRecorded: 0,
        uniqueUsersCapped: false
      };
      this.loginMonths.set(month, entry);
    }
    entry.logins += row.logins;
    entry.userDays += row.uniqueUsers;
    entry.peakDailyUniqueUsers = Math.max(entry.peakDailyUniqueUsers, row.uniqueUsers);
    entry.daysRecorded += 1;
    entry.uniqueUsersCapped = entry.uniqueUsersCapped || row.uniqueUsersCapped;
  }

  /** Apex List<String>.sort() on the keys: code-unit order. */
  licenseEntries(): LicenseMonthDto[] {
    return [...this.licenseMonths.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, entry]) => entry);
  }

  loginEntries(): LoginMonthDto[] {
    return [...this.loginMonths.values()].sort((a, b) => (a.month < b.month ? -1 : 1));
  }
}

/** Reads at most `limit` rows of an iterable, handing each to `accept`; returns the count. */
function readLimited<T>(rows: Iterable<T>, limit: number, accept: (row: T) => void): number {
  let read = 0;
  for (const row of rows) {
    if (read === limit) break;
    read += 1;
    accept(row);
  }
  return read;
}

/** LL_HistoryController over a HistoryStore. */
export class HistoryController {
  private readonly store: HistoryStore;
  private readonly observe?: (use: TransactionUse) => void;

  constructor(options: HistoryControllerOptions) {
    this.store = options.store;
    this.observe = options.observe;
  }

  /** LL_HistoryController.getHistory. */
  getHistory(params: HistoryParams): HistorySliceDto {
    const span = checkMonths(params?.months);
    const requested = parseLastMonth(params?.lastMonth);
    const transaction = new ApexTransaction();
    const snapshotDays = this.store.snapshotDays();
    const dayTotalDays = this.store.dayTotalDays();
    const edge = (label: string, found: boolean) =>
      transaction.soql({ label, rowsTouched: found ? 1 : 0 });
    edge('LL_License_Snapshot__c oldest day', snapshotDays !== null);
    edge('LL_License_Snapshot__c newest day', snapshotDays !== null);
    edge('LL_Login_Daily_Summary__c oldest day total', dayTotalDays !== null);
    edge('LL_Login_Daily_Summary__c newest day total', dayTotalDays !== null);
    const slice: HistorySliceDto = {
      firstMonth: null,
      lastMonth: null,
      earliestSnapshotDay: snapshotDays?.first ?? null,
      latestSnapshotDay: snapshotDays?.last ?? null,
      earliestLoginDay: dayTotalDays?.first ?? null,
      latestLoginDay: dayTotalDays?.last ?? null,
      tooManyRows: false,
      rowsRead: (snapshotDays ? 2 : 0) + (dayTotalDays ? 2 : 0),
      licenseMonths: [],
      loginMonths: []
    };
    const newestDay = [snapshotDays?.last, dayTotalDays?.last]
      .filter((day): day is string => typeof day === 'string')
      .sort()
      .pop();
    const lastIndex = requested ?? (newestDay ? monthIndexOfDay(newestDay) : null);
    if (lastIndex === null) return this.answer(slice, transaction);
    const firstDay = firstDayOf(lastIndex + 1 - span);
    const endDay = firstDayOf(lastIndex + 1);
    slice.firstMonth = firstDay.slice(0, 7);
    slice.lastMonth = firstDayOf(lastIndex).slice(0, 7);

    const accumulator = new HistoryAccumulator();
    const snapshots = readLimited(
      this.store.snapshots(firstDay, endDay),
      MAX_SNAPSHOT_ROWS_PER_READ + 1,
      (row) => accumulator.acceptSnapshot(row)
    );
    transaction.soql({ label: 'LL_License_Snapshot__c rows', rowsTouched: snapshots });
    slice.rowsRead += snapshots;
    if (snapshots > MAX_SNAPSHOT_ROWS_PER_READ) {
      slice.tooManyRows = true;
      return this.answer(slice, transaction);
    }
    const dayTotals = readLimited(
      this.store.dayTotals(firstDay, endDay),
      MAX_DAY_TOTAL_ROWS_PER_READ + 1,
      (row) => accumulator.acceptDayTotal(row)
    );
    transaction.soql({ label: 'LL_Login_Daily_Summary__c day totals', rowsTouched: dayTotals });
    slice.rowsRead += dayTotals;
    if (dayTotals > MAX_DAY_TOTAL_ROWS_PER_READ) {
      slice.tooManyRows = true;
      return this.answer(slice, transaction);
    }
    slice.licenseMonths = accumulator.licenseEntries();
    slice.loginMonths = accumulator.loginEntries();
    return this.answer(slice, transaction);
  }

  private answer(slice: HistorySliceDto, transaction: ApexTransaction): HistorySliceDto {
    this.observe?.(transaction.use());
    return slice;
  }
}

/** The Apex methods this controller answers, by `<Class>.<method>`. */
export const HISTORY_APEX_METHODS: Readonly<
  Record<string, (controller: HistoryController, params: never) => unknown>
> = {
  'LL_HistoryController.getHistory': (controller, params: HistoryParams) =>
    controller.getHistory(params)
};
