import { LightningElement, api } from 'lwc';
import getHistory from '@salesforce/apex/LL_HistoryController.getHistory';
import getReclaimOutcomes from '@salesforce/apex/LL_ReclaimController.getReclaimOutcomes';
import {
  OUTCOME_SHOWN_MONTHS,
  buildHistoryView,
  buildReclaimOutcomes,
  coverageLabel,
  defaultHistoryLicense,
  formatMoney,
  outcomeOfMonths,
  outcomeRangeOf,
  readHistory,
  readReclaimOutcomes,
  sharedOutcomeRead
} from 'c/llAnalytics';
import type {
  HistoryReadProgress,
  HistoryView,
  LicenseHistory,
  ReclaimOutcomes
} from 'c/llAnalytics';
import type { LicensePriceDto } from '../../../../types/contract';
import type { ChartConfiguration } from 'chart.js';
import { ChartHost, ChartLibrary } from 'c/llChartHost';

/** Series colours (SLDS palette). */
export const HISTORY_COLORS = Object.freeze({
  used: '#0176d3',
  peakUsed: '#9050e9',
  total: '#939393',
  logins: '#0176d3',
  uniqueUsers: '#2e844a'
});

/** Series labels, shared by the charts' legends and the tables' headers. */
export const HISTORY_LABELS = Object.freeze({
  used: 'Seats used (month end)',
  peakUsed: 'Peak seats used',
  total: 'Seats bought',
  free: 'Free seats',
  logins: 'Logins',
  averageUsers: 'Average daily unique users',
  peakUsers: 'Peak daily unique users',
  days: 'Days recorded'
});

const NOT_RECORDED = '—';
const LINE_WIDTH = 2;
const DASH = [6, 4];
const LOGINS_AXIS = 'y';
const USERS_AXIS = 'users';

/** Chart.js configuration of one license's seats per month. */
export function seatsChartConfig(view: HistoryView, license: LicenseHistory): ChartConfiguration {
  const values = (pick: 'used' | 'peakUsed' | 'total') =>
    license.points.map((point) => (point ? point[pick] : null));
  const line = (key: 'used' | 'peakUsed' | 'total', dashed: boolean) => ({
    label: HISTORY_LABELS[key],
    data: values(key),
    borderColor: HISTORY_COLORS[key],
    backgroundColor: HISTORY_COLORS[key],
    borderWidth: LINE_WIDTH,
    borderDash: dashed ? DASH : [],
    spanGaps: false
  });
  return {
    type: 'line',
    data: {
      labels: [...view.months],
      datasets: [line('used', false), line('peakUsed', false), line('total', true)]
    } as ChartConfiguration['data'],
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'index', intersect: false },
      plugins: { legend: { position: 'bottom' } },
      scales: { y: { beginAtZero: true, title: { display: true, text: 'Seats' } } }
    }
  };
}

/** Chart.js configuration of logins (bars) and average daily unique users (line) per month. */
export function loginsChartConfig(view: HistoryView): ChartConfiguration {
  return {
    type: 'bar',
    data: {
      labels: [...view.months],
      datasets: [
        {
          type: 'bar',
          label: HISTORY_LABELS.logins,
          data: view.logins.map((point) => (point ? point.logins : null)),
          backgroundColor: HISTORY_COLORS.logins,
          yAxisID: LOGINS_AXIS
        },
        {
          type: 'line',
          label: HISTORY_LABELS.averageUsers,
          data: view.logins.map((point) => (point ? point.averageDailyUniqueUsers : null)),
          borderColor: HISTORY_COLORS.uniqueUsers,
          backgroundColor: HISTORY_COLORS.uniqueUsers,
          borderWidth: LINE_WIDTH,
          yAxisID: USERS_AXIS
        }
      ]
    } as ChartConfiguration['data'],
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'index', intersect: false },
      plugins: { legend: { position: 'bottom' } },
      scales: {
        [LOGINS_AXIS]: { beginAtZero: true, title: { display: true, text: HISTORY_LABELS.logins } },
        [USERS_AXIS]: {
          position: 'right',
          beginAtZero: true,
          grid: { drawOnChartArea: false },
          title: { display: true, text: HISTORY_LABELS.averageUsers }
        }
      }
    }
  };
}

/** A table row with the figures as text ("—" where the month was not recorded). */
export interface HistoryTableRow {
  month: string;
  cells: Array<{ key: string; text: string }>;
}

function cell(key: string, value: number | null | undefined): { key: string; text: string } {
  return { key, text: value === null || value === undefined ? NOT_RECORDED : String(value) };
}

/** The seats table of one license, newest month first. */
export function seatRows(view: HistoryView, license: LicenseHistory): HistoryTableRow[] {
  return view.months
    .map((month, index) => {
      const point = license.points[index];
      return {
        month,
        cells: [
          cell('used', point?.used),
          cell('peakUsed', point?.peakUsed),
          cell('total', point?.total),
          cell('free', point?.free),
          {
            key: 'days',
            text: coverageLabel(point?.daysCaptured ?? 0, point?.daysInMonth ?? 0)
          }
        ]
      };
    })
    .reverse();
}

