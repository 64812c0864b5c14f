import { LightningElement, api } from 'lwc';
import {
  DEFAULT_PAGE_SIZE,
  DEFAULT_USER_SORT,
  MAX_RECLAIM_USERS,
  RECLAIM_ACTIONS,
  RECLAIM_ACTION_LABELS,
  countEligible,
  permissionSetLicenseChoices,
  selectionProblem,
  createOrgCalendar,
  filterUsers,
  handedOffItems,
  pageOf,
  sortUsers,
  toUserTableRows,
  userColumn,
  usersToCsv
} from 'c/llAnalytics';
import type {
  ActivityStatus,
  ColumnType,
  HandOffList,
  OrgCalendar,
  Page,
  UserColumn,
  UserColumnKey,
  UserInsight,
  UserSort,
  UserTableRow
} from 'c/llAnalytics';
import type { DataTableColumn } from 'c/llDataTable';
import type { ReclaimCompleteDetail } from 'c/llReclaimDialog';
import type { ReclaimAction } from '../../../../types/contract';

/** Which users the table lists (`frozen`: to unfreeze users frozen earlier). */
export type UserView = 'all' | 'inactive' | 'neverLoggedIn' | 'frozen';

/** Detail of the `export` event. */
export interface ExportDetail {
  fileName: string;
  rowCount: number;
}

/** Narrowest column (px): on a tablet the table scrolls sideways instead of squeezing text. */
export const MIN_COLUMN_WIDTH = 110;

/** Rows per page: the datatable renders only this many, whatever the user count. */
export const PAGE_SIZE = DEFAULT_PAGE_SIZE;

/** The columns shown, in order; the CSV export writes exactly these. */
export const TABLE_COLUMN_KEYS: readonly UserColumnKey[] = Object.freeze([
  'name',
  'username',
  'profileName',
  'licenseName',
  'department',
  'activity',
  'lastSeatLogin',
  'lastLoginSource',
  'daysSinceLastSeatLogin',
  'daysSinceCreated',
  'monthlyPrice'
]);

/** Activity statuses behind each view. */
const VIEW_ACTIVITIES: Readonly<Record<UserView, readonly ActivityStatus[]>> = Object.freeze({
  all: ['inactive', 'neverLoggedIn'],
  inactive: ['inactive'],
  neverLoggedIn: ['neverLoggedIn'],
  frozen: ['frozen']
});

const VIEW_OPTIONS: readonly { label: string; value: UserView }[] = [
  { label: 'Inactive and never logged in', value: 'all' },
  { label: 'Inactive', value: 'inactive' },
  { label: 'Never logged in', value: 'neverLoggedIn' },
  { label: 'Frozen', value: 'frozen' }
];

/** Most users one reclaim request may name; the server's limit, shared from c/llAnalytics. */
export const MAX_SELECTED_USERS = MAX_RECLAIM_USERS;

/** Why the reclaim actions need a permission set, shown as help beside them. */
export const RECLAIM_HELP =
  'Freeze, unfreeze or deactivate the selected users, or remove a permission set license from them. Needs the License Lens Reclaim Admin permission set; freeze, unfreeze and removing a permission set license also need Manage Users, which License Lens does not grant. Every action is previewed first, checked again by the server and recorded in the reclaim audit trail.';

/** An entry of the reclaim actions menu. */
interface ReclaimMenuItem {
  label: string;
  value: ReclaimAction;
  disabled: boolean;
}

/** Browsers refuse data: URLs longer than this (Chromium: 2 MB); bigger exports use a Blob URL. */
export const MAX_DATA_URI_LENGTH = 2 * 1024 * 1024;
const CSV_MIME_TYPE = 'text/csv;charset=utf-8';
const FILE_NAME_PREFIX = 'license-lens-users';

/** c/llDataTable column types per analytics column type. */
const DATATABLE_TYPES: Readonly<Record<ColumnType, string>> = Object.freeze({
  text: 'text',
  number: 'number',
  boolean: 'boolean',
  instant: 'text',
  money: 'currency',
  percent: 'number'
});

