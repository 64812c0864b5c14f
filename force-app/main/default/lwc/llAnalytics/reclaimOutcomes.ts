/**
 * Reclaim outcomes, the closed loop: what succeeded reclaims freed (seats and
 * their list price, per month and per department) and how many came back
 * within 30 days (false positives), per policy. The Apex
 * (LL_ReclaimController.getReclaimOutcomes) sends facts only, one entry per
 * succeeded Freeze / Deactivate / RemovePermissionSetLicense audit row; every
 * rule is here:
 *
 * - **Seat freed**: Deactivate frees a seat of the user's license, Remove
 *   permission set license frees a seat of that license. **Freeze frees
 *   nothing** (the user keeps the seat until deactivated): it is counted as
 *   "frozen, seat still held", never as money saved.
 * - **Money**: the monthly list price of the seats freed (LL_License_Price,
 *   the dashboard's price book): a run rate, not money already saved. A seat
 *   of a license without a price counts 0 and the license is named.
 * - **Came back within N days** (default 30): a successful login of any type
 *   after a Freeze or Deactivate (a frozen or deactivated user cannot log in,
 *   so the reclaim was undone first) no later than N days after it; a License
 *   Lens Unfreeze within N days; or the reclaim undone now (active again,
 *   unfrozen, license assigned again) while the N days are not over yet. A
 *   reclaim undone when we cannot tell when (the newest login, or the undoing,
 *   is older than N days or its time is unknown) is "came back, when unknown".
 */
import type {
  LicensePriceDto,
  OutcomeLicenseDto,
  ReclaimOutcomePageDto
} from '../../../../types/contract';
import { createPriceBook, roundMoney } from './pricing';
import { createOrgCalendar } from './time';

/** Days after a reclaim within which a return counts as a false positive. */
export const CAME_BACK_DAYS = 30;
/** Rows one getReclaimOutcomes call asks for (LL_ReclaimOutcomeService.MAX_PAGE_SIZE). */
export const OUTCOME_PAGE_SIZE = 1000;
/** Most months one outcome read covers (24 whole months fit the 731-day range). */
export const OUTCOME_MAX_MONTHS = 24;
/** Most calls one read makes (100,000 reclaim rows). */
export const OUTCOME_MAX_CALLS = 100;
/** How the page names rows with no Policy__c. */
export const MANUAL_POLICY_LABEL = 'Manual (dashboard)';
/** How the page names users with no Department. */
export const NO_DEPARTMENT_LABEL = '(no department)';

const DAY_MS = 86_400_000;
const ACTIONS = new Set(['Freeze', 'Deactivate', 'RemovePermissionSetLicense']);

/** Whether a reclaim came back: within the days, later or at an unknown time, not (yet), unknown. */
export type ReturnVerdict = 'within' | 'laterOrUnknown' | 'notBack' | 'unknown';

/** The facts of one reclaim row, as the Apex reads them. */
export interface OutcomeFact {
  action: string;
  /** Completed_At__c, epoch ms. */
  completedAt: number;
  reversedNow: boolean | null;
  loginAfter: number | null;
  unfrozenAt: number | null;
}

/**
 * Whether one reclaim came back within `days` (see the module description).
 * A login after a permission set license removal proves nothing (the user
 * stayed active); only the license assigned again does.
 * @param now when the facts were read (epoch ms)
 */
export function cameBack(
  fact: OutcomeFact,
  now: number,
  days: number = CAME_BACK_DAYS
): ReturnVerdict {
  const deadline = fact.completedAt + days * DAY_MS;
  const locksOut = fact.action === 'Freeze' || fact.action === 'Deactivate';
  const loggedIn = locksOut && fact.loginAfter !== null && fact.loginAfter > fact.completedAt;
  if (loggedIn && (fact.loginAfter as number) <= deadline) return 'within';
  const unfrozen = fact.action === 'Freeze' && fact.unfrozenAt !== null;
  if (unfrozen && (fact.unfrozenAt as number) <= deadline) return 'within';
  if (fact.reversedNow === true && now <= deadline) return 'within';
  if (fact.reversedNow === true || loggedIn || unfrozen) return 'laterOrUnknown';
  return fact.reversedNow === null ? 'unknown' : 'notBack';
}

