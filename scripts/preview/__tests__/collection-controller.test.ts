import {
  COLLECTION_APEX_METHODS,
  CollectionController,
  DEFAULT_JOB_CHUNKS,
  MAX_RECENT_RUNS,
  VIEWER_PERMISSIONS
} from '../controller/collection-controller';
import { ApexError } from '../controller/apex-error';
import { APEX_LIMITS } from '../controller/apex-transaction';
import { createApexDispatcher } from '../server/apex-dispatcher';
import type { LocalController } from '../controller/local-controller';
import type { ReclaimController } from '../controller/reclaim-controller';

/** 2026-03-10 18:00 UTC = 11:00 in Los Angeles: last night's 02:30 run is done. */
const NOW = Date.parse('2026-03-10T18:00:00.000Z');
const ZONE = 'America/Los_Angeles';

function admin(options: Partial<ConstructorParameters<typeof CollectionController>[0]> = {}) {
  return new CollectionController({ clock: () => NOW, timeZone: ZONE, ...options });
}

function refusal(call: () => unknown): ApexError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(ApexError);
    return error as ApexError;
  }
  throw new Error('expected a refusal');
}

describe('preview LL_CollectionController', () => {
  it('starts like an org where the job ran nightly at 02:30: schedule on, last night collected', () => {
    const status = admin().getCollectionStatus({});
    expect(status.canManage).toBe(true);
    expect(status.lastCollectedDay).toBe('2026-03-09');
    expect(status.lastCollectedAt).toBe('2026-03-10T09:34:00.000Z');
    expect(status.schedule).toMatchObject({
      enabled: true,
      cronExpression: '0 30 2 * * ?',
      hour: 2,
      minute: 30,
      timeZoneSidKey: ZONE,
      nextFireTime: '2026-03-11T09:30:00.000Z'
    });
    expect(status.recentRuns.map((run) => run.day)).toEqual([
      '2026-03-09',
      '2026-03-08',
      '2026-03-07',
      '2026-03-06'
    ]);
    expect(status.collectionRunning).toBe(false);
    expect(status.job).toBeNull();
  });

  it('shows viewers only when data was last collected, naming what they lack', () => {
    const controller = admin({ granted: VIEWER_PERMISSIONS });
    const status = controller.getCollectionStatus({ jobId: null });
    expect(status).toMatchObject({
      canManage: false,
      missingPermissions: ['Collect License Lens History'],
      lastCollectedDay: '2026-03-09',
      schedule: null,
      job: null,
      recentRuns: []
    });
    expect(controller.lastTransaction()?.queries).toBe(2);
    expect(refusal(() => controller.collectNow()).message).toBe(
      'License Lens needs the "Collect License Lens History" permission to start the login snapshot job and change its nightly schedule. Ask your Salesforce admin for a permission set that grants it.'
    );
    expect(
      refusal(() => controller.setNightlySchedule({ enabled: true, hour: 3 })).message
    ).toContain('"Collect License Lens History"');
    expect(controller.getCollectionStatus({}).schedule).toBeNull();
  });

  it('names every missing permission, and takes Manage Users for Monitor Login History', () => {
    const none = admin({ granted: new Set() });
    expect(refusal(() => none.collectNow()).message).toContain(
      '"Collect License Lens History" and "View Setup and Configuration" and "Monitor Login History" permissions'
    );
    const manageUsers = admin({
      granted: new Set([
        'Collect License Lens History',
        'View Setup and Configuration',
        'Manage Users'
      ])
    });
    expect(manageUsers.getCollectionStatus({}).canManage).toBe(true);
  });

  it('simulates a job that progresses over a few polls and writes a run record', () => {
    const controller = admin({ seedHistory: false });
    expect(controller.getCollectionStatus({}).lastCollectedAt).toBeNull();

    const started = controller.collectNow();
    // permissions (once, cached), active job, flex-queue count, then the status without a
    // second permissions read: last run, recent runs, active job, schedule.
    expect(controller.lastTransaction()!.queries).toBe(7);
    const jobId = started.job!.id;
    expect(started.job).toMatchObject({ status: 'Queued', active: true });
    expect(started.collectionRunning).toBe(true);

    const seen: string[] = [];
    let status = started;
    for (let poll = 0; poll < DEFAULT_JOB_CHUNKS + 3 && status.job!.active; poll++) {
      status = controller.getCollectionStatus({ jobId });
      seen.push(
        `${status.job!.status} ${status.job!.jobItemsProcessed}/${status.job!.totalJobItems}`
      );
      expect(controller.lastTransaction()!.queries).toBeLessThanOrEqual(6);
    }
    expect(seen).toEqual([
      'Preparing 0/0',
      'Processing 0/4',
      'Processing 1/4',
      'Processing 2/4',
      'Processing 3/4',
      'Processing 4/4',
      'Completed 4/4'
    ]);
    expect(status.collectionRunning).toBe(false);
    expect(status.lastCollectedDay).toBe('2026-03-09');
    expect(status.recentRuns[0]).toMatchObject({
      day: '2026-03-09',
      status: 'Completed',
      jobId,
      rowsRead: 8000
    });
    expect(controller.runRecords()).toHaveLength(1);
  });

  it('shows the run as Running while the job processes', () => {
    const controller = admin({ seedHistory: false });
    const jobId = controller.collectNow().job!.id;
    controller.getCollectionStatus({ jobId });
    const processing = controller.getCollectionStatus({ jobId });
    expect(processing.recentRuns[0]).toMatchObject({ status: 'Running', finishedAt: null });
    expect(processing.lastCollectedAt).toBeNull();
  });

  it('refuses a second collection while one is waiting or running, naming the job', () => {
    const controller = admin();
    const jobId = controller.collectNow().job!.id;
    expect(refusal(() => controller.collectNow()).message).toBe(
      `A License Lens collection is already queued (Apex job ${jobId}, submitted 2026-03-10 18:00 UTC). Wait for it to finish before starting another.`
    );
    controller.getCollectionStatus({ jobId });
    controller.getCollectionStatus({ jobId });
    expect(refusal(() => controller.collectNow()).message).toContain('already running');
  });

  it('validates the switch and the hour, then replaces the schedule under its name', () => {
    const controller = admin();
    for (const hour of [-1, 24, 3.5, null]) {
      expect(refusal(() => controller.setNightlySchedule({ enabled: true, hour })).message).toMatch(
        /^hour must be a whole hour from 0 to 23; got /
      );
    }
    expect(refusal(() => controller.setNightlySchedule({ hour: 3 })).message).toContain(
      'enabled is required'
    );
    const moved = controller.setNightlySchedule({ enabled: true, hour: 23 });
    expect(moved.schedule).toMatchObject({
      enabled: true,
      cronExpression: '0 0 23 * * ?',
      hour: 23,
      minute: 0,
      nextFireTime: '2026-03-11T06:00:00.000Z'
    });
    const off = controller.setNightlySchedule({ enabled: false, hour: null });
    expect(off.schedule).toMatchObject({ enabled: false, hour: null, nextFireTime: null });
    expect(controller.lastTransaction()!.queries).toBeLessThanOrEqual(8);
  });

  it('keeps the recent runs to the LIMIT and every call within one transaction', () => {
    const controller = admin({ seedHistory: false, jobChunks: 1 });
    for (let run = 0; run < MAX_RECENT_RUNS + 2; run++) {
      const jobId = controller.collectNow().job!.id;
      while (controller.getCollectionStatus({ jobId }).job!.active) {
        // the simulated platform works one step per read
      }
    }
    const status = controller.getCollectionStatus({});
    expect(status.recentRuns).toHaveLength(MAX_RECENT_RUNS);
    const use = controller.lastTransaction()!;
    expect(use.queries).toBeLessThanOrEqual(APEX_LIMITS.soqlQueries);
    expect(use.maxQueryRows).toBe(MAX_RECENT_RUNS);
  });

  it('refuses a malformed job id', () => {
    expect(refusal(() => admin().getCollectionStatus({ jobId: 'not an id' })).message).toBe(
      'jobId must be an Apex job Id; got "not an id".'
    );
  });

  it('is reachable through the dispatcher by its Apex names', () => {
    const collection = admin();
    const apex = createApexDispatcher({} as LocalController, {} as ReclaimController, {
      collection
    });
    expect(Object.keys(COLLECTION_APEX_METHODS).sort()).toEqual([
      'LL_CollectionController.collectNow',
      'LL_CollectionController.getCollectionStatus',
      'LL_CollectionController.setNightlySchedule'
    ]);
    const status = apex('LL_CollectionController.setNightlySchedule', { enabled: true, hour: 5 });
    expect(status).toMatchObject({ schedule: { hour: 5 } });
    expect(apex('LL_CollectionController.collectNow', {})).toMatchObject({
      collectionRunning: true
    });
    const fallback = createApexDispatcher({} as LocalController, {} as ReclaimController);
    expect(fallback('LL_CollectionController.getCollectionStatus', {})).toMatchObject({
      lastCollectedAt: null,
      schedule: { enabled: false }
    });
  });
});
