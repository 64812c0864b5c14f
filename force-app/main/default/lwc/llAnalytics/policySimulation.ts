/**
 * "What would this policy have done over the last 180 days?" The Apex
 * (LL_ReclaimController.simulatePolicy) reads the policy's users page by page
 * (active now, on its license, not excluded) and reduces each one to the long
 * gaps between their successful logins that the nightly rollups hold; the
 * ladder is replayed here, night by night, as LL_ReclaimPolicyJob would have
 * run it:
 *
 * - a user is a candidate on night d when their last successful login (or
 *   their creation) was on day d - inactivityDays - 1 or earlier (the job runs
 *   early in the night, before that day's logins);
 * - each night runs the Deactivate pass, then Freeze, then Notify, in user
 *   order, at most maxActionsPerRun steps in all (the rest wait a night);
 * - Notify, then Freeze noticeDays later, then Deactivate
 *   deactivateAfterFrozenDays after the freeze (never when blank);
 * - a login ends the round: during the notice the user simply keeps the seat;
 *   after a freeze or a deactivation it is a user who would have been locked
 *   out and come back (a false positive).
 *
 * It assumes every notice is sent the night it is due (in an org a notice the
 * org defers is sent again the next night, and one refused for the user stops
 * the ladder for that user).
 * What it cannot know, it says (simulationNotes): see the README, "Simulation".
 */
import type {
  LicensePriceDto,
  OutcomeLicenseDto,
  PolicySimulationPageDto
} from '../../../../types/contract';
import { createPriceBook, roundMoney } from './pricing';
import { dayKeyFromNumber } from './time';

/** Users one simulatePolicy call asks for at first (LL_PolicySimulationService.MAX_PAGE_SIZE). */
export const SIMULATION_PAGE_SIZE = 500;
/** Most calls one simulation makes (retries with fewer users included). */
export const SIMULATION_MAX_CALLS = 1000;
/** Days a simulation covers (what LoginHistory and the rollups keep). */
export const SIMULATION_DAYS = 180;
/** Average days in a month, to turn seat-days into seat-months. */
export const DAYS_PER_MONTH = 365.25 / 12;

/** One stretch without a successful login. */
export interface SimulationGap {
  /** Day number of the login (or creation) it starts after. */
  start: number;
  /** False: the last login is older than the rollups; start is the first day - 1. */
  startKnown: boolean;
  /** Day number of the next successful login; null: none up to now. */
  end: number | null;
}

/** One user of the simulation, in Id order. */
export interface SimulationUser {
  licenseIndex: number;
  gaps: SimulationGap[];
}

/** The pages of one simulation, merged. */
export interface SimulationInput {
  policyName: string;
  licenseKey: string;
  inactivityDays: number;
  noticeDays: number;
  deactivateAfterFrozenDays: number | null;
  maxActionsPerRun: number;
  firstDayNumber: number;
  /** The last day simulated: the period's last day, or the rollups' last covered day when earlier. */
  lastDayNumber: number;
  /** The period's last day as asked (yesterday). */
  requestedLastDayNumber: number;
  licenses: OutcomeLicenseDto[];
  users: SimulationUser[];
  usersRead: number;
  usersExcluded: number;
  usersUnknownAtStart: number;
  /** True when the rollups do not cover the first day: nothing can be simulated. */
  noRollups: boolean;
  /** True when the read stopped before the last page. */
  truncated: boolean;
  notes: string[];
}

/**
 * Merges the pages of one simulation (licenses re-indexed across pages).
 * @throws TypeError when a page's lists do not line up, or the pages describe different policies or periods
 */
