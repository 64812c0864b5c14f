import { LightningElement, api } from 'lwc';
import {
  headerViews,
  nextSort,
  rowKey,
  rowViews,
  type DataTableColumn,
  type DataTableRow,
  type HeaderView,
  type RowView,
  type SortDirection
} from './tableView';

export type { DataTableColumn, DataTableRow, SortDetail, SortDirection } from './tableView';

/**
 * A plain SLDS data table (https://www.lightningdesignsystem.com/components/data-tables/)
 * for one page of rows: sortable headers, optional row numbers and row
 * checkboxes. It takes the subset of lightning-datatable's attributes and
 * events the License Lens cards use (data, columns, key-field, selected-rows,
 * sorted-by, sorted-direction, hide-checkbox-column, show-row-number-column,
 * row-number-offset, min-column-width; `sort` and `rowselection`), so a card
 * can swap one for the other.
 *
 * Why not lightning-datatable: each of its cells is three components (cell,
 * cell factory, formatted value) and it measures the page's width after every
 * render. A 50-row page of the users table took about 1 s to render at
 * 100,000 users in the preview (profiled); this table renders plain elements.
 * It only renders: sorting, paging and what is selected across pages belong to
 * the card.
 */
export default class LlDataTable extends LightningElement {
  /** The row field that identifies a row (selected-rows holds its values). */
  @api keyField = 'id';
  @api columns: DataTableColumn[] = [];
  /** The rows of the page shown. */
  @api data: DataTableRow[] = [];
  @api hideCheckboxColumn = false;
  @api showRowNumberColumn = false;
  /** Rows before this page: row numbers start after it. */
  @api rowNumberOffset = 0;
  @api sortedBy: string | null = null;
  @api sortedDirection: SortDirection = 'asc';
  /** Narrowest column (px): a wide table scrolls sideways instead of squeezing text. */
  @api minColumnWidth: number | null = null;
  /** The table's accessible name. */
  @api label = '';

  private selectedKeys: ReadonlySet<string> = new Set<string>();

  /** Keys of the selected rows (the values of key-field). */
  @api
  get selectedRows(): string[] {
    return [...this.selectedKeys];
  }
  set selectedRows(value: readonly string[] | null | undefined) {
    this.selectedKeys = new Set(value ?? []);
  }

  get showCheckboxColumn(): boolean {
    return !this.hideCheckboxColumn;
  }

  get headers(): HeaderView[] {
    return headerViews(
      this.columns ?? [],
      this.sortedBy,
      this.sortedDirection,
      this.minColumnWidth
    );
  }

  get rows(): RowView[] {
    return rowViews(
      this.data ?? [],
      this.columns ?? [],
      this.keyField,
      this.selectedKeys,
      this.rowNumberOffset
    );
  }

  get noRows(): boolean {
    return !(this.data ?? []).length;
  }

  get allSelected(): boolean {
    const keys = this.pageKeys();
    return keys.length > 0 && keys.every((key) => this.selectedKeys.has(key));
  }

  renderedCallback(): void {
    const selectAll = this.template?.querySelector<HTMLInputElement>('[data-id="select-all"]');
    if (selectAll) {
      const keys = this.pageKeys();
      const some = keys.some((key) => this.selectedKeys.has(key));
      selectAll.indeterminate = some && !this.allSelected;
    }
  }

  handleSort(event: Event): void {
    const field = (event.currentTarget as HTMLElement).dataset.field;
    if (!field) return;
    this.dispatchEvent(
      new CustomEvent('sort', { detail: nextSort(field, this.sortedBy, this.sortedDirection) })
    );
  }

  handleRowToggle(event: Event): void {
    const input = event.target as HTMLInputElement;
    const key = input.dataset.key;
    if (key === undefined) return;
    const next = new Set(this.selectedKeys);
    if (input.checked) next.add(key);
    else next.delete(key);
    this.select(next);
  }

  handleSelectAll(event: Event): void {
    const checked = (event.target as HTMLInputElement).checked;
    const next = new Set(this.selectedKeys);
    for (const key of this.pageKeys()) {
      if (checked) next.add(key);
      else next.delete(key);
    }
    this.select(next);
  }

  private pageKeys(): string[] {
    return (this.data ?? []).map((row, index) => rowKey(row, this.keyField, index));
  }

  /** Keeps the new selection and tells the card which rows of this page are selected. */
  private select(keys: ReadonlySet<string>): void {
    this.selectedKeys = keys;
    const selectedRows = (this.data ?? []).filter((row, index) =>
      keys.has(rowKey(row, this.keyField, index))
    );
    this.dispatchEvent(new CustomEvent('rowselection', { detail: { selectedRows } }));
  }
}
