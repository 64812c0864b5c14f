/**
 * Reclaim outcomes and policy simulation in the local preview:
 * LL_ReclaimController.getReclaimOutcomes (LL_ReclaimOutcomeService) and
 * LL_ReclaimController.simulatePolicy (LL_PolicySimulationService), over the
 * same OrgData, the same audit rows (the manual path's ReclaimController and
 * the PolicyController's own rows and requests) and the same nightly rollups
 * (RollupStore) as the rest of the preview. Each call is one ApexTransaction
 * with the queries the Apex makes, each charged with the rows its LIMIT lets
 * it touch, so a page size the org would refuse fails here too. The rules are
 * not here: the page folds the facts with llAnalytics (reclaimOutcomes.ts,
 * policySimulation.ts).
 */
import type {
  OutcomeLicenseDto,
  PolicySimulationPageDto,
  ReclaimOutcomePageDto
} from '../../../force-app/types/contract';
import {
  createOrgCalendar,
  dayNumberFromKey,
  type OrgCalendar
} from '../../../force-app/main/default/lwc/llAnalytics/time';
import { orgTimeZone, type OrgData } from '../data/org-data';
import type { UserRow } from '../data/schemas';
import { ApexError } from './apex-error';
import { ApexTransaction, type TransactionUse } from './apex-transaction';
import type { PolicyController } from './policy-controller';
import type { ReclaimController } from './reclaim-controller';
import { coverageOf, NO_ROLLUPS, type RollupStore, type UserActivityRows } from './rollup-store';

/** LL_ReclaimOutcomeService.MAX_PAGE_SIZE and its per-row caps. */
export const OUTCOME_MAX_PAGE_SIZE = 1000;
export const OUTCOME_MAX_DAYS = 731;
export const MAX_ROLLUP_ROWS_PER_USER = 10;
export const MAX_UNFREEZE_ROWS_PER_USER = 10;
/** LL_ReclaimOutcomeService.MAX_LICENSE_ROWS_PER_USER. */
export const MAX_LICENSE_ROWS_PER_USER = 10;
/** LL_PolicySimulationService.MAX_PAGE_SIZE, SIMULATION_DAYS and its rollup cap. */
export const SIMULATION_MAX_PAGE_SIZE = 500;
export const SIMULATION_DAYS = 180;
export const MAX_SIMULATION_ROLLUP_ROWS_PER_USER = 20;
/** LL_PolicyCandidateSelector caps the simulation reuses for the exclusion reads. */
export const MAX_GUARD_ROWS_PER_USER = 20;
export const MAX_GROUP_ROWS_PER_USER = 10;

const RECLAIM_ACTIONS = new Set(['Freeze', 'Deactivate', 'RemovePermissionSetLicense']);
const PLATFORM_USER_TYPES = new Set(['Guest', 'AutomatedProcess']);
const DAY_KEY = /^\d{4}-\d{2}-\d{2}$/;
const MS_PER_SECOND = 1000;
const ALL_LICENSES = '*';

export interface OutcomeControllerOptions {
  data: OrgData;
  /** The manual reclaim path's controller (its audit rows). */
  manual: ReclaimController;
  /** The policies (their rows, requests, clock, exclusions). */
  policy: PolicyController;
  /** The nightly rollups; none by default. */
  rollups?: RollupStore | false;
  /** Called after each answer with what the call used. */
  observe?: (use: TransactionUse) => void;
}

/** One succeeded reclaim row, from either trail. */
interface AuditFact {
  key: string;
  action: string;
  status: string;
  policy: string | null;
  userId: string;
  permissionSetLicense: string | null;
  completedAt: number;
}

/** Parameters of getReclaimOutcomes. */
export interface OutcomeParams {
  fromDay?: unknown;
  toDay?: unknown;
  afterId?: unknown;
  pageSize?: unknown;
}

/** Parameters of simulatePolicy. */
export interface SimulationParams {
  policyName?: unknown;
  afterUserId?: unknown;
  pageSize?: unknown;
}

function pageSizeOf(value: unknown, max: number): number {
  if (value === undefined || value === null) return max;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new ApexError(`pageSize must be a whole number from 1 to ${max}; got ${String(value)}.`);
  }
  return value;
}