export function mergeSimulationPages(
  pages: readonly PolicySimulationPageDto[],
  truncated = false
): SimulationInput {
  if (pages.length === 0) throw new TypeError('A simulation needs at least one page.');
  const head = pages[0];
  const licenses: OutcomeLicenseDto[] = [];
  const licenseKeys = new Map<string, number>();
  const users: SimulationUser[] = [];
  const notes = new Set<string>();
  let usersRead = 0;
  let usersExcluded = 0;
  let usersUnknownAtStart = 0;
  for (const page of pages) {
    if (page.tooBig) throw new TypeError('A tooBig page carries no users; ask again with fewer.');
    if (
      page.policyName !== head.policyName ||
      page.firstDayNumber !== head.firstDayNumber ||
      page.lastDayNumber !== head.lastDayNumber
    ) {
      throw new TypeError('Simulation pages of different policies or periods cannot be merged.');
    }
    const gapTotal = page.gapCounts.reduce((sum, count) => sum + count, 0);
    if (
      page.userLicenseIndexes.length !== page.gapCounts.length ||
      page.gapStarts.length !== gapTotal ||
      page.gapStartKnown.length !== gapTotal ||
      page.gapEnds.length !== gapTotal
    ) {
      throw new TypeError('Simulation page: the user and gap lists do not line up.');
    }
    if (page.note) notes.add(page.note);
    usersRead += page.usersRead;
    usersExcluded += page.usersExcluded;
    usersUnknownAtStart += page.usersUnknownAtStart;
    let gap = 0;
    page.gapCounts.forEach((count, userIndex) => {
      const license = page.licenses[page.userLicenseIndexes[userIndex]];
      let licenseIndex = -1;
      if (license) {
        const key = `${license.source}\u0000${license.name}`;
        if (!licenseKeys.has(key)) {
          licenseKeys.set(key, licenses.length);
          licenses.push(license);
        }
        licenseIndex = licenseKeys.get(key) as number;
      }
      const gaps: SimulationGap[] = [];
      for (let i = 0; i < count; i++, gap++) {
        gaps.push({
          start: page.gapStarts[gap],
          startKnown: page.gapStartKnown[gap],
          end: page.gapEnds[gap]
        });
      }
      users.push({ licenseIndex, gaps });
    });
  }
  const covered = head.rolledUpThroughDayNumber;
  return {
    policyName: head.policyName,
    licenseKey: head.licenseKey,
    inactivityDays: head.inactivityDays,
    noticeDays: head.noticeDays,
    deactivateAfterFrozenDays: head.deactivateAfterFrozenDays,
    maxActionsPerRun: head.maxActionsPerRun,
    firstDayNumber: head.firstDayNumber,
    lastDayNumber:
      covered === null ? head.firstDayNumber - 1 : Math.min(covered, head.lastDayNumber),
    requestedLastDayNumber: head.lastDayNumber,
    licenses,
    users,
    usersRead,
    usersExcluded,
    usersUnknownAtStart,
    noRollups: covered === null,
    truncated,
    notes: [...notes]
  };
}

/** One license's seats freed by the simulated policy. */
export interface SimulatedLicense {
  licenseName: string;
  /** Deactivations (a user deactivated twice counts twice). */
  seatsFreed: number;
  /** Seats still freed at the end of the period (deactivated, no login since). */
  seatsFreedAtEnd: number;
  monthlyPrice: number;
  priced: boolean;
  /** Monthly list price of seatsFreedAtEnd. */
  monthlyValueAtEnd: number;
  /** List price of the seat-days freed within the period. */
  valueOverPeriod: number;
}

