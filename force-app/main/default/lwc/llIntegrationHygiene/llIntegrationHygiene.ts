import { LightningElement, api } from 'lwc';
import type { DataTableColumn } from 'c/llDataTable';
import {
  DEFAULT_PAGE_SIZE,
  createOrgCalendar,
  pageOf,
  sortRows,
  toUserTableRows
} from 'c/llAnalytics';
import type {
  IntegrationFinding,
  IntegrationReport,
  OrgCalendar,
  Page,
  SortDirection
} from 'c/llAnalytics';

/** One finding as the datatable shows it. */
export interface FindingRow {
  id: string;
  fullName: string | null;
  username: string | null;
  profileName: string | null;
  licenseName: string | null;
  apiSharePercent: number | null;
  apiLogins: number | null;
  clientCredentialsLogins: number | null;
  interactiveLogins: number | null;
  lastApiLogin: string | null;
  adminProfile: boolean;
  recommendation: string;
  usesFreeSeat: boolean;
  integrationMonthlyPrice: number;
  annualSaving: number;
}

type FindingField = Exclude<keyof FindingRow, 'id'>;

/** Narrowest column (px): on a tablet the table scrolls sideways instead of squeezing text. */
export const MIN_COLUMN_WIDTH = 110;

/** Width (px) that shows a whole recommendation on one line. */
const RECOMMENDATION_WIDTH = 440;

/** Rows per page. */
export const PAGE_SIZE = DEFAULT_PAGE_SIZE;

/** What to do with an integration on a human seat. */
export const RECOMMENDATION = 'Move to a Salesforce Integration license';
/** What to do when that user also has an administrator profile. */
export const ADMIN_RECOMMENDATION =
  'Move to a Salesforce Integration license and off the administrator profile';
/** How to replace an administrator profile, said once above the table. */
export const ADMIN_ADVICE =
  'Give each one the "Minimum Access - API Only Integrations" profile and a permission set granting only what that integration needs.';

type DatatableColumn = DataTableColumn & { fieldName: FindingField };

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}

function recommendationFor(finding: IntegrationFinding): string {
  return finding.adminProfile ? ADMIN_RECOMMENDATION : RECOMMENDATION;
}

/** Flat datatable rows for findings; display values come from the analytics' table rows. */
export function toFindingRows(
  findings: readonly IntegrationFinding[],
  calendar: OrgCalendar
): FindingRow[] {
  const userRows = toUserTableRows(
    findings.map((finding) => finding.insight),
    calendar
  );
  return findings.map((finding, index) => {
    const user = userRows[index];
    return {
      id: finding.id,
      fullName: text(user.name),
      username: text(user.username),
      profileName: text(user.profileName),
      licenseName: text(user.licenseName),
      apiSharePercent: numberOrNull(user.apiSharePercent),
      apiLogins: numberOrNull(user.apiLogins),
      clientCredentialsLogins: numberOrNull(user.clientCredentialsLogins),
      interactiveLogins: numberOrNull(user.interactiveLogins),
      lastApiLogin: text(user.lastApiLogin),
      adminProfile: finding.adminProfile,
      recommendation: recommendationFor(finding),
      usesFreeSeat: finding.usesFreeSeat,
      integrationMonthlyPrice: finding.integrationMonthlyPrice,
      annualSaving: finding.annualSaving
    };
  });
}

/**
 * Integration hygiene: users whose logins are mostly API / OAuth while they
 * hold a full (human) license, administrators first among equal savings, with
 * the recommendation and the money saved per year. Findings and savings come
 * from the analytics' integration report.
 */
export default class LlIntegrationHygiene extends LightningElement {
  @api loading = false;
  /** The error that kept the users from loading. */
  @api errors: unknown;
  /** ISO 4217 code of every amount. */
  @api currencyIsoCode = 'USD';

  sortedBy: FindingField | undefined;
  sortedDirection: SortDirection = 'desc';
  pageNumber = 1;
  pager: Page<FindingRow> = pageOf([], 1, PAGE_SIZE);
  calendarError: unknown = null;

  private integrationReport: IntegrationReport | null = null;
  private zone: string | null = null;
  private rows: FindingRow[] = [];
  private sortedRows: FindingRow[] = [];

  /** The integration report (analysis.integrations); null while loading. */
  @api
  get report(): IntegrationReport | null {
    return this.integrationReport;
  }
  set report(value: IntegrationReport | null) {
    this.integrationReport = value ?? null;
    this.pageNumber = 1;
    this.buildRows();
  }

  /** The org's IANA time zone: login times are shown in it. */
  @api
  get timeZone(): string | null {
    return this.zone;
  }
  set timeZone(value: string | null) {
    this.zone = value ?? null;
    this.buildRows();
  }

