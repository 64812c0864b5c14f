/**
 * LL_CollectionController (getCollectionStatus, collectNow, setNightlySchedule)
 * for the local preview, kept in memory. It mirrors the Apex
 * (LL_CollectionService, LL_CollectionAccessGuard): the same permission check
 * and message ("Collect License Lens History", "View Setup and Configuration",
 * "Monitor Login History"; Manage Users stands in for the last), viewers see
 * only when data was last collected, a second collection is refused while one
 * is waiting or running (naming the job), the hour must be 0..23, a schedule
 * change replaces the schedule under the job name. Each call counts the SOQL
 * queries the Apex runs in an ApexTransaction, so a change that would break a
 * limit breaks here too.
 *
 * The preview has no Apex engine, so the snapshot job is simulated: each
 * status read moves it one step (Queued, Preparing, then Processing chunk by
 * chunk, then Completed), writing a Running run record when it starts
 * processing and completing it at the end, as LL_LoginSnapshotBatch does. By
 * default the preview starts with the nightly schedule at 02:30 and three
 * completed nights, as if the job had been running.
 */
import type {
  AsyncApexJobStatus,
  CollectionJobDto,
  CollectionScheduleDto,
  CollectionStatusDto,
  SnapshotRunDto
} from '../../../force-app/types/contract';
import {
  createOrgCalendar,
  type OrgCalendar
} from '../../../force-app/main/default/lwc/llAnalytics/time';
import { ApexError } from './apex-error';
import { ApexTransaction, type TransactionUse } from './apex-transaction';

/** Setup labels of what the admin actions need (LL_CollectionAccessGuard), in its order. */
export const COLLECT_PERMISSION = 'Collect License Lens History';
export const VIEW_SETUP = 'View Setup and Configuration';
export const MONITOR_LOGIN_HISTORY = 'Monitor Login History';
export const MANAGE_USERS = 'Manage Users';

/** Viewer + History Admin: may do everything here (the preview's default user). */
export const HISTORY_ADMIN_PERMISSIONS: ReadonlySet<string> = new Set([
  COLLECT_PERMISSION,
  VIEW_SETUP,
  MONITOR_LOGIN_HISTORY
]);
/** The Viewer permission set alone. */
export const VIEWER_PERMISSIONS: ReadonlySet<string> = new Set([VIEW_SETUP, MONITOR_LOGIN_HISTORY]);

/** LL_SnapshotRunSelector.MAX_RECENT_RUNS. */
export const MAX_RECENT_RUNS = 10;
/** LL_CollectionJobSelector.FLEX_QUEUE_CAPACITY. */
export const FLEX_QUEUE_CAPACITY = 100;
/** Chunks the simulated job processes by default. */
export const DEFAULT_JOB_CHUNKS = 4;
/** LL_LoginSnapshotBatch.DEFAULT_CRON, the schedule the preview starts with. */
export const DEFAULT_CRON = '0 30 2 * * ?';

const PURPOSE = 'start the login snapshot job and change its nightly schedule';
const ACTIVE: readonly AsyncApexJobStatus[] = ['Holding', 'Queued', 'Preparing', 'Processing'];
const ACTIVE_WORDS: Readonly<Record<string, string>> = {
  Holding: 'waiting in the Apex flex queue',
  Queued: 'queued',
  Preparing: 'preparing',
  Processing: 'running'
};
const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;
const SEEDED_NIGHTS = 3;
const SEEDED_RUN_MINUTES = 4;
const ROWS_PER_CHUNK = 2000;
const DAILY = /^(\d{1,2}) (\d{1,2}) (\d{1,2}) \* \* \?$/;

export interface CollectionControllerOptions {
  /** "Now" in epoch ms. */
  clock: () => number;
  /** The org's IANA time zone (days and the schedule hour count in it). */
  timeZone?: string;
  /** Setup labels the user holds; default HISTORY_ADMIN_PERMISSIONS. */
  granted?: ReadonlySet<string>;
  /** Chunks a simulated job processes; default DEFAULT_JOB_CHUNKS. */
  jobChunks?: number;
  /** Start with the 02:30 schedule and three completed nights (default true). */
  seedHistory?: boolean;
}

/** Parameters as the component sends them. */
export interface CollectionStatusParams {
  jobId?: string | null;
}
export interface ScheduleParams {
  enabled?: boolean | null;
  hour?: number | null;
}

interface SimulatedJob extends CollectionJobDto {
  runId: string | null;
}

