/**
 * The controller contract: the shapes the Apex controllers return to the
 * components, declared once here and mirrored by the Apex DTO classes
 * (LL_*Dto inner classes). The local preview implements the same contract.
 *
 * Conventions:
 * - Instants are ISO-8601 strings in UTC ("2026-11-23T07:29:07.000Z"); Apex
 *   serialises Datetime that way. `null` means "never" / "unknown".
 * - Days are "YYYY-MM-DD" in the org's default time zone (`orgTimeZone`).
 * - Counts are integers; nothing here is a rule: the analytics modules decide
 *   what a login or a seat means.
 */

/** Which Setup object a seat row came from. */
export type SeatSource = 'UserLicense' | 'PermissionSetLicense';

/** One license pool: a UserLicense or a PermissionSetLicense with seats. */
export interface LicenseSeatDto {
  /** Salesforce record Id of the UserLicense / PermissionSetLicense. */
  id: string;
  source: SeatSource;
  /** UserLicense.Name or PermissionSetLicense.DeveloperName. */
  name: string;
  /** MasterLabel, what Setup shows. */
  label: string;
  /** LicenseDefinitionKey (e.g. "SFDC", "PID_Integration_User"), null if absent. */
  licenseDefinitionKey: string | null;
  total: number;
  used: number;
  /** total - used, never negative. */
  free: number;
  /** used / total * 100, rounded to one decimal; 0 when total is 0. */
  percentUsed: number;
}

/** Admin-editable settings read from custom metadata (LL_Setting__mdt). */
export interface SettingsDto {
  /** Days without an interactive login after which a user is inactive. */
  inactivityDays: number;
  /** A user created fewer days ago than this is not yet "never logged in". */
  neverLoggedInGraceDays: number;
  /** Live LoginHistory window used by default (days). */
  defaultWindowDays: number;
  /** Hard cap of the live window (days). */
  maxWindowDays: number;
  /** Salesforce Integration seats an Enterprise+ org gets free. */
  freeIntegrationSeats: number;
  /**
   * The nightly batch steps aside when the org has used this % of its daily
   * asynchronous Apex executions (DailyAsyncApexExecutions); name kept from an earlier version.
   */
  apiBudgetPercent: number;
  /** ISO 4217 code used for every price. */
  currencyIsoCode: string;
}

/** A list price for one license (LL_License_Price__mdt). */
export interface LicensePriceDto {
  /** Matches LicenseSeatDto.licenseDefinitionKey or LicenseSeatDto.name. */
  licenseKey: string;
  label: string;
  monthlyPrice: number;
}

/** What the page needs once: time zone, settings and prices. */
export interface OrgContextDto {
  /** IANA time zone of the org (Organization.TimeZoneSidKey). */
  orgTimeZone: string;
  /** When the server answered (ISO instant). */
  generatedAt: string;
  settings: SettingsDto;
  prices: LicensePriceDto[];
}

/**
 * A point in time: an ISO 8601 text (as most Apex answers send a Datetime) or
 * milliseconds since 1970-01-01T00:00:00Z (as the columnar user page sends
 * them, decoded without building a text for each). Read with llAnalytics'
 * parseInstant, which takes either.
 */
export type Instant = string | number;

/**
 * One user with what the filters and rules need, with what its profile says.
 * Decoded from UserPageDto (one entry of each PageUserColumnsDto list, plus
 * its profile) by llReadPlanner's decodeUserPage; not sent by Apex.
 */
export interface UserDto {
  id: string;
  username: string;
  name: string;
  isActive: boolean;
  /**
   * From UserLogin.IsFrozen; null when unknown (no UserLogin row, or Salesforce
   * refused the read): never a guessed false.
   */
  isFrozen: boolean | null;
  /** Standard, PowerPartner, CspLitePortal, ... */
  userType: string;
  department: string | null;
  division: string | null;
  profileId: string | null;
  roleName: string | null;
  forecastEnabled: boolean;
  /** User.LastLoginDate (moves on API logins too). */
  lastLoginDate: Instant | null;
  /** User.CreatedDate. */
  createdDate: Instant;
  /** DeveloperNames of the permission-set licenses assigned to the user. */
  permissionSetLicenses: string[];
  /** Profile.Name (from UserPageDto.profiles). */
  profileName: string | null;
  /** Profile.UserLicense.Name, e.g. "Salesforce", "Salesforce Integration". */
  licenseName: string | null;
  /** Profile.UserLicense.LicenseDefinitionKey. */
  licenseDefinitionKey: string | null;
}

