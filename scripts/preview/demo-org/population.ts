/**
 * Who works in the demo org: one plan per user (profile, department, state,
 * how they log in), drawn from the seed. Most people log in on most workdays;
 * some rarely, some stopped, some never did; some are frozen or deactivated;
 * real integrations run on Salesforce Integration seats and a few run on
 * System Administrator (full license) users.
 */
import {
  DIVISIONS,
  FIRST_NAMES,
  FORECASTING_ROLES,
  INTEGRATION_APPS,
  LAST_NAMES,
  LOGIN_VALUES,
  PROFILE,
  PROFILES,
  type DemoProfile
} from './catalog';
import { MS_PER_DAY, type Activity } from './login-activity';
import { chance, intBetween, pick, weighted, type Random } from './prng';

/** What kind of user a plan describes. */
export type Archetype =
  | 'regular'
  | 'admin'
  | 'dataLoaderUser'
  | 'occasional'
  | 'lapsed'
  | 'dormant'
  | 'neverLoggedIn'
  | 'frozen'
  | 'deactivated'
  | 'chatter'
  | 'integrationUser'
  | 'adminSeatIntegration';

export interface UserPlan {
  index: number;
  archetype: Archetype;
  firstName: string;
  lastName: string;
  profile: DemoProfile;
  department: string;
  division: string;
  roleName: string | null;
  isActive: boolean;
  isFrozen: boolean;
  /** Epoch ms. */
  createdAt: number;
  activity: Activity;
  /** Days before now of the last login when it predates the history (no login in it). */
  priorLoginDaysAgo: number | null;
}

/** Shares of the human archetypes (weights). */
const HUMAN_ARCHETYPES: readonly (readonly [Archetype, number])[] = [
  ['regular', 52],
  ['occasional', 14],
  ['deactivated', 8],
  ['dormant', 7],
  ['lapsed', 5],
  ['neverLoggedIn', 5],
  ['chatter', 3],
  ['frozen', 2],
  ['dataLoaderUser', 2],
  ['admin', 2]
];

/** Profiles of people with a Salesforce or Platform seat (weights). */
const SEAT_PROFILES: readonly (readonly [string, number])[] = [
  [PROFILE.sales, 40],
  [PROFILE.service, 25],
  [PROFILE.platform, 20],
  [PROFILE.standard, 15]
];

/** One integration of each kind per this many users, and at least a few. */
const USERS_PER_INTEGRATION = 800;
const MIN_INTEGRATIONS = 3;

const REGULAR = { weekdayChance: 0.8, weekendChance: 0.04, dataLoaderChance: 0 };
const OCCASIONAL = { weekdayChance: 0.1, weekendChance: 0, dataLoaderChance: 0 };
const DATA_LOADER_CHANCE = 0.08;
const ADMIN_WEEKDAY_CHANCE = 0.9;
const CHATTER_WEEKDAY_CHANCE = 0.15;
const NEW_HIRE_SHARE = 0.05;
const NEW_NEVER_LOGGED_IN_SHARE = 0.3;
const HALF = 0.5;
const DEACTIVATED_IN_HISTORY_SHARE = 0.6;
const INTEGRATION_RUN_HOURS = [1, 2, 3, 4, 6] as const;

/** Ranges of days (ago) used by the archetypes. */
const DAYS = {
  createdBeforeHistory: [30, 1500],
  newHireCreated: [20, 170],
  newUserCreated: [1, 12],
  neverLoggedInCreated: [20, 400],
  lapsedStop: [35, 85],
  dormantStop: [95, 170],
  frozenStop: [20, 120],
  deactivatedStop: [5, 170],
  priorLogin: [200, 900],
  setupLogin: [100, 170]
} as const;

/** How many integrations of each kind an org of this size gets. */
export function integrationCount(users: number): number {
  return Math.max(MIN_INTEGRATIONS, Math.round(users / USERS_PER_INTEGRATION));
}

function profileNamed(name: string): DemoProfile {
  const profile = PROFILES.find((candidate) => candidate.name === name);
  if (!profile) throw new Error(`Demo catalog has no profile ${name}.`);
  return profile;
}

function between(random: Random, [min, max]: readonly [number, number]): number {
  return intBetween(random, min, max);
}

function humanProfile(random: Random, archetype: Archetype): DemoProfile {
  if (archetype === 'chatter') return profileNamed(PROFILE.chatter);
  if (archetype === 'admin') return profileNamed(PROFILE.admin);
  return profileNamed(weighted(random, SEAT_PROFILES));
}

interface Timing {
  now: number;
  historyStart: number;
}

function daysAgo(timing: Timing, days: number): number {
  return timing.now - days * MS_PER_DAY;
}