function datatableColumn(column: UserColumn, currencyCode: string): DataTableColumn {
  const result: DataTableColumn = {
    label: column.label,
    fieldName: column.key,
    type: DATATABLE_TYPES[column.type],
    sortable: true
  };
  if (column.type === 'money') result.typeAttributes = { currencyCode };
  if (column.type === 'number' || column.type === 'money') {
    result.cellAttributes = { alignment: 'right' };
  }
  return result;
}

/**
 * Inactive and never-logged-in users among the users in view: a
 * c/llDataTable with client-side sort, search and paging (PAGE_SIZE rows
 * rendered, so it stays fast with 50,000 users) and a CSV export of every row
 * the current view, search and sort select (all pages, the columns shown).
 * Filtering, sorting, paging and CSV come from c/llAnalytics.
 */
export default class LlUserTable extends LightningElement {
  @api loading = false;
  /** The error that kept the users from loading. */
  @api errors: unknown;
  /** ISO 4217 code for the price column. */
  @api currencyIsoCode = 'USD';
  /** When the data was read (ISO instant): dates the export file name. */
  @api generatedAt: string | null = null;

  view: UserView = 'all';
  searchTerm = '';
  sort: UserSort = { ...DEFAULT_USER_SORT };
  pageNumber = 1;
  pager: Page<UserInsight> = pageOf([], 1, PAGE_SIZE);
  tableRows: UserTableRow[] = [];
  calendarError: unknown = null;
  /** Announced to screen readers after an export. */
  exportStatus = '';
  /** Ids of the selected users on the page shown (the datatable's selected-rows). */
  selectedRowIds: string[] = [];
  /** How many users are selected, on every page. */
  selectedCount = 0;
  /** The action whose dialog is open; null when closed. */
  dialogAction: ReclaimAction | null = null;

  readonly reclaimHelp = RECLAIM_HELP;

  readonly viewOptions = VIEW_OPTIONS;
  readonly minColumnWidth = MIN_COLUMN_WIDTH;

  private allUsers: readonly UserInsight[] = [];
  private zone: string | null = null;
  private calendar: OrgCalendar | null = null;
  private viewRows: readonly UserInsight[] = [];
  private sortedRows: readonly UserInsight[] = [];
  private shownRows: readonly UserInsight[] = [];
  private blobUrl: string | null = null;
  /** Selected user Ids across pages and sorts; cleared when the data or a filter changes. */
  private selectedIds = new Set<string>();
  private focusMenuPending = false;

  /**
   * The users in view (analysis.filtered), any activity; the table keeps the
   * inactive ones. The dashboard hands them over as a HandOffList, so the
   * table reads 100,000 users without the engine's read-only proxy.
   */
  @api
  get users(): readonly UserInsight[] {
    return this.allUsers;
  }
  set users(value: HandOffList<UserInsight> | readonly UserInsight[] | null) {
    this.allUsers = handedOffItems(value);
    this.pageNumber = 1;
    this.clearSelection();
    this.applyView();
  }

  /** The org's IANA time zone: login times are shown and exported in it. */
  @api
  get timeZone(): string | null {
    return this.zone;
  }
  set timeZone(value: string | null) {
    this.zone = value ?? null;
    this.calendar = null;
    this.calendarError = null;
    if (this.zone) {
      try {
        this.calendar = createOrgCalendar(this.zone);
      } catch (error) {
        this.calendarError = error;
      }
    }
    this.applyPage();
  }

  /** The table's accessible name: the view shown. */
  get tableLabel(): string {
    const view = VIEW_OPTIONS.find((option) => option.value === this.view);
    return `Users: ${view ? view.label : 'all'}`;
  }

  get columns(): DataTableColumn[] {
    return TABLE_COLUMN_KEYS.map((key) => datatableColumn(userColumn(key), this.currencyIsoCode));
  }

  get errorsToShow(): unknown {
    return this.errors || this.calendarError || null;
  }

  get isLoading(): boolean {
    return this.loading && !this.errorsToShow;
  }

