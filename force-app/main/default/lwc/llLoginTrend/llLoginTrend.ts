import { LightningElement, api } from 'lwc';
import { buildLoginTrend, createOrgCalendar } from 'c/llAnalytics';
import type { LoginTrendPoint, LoginTrendSeries } from 'c/llAnalytics';
import type { ChartConfiguration } from 'chart.js';
import { ChartHost, ChartLibrary } from 'c/llChartHost';
import type { LoginTrendDto, LoginWindowDto } from '../../../../types/contract';

/** Series colours (SLDS palette), in dataset order. */
export const SERIES_COLORS = Object.freeze({
  interactive: '#0176d3',
  api: '#9050e9',
  other: '#939393',
  failures: '#ba0517',
  uniqueUsers: '#2e844a'
});

/** Dataset labels, shared by the chart legend and the table headers. */
export const SERIES_LABELS = Object.freeze({
  interactive: 'Interactive logins',
  api: 'API and OAuth logins',
  other: 'Other logins',
  failures: 'Failed logins',
  uniqueUsers: 'Unique users'
});

const LOGINS_STACK = 'logins';
const FAILURES_STACK = 'failures';
const LOGINS_AXIS = 'y';
const USERS_AXIS = 'users';
const LINE_WIDTH = 2;

/** The window was cut short when the data layer says so, or covers fewer days than asked. */
export function isWindowCut(window: LoginWindowDto | null | undefined): boolean {
  return !!window && (window.truncated || window.coveredDays < window.requestedDays);
}

/** Chart.js configuration for a series: stacked login bars, failure bars and a unique-users line. */
export function chartConfig(series: LoginTrendSeries): ChartConfiguration {
  return {
    type: 'bar',
    data: chartData(series),
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'index', intersect: false },
      plugins: { legend: { position: 'bottom' } },
      scales: {
        x: { stacked: true },
        [LOGINS_AXIS]: {
          stacked: true,
          beginAtZero: true,
          title: { display: true, text: 'Logins' }
        },
        [USERS_AXIS]: {
          position: 'right',
          beginAtZero: true,
          grid: { drawOnChartArea: false },
          title: { display: true, text: SERIES_LABELS.uniqueUsers }
        }
      }
    }
  };
}

function chartData(series: LoginTrendSeries): ChartConfiguration['data'] {
  const bar = (key: 'interactive' | 'api' | 'other' | 'failures', stack: string) => ({
    type: 'bar' as const,
    label: SERIES_LABELS[key],
    data: [...series[key]],
    backgroundColor: SERIES_COLORS[key],
    stack,
    yAxisID: LOGINS_AXIS
  });
  return {
    labels: [...series.days],
    datasets: [
      bar('interactive', LOGINS_STACK),
      bar('api', LOGINS_STACK),
      bar('other', LOGINS_STACK),
      bar('failures', FAILURES_STACK),
      {
        type: 'line' as const,
        label: SERIES_LABELS.uniqueUsers,
        data: [...series.uniqueUsers],
        borderColor: SERIES_COLORS.uniqueUsers,
        backgroundColor: SERIES_COLORS.uniqueUsers,
        borderWidth: LINE_WIDTH,
        yAxisID: USERS_AXIS
      }
    ]
  } as ChartConfiguration['data'];
}

function hasAnyLogin(point: LoginTrendPoint): boolean {
  return (
    point.interactive > 0 ||
    point.api > 0 ||
    point.other > 0 ||
    point.failures > 0 ||
    point.uniqueUsers > 0
  );
}

/**
 * The login trend over the window: daily interactive, API and other logins,
 * failures and unique users, drawn with Chart.js (static resource LL_ChartJs)
 * and always available as a table for screen readers ("Show as table" makes
 * it visible). Says so when the data layer cut the window short.
 */
export default class LlLoginTrend extends LightningElement {
  @api loading = false;
  /** The error that kept the trend from loading. */
  @api errors: unknown;
  /** True when the dashboard filters narrow the users (the trend cannot follow them). */
  @api filtersActive = false;

  series: LoginTrendSeries | null = null;
  buildError: unknown = null;
  showTable = false;
  chartFailed = false;

  readonly labels = SERIES_LABELS;

  private trendDto: LoginTrendDto | null = null;
  private zone: string | null = null;
  private missing: string[] = [];
  private readonly chartLibrary = new ChartLibrary();
  private readonly chartHost = new ChartHost();

