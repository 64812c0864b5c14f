import { createElement } from 'lwc';
import LlFilterBar from 'c/llFilterBar';
import type { FilterChangeDetail, FilterSelection } from 'c/llFilterBar';
import type { FilterOptions } from 'c/llAnalytics';

type Bar = HTMLElement & {
  options: FilterOptions | null;
  selection: FilterSelection | null;
  thresholdChoices: readonly number[];
  windowChoices: readonly number[];
  disabled: boolean;
};
type Combobox = HTMLElement & {
  label: string;
  value: string;
  options: { label: string; value: string }[];
  disabled: boolean;
};

const OPTIONS: FilterOptions = {
  department: [
    { value: 'Sales', label: 'Sales', count: 2 },
    { value: '__none__', label: '(none)', count: 1 }
  ],
  division: [{ value: 'EMEA', label: 'EMEA', count: 1 }],
  profile: [{ value: 'Standard User', label: 'Standard User', count: 3 }],
  license: [{ value: 'Salesforce', label: 'Salesforce', count: 3 }],
  userType: [{ value: 'Standard', label: 'Standard', count: 3 }],
  role: []
};

const SELECTION: FilterSelection = {
  department: '',
  division: '',
  profile: '',
  license: '',
  userType: '',
  inactivityDays: 90,
  windowDays: 30
};

function mount(overrides: Partial<Bar> = {}): Bar {
  const element = createElement('c-ll-filter-bar', { is: LlFilterBar }) as Bar;
  element.options = OPTIONS;
  element.selection = SELECTION;
  element.thresholdChoices = [30, 60, 90, 180];
  element.windowChoices = [7, 30, 90];
  Object.assign(element, overrides);
  document.body.appendChild(element);
  return element;
}

function combobox(element: HTMLElement, field: string): Combobox {
  return element.shadowRoot!.querySelector(`[data-id="${field}"]`) as Combobox;
}

function listen(element: HTMLElement): jest.Mock<void, [FilterChangeDetail]> {
  const handler = jest.fn<void, [FilterChangeDetail]>();
  element.addEventListener('filterchange', (event) =>
    handler((event as CustomEvent<FilterChangeDetail>).detail)
  );
  return handler;
}

function choose(element: HTMLElement, field: string, value: string): void {
  combobox(element, field).dispatchEvent(new CustomEvent('change', { detail: { value } }));
}

describe('c-ll-filter-bar', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  });

  it('offers every user field with an "all" choice and counted values', () => {
    const element = mount();
    const department = combobox(element, 'department');
    expect(department.label).toBe('Department');
    expect(department.options).toEqual([
      { label: 'All departments', value: '' },
      { label: 'Sales (2)', value: 'Sales' },
      { label: '(none) (1)', value: '__none__' }
    ]);
    for (const field of ['division', 'profile', 'license', 'userType']) {
      expect(combobox(element, field).options[0].value).toBe('');
    }
  });

  it('offers the thresholds and windows it is given, with the current values selected', () => {
    const element = mount({ selection: { ...SELECTION, inactivityDays: 60, windowDays: 7 } });
    const threshold = combobox(element, 'inactivityDays');
    const window = combobox(element, 'windowDays');
    expect(threshold.options.map((option) => option.value)).toEqual(['30', '60', '90', '180']);
    expect(threshold.value).toBe('60');
    expect(window.options.map((option) => option.label)).toEqual([
      'Last 7 days',
      'Last 30 days',
      'Last 90 days'
    ]);
    expect(window.value).toBe('7');
  });

  it('raises filterchange with the whole new selection when a user field changes', () => {
    const element = mount();
    const handler = listen(element);
    choose(element, 'department', 'Sales');
    expect(handler).toHaveBeenCalledWith({
      selection: { ...SELECTION, department: 'Sales' },
      changed: 'department'
    });
  });

  it('raises numbers for the threshold and the window', () => {
    const element = mount();
    const handler = listen(element);
    choose(element, 'inactivityDays', '30');
    choose(element, 'windowDays', '90');
    expect(handler.mock.calls[0][0]).toEqual({
      selection: { ...SELECTION, inactivityDays: 30 },
      changed: 'inactivityDays'
    });
    expect(handler.mock.calls[1][0].selection.windowDays).toBe(90);
    expect(handler.mock.calls[1][0].changed).toBe('windowDays');
  });

  it('clears the user fields but keeps the threshold and window', async () => {
    const element = mount({
      selection: { ...SELECTION, department: 'Sales', license: 'Salesforce', inactivityDays: 30 }
    });
    const handler = listen(element);
    const clear = element.shadowRoot!.querySelector('[data-id="clear"]') as HTMLElement & {
      disabled: boolean;
    };
    expect(clear.disabled).toBe(false);
    clear.click();
    await Promise.resolve();
    expect(handler).toHaveBeenCalledWith({
      selection: { ...SELECTION, inactivityDays: 30 },
      changed: 'clear'
    });
  });

  it('has nothing to clear when no user field is filtered', () => {
    const element = mount();
    const clear = element.shadowRoot!.querySelector('[data-id="clear"]') as HTMLElement & {
      disabled: boolean;
    };
    expect(clear.disabled).toBe(true);
  });

  it('locks every control while data loads', () => {
    const element = mount({ disabled: true });
    expect(combobox(element, 'department').disabled).toBe(true);
    expect(combobox(element, 'windowDays').disabled).toBe(true);
  });

  it('still renders with only the "all" choices before options arrive', () => {
    const element = mount({ options: null });
    expect(combobox(element, 'profile').options).toEqual([{ label: 'All profiles', value: '' }]);
  });

  it('is accessible', async () => {
    const element = mount();
    await expect(element).toBeAccessible();
  });
});
