import { createElement } from 'lwc';
import LlKpiTiles from 'c/llKpiTiles';
import type { DashboardKpis } from 'c/llAnalytics';

type Tiles = HTMLElement & {
  kpis: DashboardKpis | null;
  seatsUnavailable: boolean;
  loading: boolean;
  errors: unknown;
};
type FormattedNumber = HTMLElement & {
  value: number;
  formatStyle?: string;
  currencyCode?: string;
  maximumFractionDigits?: number;
};

const KPIS: DashboardKpis = {
  seatsBought: 120,
  seatsUsed: 97,
  usersInView: 90,
  activeWithinThreshold: 70,
  inactive: 12,
  neverLoggedIn: 4,
  newUsers: 2,
  frozen: 1,
  frozenUnknown: 0,
  unknown: 0,
  integrationsOnHumanSeats: 3,
  adminIntegrations: 1,
  estimatedAnnualWaste: 41_850,
  estimatedMonthlyWaste: 3_487.5,
  currencyIsoCode: 'EUR',
  inactivityDays: 60
};

function mount(props: Partial<Tiles>): Tiles {
  const element = createElement('c-ll-kpi-tiles', { is: LlKpiTiles }) as Tiles;
  Object.assign(element, props);
  document.body.appendChild(element);
  return element;
}

function tile(element: HTMLElement, key: string): Element {
  return element.shadowRoot!.querySelector(`[data-id="${key}"]`)!;
}

function number(element: HTMLElement, key: string): FormattedNumber {
  return tile(element, key).querySelector('lightning-formatted-number') as FormattedNumber;
}

describe('c-ll-kpi-tiles', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  });

  it('shows the seven headline figures in order', () => {
    const element = mount({ kpis: KPIS });
    const keys = [...element.shadowRoot!.querySelectorAll('[data-id="tiles"] > li')].map((li) =>
      li.getAttribute('data-id')
    );
    expect(keys).toEqual([
      'seatsBought',
      'seatsUsed',
      'activeWithinThreshold',
      'inactive',
      'neverLoggedIn',
      'integrationsOnHumanSeats',
      'estimatedAnnualWaste'
    ]);
    expect(number(element, 'seatsBought').value).toBe(120);
    expect(number(element, 'seatsUsed').value).toBe(97);
    expect(number(element, 'activeWithinThreshold').value).toBe(70);
    expect(number(element, 'inactive').value).toBe(12);
    expect(number(element, 'neverLoggedIn').value).toBe(4);
    expect(number(element, 'integrationsOnHumanSeats').value).toBe(3);
  });

  it('names the threshold in use and the details behind each figure', () => {
    const element = mount({ kpis: KPIS });
    const detail = (key: string) =>
      tile(element, key).querySelector('[data-id="detail"]')!.textContent;
    expect(detail('activeWithinThreshold')).toBe('Logged in within 60 days');
    expect(detail('inactive')).toBe('No login for 60 days or more');
    expect(detail('neverLoggedIn')).toContain('2 new users');
    expect(detail('integrationsOnHumanSeats')).toBe('1 on an administrator profile');
  });

  it('formats the waste as money in the org currency', () => {
    const element = mount({ kpis: KPIS });
    const waste = number(element, 'estimatedAnnualWaste');
    expect(waste.value).toBe(41_850);
    expect(waste.formatStyle).toBe('currency');
    expect(waste.currencyCode).toBe('EUR');
    expect(waste.maximumFractionDigits).toBe(0);
  });

  it('shows a zero as a figure, not as missing', () => {
    const element = mount({ kpis: { ...KPIS, neverLoggedIn: 0 } });
    expect(number(element, 'neverLoggedIn').value).toBe(0);
  });

  it('says the seat figures are not available when the seats could not be read', () => {
    const element = mount({ kpis: KPIS, seatsUnavailable: true });
    expect(number(element, 'seatsBought')).toBeNull();
    expect(tile(element, 'seatsBought').textContent).toContain('Not available');
    expect(tile(element, 'seatsUsed').textContent).toContain('Not available');
    expect(number(element, 'inactive').value).toBe(12);
  });

  it('shows a spinner while loading', () => {
    const element = mount({ loading: true, kpis: null });
    expect(element.shadowRoot!.querySelector('[data-id="loading"]')).not.toBeNull();
    expect(element.shadowRoot!.querySelector('[data-id="tiles"]')).toBeNull();
  });

  it('shows the error instead of figures', () => {
    const error = { body: { message: 'Monitor Login History is missing' } };
    const element = mount({ errors: error, kpis: KPIS });
    const panel = element.shadowRoot!.querySelector('c-ll-error-panel') as HTMLElement & {
      errors: unknown;
    };
    expect(panel.errors).toEqual(error);
    expect(element.shadowRoot!.querySelector('[data-id="tiles"]')).toBeNull();
    expect(element.shadowRoot!.querySelector('[data-id="loading"]')).toBeNull();
  });

  it('renders nothing but the section before any figures exist', () => {
    const element = mount({ kpis: null });
    expect(element.shadowRoot!.querySelector('[data-id="tiles"]')).toBeNull();
  });

  it('is accessible', async () => {
    const element = mount({ kpis: KPIS, seatsUnavailable: true });
    await expect(element).toBeAccessible();
  });
});
