import { LightningElement } from 'lwc';
import getOrgContext from '@salesforce/apex/LL_InsightsController.getOrgContext';
import getUserPage from '@salesforce/apex/LL_InsightsController.getUserPage';
import getLoginTrend from '@salesforce/apex/LL_InsightsController.getLoginTrend';
import getLicenseSeats from '@salesforce/apex/LL_LicenseController.getLicenseSeats';
import {
  HandOffMemo,
  INACTIVITY_THRESHOLD_CHOICES,
  analyzeOrg,
  resolveSettings,
  sortRows
} from 'c/llAnalytics';
import {
  DEFAULT_CONCURRENCY,
  UnreadableUsersError,
  addDays,
  createLimiter,
  decodeUserPage,
  describeDays,
  readTrend,
  readUserPages,
  throttleProgress
} from 'c/llReadPlanner';
import type {
  DayPart,
  DaySlice,
  ReadHooks,
  ReadProgress,
  TrendDayGap,
  TrendRead,
  UserDayGap,
  UserPagesRead,
  UserReadStop
} from 'c/llReadPlanner';
import type {
  HandOffList,
  IntegrationReport,
  OrgAnalysis,
  UserFilters,
  UserInsight
} from 'c/llAnalytics';
import type { FilterChangeDetail, FilterSelection } from 'c/llFilterBar';
import type {
  LicenseSeatDto,
  LoginTrendDto,
  LoginWindowDto,
  LicensePriceDto,
  OrgContextDto,
  SettingsDto,
  UserDto,
  UserLoginGroupDto
} from '../../../../types/contract';

/** Users asked for per getUserPage call (the server's maximum). */
export const USER_PAGE_SIZE = 2000;
/** The most users one load reads. */
export const MAX_USERS = 200_000;
/** The most getUserPage calls one load makes (too-big answers included). */
export const MAX_USER_CALLS = 1_000;
/** Apex calls in flight at once, user pages and trend slices together. */
export const READ_CONCURRENCY = DEFAULT_CONCURRENCY;
/** Users named one by one in a gap notice; more are counted. */
export const GAP_USERS_NAMED = 3;
/** Login windows offered (days); capped by the org's maxWindowDays. */
export const WINDOW_CHOICES: readonly number[] = Object.freeze([7, 14, 30, 60, 90, 180]);

const ALL = '';

function selectionWithoutFilters(inactivityDays: number, windowDays: number): FilterSelection {
  return {
    department: ALL,
    division: ALL,
    profile: ALL,
    license: ALL,
    userType: ALL,
    inactivityDays,
    windowDays
  };
}

function listOf(value: string): string[] | undefined {
  return value === ALL ? undefined : [value];
}

/** The analytics' filters for a filter-bar selection. */
export function toUserFilters(selection: FilterSelection): UserFilters {
  return {
    departments: listOf(selection.department),
    divisions: listOf(selection.division),
    profiles: listOf(selection.profile),
    licenses: listOf(selection.license),
    userTypes: listOf(selection.userType)
  };
}

/** Distinct choices in ascending order, with the org's own value always offered. */
function choicesWith(base: readonly number[], ...required: number[]): number[] {
  return sortRows([...new Set([...base, ...required])], (days) => days, 'asc');
}

/** The users table's rows before the analysis is ready: one array, so re-renders pass the same value. */
const NO_USERS: readonly UserInsight[] = Object.freeze([]);

/** Hands back the previous list while a new one has the same numbers in the same order. */
class StableList {
  private last: number[] = [];

  of(next: number[]): number[] {
    const same = next.length === this.last.length && next.every((n, i) => n === this.last[i]);
    if (!same) this.last = next;
    return this.last;
  }
}

const COUNT_FORMAT = new Intl.NumberFormat('en-US');

/** A count with thousands separators ("12,000"). */
export function formatCount(count: number): string {
  return COUNT_FORMAT.format(count);
}

/** The slice parameters of an Apex read: null (both null) asks for the whole window. */
function sliceParams(slice: DaySlice | null): {
  sliceFirstDay: string | null;
  sliceLastDay: string | null;
} {
  return { sliceFirstDay: slice?.firstDay ?? null, sliceLastDay: slice?.lastDay ?? null };
}

