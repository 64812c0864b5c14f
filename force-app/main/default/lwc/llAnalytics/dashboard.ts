import type {
  LicenseSeatDto,
  LoginWindowDto,
  OrgContextDto,
  UserDto,
  UserLoginGroupDto
} from '../../../../types/contract';
import type { UserInsight } from './activity';
import type { FilterOptions, UserFilters } from './filters';
import type { IntegrationReport } from './integrations';
import type { ApplicationUsage } from './logins';
import type { OrgCalendar, Instant } from './time';
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

/**
 * Runs every rule once: classification, activity, waste, integrations,
 * filters, options and KPIs. Sort and page `filtered` with sortUsers/pageOf.
 */
export function analyzeOrg(input: AnalyticsInput): OrgAnalysis {
  throw new Error(`not implemented: ${input.users.length}`);
}

/** Only the KPIs (same rules as analyzeOrg). */
export function computeKpis(input: AnalyticsInput): DashboardKpis {
  throw new Error(`not implemented: ${input.users.length}`);
}
