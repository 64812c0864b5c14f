import { LightningElement } from 'lwc';
import getOrgContext from '@salesforce/apex/LL_InsightsController.getOrgContext';
import getUserPage from '@salesforce/apex/LL_InsightsController.getUserPage';
import getLoginTrend from '@salesforce/apex/LL_InsightsController.getLoginTrend';
import getLicenseSeats from '@salesforce/apex/LL_LicenseController.getLicenseSeats';
import { INACTIVITY_THRESHOLD_CHOICES, analyzeOrg, resolveSettings, sortRows } from 'c/llAnalytics';
import { readUserPages } from 'c/llReadPlanner';
import type { IntegrationReport, OrgAnalysis, UserFilters, UserInsight } from 'c/llAnalytics';
import type { FilterChangeDetail, FilterSelection } from 'c/llFilterBar';
import type {
  LicenseSeatDto,
  LoginTrendDto,
  LoginWindowDto,
  OrgContextDto,
  SettingsDto,
  UserDto,
  UserLoginGroupDto
} from '../../../../types/contract';

/** Users asked for per getUserPage call (the server's maximum). */
export const USER_PAGE_SIZE = 2000;
/** The most users one load reads. */
export const MAX_USERS = 200_000;
/** The most getUserPage calls one load makes (retries with fewer users included). */
export const MAX_USER_CALLS = 1_000;
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

function isCut(window: LoginWindowDto | null): boolean {
  return !!window && (window.truncated || window.coveredDays < window.requestedDays);
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

/** The page window covering the fewest days: every user's figures are at least that good. */
function narrowestWindow(windows: readonly LoginWindowDto[]): LoginWindowDto | null {
  let narrowest: LoginWindowDto | null = null;
  for (const window of windows) {
    if (!narrowest || window.coveredDays < narrowest.coveredDays) narrowest = window;
  }
  return narrowest;
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

  contextError: unknown = null;
  seatsError: unknown = null;
  trendError: unknown = null;
  usersError: unknown = null;
  analysisError: unknown = null;
  /**
   * False from the start of a load until the frame after its analysis was
   * painted: the heavy cards (users table, integration hygiene, two
   * datatables) wait, so the KPI tiles and license card paint first.
   */
  detailsReady = false;

  /** Precedes the formatted instant (a template would trim the trailing space). */
  readonly asOfPrefix = 'Data as of ';

  private users: UserDto[] = [];
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

  get progressMessage(): string {
    if (this.loadingUsers) return `Loaded ${this.loadedUsers} users…`;
    if (this.isBusy) return 'Loading License Lens data…';
    return '';
  }

  get usersBusy(): boolean {
    return this.loadingUsers || this.loadingSeats;
  }

  /** The users table and integration hygiene cards: busy until their data may render. */
  get detailsBusy(): boolean {
    return this.usersBusy || (this.analysis !== null && !this.detailsReady);
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

  get filteredUsers(): readonly UserInsight[] {
    return (this.detailsReady && this.analysis?.filtered) || [];
  }

  get integrations(): IntegrationReport | null {
    return (this.detailsReady && this.analysis?.integrations) || null;
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
    return choicesWith(INACTIVITY_THRESHOLD_CHOICES, settings.inactivityDays, ...extra);
  }

  get windowChoices(): number[] {
    const settings = this.settings;
    if (!settings) return [];
    const allowed = WINDOW_CHOICES.filter((days) => days <= settings.maxWindowDays);
    return choicesWith(allowed, settings.defaultWindowDays, settings.maxWindowDays);
  }

  get userWindowCut(): boolean {
    return isCut(this.userWindow);
  }

  get userWindowMessage(): string {
    const window = this.userWindow;
    if (!window) return '';
    return `Showing the last ${window.coveredDays} of ${window.requestedDays} days: the org has more login history than one request can read.`;
  }

  /** Warnings shown above the cards, each with a stable data-id. */
  get notices(): Array<{ id: string; message: string }> {
    const notices: Array<{ id: string; message: string }> = [];
    if (this.userWindowCut) notices.push({ id: 'window-cut', message: this.userWindowMessage });
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
        return Promise.all([
          this.loadSeats(loadId),
          this.loadTrend(loadId, days),
          this.loadUsers(loadId, days)
        ]).then(() => {
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

  /** Lets the heavy cards render once the KPI tiles of this load have been painted. */
  private revealDetailsAfterPaint(loadId: number): void {
    this.stopDetailsReveal();
    this.cancelDetailsReveal = afterNextPaint(() => {
      this.cancelDetailsReveal = null;
      if (loadId === this.loadId) this.detailsReady = true;
    });
  }

  private stopDetailsReveal(): void {
    if (this.cancelDetailsReveal) this.cancelDetailsReveal();
    this.cancelDetailsReveal = null;
  }

  private resetForLoad(): void {
    this.stopDetailsReveal();
    this.detailsReady = false;
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

  private loadTrend(loadId: number, windowDays: number): Promise<void> {
    return getLoginTrend({ windowDays })
      .then((trend) => {
        if (loadId === this.loadId) this.trend = trend;
      })
      .catch((error: unknown) => {
        if (loadId === this.loadId) this.trendError = error;
      })
      .finally(() => {
        if (loadId === this.loadId) this.loadingTrend = false;
      });
  }

  /**
   * Reads every user page through the read planner (smaller pages where the
   * users hold too many login groups for one Apex call), up to MAX_USERS.
   */
  private loadUsers(loadId: number, windowDays: number): Promise<void> {
    const readPage = (afterUserId: string | null, pageSize: number) =>
      getUserPage({ afterUserId, pageSize, windowDays });
    return readUserPages(
      readPage,
      { pageSize: USER_PAGE_SIZE, minPageSize: 1, maxUsers: MAX_USERS, maxCalls: MAX_USER_CALLS },
      (progress) => {
        if (loadId === this.loadId) this.loadedUsers = progress.usersRead;
      }
    )
      .then((read) => {
        if (loadId !== this.loadId) return;
        this.users = read.users;
        this.loginGroups = read.loginGroups;
        this.userWindow = narrowestWindow(read.windows);
        this.userCapReached = read.nextAfterUserId !== null;
      })
      .catch((error: unknown) => {
        if (loadId === this.loadId) this.usersError = error;
      })
      .finally(() => {
        if (loadId === this.loadId) this.loadingUsers = false;
      });
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