/**
 * Logins of one user in the window, grouped by the fields Salesforce lets us
 * group on. The analytics modules classify these groups. Decoded from
 * UserPageDto (loginGroupKeys + loginCounts) by llReadPlanner's
 * decodeUserPage; not sent by Apex.
 */
export interface UserLoginGroupDto {
  userId: string;
  loginType: string;
  loginSubType: string | null;
  /** "Success" or a failure reason. */
  status: string;
  application: string | null;
  logins: number;
  /** Newest LoginTime in the group. */
  lastLoginTime: Instant;
}

/** Logins on one org-time-zone day, grouped like UserLoginGroupDto. */
export interface DailyLoginBucketDto {
  day: string;
  loginType: string;
  loginSubType: string | null;
  status: string;
  application: string | null;
  logins: number;
  /** Distinct users in this group on that day. */
  uniqueUsers: number;
}

/** Distinct users with any login (successful or not) on a day. */
export interface DailyUniqueUsersDto {
  day: string;
  uniqueUsers: number;
  /**
   * True when uniqueUsers is a lower bound: the nightly summary of that day
   * had more distinct users than it could track (LL_Login_Daily_Summary__c.Unique_Users_Capped__c).
   */
  uniqueUsersCapped: boolean;
}

/**
 * What one read answered for its login window. A window of N days covers today
 * (partly, up to windowEnd) and the N - 1 org-local days before it. A read may
 * ask for a slice of the window (sliceFirstDay..sliceLastDay); the days of the
 * slice come from the nightly rollups (days up to rolledUpThroughDay) or live
 * from LoginHistory (the days after it). No Apex method narrows a slice on its
 * own: a slice that does not fit is answered `tooBig` and covers no day.
 */
export interface LoginWindowDto {
  requestedDays: number;
  /** Days of the slice this answer covers: every day of the slice, or 0 when it was too big. */
  coveredDays: number;
  /** True when the answer covers less than the slice asked for (only when `tooBig`). */
  truncated: boolean;
  /** Start of the slice (ISO instant, inclusive): midnight of sliceFirstDay in the org time zone. */
  windowStart: string;
  /** End of the slice (ISO instant, exclusive): the midnight after sliceLastDay, or windowEnd for today. */
  windowEnd: string;
  /** Logins the answer counts (from rollups and live rows together). */
  rowsRead: number;
  /** Oldest day of the whole window (YYYY-MM-DD). */
  firstDay: string;
  /** Newest day of the whole window: today in the org time zone (YYYY-MM-DD). */
  lastDay: string;
  /** Oldest day of the slice answered (YYYY-MM-DD); firstDay when no slice was asked. */
  sliceFirstDay: string;
  /** Newest day of the slice answered (YYYY-MM-DD); lastDay when no slice was asked. */
  sliceLastDay: string;
  /**
   * The newest day through which the nightly rollups cover the window without
   * a gap from firstDay (YYYY-MM-DD); null when they do not cover firstDay,
   * and every day is read live.
   */
  rolledUpThroughDay: string | null;
  /** Days of the slice answered from the nightly rollups. */
  rollupDays: number;
  /** Days of the slice read live from LoginHistory. */
  liveDays: number;
}

/**
 * The users of a UserPageDto, one list per field: entry i of every list is
 * the page's user i (users ordered by Id). Columns, not one object per user,
 * because each field name would otherwise be sent 2,000 times a page; what
 * the users' profiles say is sent once per profile (UserPageDto.profiles).
 * Instants are milliseconds since 1970-01-01T00:00:00Z (Apex
 * Datetime.getTime(), a Long): 13 digits instead of a 24-character ISO text.
 */
