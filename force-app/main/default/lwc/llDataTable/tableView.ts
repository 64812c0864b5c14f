/**
 * What c/llDataTable shows, worked out without a DOM: formatted cell texts,
 * header states (sorted, aria-sort) and the rows of one page. Pure functions,
 * tested alone; the component only renders them.
 */
import { formatMoney } from 'c/llAnalytics';

/** The cell types the table formats; any other type shows the value as text. */
export type DataTableColumnType = 'text' | 'number' | 'currency' | 'boolean';

export type SortDirection = 'asc' | 'desc';

/** A column, in the subset of lightning-datatable's column shape the License Lens cards use. */
export interface DataTableColumn {
  label: string;
  fieldName: string;
  type: string;
  sortable?: boolean;
  /** Width in px; else the column takes what its content needs (at least minColumnWidth). */
  initialWidth?: number;
  /** currencyCode for `currency` cells (ISO 4217). */
  typeAttributes?: Record<string, string>;
  /** alignment: 'left' | 'center' | 'right' (numbers and money default to right). */
  cellAttributes?: Record<string, string>;
}

/** A row: the key field plus one value per column's fieldName. */
export type DataTableRow = Record<string, unknown>;

/** The `sort` event's detail, as lightning-datatable raises it. */
export interface SortDetail {
  fieldName: string;
  sortDirection: SortDirection;
}

export interface HeaderView {
  key: string;
  label: string;
  sortable: boolean;
  sorted: boolean;
  /** aria-sort of the header cell; null (attribute left out) when the column cannot be sorted. */
  ariaSort: 'ascending' | 'descending' | 'none' | null;
  /** The sort button's tooltip: what a press does. */
  sortTitle: string;
  iconName: string;
  className: string;
  style: string;
}

export interface CellView {
  key: string;
  /** The column label, as data-label (SLDS stacks it on narrow screens; tests find cells by it). */
  label: string;
  text: string;
  className: string;
}

export interface RowView {
  key: string;
  /** 1-based position across pages (rowNumberOffset + index + 1). */
  number: number;
  selected: boolean;
  /** The row checkbox's id (scoped per component by LWC) and its assistive label. */
  checkboxId: string;
  selectLabel: string;
  className: string;
  /** The first column, rendered as the row header (th scope="row"). */
  first: CellView | null;
  rest: CellView[];
}

/** Locale of the figures, as the rest of the dashboard (llDashboard's counts). */
const NUMBER_FORMAT = new Intl.NumberFormat('en-US');

/** The text one cell shows; an empty text for a missing value (null, undefined, NaN). */
export function formatCell(value: unknown, column: DataTableColumn): string {
  if (value === null || value === undefined) return '';
  switch (column.type) {
    case 'number':
      return typeof value === 'number'
        ? Number.isFinite(value)
          ? NUMBER_FORMAT.format(value)
          : ''
        : String(value);
    case 'currency':
      if (typeof value !== 'number') return String(value);
      return Number.isFinite(value) ? formatMoney(value, column.typeAttributes?.currencyCode) : '';
    case 'boolean':
      return value === true ? 'Yes' : value === false ? 'No' : String(value);
    default:
      return String(value);
  }
}

function alignment(column: DataTableColumn): string {
  const asked = column.cellAttributes?.alignment;
  if (asked === 'left' || asked === 'center' || asked === 'right') return asked;
  return column.type === 'number' || column.type === 'currency' ? 'right' : 'left';
}

function cellClass(column: DataTableColumn): string {
  const align = alignment(column);
  return align === 'left' ? 'll-cell' : `ll-cell slds-text-align_${align}`;
}

/** The header cells, given the sort the card applied. */
export function headerViews(
  columns: readonly DataTableColumn[],
  sortedBy: string | null | undefined,
  sortedDirection: SortDirection | null | undefined,
  minColumnWidth: number | null | undefined
): HeaderView[] {
  const direction: SortDirection = sortedDirection === 'desc' ? 'desc' : 'asc';
  return columns.map((column) => {
    const sortable = column.sortable === true;
    const sorted = sortable && column.fieldName === sortedBy;
    const classes = ['ll-header'];
    if (sortable) classes.push('slds-is-sortable');
    if (sorted) classes.push('slds-is-sorted', `slds-is-sorted_${direction}`);
    if (alignment(column) === 'right') classes.push('slds-text-align_right');
    const widths: string[] = [];
    if (column.initialWidth && column.initialWidth > 0)
      widths.push(`width: ${column.initialWidth}px`);
    if (minColumnWidth && minColumnWidth > 0) widths.push(`min-width: ${minColumnWidth}px`);
    const next = sorted && direction === 'asc' ? 'descending' : 'ascending';
    return {
      key: column.fieldName,
      label: column.label,
      sortable,
      sorted,
      ariaSort: sortable
        ? sorted
          ? direction === 'asc'
            ? 'ascending'
            : 'descending'
          : 'none'
        : null,
      sortTitle: `Sort by ${column.label}, ${next}`,
      iconName: direction === 'asc' ? 'utility:arrowup' : 'utility:arrowdown',
      className: classes.join(' '),
      style: widths.join('; ')
    };
  });
}

/** The sort a press on a header asks for: the other direction on the sorted column, else ascending. */
export function nextSort(
  fieldName: string,
  sortedBy: string | null | undefined,
  sortedDirection: SortDirection | null | undefined
): SortDetail {
  const sortDirection: SortDirection =
    fieldName === sortedBy && sortedDirection !== 'desc' ? 'desc' : 'asc';
  return { fieldName, sortDirection };
}

/** The key of a row, as text (rows without one are keyed by position). */
export function rowKey(row: DataTableRow, keyField: string, index: number): string {
  const key = row[keyField];
  return key === null || key === undefined ? `row-${index}` : String(key);
}

/** The rows of the page shown, with their cells formatted. */
export function rowViews(
  data: readonly DataTableRow[],
  columns: readonly DataTableColumn[],
  keyField: string,
  selected: ReadonlySet<string>,
  rowNumberOffset: number
): RowView[] {
  const classes = columns.map(cellClass);
  const offset = Number.isFinite(rowNumberOffset) && rowNumberOffset > 0 ? rowNumberOffset : 0;
  return data.map((row, index) => {
    const key = rowKey(row, keyField, index);
    const cells = columns.map((column, at) => ({
      key: column.fieldName,
      label: column.label,
      text: formatCell(row[column.fieldName], column),
      className: classes[at]
    }));
    const isSelected = selected.has(key);
    const number = offset + index + 1;
    return {
      key,
      number,
      selected: isSelected,
      checkboxId: `select-${index}`,
      selectLabel: `Select row ${number}${cells.length ? `: ${cells[0].text}` : ''}`,
      className: isSelected ? 'slds-hint-parent slds-is-selected' : 'slds-hint-parent',
      first: cells[0] ?? null,
      rest: cells.slice(1)
    };
  });
}