interface Schedule {
  cronExpression: string;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function refused(message: string): ApexError {
  return new ApexError(message);
}

/** LL_MissingPermissionException.messageFor. */
function missingPermissionMessage(permissions: readonly string[]): string {
  const several = permissions.length > 1;
  const quoted = permissions.map((permission) => `"${permission}"`).join(' and ');
  return `License Lens needs the ${quoted} ${several ? 'permissions' : 'permission'} to ${PURPOSE}. Ask your Salesforce admin for a permission set that grants ${several ? 'them' : 'it'}.`;
}

/** Local implementation of LL_CollectionController. */
export class CollectionController {
  private readonly clock: () => number;
  private readonly calendar: OrgCalendar;
  private readonly granted: ReadonlySet<string>;
  private readonly jobChunks: number;
  private readonly runs: SnapshotRunDto[] = [];
  private readonly jobs: SimulatedJob[] = [];
  private schedule: Schedule | null = null;
  private nextId = 1;
  private lastUse: TransactionUse | null = null;

  constructor(options: CollectionControllerOptions) {
    this.clock = options.clock;
    this.calendar = createOrgCalendar(options.timeZone ?? 'America/Los_Angeles');
    this.granted = options.granted ?? HISTORY_ADMIN_PERMISSIONS;
    this.jobChunks = Math.max(1, Math.floor(options.jobChunks ?? DEFAULT_JOB_CHUNKS));
    if (options.seedHistory ?? true) this.seed();
  }

  /** LL_CollectionController.getCollectionStatus; moves a simulated job one step first. */
  getCollectionStatus(params: CollectionStatusParams | undefined): CollectionStatusDto {
    const jobId = params?.jobId;
    if (jobId !== undefined && jobId !== null && typeof jobId !== 'string') {
      throw refused(`jobId must be an Apex job Id; got "${String(jobId)}".`);
    }
    const followed = jobId && jobId.trim() ? jobId.trim() : null;
    if (followed !== null && !/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(followed)) {
      throw refused(`jobId must be an Apex job Id; got "${followed.slice(0, 40)}".`);
    }
    this.advanceJobs();
    const transaction = new ApexTransaction();
    try {
      return this.status(transaction, followed);
    } finally {
      this.lastUse = transaction.use();
    }
  }

  /** LL_CollectionController.collectNow. */
  collectNow(): CollectionStatusDto {
    const transaction = new ApexTransaction();
    try {
      this.requireManage(transaction);
      transaction.soql({ label: 'AsyncApexJob (active)', rowsTouched: 1 });
      const active = this.activeJob();
      if (active) {
        throw refused(
          `A License Lens collection is already ${ACTIVE_WORDS[active.status]} (Apex job ${active.id}, submitted ${active.createdDate.slice(0, 16).replace('T', ' ')} UTC). Wait for it to finish before starting another.`
        );
      }
      const holding = this.jobs.filter((job) => job.status === 'Holding').length;
      transaction.soql({ label: 'AsyncApexJob COUNT()', rowsTouched: holding });
      if (holding >= FLEX_QUEUE_CAPACITY) {
        throw refused(
          `The Apex flex queue already holds ${FLEX_QUEUE_CAPACITY} batch jobs, the most Salesforce allows. Start the collection once some of them have run.`
        );
      }
      const job: SimulatedJob = {
        id: this.newId('707'),
        status: 'Queued',
        active: true,
        jobItemsProcessed: 0,
        totalJobItems: 0,
        numberOfErrors: 0,
        extendedStatus: null,
        createdDate: new Date(this.clock()).toISOString(),
        completedDate: null,
        runId: null
      };
      this.jobs.push(job);
      return this.status(transaction, job.id);
    } finally {
      this.lastUse = transaction.use();
    }
  }

  /** LL_CollectionController.setNightlySchedule. */
  setNightlySchedule(params: ScheduleParams | undefined): CollectionStatusDto {
    const transaction = new ApexTransaction();
    try {
      this.requireManage(transaction);
      const enabled = params?.enabled;
      const hour = params?.hour;
      if (enabled === null || enabled === undefined) {
        throw refused(
          'enabled is required: true to schedule the nightly collection, false to turn it off.'
        );
      }
      const validHour =
        typeof hour === 'number' && Number.isInteger(hour) && hour >= 0 && hour <= 23;
      if (enabled && !validHour) {
        throw refused(`hour must be a whole hour from 0 to 23; got ${hour ?? 'null'}.`);
      }
      transaction.soql({
        label: 'CronTrigger by CronJobDetail.Name',
        rowsTouched: this.schedule ? 1 : 0
      });
      this.schedule = enabled ? { cronExpression: `0 0 ${hour} * * ?` } : null;
      return this.status(transaction, null);
    } finally {
      this.lastUse = transaction.use();
    }
  }