export interface PageUserColumnsDto {
  /** User Ids (18 characters). */
  ids: string[];
  usernames: string[];
  names: string[];
  isActive: boolean[];
  /**
   * From UserLogin.IsFrozen; null when unknown (no UserLogin row, or Salesforce
   * refused the read): never a guessed false.
   */
  isFrozen: Array<boolean | null>;
  /** Standard, PowerPartner, CspLitePortal, ... */
  userTypes: string[];
  departments: Array<string | null>;
  divisions: Array<string | null>;
  /** Index into UserPageDto.profiles; null when the user has no profile. */
  profileIndexes: Array<number | null>;
  roleNames: Array<string | null>;
  forecastEnabled: boolean[];
  /** User.LastLoginDate in ms since the epoch (moves on API logins too); null if never. */
  lastLoginTimes: Array<number | null>;
  /** User.CreatedDate in ms since the epoch. */
  createdTimes: number[];
  /** DeveloperNames of each user's permission-set licenses, sorted; [] for none. */
  permissionSetLicenses: string[][];
}

/** A profile of a page's users, sent once per page whatever its number of users. */
export interface PageProfileDto {
  profileId: string;
  /** Profile.Name. */
  profileName: string | null;
  /** Profile.UserLicense.Name, e.g. "Salesforce", "Salesforce Integration". */
  licenseName: string | null;
  /** Profile.UserLicense.LicenseDefinitionKey. */
  licenseDefinitionKey: string | null;
}

/** One distinct login group of a page (the fields Salesforce lets us group on). */
export interface LoginGroupKeyDto {
  loginType: string;
  loginSubType: string | null;
  /** "Success" or a failure reason. */
  status: string;
  application: string | null;
}

/**
 * Logins per user and login group of a page over the slice, one list per
 * field: entry i of every list is one count. Ordered by user, then by group
 * (loginType, loginSubType, status, application; null before any value).
 */
export interface LoginCountColumnsDto {
  /** Index into the page's users (PageUserColumnsDto lists). */
  userIndexes: number[];
  /** Index into UserPageDto.loginGroupKeys. */
  groupKeyIndexes: number[];
  logins: number[];
  /** Newest LoginTime of the user in the group, in ms since the epoch. */
  lastLoginTimes: number[];
}

/**
 * One page of users (keyset paging on User.Id) with their login groups, in a
 * compact shape: users and counts as columns (one list per field, no field
 * name per entry, instants as epoch milliseconds), and what many users or
 * groups share (a profile, a login group) once, referred to by index. A
 * 2,000-user page is built in the 6 MB Apex heap and read by the browser
 * between pages, so bytes per user count. llReadPlanner's decodeUserPage
 * turns it into UserDto and UserLoginGroupDto lists for the analytics.
 */
export interface UserPageDto {
  /** The users of the page, ordered by Id, one list per field (see PageUserColumnsDto). */
  users: PageUserColumnsDto;
  /** Each profile the page's users have, once: its name and user licence. */
  profiles: PageProfileDto[];
  /** Each distinct login group (type, subtype, status, application) of the page, once. */
  loginGroupKeys: LoginGroupKeyDto[];
  /**
   * Logins per user and group over the slice: indexes into users and
   * loginGroupKeys, one list per field. loginGroupKeys are in the order the
   * counts first refer to them.
   */
  loginCounts: LoginCountColumnsDto;
  window: LoginWindowDto;
  /** Pass as afterUserId to get the next page; null on the last page. */
  nextAfterUserId: string | null;
  /**
   * True when the slice holds more than one Apex call may read for these
   * users (live LoginHistory rows past the row budget, or heap/CPU near their
   * limits): no users, profiles, keys or counts (every list empty),
   * nextAfterUserId = the cursor asked for.
   * Ask again with fewer days or fewer users (llReadPlanner does).
   */
  tooBig: boolean;
  /** Why the slice was too big, in words; null when it fitted. */
  tooBigReason: string | null;
}

