import { createElement } from 'lwc';
import LlUserTable, { MAX_DATA_URI_LENGTH, MAX_SELECTED_USERS, PAGE_SIZE } from 'c/llUserTable';
import type { ExportDetail } from 'c/llUserTable';
import { analyzeOrg } from 'c/llAnalytics';
import type { UserInsight } from 'c/llAnalytics';
import { HandOffList, MAX_RECLAIM_USERS } from 'c/llAnalytics';
import type { ReclaimCompleteDetail } from 'c/llReclaimDialog';
import {
  GENERATED_AT,
  IVAN,
  NINA,
  OLGA,
  ORG_TIME_ZONE,
  loginGroups,
  loginWindow,
  manyInactiveUsers,
  orgContext,
  seats,
  users
} from '../../../../../test/jest-mocks/licenseLensFixtures';
import type { UserDto } from '../../../../../types/contract';

type Table = HTMLElement & {
  users: readonly UserInsight[] | null;
  timeZone: string | null;
  currencyIsoCode: string;
  generatedAt: string | null;
  loading: boolean;
  errors: unknown;
};
type Datatable = HTMLElement & {
  data: Record<string, unknown>[];
  columns: { label: string; fieldName: string; type: string; typeAttributes?: unknown }[];
  sortedBy: string;
  sortedDirection: string;
  rowNumberOffset: number;
};
type Button = HTMLElement & { label: string; disabled: boolean };
type Menu = HTMLElement & { disabled: boolean };
type MenuItem = HTMLElement & { label: string; value: string; disabled: boolean };
type ReclaimDialog = HTMLElement & { users: readonly UserInsight[]; action: string };

/** Analysed insights for DTO users (the same rules the dashboard runs). */
function insights(list: UserDto[] = users()): readonly UserInsight[] {
  return analyzeOrg({
    users: list,
    loginGroups: loginGroups(),
    seats: seats(),
    context: orgContext(),
    window: loginWindow(),
    now: GENERATED_AT
  }).filtered;
}

function mount(props: Partial<Table> = {}): Table {
  const element = createElement('c-ll-user-table', { is: LlUserTable }) as Table;
  Object.assign(element, {
    users: insights(),
    timeZone: ORG_TIME_ZONE,
    currencyIsoCode: 'USD',
    generatedAt: GENERATED_AT,
    ...props
  });
  document.body.appendChild(element);
  return element;
}

const flush = () => Promise.resolve();

/** An element of the card by data-id, or of its pager (c-ll-pager renders the pager's own parts). */
function byId<T extends HTMLElement = HTMLElement>(element: HTMLElement, id: string): T {
  const selector = `[data-id="${id}"]`;
  const own = element.shadowRoot!.querySelector(selector);
  if (own) return own as T;
  const pager = element.shadowRoot!.querySelector('c-ll-pager');
  return (pager?.shadowRoot?.querySelector(selector) ?? null) as T;
}

function datatable(element: HTMLElement): Datatable {
  return byId<Datatable>(element, 'table');
}

function names(element: HTMLElement): unknown[] {
  return datatable(element).data.map((row) => row.name);
}

async function search(element: HTMLElement, value: string): Promise<void> {
  byId(element, 'search').dispatchEvent(new CustomEvent('change', { detail: { value } }));
  await flush();
}

async function chooseView(element: HTMLElement, value: string): Promise<void> {
  byId(element, 'view').dispatchEvent(new CustomEvent('change', { detail: { value } }));
  await flush();
}

async function sortBy(element: HTMLElement, fieldName: string, sortDirection: string) {
  datatable(element).dispatchEvent(
    new CustomEvent('sort', { detail: { fieldName, sortDirection } })
  );
  await flush();
}

/** Ticks rows of the page shown, as the datatable reports them (the whole page's selection). */
async function selectRows(element: HTMLElement, ids: string[]): Promise<void> {
  datatable(element).dispatchEvent(
    new CustomEvent('rowselection', { detail: { selectedRows: ids.map((id) => ({ id })) } })
  );
  await flush();
}

/** Ticks every row of the page shown (the header checkbox). */
async function selectPage(element: HTMLElement): Promise<void> {
  await selectRows(
    element,
    datatable(element).data.map((row) => row.id as string)
  );
}

function selectedOnPage(element: HTMLElement): string[] {
  return (datatable(element) as Datatable & { selectedRows: string[] }).selectedRows;
}

function menu(element: HTMLElement): Menu {
  return byId<Menu>(element, 'reclaim-menu');
}

