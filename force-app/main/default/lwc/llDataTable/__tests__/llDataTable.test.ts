import { createElement } from 'lwc';
import LlDataTable from 'c/llDataTable';
import type { DataTableColumn, DataTableRow } from 'c/llDataTable';

type Table = HTMLElement & {
  columns: DataTableColumn[];
  data: DataTableRow[];
  keyField: string;
  selectedRows: string[];
  sortedBy: string | null;
  sortedDirection: 'asc' | 'desc';
  hideCheckboxColumn: boolean;
  showRowNumberColumn: boolean;
  rowNumberOffset: number;
  label: string;
};

const COLUMNS: DataTableColumn[] = [
  { label: 'Name', fieldName: 'name', type: 'text', sortable: true },
  { label: 'Department', fieldName: 'department', type: 'text', sortable: true },
  { label: 'Logins', fieldName: 'logins', type: 'number', sortable: true },
  {
    label: 'Price',
    fieldName: 'price',
    type: 'currency',
    sortable: false,
    typeAttributes: { currencyCode: 'USD' }
  }
];
const DATA: DataTableRow[] = [
  { id: 'u1', name: 'Ada', department: 'Sales', logins: 1200, price: 150 },
  { id: 'u2', name: 'Grace', department: 'Support', logins: 0, price: 25 },
  { id: 'u3', name: 'Linus', department: 'Sales', logins: null, price: null }
];

function mount(props: Partial<Table> = {}): Table {
  const element = createElement('c-ll-data-table', { is: LlDataTable }) as Table;
  Object.assign(element, { columns: COLUMNS, data: DATA, label: 'Users' }, props);
  document.body.appendChild(element);
  return element;
}

const root = (element: HTMLElement) => element.shadowRoot!;
const bodyRows = (element: HTMLElement) => [...root(element).querySelectorAll('tbody tr')];
const rowCheckboxes = (element: HTMLElement) =>
  [...root(element).querySelectorAll('tbody input[type="checkbox"]')] as HTMLInputElement[];
const selectAll = (element: HTMLElement) =>
  root(element).querySelector('[data-id="select-all"]') as HTMLInputElement;
const flush = () => Promise.resolve();

function toggle(input: HTMLInputElement): void {
  input.checked = !input.checked;
  input.dispatchEvent(new CustomEvent('change'));
}

describe('c-ll-data-table', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  });

  it('renders one row per record with formatted cells, labelled for small screens', () => {
    const element = mount({ showRowNumberColumn: true, rowNumberOffset: 50 });
    const table = root(element).querySelector('table')!;
    expect(table.getAttribute('aria-label')).toBe('Users');
    const rows = bodyRows(element);
    expect(rows).toHaveLength(3);
    const cells = (row: Element) =>
      [...row.querySelectorAll('th, td')].map((cell) => (cell as HTMLElement).textContent!.trim());
    // Row number, checkbox label, then the columns.
    expect(cells(rows[0])).toEqual([
      '51',
      'Select row 51: Ada',
      'Ada',
      'Sales',
      '1,200',
      '$150.00'
    ]);
    expect(cells(rows[2]).slice(2)).toEqual(['Linus', 'Sales', '', '']);
    expect(rows[0].querySelector('th[scope="row"]')!.textContent!.trim()).toBe('Ada');
    const departments = [...root(element).querySelectorAll('tbody [data-label="Department"]')];
    expect(departments.map((cell) => cell.textContent!.trim())).toEqual([
      'Sales',
      'Support',
      'Sales'
    ]);
  });

  it('raises sort with the next direction when a sortable header is pressed, and shows the sort', async () => {
    const element = mount({ sortedBy: 'logins', sortedDirection: 'asc' });
    const sorts: unknown[] = [];
    element.addEventListener('sort', (event) => sorts.push((event as CustomEvent).detail));
    const buttons = [...root(element).querySelectorAll('thead button')] as HTMLButtonElement[];
    expect(buttons.map((button) => button.dataset.field)).toEqual(['name', 'department', 'logins']);
    buttons[2].click();
    buttons[0].click();
    expect(sorts).toEqual([
      { fieldName: 'logins', sortDirection: 'desc' },
      { fieldName: 'name', sortDirection: 'asc' }
    ]);
    const header = (field: string) =>
      root(element).querySelector(`thead th[data-field="${field}"]`)!;
    expect(header('logins').getAttribute('aria-sort')).toBe('ascending');
    expect(header('name').getAttribute('aria-sort')).toBe('none');
    expect(header('price').hasAttribute('aria-sort')).toBe(false);
    element.sortedDirection = 'desc';
    await flush();
    expect(header('logins').getAttribute('aria-sort')).toBe('descending');
  });

  it('raises rowselection with the rows of the page selected, and selects the page at once', async () => {
    const element = mount({ selectedRows: ['u2'] });
    const selections: string[][] = [];
    element.addEventListener('rowselection', (event) =>
      selections.push(
        (event as CustomEvent<{ selectedRows: DataTableRow[] }>).detail.selectedRows.map(
          (row) => row.id as string
        )
      )
    );
    expect(rowCheckboxes(element).map((box) => box.checked)).toEqual([false, true, false]);
    expect(selectAll(element).indeterminate).toBe(true);

    toggle(rowCheckboxes(element)[0]);
    await flush();
    expect(selections.at(-1)).toEqual(['u1', 'u2']);
    expect(element.selectedRows).toEqual(['u2', 'u1']);

    toggle(selectAll(element));
    await flush();
    expect(selections.at(-1)).toEqual(['u1', 'u2', 'u3']);
    expect(selectAll(element).checked).toBe(true);
    expect(selectAll(element).indeterminate).toBe(false);

    toggle(selectAll(element));
    await flush();
    expect(selections.at(-1)).toEqual([]);
    expect(rowCheckboxes(element).every((box) => !box.checked)).toBe(true);
  });

  it('leaves out the checkbox and row number columns when told to, and disables select-all with no rows', async () => {
    const element = mount({ hideCheckboxColumn: true });
    expect(rowCheckboxes(element)).toHaveLength(0);
    expect(selectAll(element)).toBeNull();
    expect(root(element).querySelectorAll('thead th')).toHaveLength(COLUMNS.length);

    const empty = mount({ data: [] });
    expect(bodyRows(empty)).toHaveLength(0);
    expect(selectAll(empty).disabled).toBe(true);
    empty.data = DATA.slice(0, 1);
    await flush();
    expect(selectAll(empty).disabled).toBe(false);
  });

  it('is accessible', async () => {
    const element = mount({ showRowNumberColumn: true, selectedRows: ['u1'], sortedBy: 'name' });
    await expect(element).toBeAccessible();
  });
});