/** The login trend over the window (or the slice asked for). */
export interface LoginTrendDto {
  window: LoginWindowDto;
  daily: DailyLoginBucketDto[];
  dailyUniqueUsers: DailyUniqueUsersDto[];
  /** True when the slice's live rows do not fit in one call: no day is answered; ask for fewer days. */
  tooBig: boolean;
  /** Why the slice was too big, in words; null when it fitted. */
  tooBigReason: string | null;
}

// ---------------------------------------------------------------------------
// Reclaim: LL_ReclaimController (previewReclaim, reclaim, getReclaimStatus).
// Admins act on users the dashboard flagged. The server enforces every rule
// again (at most 200 users, a reason of at most 1,000 characters, never the
// admin asking, never the last administrator, never the License Lens
// integration user ...) and keeps an audit row per user (LL_Reclaim_Audit__c).
// The action itself runs in a background job: reclaim answers Requested, then
// poll getReclaimStatus until `pending` is 0.
// ---------------------------------------------------------------------------

/**
 * What a reclaim does to each user: Freeze / Unfreeze (UserLogin.IsFrozen),
 * Deactivate (User.IsActive = false, frees the seat), RemovePermissionSetLicense
 * (deletes one PermissionSetLicenseAssign; needs `permissionSetLicense`).
 */
export type ReclaimAction = 'Freeze' | 'Unfreeze' | 'Deactivate' | 'RemovePermissionSetLicense';

/**
 * What happened, or would happen, to one user:
 * - Ready: preview only, the action would be requested;
 * - Requested: audited, waiting for the background job;
 * - Succeeded / Failed: the job's result (Failed carries Salesforce's message);
 * - Blocked: a guardrail refused (message says which);
 * - Skipped: nothing to do (already frozen, already inactive, not assigned ...).
 */
export type ReclaimOutcome = 'Ready' | 'Requested' | 'Succeeded' | 'Failed' | 'Blocked' | 'Skipped';

/**
 * What the dashboard showed about a user when the admin asked; stored on the
 * audit row as shown (the server also records User.LastLoginDate itself).
 * The server never takes it as the truth: for Freeze and Deactivate it reads
 * the user's logins again, at request time and in the job, and skips the user
 * ("has a successful login ... newer than ...") when any successful login is
 * newer than lastActivityTime.
 */
export interface ReclaimInactivityDto {
  userId: string;
  /** Last interactive login shown (ISO instant); null for never. */
  lastLoginTime: string | null;
  /** Days without an interactive login shown; null when unknown. */
  daysInactive: number | null;
  /**
   * Newest successful login of any type the page knew (LoginHistory window or
   * User.LastLoginDate; ISO instant); null when it knew none.
   */
  lastActivityTime: string | null;
}

/** The outcome for one user of a reclaim request. */
export interface ReclaimUserResultDto {
  /** The user Id asked for. */
  userId: string;
  /** Null when the Id was not a user visible to the admin. */
  username: string | null;
  /** DeveloperName of the permission set license (RemovePermissionSetLicense only). */
  permissionSetLicense: string | null;
  outcome: ReclaimOutcome;
  /** Why it was blocked or skipped, or the error Salesforce returned; null otherwise. */
  message: string | null;
}

/** The answer to previewReclaim, reclaim and getReclaimStatus. */
export interface ReclaimResultDto {
  action: ReclaimAction;
  /** True for a preview: nothing was written, nothing changed. */
  dryRun: boolean;
  /** Groups the audit rows (the requestId sent, or a generated UUID); null for a preview. */
  auditBatchId: string | null;
  /** Users still Requested; poll getReclaimStatus until 0. */
  pending: number;
  /** One result per distinct user asked for, in request order. */
  results: ReclaimUserResultDto[];
}

// ---------------------------------------------------------------------------
// Reclaim policies: LL_ReclaimController.listReclaimPolicies and previewPolicy
// (LL_ReclaimPolicyService). Read-only; the class access (Reclaim Admin) is
// the gate. A live policy stops at an unsent notice (Notify Failed): License
// Lens sends no notice email yet, so no freeze or deactivation follows.
// ---------------------------------------------------------------------------

