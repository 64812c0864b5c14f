import type { UserDto } from '../../../../types/contract';
import type { ActivityStatus, UserInsight } from './activity';

/** Option value standing for "no value" (null) in every filter. */
export const NONE_FILTER_VALUE = '__none__';

/** Label shown for NONE_FILTER_VALUE. */
export const NONE_FILTER_LABEL = '(none)';

/**
 * What the filter bar selected. Each list matches any of its values (empty or
 * missing: no filtering on that field); NONE_FILTER_VALUE matches null.
 * All given fields must match.
 */
export interface UserFilters {
  departments?: readonly string[];
  divisions?: readonly string[];
  profiles?: readonly string[];
  /** License names (Profile.UserLicense.Name). */
  licenses?: readonly string[];
  userTypes?: readonly string[];
  roles?: readonly string[];
  activities?: readonly ActivityStatus[];
  /** Only integrations on human seats. */
  integrationsOnly?: boolean;
  /** Case-insensitive text found in name or username; blank: no filtering. */
  search?: string;
}

/** The user fields the filter bar offers, in display order. */
export type FilterField = 'department' | 'division' | 'profile' | 'license' | 'userType' | 'role';

/** Every FilterField. */
export const FILTER_FIELDS: readonly FilterField[] = Object.freeze([
  'department',
  'division',
  'profile',
  'license',
  'userType',
  'role'
]);

/** One choice in a filter: the value to filter on, its label and how many users have it. */
export interface FilterOption {
  value: string;
  label: string;
  count: number;
}

/** Option lists per filter field: distinct values sorted by label, "(none)" last. */
export type FilterOptions = Record<FilterField, FilterOption[]>;

type ListFilterKey = 'departments' | 'divisions' | 'profiles' | 'licenses' | 'userTypes' | 'roles';

/** Which UserDto field each filter list and option list reads. */
const FIELD_READERS: Record<FilterField, (user: UserDto) => string | null> = {
  department: (user) => user.department,
  division: (user) => user.division,
  profile: (user) => user.profileName,
  license: (user) => user.licenseName,
  userType: (user) => user.userType,
  role: (user) => user.roleName
};

const LIST_FILTERS: readonly [ListFilterKey, FilterField][] = [
  ['departments', 'department'],
  ['divisions', 'division'],
  ['profiles', 'profile'],
  ['licenses', 'license'],
  ['userTypes', 'userType'],
  ['roles', 'role']
];

function hasValues(values: readonly unknown[] | undefined): values is readonly unknown[] {
  return !!values && values.length > 0;
}

function searchText(filters: UserFilters): string {
  return typeof filters.search === 'string' ? filters.search.trim().toLowerCase() : '';
}

/** True when no filter narrows the users. */
export function isEmptyFilter(filters: UserFilters | null | undefined): boolean {
  if (!filters) return true;
  return (
    LIST_FILTERS.every(([key]) => !hasValues(filters[key])) &&
    !hasValues(filters.activities) &&
    !filters.integrationsOnly &&
    searchText(filters) === ''
  );
}

/**
 * True when a filter narrows by a user attribute other than the license (so
 * org-level seat pools no longer match the view).
 */
export function narrowsBeyondLicense(filters: UserFilters | null | undefined): boolean {
  if (!filters) return false;
  return !isEmptyFilter({ ...filters, licenses: undefined });
}

/** Matches a nullable field against a selection in which NONE_FILTER_VALUE stands for null. */
function fieldMatcher(
  read: (user: UserDto) => string | null,
  values: readonly string[]
): (user: UserDto) => boolean {
  const wanted = new Set(values);
  const wantsNone = wanted.has(NONE_FILTER_VALUE);
  return (user) => {
    const value = read(user);
    return value === null || value === undefined || value === '' ? wantsNone : wanted.has(value);
  };
}

/** A predicate for the filters, to reuse across many rows. */
export function createUserFilter(
  filters: UserFilters | null | undefined
): (insight: UserInsight) => boolean {
  if (!filters || isEmptyFilter(filters)) return () => true;
  const userTests: ((user: UserDto) => boolean)[] = [];
  for (const [key, field] of LIST_FILTERS) {
    const values = filters[key];
    if (hasValues(values)) userTests.push(fieldMatcher(FIELD_READERS[field], values));
  }
  const activities = hasValues(filters.activities) ? new Set(filters.activities) : null;
  const integrationsOnly = !!filters.integrationsOnly;
  const text = searchText(filters);
  return (insight) => {
    if (activities && !activities.has(insight.activity)) return false;
    if (integrationsOnly && !insight.integrationOnHumanSeat) return false;
    const { user } = insight;
    for (const test of userTests) if (!test(user)) return false;
    if (text) {
      const inName = (user.name ?? '').toLowerCase().includes(text);
      if (!inName && !(user.username ?? '').toLowerCase().includes(text)) return false;
    }
    return true;
  };
}

/** The insights the filters keep, in their order (the same array when no filter is set). */
export function filterUsers(
  insights: readonly UserInsight[],
  filters: UserFilters | null | undefined
): readonly UserInsight[] {
  if (isEmptyFilter(filters)) return insights;
  return insights.filter(createUserFilter(filters));
}

function compareLabels(a: FilterOption, b: FilterOption): number {
  if (a.value === NONE_FILTER_VALUE) return 1;
  if (b.value === NONE_FILTER_VALUE) return -1;
  const folded = a.label.toLowerCase().localeCompare(b.label.toLowerCase());
  return folded || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
}

/** Option counts per filter field, one user at a time. */
export class FilterOptionsTally {
  private readonly counts = FILTER_FIELDS.map(() => new Map<string, { count: number }>());
  private readonly readers = FILTER_FIELDS.map((field) => FIELD_READERS[field]);
  /** Per field, the last value seen and its counter: most users repeat a common value. */
  private readonly lastValues: (string | null)[] = FILTER_FIELDS.map(() => null);
  private readonly lastCounters: ({ count: number } | null)[] = FILTER_FIELDS.map(() => null);

  add(user: UserDto): void {
    for (let index = 0; index < this.readers.length; index++) {
      const raw = this.readers[index](user);
      const value = raw === null || raw === undefined || raw === '' ? NONE_FILTER_VALUE : raw;
      const last = this.lastCounters[index];
      if (last !== null && this.lastValues[index] === value) {
        last.count++;
        continue;
      }
      let counter = this.counts[index].get(value);
      if (counter) counter.count++;
      else {
        counter = { count: 1 };
        this.counts[index].set(value, counter);
      }
      this.lastValues[index] = value;
      this.lastCounters[index] = counter;
    }
  }

  /** Distinct values sorted by label (case-insensitive), "(none)" last. */
  options(): FilterOptions {
    const options = {} as FilterOptions;
    FILTER_FIELDS.forEach((field, index) => {
      options[field] = [...this.counts[index]]
        .map(([value, { count }]) => ({
          value,
          label: value === NONE_FILTER_VALUE ? NONE_FILTER_LABEL : value,
          count
        }))
        .sort(compareLabels);
    });
    return options;
  }
}

/**
 * Option lists for the filter bar, counted over the given insights in one
 * pass: distinct values sorted by label (case-insensitive), "(none)" last.
 */
export function buildFilterOptions(insights: readonly UserInsight[]): FilterOptions {
  const tally = new FilterOptionsTally();
  for (const insight of insights) tally.add(insight.user);
  return tally.options();
}