function dayOf(name: string, value: unknown): number {
  if (typeof value !== 'string' || !DAY_KEY.test(value)) {
    throw new ApexError(`${name} must look like 2026-03-01; got ${JSON.stringify(value)}.`);
  }
  try {
    return dayNumberFromKey(value);
  } catch {
    throw new ApexError(`${name} is not a calendar day: ${value}.`);
  }
}

/** The preview's LL_ReclaimOutcomeService and LL_PolicySimulationService. */
export class OutcomeController {
  private readonly data: OrgData;
  private readonly manual: ReclaimController;
  private readonly policy: PolicyController;
  private readonly rollups: RollupStore;
  private readonly observe?: (use: TransactionUse) => void;
  private readonly calendar: OrgCalendar;

  constructor(options: OutcomeControllerOptions) {
    this.data = options.data;
    this.manual = options.manual;
    this.policy = options.policy;
    this.rollups = options.rollups || NO_ROLLUPS;
    this.observe = options.observe;
    this.calendar = createOrgCalendar(orgTimeZone(options.data));
  }

  // ---- getReclaimOutcomes ----

  /** LL_ReclaimController.getReclaimOutcomes: one keyset page of succeeded reclaims and their facts. */
  getReclaimOutcomes(params: OutcomeParams): ReclaimOutcomePageDto {
    const fromDay = dayOf('fromDay', params?.fromDay);
    const toDay = dayOf('toDay', params?.toDay);
    if (toDay < fromDay || toDay - fromDay + 1 > OUTCOME_MAX_DAYS) {
      throw new ApexError(
        `toDay must be on or after fromDay and at most ${OUTCOME_MAX_DAYS} days later.`
      );
    }
    const pageSize = pageSizeOf(params?.pageSize, OUTCOME_MAX_PAGE_SIZE);
    const afterId =
      typeof params?.afterId === 'string' && params.afterId.trim() !== '' ? params.afterId : null;
    const transaction = new ApexTransaction();
    transaction.soql({ label: 'Organization', rowsTouched: 1 });
    const from = this.calendar.startOfDay(fromDay);
    const to = this.calendar.startOfDay(toDay + 1);
    const matching = this.auditFacts()
      .filter(
        (row) =>
          row.status === 'Succeeded' &&
          RECLAIM_ACTIONS.has(row.action) &&
          row.completedAt >= from &&
          row.completedAt < to &&
          (afterId === null || row.key > afterId)
      )
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .slice(0, pageSize + 1);
    transaction.soql({ label: 'LL_Reclaim_Audit__c (succeeded)', rowsTouched: matching.length });
    const more = matching.length > pageSize;
    const rows = matching.slice(0, pageSize);
    const page: ReclaimOutcomePageDto = {
      fromDay: params.fromDay as string,
      toDay: params.toDay as string,
      generatedAt: new Date(this.policy.now()).toISOString(),
      nextAfterId: more ? rows[rows.length - 1].key : null,
      policies: [],
      departments: [],
      licenses: [],
      actions: [],
      completedAt: [],
      policyIndexes: [],
      departmentIndexes: [],
      licenseIndexes: [],
      reversedNow: [],
      loginAfter: [],
      unfrozenAt: [],
      rollupsRead: true,
      frozenStateRead: !this.data.unavailable.has('UserLogin')
    };
    if (!rows.length) return this.answer(page, transaction);

    const users = new Map(this.data.users.map((user) => [user.id, user]));
    const freezeUsers = new Set(rows.filter((r) => r.action === 'Freeze').map((r) => r.userId));
    if (freezeUsers.size) {
      // LL_UserLoginSelector.getFrozenByUserId: one row per user.
      const readable = page.frozenStateRead;
      transaction.soql({
        label: 'UserLogin',
        rowsTouched: readable
          ? [...freezeUsers].filter((id) => this.data.userLoginIds.has(id)).length
          : 0
      });
    }
    const userIds = [...new Set(rows.map((row) => row.userId))];
    const oldest = Math.min(...rows.map((row) => row.completedAt));
    const rollupLogin = new Map<string, number>();
    let rollupRows = 0;
    for (const userId of userIds) {
      const activity = this.rollups.activityOf(userId);
      const newest = this.newestSuccess(activity, oldest);
      rollupRows += newest.rows;
      if (newest.at !== null) rollupLogin.set(userId, newest.at);
    }
    transaction.soql({
      label: 'LL_User_Activity__c (newest success)',
      rowsTouched: Math.min(rollupRows, userIds.length * MAX_ROLLUP_ROWS_PER_USER)
    });
    // LL_ReclaimOutcomeSelector.getLicenseAssignments filters users and names
    // apart: every named license a user of the page holds matches, not only
    // the one removed. LIMIT users x min(names, MAX_LICENSE_ROWS_PER_USER) + 1,
    // rows in no stated order (here: users, then names, in page order); past
    // the bound a pair not read is unknown, as in the Apex.
    const pslRows = rows.filter(
      (row) =>
        row.action === 'RemovePermissionSetLicense' &&
        users.has(row.userId) &&
        row.permissionSetLicense
    );
    const assigned = new Set<string>();
    let assignmentsComplete = true;
    if (pslRows.length) {
      const licenseUsers = [...new Set(pslRows.map((row) => row.userId))];
      const licenseNames = new Set(pslRows.map((row) => row.permissionSetLicense as string));
      const bound = licenseUsers.length * Math.min(licenseNames.size, MAX_LICENSE_ROWS_PER_USER);
      const matches: string[] = [];
      for (const userId of licenseUsers) {
        for (const name of this.data.permissionSetLicensesByUser.get(userId) ?? []) {
          if (licenseNames.has(name)) matches.push(`${userId}\u0000${name}`);
        }
      }
      const read = matches.slice(0, bound + 1);
      transaction.soql({ label: 'PermissionSetLicenseAssign', rowsTouched: read.length });
      for (const key of read) assigned.add(key);
      assignmentsComplete = matches.length <= bound;
    }
    const unfreezes = new Map<string, number[]>();
    if (freezeUsers.size) {
      const found = this.auditFacts().filter(
        (row) =>
          row.action === 'Unfreeze' &&
          row.status === 'Succeeded' &&
          freezeUsers.has(row.userId) &&
          row.completedAt > oldest
      );
      transaction.soql({
        label: 'LL_Reclaim_Audit__c (unfreezes)',
        rowsTouched: Math.min(found.length, freezeUsers.size * MAX_UNFREEZE_ROWS_PER_USER)
      });
      for (const row of found) {
        unfreezes.set(row.userId, [...(unfreezes.get(row.userId) ?? []), row.completedAt]);
      }
    }
    const index = <T>(list: T[], keys: Map<string, number>, key: string | null, value: () => T) => {
      if (key === null) return -1;
      let at = keys.get(key);
      if (at === undefined) {
        at = list.length;
        keys.set(key, at);
        list.push(value());
      }
      return at;
    };
    const policyKeys = new Map<string, number>();
    const departmentKeys = new Map<string, number>();
    const licenseKeys = new Map<string, number>();
    for (const row of rows) {
      const user = users.get(row.userId);
      page.actions.push(row.action);
      page.completedAt.push(row.completedAt);
      page.policyIndexes.push(
        index(page.policies, policyKeys, row.policy, () => row.policy as string)
      );
      const department = user?.department ?? null;
      page.departmentIndexes.push(
        index(page.departments, departmentKeys, department, () => department as string)
      );
      const license = this.licenseOf(row, user);
      page.licenseIndexes.push(
        index(
          page.licenses,
          licenseKeys,
          license ? `${license.source}\u0000${license.name}` : null,
          () => license as OutcomeLicenseDto
        )
      );
      page.reversedNow.push(
        this.reversedNow(row, user, page.frozenStateRead, assigned, assignmentsComplete)
      );
      const newest = Math.max(
        user?.lastLoginDate ?? -Infinity,
        rollupLogin.get(row.userId) ?? -Infinity
      );
      page.loginAfter.push(newest > row.completedAt ? newest : null);
      const unfrozen =
        row.action === 'Freeze'
          ? (unfreezes.get(row.userId) ?? [])
              .filter((at) => at > row.completedAt)
              .sort((a, b) => a - b)[0]
          : undefined;
      page.unfrozenAt.push(unfrozen ?? null);
    }
    return this.answer(page, transaction);
  }