  /** The trend from getLoginTrend; null while loading. */
  @api
  get trend(): LoginTrendDto | null {
    return this.trendDto;
  }
  set trend(value: LoginTrendDto | null) {
    this.trendDto = value ?? null;
    this.refreshSeries();
  }

  /**
   * Days the read planner could not read (gaps, or left by a cancel): shown
   * as not read, never as days without logins.
   */
  @api
  get missingDays(): string[] {
    return this.missing;
  }
  set missingDays(value: string[] | null) {
    const next = value ? [...value] : [];
    // The dashboard re-renders on every page of users it reads; the same days
    // again must not rebuild the series and redraw the chart.
    if (next.length === this.missing.length && next.every((day, i) => day === this.missing[i])) {
      return;
    }
    this.missing = next;
    this.refreshSeries();
  }

  /** The org's IANA time zone: days are org-local. */
  @api
  get timeZone(): string | null {
    return this.zone;
  }
  set timeZone(value: string | null) {
    if ((value ?? null) === this.zone) return;
    this.zone = value ?? null;
    this.refreshSeries();
  }

  get errorsToShow(): unknown {
    return this.errors || this.buildError || null;
  }

  get isLoading(): boolean {
    return this.loading && !this.errorsToShow;
  }

  get isReady(): boolean {
    return !this.loading && !this.errorsToShow && this.series !== null;
  }

  get hasLogins(): boolean {
    return !!this.series && this.series.points.some(hasAnyLogin);
  }

  get showChart(): boolean {
    return this.isReady && this.hasLogins && !this.chartFailed;
  }

  get showChartFailed(): boolean {
    return this.isReady && this.hasLogins && this.chartFailed;
  }

  get isEmpty(): boolean {
    return this.isReady && !this.hasLogins;
  }

  get tableVisible(): boolean {
    return this.showTable || this.chartFailed;
  }

  get tableClass(): string {
    return this.tableVisible ? 'slds-m-top_small ll-table' : 'slds-assistive-text';
  }

  get toggleLabel(): string {
    return this.showTable ? 'Hide table' : 'Show as table';
  }

  get loginWindow(): LoginWindowDto | null {
    return this.trendDto?.window ?? null;
  }

  get isCut(): boolean {
    return isWindowCut(this.loginWindow);
  }

  get cutMessage(): string {
    const covered = this.loginWindow;
    if (!covered) return '';
    const days = this.series?.missingDays ?? [];
    const named = days.length
      ? ` Not read: ${days.join(', ')}; the chart shows no logins on ${days.length === 1 ? 'that day' : 'those days'}.`
      : '';
    return `${covered.coveredDays} of ${covered.requestedDays} days could be read.${named}`;
  }

  /** The table's rows: a day not read says so; a capped unique-user count says it is a lower bound. */
  get rows(): Array<LoginTrendPoint & { dayLabel: string; uniqueUsersLabel: string }> {
    return (this.series?.points ?? []).map((point) => ({
      ...point,
      dayLabel: point.missing ? `${point.day} (not read)` : point.day,
      uniqueUsersLabel: point.uniqueUsersCapped
        ? `at least ${point.uniqueUsers}`
        : String(point.uniqueUsers)
    }));
  }

  get emptyMessage(): string {
    const days = this.loginWindow?.coveredDays ?? 0;
    return `No logins were recorded in the last ${days} days.`;
  }

  handleToggleTable(): void {
    this.showTable = !this.showTable;
  }

  renderedCallback(): void {
    const ready = this.chartLibrary.ensure(
      this,
      () => this.drawChart(),
      () => {
        this.chartFailed = true;
      }
    );
    if (ready) this.drawChart();
  }

  disconnectedCallback(): void {
    this.chartHost.destroy();
  }

  private refreshSeries(): void {
    this.buildError = null;
    this.series = null;
    if (!this.trendDto || !this.zone) return;
    try {
      this.series = buildLoginTrend(this.trendDto, createOrgCalendar(this.zone), this.missing);
    } catch (error) {
      this.buildError = error;
    }
  }

  private drawChart(): void {
    if (!this.chartLibrary.ready) return;
    const container = this.template?.querySelector('[data-id="chart"]') ?? null;
    const series = this.series;
    const outcome = this.chartHost.draw(container, series, () =>
      chartConfig(series as LoginTrendSeries)
    );
    if (outcome === 'failed') this.chartFailed = true;
  }
}
