import {
  formatCell,
  headerViews,
  nextSort,
  rowKey,
  rowViews,
  type DataTableColumn
} from '../tableView';

const NAME: DataTableColumn = { label: 'Name', fieldName: 'name', type: 'text', sortable: true };
const LOGINS: DataTableColumn = {
  label: 'Logins',
  fieldName: 'logins',
  type: 'number',
  sortable: true
};
const PRICE: DataTableColumn = {
  label: 'Price',
  fieldName: 'price',
  type: 'currency',
  sortable: false,
  typeAttributes: { currencyCode: 'EUR' }
};
const ADMIN: DataTableColumn = { label: 'Admin', fieldName: 'admin', type: 'boolean' };

describe('formatCell', () => {
  it('formats numbers, money and yes/no, and leaves text as it is', () => {
    expect(formatCell(1234567.5, LOGINS)).toBe('1,234,567.5');
    expect(formatCell(1500, PRICE)).toBe('€1,500.00');
    expect(formatCell(true, ADMIN)).toBe('Yes');
    expect(formatCell(false, ADMIN)).toBe('No');
    expect(formatCell('Ada <b>', NAME)).toBe('Ada <b>');
    expect(formatCell(42, NAME)).toBe('42');
  });

  it('shows nothing for a missing or non-finite value', () => {
    for (const value of [null, undefined]) {
      expect(formatCell(value, NAME)).toBe('');
      expect(formatCell(value, PRICE)).toBe('');
    }
    expect(formatCell(Number.NaN, LOGINS)).toBe('');
    expect(formatCell(Number.POSITIVE_INFINITY, PRICE)).toBe('');
  });

  it('shows a plain amount when the currency code is missing or not ISO 4217 (formatMoney)', () => {
    const odd = { ...PRICE, typeAttributes: { currencyCode: 'not a code' } };
    expect(formatCell(12.5, odd)).toBe('12.5');
    expect(formatCell(3, { ...PRICE, typeAttributes: {} })).toBe('3');
  });
});

describe('headerViews', () => {
  it('marks the sorted column for screen readers and offers the other direction', () => {
    const [name, logins, price] = headerViews([NAME, LOGINS, PRICE], 'logins', 'desc', 110);
    expect(name).toMatchObject({ sortable: true, sorted: false, ariaSort: 'none' });
    expect(name.sortTitle).toBe('Sort by Name, ascending');
    expect(logins).toMatchObject({
      sorted: true,
      ariaSort: 'descending',
      iconName: 'utility:arrowdown',
      sortTitle: 'Sort by Logins, ascending'
    });
    expect(logins.className).toContain('slds-is-sorted_desc');
    expect(logins.className).toContain('slds-text-align_right');
    expect(price.ariaSort).toBeNull();
    expect(price.sortable).toBe(false);
    expect(name.style).toBe('min-width: 110px');
  });

  it('sorts ascending when no direction is given and keeps a fixed width', () => {
    const [name] = headerViews([{ ...NAME, initialWidth: 240 }], 'name', null, null);
    expect(name.ariaSort).toBe('ascending');
    expect(name.sortTitle).toBe('Sort by Name, descending');
    expect(name.style).toBe('width: 240px');
  });
});

describe('nextSort', () => {
  it('flips the sorted column and starts another one ascending', () => {
    expect(nextSort('name', 'name', 'asc')).toEqual({ fieldName: 'name', sortDirection: 'desc' });
    expect(nextSort('name', 'name', 'desc')).toEqual({ fieldName: 'name', sortDirection: 'asc' });
    expect(nextSort('logins', 'name', 'desc')).toEqual({
      fieldName: 'logins',
      sortDirection: 'asc'
    });
    expect(nextSort('name', null, null)).toEqual({ fieldName: 'name', sortDirection: 'asc' });
  });
});

describe('rowViews', () => {
  const data = [
    { id: 'u1', name: 'Ada', logins: 3, price: 150, admin: true },
    { id: 'u2', name: 'Grace', logins: null, price: 0, admin: false }
  ];

  it('numbers rows after the offset, marks the selected ones and makes the first cell the row header', () => {
    const rows = rowViews(data, [NAME, LOGINS, PRICE, ADMIN], 'id', new Set(['u2']), 50);
    expect(rows.map((row) => row.number)).toEqual([51, 52]);
    expect(rows.map((row) => row.selected)).toEqual([false, true]);
    expect(rows[1].className).toContain('slds-is-selected');
    expect(rows[0].first).toEqual({
      key: 'name',
      label: 'Name',
      text: 'Ada',
      className: 'll-cell'
    });
    expect(rows[0].rest.map((cell) => cell.text)).toEqual(['3', '€150.00', 'Yes']);
    expect(rows[1].rest.map((cell) => cell.text)).toEqual(['', '€0.00', 'No']);
    expect(rows[0].rest[0].className).toBe('ll-cell slds-text-align_right');
    expect(rows[0].selectLabel).toBe('Select row 51: Ada');
    expect(new Set(rows.map((row) => row.checkboxId)).size).toBe(2);
  });

  it('keys rows without a key by position and takes no offset below zero', () => {
    const rows = rowViews([{ name: 'x' }], [NAME], 'id', new Set(), -5);
    expect(rows[0].key).toBe('row-0');
    expect(rows[0].number).toBe(1);
    expect(rowKey({ id: 7 }, 'id', 3)).toBe('7');
  });

  it('has no cells when there are no columns', () => {
    const [row] = rowViews([{ id: 'a' }], [], 'id', new Set(), 0);
    expect(row.first).toBeNull();
    expect(row.rest).toEqual([]);
    expect(row.selectLabel).toBe('Select row 1');
  });
});
