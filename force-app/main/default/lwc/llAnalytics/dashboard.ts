import type {
  LicenseSeatDto,
  LoginWindowDto,
  OrgContextDto,
  UserDto,
  UserLoginGroupDto
} from '../../../../types/contract';
import { buildInsights } from './activity';
import type { ActivityStatus, UserInsight } from './activity';
import { DEFAULT_TOP_APPLICATIONS, KeptApplicationsTally } from './applications';
import type { ApplicationUsage } from './applications';
import {
  createUserFilter,
  FilterOptionsTally,
  isEmptyFilter,
  narrowsBeyondLicense
} from './filters';
import type { FilterOptions, UserFilters } from './filters';
import { IntegrationTally } from './integrations';
import type { IntegrationReport } from './integrations';
import { createPriceBook, MONTHS_PER_YEAR, roundMoney } from './pricing';
import { resolveSettings } from './settings';
import { createOrgCalendar, dayKeyFromNumber, toEpochMs } from './time';
import type { OrgCalendar, Instant } from './time';
import { WasteTally } from './waste';
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
  /**
   * No interactive login within the threshold (activity `inactive`); integrations
   * on human seats (activity `integration`) are not counted here.
   */
  inactive: number;
  neverLoggedIn: number;
  /** Created within the grace days without an interactive login yet. */
  newUsers: number;
  frozen: number;
  /**
   * Active users in view whose frozen state is unknown (isFrozen null): they are
   * judged by their logins, never counted as "not frozen" with confidence.
   */
  frozenUnknown: number;
  /** LastLoginDate inside the window yet no login in it: cannot be judged. */
  unknown: number;
  /**
   * Users flagged integrationOnHumanSeat: activity `integration`, plus any with
   * an interactive login within the threshold (activity `active`).
   */
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

/** Users in view per activity status, and how many of them hold a seat. */
class ActivityCounter {
  usersInView = 0;
  frozenUnknown = 0;
  readonly byActivity: Record<ActivityStatus, number> = {
    active: 0,
    integration: 0,
    inactive: 0,
    neverLoggedIn: 0,
    new: 0,
    frozen: 0,
    unknown: 0,
    deactivated: 0
  };

  add(insight: UserInsight): void {
    if (insight.user.isActive) this.usersInView++;
    if (insight.user.isActive && insight.user.isFrozen === null) this.frozenUnknown++;
    this.byActivity[insight.activity]++;
  }
}

function kpisOf(
  counter: ActivityCounter,
  seats: { bought: number; used: number },
  waste: WasteReport,
  integrations: IntegrationReport,
  currencyIsoCode: string,
  inactivityDays: number
): DashboardKpis {
  const counts = counter.byActivity;
  const annualWaste = waste.annualWaste + integrations.annualSaving;
  return {
    seatsBought: seats.bought,
    seatsUsed: seats.used,
    usersInView: counter.usersInView,
    activeWithinThreshold: counts.active,
    inactive: counts.inactive,
    neverLoggedIn: counts.neverLoggedIn,
    newUsers: counts.new,
    frozen: counts.frozen,
    frozenUnknown: counter.frozenUnknown,
    unknown: counts.unknown,
    integrationsOnHumanSeats: integrations.findings.length,
    adminIntegrations: integrations.adminFindings,
    estimatedAnnualWaste: roundMoney(annualWaste),
    estimatedMonthlyWaste: roundMoney(annualWaste / MONTHS_PER_YEAR),
    currencyIsoCode,
    inactivityDays
  };
}

/**
 * Runs every rule once: classification, activity, waste, integrations,
 * filters, options and KPIs. Sort and page `filtered` with sortUsers/pageOf.
 * With user filters beyond the license, unassigned pool seats are left out of
 * the waste (they belong to no department); a license filter narrows the pools.
 * One pass over the groups and one over the users do all the counting; the
 * results equal those of analyzeUsers, filterUsers, computeWaste,
 * findIntegrations, buildFilterOptions and topApplications.
 * @throws Error when the time zone or `now` is invalid.
 */
export function analyzeOrg(input: AnalyticsInput): OrgAnalysis {
  const settings = resolveSettings(input.context.settings);
  const inactivityDays = thresholdDays(input.inactivityDays, settings.inactivityDays);
  const calendar = createOrgCalendar(input.context.orgTimeZone);
  const now = toEpochMs(input.now);
  const priceBook = createPriceBook(input.context.prices ?? []);
  const filters = input.filters ?? null;
  const keep = isEmptyFilter(filters) ? null : createUserFilter(filters);
  const filtered: UserInsight[] = [];
  const wasteTally = new WasteTally();
  const integrationTally = new IntegrationTally();
  const optionsTally = new FilterOptionsTally();
  const counter = new ActivityCounter();
  const applications = new KeptApplicationsTally();
  const options = {
    loginGroups: input.loginGroups,
    window: input.window,
    settings,
    inactivityDays,
    calendar,
    priceBook,
    now
  };
  const users = buildInsights(
    input.users,
    options,
    (insight) => {
      optionsTally.add(insight.user);
      integrationTally.countSeat(insight);
      if (keep) {
        if (!keep(insight)) return false;
        filtered.push(insight);
      }
      wasteTally.add(insight);
      integrationTally.add(insight);
      counter.add(insight);
      return true;
    },
    applications
  );
  const licenseNames = filters?.licenses?.length ? filters.licenses : null;
  const waste = wasteTally.report(input.seats, settings, priceBook, {
    includeUnassigned: !narrowsBeyondLicense(filters),
    licenseNames
  });
  const integrations = integrationTally.report(input.seats, settings, priceBook);
  const seats = userLicenseSeats(input.seats, licenseNames);
  return {
    calendar,
    today: dayKeyFromNumber(calendar.dayNumber(now)),
    inactivityDays,
    users,
    filtered: keep ? filtered : users,
    kpis: kpisOf(counter, seats, waste, integrations, settings.currencyIsoCode, inactivityDays),
    waste,
    integrations,
    filterOptions: optionsTally.options(),
    topApplications: applications.ranked(DEFAULT_TOP_APPLICATIONS)
  };
}

/** Only the KPIs (same rules as analyzeOrg). */
export function computeKpis(input: AnalyticsInput): DashboardKpis {
  return analyzeOrg(input).kpis;
}
