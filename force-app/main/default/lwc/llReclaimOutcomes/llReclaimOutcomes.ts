import { LightningElement, api } from 'lwc';
import getReclaimOutcomes from '@salesforce/apex/LL_ReclaimController.getReclaimOutcomes';
import {
  CAME_BACK_DAYS,
  OUTCOME_SHOWN_MONTHS,
  buildReclaimOutcomes,
  formatMoney,
  outcomeRangeOf,
  readReclaimOutcomes,
  sharedOutcomeRead
} from 'c/llAnalytics';
import type { OutcomeFigures, ReclaimOutcomes } from 'c/llAnalytics';
import type { LicensePriceDto } from '../../../../types/contract';
import { reduceErrors } from 'c/llErrors';

/** Months the card reads back (this month and the eleven before; the History card reads the same). */
export const OUTCOME_MONTHS = OUTCOME_SHOWN_MONTHS;

/** What the card shows instead of itself for a viewer without the reclaim controller. */
export const OUTCOMES_UNAVAILABLE_PREFIX =
  'Reclaim outcomes are not shown (they need License Lens Reclaim Admin):';

/** One of the card's tables: its heading, headers and rows (data-id and row data-id for tests). */
export interface OutcomeTableView {
  id: string;
  rowId: string;
  heading: string;
  caption: string;
  headers: string[];
  rows: OutcomeRow[];
}

/** One table row: its label and the figures as text. */
export interface OutcomeRow {
  key: string;
  label: string;
  cells: Array<{ key: string; text: string }>;
}

/** The figures of a group as the card's cells: seats freed, value, frozen, came back. */
export function cellsOf(
  figures: OutcomeFigures,
  currencyIsoCode: string | null
): Array<{ key: string; text: string }> {
  return [
    { key: 'seatsFreed', text: String(figures.seatsFreed) },
    { key: 'monthlyValue', text: formatMoney(figures.monthlyValue, currencyIsoCode) },
    { key: 'usersFrozen', text: String(figures.usersFrozen) },
    { key: 'cameBackWithin', text: String(figures.cameBackWithin) }
  ];
}

/** The rows of the three tables, newest month first. */
export function outcomeTables(
  outcomes: ReclaimOutcomes,
  currencyIsoCode: string | null
): { months: OutcomeRow[]; departments: OutcomeRow[]; policies: OutcomeRow[] } {
  return {
    months: [...outcomes.months].reverse().map((entry) => ({
      key: entry.month,
      label: entry.month,
      cells: cellsOf(entry, currencyIsoCode)
    })),
    departments: outcomes.departments.map((entry) => ({
      key: entry.department,
      label: entry.department,
      cells: cellsOf(entry, currencyIsoCode)
    })),
    policies: outcomes.policies.map((entry) => ({
      key: entry.policy ?? '',
      label: entry.label,
      cells: [
        { key: 'reclaims', text: String(entry.reclaims) },
        { key: 'cameBackWithin', text: String(entry.cameBackWithin) },
        { key: 'cameBackPercent', text: `${entry.cameBackPercent}%` },
        { key: 'cameBackLaterOrUnknown', text: String(entry.cameBackLaterOrUnknown) },
        { key: 'unknown', text: String(entry.unknown) }
      ]
    }))
  };
}

/**
 * Reclaim outcomes, the closed loop: seats freed and their monthly list price
 * per month and per department, and how many reclaims came back within 30
 * days per policy (manual reclaims on their own row), over the last 12
 * months. Reads every page of getReclaimOutcomes, folds them with llAnalytics,
 * and shows three tables (no chart: the tables are the view). A viewer who
 * may not call LL_ReclaimController sees a one-line note instead.
 */
export default class LlReclaimOutcomes extends LightningElement {
  @api timeZone: string | null = null;
  @api currencyIsoCode: string | null = null;
  @api prices: LicensePriceDto[] = [];

  loading = false;
  progress = '';
  outcomes: ReclaimOutcomes | null = null;
  unavailableMessages: string[] | null = null;
  private loadId = 0;
  private key: string | null = null;
  /** Refresh presses: after one, the card reads on its own. */
  private refreshes = 0;
  private connected = false;

