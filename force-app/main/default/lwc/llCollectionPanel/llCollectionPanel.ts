import { LightningElement, api } from 'lwc';
import getCollectionStatus from '@salesforce/apex/LL_CollectionController.getCollectionStatus';
import collectNow from '@salesforce/apex/LL_CollectionController.collectNow';
import setNightlySchedule from '@salesforce/apex/LL_CollectionController.setNightlySchedule';
import type {
  AsyncApexJobStatus,
  CollectionJobDto,
  CollectionStatusDto,
  SnapshotRunStatus
} from '../../../../types/contract';

/** Wait between two status reads while the snapshot job runs (ms). */
export const COLLECTION_POLL_INTERVAL_MS = 5000;
/** Status reads before the panel stops following (with the interval: ten minutes). */
export const COLLECTION_MAX_POLLS = 120;
/** The hour the schedule form proposes when nothing is scheduled (the job's documented default). */
export const DEFAULT_SCHEDULE_HOUR = 2;

/** Says who may act, for everyone else. */
export const VIEWER_NOTE =
  'Starting a collection and changing its schedule need the License Lens History Admin permission set.';

/** Detail of the `collectioncomplete` event: a job this panel followed has ended. */
export interface CollectionCompleteDetail {
  jobId: string;
  jobStatus: AsyncApexJobStatus;
}

type Action = 'load' | 'collect' | 'schedule';

const ERROR_MESSAGES: Readonly<Record<Action, string>> = Object.freeze({
  load: 'License Lens could not read the state of the login history collection.',
  collect: 'The collection did not start.',
  schedule: 'The nightly schedule was not changed.'
});

const JOB_WORDS: Readonly<Record<AsyncApexJobStatus, string>> = Object.freeze({
  Holding: 'Waiting in the Apex flex queue',
  Queued: 'Queued',
  Preparing: 'Preparing',
  Processing: 'Collecting',
  Aborted: 'Aborted',
  Completed: 'Completed',
  Failed: 'Failed'
});

const RUN_BADGES: Readonly<Record<SnapshotRunStatus, string>> = Object.freeze({
  Running: 'slds-badge',
  Completed: 'slds-badge slds-theme_success',
  'Stopped (async budget)': 'slds-badge slds-theme_warning',
  Failed: 'slds-badge slds-theme_error'
});

const HOURS = Array.from({ length: 24 }, (_, hour) => hour);