/** A ladder step (LL_ReclaimLadder): Notify, Freeze, Deactivate, or Wait / Done. */
export type PolicyStep = 'Notify' | 'Freeze' | 'Deactivate' | 'Wait' | 'Done';

/** One user of a policy preview page. */
export interface PolicyCandidateDto {
  userId: string;
  username: string;
  /** User.LastLoginDate (ISO instant); null: never logged in. */
  lastLoginDate: string | null;
  /** Why the user is left out (exclusion, yourself, integration user, rollup); null when not. */
  excludedBecause: string | null;
  /** The next ladder step; null when left out. */
  step: PolicyStep | null;
  stepMessage: string | null;
  /** When the next step is due (Wait; ISO instant); null otherwise. */
  dueAt: string | null;
  /** Always null in a preview (the guardrails answer when a step is requested). */
  guardrail: string | null;
  guardrailMessage: string | null;
}

/**
 * A policy as read (listReclaimPolicies: no candidates) or one preview page
 * of it (previewPolicy). A record with a value out of range is listed with
 * its name, label and the problem in note, and null values.
 */
export interface PolicyPreviewDto {
  policyName: string;
  label: string;
  /** UserLicense.Name, LicenseDefinitionKey, or * for every license. */
  licenseKey: string | null;
  inactivityDays: number | null;
  noticeDays: number | null;
  /** null: the policy never deactivates (or the record is out of range). */
  deactivateAfterFrozenDays: number | null;
  maxActionsPerRun: number | null;
  dryRun: boolean | null;
  active: boolean | null;
  /** The kill switch (LL_Setting Default, Reclaim Policies Enabled): false, no policy runs. */
  policiesEnabled: boolean;
  candidates: PolicyCandidateDto[];
  /** afterUserId of the next page; null on the last page. */
  nextAfterUserId: string | null;
  /** What the preview could not tell, or why the record is out of range; null otherwise. */
  note: string | null;
}

// ---------------------------------------------------------------------------
// Creating and editing a reclaim policy from the page: LL_PolicyEditController
// (getPolicyEdit, savePolicy, getPolicySaveStatus). Custom metadata records
// cannot be written by DML: the save enqueues a Metadata API deployment from
// Apex (asynchronous) and the page follows it by requestId. The input rules
// live once, in llAnalytics/policyEdit.ts, mirrored by LL_PolicyEditRequest.
// ---------------------------------------------------------------------------

/** LL_Reclaim_Policy_Exclusion__mdt.Kind__c. */
export type PolicyExclusionKind = 'PermissionSet' | 'Profile' | 'PublicGroup' | 'User';

/** One exclusion of a policy (LL_Reclaim_Policy_Exclusion__mdt). */
export interface PolicyExclusionDto {
  kind: PolicyExclusionKind;
  /** PermissionSet.Name, Profile.Name, Group.DeveloperName or Username. */
  value: string;
  /** DeveloperName of the exclusion record; null for one the page adds. */
  recordName: string | null;
  /** True for an exclusion of every policy (Policy__c = *): shown, not editable here. */
  allPolicies: boolean;
}

/** A policy as the editor reads it (getPolicyEdit) and sends it (savePolicy). */
export interface PolicyEditDto {
  /** DeveloperName: letters, digits and single underscores, starting with a letter; at most 40. */
  policyName: string;
  /** MasterLabel, at most 40 characters. */
  label: string;
  /** UserLicense.Name or LicenseDefinitionKey, or * for every license. */
  licenseKey: string;
  inactivityDays: number | null;
  noticeDays: number | null;
  /** null: the policy never deactivates. */
  deactivateAfterFrozenDays: number | null;
  maxActionsPerRun: number | null;
  dryRun: boolean;
  active: boolean;
  /** True to create the record (refused when the name exists); false to edit it. */
  isNew: boolean;
  /** The policy's own exclusions; those of every policy are listed with allPolicies true and ignored on save. */
  exclusions: PolicyExclusionDto[];
}