  /** Changing it reads again (the dashboard passes the time of its latest load). */
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
    this.loadId++;
  }

  private load(): void {
    const timeZone = this.timeZone ?? 'UTC';
    const loadId = ++this.loadId;
    let range: { fromDay: string; toDay: string };
    try {
      range = outcomeRangeOf(Date.now(), timeZone, OUTCOME_MONTHS);
    } catch (error) {
      // An unknown org time zone: months cannot be told apart; say so instead of guessing.
      this.outcomes = null;
      this.unavailableMessages = reduceErrors(error);
      return;
    }
    this.loading = true;
    this.unavailableMessages = null;
    this.progress = 'Reading reclaim outcomes…';
    // Shared with the History card within one dashboard load (same range, one read).
    const sharedKey =
      this.key === null || this.refreshes > 0
        ? null
        : `${this.key}|${range.fromDay}|${range.toDay}`;
    sharedOutcomeRead(sharedKey, () =>
      readReclaimOutcomes((afterId) => getReclaimOutcomes({ ...range, afterId, pageSize: null }), {
        // A shared read is not stopped by one card: the other may be waiting for it.
        shouldStop: sharedKey === null ? () => loadId !== this.loadId : undefined,
        onProgress: (rows) => {
          if (loadId === this.loadId) this.progress = `Reading reclaim outcomes: ${rows} reclaims…`;
        }
      })
    )
      .then((read) => {
        if (loadId !== this.loadId) return;
        this.unavailableMessages = null;
        this.outcomes = buildReclaimOutcomes(read.pages, this.prices ?? [], timeZone, {
          truncated: read.truncated
        });
      })
      .catch((error: unknown) => {
        if (loadId !== this.loadId) return;
        this.outcomes = null;
        // As the policy card: the exact wording of a refused class access is unverified, so any
        // refusal becomes a one-line note carrying Salesforce's message.
        this.unavailableMessages = reduceErrors(error);
      })
      .finally(() => {
        if (loadId !== this.loadId) return;
        this.loading = false;
        this.progress = '';
      });
  }

  get unavailable(): boolean {
    return this.unavailableMessages !== null;
  }

  get unavailableNote(): string {
    return `${OUTCOMES_UNAVAILABLE_PREFIX} ${(this.unavailableMessages ?? []).join(' ')}`;
  }

  get showCard(): boolean {
    return !this.unavailable;
  }

  get hasOutcomes(): boolean {
    return !this.loading && (this.outcomes?.totals.reclaims ?? 0) > 0;
  }

  get isEmpty(): boolean {
    return !this.loading && this.outcomes !== null && this.outcomes.totals.reclaims === 0;
  }

  get summary(): string {
    const outcomes = this.outcomes;
    if (!outcomes) return '';
    const totals = outcomes.totals;
    return (
      `${outcomes.fromDay} to ${outcomes.toDay}: ${totals.seatsFreed} seats freed ` +
      `(${formatMoney(totals.monthlyValue, this.currencyIsoCode)} a month at list price), ` +
      `${totals.usersFrozen} users frozen (their seats still held), ` +
      `${totals.cameBackWithin} of ${totals.reclaims} reclaims came back within ${CAME_BACK_DAYS} days.`
    );
  }

  /** The card's three tables (per month, per department, per policy), built once per render. */
  get tableViews(): OutcomeTableView[] {
    if (!this.outcomes) return [];
    const tables = outcomeTables(this.outcomes, this.currencyIsoCode);
    const within = `Came back within ${CAME_BACK_DAYS} days`;
    const figures = ['Seats freed', 'List price per month', 'Users frozen (seat held)', within];
    return [
      {
        id: 'months',
        rowId: 'month-row',
        heading: 'Per month',
        caption: 'Reclaim outcomes per month',
        headers: ['Month', ...figures],
        rows: tables.months
      },
      {
        id: 'departments',
        rowId: 'department-row',
        heading: 'Per department',
        caption: 'Reclaim outcomes per department',
        headers: ['Department', ...figures],
        rows: tables.departments
      },
      {
        id: 'policies',
        rowId: 'policy-row',
        heading: 'False positives per policy',
        caption: `Reclaims that came back within ${CAME_BACK_DAYS} days, per policy`,
        headers: [
          'Policy',
          'Reclaims',
          within,
          'Share',
          'Came back, when unknown',
          'State unknown'
        ],
        rows: tables.policies
      }
    ];
  }

  get notes(): Array<{ key: string; text: string }> {
    const notes = [...(this.outcomes?.notes ?? [])];
    if (this.outcomes?.unpricedLicenses.length) {
      notes.push(
        `No list price for: ${this.outcomes.unpricedLicenses.join(', ')} (their seats count 0).`
      );
    }
    return notes.map((text, index) => ({ key: `note-${index}`, text }));
  }

  /** Reads again, never from the read shared with the History card. */
  handleRefresh(): void {
    this.refreshes++;
    this.load();
  }
}