/** Names a user for a notice: "Ada Active (005…)", or the Id alone when unknown. */
export type UserNamer = (userId: string) => string;

function whoIsMissing(gap: UserDayGap, nameOf: UserNamer): string {
  const ids = gap.userIds;
  if (!ids.length) return `the user after ${gap.afterUserId ?? 'the start'}`;
  if (ids.length === 1) return `user ${nameOf(ids[0])}`;
  const named = ids.slice(0, GAP_USERS_NAMED).map(nameOf).join(', ');
  return `${ids.length} users (${named}${ids.length > GAP_USERS_NAMED ? ', …' : ''})`;
}

/** One sentence per user (or users) and reason: which days could not be read, and why. */
export function userGapMessage(
  gaps: readonly UserDayGap[],
  nameOf: UserNamer = (userId) => userId
): string {
  const grouped = new Map<string, { who: string; reason: string; days: string[] }>();
  for (const gap of gaps) {
    const who = whoIsMissing(gap, nameOf);
    const reason = gap.reason ?? 'more than one Apex call may read';
    const key = `${who}\n${reason}`;
    const entry = grouped.get(key) ?? { who, reason, days: [] };
    entry.days.push(gap.day);
    grouped.set(key, entry);
  }
  return [...grouped.values()]
    .map(
      ({ who, reason, days }) =>
        `Logins of ${describeDays(days)} could not be read for ${who}: ${reason}.`
    )
    .join(' ');
}

/** The trend's gap days, grouped by reason. */
export function trendGapMessage(gaps: readonly TrendDayGap[]): string {
  const byReason = new Map<string, string[]>();
  for (const gap of gaps) {
    const reason = gap.reason ?? 'more than one Apex call may read';
    byReason.set(reason, [...(byReason.get(reason) ?? []), gap.day]);
  }
  return [...byReason]
    .map(
      ([reason, days]) =>
        `Login trend: logins of ${describeDays(days)} could not be read: ${reason}. ` +
        'The chart shows no logins on those days.'
    )
    .join(' ');
}

/** What a cancelled load left unread, in words. */
export function cancelMessage(
  users: { stoppedBy: UserReadStop | null; nextAfterUserId: string | null; read: number } | null,
  trend: TrendRead | null
): string {
  const missing: string[] = [];
  if (users?.stoppedBy === 'cancelled') {
    missing.push(
      users.read === 0
        ? 'no user was read'
        : `users after ${users.nextAfterUserId ?? 'the start'} were not read`
    );
  }
  if (trend?.cancelled) {
    missing.push(
      trend.trend === null
        ? 'the login trend was not read'
        : `the login trend misses ${describeDays(trend.unreadDays)}`
    );
  }
  return `Loading was cancelled: ${missing.join('; ')}. Refresh to read everything.`;
}

/**
 * Runs callback once the browser has painted the current frame: a frame
 * callback (before the paint) that queues a task (after it). Without frames
 * (no requestAnimationFrame) it is a plain task. Returns a canceller.
 */
export function afterNextPaint(callback: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let frame: number | undefined;
  const runSoon = () => {
    frame = undefined;
    // Deliberate: the task after the frame is what lets the KPI tiles paint before the heavy cards.
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    timer = setTimeout(callback, 0);
  };
  if (typeof requestAnimationFrame === 'function') {
    // Deliberate: runs before the frame's paint; runSoon then waits for the paint itself.
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    frame = requestAnimationFrame(runSoon);
  } else runSoon();
  return () => {
    if (frame !== undefined) cancelAnimationFrame(frame);
    if (timer !== undefined) clearTimeout(timer);
  };
}

/** Resolves in a task after the current one (so calls made then travel in a request of their own). */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    // Deliberate: a separate task is what keeps Lightning from boxcarring these calls together.
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    setTimeout(resolve, 0);
  });
}

