import type {
  LicenseSeatDto,
  LoginWindowDto,
  OrgContextDto,
  UserDto,
  UserLoginGroupDto
} from '../../../../types/contract';
import { analyzeUsers } from './activity';
import type { UserInsight } from './activity';
import {
  buildFilterOptions,
  createUserFilter,
  isEmptyFilter,
  narrowsBeyondLicense
} from './filters';
import type { FilterOptions, UserFilters } from './filters';
import { findIntegrations } from './integrations';
import type { IntegrationReport } from './integrations';
import { DEFAULT_TOP_APPLICATIONS, topApplicationsByOwner } from './applications';
import type { ApplicationUsage } from './applications';
import { matchGroupsToUsers } from './joins';
import { createLoginClassifier } from './logins';
import { createPriceBook, MONTHS_PER_YEAR, roundMoney } from './pricing';
import { resolveSettings } from './settings';
import { createOrgCalendar, dayKeyFromNumber, toEpochMs } from './time';
import type { OrgCalendar, Instant } from './time';
import { computeWaste } from './waste';
import type { WasteReport } from './waste';

/** Everything the dashboard's figures are computed from. */
export interface AnalyticsInput {
  users: readonly UserDto[];
  loginGroups: readonly UserLoginGroupDto[];
  seats: readonly LicenseSeatDto[];
  /** Time zone, settings (missing fields take DEFAULT_SETTINGS) and prices. */
  context: Pick<OrgContextDto, 'orgTimeZone' | 'settings' | 'prices'>;
  /** The window the login groups cover; null when no LoginHistory was read. */
  window: LoginWindowDto | null;
  /** "Now" as the caller sees it: rules never read the clock. */
  now: Instant;
  filters?: UserFilters | null;
  /** Overrides settings.inactivityDays (the threshold picker). */
  inactivityDays?: number;
}

/** The headline figures. Seat figures count UserLicense pools only (PSLs are add-ons). */
export interface DashboardKpis {
  /** Seats bought (UserLicense total; narrowed by a license filter). */
  seatsBought: number;
  /** Seats assigned (UserLicense used; narrowed by a license filter). */
  seatsUsed: number;
  /** Users in view (after filters) holding a seat: active, not deactivated. */
  usersInView: number;
  activeWithinThreshold: number;
  inactive: number;
  neverLoggedIn: number;
  /** Created within the grace days without an interactive login yet. */
  newUsers: number;
  frozen: number;
  /** LastLoginDate inside the window yet no login in it: cannot be judged. */
  unknown: number;
  integrationsOnHumanSeats: number;
  /** Of which on an administrator profile. */
  adminIntegrations: number;
  /** Waste (inactive, never logged in, frozen, unassigned) + integration savings, per year. */
  estimatedAnnualWaste: number;
  estimatedMonthlyWaste: number;
  currencyIsoCode: string;
  /** The threshold used (days). */
  inactivityDays: number;
}

/** The whole analysis a dashboard renders. */
export interface OrgAnalysis {
  calendar: OrgCalendar;
  /** Org-local day of now. */
  today: string;
  inactivityDays: number;
  /** Every user, analysed, in input order. */
  users: UserInsight[];
  /** Users the filters keep, in input order. */
  filtered: readonly UserInsight[];
  kpis: DashboardKpis;
  waste: WasteReport;
  integrations: IntegrationReport;
  /** Filter-bar choices over all users. */
  filterOptions: FilterOptions;
  /** Most used applications among the filtered users. */
  topApplications: ApplicationUsage[];
}

/** The threshold picker's value when valid (whole days >= 1), else the settings'. */
function thresholdDays(requested: number | undefined, fromSettings: number): number {
  return typeof requested === 'number' && Number.isFinite(requested) && requested >= 1
    ? Math.floor(requested)
    : fromSettings;
}

/** Seats bought and assigned in UserLicense pools (narrowed to the filtered licenses). */
function userLicenseSeats(
  seats: readonly LicenseSeatDto[],
  licenseNames: readonly string[] | null
): { bought: number; used: number } {
  let bought = 0;
  let used = 0;
  for (const seat of seats) {
    if (seat.source !== 'UserLicense') continue;
    if (licenseNames && !licenseNames.includes(seat.name)) continue;
    bought += Math.max(0, seat.total);
    used += Math.max(0, seat.used);
  }
  return { bought, used };
}

interface ActivityCounts {
  usersInView: number;
  active: number;
  inactive: number;
  neverLoggedIn: number;
  newUsers: number;
  frozen: number;
  unknown: number;
}

