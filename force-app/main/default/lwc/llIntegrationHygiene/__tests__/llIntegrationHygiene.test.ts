import { createElement } from 'lwc';
import LlIntegrationHygiene, {
  ADMIN_ADVICE,
  ADMIN_RECOMMENDATION,
  PAGE_SIZE,
  RECOMMENDATION
} from 'c/llIntegrationHygiene';
import { analyzeOrg } from 'c/llAnalytics';
import type { IntegrationReport } from 'c/llAnalytics';
import {
  GENERATED_AT,
  ORG_TIME_ZONE,
  SALESFORCE_MONTHLY_PRICE,
  INTEGRATION_MONTHLY_PRICE,
  XAVIER,
  loginGroups,
  loginWindow,
  orgContext,
  seats,
  users
} from '../../../../../test/jest-mocks/licenseLensFixtures';
import type { LicenseSeatDto, UserDto, UserLoginGroupDto } from '../../../../../types/contract';

type Card = HTMLElement & {
  report: IntegrationReport | null;
  timeZone: string | null;
  currencyIsoCode: string;
  loading: boolean;
  errors: unknown;
};
type Datatable = HTMLElement & {
  data: Record<string, unknown>[];
  columns: { fieldName: string; type: string; typeAttributes?: unknown }[];
  sortedBy: string;
  sortedDirection: string;
};
type FormattedNumber = HTMLElement & { value: number; currencyCode: string };

const MONTHS = 12;

/** `count` API-only users on Salesforce seats, named "Bot 001" … with 100 + n logins each. */
function bots(count: number): { list: UserDto[]; groups: UserLoginGroupDto[] } {
  const list: UserDto[] = [];
  const groups: UserLoginGroupDto[] = [];
  const base = users()[0];
  for (let index = 1; index <= count; index++) {
    const serial = String(index).padStart(3, '0');
    const id = `0052000000000${serial}AA`;
    list.push({ ...base, id, name: `Bot ${serial}`, username: `bot.${serial}@example.com` });
    groups.push({
      userId: id,
      loginType: 'Remote Access 2.0',
      loginSubType: null,
      status: 'Success',
      application: 'Sync',
      logins: 100 + index,
      lastLoginTime: '2026-03-02T10:00:00.000Z'
    });
  }
  return { list, groups };
}

function report(
  list: UserDto[] = users(),
  groups: UserLoginGroupDto[] = loginGroups(),
  pools: LicenseSeatDto[] = seats()
): IntegrationReport {
  return analyzeOrg({
    users: list,
    loginGroups: groups,
    seats: pools,
    context: orgContext(),
    window: loginWindow(),
    now: GENERATED_AT
  }).integrations;
}

function mount(props: Partial<Card> = {}): Card {
  const element = createElement('c-ll-integration-hygiene', { is: LlIntegrationHygiene }) as Card;
  Object.assign(element, {
    report: report(),
    timeZone: ORG_TIME_ZONE,
    currencyIsoCode: 'USD',
    ...props
  });
  document.body.appendChild(element);
  return element;
}

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

const flush = () => Promise.resolve();