/** The one-line login coverage summary of the header, and the figures tests read. */
export interface LoginCoverage {
  coveredDays: number;
  requestedDays: number;
  /** Users whose figures were read (the data-users-read attribute browser tests compare). */
  usersRead: number;
  /** Every day for every user, and the trend in full: nothing is missing. */
  complete: boolean;
  /** `complete` as the data-complete attribute value. */
  completeAttribute: 'true' | 'false';
  text: string;
}

/**
 * The coverage line: days covered for every user and in the trend (the lower
 * of the two), and where the days came from (nightly rollups, live reads).
 */
export function loginCoverage(
  userWindow: LoginWindowDto | null,
  trendWindow: LoginWindowDto | null,
  somethingMissing: boolean,
  usersRead = 0
): LoginCoverage | null {
  const windows = [userWindow, trendWindow].filter((w): w is LoginWindowDto => !!w);
  if (!windows.length) return null;
  const coveredDays = Math.min(...windows.map((w) => w.coveredDays));
  const requestedDays = windows[0].requestedDays;
  const { rolledUpThroughDay, firstDay, lastDay } = windows[0];
  let source: string;
  if (!rolledUpThroughDay || rolledUpThroughDay < firstDay) {
    source = 'read live (no nightly rollup covers the window yet)';
  } else if (rolledUpThroughDay >= lastDay) {
    source = `rolled up through ${rolledUpThroughDay}`;
  } else {
    source = `rolled up through ${rolledUpThroughDay}, live since ${addDays(rolledUpThroughDay, 1)}`;
  }
  const complete = !somethingMissing && coveredDays >= requestedDays;
  const text =
    `Login data: ${coveredDays} of ${requestedDays} days · ${source}` +
    (complete ? '' : ' · incomplete (see the notices)');
  return {
    coveredDays,
    requestedDays,
    usersRead,
    complete,
    completeAttribute: complete ? 'true' : 'false',
    text
  };
}

/**
 * License Lens dashboard: reads the org through the Apex controllers (context,
 * seats, login trend, users page by page), runs the analytics and hands plain
 * data to its cards. The filter bar's user filters and threshold recompute
 * locally; a new login window reloads. Works outside Lightning Experience too.
 */
export default class LlDashboard extends LightningElement {
  context: OrgContextDto | null = null;
  settings: SettingsDto | null = null;
  seats: LicenseSeatDto[] | null = null;
  trend: LoginTrendDto | null = null;
  analysis: OrgAnalysis | null = null;
  selection: FilterSelection | null = null;
  userWindow: LoginWindowDto | null = null;

  loadingContext = false;
  loadingSeats = false;
  loadingTrend = false;
  loadingUsers = false;
  loadedUsers = 0;
  userCapReached = false;
  /** Progress of the trend read; null before its first answer. */
  trendProgress: ReadProgress | null = null;
  /** The Cancel button was pressed during this load. */
  cancelRequested = false;
  /** How the user read ended (gaps, cancel, caps); null until it has. */
  usersOutcome: Pick<UserPagesRead, 'gaps' | 'stoppedBy' | 'nextAfterUserId'> | null = null;
  /** Why a part of the user set could not be read (UnreadableUsersError); null when all could. */
  usersUnreadable: string | null = null;
  /** How the trend read ended; null until it has. */
  trendOutcome: TrendRead | null = null;
  /**
   * The trend's days not read (gaps, or left by a cancel), set with
   * trendOutcome: one array per outcome, so the page's re-renders while users
   * load hand the trend card the same value and it does not redraw.
   */
  trendMissingDays: string[] = [];

  contextError: unknown = null;
  seatsError: unknown = null;
  trendError: unknown = null;
  usersError: unknown = null;
  analysisError: unknown = null;
  /**
   * How many of the heavy cards (two datatables) may render, counted from
   * the start of a load: 0 until the frame after its analysis was painted,
   * so the KPI tiles and license card paint first; then 1 (the users table)
   * and, after the frame that painted that table, 2 (integration hygiene,
   * below it). Each datatable is built in a frame of its own instead of both
   * in one long task.
   */
  detailsRevealed = 0;

  /** One HandOffList per analysis.filtered array (see filteredUsers). */
  private readonly usersHandOff = new HandOffMemo<UserInsight>();

