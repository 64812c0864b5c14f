import { LightningElement, api } from 'lwc';
import simulatePolicy from '@salesforce/apex/LL_ReclaimController.simulatePolicy';
import getOrgContext from '@salesforce/apex/LL_InsightsController.getOrgContext';
import {
  formatMoney,
  mergeSimulationPages,
  readPolicySimulation,
  simulatePolicy as replay
} from 'c/llAnalytics';
import type { SimulationResult } from 'c/llAnalytics';

/** What the simulation assumes, always shown with the result. */
export const ASSUMPTIONS =
  'Assumes the notices are sent. Uses the policy as it is today (license, threshold, exclusions) and the users active now; logins are whole days from the nightly rollups.';

/** One line of the figures table. */
export interface FigureRow {
  key: string;
  label: string;
  value: string;
}

/** The figures of a simulation, in the order the card lists them. */
export function figureRowsOf(
  result: SimulationResult,
  currencyIsoCode: string | null
): FigureRow[] {
  const count = (value: number) => new Intl.NumberFormat('en-US').format(value);
  const rows: Array<[string, string, string]> = [
    ['usersRead', 'Users of the license read', count(result.usersRead)],
    ['usersExcluded', 'Left out by the exclusions', count(result.usersExcluded)],
    ['candidates', 'Candidates (noticed at least once)', count(result.candidates)],
    ['notices', 'Notices', count(result.notices)],
    [
      'loginsDuringNotice',
      'Logged in during the notice (kept the seat)',
      count(result.loginsDuringNotice)
    ],
    ['freezes', 'Freezes', count(result.freezes)],
    [
      'loginsAfterFreeze',
      'Logged in after the freeze (would need an unfreeze)',
      count(result.loginsAfterFreeze)
    ],
    ['deactivations', 'Deactivations (seats freed)', count(result.deactivations)],
    [
      'loginsAfterDeactivation',
      'Logged in after the deactivation (would need reactivating)',
      count(result.loginsAfterDeactivation)
    ],
    [
      'candidatesLoggedInLater',
      'Candidates who logged in again later',
      count(result.candidatesLoggedInLater)
    ],
    ['seatsFreedAtEnd', `Seats still freed on ${result.lastDay}`, count(result.seatsFreedAtEnd)],
    [
      'monthlyValueAtEnd',
      'Their list price per month',
      formatMoney(result.monthlyValueAtEnd, currencyIsoCode)
    ],
    [
      'valueOverPeriod',
      'List price of the seat-days freed in the period',
      formatMoney(result.valueOverPeriod, currencyIsoCode)
    ],
    ['stepsDeferredByCap', 'Steps the cap moved to a later night', count(result.stepsDeferredByCap)]
  ];
  return rows.map(([key, label, value]) => ({ key, label, value }));
}

/**
 * The result of "Simulate" on the policy card: reads the policy's simulation
 * pages (simulatePolicy, halving a page that is too big), replays the ladder
 * with llAnalytics and shows the figures as a table, the seats per license,
 * and every approximation. Loading shows progress and a Cancel button; a
 * failure shows the error panel. Raises `close` when the admin closes it.
 */
export default class LlPolicySimulation extends LightningElement {
  @api label: string | null = null;

  /** The policy to simulate; a new name (the card's Simulate on another row) starts again. */
  @api
  get policyName(): string | null {
    return this.name;
  }
  set policyName(value: string | null) {
    const changed = (value ?? null) !== this.name;
    this.name = value ?? null;
    if (changed && this.connected) this.run().catch(() => undefined);
  }

  loading = false;
  progress = '';
  error: unknown = null;
  result: SimulationResult | null = null;
  currencyIsoCode: string | null = null;
  private stopped = false;
  private runId = 0;
  private name: string | null = null;
  private connected = false;

  connectedCallback(): void {
    this.connected = true;
    this.run().catch(() => undefined);
  }

  disconnectedCallback(): void {
    this.connected = false;
    this.runId++;
    this.stopped = true;
  }

  private async run(): Promise<void> {
    const policyName = this.name;
    if (!policyName) return;
    const runId = ++this.runId;
    this.loading = true;
    this.stopped = false;
    this.error = null;
    this.result = null;
    this.progress = 'Simulating: reading users…';
    try {
      const context = await getOrgContext();
      const read = await readPolicySimulation(
        (afterUserId, pageSize) => simulatePolicy({ policyName, afterUserId, pageSize }),
        {
          shouldStop: () => this.stopped || runId !== this.runId,
          onProgress: (users) => {
            if (runId === this.runId) this.progress = `Simulating: ${users} users read…`;
          }
        }
      );
      if (runId !== this.runId) return;
      if (!read.pages.length) {
        this.result = null;
        this.error = null;
        return;
      }
      this.currencyIsoCode = context?.settings?.currencyIsoCode ?? null;
      this.result = replay(mergeSimulationPages(read.pages, read.truncated), context?.prices ?? []);
    } catch (error) {
      if (runId === this.runId) this.error = error;
    } finally {
      if (runId === this.runId) {
        this.loading = false;
        this.progress = '';
      }
    }
  }

  get heading(): string {
    const name = this.label ?? this.name ?? '';
    return this.result
      ? `What ${name} would have done, ${this.result.firstDay} to ${this.result.lastDay}`
      : `What ${name} would have done over the last 180 days`;
  }

  get hasResult(): boolean {
    return !this.loading && this.result !== null;
  }

  get cancelledEmpty(): boolean {
    return !this.loading && this.result === null && this.error === null;
  }

  get figureRows(): FigureRow[] {
    return this.result ? figureRowsOf(this.result, this.currencyIsoCode) : [];
  }

  get licenseRows(): Array<{
    key: string;
    name: string;
    freed: string;
    atEnd: string;
    price: string;
  }> {
    return (this.result?.licenses ?? []).map((license) => ({
      key: license.licenseName,
      name: license.licenseName,
      freed: String(license.seatsFreed),
      atEnd: String(license.seatsFreedAtEnd),
      price: license.priced ? formatMoney(license.monthlyPrice, this.currencyIsoCode) : 'no price'
    }));
  }

  get hasLicenseRows(): boolean {
    return this.licenseRows.length > 0;
  }

  get notes(): Array<{ key: string; text: string }> {
    const notes = [...(this.result?.notes ?? [])];
    if (this.result?.unpricedLicenses.length) {
      notes.push(`No list price for: ${this.result.unpricedLicenses.join(', ')} (counted 0).`);
    }
    return notes.map((text, index) => ({ key: `note-${index}`, text }));
  }

  get assumptions(): string {
    return ASSUMPTIONS;
  }

  handleCancel(): void {
    this.stopped = true;
  }

  handleRerun(): void {
    this.run().catch(() => undefined);
  }

  handleClose(): void {
    this.runId++;
    this.stopped = true;
    this.dispatchEvent(new CustomEvent('close'));
  }
}
