/**
 * One org's figures for the report, computed the way the dashboard computes
 * them: the preview's LocalController answers the controller contract over
 * the org's data (the same limits as the Apex), the page's read planner
 * (c/llReadPlanner) reads every user page through it, and the page's rules
 * (c/llAnalytics analyzeOrg) classify users, count KPIs and price the waste.
 * Nothing here decides what a login, a seat or waste means.
 */
import type {
  LicenseSeatDto,
  LoginWindowDto,
  OrgContextDto
} from '../../../force-app/types/contract';
import {
  analyzeOrg,
  toLicenseUsageRows,
  type LicenseUsageRow,
  type OrgAnalysis
} from '../../../force-app/main/default/lwc/llAnalytics/llAnalytics';
import {
  decodeUserPage,
  readUserPages,
  UnreadableUsersError,
  type DaySlice,
  type UserPagesRead
} from '../../../force-app/main/default/lwc/llReadPlanner/llReadPlanner';
import type { OrgMetadata } from '../../preview/controller/custom-metadata';
import { LocalController } from '../../preview/controller/local-controller';
import type { OrgData } from '../../preview/data/org-data';

/**
 * The dashboard's read plan (c/llDashboard USER_PAGE_SIZE, MAX_USERS,
 * MAX_USER_CALLS): the server's largest page, at most 200,000 users and
 * 1,000 calls per load.
 */
export const REPORT_READ_PLAN = {
  pageSize: 2000,
  minPageSize: 1,
  maxUsers: 200_000,
  maxCalls: 1_000
} as const;

/** What the report shows of one org (or of all orgs merged). */
export interface OrgFigures {
  context: OrgContextDto;
  analysis: OrgAnalysis;
  seats: LicenseSeatDto[];
  licenses: LicenseUsageRow[];
  /** The login window the users were read over (coveredDays < requested when cut short). */
  window: LoginWindowDto | null;
  /** Sentences naming what the figures leave out (days or users that could not be read). */
  gaps: string[];
}

export interface AnalyzeOptions {
  metadata: OrgMetadata;
  /** "Now" (epoch ms): the end of the login window. */
  now: number;
  /** Login window (days); default: settings.defaultWindowDays, as the dashboard opens. */
  windowDays?: number;
}

function sliceParams(slice: DaySlice | null) {
  return slice ? { sliceFirstDay: slice.firstDay, sliceLastDay: slice.lastDay } : {};
}

/** What a user read left out, in words. */
function gapsOf(read: UserPagesRead, unreadable: string | null): string[] {
  const gaps: string[] = [];
  if (unreadable) gaps.push(unreadable);
  for (const gap of read.gaps) {
    gaps.push(
      `Logins of ${gap.userIds.length || 'some'} users on ${gap.day} could not be read (${gap.reason ?? 'too big'}).`
    );
  }
  if (read.stoppedBy === 'maxUsers' || read.stoppedBy === 'maxCalls') {
    gaps.push(
      `Only the first ${read.users.length} users were read (the dashboard's limit of ${REPORT_READ_PLAN.maxUsers} users or ${REPORT_READ_PLAN.maxCalls} calls).`
    );
  }
  return gaps;
}

/**
 * Analyses one org's data as the dashboard does on first load (default
 * window, no filters, the settings' inactivity threshold).
 * @throws the controller's ApexError when an object the read needs is unavailable
 */
export async function analyzeOrgData(data: OrgData, options: AnalyzeOptions): Promise<OrgFigures> {
  const controller = new LocalController({
    data,
    metadata: options.metadata,
    clock: () => options.now,
    rollups: false
  });
  const context = controller.getOrgContext();
  const windowDays = options.windowDays ?? context.settings.defaultWindowDays;
  const seats = controller.getLicenseSeats();
  let read: UserPagesRead;
  let unreadable: string | null = null;
  try {
    read = await readUserPages(
      async (afterUserId, pageSize, slice) =>
        decodeUserPage(
          controller.getUserPage({ afterUserId, pageSize, windowDays, ...sliceParams(slice) })
        ),
      { ...REPORT_READ_PLAN }
    );
  } catch (error) {
    if (!(error instanceof UnreadableUsersError && error.partial)) throw error;
    read = error.partial;
    unreadable = error.message;
  }
  const analysis = analyzeOrg({
    users: read.users,
    loginGroups: read.loginGroups,
    seats,
    context,
    window: read.window,
    now: context.generatedAt
  });
  return {
    context,
    analysis,
    seats,
    licenses: toLicenseUsageRows(seats),
    window: read.window,
    gaps: gapsOf(read, unreadable)
  };
}