  /** Precedes the formatted instant (a template would trim the trailing space). */
  readonly asOfPrefix = 'Data as of ';

  private users: UserDto[] = [];
  /** The filter bar's choices keep their identity while equal, so a re-render does not redraw it. */
  private readonly stableChoices = { threshold: new StableList(), window: new StableList() };
  private loginGroups: UserLoginGroupDto[] = [];
  /** Increases with every load; answers of an older load are dropped. */
  private loadId = 0;
  /** Collection runs the panel saw end; part of the History card's reload key. */
  private collectionsCompleted = 0;
  private cancelDetailsReveal: (() => void) | null = null;

  connectedCallback(): void {
    this.load(null);
  }

  disconnectedCallback(): void {
    this.stopDetailsReveal();
  }

  // ---- state the template reads ----

  get isBusy(): boolean {
    return this.loadingContext || this.loadingSeats || this.loadingTrend || this.loadingUsers;
  }

  /** isBusy as an aria-busy value. */
  get ariaBusy(): 'true' | 'false' {
    return this.isBusy ? 'true' : 'false';
  }

  get showContent(): boolean {
    return !this.contextError && !this.loadingContext && this.context !== null;
  }

  get showInitialSpinner(): boolean {
    return this.loadingContext;
  }

  get generatedAt(): string | null {
    return this.context?.generatedAt ?? null;
  }

  /** Changes on every load and after every collection run, so the History card reads again. */
  get historyReloadKey(): string {
    return `${this.generatedAt ?? ''}#${this.collectionsCompleted}`;
  }

  get timeZone(): string | null {
    return this.context?.orgTimeZone ?? null;
  }

  get currencyIsoCode(): string {
    return this.settings?.currencyIsoCode ?? '';
  }

  /** The org's list prices, for the cards that price reclaimed seats. */
  get prices(): LicensePriceDto[] {
    return this.context?.prices ?? [];
  }

  /** The Apex reads of users and trend are running (after the org context). */
  get isReading(): boolean {
    return !this.loadingContext && (this.loadingUsers || this.loadingTrend);
  }

  get progressMessage(): string {
    if (!this.isReading) return this.isBusy ? 'Loading License Lens data…' : '';
    if (this.cancelRequested) return 'Cancelling: waiting for the calls already sent…';
    const parts: string[] = [];
    if (this.loadingUsers) parts.push(`Reading users: ${formatCount(this.loadedUsers)} read…`);
    if (this.loadingTrend) {
      const progress = this.trendProgress;
      parts.push(
        progress && progress.daysTotal
          ? `Reading logins: ${progress.daysRead} of ${progress.daysTotal} days`
          : 'Reading logins…'
      );
    }
    return parts.join(' · ');
  }

  get cancelLabel(): string {
    return this.cancelRequested ? 'Cancelling…' : 'Cancel loading';
  }

  /** Days the trend card must show as not read (gaps and days a cancel left). */

  /** Something the user asked for is missing: a gap, a cancel, a cap or unreadable users. */
  get somethingMissing(): boolean {
    const users = this.usersOutcome;
    const trend = this.trendOutcome;
    return (
      !!this.usersUnreadable ||
      !!users?.gaps.length ||
      !!users?.stoppedBy ||
      !!trend?.gaps.length ||
      !!trend?.cancelled
    );
  }

  /** The header's coverage line; null while reading or when nothing was read. */
  get coverage(): LoginCoverage | null {
    if (this.isReading || this.loadingContext) return null;
    return loginCoverage(
      this.userWindow,
      this.trend?.window ?? null,
      this.somethingMissing,
      this.users.length
    );
  }

  get usersBusy(): boolean {
    return this.loadingUsers || this.loadingSeats;
  }

  /** The users table card: busy until its data may render. */
  get userTableBusy(): boolean {
    return this.usersBusy || (this.analysis !== null && this.detailsRevealed < 1);
  }

  /**
   * The reclaim policies card mounts with integration hygiene, the last of the
   * heavy cards: its own Apex call then goes after the first user page, not in
   * the same request.
   */
  get policiesRevealed(): boolean {
    return this.detailsRevealed >= 2;
  }