  get columns(): DatatableColumn[] {
    const money = { currencyCode: this.currencyIsoCode };
    return [
      { label: 'Name', fieldName: 'fullName', type: 'text', sortable: true },
      { label: 'Username', fieldName: 'username', type: 'text', sortable: true },
      { label: 'Profile', fieldName: 'profileName', type: 'text', sortable: true },
      { label: 'Current license', fieldName: 'licenseName', type: 'text', sortable: true },
      { label: 'API share %', fieldName: 'apiSharePercent', type: 'number', sortable: true },
      { label: 'API logins', fieldName: 'apiLogins', type: 'number', sortable: true },
      {
        label: 'Client-credentials logins',
        fieldName: 'clientCredentialsLogins',
        type: 'number',
        sortable: true
      },
      {
        label: 'Interactive logins',
        fieldName: 'interactiveLogins',
        type: 'number',
        sortable: true
      },
      { label: 'Last API login', fieldName: 'lastApiLogin', type: 'text', sortable: true },
      { label: 'Admin profile', fieldName: 'adminProfile', type: 'boolean', sortable: true },
      {
        label: 'Recommendation',
        fieldName: 'recommendation',
        type: 'text',
        sortable: true,
        initialWidth: RECOMMENDATION_WIDTH
      },
      {
        label: 'Free integration seat',
        fieldName: 'usesFreeSeat',
        type: 'boolean',
        sortable: true
      },
      {
        label: 'Integration seat / month',
        fieldName: 'integrationMonthlyPrice',
        type: 'currency',
        sortable: true,
        typeAttributes: money
      },
      {
        label: 'Saving / year',
        fieldName: 'annualSaving',
        type: 'currency',
        sortable: true,
        typeAttributes: money
      }
    ];
  }

  get errorsToShow(): unknown {
    return this.errors || this.calendarError || null;
  }

  get isLoading(): boolean {
    return this.loading && !this.errorsToShow;
  }

  get isReady(): boolean {
    return !this.loading && !this.errorsToShow && this.integrationReport !== null;
  }

  get hasFindings(): boolean {
    return this.isReady && this.pager.totalRows > 0;
  }

  get isEmpty(): boolean {
    return this.isReady && this.pager.totalRows === 0;
  }

  get findingCount(): number {
    return this.integrationReport?.findings.length ?? 0;
  }

  get adminCount(): number {
    return this.integrationReport?.adminFindings ?? 0;
  }

  get annualSaving(): number {
    return this.integrationReport?.annualSaving ?? 0;
  }

  get availableSeats(): number {
    return this.integrationReport?.availableIntegrationSeats ?? 0;
  }

  get hasAdmins(): boolean {
    return this.adminCount > 0;
  }

  /** The summary sentence up to the saving (the template would trim its trailing space). */
  get savingPrefix(): string {
    return `${this.findingCount} integration users hold human seats. Moving them to Salesforce Integration licenses saves `;
  }

  readonly savingSuffix = ' per year.';
  readonly minColumnWidth = MIN_COLUMN_WIDTH;
  readonly adminAdvice = ADMIN_ADVICE;

  get tableRows(): FindingRow[] {
    return this.pager.rows;
  }

  get rowNumberOffset(): number {
    return this.pager.firstRow > 0 ? this.pager.firstRow - 1 : 0;
  }

  get hasPages(): boolean {
    return this.pager.pageCount > 1;
  }

  get pageSummary(): string {
    const { firstRow, lastRow, totalRows, page, pageCount } = this.pager;
    return `Rows ${firstRow}–${lastRow} of ${totalRows}, page ${page} of ${pageCount}`;
  }

  get previousDisabled(): boolean {
    return !this.pager.hasPrevious;
  }

  get nextDisabled(): boolean {
    return !this.pager.hasNext;
  }

  handleSort(event: CustomEvent<{ fieldName: FindingField; sortDirection: SortDirection }>): void {
    this.sortedBy = event.detail.fieldName;
    this.sortedDirection = event.detail.sortDirection;
    this.pageNumber = 1;
    this.applySort();
  }

  handlePrevious(): void {
    this.pageNumber = this.pager.page - 1;
    this.applyPage();
  }

  handleNext(): void {
    this.pageNumber = this.pager.page + 1;
    this.applyPage();
  }

  private buildRows(): void {
    this.calendarError = null;
    this.rows = [];
    const report = this.integrationReport;
    if (report && this.zone) {
      try {
        this.rows = toFindingRows(report.findings, createOrgCalendar(this.zone));
      } catch (error) {
        this.calendarError = error;
      }
    }
    this.applySort();
  }

  private applySort(): void {
    const field = this.sortedBy;
    this.sortedRows = field
      ? sortRows(this.rows, (row) => row[field], this.sortedDirection)
      : this.rows;
    this.applyPage();
  }

  private applyPage(): void {
    this.pager = pageOf(this.sortedRows, this.pageNumber, PAGE_SIZE);
    this.pageNumber = this.pager.page;
  }
}