  private licenseOf(row: AuditFact, user: UserRow | undefined): OutcomeLicenseDto | null {
    if (row.action === 'RemovePermissionSetLicense') {
      return row.permissionSetLicense
        ? {
            source: 'PermissionSetLicense',
            name: row.permissionSetLicense,
            licenseDefinitionKey: null
          }
        : null;
    }
    if (!user?.licenseName) return null;
    return {
      source: 'UserLicense',
      name: user.licenseName,
      licenseDefinitionKey: user.licenseDefinitionKey
    };
  }

  private reversedNow(
    row: AuditFact,
    user: UserRow | undefined,
    frozenReadable: boolean,
    assigned: ReadonlySet<string>,
    assignmentsComplete: boolean
  ): boolean | null {
    if (!user) return null;
    if (row.action === 'Deactivate') return user.isActive;
    if (row.action === 'RemovePermissionSetLicense') {
      if (assigned.has(`${user.id}\u0000${row.permissionSetLicense ?? ''}`)) return true;
      return assignmentsComplete ? false : null;
    }
    if (!user.isActive) return false;
    if (!frozenReadable || !this.data.userLoginIds.has(user.id)) return null;
    return !this.data.frozenUserIds.has(user.id);
  }

  /** Every reclaim audit row of both trails, with a unique key standing in for the record Id. */
  private auditFacts(): AuditFact[] {
    const manual = this.manual.auditTrail().map((row) => ({
      key: row.requestKey,
      action: row.action as string,
      status: row.outcome as string,
      policy: null,
      userId: row.userId,
      permissionSetLicense: row.permissionSetLicense,
      // The preview's job completes a row in the instant it was requested.
      completedAt: Date.parse(row.requestedAt)
    }));
    const byPolicy = this.policy.auditTrail().map((row) => ({
      key: `${row.batchId}:${row.userId}:${row.action}`,
      action: row.action as string,
      status: row.status,
      policy: row.policy,
      userId: row.userId,
      permissionSetLicense: null,
      completedAt: Date.parse(row.completedAt ?? row.createdAt)
    }));
    return [...manual, ...byPolicy];
  }