/** What the policy would have done. */
export interface SimulationResult {
  policyName: string;
  firstDay: string;
  lastDay: string;
  days: number;
  usersRead: number;
  usersExcluded: number;
  usersUnknownAtStart: number;
  /** Users noticed at least once. */
  candidates: number;
  notices: number;
  freezes: number;
  deactivations: number;
  /** Logins during a notice: the round ends, the user keeps the seat (no harm). */
  loginsDuringNotice: number;
  /** Logins after the freeze: users who would have needed an unfreeze. */
  loginsAfterFreeze: number;
  /** Logins after the deactivation: users who would have needed reactivating. */
  loginsAfterDeactivation: number;
  /** Candidates who logged in again at any time after a notice (within or after the period). */
  candidatesLoggedInLater: number;
  /** Steps the cap moved to a later night. */
  stepsDeferredByCap: number;
  seatsFreedAtEnd: number;
  monthlyValueAtEnd: number;
  valueOverPeriod: number;
  licenses: SimulatedLicense[];
  unpricedLicenses: string[];
  /** Candidates whose notice day is the latest possible (their last login is older than the rollups). */
  approximateStarts: number;
  notes: string[];
}

const IDLE = 0;
const NOTICED = 1;
const FROZEN = 2;
const DEACTIVATED = 3;

/** The first night a gap makes its user a candidate. */
export function candidateNight(
  gap: SimulationGap,
  inactivityDays: number,
  firstDay: number
): number {
  return Math.max(firstDay, gap.start + inactivityDays + 1);
}

/**
 * Replays the ladder night by night over the merged pages (see the module description).
 * @param prices the org's list prices (OrgContextDto.prices)
 */