  get isReady(): boolean {
    return !this.loading && !this.errorsToShow;
  }

  get hasRows(): boolean {
    return this.isReady && this.pager.totalRows > 0;
  }

  get isEmpty(): boolean {
    return this.isReady && this.pager.totalRows === 0;
  }

  get emptyMessage(): string {
    const term = this.searchTerm.trim();
    if (term && this.viewRows.length > 0) return `No users match “${term}”.`;
    if (this.view === 'frozen') return 'No frozen users match the filters.';
    return 'No inactive or never-logged-in users match the filters.';
  }

  get rowNumberOffset(): number {
    return this.pager.firstRow > 0 ? this.pager.firstRow - 1 : 0;
  }

  get pageSummary(): string {
    const { firstRow, lastRow, totalRows, page, pageCount } = this.pager;
    if (totalRows === 0) return 'No rows';
    return `Rows ${firstRow}–${lastRow} of ${totalRows}, page ${page} of ${pageCount}`;
  }

  get previousDisabled(): boolean {
    return !this.pager.hasPrevious;
  }

  get nextDisabled(): boolean {
    return !this.pager.hasNext;
  }

  get exportLabel(): string {
    const rows = this.pager.totalRows;
    return `Export CSV (${rows} ${rows === 1 ? 'row' : 'rows'}, all pages)`;
  }

  get exportHelp(): string {
    return 'Downloads every row that matches the current view and search, in the current sort order, across all pages, with the columns shown.';
  }

  get exportDisabled(): boolean {
    return !this.hasRows || !this.calendar;
  }

  get selectionLabel(): string {
    return `${this.selectedCount} selected`;
  }

  get hasSelection(): boolean {
    return this.selectedCount > 0;
  }

  /** Why the selection cannot be acted on, shown when it is too large. */
  get selectionMessage(): string {
    return this.selectedCount > MAX_SELECTED_USERS
      ? (selectionProblem(this.selectedCount) ?? '')
      : '';
  }

  get reclaimDisabled(): boolean {
    return selectionProblem(this.selectedCount) !== null;
  }

  /** The actions; one is disabled when no selected user could be changed by it. */
  get reclaimMenuItems(): ReclaimMenuItem[] {
    const users = this.selectedInsights.map((insight) => insight.user);
    return RECLAIM_ACTIONS.map((value) => ({
      label:
        value === 'RemovePermissionSetLicense'
          ? 'Remove permission set license…'
          : RECLAIM_ACTION_LABELS[value],
      value,
      disabled:
        value === 'RemovePermissionSetLicense'
          ? permissionSetLicenseChoices(users).length === 0
          : countEligible(value, users) === 0
    }));
  }

  /** The selected users, in the order shown. */
  get selectedInsights(): UserInsight[] {
    return this.sortedRows.filter((insight) => this.selectedIds.has(insight.id));
  }

  handleViewChange(event: CustomEvent<{ value: UserView }>): void {
    this.view = event.detail.value;
    this.pageNumber = 1;
    this.clearSelection();
    this.applyView();
  }

  handleSearch(event: CustomEvent<{ value: string }>): void {
    this.searchTerm = event.detail.value ?? '';
    this.pageNumber = 1;
    this.clearSelection();
    this.applySearch();
  }

  /** The datatable reports the selection of the page shown; other pages keep theirs. */
  handleRowSelection(event: CustomEvent<{ selectedRows: { id: string }[] }>): void {
    for (const row of this.tableRows) this.selectedIds.delete(row.id);
    for (const row of event.detail.selectedRows ?? []) this.selectedIds.add(row.id);
    this.syncSelection();
  }

  handleClearSelection(): void {
    this.clearSelection();
  }

  handleReclaimSelect(event: CustomEvent<{ value: ReclaimAction }>): void {
    if (this.reclaimDisabled) return;
    this.dialogAction = event.detail.value;
  }

  handleDialogClose(): void {
    this.dialogAction = null;
    this.focusMenuPending = true;
  }