  /** The newest successful login a user's rollup rows hold after `after` (Last_Login_At__c). */
  private newestSuccess(
    activity: UserActivityRows,
    after: number
  ): { at: number | null; rows: number } {
    const combos = this.data.logins.combos;
    let at: number | null = null;
    let rows = 0;
    for (let row = 0; row < activity.size; row++) {
      if (combos[activity.combo[row]]?.status !== 'Success') continue;
      const last = activity.entryStart[row + 1] - 1;
      if (last < activity.entryStart[row]) continue;
      const instant =
        this.calendar.startOfDay(activity.entryDay[last]) +
        activity.newestSecond[last] * MS_PER_SECOND;
      if (instant <= after) continue;
      rows += 1;
      if (at === null || instant > at) at = instant;
    }
    return { at, rows };
  }

  // ---- simulatePolicy ----

  /** LL_ReclaimController.simulatePolicy: one keyset page of a policy's users, reduced to their long gaps. */
  simulatePolicy(params: SimulationParams): PolicySimulationPageDto {
    const scope = this.policy.simulationScopeOf(params?.policyName);
    const policy = scope.policy;
    const pageSize = pageSizeOf(params?.pageSize, SIMULATION_MAX_PAGE_SIZE);
    const after =
      typeof params?.afterUserId === 'string' && params.afterUserId.trim() !== ''
        ? params.afterUserId
        : null;
    const transaction = new ApexTransaction();
    transaction.soql({ label: 'Organization', rowsTouched: 1 });
    const now = this.policy.now();
    const today = this.calendar.dayNumber(now);
    const lastDay = today - 1;
    const firstDay = lastDay - SIMULATION_DAYS + 1;
    const coverage = coverageOf(this.rollups, firstDay, today, true);
    transaction.soql({ label: 'LL_Snapshot_Run__c coverage', rowsTouched: coverage.rows });
    const page: PolicySimulationPageDto = {
      policyName: policy.name,
      licenseKey: policy.licenseKey,
      inactivityDays: policy.inactivityDays,
      noticeDays: policy.noticeDays,
      deactivateAfterFrozenDays: policy.deactivateAfterFrozenDays,
      maxActionsPerRun: policy.maxActionsPerRun,
      firstDayNumber: firstDay,
      lastDayNumber: lastDay,
      rolledUpThroughDayNumber: coverage.rolledUpThroughDay,
      tooBig: false,
      tooBigReason: null,
      usersRead: 0,
      usersExcluded: 0,
      usersUnknownAtStart: 0,
      licenses: [],
      userLicenseIndexes: [],
      gapCounts: [],
      gapStarts: [],
      gapStartKnown: [],
      gapEnds: [],
      nextAfterUserId: null,
      note: scope.note
    };
    const users = this.data.users
      .filter(
        (user) =>
          user.isActive &&
          !PLATFORM_USER_TYPES.has(user.userType) &&
          (policy.licenseKey === ALL_LICENSES ||
            user.licenseName === policy.licenseKey ||
            user.licenseDefinitionKey === policy.licenseKey) &&
          (after === null || user.id > after)
      )
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, pageSize);
    transaction.soql({ label: 'User (simulation page)', rowsTouched: users.length });
    // LL_PolicyCandidateSelector.getPermissionSetHolders and getGroupMembers (the exclusions).
    transaction.soql({ label: 'PermissionSetAssignment', rowsTouched: 0 });
    transaction.soql({ label: 'GroupMember', rowsTouched: 0 });
    page.usersRead = users.length;
    page.nextAfterUserId = users.length === pageSize ? users[users.length - 1].id : null;
    const kept = users.filter((user) => scope.excludedBecause(user) === null);
    page.usersExcluded = users.length - kept.length;
    const maxRollupRows = kept.length * MAX_SIMULATION_ROLLUP_ROWS_PER_USER;
    let rollupRows = 0;
    const activities = kept.map((user) => {
      const activity = this.rollups.activityOf(user.id);
      for (let row = 0; row < activity.size; row++) {
        if (this.data.logins.combos[activity.combo[row]]?.status === 'Success') rollupRows += 1;
      }
      return activity;
    });
    if (rollupRows > maxRollupRows) {
      transaction.soql({
        label: 'LL_User_Activity__c (simulation)',
        rowsTouched: maxRollupRows + 1
      });
      return this.answer(
        {
          ...page,
          tooBig: true,
          tooBigReason: `More than ${maxRollupRows} rollup rows for these ${kept.length} users: ask again with fewer users.`,
          usersRead: 0,
          usersExcluded: 0,
          nextAfterUserId: null
        },
        transaction
      );
    }
    transaction.soql({ label: 'LL_User_Activity__c (simulation)', rowsTouched: rollupRows });
    const licenseKeys = new Map<string, number>();
    const covered = coverage.rolledUpThroughDay ?? firstDay - 1;
    kept.forEach((user, userIndex) => {
      const days = this.successDays(activities[userIndex]);
      const gaps = gapsOf(user, days, {
        firstDay,
        lastDay: covered,
        inactivityDays: policy.inactivityDays,
        calendar: this.calendar
      });
      if (gaps.unknownAtStart) page.usersUnknownAtStart += 1;
      if (!gaps.gaps.length) return;
      let licenseIndex = -1;
      if (user.licenseName) {
        const key = user.licenseName;
        if (!licenseKeys.has(key)) {
          licenseKeys.set(key, page.licenses.length);
          page.licenses.push({
            source: 'UserLicense',
            name: user.licenseName,
            licenseDefinitionKey: user.licenseDefinitionKey
          });
        }
        licenseIndex = licenseKeys.get(key) as number;
      }
      page.userLicenseIndexes.push(licenseIndex);
      page.gapCounts.push(gaps.gaps.length);
      for (const gap of gaps.gaps) {
        page.gapStarts.push(gap.start);
        page.gapStartKnown.push(gap.startKnown);
        page.gapEnds.push(gap.end);
      }
    });
    return this.answer(page, transaction);
  }

  /** Day numbers with a successful login in a user's rollup rows (Day_Counts__c of Status Success). */
  private successDays(activity: UserActivityRows): number[] {
    const days = new Set<number>();
    for (let row = 0; row < activity.size; row++) {
      if (this.data.logins.combos[activity.combo[row]]?.status !== 'Success') continue;
      for (let entry = activity.entryStart[row]; entry < activity.entryStart[row + 1]; entry++) {
        days.add(activity.entryDay[entry]);
      }
    }
    return [...days].sort((a, b) => a - b);
  }

  private answer<T>(page: T, transaction: ApexTransaction): T {
    this.observe?.(transaction.use());
    return page;
  }
}