  /** What the last call used (queries and rows), for tests. */
  lastTransaction(): TransactionUse | null {
    return this.lastUse;
  }

  /** The run records, newest first (a copy). */
  runRecords(): SnapshotRunDto[] {
    return this.sortedRuns().map((run) => ({ ...run }));
  }

  // ---- the Apex paths ----

  /** LL_UserPermissionSelector reads once per transaction and caches the row. */
  private readonly permissionsRead = new WeakSet<ApexTransaction>();

  private missingPermissions(transaction: ApexTransaction): string[] {
    if (!this.permissionsRead.has(transaction)) {
      transaction.soql({ label: 'UserPermissionAccess', rowsTouched: 1 });
      this.permissionsRead.add(transaction);
    }
    const missing: string[] = [];
    if (!this.granted.has(COLLECT_PERMISSION)) missing.push(COLLECT_PERMISSION);
    if (!this.granted.has(VIEW_SETUP)) missing.push(VIEW_SETUP);
    if (!this.granted.has(MONITOR_LOGIN_HISTORY) && !this.granted.has(MANAGE_USERS)) {
      missing.push(MONITOR_LOGIN_HISTORY);
    }
    return missing;
  }

  private requireManage(transaction: ApexTransaction): void {
    const missing = this.missingPermissions(transaction);
    if (missing.length) throw new ApexError(missingPermissionMessage(missing));
  }

  private status(transaction: ApexTransaction, followJobId: string | null): CollectionStatusDto {
    const missing = this.missingPermissions(transaction);
    const canManage = missing.length === 0;
    const runs = this.sortedRuns();
    const last = runs
      .filter((run) => run.status === 'Completed' && run.finishedAt)
      .sort((a, b) => (b.finishedAt ?? '').localeCompare(a.finishedAt ?? ''))[0];
    transaction.soql({ label: 'LL_Snapshot_Run__c (last completed)', rowsTouched: last ? 1 : 0 });
    const dto: CollectionStatusDto = {
      generatedAt: new Date(this.clock()).toISOString(),
      canManage,
      missingPermissions: missing,
      lastCollectedAt: last?.finishedAt ?? null,
      lastCollectedDay: last?.day ?? null,
      collectionRunning: false,
      activeJobId: null,
      job: null,
      schedule: null,
      recentRuns: []
    };
    if (!canManage) return dto;
    dto.recentRuns = runs.slice(0, MAX_RECENT_RUNS).map((run) => ({ ...run }));
    transaction.soql({ label: 'LL_Snapshot_Run__c (recent)', rowsTouched: dto.recentRuns.length });
    const active = this.activeJob();
    transaction.soql({ label: 'AsyncApexJob (active)', rowsTouched: active ? 1 : 0 });
    let followed = active;
    if (followJobId !== null && active?.id !== followJobId) {
      const asked = this.jobs.find((job) => job.id === followJobId) ?? null;
      transaction.soql({ label: 'AsyncApexJob (by Id)', rowsTouched: asked ? 1 : 0 });
      followed = asked ?? active;
    }
    dto.collectionRunning = active !== null;
    dto.activeJobId = active?.id ?? null;
    dto.job = followed ? this.jobDto(followed) : null;
    transaction.soql({
      label: 'CronTrigger by CronJobDetail.Name',
      rowsTouched: this.schedule ? 1 : 0
    });
    dto.schedule = this.scheduleDto();
    return dto;
  }

  // ---- the simulated platform ----

  private activeJob(): SimulatedJob | null {
    return [...this.jobs].reverse().find((job) => ACTIVE.includes(job.status)) ?? null;
  }

  /** One step of every unfinished job, as if the platform had worked between two reads. */
  private advanceJobs(): void {
    for (const job of this.jobs) {
      if (!ACTIVE.includes(job.status)) continue;
      if (job.status === 'Holding' || job.status === 'Queued') {
        job.status = 'Preparing';
      } else if (job.status === 'Preparing') {
        job.status = 'Processing';
        job.totalJobItems = this.jobChunks;
        job.jobItemsProcessed = 0;
        job.runId = this.startRun(job.id);
      } else if ((job.jobItemsProcessed ?? 0) < (job.totalJobItems ?? 0)) {
        job.jobItemsProcessed = (job.jobItemsProcessed ?? 0) + 1;
      } else {
        job.status = 'Completed';
        job.active = false;
        job.completedDate = new Date(this.clock()).toISOString();
        this.finishRun(job);
      }
    }
  }

