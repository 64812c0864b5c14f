import { LightningElement, api } from 'lwc';
import type { FilterOption, FilterOptions } from 'c/llAnalytics';

/** The user fields the bar filters on (a subset of the analytics' FilterField). */
export type UserFilterField = 'department' | 'division' | 'profile' | 'license' | 'userType';

/** What the bar has selected: one value per user field ('' = all) plus the two periods. */
export interface FilterSelection {
  department: string;
  division: string;
  profile: string;
  license: string;
  userType: string;
  /** Days without an interactive login after which a user counts as inactive. */
  inactivityDays: number;
  /** Days of LoginHistory read from the org. */
  windowDays: number;
}

/** Which part of the selection a `filterchange` event changed. */
export type FilterChange = keyof FilterSelection | 'clear';

/** Detail of the `filterchange` event. */
export interface FilterChangeDetail {
  selection: FilterSelection;
  changed: FilterChange;
}

/** Value of the "all" option of every user-field filter. */
export const ALL_VALUE = '';

/** The user-field filters, in display order, with their labels. */
const USER_FIELD_FILTERS: readonly { field: UserFilterField; label: string; all: string }[] = [
  { field: 'department', label: 'Department', all: 'All departments' },
  { field: 'division', label: 'Division', all: 'All divisions' },
  { field: 'profile', label: 'Profile', all: 'All profiles' },
  { field: 'license', label: 'License', all: 'All licenses' },
  { field: 'userType', label: 'User type', all: 'All user types' }
];

const THRESHOLD_FIELD = 'inactivityDays';
const WINDOW_FIELD = 'windowDays';

/** A selection with no user-field filter. */
export function emptySelection(inactivityDays: number, windowDays: number): FilterSelection {
  return {
    department: ALL_VALUE,
    division: ALL_VALUE,
    profile: ALL_VALUE,
    license: ALL_VALUE,
    userType: ALL_VALUE,
    inactivityDays,
    windowDays
  };
}

interface ComboboxOption {
  label: string;
  value: string;
}

interface Control {
  field: keyof FilterSelection;
  label: string;
  value: string;
  options: ComboboxOption[];
}

function daysOptions(days: readonly number[], describe: (day: number) => string): ComboboxOption[] {
  return days.map((day) => ({ label: describe(day), value: String(day) }));
}

function userFieldOptions(all: string, options: readonly FilterOption[]): ComboboxOption[] {
  return [
    { label: all, value: ALL_VALUE },
    ...options.map((option) => ({
      label: `${option.label} (${option.count})`,
      value: option.value
    }))
  ];
}

/**
 * The dashboard's filter bar: Department, Division, Profile, License and User
 * type (options and counts from the analytics), the inactivity threshold and
 * the login window. Raises `filterchange` with the whole new selection; the
 * parent owns the state.
 */
export default class LlFilterBar extends LightningElement {
  /** Option lists per user field (analysis.filterOptions); null while loading. */
  @api options: FilterOptions | null = null;
  /** The current selection. */
  @api selection: FilterSelection | null = null;
  /** Inactivity thresholds offered (days). */
  @api thresholdChoices: readonly number[] = [];
  /** Login windows offered (days). */
  @api windowChoices: readonly number[] = [];
  /** True while data loads: the controls are read-only. */
  @api disabled = false;

  get controls(): Control[] {
    const selection = this.currentSelection;
    const userControls: Control[] = USER_FIELD_FILTERS.map(({ field, label, all }) => ({
      field,
      label,
      value: selection[field],
      options: userFieldOptions(all, this.options?.[field] ?? [])
    }));
    return [
      ...userControls,
      {
        field: THRESHOLD_FIELD,
        label: 'Inactive after',
        value: String(selection.inactivityDays),
        options: daysOptions(this.thresholdChoices, (day) => `${day} days without a login`)
      },
      {
        field: WINDOW_FIELD,
        label: 'Login window',
        value: String(selection.windowDays),
        options: daysOptions(this.windowChoices, (day) => `Last ${day} days`)
      }
    ];
  }

  get hasUserFilter(): boolean {
    const selection = this.currentSelection;
    return USER_FIELD_FILTERS.some(({ field }) => selection[field] !== ALL_VALUE);
  }

  get clearDisabled(): boolean {
    return this.disabled || !this.hasUserFilter;
  }

  private get currentSelection(): FilterSelection {
    return this.selection ?? emptySelection(0, 0);
  }

  handleChange(event: CustomEvent<{ value: string }>): void {
    const field = (event.target as HTMLElement).dataset.field as keyof FilterSelection;
    const value = event.detail.value;
    const selection = { ...this.currentSelection };
    if (field === THRESHOLD_FIELD || field === WINDOW_FIELD) selection[field] = Number(value);
    else selection[field as UserFilterField] = value;
    this.raise(selection, field);
  }

  handleClear(): void {
    const { inactivityDays, windowDays } = this.currentSelection;
    this.raise(emptySelection(inactivityDays, windowDays), 'clear');
  }

  private raise(selection: FilterSelection, changed: FilterChange): void {
    this.dispatchEvent(
      new CustomEvent<FilterChangeDetail>('filterchange', { detail: { selection, changed } })
    );
  }
}