/** Figures of one group of reclaims (a month, a department, a policy, or all). */
export interface OutcomeFigures {
  /** Succeeded reclaim rows. */
  reclaims: number;
  /** Deactivations and permission set license removals: seats released. */
  seatsFreed: number;
  /** Monthly list price of those seats (rounded to cents). */
  monthlyValue: number;
  /** Seats freed of a license with no price (counted 0 in monthlyValue). */
  unpricedSeats: number;
  /** Freezes: the user keeps the seat. */
  usersFrozen: number;
  /** Came back within the days (false positives). */
  cameBackWithin: number;
  /** Came back, but not provably within the days. */
  cameBackLaterOrUnknown: number;
  /** State not readable and no login known. */
  unknown: number;
}

export interface MonthOutcome extends OutcomeFigures {
  /** "YYYY-MM" of the org-local day the reclaim completed. */
  month: string;
}

export interface DepartmentOutcome extends OutcomeFigures {
  department: string;
}

export interface PolicyOutcome extends OutcomeFigures {
  /** Policy__c; null for manual reclaims. */
  policy: string | null;
  label: string;
  /** cameBackWithin / reclaims, as a percentage with one decimal; 0 without reclaims. */
  cameBackPercent: number;
}

/** Everything the outcomes card and the history show. */
export interface ReclaimOutcomes {
  fromDay: string;
  toDay: string;
  /** When the facts were read (epoch ms). */
  generatedAt: number;
  windowDays: number;
  totals: OutcomeFigures;
  /** Every month with a reclaim, oldest first. */
  months: MonthOutcome[];
  /** By seats freed (most first), then name. */
  departments: DepartmentOutcome[];
  /** Manual first, then policies by name. */
  policies: PolicyOutcome[];
  /** Names of licenses with freed seats but no price. */
  unpricedLicenses: string[];
  /** What the figures could not tell (unreadable rollups or frozen state, rows left out). */
  notes: string[];
}

function emptyFigures(): OutcomeFigures {
  return {
    reclaims: 0,
    seatsFreed: 0,
    monthlyValue: 0,
    unpricedSeats: 0,
    usersFrozen: 0,
    cameBackWithin: 0,
    cameBackLaterOrUnknown: 0,
    unknown: 0
  };
}

interface RowFigures {
  seat: boolean;
  price: number;
  priced: boolean;
  frozen: boolean;
  verdict: ReturnVerdict;
}