/** The logins table, newest month first; capped unique counts are marked "at least". */
export function loginRows(view: HistoryView): HistoryTableRow[] {
  return view.months
    .map((month, index) => {
      const point = view.logins[index];
      const atLeast = point?.uniqueUsersCapped ? 'at least ' : '';
      return {
        month,
        cells: [
          cell('logins', point?.logins),
          {
            key: 'averageUsers',
            text: point ? `${atLeast}${point.averageDailyUniqueUsers}` : NOT_RECORDED
          },
          {
            key: 'peakUsers',
            text: point ? `${atLeast}${point.peakDailyUniqueUsers}` : NOT_RECORDED
          },
          { key: 'days', text: coverageLabel(point?.daysRecorded ?? 0, point?.daysInMonth ?? 0) }
        ]
      };
    })
    .reverse();
}

/**
 * The reclaimed-seats table, newest month first: seats freed (deactivations
 * and permission set license removals), their monthly list price, users
 * frozen (seat still held). Months before `fromMonth` were not read ("—").
 */
export function reclaimedRows(
  view: HistoryView,
  outcomes: ReclaimOutcomes | null,
  fromMonth: string,
  currencyIsoCode: string | null
): HistoryTableRow[] {
  const figures = outcomeOfMonths(view.months, outcomes);
  return view.months
    .map((month, index) => {
      const read = outcomes !== null && month >= fromMonth;
      const entry = figures[index];
      const text = (value: string) => (read ? value : NOT_RECORDED);
      return {
        month,
        cells: [
          { key: 'seatsFreed', text: text(String(entry?.seatsFreed ?? 0)) },
          {
            key: 'monthlyValue',
            text: text(formatMoney(entry?.monthlyValue ?? 0, currencyIsoCode))
          },
          { key: 'usersFrozen', text: text(String(entry?.usersFrozen ?? 0)) }
        ]
      };
    })
    .reverse();
}

/**
 * The history card: seats per license and logins per month, as far back as
 * the nightly snapshots reach (beyond LoginHistory's six months), read slice
 * by slice through llAnalytics' read plan. Each chart has the same figures in
 * a table, always present for screen readers and shown with "Show as table".
 * Reads on connect, and again whenever `reloadKey` changes (the dashboard
 * passes the time of its latest load).
 */
export default class LlHistoryCard extends LightningElement {
  /** The org's time zone, currency and list prices, for the reclaimed seats per month. */
  @api timeZone: string | null = null;
  @api currencyIsoCode: string | null = null;
  @api prices: LicensePriceDto[] = [];

  view: HistoryView | null = null;
  /** Reclaimed seats per month (getReclaimOutcomes); null until read or when refused. */
  reclaimed: ReclaimOutcomes | null = null;
  reclaimedFromMonth = '';
  reclaimedNote: string | null = null;
  error: unknown = null;
  loading = false;
  progressMessage = '';
  selectedLicenseKey: string | null = null;
  showTable = false;
  chartFailed = false;

  readonly labels = HISTORY_LABELS;

  private key: string | null = null;
  private connected = false;
  private loadId = 0;
  private readonly chartLibrary = new ChartLibrary();
  private readonly seatsChart = new ChartHost();
  private readonly loginsChart = new ChartHost();

  /** Changing it reads the history again (e.g. the dashboard's generatedAt). */
  @api
  get reloadKey(): string | null {
    return this.key;
  }
  set reloadKey(value: string | null) {
    const changed = (value ?? null) !== this.key;
    this.key = value ?? null;
    if (changed && this.connected) this.load();
  }

  connectedCallback(): void {
    this.connected = true;
    this.load();
  }

  disconnectedCallback(): void {
    this.connected = false;
    this.loadId += 1;
    this.seatsChart.destroy();
    this.loginsChart.destroy();
  }

  // ---- state the template reads ----

  get isReady(): boolean {
    return !this.loading && !this.error && this.view !== null;
  }

  get isEmpty(): boolean {
    return this.isReady && !this.view!.hasData;
  }

  get hasData(): boolean {
    return this.isReady && this.view!.hasData;
  }

  get hasLicenses(): boolean {
    return this.hasData && this.view!.licenses.length > 0;
  }

  get hasLogins(): boolean {
    return this.hasData && this.view!.logins.some((point) => point !== null);
  }

  get showCharts(): boolean {
    return this.hasData && !this.chartFailed;
  }

  get licenseOptions(): Array<{ label: string; value: string }> {
    return (this.view?.licenses ?? []).map((license) => ({
      label: license.label,
      value: license.key
    }));
  }

  get selectedLicense(): LicenseHistory | null {
    return this.view?.licenses.find((license) => license.key === this.selectedLicenseKey) ?? null;
  }

  get seatsTitle(): string {
    const license = this.selectedLicense;
    return license ? `Seats of ${license.label} per month` : '';
  }

  get seatTableRows(): HistoryTableRow[] {
    const license = this.selectedLicense;
    return this.view && license ? seatRows(this.view, license) : [];
  }

  get loginTableRows(): HistoryTableRow[] {
    return this.view ? loginRows(this.view) : [];
  }