  /** LL_LoginSnapshotBatch.start: a Running record for yesterday (org time zone). */
  private startRun(jobId: string): string {
    const now = this.clock();
    const run: SnapshotRunDto = {
      id: this.newId('a01'),
      day: this.calendar.dayKey(now - MS_PER_DAY),
      status: 'Running',
      startedAt: new Date(now).toISOString(),
      finishedAt: null,
      message: null,
      rowsRead: null,
      summariesWritten: null,
      licenseSnapshotsWritten: null,
      jobId
    };
    this.runs.push(run);
    return run.id;
  }

  /** LL_LoginSnapshotBatch.finish: Completed, with what was read and written. */
  private finishRun(job: SimulatedJob): void {
    const run = this.runs.find((candidate) => candidate.id === job.runId);
    if (!run) return;
    run.status = 'Completed';
    run.finishedAt = new Date(this.clock()).toISOString();
    run.rowsRead = (job.totalJobItems ?? 0) * ROWS_PER_CHUNK;
    run.summariesWritten = 12;
    run.licenseSnapshotsWritten = 4;
  }

  private seed(): void {
    this.schedule = { cronExpression: DEFAULT_CRON };
    const now = this.clock();
    const today = this.calendar.dayNumber(now);
    for (let night = SEEDED_NIGHTS; night >= 0; night--) {
      const started = this.calendar.startOfDay(today - night) + 2.5 * MS_PER_HOUR;
      const finished = started + SEEDED_RUN_MINUTES * MS_PER_MINUTE;
      if (finished > now) continue;
      this.runs.push({
        id: this.newId('a01'),
        day: this.calendar.dayKey(started - MS_PER_DAY),
        status: 'Completed',
        startedAt: new Date(started).toISOString(),
        finishedAt: new Date(finished).toISOString(),
        message: null,
        rowsRead: 8000 + 500 * night,
        summariesWritten: 12,
        licenseSnapshotsWritten: 4,
        jobId: this.newId('707')
      });
    }
  }

  private sortedRuns(): SnapshotRunDto[] {
    return [...this.runs].sort(
      (a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? '') || b.id.localeCompare(a.id)
    );
  }

  private jobDto(job: SimulatedJob): CollectionJobDto {
    const { runId: _runId, ...dto } = job;
    return { ...dto, active: ACTIVE.includes(job.status) };
  }

  /** LL_CollectionScheduleDto.of, with the next run computed in the org time zone. */
  private scheduleDto(): CollectionScheduleDto {
    if (!this.schedule) {
      return {
        enabled: false,
        cronExpression: null,
        hour: null,
        minute: null,
        state: null,
        nextFireTime: null,
        previousFireTime: null,
        timeZoneSidKey: null
      };
    }
    const match = DAILY.exec(this.schedule.cronExpression);
    const hour = match ? Number(match[3]) : null;
    const minute = match ? Number(match[2]) : null;
    return {
      enabled: true,
      cronExpression: this.schedule.cronExpression,
      hour,
      minute,
      state: 'WAITING',
      nextFireTime: hour === null ? null : this.nextFire(hour, minute ?? 0),
      previousFireTime: null,
      timeZoneSidKey: this.calendar.timeZone
    };
  }

  private nextFire(hour: number, minute: number): string {
    const now = this.clock();
    const today = this.calendar.dayNumber(now);
    const offset = hour * MS_PER_HOUR + minute * MS_PER_MINUTE;
    const todayFire = this.calendar.startOfDay(today) + offset;
    const fire = todayFire > now ? todayFire : this.calendar.startOfDay(today + 1) + offset;
    return new Date(fire).toISOString();
  }

  private newId(prefix: string): string {
    const id = `${prefix}0000000${pad(this.nextId, 5)}AAA`;
    this.nextId += 1;
    return id;
  }
}

/** The collection methods the preview answers, by `<Class>.<method>`. */
export const COLLECTION_APEX_METHODS: Readonly<
  Record<string, (controller: CollectionController, params: never) => unknown>
> = {
  'LL_CollectionController.getCollectionStatus': (controller, params: CollectionStatusParams) =>
    controller.getCollectionStatus(params),
  'LL_CollectionController.collectNow': (controller) => controller.collectNow(),
  'LL_CollectionController.setNightlySchedule': (controller, params: ScheduleParams) =>
    controller.setNightlySchedule(params)
};