  /** A request was accepted: the selection is spent, and the page above may refresh. */
  handleReclaimComplete(event: CustomEvent<ReclaimCompleteDetail>): void {
    this.clearSelection();
    this.dispatchEvent(
      new CustomEvent<ReclaimCompleteDetail>('reclaimcomplete', { detail: event.detail })
    );
  }

  renderedCallback(): void {
    if (!this.focusMenuPending) return;
    this.focusMenuPending = false;
    this.template?.querySelector<HTMLElement>('[data-id="reclaim-menu"]')?.focus();
  }

  handleSort(
    event: CustomEvent<{ fieldName: UserColumnKey; sortDirection: 'asc' | 'desc' }>
  ): void {
    this.sort = { key: event.detail.fieldName, direction: event.detail.sortDirection };
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

  handleExport(): void {
    if (!this.calendar) return;
    const columns = TABLE_COLUMN_KEYS.map(userColumn);
    const csv = usersToCsv(this.shownRows, this.calendar, columns);
    const fileName = this.fileName();
    const anchor = document.createElement('a');
    anchor.href = this.downloadUrl(csv);
    anchor.download = fileName;
    anchor.textContent = fileName;
    const holder = this.template?.querySelector('[data-id="download"]');
    if (holder) holder.replaceChildren(anchor);
    anchor.click();
    const count = this.shownRows.length;
    this.exportStatus = `Exported ${count} ${count === 1 ? 'row' : 'rows'} to ${fileName}.`;
    this.dispatchEvent(
      new CustomEvent<ExportDetail>('export', {
        detail: { fileName, rowCount: this.shownRows.length }
      })
    );
  }

  disconnectedCallback(): void {
    this.revokeBlobUrl();
  }

  private fileName(): string {
    const asOf = this.generatedAt ? Date.parse(this.generatedAt) : NaN;
    const day = this.calendar && Number.isFinite(asOf) ? `-${this.calendar.dayKey(asOf)}` : '';
    return `${FILE_NAME_PREFIX}-${this.view}${day}.csv`;
  }

  /** A data: URI (works under Lightning Web Security); a Blob URL when it would be too long. */
  private downloadUrl(csv: string): string {
    this.revokeBlobUrl();
    const dataUri = `data:${CSV_MIME_TYPE},${encodeURIComponent(csv)}`;
    if (dataUri.length <= MAX_DATA_URI_LENGTH || typeof URL.createObjectURL !== 'function') {
      return dataUri;
    }
    this.blobUrl = URL.createObjectURL(new Blob([csv], { type: CSV_MIME_TYPE }));
    return this.blobUrl;
  }

  private revokeBlobUrl(): void {
    if (this.blobUrl && typeof URL.revokeObjectURL === 'function') {
      URL.revokeObjectURL(this.blobUrl);
    }
    this.blobUrl = null;
  }

  /** Keeps the users of the selected view, then sorts, searches and pages them. */
  private applyView(): void {
    this.viewRows = filterUsers(this.allUsers, { activities: VIEW_ACTIVITIES[this.view] });
    this.applySort();
  }

  private applySort(): void {
    this.sortedRows = sortUsers(this.viewRows, this.sort);
    this.applySearch();
  }

  private applySearch(): void {
    this.shownRows = filterUsers(this.sortedRows, { search: this.searchTerm });
    this.applyPage();
  }

  private applyPage(): void {
    this.pager = pageOf(this.shownRows, this.pageNumber, PAGE_SIZE);
    this.pageNumber = this.pager.page;
    this.tableRows = this.calendar ? toUserTableRows(this.pager.rows, this.calendar) : [];
    this.syncSelection();
  }

  private clearSelection(): void {
    this.selectedIds = new Set();
    this.syncSelection();
  }

  /** Republishes the selection: the count and the rows of the page shown. */
  private syncSelection(): void {
    this.selectedCount = this.selectedIds.size;
    this.selectedRowIds = this.tableRows
      .filter((row) => this.selectedIds.has(row.id))
      .map((row) => row.id);
  }
}