  /** The integration hygiene card: busy until its data may render (after the users table). */
  get integrationsBusy(): boolean {
    return this.usersBusy || (this.analysis !== null && this.detailsRevealed < 2);
  }

  get insightErrors(): unknown {
    return this.usersError || this.analysisError || null;
  }

  get kpis(): OrgAnalysis['kpis'] | null {
    return this.analysis?.kpis ?? null;
  }

  get filterOptions(): OrgAnalysis['filterOptions'] | null {
    return this.analysis?.filterOptions ?? null;
  }

  /** The users in view, handed to the users table without the engine's proxy (HandOffList). */
  get filteredUsers(): HandOffList<UserInsight> {
    return this.usersHandOff.of((this.detailsRevealed >= 1 && this.analysis?.filtered) || NO_USERS);
  }

  get integrations(): IntegrationReport | null {
    return (this.detailsRevealed >= 2 && this.analysis?.integrations) || null;
  }

  get seatsUnavailable(): boolean {
    return !!this.seatsError;
  }

  get filtersActive(): boolean {
    const selection = this.selection;
    return (
      !!selection &&
      [
        selection.department,
        selection.division,
        selection.profile,
        selection.license,
        selection.userType
      ].some((value) => value !== ALL)
    );
  }

  get thresholdChoices(): number[] {
    const settings = this.settings;
    if (!settings) return [];
    const extra = this.selection ? [this.selection.inactivityDays] : [];
    return this.stableChoices.threshold.of(
      choicesWith(INACTIVITY_THRESHOLD_CHOICES, settings.inactivityDays, ...extra)
    );
  }

  get windowChoices(): number[] {
    const settings = this.settings;
    if (!settings) return [];
    const allowed = WINDOW_CHOICES.filter((days) => days <= settings.maxWindowDays);
    return this.stableChoices.window.of(
      choicesWith(allowed, settings.defaultWindowDays, settings.maxWindowDays)
    );
  }

  /** Warnings shown above the cards, each with a stable data-id. */
  get notices(): Array<{ id: string; message: string }> {
    const notices: Array<{ id: string; message: string }> = [];
    const users = this.usersOutcome;
    const trend = this.trendOutcome;
    if (users?.stoppedBy === 'cancelled' || trend?.cancelled) {
      notices.push({
        id: 'cancelled',
        message: cancelMessage(users && { ...users, read: this.loadedUsers }, trend)
      });
    }
    if (this.usersUnreadable) {
      notices.push({
        id: 'users-unreadable',
        message: `${this.usersUnreadable} The figures cover the ${formatCount(this.loadedUsers)} users read before them.`
      });
    }
    if (users?.gaps.length) {
      const names = new Map(this.users.map((user) => [user.id, user.name]));
      const nameOf = (id: string) => (names.has(id) ? `${names.get(id)} (${id})` : id);
      notices.push({ id: 'login-gaps', message: userGapMessage(users.gaps, nameOf) });
    }
    if (trend?.gaps.length)
      notices.push({ id: 'trend-gaps', message: trendGapMessage(trend.gaps) });
    if (this.userCapReached) notices.push({ id: 'user-cap', message: this.userCapMessage });
    const frozenUnknown = this.analysis?.kpis.frozenUnknown ?? 0;
    if (frozenUnknown > 0) {
      notices.push({
        id: 'frozen-unknown',
        message: `Frozen state unknown for ${frozenUnknown} user${frozenUnknown === 1 ? '' : 's'}: Salesforce did not return it, so they are judged by their logins alone.`
      });
    }
    return notices;
  }

  get userCapMessage(): string {
    return `Stopped after ${this.loadedUsers} users (one load reads at most ${MAX_USERS} users in at most ${MAX_USER_CALLS} calls): the figures cover only these users.`;
  }

  get unpricedLicenses(): string {
    return (this.analysis?.waste.unpricedLicenses ?? []).join(', ');
  }

  get unassignedLeftOut(): boolean {
    return !!this.analysis && !this.analysis.waste.unassignedIncluded;
  }

  // ---- events ----

  handleRefresh(): void {
    this.load(this.selection?.windowDays ?? null);
  }