function menuItems(element: HTMLElement): MenuItem[] {
  return [...menu(element).querySelectorAll('lightning-menu-item')] as MenuItem[];
}

async function chooseAction(element: HTMLElement, value: string): Promise<void> {
  menu(element).dispatchEvent(new CustomEvent('select', { detail: { value } }));
  await flush();
}

function dialog(element: HTMLElement): ReclaimDialog | null {
  return element.shadowRoot!.querySelector('c-ll-reclaim-dialog') as ReclaimDialog | null;
}

/** The UTF-8 byte order mark as a data: URI carries it (EF BB BF). */
const ENCODED_BYTE_ORDER_MARK = '%EF%BB%BF';

/** Clicks Export and returns the downloaded text after its byte order mark. */
function exportCsv(element: HTMLElement): string {
  byId(element, 'export').click();
  const anchor = byId(element, 'download').querySelector('a')!;
  const prefix = `data:text/csv;charset=utf-8,${ENCODED_BYTE_ORDER_MARK}`;
  expect(anchor.href.startsWith(prefix)).toBe(true);
  return decodeURIComponent(anchor.href.slice(prefix.length));
}

describe('c-ll-user-table', () => {
  let clicked: jest.SpyInstance;

  beforeEach(() => {
    clicked = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
  });

  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    clicked.mockRestore();
  });

  it('lists the inactive and never-logged-in users, most days since a seat login first', () => {
    const element = mount();
    expect(names(element)).toEqual(['Ivan Idle', 'Olga Old', 'Nina Never']);
    const ivan = datatable(element).data[0];
    expect(ivan.activity).toBe('Inactive');
    expect(ivan.lastSeatLogin).toBe('2025-08-01 10:00');
    expect(ivan.monthlyPrice).toBe(175);
    expect(datatable(element).sortedBy).toBe('daysSinceLastSeatLogin');
    expect(datatable(element).sortedDirection).toBe('desc');
  });

  it('takes the users as a HandOffList (no engine proxy) the same as an array', () => {
    const handedOff = mount({
      users: new HandOffList(insights()) as unknown as readonly UserInsight[]
    });
    expect(names(handedOff)).toEqual(['Ivan Idle', 'Olga Old', 'Nina Never']);
    expect(handedOff.users).toHaveLength(insights().length);
  });

  it('shows the columns it exports, money in the org currency', () => {
    const element = mount({ currencyIsoCode: 'EUR' });
    const columns = datatable(element).columns;
    expect(columns.map((column) => column.fieldName)).toEqual([
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
    const price = columns.find((column) => column.fieldName === 'monthlyPrice')!;
    expect(price.type).toBe('currency');
    expect(price.typeAttributes).toEqual({ currencyCode: 'EUR' });
  });

  it('switches between inactive and never-logged-in users', async () => {
    const element = mount();
    await chooseView(element, 'neverLoggedIn');
    expect(names(element)).toEqual(['Nina Never']);
    await chooseView(element, 'inactive');
    expect(names(element)).toEqual(['Ivan Idle', 'Olga Old']);
  });

  it('searches name and username, case-insensitively', async () => {
    const element = mount();
    await search(element, 'OLGA');
    expect(names(element)).toEqual(['Olga Old']);
    await search(element, 'nina.never@');
    expect(names(element)).toEqual(['Nina Never']);
  });

  it('says when the search matches nobody', async () => {
    const element = mount();
    await search(element, 'zzz');
    expect(byId(element, 'table')).toBeNull();
    expect(byId(element, 'empty').textContent).toBe('No users match “zzz”.');
  });

  it('sorts by the column the user picks, both ways', async () => {
    const element = mount();
    await sortBy(element, 'name', 'asc');
    expect(names(element)).toEqual(['Ivan Idle', 'Nina Never', 'Olga Old']);
    expect(datatable(element).sortedBy).toBe('name');
    await sortBy(element, 'name', 'desc');
    expect(names(element)).toEqual(['Olga Old', 'Nina Never', 'Ivan Idle']);
    expect(datatable(element).sortedDirection).toBe('desc');
  });

  it('renders one page at a time and pages forward and back', async () => {
    const element = mount({ users: insights(manyInactiveUsers(PAGE_SIZE * 2 + 5)) });
    await sortBy(element, 'name', 'asc');
    expect(datatable(element).data).toHaveLength(PAGE_SIZE);
    expect(names(element)[0]).toBe('User 00001');
    expect(byId(element, 'pager-summary').textContent).toBe('Rows 1–50 of 105, page 1 of 3');
    expect(byId<Button>(element, 'previous').disabled).toBe(true);

    byId(element, 'next').click();
    await flush();
    byId(element, 'next').click();
    await flush();
    expect(names(element)).toEqual([
      'User 00101',
      'User 00102',
      'User 00103',
      'User 00104',
      'User 00105'
    ]);
    expect(datatable(element).rowNumberOffset).toBe(PAGE_SIZE * 2);
    expect(byId<Button>(element, 'next').disabled).toBe(true);

    byId(element, 'previous').click();
    await flush();
    expect(names(element)[0]).toBe('User 00051');
  });

  it('goes back to the first page when the search changes', async () => {
    const element = mount({ users: insights(manyInactiveUsers(PAGE_SIZE + 1)) });
    byId(element, 'next').click();
    await flush();
    await search(element, 'user 0000');
    expect(byId(element, 'pager-summary').textContent).toBe('Rows 1–9 of 9, page 1 of 1');
  });

  it('stays fast with 50,000 users: only one page reaches the datatable', async () => {
    const many = insights(manyInactiveUsers(50_000));
    const element = mount({ users: many });
    expect(datatable(element).data).toHaveLength(PAGE_SIZE);
    expect(byId(element, 'pager-summary').textContent).toBe('Rows 1–50 of 50000, page 1 of 1000');
    await search(element, 'User 4999');
    expect(datatable(element).data).toHaveLength(10);
  });

  it('exports exactly the rows of the current view, search and sort, across all pages', async () => {
    const element = mount();
    const exported = jest.fn<void, [ExportDetail]>();
    element.addEventListener('export', (event) =>
      exported((event as CustomEvent<ExportDetail>).detail)
    );
    await chooseView(element, 'inactive');
    await search(element, 'v');
    await sortBy(element, 'name', 'asc');
    expect(byId<Button>(element, 'export').label).toBe('Export CSV (1 row, all pages)');

    const csv = exportCsv(element);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'Name,Username,Profile,License,Department,Activity,Last seat login (America/New_York),' +
        'Last login source,Days since last seat login,Days since created,Monthly price'
    );
    expect(lines.slice(1, -1).map((line) => line.split(',')[0])).toEqual(['Ivan Idle']);
    expect(lines[1]).toBe(
      'Ivan Idle,ivan.idle@example.com,Standard User,Salesforce,Sales,Inactive,2025-08-01 10:00,' +
        'LastLoginDate (may be an API login),213,777,175'
    );
    expect(lines[lines.length - 1]).toBe('');
    expect(clicked).toHaveBeenCalledTimes(1);
    const anchor = byId(element, 'download').querySelector('a')!;
    expect(anchor.download).toBe('license-lens-users-inactive-2026-03-02.csv');
    expect(exported).toHaveBeenCalledWith({
      fileName: 'license-lens-users-inactive-2026-03-02.csv',
      rowCount: 1
    });
    await flush();
    expect(byId(element, 'export-status').textContent).toBe(
      'Exported 1 row to license-lens-users-inactive-2026-03-02.csv.'
    );
  });

  it('defuses a formula hidden behind a semicolon and keeps accented names readable', () => {
    const list = users().map((dto) => {
      return dto.id === IVAN ? { ...dto, name: 'José Idle', department: 'IT;=1+1' } : dto;
    });
    const element = mount({ users: insights(list) });
    const ivan = exportCsv(element)
      .split('\r\n')
      .find((line) => line.startsWith('José Idle,'));
    expect(ivan).toContain(',"IT;\'=1+1",');
  });

  it('exports every page, not just the one shown', async () => {
    const element = mount({ users: insights(manyInactiveUsers(PAGE_SIZE * 3)) });
    const csv = exportCsv(element);
    expect(csv.split('\r\n')).toHaveLength(PAGE_SIZE * 3 + 2);
  });

  it('hands large exports to a Blob URL, which data: URLs cannot carry', async () => {
    const createObjectURL = jest.fn(() => 'blob:https://example.invalid/csv');
    const revokeObjectURL = jest.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    try {
      // Each exported row is well over 100 characters once URI-encoded.
      const count = Math.ceil(MAX_DATA_URI_LENGTH / 100);
      const element = mount({ users: insights(manyInactiveUsers(count)) });
      byId(element, 'export').click();
      const anchor = byId(element, 'download').querySelector('a')!;
      expect(anchor.href.slice(0, 40)).toBe('blob:https://example.invalid/csv');
      const blob = (createObjectURL.mock.calls[0] as unknown as [Blob])[0];
      expect(blob.type).toBe('text/csv;charset=utf-8');
      document.body.removeChild(element);
      expect(revokeObjectURL).toHaveBeenCalledWith('blob:https://example.invalid/csv');
    } finally {
      delete (URL as Partial<typeof URL>).createObjectURL;
      delete (URL as Partial<typeof URL>).revokeObjectURL;
    }
  });

  it('cannot export when nothing is shown', async () => {
    const element = mount();
    await search(element, 'nobody at all');
    expect(byId<Button>(element, 'export').disabled).toBe(true);
  });

  it('says so when no user is inactive', () => {
    const element = mount({ users: insights(users().slice(0, 1)) });
    expect(byId(element, 'empty').textContent).toBe(
      'No inactive or never-logged-in users match the filters.'
    );
  });

  it('shows a spinner while loading', () => {
    const element = mount({ loading: true, users: [] });
    expect(byId(element, 'loading')).not.toBeNull();
    expect(byId(element, 'empty')).toBeNull();
  });

  it('shows the error naming the missing permission', () => {
    const element = mount({
      errors: {
        body: {
          message:
            'License Lens needs the "Monitor Login History" permission to read users with their logins.'
        }
      }
    });
    const panel = element.shadowRoot!.querySelector('c-ll-error-panel')!;
    expect(panel.shadowRoot!.querySelector('[data-id="permission"]')!.textContent).toContain(
      'Monitor Login History'
    );
    expect(byId(element, 'table')).toBeNull();
  });

  it('is accessible', async () => {
    const element = mount();
    await expect(element).toBeAccessible();
  });

  it('is accessible when empty', async () => {
    const element = mount({ users: [] });
    await expect(element).toBeAccessible();
  });

  describe('selection and reclaim actions', () => {
    it('shares the server limit', () => {
      expect(MAX_SELECTED_USERS).toBe(MAX_RECLAIM_USERS);
    });

    it('offers checkboxes, counts the selection and enables the actions once users are selected', async () => {
      const element = mount();
      expect(byId(element, 'selected-count').textContent!.trim()).toBe('0 selected');
      expect(menu(element).disabled).toBe(true);
      expect(
        (byId(element, 'reclaim-help') as HTMLElement & { content: string }).content
      ).toContain('License Lens Reclaim Admin permission set');

      await selectRows(element, [IVAN, OLGA]);
      expect(byId(element, 'selected-count').textContent!.trim()).toBe('2 selected');
      expect(selectedOnPage(element)).toEqual([IVAN, OLGA]);
      expect(menu(element).disabled).toBe(false);
      expect(menuItems(element).map((item) => [item.label, item.disabled])).toEqual([
        ['Freeze', false],
        ['Unfreeze', true],
        ['Deactivate', false],
        ['Remove permission set license…', true]
      ]);
    });

    it('keeps the selection per user across pages and sorting', async () => {
      const element = mount({ users: insights(manyInactiveUsers(PAGE_SIZE * 2 + 5)) });
      await sortBy(element, 'name', 'asc');
      const firstPage = datatable(element).data.map((row) => row.id as string);
      await selectRows(element, firstPage.slice(0, 2));

      byId(element, 'next').click();
      await flush();
      expect(selectedOnPage(element)).toEqual([]);
      const secondPage = datatable(element).data.map((row) => row.id as string);
      await selectRows(element, [secondPage[0]]);
      expect(byId(element, 'selected-count').textContent!.trim()).toBe('3 selected');

      byId(element, 'previous').click();
      await flush();
      expect(selectedOnPage(element)).toEqual(firstPage.slice(0, 2));

      await sortBy(element, 'name', 'desc');
      expect(byId(element, 'selected-count').textContent!.trim()).toBe('3 selected');
      byId(element, 'next').click();
      await flush();
      byId(element, 'next').click();
      await flush();
      expect(selectedOnPage(element)).toEqual(firstPage.slice(0, 2).reverse());

      // Unticking on one page leaves the other pages' selection alone.
      await selectRows(element, [firstPage[1]]);
      expect(byId(element, 'selected-count').textContent!.trim()).toBe('2 selected');
    });

    it('clears the selection when the view, the search or the data change', async () => {
      const element = mount();
      await selectRows(element, [IVAN]);
      await chooseView(element, 'inactive');
      expect(byId(element, 'selected-count').textContent!.trim()).toBe('0 selected');

      await selectRows(element, [IVAN]);
      await search(element, 'i');
      expect(byId(element, 'selected-count').textContent!.trim()).toBe('0 selected');

      await selectRows(element, [IVAN]);
      (element as Table).users = insights();
      await flush();
      expect(byId(element, 'selected-count').textContent!.trim()).toBe('0 selected');
      expect(selectedOnPage(element)).toEqual([]);
    });

    it('clears the selection on request', async () => {
      const element = mount();
      await selectRows(element, [IVAN, NINA]);
      byId(element, 'clear-selection').click();
      await flush();
      expect(byId(element, 'selected-count').textContent!.trim()).toBe('0 selected');
      expect(byId(element, 'clear-selection')).toBeNull();
    });

    it('disables the actions above the server maximum and says so', async () => {
      const element = mount({ users: insights(manyInactiveUsers(MAX_RECLAIM_USERS + 1)) });
      for (let page = 1; page <= 5; page++) {
        // Each page must be ticked and rendered before the next one is shown.
        // eslint-disable-next-line no-await-in-loop
        await selectPage(element);
        byId(element, 'next').click();
        // eslint-disable-next-line no-await-in-loop
        await flush();
      }
      expect(byId(element, 'selected-count').textContent!.trim()).toBe('201 selected');
      expect(menu(element).disabled).toBe(true);
      expect(byId(element, 'selection-message').textContent!.trim()).toBe(
        'Select at most 200 users per request; 201 are selected.'
      );
      await chooseAction(element, 'Freeze');
      expect(dialog(element)).toBeNull();

      await selectRows(element, []);
      expect(byId(element, 'selected-count').textContent!.trim()).toBe('200 selected');
      expect(menu(element).disabled).toBe(false);
      expect(byId(element, 'selection-message')).toBeNull();
    });

    it('opens the dialog with the selected users and the action, and returns focus on close', async () => {
      const element = mount();
      await selectRows(element, [OLGA, IVAN]);
      await chooseAction(element, 'Deactivate');
      const opened = dialog(element)!;
      expect(opened.action).toBe('Deactivate');
      expect(opened.users.map((insight) => insight.id)).toEqual([IVAN, OLGA]);

      const focus = jest.spyOn(menu(element), 'focus');
      opened.dispatchEvent(new CustomEvent('close'));
      await flush();
      expect(dialog(element)).toBeNull();
      expect(focus).toHaveBeenCalled();
      expect(byId(element, 'selected-count').textContent!.trim()).toBe('2 selected');
    });

    it('passes reclaimcomplete on and drops the spent selection', async () => {
      const element = mount();
      const completed = jest.fn<void, [ReclaimCompleteDetail]>();
      element.addEventListener('reclaimcomplete', (event) =>
        completed((event as CustomEvent<ReclaimCompleteDetail>).detail)
      );
      await selectRows(element, [IVAN]);
      await chooseAction(element, 'Freeze');
      const detail: ReclaimCompleteDetail = {
        action: 'Freeze',
        auditBatchId: 'batch-1',
        finished: true,
        counts: { Ready: 0, Requested: 0, Succeeded: 1, Failed: 0, Blocked: 0, Skipped: 0 }
      };
      dialog(element)!.dispatchEvent(new CustomEvent('reclaimcomplete', { detail }));
      await flush();
      expect(completed).toHaveBeenCalledWith(detail);
      expect(byId(element, 'selected-count').textContent!.trim()).toBe('0 selected');
    });

    it('lists frozen users in their own view, where Unfreeze applies', async () => {
      const list = users().map((user) => ({ ...user, isFrozen: user.id === OLGA }));
      const element = mount({ users: insights(list) });
      expect(names(element)).not.toContain('Olga Old');
      await chooseView(element, 'frozen');
      expect(names(element)).toEqual(['Olga Old']);
      await selectRows(element, [OLGA]);
      expect(menuItems(element).map((item) => [item.value, item.disabled])).toEqual([
        ['Freeze', true],
        ['Unfreeze', false],
        ['Deactivate', false],
        ['RemovePermissionSetLicense', true]
      ]);
      await search(element, 'nobody');
      expect(byId(element, 'empty').textContent).toBe('No users match “nobody”.');
    });

    it('is accessible with a selection and the dialog open', async () => {
      const element = mount();
      await selectRows(element, [IVAN, NINA]);
      await chooseAction(element, 'Freeze');
      expect(dialog(element)).not.toBeNull();
      await expect(element).toBeAccessible();
    });
  });
});