/** "04:00" for 4. */
export function hourLabel(hour: number, minute = 0): string {
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** An instant as the page shows it, in the given IANA time zone (the viewer's when null). */
export function formatInstant(iso: string | null, timeZone: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short'
  };
  try {
    return new Intl.DateTimeFormat('en-US', { ...options, timeZone: timeZone ?? undefined }).format(
      date
    );
  } catch {
    return new Intl.DateTimeFormat('en-US', options).format(date);
  }
}

/** Progress of a batch job in percent (0..100); 0 until it knows its chunks. */
export function jobPercent(job: CollectionJobDto | null): number {
  if (!job) return 0;
  if (job.status === 'Completed') return 100;
  const total = job.totalJobItems ?? 0;
  if (total <= 0) return 0;
  return Math.min(100, Math.round((100 * (job.jobItemsProcessed ?? 0)) / total));
}

/** One sentence about a job: "Collecting: 3 of 12 chunks". */
export function jobSummary(job: CollectionJobDto): string {
  const words = JOB_WORDS[job.status] ?? job.status;
  const total = job.totalJobItems ?? 0;
  const chunks = total > 0 ? `: ${job.jobItemsProcessed ?? 0} of ${total} chunks` : '';
  const errors = job.numberOfErrors ? `, ${job.numberOfErrors} failed` : '';
  const detail = job.extendedStatus ? ` (${job.extendedStatus})` : '';
  return `${words}${chunks}${errors}${detail}`;
}

interface RunRow {
  key: string;
  day: string;
  outcome: string;
  badgeClass: string;
  startedAt: string;
  finishedAt: string;
  rowsRead: string;
  message: string;
}

/**
 * The login history collection card. Everyone sees when data was last
 * collected. An admin the server allows (status.canManage) can start the
 * snapshot job now and follow it (status reads every
 * COLLECTION_POLL_INTERVAL_MS, at most COLLECTION_MAX_POLLS, stopped when the
 * panel leaves the page), turn the nightly schedule on or off at an hour after
 * a confirmation, and see the latest run outcomes. Every rule is enforced again
 * by LL_CollectionController.
 */
export default class LlCollectionPanel extends LightningElement {
  /** The org's time zone: instants are shown in it. */
  @api timeZone: string | null = null;

  current: CollectionStatusDto | null = null;
  loading = true;
  busy = false;
  error: unknown = null;
  errorAction: Action | null = null;
  confirming = false;
  stoppedFollowing = false;
  /** Announced to screen readers. */
  liveMessage = '';
  draftEnabled = false;
  draftHour = DEFAULT_SCHEDULE_HOUR;

  readonly viewerNote = VIEWER_NOTE;

  private followJobId: string | null = null;
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private polls = 0;
  private connected = false;
  private focusConfirm = false;
  private focusSave = false;

  connectedCallback(): void {
    this.connected = true;
    this.load().catch(() => undefined);
  }

  disconnectedCallback(): void {
    this.connected = false;
    this.stopPolling();
  }

  renderedCallback(): void {
    if (this.focusConfirm) {
      const confirm = this.template?.querySelector<HTMLElement>('[data-id="confirm"]');
      if (confirm) {
        confirm.focus();
        this.focusConfirm = false;
      }
    }
    if (this.focusSave) {
      const save = this.template?.querySelector<HTMLElement>('[data-id="save-schedule"]');
      if (save) {
        save.focus();
        this.focusSave = false;
      }
    }
  }

  // ---- what the template reads ----

  get hasStatus(): boolean {
    return this.current !== null;
  }

  get showSpinner(): boolean {
    return this.loading && !this.current;
  }

  get errorMessage(): string {
    return this.errorAction ? ERROR_MESSAGES[this.errorAction] : '';
  }

  get canManage(): boolean {
    return this.current?.canManage === true;
  }

  get showViewerNote(): boolean {
    return this.hasStatus && !this.canManage;
  }

  get hasCollected(): boolean {
    return Boolean(this.current?.lastCollectedAt);
  }

  get lastCollectedText(): string {
    const status = this.current;
    if (!status?.lastCollectedAt) return '';
    const day = status.lastCollectedDay ? ` (logins of ${status.lastCollectedDay})` : '';
    return `${formatInstant(status.lastCollectedAt, this.timeZone)}${day}`;
  }

  get running(): boolean {
    return this.current?.collectionRunning === true || this.current?.job?.active === true;
  }

  get collectDisabled(): boolean {
    return this.busy || this.running;
  }

  get collectLabel(): string {
    return this.running ? 'Collecting…' : 'Collect now';
  }

  get job(): CollectionJobDto | null {
    return this.current?.job ?? null;
  }

  get hasJob(): boolean {
    return this.canManage && this.job !== null;
  }

  get jobText(): string {
    const job = this.job;
    return job ? `Apex job ${job.id}: ${jobSummary(job)}` : '';
  }

  get jobPercent(): number {
    return jobPercent(this.job);
  }

  get progressStyle(): string {
    return `width: ${this.jobPercent}%`;
  }

  get scheduleText(): string {
    const schedule = this.current?.schedule;
    if (!schedule?.enabled) return 'The nightly collection is off.';
    const zone = schedule.timeZoneSidKey ? ` (${schedule.timeZoneSidKey})` : '';
    const when =
      schedule.hour !== null
        ? `every day at ${hourLabel(schedule.hour, schedule.minute ?? 0)}${zone}`
        : `on the schedule "${schedule.cronExpression}"`;
    const next = schedule.nextFireTime
      ? `; next run ${formatInstant(schedule.nextFireTime, this.timeZone)}`
      : '';
    const state =
      schedule.state && schedule.state !== 'WAITING' ? ` (state ${schedule.state})` : '';
    return `The nightly collection runs ${when}${next}${state}.`;
  }

  get hourOptions(): { label: string; value: string }[] {
    return HOURS.map((hour) => ({ label: hourLabel(hour), value: String(hour) }));
  }

  get draftHourValue(): string {
    return String(this.draftHour);
  }

  get hourDisabled(): boolean {
    return this.busy || !this.draftEnabled;
  }

  /** Whether the form differs from the schedule in place (on/off, or the hour while on). */
  get scheduleChanged(): boolean {
    const schedule = this.current?.schedule;
    const enabled = schedule?.enabled === true;
    if (this.draftEnabled !== enabled) return true;
    return this.draftEnabled && schedule?.hour !== this.draftHour;
  }

  get saveDisabled(): boolean {
    return this.busy || this.confirming || !this.scheduleChanged;
  }

  get confirmText(): string {
    if (!this.draftEnabled) {
      return 'Turn the nightly collection off? License Lens then keeps no history of the days until it is turned on again (Salesforce keeps LoginHistory for about six months).';
    }
    return `Collect every night at ${hourLabel(this.draftHour)} in your Salesforce time zone? This replaces the current schedule, and the job will run as you: it needs your Monitor Login History and View Setup and Configuration permissions every night.`;
  }

  get hasRuns(): boolean {
    return (this.current?.recentRuns.length ?? 0) > 0;
  }

  get runRows(): RunRow[] {
    return (this.current?.recentRuns ?? []).map((run) => ({
      key: run.id,
      day: run.day ?? '',
      outcome: run.status,
      badgeClass: RUN_BADGES[run.status] ?? 'slds-badge',
      startedAt: formatInstant(run.startedAt, this.timeZone),
      finishedAt: formatInstant(run.finishedAt, this.timeZone),
      rowsRead: run.rowsRead === null || run.rowsRead === undefined ? '' : String(run.rowsRead),
      message: run.message ?? ''
    }));
  }

  // ---- handlers ----

  handleRefresh(): void {
    this.stoppedFollowing = false;
    this.load().catch(() => undefined);
  }

  async handleCollect(): Promise<void> {
    this.busy = true;
    this.clearError();
    try {
      const status = await collectNow();
      this.apply(status);
      this.followJobId = status?.job?.id ?? null;
      this.liveMessage = status?.job
        ? `Collection started: Apex job ${status.job.id}, ${jobSummary(status.job).toLowerCase()}.`
        : 'Collection started.';
      this.polls = 0;
      this.stoppedFollowing = false;
      this.schedulePoll();
    } catch (error) {
      this.fail('collect', error);
    } finally {
      this.busy = false;
    }
  }

  handleEnabledChange(event: CustomEvent<{ checked?: boolean }>): void {
    const target = event.target as unknown as { checked?: boolean } | null;
    this.draftEnabled = Boolean(event.detail?.checked ?? target?.checked);
  }

  handleHourChange(event: CustomEvent<{ value: string }>): void {
    const hour = Number(event.detail?.value);
    if (Number.isInteger(hour) && hour >= 0 && hour <= 23) this.draftHour = hour;
  }

  handleSave(): void {
    this.confirming = true;
    this.focusConfirm = true;
  }

  handleCancel(): void {
    this.confirming = false;
    this.focusSave = true;
  }

  handleConfirmKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') this.handleCancel();
  }

  async handleConfirm(): Promise<void> {
    this.busy = true;
    this.clearError();
    const enabled = this.draftEnabled;
    const hour = enabled ? this.draftHour : null;
    try {
      const status = await setNightlySchedule({ enabled, hour });
      this.confirming = false;
      this.apply(status);
      this.liveMessage = enabled
        ? `Nightly collection scheduled at ${hourLabel(this.draftHour)}.`
        : 'Nightly collection turned off.';
    } catch (error) {
      this.confirming = false;
      this.fail('schedule', error);
    } finally {
      this.busy = false;
      this.focusSave = true;
    }
  }

  // ---- reading and following ----

  private async load(): Promise<void> {
    this.loading = true;
    this.clearError();
    try {
      const status = await getCollectionStatus({ jobId: this.followJobId });
      this.apply(status);
      if (this.running) {
        this.polls = 0;
        this.schedulePoll();
      }
    } catch (error) {
      this.fail('load', error);
    } finally {
      this.loading = false;
    }
  }

  private apply(status: CollectionStatusDto | undefined | null): void {
    if (!status) {
      throw new Error('The server sent no collection status.');
    }
    this.current = { ...status, recentRuns: status.recentRuns ?? [] };
    const schedule = status.schedule;
    this.draftEnabled = schedule?.enabled === true;
    this.draftHour = schedule?.hour ?? DEFAULT_SCHEDULE_HOUR;
  }

  private schedulePoll(): void {
    this.stopPolling();
    if (!this.connected) return;
    if (this.polls >= COLLECTION_MAX_POLLS) {
      this.stoppedFollowing = true;
      this.liveMessage = 'The collection is still running. Refresh to check again.';
      return;
    }
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      this.poll().catch(() => undefined);
    }, COLLECTION_POLL_INTERVAL_MS);
  }

  private async poll(): Promise<void> {
    if (!this.connected) return;
    this.polls += 1;
    try {
      const status = await getCollectionStatus({ jobId: this.followJobId });
      if (!this.connected) return;
      this.apply(status);
    } catch (error) {
      this.fail('load', error);
      return;
    }
    const job = this.current?.job;
    if (job && !job.active && job.id === this.followJobId) {
      this.liveMessage = `Collection ${jobSummary(job).toLowerCase()}.`;
      this.dispatchEvent(
        new CustomEvent<CollectionCompleteDetail>('collectioncomplete', {
          detail: { jobId: job.id, jobStatus: job.status }
        })
      );
      this.followJobId = this.current?.activeJobId ?? null;
    }
    if (this.running) this.schedulePoll();
  }

  private stopPolling(): void {
    if (this.pollTimer !== null) {
      clearTimeout(this.pollTimer);
      this.pollTimer = null;
    }
  }

  private clearError(): void {
    this.error = null;
    this.errorAction = null;
  }

  private fail(action: Action, error: unknown): void {
    this.stopPolling();
    this.error = error;
    this.errorAction = action;
    this.liveMessage = ERROR_MESSAGES[action];
  }
}