function add(target: OutcomeFigures, row: RowFigures): void {
  target.reclaims += 1;
  if (row.seat) {
    target.seatsFreed += 1;
    target.monthlyValue = roundMoney(target.monthlyValue + row.price);
    if (!row.priced) target.unpricedSeats += 1;
  }
  if (row.frozen) target.usersFrozen += 1;
  if (row.verdict === 'within') target.cameBackWithin += 1;
  else if (row.verdict === 'laterOrUnknown') target.cameBackLaterOrUnknown += 1;
  else if (row.verdict === 'unknown') target.unknown += 1;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function listOf<T>(values: unknown): T[] {
  return Array.isArray(values) ? (values as T[]) : [];
}

/**
 * Checks that a page's columns line up.
 * @throws TypeError naming the first list of another length
 */
export function checkOutcomePage(page: ReclaimOutcomePageDto): void {
  const size = listOf(page.completedAt).length;
  const columns: Array<keyof ReclaimOutcomePageDto> = [
    'actions',
    'policyIndexes',
    'departmentIndexes',
    'licenseIndexes',
    'reversedNow',
    'loginAfter',
    'unfrozenAt'
  ];
  for (const column of columns) {
    if (listOf(page[column]).length !== size) {
      throw new TypeError(
        `Reclaim outcome page: ${column} has ${listOf(page[column]).length} entries, completedAt ${size}.`
      );
    }
  }
}

function licenseName(license: OutcomeLicenseDto | undefined): string {
  return license?.name ?? 'unknown license';
}

/**
 * Folds the pages of one read into the figures the page shows.
 * @param pages every page of one read, in order (one range)
 * @param prices the org's list prices (OrgContextDto.prices)
 * @param timeZone the org's IANA time zone (months are org-local)
 * @param options windowDays (default 30); truncated: the read stopped before the last page
 */
export function buildReclaimOutcomes(
  pages: readonly ReclaimOutcomePageDto[],
  prices: readonly LicensePriceDto[],
  timeZone: string,
  options: { windowDays?: number; truncated?: boolean } = {}
): ReclaimOutcomes {
  const windowDays = options.windowDays ?? CAME_BACK_DAYS;
  const calendar = createOrgCalendar(timeZone);
  const book = createPriceBook(prices);
  const totals = emptyFigures();
  const months = new Map<string, MonthOutcome>();
  const departments = new Map<string, DepartmentOutcome>();
  const policies = new Map<string, PolicyOutcome>();
  const unpriced = new Set<string>();
  let rollupsRead = true;
  let frozenStateRead = true;
  let generatedAt = 0;
  for (const page of pages) {
    checkOutcomePage(page);
    rollupsRead = rollupsRead && page.rollupsRead !== false;
    frozenStateRead = frozenStateRead && page.frozenStateRead !== false;
    const now = Date.parse(page.generatedAt);
    generatedAt = Math.max(generatedAt, Number.isFinite(now) ? now : 0);
    for (let i = 0; i < page.completedAt.length; i++) {
      const action = page.actions[i];
      if (!ACTIONS.has(action)) continue;
      const license = page.licenses[page.licenseIndexes[i]];
      const seat = action !== 'Freeze';
      let price = 0;
      let priced = false;
      if (seat && license) {
        const lookup =
          license.source === 'PermissionSetLicense'
            ? book.priceOf(license.name, null)
            : book.priceOf(license.name, license.licenseDefinitionKey);
        price = lookup.monthlyPrice;
        priced = lookup.priced;
      }
      if (seat && !priced) unpriced.add(licenseName(license));
      const row: RowFigures = {
        seat,
        price,
        priced,
        frozen: action === 'Freeze',
        verdict: cameBack(
          {
            action,
            completedAt: page.completedAt[i],
            reversedNow: page.reversedNow[i],
            loginAfter: page.loginAfter[i],
            unfrozenAt: page.unfrozenAt[i]
          },
          now,
          windowDays
        )
      };
      add(totals, row);
      const month = calendar.dayKey(page.completedAt[i]).slice(0, 7);
      const monthEntry = months.get(month) ?? { month, ...emptyFigures() };
      add(monthEntry, row);
      months.set(month, monthEntry);
      const department = page.departments[page.departmentIndexes[i]] ?? NO_DEPARTMENT_LABEL;
      const departmentEntry = departments.get(department) ?? { department, ...emptyFigures() };
      add(departmentEntry, row);
      departments.set(department, departmentEntry);
      const policy = page.policies[page.policyIndexes[i]] ?? null;
      const policyKey = policy ?? '';
      const policyEntry = policies.get(policyKey) ?? {
        policy,
        label: policy ?? MANUAL_POLICY_LABEL,
        cameBackPercent: 0,
        ...emptyFigures()
      };
      add(policyEntry, row);
      policies.set(policyKey, policyEntry);
    }
  }
  const notes: string[] = [];
  if (!rollupsRead) {
    notes.push(
      'The nightly rollups could not be read: logins after a reclaim come from User.LastLoginDate alone.'
    );
  }
  if (!frozenStateRead) {
    notes.push(
      'The frozen state (UserLogin) could not be read: an unfreeze shows only through a later login or a License Lens Unfreeze.'
    );
  }
  if (options.truncated) {
    notes.push('Not every reclaim was read: the figures count only the rows read.');
  }
  const first = pages[0];
  return {
    fromDay: first?.fromDay ?? '',
    toDay: first?.toDay ?? '',
    generatedAt,
    windowDays,
    totals,
    months: [...months.values()].sort((a, b) => compareText(a.month, b.month)),
    departments: [...departments.values()].sort(
      (a, b) => b.seatsFreed - a.seatsFreed || compareText(a.department, b.department)
    ),
    policies: [...policies.entries()]
      .sort(([a], [b]) => compareText(a, b))
      .map(([, entry]) => ({
        ...entry,
        cameBackPercent:
          entry.reclaims === 0 ? 0 : Math.round((entry.cameBackWithin / entry.reclaims) * 1000) / 10
      })),
    unpricedLicenses: [...unpriced].sort(compareText),
    notes
  };
}

/** One getReclaimOutcomes call, for the page after afterId. */
export type ReadOutcomePage = (afterId: string | null) => Promise<ReclaimOutcomePageDto>;

/** What a read returned. */
export interface OutcomeRead {
  pages: ReclaimOutcomePageDto[];
  /** True when maxCalls or a stop ended the read before the last page. */
  truncated: boolean;
  calls: number;
}

/**
 * Months of reclaim outcomes the dashboard reads: this month and the eleven
 * before, for the outcomes card and the History card alike (one range, so one read).
 */
export const OUTCOME_SHOWN_MONTHS = 12;

let sharedOutcomes: { key: string; promise: Promise<OutcomeRead> } | null = null;

/**
 * One read of the reclaim outcomes per dashboard load and range, shared by
 * the cards that show them: the second card takes the first card's read
 * instead of making the same Apex calls again (a load's Apex calls stay within
 * users / 2,000 + 10, issue 10). `key` names the load and the range (the
 * dashboard's reload key changes with every load); null reads alone. A read
 * that failed is forgotten, so the next asker tries again.
 */
export function sharedOutcomeRead(
  key: string | null,
  read: () => Promise<OutcomeRead>
): Promise<OutcomeRead> {
  if (key === null) return read();
  if (sharedOutcomes !== null && sharedOutcomes.key === key) return sharedOutcomes.promise;
  const entry = { key, promise: read() };
  sharedOutcomes = entry;
  entry.promise.catch(() => {
    if (sharedOutcomes === entry) sharedOutcomes = null;
  });
  return entry.promise;
}

/**
 * Reads every page of one range, one after the other (each needs the
 * previous cursor), at most maxCalls; a cursor that does not move on is an
 * error (the server would answer the same page forever).
 * @throws Error when the server repeats a cursor
 */
export async function readReclaimOutcomes(
  read: ReadOutcomePage,
  options: {
    maxCalls?: number;
    shouldStop?: () => boolean;
    onProgress?: (rowsRead: number, calls: number) => void;
  } = {}
): Promise<OutcomeRead> {
  const maxCalls = options.maxCalls ?? OUTCOME_MAX_CALLS;
  const pages: ReclaimOutcomePageDto[] = [];
  const seen = new Set<string>();
  let afterId: string | null = null;
  let rows = 0;
  for (let calls = 0; calls < maxCalls; calls++) {
    if (options.shouldStop?.()) return { pages, truncated: true, calls };
    // Each page needs the previous cursor: the calls cannot overlap.
    // eslint-disable-next-line no-await-in-loop
    const page: ReclaimOutcomePageDto = await read(afterId);
    checkOutcomePage(page);
    pages.push(page);
    rows += page.completedAt.length;
    options.onProgress?.(rows, calls + 1);
    if (page.nextAfterId === null || page.nextAfterId === undefined) {
      return { pages, truncated: false, calls: calls + 1 };
    }
    if (seen.has(page.nextAfterId)) {
      throw new Error(`The reclaim outcomes did not move on after ${page.nextAfterId}.`);
    }
    seen.add(page.nextAfterId);
    afterId = page.nextAfterId;
  }
  return { pages, truncated: true, calls: maxCalls };
}

/** The outcome of each month of a month axis (null: no reclaim that month or not read). */
export function outcomeOfMonths(
  months: readonly string[],
  outcomes: ReclaimOutcomes | null
): Array<MonthOutcome | null> {
  const byMonth = new Map((outcomes?.months ?? []).map((entry) => [entry.month, entry]));
  return months.map((month) => byMonth.get(month) ?? null);
}

/**
 * The org-local day range of the newest `months` months ending with the month
 * of `nowMs` ("YYYY-MM-01" .. today), capped at OUTCOME_MAX_MONTHS (one call
 * may span at most 731 days).
 */
export function outcomeRangeOf(
  nowMs: number,
  timeZone: string,
  months: number
): { fromDay: string; toDay: string } {
  const today = createOrgCalendar(timeZone).dayKey(nowMs);
  const span = Math.max(1, Math.min(OUTCOME_MAX_MONTHS, Math.floor(months)));
  let year = Number(today.slice(0, 4));
  let month = Number(today.slice(5, 7)) - (span - 1);
  while (month < 1) {
    month += 12;
    year -= 1;
  }
  return {
    fromDay: `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`,
    toDay: today
  };
}