/** Where a save stands: Queued (deploying), Succeeded or Failed. */
export type PolicySaveStatus = 'Queued' | 'Succeeded' | 'Failed';

/** The answer of savePolicy and getPolicySaveStatus. */
export interface PolicySaveResultDto {
  /** The client's idempotency key; a retry with it returns this request, never a second deploy. */
  requestId: string;
  policyName: string;
  /** The Metadata API deployment's id (Metadata.Operations.enqueueDeployment); null when none was started. */
  deploymentId: string | null;
  status: PolicySaveStatus;
  /** What the deployment answered (DeployResult), or what is awaited. */
  message: string | null;
  /** Who asked (the audit row's Requested_By__c). */
  requestedBy: string | null;
}

// ---------------------------------------------------------------------------
// History: LL_HistoryController.getHistory. The nightly job keeps a row per
// license pool per day (LL_License_Snapshot__c) and a day total of logins and
// distinct users (LL_Login_Daily_Summary__c, Is_Day_Total__c). One call reads
// at most 12 whole months, folded per month; llAnalytics/history.ts plans the
// calls back to the oldest kept day.
// ---------------------------------------------------------------------------

/** One license pool in one month (months are "YYYY-MM" of org-local days). */
export interface LicenseMonthDto {
  month: string;
  source: SeatSource;
  /** UserLicense.Name or PermissionSetLicense.DeveloperName. */
  name: string;
  /** MasterLabel on the latest snapshot day of the month; null if never recorded. */
  label: string | null;
  /** Seats bought on the latest snapshot day of the month. */
  total: number;
  /** Seats used on the latest snapshot day of the month. */
  used: number;
  /** Most seats used on any snapshot day of the month. */
  peakUsed: number;
  /** Latest snapshot day of the month ("YYYY-MM-DD"). */
  lastDay: string;
  /** Days of the month with a snapshot of this pool. */
  daysCaptured: number;
}

/**
 * Logins of one month from the nightly day totals. Distinct users are kept per
 * day only: a month has their sum (user-days) and peak, never a distinct count.
 */
export interface LoginMonthDto {
  month: string;
  /** Logins, successful or not, over the recorded days. */
  logins: number;
  /** Daily distinct users summed over the recorded days. */
  userDays: number;
  /** Most distinct users on one recorded day. */
  peakDailyUniqueUsers: number;
  /** Days of the month the nightly job recorded. */
  daysRecorded: number;
  /** True when a recorded day's distinct users were capped (a lower bound). */
  uniqueUsersCapped: boolean;
}

/** One read of the kept history: whole months, and how far the history reaches. */
export interface HistorySliceDto {
  /** First and last month read; null when nothing is kept and no month was asked. */
  firstMonth: string | null;
  lastMonth: string | null;
  /** Oldest / newest day with a license snapshot ("YYYY-MM-DD"); null when none. */
  earliestSnapshotDay: string | null;
  latestSnapshotDay: string | null;
  /** Oldest / newest day with a login day total; null when none. */
  earliestLoginDay: string | null;
  latestLoginDay: string | null;
  /**
   * True when the months hold more license snapshots than one Apex call may
   * read (10,000): both lists are empty; ask again with fewer months.
   */
  tooManyRows: boolean;
  /** Rows the call's queries returned. */
  rowsRead: number;
  /** One entry per pool and month with a snapshot, by month, source, name. */
  licenseMonths: LicenseMonthDto[];
  /** One entry per month with a recorded day, oldest first. */
  loginMonths: LoginMonthDto[];
}

// ---------------------------------------------------------------------------
// Reclaim outcomes: LL_ReclaimController.getReclaimOutcomes. Facts only, one
// entry per succeeded Freeze / Deactivate / RemovePermissionSetLicense audit
// row, in columns; llAnalytics/reclaimOutcomes.ts decides what a row means
// (seat freed or held, price, month, came back within 30 days).
// ---------------------------------------------------------------------------