export function simulatePolicy(
  input: SimulationInput,
  prices: readonly LicensePriceDto[]
): SimulationResult {
  const first = input.firstDayNumber;
  const last = input.lastDayNumber;
  const users = input.users;
  const count = users.length;
  const gapIndex = new Int32Array(count);
  const phase = new Int8Array(count);
  const phaseDay = new Int32Array(count);
  const noticed = new Uint8Array(count);
  const cameBackAfterNotice = new Uint8Array(count);
  const approximate = new Uint8Array(count);
  const deactivatedOn = new Int32Array(count).fill(-1);
  const seatDays = new Float64Array(Math.max(input.licenses.length, 1));
  const seatsFreed = new Int32Array(Math.max(input.licenses.length, 1));
  const result = {
    notices: 0,
    freezes: 0,
    deactivations: 0,
    loginsDuringNotice: 0,
    loginsAfterFreeze: 0,
    loginsAfterDeactivation: 0,
    stepsDeferredByCap: 0
  };
  const gapOf = (user: number): SimulationGap | undefined => users[user].gaps[gapIndex[user]];
  const releaseSeat = (user: number, untilDay: number): void => {
    const license = users[user].licenseIndex;
    if (license >= 0 && deactivatedOn[user] >= 0) {
      seatDays[license] += untilDay - deactivatedOn[user];
    }
    deactivatedOn[user] = -1;
  };
  const login = (user: number, day: number): void => {
    const current = phase[user];
    if (current === NOTICED) result.loginsDuringNotice += 1;
    else if (current === FROZEN) result.loginsAfterFreeze += 1;
    else if (current === DEACTIVATED) {
      result.loginsAfterDeactivation += 1;
      releaseSeat(user, day);
    }
    if (current !== IDLE) cameBackAfterNotice[user] = 1;
    phase[user] = IDLE;
    gapIndex[user] += 1;
  };
  const deactivateAfter = input.deactivateAfterFrozenDays;
  for (let day = first; day <= last; day++) {
    let capLeft = input.maxActionsPerRun;
    // Deactivate, Freeze, Notify: the job's passes, in user order, within the cap.
    for (let user = 0; user < count; user++) {
      if (phase[user] !== FROZEN || deactivateAfter === null) continue;
      if (phaseDay[user] + deactivateAfter > day) continue;
      if (capLeft === 0) {
        result.stepsDeferredByCap += 1;
        continue;
      }
      capLeft -= 1;
      phase[user] = DEACTIVATED;
      phaseDay[user] = day;
      deactivatedOn[user] = day;
      result.deactivations += 1;
      if (users[user].licenseIndex >= 0) seatsFreed[users[user].licenseIndex] += 1;
    }
    for (let user = 0; user < count; user++) {
      if (phase[user] !== NOTICED || phaseDay[user] + input.noticeDays > day) continue;
      if (capLeft === 0) {
        result.stepsDeferredByCap += 1;
        continue;
      }
      capLeft -= 1;
      phase[user] = FROZEN;
      phaseDay[user] = day;
      result.freezes += 1;
    }
    for (let user = 0; user < count; user++) {
      const gap = phase[user] === IDLE ? gapOf(user) : undefined;
      if (!gap || candidateNight(gap, input.inactivityDays, first) > day) continue;
      if (gap.end !== null && gap.end < day) continue;
      if (capLeft === 0) {
        result.stepsDeferredByCap += 1;
        continue;
      }
      capLeft -= 1;
      phase[user] = NOTICED;
      phaseDay[user] = day;
      noticed[user] = 1;
      if (!gap.startKnown && gapIndex[user] === 0) approximate[user] = 1;
      result.notices += 1;
    }
    // The day's logins, after the night's run.
    for (let user = 0; user < count; user++) {
      let gap = gapOf(user);
      while (gap && gap.end !== null && gap.end <= day) {
        login(user, day);
        gap = gapOf(user);
      }
    }
  }
  // Logins after the period (since the last rolled-up day) still tell who came back.
  for (let user = 0; user < count; user++) {
    const gap = gapOf(user);
    if (phase[user] !== IDLE && gap && gap.end !== null) cameBackAfterNotice[user] = 1;
    releaseSeat(user, last + 1);
    if (phase[user] === DEACTIVATED) deactivatedOn[user] = -2;
  }
  const book = createPriceBook(prices);
  const licenses: SimulatedLicense[] = [];
  const unpriced: string[] = [];
  let seatsFreedAtEnd = 0;
  let monthlyValueAtEnd = 0;
  let valueOverPeriod = 0;
  input.licenses.forEach((license, index) => {
    const lookup =
      license.source === 'PermissionSetLicense'
        ? book.priceOf(license.name, null)
        : book.priceOf(license.name, license.licenseDefinitionKey);
    let atEnd = 0;
    for (let user = 0; user < count; user++) {
      if (users[user].licenseIndex === index && phase[user] === DEACTIVATED) atEnd += 1;
    }
    if (seatsFreed[index] === 0) return;
    const entry: SimulatedLicense = {
      licenseName: license.name,
      seatsFreed: seatsFreed[index],
      seatsFreedAtEnd: atEnd,
      monthlyPrice: lookup.monthlyPrice,
      priced: lookup.priced,
      monthlyValueAtEnd: roundMoney(atEnd * lookup.monthlyPrice),
      valueOverPeriod: roundMoney((seatDays[index] / DAYS_PER_MONTH) * lookup.monthlyPrice)
    };
    if (!lookup.priced) unpriced.push(license.name);
    seatsFreedAtEnd += atEnd;
    monthlyValueAtEnd = roundMoney(monthlyValueAtEnd + entry.monthlyValueAtEnd);
    valueOverPeriod = roundMoney(valueOverPeriod + entry.valueOverPeriod);
    licenses.push(entry);
  });
  const sum = (flags: Uint8Array): number => flags.reduce((total, flag) => total + flag, 0);
  return {
    policyName: input.policyName,
    firstDay: dayKeyFromNumber(first),
    lastDay: dayKeyFromNumber(Math.max(last, first - 1)),
    days: Math.max(0, last - first + 1),
    usersRead: input.usersRead,
    usersExcluded: input.usersExcluded,
    usersUnknownAtStart: input.usersUnknownAtStart,
    candidates: sum(noticed),
    ...result,
    candidatesLoggedInLater: sum(cameBackAfterNotice),
    seatsFreedAtEnd,
    monthlyValueAtEnd,
    valueOverPeriod,
    licenses: licenses.sort(
      (a, b) => b.seatsFreed - a.seatsFreed || (a.licenseName < b.licenseName ? -1 : 1)
    ),
    unpricedLicenses: unpriced.sort(),
    approximateStarts: sum(approximate),
    notes: simulationNotes(input, sum(approximate))
  };
}