  /** Stops the reads of this load: no new Apex call; what was read is shown, and what was not is named. */
  handleCancel(): void {
    if (this.isReading) this.cancelRequested = true;
  }

  /** A reclaim request was accepted (llUserTable's dialog): read the org again to show its effect. */
  handleReclaimComplete(): void {
    this.handleRefresh();
  }

  /** The nightly job ran from the panel: the History card reads its new rows. */
  handleCollectionComplete(): void {
    this.collectionsCompleted++;
  }

  handleFilterChange(event: CustomEvent<FilterChangeDetail>): void {
    const { selection } = event.detail;
    const windowChanged = !this.selection || selection.windowDays !== this.selection.windowDays;
    this.selection = { ...selection };
    if (windowChanged) this.load(selection.windowDays);
    else this.recompute();
  }

  // ---- loading ----

  /** Reads everything again; windowDays null uses the org's default window. */
  private load(windowDays: number | null): void {
    const loadId = ++this.loadId;
    this.resetForLoad();
    getOrgContext()
      .then((context) => {
        if (loadId !== this.loadId) return undefined;
        this.applyContext(context, windowDays);
        const days = this.selection!.windowDays;
        const hooks: ReadHooks = {
          limiter: createLimiter(READ_CONCURRENCY),
          shouldStop: () => loadId !== this.loadId || this.cancelRequested
        };
        // The user pages are the longest chain of calls, one page after the other. Lightning
        // sends the calls made in one task as one request and answers it when all its calls
        // are done, so the first page goes alone and the seats and trend in the next task.
        const users = this.loadUsers(loadId, days, hooks);
        const others = nextTask().then(() =>
          Promise.all([this.loadSeats(loadId), this.loadTrend(loadId, days, hooks)])
        );
        return Promise.all([users, others]).then(() => {
          if (loadId !== this.loadId) return;
          this.recompute();
          this.revealDetailsAfterPaint(loadId);
        });
      })
      .catch((error: unknown) => {
        if (loadId !== this.loadId) return;
        this.contextError = error;
        this.loadingContext = false;
        this.loadingSeats = false;
        this.loadingTrend = false;
        this.loadingUsers = false;
      });
  }

  /**
   * Lets the heavy cards render one per painted frame once the KPI tiles of
   * this load have been painted: the users table, then integration hygiene.
   */
  private revealDetailsAfterPaint(loadId: number): void {
    this.stopDetailsReveal();
    const revealNext = () => {
      this.cancelDetailsReveal = null;
      if (loadId !== this.loadId) return;
      this.detailsRevealed++;
      if (this.detailsRevealed < 2) this.cancelDetailsReveal = afterNextPaint(revealNext);
    };
    this.cancelDetailsReveal = afterNextPaint(revealNext);
  }

  private stopDetailsReveal(): void {
    if (this.cancelDetailsReveal) this.cancelDetailsReveal();
    this.cancelDetailsReveal = null;
  }

  private resetForLoad(): void {
    this.stopDetailsReveal();
    this.detailsRevealed = 0;
    this.loadingContext = true;
    this.loadingSeats = true;
    this.loadingTrend = true;
    this.loadingUsers = true;
    this.contextError = null;
    this.seatsError = null;
    this.trendError = null;
    this.usersError = null;
    this.analysisError = null;
    this.loadedUsers = 0;
    this.userCapReached = false;
    this.trendProgress = null;
    this.cancelRequested = false;
    this.usersOutcome = null;
    this.usersUnreadable = null;
    this.trendOutcome = null;
    this.trendMissingDays = [];
    this.userWindow = null;
    this.analysis = null;
    this.trend = null;
    this.seats = null;
    this.users = [];
    this.loginGroups = [];
  }

  private applyContext(context: OrgContextDto, windowDays: number | null): void {
    this.context = context;
    this.settings = resolveSettings(context.settings);
    this.loadingContext = false;
    const days = windowDays ?? this.settings.defaultWindowDays;
    this.selection = this.selection
      ? { ...this.selection, windowDays: days }
      : selectionWithoutFilters(this.settings.inactivityDays, days);
  }