/** A license a reclaimed seat belongs to (the user's license, or the removed PSL). */
export interface OutcomeLicenseDto {
  source: SeatSource;
  /** UserLicense.Name or PermissionSetLicense.DeveloperName. */
  name: string;
  /** UserLicense.LicenseDefinitionKey; null for a permission set license or when unknown. */
  licenseDefinitionKey: string | null;
}

/**
 * One page of succeeded reclaim audit rows (Completed_At__c in [fromDay, toDay]
 * of the org's time zone), in columns: entry i of every list is row i. The
 * lists policyIndexes, departmentIndexes and licenseIndexes refer to policies,
 * departments and licenses (-1: manual / no department / unknown license).
 */
export interface ReclaimOutcomePageDto {
  /** First and last org-local day read ("YYYY-MM-DD"). */
  fromDay: string;
  toDay: string;
  /** When the server read the rows (ISO instant): "came back" is judged against it. */
  generatedAt: string;
  /** Id of the last row of this page when more rows may follow (afterId of the next call); null on the last page. */
  nextAfterId: string | null;
  /** LL_Reclaim_Audit__c.Policy__c values referred to by policyIndexes. */
  policies: string[];
  /** User.Department values referred to by departmentIndexes. */
  departments: string[];
  licenses: OutcomeLicenseDto[];
  /** Action__c: Freeze, Deactivate or RemovePermissionSetLicense. */
  actions: string[];
  /** Completed_At__c, epoch ms. */
  completedAt: number[];
  policyIndexes: number[];
  departmentIndexes: number[];
  licenseIndexes: number[];
  /**
   * Whether the reclaim is undone now: a deactivated user active again, a
   * frozen user unfrozen (UserLogin.IsFrozen false), a removed permission set
   * license assigned again; null when that cannot be read.
   */
  reversedNow: Array<boolean | null>;
  /** Newest successful login of any type known after Completed_At__c (epoch ms); null: none known. */
  loginAfter: Array<number | null>;
  /** First Succeeded License Lens Unfreeze of the user after a Freeze (epoch ms); null otherwise. */
  unfrozenAt: Array<number | null>;
  /** False when the nightly rollups could not be read: loginAfter comes from User.LastLoginDate alone. */
  rollupsRead: boolean;
  /** False when the frozen state could not be read (UserLogin): reversedNow of Freeze rows is null. */
  frozenStateRead: boolean;
}

// ---------------------------------------------------------------------------
// Policy simulation: LL_ReclaimController.simulatePolicy. "What would this
// policy have done over the last 180 days?" One keyset page of the policy's
// users (active now, on its license, not excluded), each reduced to the long
// gaps between successful logins that the nightly rollups hold; the ladder is
// replayed over those gaps in llAnalytics/policySimulation.ts.
// ---------------------------------------------------------------------------

/** One page of a policy simulation's facts. */
export interface PolicySimulationPageDto {
  policyName: string;
  licenseKey: string;
  inactivityDays: number;
  noticeDays: number;
  /** null: the policy never deactivates. */
  deactivateAfterFrozenDays: number | null;
  maxActionsPerRun: number;
  /** First and last day simulated (org-local day numbers, days since 1970-01-01). */
  firstDayNumber: number;
  lastDayNumber: number;
  /**
   * Newest day the nightly rollups cover without a gap from firstDayNumber;
   * null when the first day is not rolled up. The simulation ends there.
   */
  rolledUpThroughDayNumber: number | null;
  /** True when this page did not fit one call: nothing else is set; ask again with fewer users. */
  tooBig: boolean;
  tooBigReason: string | null;
  /** Users of the policy's license read on this page (active now). */
  usersRead: number;
  /** Users left out by the policy's exclusions (or yourself, or the integration user). */
  usersExcluded: number;
  /** Users whose logins before firstDayNumber are unknown and who may have been candidates in its first days. */
  usersUnknownAtStart: number;
  /** Licenses referred to by userLicenseIndexes. */
  licenses: OutcomeLicenseDto[];
  /** Per user with at least one gap, in Id order: its license (-1 unknown) and its number of gaps. */
  userLicenseIndexes: number[];
  gapCounts: number[];
  /**
   * Per gap, flattened in user order: the day of the successful login (or the
   * creation) it starts after; whether that day is known (false: the last
   * login is older than the rollups, gapStarts holds firstDayNumber - 1); the
   * day of the next successful login (null: none up to now).
   */
  gapStarts: number[];
  gapStartKnown: boolean[];
  gapEnds: Array<number | null>;
  /** afterUserId of the next page; null on the last page. */
  nextAfterUserId: string | null;
  /** What the data could not tell; null otherwise. */
  note: string | null;
}

