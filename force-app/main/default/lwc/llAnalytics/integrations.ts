import type { LicenseSeatDto, SettingsDto } from '../../../../types/contract';
import type { UserInsight } from './activity';
import {
  INTEGRATION_LICENSE_NAME,
  INTEGRATION_PSL_NAME,
  MONTHS_PER_YEAR,
  roundMoney
} from './pricing';
import type { PriceBook, PriceLookup } from './pricing';

/** One integration running on a human (full-license) seat, and what moving it saves. */
export interface IntegrationFinding {
  id: string;
  insight: UserInsight;
  /** The user has an administrator profile: the riskiest case. */
  adminProfile: boolean;
  /** Monthly price of the user's current license (0 when unpriced). */
  currentMonthlyPrice: number;
  /** Monthly price of the integration seat it would take: 0 on a free seat. */
  integrationMonthlyPrice: number;
  /** True when an available Salesforce Integration seat covers this user. */
  usesFreeSeat: boolean;
  /** (current - integration) × 12, never negative. */
  annualSaving: number;
}

/** Integrations on human seats and the saving of moving them to integration seats. */
export interface IntegrationReport {
  /** Findings, largest saving first, admins first on ties, then by name. */
  findings: IntegrationFinding[];
  /** Findings whose user has an administrator profile. */
  adminFindings: number;
  /**
   * Salesforce Integration seats available now: free seats in the
   * "Salesforce Integration" user license and SalesforceAPIIntegrationPsl pools
   * (the smaller of the two when both are listed); without either pool,
   * settings.freeIntegrationSeats minus users already on the integration license.
   */
  availableIntegrationSeats: number;
  /** Price of an integration seat once the available ones run out. */
  integrationPrice: PriceLookup;
  monthlySaving: number;
  annualSaving: number;
}

/** Free seats of the integration pools (the smaller of the two), or null when none is listed. */
function freeSeatsInIntegrationPools(seats: readonly LicenseSeatDto[]): number | null {
  let free: number | null = null;
  for (const seat of seats) {
    const integrationPool =
      (seat.source === 'UserLicense' && seat.name === INTEGRATION_LICENSE_NAME) ||
      (seat.source === 'PermissionSetLicense' && seat.name === INTEGRATION_PSL_NAME);
    if (!integrationPool) continue;
    const poolFree = Math.max(0, seat.total - seat.used);
    free = free === null ? poolFree : Math.min(free, poolFree);
  }
  return free;
}

/** An active user on the Salesforce Integration license (known license, not a human seat). */
function holdsIntegrationSeat(insight: UserInsight): boolean {
  const { user } = insight;
  return (
    user.isActive &&
    !insight.onHumanSeat &&
    (user.licenseName !== null || user.licenseDefinitionKey !== null)
  );
}

function seatsAvailable(
  seats: readonly LicenseSeatDto[],
  settings: SettingsDto,
  integrationSeatsInUse: number
): number {
  return (
    freeSeatsInIntegrationPools(seats) ??
    Math.max(0, settings.freeIntegrationSeats - integrationSeatsInUse)
  );
}

/**
 * Salesforce Integration seats available now (see IntegrationReport.availableIntegrationSeats).
 */
export function availableIntegrationSeats(
  seats: readonly LicenseSeatDto[],
  settings: SettingsDto,
  allUsers: readonly UserInsight[]
): number {
  let inUse = 0;
  for (const insight of allUsers) if (holdsIntegrationSeat(insight)) inUse++;
  return seatsAvailable(seats, settings, inUse);
}

function byNameThenId(a: UserInsight, b: UserInsight): number {
  const nameA = a.user.name ?? '';
  const nameB = b.user.name ?? '';
  if (nameA !== nameB) return nameA < nameB ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Integration candidates and integration seats in use, counted one insight at a time. */
export class IntegrationTally {
  private readonly candidates: UserInsight[] = [];
  private seatsInUse = 0;

  /** Counts an integration seat in use (call for every user, filtered or not). */
  countSeat(insight: UserInsight): void {
    if (holdsIntegrationSeat(insight)) this.seatsInUse++;
  }

  /** Keeps the insight when it is an integration on a human seat (call for users in view). */
  add(insight: UserInsight): void {
    if (insight.integrationOnHumanSeat) this.candidates.push(insight);
  }

  /** Prices the moves (see findIntegrations). */
  report(
    seats: readonly LicenseSeatDto[],
    settings: SettingsDto,
    priceBook: PriceBook
  ): IntegrationReport {
    const integrationPrice = priceBook.integrationPrice();
    const available = seatsAvailable(seats, settings, this.seatsInUse);
    const candidates = [...this.candidates].sort(
      (a, b) =>
        b.monthlyPrice - a.monthlyPrice ||
        Number(b.adminProfile) - Number(a.adminProfile) ||
        byNameThenId(a, b)
    );
    const findings = candidates.map((insight, index): IntegrationFinding => {
      const usesFreeSeat = index < available;
      const integrationMonthlyPrice = usesFreeSeat ? 0 : integrationPrice.monthlyPrice;
      const monthlySaving = Math.max(0, insight.monthlyPrice - integrationMonthlyPrice);
      return {
        id: insight.id,
        insight,
        adminProfile: insight.adminProfile,
        currentMonthlyPrice: insight.monthlyPrice,
        integrationMonthlyPrice,
        usesFreeSeat,
        annualSaving: roundMoney(monthlySaving * MONTHS_PER_YEAR)
      };
    });
    findings.sort(
      (a, b) =>
        b.annualSaving - a.annualSaving ||
        Number(b.adminProfile) - Number(a.adminProfile) ||
        byNameThenId(a.insight, b.insight)
    );
    let annualSaving = 0;
    let adminFindings = 0;
    for (const finding of findings) {
      annualSaving += finding.annualSaving;
      if (finding.adminProfile) adminFindings++;
    }
    return {
      findings,
      adminFindings,
      availableIntegrationSeats: available,
      integrationPrice,
      monthlySaving: roundMoney(annualSaving / MONTHS_PER_YEAR),
      annualSaving: roundMoney(annualSaving)
    };
  }
}

/**
 * Finds integrations on human seats among the insights (flag
 * integrationOnHumanSeat) and prices their move: available integration seats
 * go to the most expensive current licenses first; beyond them each move
 * costs the integration price (a move that would cost more saves 0).
 * @param allUsers every analysed user (to count integration seats in use when
 *   no seat pool is listed); defaults to `insights`.
 */
export function findIntegrations(
  insights: readonly UserInsight[],
  seats: readonly LicenseSeatDto[],
  settings: SettingsDto,
  priceBook: PriceBook,
  allUsers: readonly UserInsight[] = insights
): IntegrationReport {
  const tally = new IntegrationTally();
  for (const insight of allUsers) tally.countSeat(insight);
  for (const insight of insights) tally.add(insight);
  return tally.report(seats, settings, priceBook);
}