  private loadSeats(loadId: number): Promise<void> {
    return getLicenseSeats()
      .then((seats) => {
        if (loadId === this.loadId) this.seats = seats;
      })
      .catch((error: unknown) => {
        if (loadId === this.loadId) this.seatsError = error;
      })
      .finally(() => {
        if (loadId === this.loadId) this.loadingSeats = false;
      });
  }

  /**
   * Reads the login trend through the read planner: the whole window, in day
   * slices where Apex answers that it is too big.
   */
  private loadTrend(loadId: number, windowDays: number, hooks: ReadHooks): Promise<void> {
    const readSlice = (slice: DaySlice | null, part?: DayPart) =>
      getLoginTrend({
        windowDays,
        ...sliceParams(slice),
        ...(part ? { partStart: part.start, partEnd: part.end } : {})
      });
    return readTrend(readSlice, {
      ...hooks,
      // At most one shown every PROGRESS_INTERVAL_MS: each one re-renders the page.
      onProgress: throttleProgress((progress) => {
        if (loadId === this.loadId) this.trendProgress = progress;
      })
    })
      .then((read) => {
        if (loadId !== this.loadId) return;
        this.trend = read.trend;
        this.trendOutcome = read;
        this.trendMissingDays = [...read.gaps.map((gap) => gap.day), ...read.unreadDays];
      })
      .catch((error: unknown) => {
        if (loadId === this.loadId) this.trendError = error;
      })
      .finally(() => {
        if (loadId === this.loadId) this.loadingTrend = false;
      });
  }

  /**
   * Reads every user page through the read planner (day slices, then fewer
   * users, where Apex answers that a page is too big), up to MAX_USERS.
   */
  private loadUsers(loadId: number, windowDays: number, hooks: ReadHooks): Promise<void> {
    const readPage = (afterUserId: string | null, pageSize: number, slice: DaySlice | null) =>
      getUserPage({ afterUserId, pageSize, windowDays, ...sliceParams(slice) }).then(
        decodeUserPage
      );
    return readUserPages(
      readPage,
      { pageSize: USER_PAGE_SIZE, minPageSize: 1, maxUsers: MAX_USERS, maxCalls: MAX_USER_CALLS },
      {
        ...hooks,
        // At most one shown every PROGRESS_INTERVAL_MS: each one re-renders the page.
        onProgress: throttleProgress((progress) => {
          if (loadId === this.loadId) this.loadedUsers = progress.usersRead;
        })
      }
    )
      .then((read) => {
        if (loadId === this.loadId) this.applyUsers(read);
      })
      .catch((error: unknown) => {
        if (loadId !== this.loadId) return;
        if (error instanceof UnreadableUsersError && error.partial) {
          this.applyUsers(error.partial);
          this.usersUnreadable = error.message;
        } else {
          this.usersError = error;
        }
      })
      .finally(() => {
        if (loadId === this.loadId) this.loadingUsers = false;
      });
  }

  private applyUsers(read: UserPagesRead): void {
    this.users = read.users;
    this.loginGroups = read.loginGroups;
    this.loadedUsers = read.users.length;
    this.userWindow = read.window;
    this.usersOutcome = {
      gaps: read.gaps,
      stoppedBy: read.stoppedBy,
      nextAfterUserId: read.nextAfterUserId
    };
    this.userCapReached = read.stoppedBy === 'maxUsers' || read.stoppedBy === 'maxCalls';
  }

  /** Runs the analytics over what was read, with the current filters and threshold. */
  private recompute(): void {
    const context = this.context;
    const selection = this.selection;
    this.analysisError = null;
    if (!context || !selection || this.usersError || this.loadingUsers) {
      this.analysis = null;
      return;
    }
    try {
      this.analysis = analyzeOrg({
        users: this.users,
        loginGroups: this.loginGroups,
        seats: this.seats ?? [],
        context,
        window: this.userWindow,
        now: context.generatedAt,
        filters: toUserFilters(selection),
        inactivityDays: selection.inactivityDays
      });
    } catch (error) {
      this.analysis = null;
      this.analysisError = error;
    }
  }
}