describe('c-ll-integration-hygiene', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  });

  it('lists the integration on an admin seat with the fix and the yearly saving', () => {
    const element = mount();
    const rows = datatable(element).data;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toEqual(
      expect.objectContaining({
        id: XAVIER,
        fullName: 'Xavier Xfer',
        username: 'xavier.xfer@example.com',
        profileName: 'System Administrator',
        licenseName: 'Salesforce',
        apiSharePercent: 100,
        apiLogins: 200,
        interactiveLogins: 0,
        lastApiLogin: '2026-03-02 07:00',
        adminProfile: true,
        recommendation: ADMIN_RECOMMENDATION,
        usesFreeSeat: true,
        integrationMonthlyPrice: 0,
        annualSaving: SALESFORCE_MONTHLY_PRICE * MONTHS
      })
    );
  });

  it('sums the saving in the org currency and warns about admin profiles', () => {
    const element = mount({ currencyIsoCode: 'EUR' });
    expect(byId(element, 'saving-sentence').textContent).toMatch(
      /^1 integration users hold human seats\. Moving them to Salesforce Integration licenses saves .* per year\.$/
    );
    const saving = byId(element, 'saving').querySelector(
      'lightning-formatted-number'
    ) as FormattedNumber;
    expect(saving.value).toBe(SALESFORCE_MONTHLY_PRICE * MONTHS);
    expect(saving.currencyCode).toBe('EUR');
    expect(byId(element, 'admins').textContent).toContain('1 of them run on an administrator');
    expect(byId(element, 'admins').textContent).toContain(ADMIN_ADVICE);
    expect(byId(element, 'available').textContent).toContain('available now: 4');
    const money = datatable(element).columns.filter((column) => column.type === 'currency');
    expect(money.map((column) => column.typeAttributes)).toEqual([
      { currencyCode: 'EUR' },
      { currencyCode: 'EUR' }
    ]);
  });

  it('prices the move at the integration seat price once free seats run out', () => {
    const noFreeSeats = seats().map((seat) => ({ ...seat, used: seat.total, free: 0 }));
    const element = mount({ report: report(users(), loginGroups(), noFreeSeats) });
    const row = datatable(element).data[0];
    expect(row.integrationMonthlyPrice).toBe(INTEGRATION_MONTHLY_PRICE);
    expect(row.annualSaving).toBe((SALESFORCE_MONTHLY_PRICE - INTEGRATION_MONTHLY_PRICE) * MONTHS);
    expect(row.usesFreeSeat).toBe(false);
  });

  it('recommends only the license move for an integration on a non-admin profile', () => {
    const { list, groups } = bots(1);
    const element = mount({ report: report(list, groups) });
    const row = datatable(element).data[0];
    expect(row.adminProfile).toBe(false);
    expect(row.recommendation).toBe(RECOMMENDATION);
    expect(byId(element, 'admins')).toBeNull();
  });

  it('sorts by any column the user picks', async () => {
    const { list, groups } = bots(3);
    const element = mount({ report: report(list, groups) });
    const fire = (fieldName: string, sortDirection: string) =>
      datatable(element).dispatchEvent(
        new CustomEvent('sort', { detail: { fieldName, sortDirection } })
      );
    fire('apiLogins', 'desc');
    await flush();
    expect(datatable(element).data.map((row) => row.fullName)).toEqual([
      'Bot 003',
      'Bot 002',
      'Bot 001'
    ]);
    expect(datatable(element).sortedBy).toBe('apiLogins');
    fire('fullName', 'asc');
    await flush();
    expect(datatable(element).data.map((row) => row.fullName)).toEqual([
      'Bot 001',
      'Bot 002',
      'Bot 003'
    ]);
    expect(datatable(element).sortedDirection).toBe('asc');
  });

  it('pages through many findings', async () => {
    const { list, groups } = bots(PAGE_SIZE + 2);
    const element = mount({ report: report(list, groups) });
    expect(datatable(element).data).toHaveLength(PAGE_SIZE);
    expect(byId(element, 'pager-summary').textContent).toBe('Rows 1–50 of 52, page 1 of 2');
    byId(element, 'next').click();
    await flush();
    expect(datatable(element).data).toHaveLength(2);
    byId(element, 'previous').click();
    await flush();
    expect(datatable(element).data).toHaveLength(PAGE_SIZE);
  });

  it('has no pager when one page holds every finding', () => {
    const element = mount();
    expect(byId(element, 'pager-summary')).toBeNull();
  });

  it('says so when no integration runs on a human seat', () => {
    const element = mount({ report: report(users().slice(0, 3), []) });
    expect(byId(element, 'empty').textContent).toContain('No integrations run on human seats');
    expect(byId(element, 'table')).toBeNull();
  });

  it('shows a spinner while loading', () => {
    const element = mount({ loading: true, report: null });
    expect(byId(element, 'loading')).not.toBeNull();
    expect(byId(element, 'empty')).toBeNull();
  });

  it('shows the error naming the missing permission', () => {
    const element = mount({
      report: null,
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
  });

  it('is accessible', async () => {
    const element = mount();
    await expect(element).toBeAccessible();
  });
});