/** What the simulation approximates or could not tell, in words for the page. */
export function simulationNotes(input: SimulationInput, approximateStarts: number): string[] {
  const notes = [...input.notes];
  if (input.noRollups) {
    notes.push(
      `The nightly rollups do not cover ${dayKeyFromNumber(input.firstDayNumber)}: nothing could be simulated. Schedule the nightly login snapshot (it backfills 180 days on its first run).`
    );
  } else if (input.lastDayNumber < input.requestedLastDayNumber) {
    notes.push(
      `The nightly rollups stop on ${dayKeyFromNumber(input.lastDayNumber)}: the simulation ends there.`
    );
  }
  if (approximateStarts > 0) {
    notes.push(
      `${approximateStarts} candidates last logged in before the rollups begin: their notice is placed on the latest night it could have come, so their freeze and deactivation counts are at least what the figures say.`
    );
  }
  if (input.usersUnknownAtStart > 0) {
    notes.push(
      `${input.usersUnknownAtStart} users logged in within the first ${input.inactivityDays} days, but their earlier logins are older than the rollups: they may have been candidates in those first days and are not counted.`
    );
  }
  if (input.truncated)
    notes.push('Not every user was read: the figures count only the users read.');
  return notes;
}

/** One simulatePolicy call. */
export type ReadSimulationPage = (
  afterUserId: string | null,
  pageSize: number
) => Promise<PolicySimulationPageDto>;

/** What a read returned. */
export interface SimulationRead {
  pages: PolicySimulationPageDto[];
  truncated: boolean;
  calls: number;
}

/**
 * Reads every page of a simulation, one after the other; a page answered
 * tooBig is asked again with half the users (never fewer than one), and the
 * next page grows back towards the first size.
 * @throws Error when one user alone is too big, or a cursor does not move on
 */
export async function readPolicySimulation(
  read: ReadSimulationPage,
  options: {
    pageSize?: number;
    maxCalls?: number;
    shouldStop?: () => boolean;
    onProgress?: (usersRead: number, calls: number) => void;
  } = {}
): Promise<SimulationRead> {
  const fullSize = options.pageSize ?? SIMULATION_PAGE_SIZE;
  const maxCalls = options.maxCalls ?? SIMULATION_MAX_CALLS;
  const pages: PolicySimulationPageDto[] = [];
  const seen = new Set<string>();
  let afterUserId: string | null = null;
  let pageSize = fullSize;
  let usersRead = 0;
  for (let calls = 0; calls < maxCalls; calls++) {
    if (options.shouldStop?.()) return { pages, truncated: true, calls };
    // Each page needs the previous cursor: the calls cannot overlap.
    // eslint-disable-next-line no-await-in-loop
    const page: PolicySimulationPageDto = await read(afterUserId, pageSize);
    if (page.tooBig) {
      if (pageSize === 1) {
        throw new Error(
          `One user is too big to simulate in one call: ${page.tooBigReason ?? 'no reason given'}`
        );
      }
      pageSize = Math.max(1, Math.floor(pageSize / 2));
      continue;
    }
    pages.push(page);
    usersRead += page.usersRead;
    options.onProgress?.(usersRead, calls + 1);
    if (page.nextAfterUserId === null || page.nextAfterUserId === undefined) {
      return { pages, truncated: false, calls: calls + 1 };
    }
    if (seen.has(page.nextAfterUserId)) {
      throw new Error(`The simulation did not move on after ${page.nextAfterUserId}.`);
    }
    seen.add(page.nextAfterUserId);
    afterUserId = page.nextAfterUserId;
    pageSize = Math.min(fullSize, pageSize * 2);
  }
  return { pages, truncated: true, calls: maxCalls };
}