/** Activity, state and creation date of a human archetype. */
function humanState(
  random: Random,
  archetype: Archetype,
  timing: Timing
): Pick<UserPlan, 'activity' | 'isActive' | 'isFrozen' | 'createdAt' | 'priorLoginDaysAgo'> {
  const createdBeforeHistory =
    timing.historyStart - between(random, DAYS.createdBeforeHistory) * MS_PER_DAY;
  const state = {
    isActive: true,
    isFrozen: false,
    createdAt: createdBeforeHistory,
    priorLoginDaysAgo: null as number | null
  };
  const human = (pattern: typeof REGULAR, stopDaysAgo = 0): Activity => ({
    kind: 'human',
    ...pattern,
    stopDaysAgo
  });
  switch (archetype) {
    case 'regular':
      if (chance(random, NEW_HIRE_SHARE))
        state.createdAt = daysAgo(timing, between(random, DAYS.newHireCreated));
      return { ...state, activity: human(REGULAR) };
    case 'admin':
      return { ...state, activity: human({ ...REGULAR, weekdayChance: ADMIN_WEEKDAY_CHANCE }) };
    case 'dataLoaderUser':
      return { ...state, activity: human({ ...REGULAR, dataLoaderChance: DATA_LOADER_CHANCE }) };
    case 'occasional':
      return { ...state, activity: human(OCCASIONAL) };
    case 'chatter':
      return {
        ...state,
        activity: human({ ...OCCASIONAL, weekdayChance: CHATTER_WEEKDAY_CHANCE })
      };
    case 'lapsed':
      return { ...state, activity: human(REGULAR, between(random, DAYS.lapsedStop)) };
    case 'dormant':
      if (chance(random, HALF))
        return { ...state, activity: human(OCCASIONAL, between(random, DAYS.dormantStop)) };
      return {
        ...state,
        activity: { kind: 'none' },
        priorLoginDaysAgo: between(random, DAYS.priorLogin)
      };
    case 'frozen':
      return {
        ...state,
        isFrozen: true,
        activity: human(REGULAR, between(random, DAYS.frozenStop))
      };
    case 'deactivated':
      if (chance(random, DEACTIVATED_IN_HISTORY_SHARE)) {
        return {
          ...state,
          isActive: false,
          activity: human(REGULAR, between(random, DAYS.deactivatedStop))
        };
      }
      return {
        ...state,
        isActive: false,
        activity: { kind: 'none' },
        priorLoginDaysAgo: between(random, DAYS.priorLogin)
      };
    case 'neverLoggedIn': {
      const recent = chance(random, NEW_NEVER_LOGGED_IN_SHARE);
      const created = daysAgo(
        timing,
        between(random, recent ? DAYS.newUserCreated : DAYS.neverLoggedInCreated)
      );
      return { ...state, createdAt: created, activity: { kind: 'none' } };
    }
    default:
      throw new Error(`Not a human archetype: ${archetype}`);
  }
}

function integrationActivity(random: Random, index: number, onAdminSeat: boolean): Activity {
  const application = INTEGRATION_APPS[index % INTEGRATION_APPS.length];
  const soap = onAdminSeat && index % 2 === 0;
  return {
    kind: 'integration',
    everyHours: pick(random, INTEGRATION_RUN_HOURS),
    minute: intBetween(random, 0, 59),
    loginType: soap ? LOGIN_VALUES.soapApiType : LOGIN_VALUES.oauthType,
    loginSubType: onAdminSeat ? null : LOGIN_VALUES.clientCredentialsSubType,
    application,
    setupLoginDaysAgo: onAdminSeat && index === 0 ? [between(random, DAYS.setupLogin)] : []
  };
}

function personName(random: Random): { firstName: string; lastName: string } {
  return { firstName: pick(random, FIRST_NAMES), lastName: pick(random, LAST_NAMES) };
}

/**
 * Plans for `users` users: the integrations first (integration seats, then
 * admin seats), then people.
 */
export function planUsers(random: Random, users: number, timing: Timing): UserPlan[] {
  const plans: UserPlan[] = [];
  const integrations = Math.min(integrationCount(users), Math.floor(users / 2));
  const division = () => weighted(random, DIVISIONS);
  for (let i = 0; i < integrations * 2 && plans.length < users; i++) {
    const onAdminSeat = i >= integrations;
    const kindIndex = onAdminSeat ? i - integrations : i;
    const profile = profileNamed(onAdminSeat ? PROFILE.admin : PROFILE.integration);
    const app = INTEGRATION_APPS[kindIndex % INTEGRATION_APPS.length];
    plans.push({
      index: plans.length,
      archetype: onAdminSeat ? 'adminSeatIntegration' : 'integrationUser',
      firstName: app,
      lastName: onAdminSeat ? 'Admin' : 'Integration',
      profile,
      department: 'IT',
      division: division(),
      roleName: null,
      isActive: true,
      isFrozen: false,
      createdAt: timing.historyStart - between(random, DAYS.createdBeforeHistory) * MS_PER_DAY,
      activity: integrationActivity(random, kindIndex, onAdminSeat),
      priorLoginDaysAgo: null
    });
  }
  while (plans.length < users) {
    const archetype = weighted(random, HUMAN_ARCHETYPES);
    const profile = humanProfile(random, archetype);
    const roleName = pick(random, profile.roles);
    plans.push({
      index: plans.length,
      archetype,
      ...personName(random),
      profile,
      department: pick(random, profile.departments),
      division: division(),
      roleName,
      ...humanState(random, archetype, timing)
    });
  }
  return plans;
}

/** True when the plan's role forecasts. */
export function isForecasting(plan: UserPlan): boolean {
  return plan.roleName !== null && FORECASTING_ROLES.has(plan.roleName);
}