/** What LL_PolicySimulationService.gapsOf finds for one user. */
export interface UserGaps {
  gaps: Array<{ start: number; startKnown: boolean; end: number | null }>;
  /** The user logged in within the first inactivityDays but their earlier logins are unknown. */
  unknownAtStart: boolean;
}

/**
 * LL_PolicySimulationService.gapsOf: the stretches without a successful login
 * in which the user would have been a candidate at some night of the period
 * (a data reduction: llAnalytics replays the ladder over them).
 * @param days the user's successful login days from the rollups, ascending
 */
export function gapsOf(
  user: Pick<UserRow, 'createdDate' | 'lastLoginDate'>,
  days: readonly number[],
  period: { firstDay: number; lastDay: number; inactivityDays: number; calendar: OrgCalendar }
): UserGaps {
  const { firstDay, lastDay, inactivityDays, calendar } = period;
  const createdDay = calendar.dayNumber(user.createdDate);
  const lastLoginDay = user.lastLoginDate === null ? null : calendar.dayNumber(user.lastLoginDate);
  const inPeriod = days.filter((day) => day >= firstDay && day <= lastDay);
  const before = days.filter((day) => day < firstDay);
  // The first login after the period: in the rollups, or LastLoginDate (since the last rolled-up day).
  const afterPeriod = days.filter((day) => day > lastDay);
  const later =
    afterPeriod[0] ?? (lastLoginDay !== null && lastLoginDay > lastDay ? lastLoginDay : null);
  if (lastLoginDay !== null && lastLoginDay >= firstDay && lastLoginDay <= lastDay) {
    if (!inPeriod.includes(lastLoginDay)) {
      inPeriod.push(lastLoginDay);
      inPeriod.sort((a, b) => a - b);
    }
  }
  let start: number;
  let startKnown = true;
  if (before.length) start = Math.max(before[before.length - 1], createdDay);
  else if (createdDay >= firstDay) start = createdDay;
  else if (inPeriod.length === 0 && later === null) {
    // No login since the period began: the last one (if any) is LastLoginDate, before it.
    start = Math.max(createdDay, lastLoginDay ?? createdDay);
  } else {
    start = firstDay - 1;
    startKnown = false;
  }
  const gaps: UserGaps['gaps'] = [];
  let unknownAtStart = false;
  const consider = (gapStart: number, known: boolean, end: number | null) => {
    const night = Math.max(firstDay, gapStart + inactivityDays + 1);
    const openUntil = end === null ? lastDay : Math.min(end, lastDay);
    if (night <= openUntil) gaps.push({ start: gapStart, startKnown: known, end });
    else if (!known && end !== null && end > firstDay) unknownAtStart = true;
  };
  for (const day of inPeriod) {
    if (day < createdDay) continue;
    consider(start, startKnown, day);
    start = day;
    startKnown = true;
  }
  consider(start, startKnown, later);
  return { gaps, unknownAtStart };
}

/** The Apex methods this controller answers, by `<Class>.<method>`. */
export const OUTCOME_APEX_METHODS: Readonly<
  Record<string, (controller: OutcomeController, params: never) => unknown>
> = {
  'LL_ReclaimController.getReclaimOutcomes': (controller, params: OutcomeParams) =>
    controller.getReclaimOutcomes(params),
  'LL_ReclaimController.simulatePolicy': (controller, params: SimulationParams) =>
    controller.simulatePolicy(params)
};