  get summary(): string {
    return this.view?.summary ?? '';
  }

  get tableVisible(): boolean {
    return this.showTable || this.chartFailed;
  }

  get tableClass(): string {
    return this.tableVisible ? 'slds-m-top_small ll-table' : 'slds-assistive-text';
  }

  get toggleLabel(): string {
    return this.showTable ? 'Hide tables' : 'Show as table';
  }

  get toggleDisabled(): boolean {
    return !this.hasData;
  }

  // ---- events ----

  handleToggleTable(): void {
    this.showTable = !this.showTable;
  }

  handleLicenseChange(event: CustomEvent<{ value: string }>): void {
    this.selectedLicenseKey = event.detail.value;
  }

  // ---- loading ----

  private load(): void {
    const loadId = ++this.loadId;
    this.loading = true;
    this.error = null;
    this.progressMessage = 'Reading history…';
    const read = (lastMonth: string | null, months: number) =>
      Promise.resolve().then(() => getHistory({ lastMonth, months }));
    readHistory(read, undefined, (progress) => {
      if (loadId === this.loadId) this.progressMessage = progressText(progress);
    })
      .then((result) => {
        if (loadId !== this.loadId) return;
        const view = buildHistoryView(result);
        this.view = view;
        if (!view.licenses.some((license) => license.key === this.selectedLicenseKey)) {
          this.selectedLicenseKey = defaultHistoryLicense(view);
        }
        this.loadReclaimed(loadId, view);
      })
      .catch((error: unknown) => {
        if (loadId !== this.loadId) return;
        this.view = null;
        this.error = error;
      })
      .finally(() => {
        if (loadId !== this.loadId) return;
        this.loading = false;
        this.progressMessage = '';
      });
  }

  // ---- reclaimed seats per month (issue 12) ----

  get reclaimedTableRows(): HistoryTableRow[] {
    return this.view
      ? reclaimedRows(this.view, this.reclaimed, this.reclaimedFromMonth, this.currencyIsoCode)
      : [];
  }

  get hasReclaimed(): boolean {
    return this.hasData && this.reclaimed !== null;
  }

  /**
   * Reads the reclaim outcomes of this month and the OUTCOME_SHOWN_MONTHS - 1
   * before (older months show "—"): the range of the outcomes card, so within
   * one dashboard load both cards share one read (sharedOutcomeRead). A viewer
   * without License Lens Reclaim Admin gets a note instead of the table.
   */
  private loadReclaimed(loadId: number, view: HistoryView): void {
    this.reclaimed = null;
    this.reclaimedNote = null;
    if (view.months.length === 0) return;
    const timeZone = this.timeZone ?? 'UTC';
    let range: { fromDay: string; toDay: string };
    try {
      range = outcomeRangeOf(Date.now(), timeZone, OUTCOME_SHOWN_MONTHS);
    } catch {
      this.reclaimedNote = `Reclaimed seats per month are not shown: the org time zone ${timeZone} is unknown to this browser.`;
      return;
    }
    const sharedKey = this.key === null ? null : `${this.key}|${range.fromDay}|${range.toDay}`;
    sharedOutcomeRead(sharedKey, () =>
      readReclaimOutcomes((afterId) => getReclaimOutcomes({ ...range, afterId, pageSize: null }), {
        // A shared read is not stopped by one card: the other may be waiting for it.
        shouldStop: sharedKey === null ? () => loadId !== this.loadId : undefined
      })
    )
      .then((read) => {
        if (loadId !== this.loadId) return;
        this.reclaimedFromMonth = range.fromDay.slice(0, 7);
        this.reclaimed = buildReclaimOutcomes(read.pages, this.prices ?? [], timeZone, {
          truncated: read.truncated
        });
      })
      .catch(() => {
        if (loadId !== this.loadId) return;
        this.reclaimedNote =
          'Reclaimed seats per month are shown to License Lens Reclaim Admins (they read the reclaim audit trail).';
      });
  }

  // ---- charts ----

  renderedCallback(): void {
    const ready = this.chartLibrary.ensure(
      this,
      () => this.drawCharts(),
      () => {
        this.chartFailed = true;
      }
    );
    if (ready) this.drawCharts();
  }

  private drawCharts(): void {
    if (!this.chartLibrary.ready) return;
    const view = this.showCharts ? this.view : null;
    const license = this.selectedLicense;
    const seats = this.seatsChart.draw(
      this.container('seats-chart'),
      view && license ? license : null,
      () => seatsChartConfig(view!, license!)
    );
    const logins = this.loginsChart.draw(this.container('logins-chart'), view, () =>
      loginsChartConfig(view!)
    );
    if (seats === 'failed' || logins === 'failed') this.chartFailed = true;
  }

  private container(id: string): Element | null {
    return this.template?.querySelector(`[data-id="${id}"]`) ?? null;
  }
}

function progressText(progress: HistoryReadProgress): string {
  return progress.monthsToRead === null
    ? `Reading history: ${progress.monthsRead} months…`
    : `Reading history: ${Math.min(progress.monthsRead, progress.monthsToRead)} of ${progress.monthsToRead} months…`;
}