// ---------------------------------------------------------------------------
// Collection: LL_CollectionController (getCollectionStatus, collectNow,
// setNightlySchedule). Everyone with the class reads when data was last
// collected; admins holding "Collect License Lens History", "View Setup and
// Configuration" and "Monitor Login History" (canManage) also get the job in
// progress, the nightly schedule and the latest runs, and may act. The
// snapshot job runs as the admin who starts or schedules it.
// ---------------------------------------------------------------------------

/**
 * AsyncApexJob.Status (object reference): Holding = waiting in the Apex flex
 * queue; Queued, Preparing, Processing = not finished; the rest are final.
 */
export type AsyncApexJobStatus =
  | 'Holding'
  | 'Queued'
  | 'Preparing'
  | 'Processing'
  | 'Aborted'
  | 'Completed'
  | 'Failed';

/** One run of the snapshot batch (AsyncApexJob). */
export interface CollectionJobDto {
  id: string;
  status: AsyncApexJobStatus;
  /** True for Holding, Queued, Preparing and Processing. */
  active: boolean;
  /** Chunks (execute calls) done so far. */
  jobItemsProcessed: number;
  /** Chunks in total; 0 or null until the job has located its rows. */
  totalJobItems: number | null;
  numberOfErrors: number | null;
  /** The first error, when one occurred. */
  extendedStatus: string | null;
  createdDate: string;
  completedDate: string | null;
}

/** The nightly schedule (CronTrigger named like the job), or none. */
export interface CollectionScheduleDto {
  enabled: boolean;
  cronExpression: string | null;
  /** Hour 0..23 of a plain daily expression ("0 30 2 * * ?"); null otherwise. */
  hour: number | null;
  minute: number | null;
  /** CronTrigger.State: WAITING, ACQUIRED, EXECUTING, PAUSED, BLOCKED ... */
  state: string | null;
  nextFireTime: string | null;
  previousFireTime: string | null;
  /** The time zone the hour counts in: the one of the admin who scheduled it. */
  timeZoneSidKey: string | null;
}

/** LL_Snapshot_Run__c.Status__c. */
export type SnapshotRunStatus = 'Running' | 'Completed' | 'Stopped (async budget)' | 'Failed';

/** One run record (LL_Snapshot_Run__c). */
export interface SnapshotRunDto {
  id: string;
  /** The day summarized ("YYYY-MM-DD", org time zone). */
  day: string | null;
  status: SnapshotRunStatus;
  startedAt: string | null;
  finishedAt: string | null;
  message: string | null;
  rowsRead: number | null;
  summariesWritten: number | null;
  licenseSnapshotsWritten: number | null;
  jobId: string | null;
}

/** The answer of every LL_CollectionController method. */
export interface CollectionStatusDto {
  generatedAt: string;
  /** Whether the user may start the job and change the schedule. */
  canManage: boolean;
  /** Setup labels of what the user lacks to manage; empty when canManage. */
  missingPermissions: string[];
  /** When the last Completed run finished; null when none has. */
  lastCollectedAt: string | null;
  /** The day that run summarized ("YYYY-MM-DD", org time zone). */
  lastCollectedDay: string | null;
  /** A snapshot batch is waiting or running (admins only; false otherwise). */
  collectionRunning: boolean;
  activeJobId: string | null;
  /** The job followed: the one asked for, else the active one (admins only). */
  job: CollectionJobDto | null;
  /** Admins only; null otherwise. */
  schedule: CollectionScheduleDto | null;
  /** Newest first, at most 10 (admins only; empty otherwise). */
  recentRuns: SnapshotRunDto[];
}
