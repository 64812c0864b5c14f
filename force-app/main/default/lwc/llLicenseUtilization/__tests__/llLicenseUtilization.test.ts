import { createElement } from 'lwc';
import LlLicenseUtilization from 'c/llLicenseUtilization';
import getLicenseSeats from '@salesforce/apex/LL_LicenseController.getLicenseSeats';
import { createApexTestWireAdapter } from '@salesforce/sfdx-lwc-jest';
import type { LicenseSeatDto } from '../../../../../types/contract';

jest.mock(
  '@salesforce/apex/LL_LicenseController.getLicenseSeats',
  () => {
    const lwcJest = jest.requireActual('@salesforce/sfdx-lwc-jest');
    return { default: lwcJest.createApexTestWireAdapter(jest.fn()) };
  },
  { virtual: true }
);

type WireAdapter = ReturnType<typeof createApexTestWireAdapter>;
const seatsAdapter = getLicenseSeats as unknown as WireAdapter;

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
    id: '0PL000000000001AAA',
    source: 'PermissionSetLicense',
    name: 'SalesforceAPIIntegrationPsl',
    label: 'Salesforce API Integration',
    licenseDefinitionKey: null,
    total: 5,
    used: 1,
    free: 4,
    percentUsed: 20
  }
];

function mount(): HTMLElement {
  const element = createElement('c-ll-license-utilization', { is: LlLicenseUtilization });
  document.body.appendChild(element);
  return element;
}

const flush = (): Promise<void> => Promise.resolve();

function query(element: HTMLElement, id: string): Element | null {
  return element.shadowRoot!.querySelector(`[data-id="${id}"]`);
}

describe('c-ll-license-utilization', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
  });

  it('shows a spinner until the data arrives', () => {
    const element = mount();
    expect(query(element, 'loading')).not.toBeNull();
    expect(query(element, 'rows')).toBeNull();
  });

  it('lists licenses sorted by free seats with used/total, percent and a bar', async () => {
    const element = mount();
    seatsAdapter.emit(SEATS);
    await flush();

    const rows = element.shadowRoot!.querySelectorAll('[data-id="row"]');
    expect(rows).toHaveLength(2);
    expect(rows[0].querySelector('[data-id="label"]')!.textContent!.trim()).toBe(
      'Salesforce API Integration'
    );
    expect(rows[0].querySelector('[data-id="summary"]')!.textContent).toBe(
      '1 of 5 used, 4 free (20%)'
    );
    expect(rows[1].querySelector('[data-id="summary"]')!.textContent).toBe(
      '97 of 100 used, 3 free (97%)'
    );
    const bar = rows[1].querySelector('[role="progressbar"]')!;
    expect(bar.getAttribute('aria-valuenow')).toBe('97');
    expect((bar.querySelector('span') as HTMLElement).style.width).toBe('97%');
    expect(query(element, 'loading')).toBeNull();
  });

  it('says so when the org has no licenses with seats', async () => {
    const element = mount();
    seatsAdapter.emit([]);
    await flush();
    expect(query(element, 'empty')!.textContent).toContain('No active licenses');
    expect(query(element, 'rows')).toBeNull();
  });

  it('shows the error panel naming the missing permission', async () => {
    const element = mount();
    seatsAdapter.error({
      message: 'You need the View Setup and Configuration permission to see licenses.'
    });
    await flush();
    const panel = element.shadowRoot!.querySelector('c-ll-error-panel') as HTMLElement & {
      errors: unknown;
    };
    expect(panel).not.toBeNull();
    expect(panel.errors).toEqual(
      expect.objectContaining({
        body: { message: 'You need the View Setup and Configuration permission to see licenses.' }
      })
    );
    expect(query(element, 'rows')).toBeNull();
    expect(query(element, 'loading')).toBeNull();
  });

  it('is accessible with data', async () => {
    const element = mount();
    seatsAdapter.emit(SEATS);
    await flush();
    await expect(element).toBeAccessible();
  });

  it('is accessible with an error', async () => {
    const element = mount();
    seatsAdapter.error();
    await flush();
    await expect(element).toBeAccessible();
  });
});
