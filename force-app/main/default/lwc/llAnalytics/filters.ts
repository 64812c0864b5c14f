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

/** True when no filter narrows the users. */
export function isEmptyFilter(filters: UserFilters | null | undefined): boolean {
  throw new Error(`not implemented: ${String(filters)}`);
}

/**
 * True when a filter narrows by a user attribute other than the license (so
 * org-level seat pools no longer match the view).
 */
export function narrowsBeyondLicense(filters: UserFilters | null | undefined): boolean {
  throw new Error(`not implemented: ${String(filters)}`);
}

/** A predicate for the filters, to reuse across many rows. */
export function createUserFilter(
  filters: UserFilters | null | undefined
): (insight: UserInsight) => boolean {
  throw new Error(`not implemented: ${String(filters)}`);
}

/** The insights the filters keep, in their order (the same array when no filter is set). */
export function filterUsers(
  insights: readonly UserInsight[],
  filters: UserFilters | null | undefined
): readonly UserInsight[] {
  throw new Error(`not implemented: ${insights.length} ${String(filters)}`);
}

/** Option lists for the filter bar, counted over the given insights in one pass. */
export function buildFilterOptions(insights: readonly UserInsight[]): FilterOptions {
  throw new Error(`not implemented: ${insights.length}`);
}
