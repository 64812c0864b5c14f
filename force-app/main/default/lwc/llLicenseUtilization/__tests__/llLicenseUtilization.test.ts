import { createElement } from 'lwc';
import LlLicenseUtilization from 'c/llLicenseUtilization';
import type { LicenseSeatDto } from '../../../../../types/contract';

type Card = HTMLElement & {
  seats: LicenseSeatDto[] | null;
  loading: boolean;
  errors: unknown;
};

const SEATS: LicenseSeatDto[] = [
  {
    id: '100000000000001AAA',
    source: 'UserLicense',
    name: 'Salesforce',
    label: 'Salesforce',
    licenseDefinitionKey: 'SFDC',
    total: 100,
    used: 97,
    free: 3,
    percentUsed: 97
  },
  {
    id: '100000000000002AAA',
    source: 'UserLicense',
    name: 'Salesforce Platform',
    label: 'Salesforce Platform',
    licenseDefinitionKey: 'SFDC_PLATFORM',
    total: 20,
    used: 5,
    free: 15,
    percentUsed: 25
  },
  {
    id: '0PL000000000001AAA',
    source: 'PermissionSetLicense',
    name: 'SalesforceAPIIntegrationPsl',
    label: 'Salesforce API Integration',
    licenseDefinitionKey: null,
    total: 5,
    used: 1,
    free: 4,
    percentUsed: 20
  },
  {
    id: '0PL000000000002AAA',
    source: 'PermissionSetLicense',
    name: 'EmptyPsl',
    label: 'Empty pool',
    licenseDefinitionKey: null,
    total: 0,
    used: 0,
    free: 0,
    percentUsed: 0
  }
];

function mount(props: Partial<Card>): Card {
  const element = createElement('c-ll-license-utilization', { is: LlLicenseUtilization }) as Card;
  Object.assign(element, props);
  document.body.appendChild(element);
  return element;
}

function query(element: HTMLElement, id: string): Element | null {
  return element.shadowRoot!.querySelector(`[data-id="${id}"]`);
}

function texts(root: Element, id: string): string[] {
  return [...root.querySelectorAll(`[data-id="${id}"]`)].map((node) => node.textContent!.trim());
}

describe('c-ll-license-utilization', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  });

  it('shows a spinner while the seats load', () => {
    const element = mount({ loading: true, seats: null });
    expect(query(element, 'loading')).not.toBeNull();
    expect(query(element, 'rows')).toBeNull();
  });

  it('lists user licenses and permission set licenses apart, each sorted by free seats', () => {
    const element = mount({ seats: SEATS });
    const userLicenses = query(element, 'UserLicense')!;
    const permissionSetLicenses = query(element, 'PermissionSetLicense')!;
    expect(texts(userLicenses, 'label')).toEqual(['Salesforce Platform', 'Salesforce']);
    expect(texts(userLicenses, 'summary')).toEqual([
      '5 of 20 used, 15 free (25%)',
      '97 of 100 used, 3 free (97%)'
    ]);
    expect(texts(permissionSetLicenses, 'label')).toEqual(['Salesforce API Integration']);
    expect(texts(permissionSetLicenses, 'summary')).toEqual(['1 of 5 used, 4 free (20%)']);
  });

  it('draws each pool as a progress bar with its utilization band', () => {
    const element = mount({ seats: SEATS });
    const bars = [...element.shadowRoot!.querySelectorAll('[role="progressbar"]')];
    const full = bars.find((bar) => bar.getAttribute('aria-label') === 'Salesforce')!;
    expect(full.getAttribute('aria-valuenow')).toBe('97');
    const value = full.querySelector('span') as HTMLElement;
    expect(value.style.width).toBe('97%');
    expect(value.className).toContain('ll-bar_full');
    const low = bars.find((bar) => bar.getAttribute('aria-label') === 'Salesforce Platform')!;
    expect(low.querySelector('span')!.className).toContain('ll-bar_low');
  });

  it('leaves out pools without seats and hides an empty section', () => {
    const element = mount({ seats: SEATS.filter((seat) => seat.source === 'UserLicense') });
    expect(query(element, 'PermissionSetLicense')).toBeNull();
    expect(element.shadowRoot!.textContent).not.toContain('Empty pool');
  });

  it('says so when the org has no licenses with seats', () => {
    const element = mount({ seats: [SEATS[3]] });
    expect(query(element, 'empty')!.textContent).toContain('No active licenses');
    expect(query(element, 'rows')).toBeNull();
  });

  it('re-renders when new seats arrive', async () => {
    const element = mount({ seats: [SEATS[0]] });
    element.seats = [SEATS[1]];
    await Promise.resolve();
    expect(texts(element.shadowRoot!.firstElementChild!, 'label')).toEqual(['Salesforce Platform']);
  });

  it('shows the error panel with the server error (naming the missing permission)', () => {
    const error = {
      body: {
        message:
          'License Lens needs the "View Setup and Configuration" permission to read license seats.'
      }
    };
    const element = mount({ errors: error, loading: false });
    const panel = element.shadowRoot!.querySelector('c-ll-error-panel') as HTMLElement & {
      errors: unknown;
    };
    expect(panel.errors).toEqual(error);
    const permission = panel.shadowRoot!.querySelector('[data-id="permission"]')!;
    expect(permission.textContent).toContain('View Setup and Configuration');
    expect(query(element, 'rows')).toBeNull();
    expect(query(element, 'loading')).toBeNull();
    expect(query(element, 'empty')).toBeNull();
  });

  it('is accessible with data', async () => {
    const element = mount({ seats: SEATS });
    await expect(element).toBeAccessible();
  });

  it('is accessible with an error', async () => {
    const element = mount({ errors: new Error('boom') });
    await expect(element).toBeAccessible();
  });
});