function countActivity(insights: readonly UserInsight[]): ActivityCounts {
  const counts: ActivityCounts = {
    usersInView: 0,
    active: 0,
    inactive: 0,
    neverLoggedIn: 0,
    newUsers: 0,
    frozen: 0,
    unknown: 0
  };
  for (const insight of insights) {
    if (insight.user.isActive) counts.usersInView++;
    switch (insight.activity) {
      case 'active':
        counts.active++;
        break;
      case 'inactive':
        counts.inactive++;
        break;
      case 'neverLoggedIn':
        counts.neverLoggedIn++;
        break;
      case 'new':
        counts.newUsers++;
        break;
      case 'frozen':
        counts.frozen++;
        break;
      case 'unknown':
        counts.unknown++;
        break;
      default:
        break;
    }
  }
  return counts;
}

/** The kept insights and a flag per user index (null when nothing is filtered). */
function applyFilters(
  users: UserInsight[],
  filters: UserFilters | null
): { filtered: readonly UserInsight[]; kept: Uint8Array | null } {
  if (isEmptyFilter(filters)) return { filtered: users, kept: null };
  const keep = createUserFilter(filters);
  const kept = new Uint8Array(users.length);
  const filtered: UserInsight[] = [];
  for (let index = 0; index < users.length; index++) {
    if (keep(users[index])) {
      kept[index] = 1;
      filtered.push(users[index]);
    }
  }
  return { filtered, kept };
}

/**
 * Runs every rule once: classification, activity, waste, integrations,
 * filters, options and KPIs. Sort and page `filtered` with sortUsers/pageOf.
 * With user filters beyond the license, unassigned pool seats are left out of
 * the waste (they belong to no department); a license filter narrows the pools.
 * @throws Error when the time zone or `now` is invalid.
 */
export function analyzeOrg(input: AnalyticsInput): OrgAnalysis {
  const settings = resolveSettings(input.context.settings);
  const inactivityDays = thresholdDays(input.inactivityDays, settings.inactivityDays);
  const calendar = createOrgCalendar(input.context.orgTimeZone);
  const now = toEpochMs(input.now);
  const priceBook = createPriceBook(input.context.prices ?? []);
  const classifier = createLoginClassifier();
  const groupOwners = matchGroupsToUsers(input.users, input.loginGroups);
  const users = analyzeUsers(input.users, {
    loginGroups: input.loginGroups,
    window: input.window,
    settings,
    inactivityDays,
    calendar,
    priceBook,
    now,
    classifier,
    groupOwners
  });
  const filters = input.filters ?? null;
  const { filtered, kept } = applyFilters(users, filters);
  const licenseNames = filters?.licenses?.length ? filters.licenses : null;
  const waste = computeWaste(filtered, input.seats, settings, priceBook, {
    includeUnassigned: !narrowsBeyondLicense(filters),
    licenseNames
  });
  const integrations = findIntegrations(filtered, input.seats, settings, priceBook, users);
  const seats = userLicenseSeats(input.seats, licenseNames);
  const counts = countActivity(filtered);
  const annualWaste = waste.annualWaste + integrations.annualSaving;
  const kpis: DashboardKpis = {
    seatsBought: seats.bought,
    seatsUsed: seats.used,
    usersInView: counts.usersInView,
    activeWithinThreshold: counts.active,
    inactive: counts.inactive,
    neverLoggedIn: counts.neverLoggedIn,
    newUsers: counts.newUsers,
    frozen: counts.frozen,
    unknown: counts.unknown,
    integrationsOnHumanSeats: integrations.findings.length,
    adminIntegrations: integrations.adminFindings,
    estimatedAnnualWaste: roundMoney(annualWaste),
    estimatedMonthlyWaste: roundMoney(annualWaste / MONTHS_PER_YEAR),
    currencyIsoCode: settings.currencyIsoCode,
    inactivityDays
  };
  return {
    calendar,
    today: dayKeyFromNumber(calendar.dayNumber(now)),
    inactivityDays,
    users,
    filtered,
    kpis,
    waste,
    integrations,
    filterOptions: buildFilterOptions(users),
    topApplications: topApplicationsByOwner(
      input.loginGroups,
      groupOwners,
      users.length,
      kept,
      DEFAULT_TOP_APPLICATIONS
    )
  };
}

/** Only the KPIs (same rules as analyzeOrg). */
export function computeKpis(input: AnalyticsInput): DashboardKpis {
  return analyzeOrg(input).kpis;
}
