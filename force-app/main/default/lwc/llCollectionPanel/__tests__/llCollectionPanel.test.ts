import { createElement } from 'lwc';
import LlCollectionPanel, {
  COLLECTION_MAX_POLLS,
  COLLECTION_POLL_INTERVAL_MS,
  VIEWER_NOTE,
  formatInstant,
  hourLabel,
  jobPercent,
  jobSummary
} from '../llCollectionPanel';
import type { CollectionCompleteDetail } from '../llCollectionPanel';
import getCollectionStatus from '@salesforce/apex/LL_CollectionController.getCollectionStatus';
import collectNow from '@salesforce/apex/LL_CollectionController.collectNow';
import setNightlySchedule from '@salesforce/apex/LL_CollectionController.setNightlySchedule';
import type {
  AsyncApexJobStatus,
  CollectionJobDto,
  CollectionStatusDto
} from '../../../../../types/contract';

jest.mock(
  '@salesforce/apex/LL_CollectionController.getCollectionStatus',
  () => ({ default: jest.fn() }),
  { virtual: true }
);
jest.mock('@salesforce/apex/LL_CollectionController.collectNow', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock(
  '@salesforce/apex/LL_CollectionController.setNightlySchedule',
  () => ({ default: jest.fn() }),
  { virtual: true }
);

const statusMock = getCollectionStatus as unknown as jest.Mock;
const collectMock = collectNow as unknown as jest.Mock;
const scheduleMock = setNightlySchedule as unknown as jest.Mock;

const ZONE = 'America/Los_Angeles';
const LAST_RUN = '2026-03-10T10:35:00.000Z';
const JOB_ID = '707000000000001AAA';

function viewerStatus(overrides: Partial<CollectionStatusDto> = {}): CollectionStatusDto {
  return {
    generatedAt: '2026-03-10T18:00:00.000Z',
    canManage: false,
    missingPermissions: ['Collect License Lens History'],
    lastCollectedAt: LAST_RUN,
    lastCollectedDay: '2026-03-09',
    collectionRunning: false,
    activeJobId: null,
    job: null,
    schedule: null,
    recentRuns: [],
    ...overrides
  };
}

function job(status: AsyncApexJobStatus, processed = 0, total = 0): CollectionJobDto {
  return {
    id: JOB_ID,
    status,
    active: ['Holding', 'Queued', 'Preparing', 'Processing'].includes(status),
    jobItemsProcessed: processed,
    totalJobItems: total,
    numberOfErrors: 0,
    extendedStatus: null,
    createdDate: '2026-03-10T17:59:00.000Z',
    completedDate: null
  };
}

function adminStatus(overrides: Partial<CollectionStatusDto> = {}): CollectionStatusDto {
  return viewerStatus({
    canManage: true,
    missingPermissions: [],
    schedule: {
      enabled: true,
      cronExpression: '0 30 2 * * ?',
      hour: 2,
      minute: 30,
      state: 'WAITING',
      nextFireTime: '2026-03-11T09:30:00.000Z',
      previousFireTime: LAST_RUN,
      timeZoneSidKey: ZONE
    },
    recentRuns: [
      {
        id: 'a01000000000001AAA',
        day: '2026-03-09',
        status: 'Completed',
        startedAt: '2026-03-10T10:30:00.000Z',
        finishedAt: LAST_RUN,
        message: null,
        rowsRead: 1234,
        summariesWritten: 12,
        licenseSnapshotsWritten: 4,
        jobId: '707000000000000AAA'
      },
      {
        id: 'a01000000000002AAA',
        day: '2026-03-08',
        status: 'Failed',
        startedAt: '2026-03-09T10:30:00.000Z',
        finishedAt: '2026-03-09T10:30:05.000Z',
        message: 'License Lens needs the "Monitor Login History" permission.',
        rowsRead: 0,
        summariesWritten: null,
        licenseSnapshotsWritten: null,
        jobId: null
      }
    ],
    ...overrides
  });
}

type Panel = HTMLElement & { timeZone: string | null };

/** Runs queued promise callbacks and the re-renders after them. */
function flush(turns = 20): Promise<void> {
  let chain = Promise.resolve();
  for (let index = 0; index < turns; index++) chain = chain.then(() => undefined);
  return chain;
}

async function mount(): Promise<Panel> {
  const element = createElement('c-ll-collection-panel', { is: LlCollectionPanel }) as Panel;
  element.timeZone = ZONE;
  document.body.appendChild(element);
  await flush();
  return element;
}

function byId<T extends HTMLElement = HTMLElement>(element: HTMLElement, id: string): T {
  return element.shadowRoot!.querySelector(`[data-id="${id}"]`) as T;
}

function text(element: HTMLElement, id: string): string {
  return (byId(element, id)?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

async function click(element: HTMLElement, id: string): Promise<void> {
  byId(element, id).click();
  await flush();
}

async function advance(ms: number): Promise<void> {
  jest.advanceTimersByTime(ms);
  await flush();
}

describe('c-ll-collection-panel', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
    jest.useRealTimers();
  });

  describe('helpers', () => {
    it('formats hours, instants, progress and job sentences', () => {
      expect(hourLabel(4)).toBe('04:00');
      expect(hourLabel(23, 30)).toBe('23:30');
      expect(formatInstant(LAST_RUN, ZONE)).toBe('Mar 10, 2026, 03:35 AM PDT');
      expect(formatInstant(null, ZONE)).toBe('');
      expect(formatInstant(LAST_RUN, 'Not/A_Zone')).toContain('2026');
      expect(jobPercent(job('Processing', 3, 12))).toBe(25);
      expect(jobPercent(job('Queued'))).toBe(0);
      expect(jobPercent({ ...job('Completed'), active: false })).toBe(100);
      expect(jobPercent(null)).toBe(0);
      expect(jobSummary(job('Processing', 3, 12))).toBe('Collecting: 3 of 12 chunks');
      expect(jobSummary(job('Holding'))).toBe('Waiting in the Apex flex queue');
      expect(
        jobSummary({ ...job('Failed', 1, 2), numberOfErrors: 1, extendedStatus: 'First error: x' })
      ).toBe('Failed: 1 of 2 chunks, 1 failed (First error: x)');
    });
  });

  describe('viewers', () => {
    it('shows when data was last collected in the org time zone, and no admin controls', async () => {
      statusMock.mockResolvedValue(viewerStatus());
      const element = await mount();
      expect(statusMock).toHaveBeenCalledWith({ jobId: null });
      expect(text(element, 'last-collected')).toBe(
        'Last collected: Mar 10, 2026, 03:35 AM PDT (logins of 2026-03-09)'
      );
      expect(text(element, 'viewer-note')).toBe(VIEWER_NOTE);
      for (const id of ['collect', 'schedule', 'runs', 'job']) expect(byId(element, id)).toBeNull();
      await expect(element).toBeAccessible();
    });

    it('says so when nothing has been collected yet', async () => {
      statusMock.mockResolvedValue(viewerStatus({ lastCollectedAt: null, lastCollectedDay: null }));
      const element = await mount();
      expect(byId(element, 'last-collected')).toBeNull();
      expect(text(element, 'never-collected')).toContain('No collection has completed yet');
    });

    it('shows a spinner while loading, then an error panel when the status cannot be read', async () => {
      let reject: (error: unknown) => void = () => undefined;
      statusMock.mockReturnValue(new Promise((_, fail) => (reject = fail)));
      const element = await mount();
      expect(byId(element, 'loading')).not.toBeNull();
      reject({ body: { message: 'No access to LL_Snapshot_Run__c' } });
      await flush();
      expect(byId(element, 'loading')).toBeNull();
      const panel = byId(element, 'error') as HTMLElement & { friendlyMessage: string };
      expect(panel.friendlyMessage).toBe(
        'License Lens could not read the state of the login history collection.'
      );
      expect(text(element, 'live')).toBe(panel.friendlyMessage);
    });

    it('shows an error when the server answers nothing', async () => {
      statusMock.mockResolvedValue(undefined);
      const element = await mount();
      expect(byId(element, 'error')).not.toBeNull();
    });
  });

  describe('admins', () => {
    it('shows the schedule, the latest runs and a Collect now button, accessibly', async () => {
      statusMock.mockResolvedValue(adminStatus());
      const element = await mount();
      expect(byId(element, 'viewer-note')).toBeNull();
      expect(text(element, 'schedule-text')).toBe(
        'The nightly collection runs every day at 02:30 (America/Los_Angeles); next run Mar 11, 2026, 02:30 AM PDT.'
      );
      const rows = [...byId(element, 'runs').querySelectorAll('tbody tr')].map((row) =>
        [...row.children].map((cell) => (cell.textContent ?? '').trim())
      );
      expect(rows).toEqual([
        [
          '2026-03-09',
          'Completed',
          'Mar 10, 2026, 03:30 AM PDT',
          'Mar 10, 2026, 03:35 AM PDT',
          '1234',
          ''
        ],
        [
          '2026-03-08',
          'Failed',
          'Mar 9, 2026, 03:30 AM PDT',
          'Mar 9, 2026, 03:30 AM PDT',
          '0',
          'License Lens needs the "Monitor Login History" permission.'
        ]
      ]);
      const collect = byId(element, 'collect') as HTMLElement & {
        disabled: boolean;
        label: string;
      };
      expect(collect.disabled).toBe(false);
      expect(collect.label).toBe('Collect now');
      await expect(element).toBeAccessible();
    });

    it('says when the schedule is off and when the job has not run yet', async () => {
      statusMock.mockResolvedValue(
        adminStatus({ schedule: { ...adminStatus().schedule!, enabled: false }, recentRuns: [] })
      );
      const element = await mount();
      expect(text(element, 'schedule-text')).toBe('The nightly collection is off.');
      expect(text(element, 'no-runs')).toBe('The job has not run yet.');
    });

    it('shows a custom cron expression as it is', async () => {
      const schedule = { ...adminStatus().schedule!, cronExpression: '0 0 4 ? * MON', hour: null };
      statusMock.mockResolvedValue(adminStatus({ schedule }));
      const element = await mount();
      expect(text(element, 'schedule-text')).toContain('on the schedule "0 0 4 ? * MON"');
    });

    it('starts the job, follows it every interval and stops when it ends', async () => {
      jest.useFakeTimers();
      statusMock.mockResolvedValueOnce(adminStatus());
      collectMock.mockResolvedValue(
        adminStatus({ collectionRunning: true, activeJobId: JOB_ID, job: job('Queued') })
      );
      const element = await mount();
      const completed = jest.fn();
      element.addEventListener('collectioncomplete', completed);

      await click(element, 'collect');

      expect(collectMock).toHaveBeenCalledTimes(1);
      expect(text(element, 'job-text')).toBe(`Apex job ${JOB_ID}: Queued`);
      expect(text(element, 'live')).toBe(`Collection started: Apex job ${JOB_ID}, queued.`);
      const collect = byId(element, 'collect') as HTMLElement & { disabled: boolean };
      expect(collect.disabled).toBe(true);

      statusMock.mockResolvedValueOnce(
        adminStatus({ collectionRunning: true, activeJobId: JOB_ID, job: job('Processing', 3, 12) })
      );
      await advance(COLLECTION_POLL_INTERVAL_MS - 1);
      expect(statusMock).toHaveBeenCalledTimes(1);
      await advance(1);
      expect(statusMock).toHaveBeenLastCalledWith({ jobId: JOB_ID });
      expect(text(element, 'job-text')).toBe(`Apex job ${JOB_ID}: Collecting: 3 of 12 chunks`);
      expect(byId(element, 'progress').getAttribute('aria-valuenow')).toBe('25');

      statusMock.mockResolvedValueOnce(
        adminStatus({ job: { ...job('Completed', 12, 12), active: false } })
      );
      await advance(COLLECTION_POLL_INTERVAL_MS);
      expect(text(element, 'live')).toBe('Collection completed: 12 of 12 chunks.');
      expect(completed).toHaveBeenCalledTimes(1);
      expect((completed.mock.calls[0][0] as CustomEvent<CollectionCompleteDetail>).detail).toEqual({
        jobId: JOB_ID,
        jobStatus: 'Completed'
      });
      expect(collect.disabled).toBe(false);

      await advance(COLLECTION_POLL_INTERVAL_MS * 3);
      expect(statusMock).toHaveBeenCalledTimes(3);
    });

    it('follows a job already running when the page opens, and stops polling when removed', async () => {
      jest.useFakeTimers();
      statusMock.mockResolvedValue(
        adminStatus({ collectionRunning: true, activeJobId: JOB_ID, job: job('Holding') })
      );
      const element = await mount();
      expect((byId(element, 'collect') as HTMLElement & { disabled: boolean }).disabled).toBe(true);
      await advance(COLLECTION_POLL_INTERVAL_MS);
      expect(statusMock).toHaveBeenCalledTimes(2);

      document.body.removeChild(element);
      await advance(COLLECTION_POLL_INTERVAL_MS * 5);
      expect(statusMock).toHaveBeenCalledTimes(2);
    });

    it('stops following after the last allowed poll and says how to check again', async () => {
      jest.useFakeTimers();
      statusMock.mockResolvedValue(
        adminStatus({ collectionRunning: true, activeJobId: JOB_ID, job: job('Processing', 1, 9) })
      );
      const element = await mount();
      // One poll at a time: each must settle before the next timer is set.
      for (let poll = 0; poll < COLLECTION_MAX_POLLS + 5; poll++) {
        // eslint-disable-next-line no-await-in-loop
        await advance(COLLECTION_POLL_INTERVAL_MS);
      }
      expect(statusMock).toHaveBeenCalledTimes(1 + COLLECTION_MAX_POLLS);
      expect(text(element, 'stopped-following')).toContain('Refresh to check again');
    });

    it('shows the server refusal of a second collection and does not poll', async () => {
      jest.useFakeTimers();
      statusMock.mockResolvedValue(adminStatus());
      collectMock.mockRejectedValue({
        body: { message: `A License Lens collection is already running (Apex job ${JOB_ID}).` }
      });
      const element = await mount();
      await click(element, 'collect');
      const panel = byId(element, 'error') as HTMLElement & {
        friendlyMessage: string;
        errors: unknown;
      };
      expect(panel.friendlyMessage).toBe('The collection did not start.');
      expect(panel.errors).toEqual({
        body: { message: `A License Lens collection is already running (Apex job ${JOB_ID}).` }
      });
      await advance(COLLECTION_POLL_INTERVAL_MS * 2);
      expect(statusMock).toHaveBeenCalledTimes(1);
    });

    it('asks for confirmation before changing the schedule, then saves the hour', async () => {
      statusMock.mockResolvedValue(adminStatus());
      scheduleMock.mockResolvedValue(
        adminStatus({
          schedule: {
            ...adminStatus().schedule!,
            cronExpression: '0 0 4 * * ?',
            hour: 4,
            minute: 0
          }
        })
      );
      const element = await mount();
      const save = byId(element, 'save-schedule') as HTMLElement & { disabled: boolean };
      expect(save.disabled).toBe(true);

      byId(element, 'hour').dispatchEvent(new CustomEvent('change', { detail: { value: '4' } }));
      await flush();
      expect(save.disabled).toBe(false);
      await click(element, 'save-schedule');

      expect(scheduleMock).not.toHaveBeenCalled();
      expect(text(element, 'confirm-text')).toContain('Collect every night at 04:00');
      expect(element.shadowRoot!.activeElement).toBe(byId(element, 'confirm'));
      await expect(element).toBeAccessible();

      await click(element, 'confirm');

      expect(scheduleMock).toHaveBeenCalledWith({ enabled: true, hour: 4 });
      expect(byId(element, 'confirmation')).toBeNull();
      expect(text(element, 'live')).toBe('Nightly collection scheduled at 04:00.');
      expect(text(element, 'schedule-text')).toContain('every day at 04:00');
      expect(save.disabled).toBe(true);
    });

    it('turns the schedule off after confirmation, with hour null', async () => {
      statusMock.mockResolvedValue(adminStatus());
      scheduleMock.mockResolvedValue(
        adminStatus({ schedule: { ...adminStatus().schedule!, enabled: false } })
      );
      const element = await mount();
      byId(element, 'enabled').dispatchEvent(
        new CustomEvent('change', { detail: { checked: false } })
      );
      await flush();
      expect((byId(element, 'hour') as HTMLElement & { disabled: boolean }).disabled).toBe(true);
      await click(element, 'save-schedule');
      expect(text(element, 'confirm-text')).toContain('Turn the nightly collection off?');
      await click(element, 'confirm');
      expect(scheduleMock).toHaveBeenCalledWith({ enabled: false, hour: null });
      expect(text(element, 'live')).toBe('Nightly collection turned off.');
    });

    it('cancels with the Cancel button or Escape, changing nothing', async () => {
      statusMock.mockResolvedValue(adminStatus());
      const element = await mount();
      byId(element, 'hour').dispatchEvent(new CustomEvent('change', { detail: { value: '5' } }));
      await flush();
      await click(element, 'save-schedule');
      await click(element, 'cancel');
      expect(byId(element, 'confirmation')).toBeNull();

      await click(element, 'save-schedule');
      byId(element, 'confirmation').dispatchEvent(
        new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })
      );
      await flush();
      expect(byId(element, 'confirmation')).toBeNull();
      expect(scheduleMock).not.toHaveBeenCalled();
    });

    it('shows the refusal of a schedule change', async () => {
      statusMock.mockResolvedValue(adminStatus());
      scheduleMock.mockRejectedValue({
        body: {
          message:
            'License Lens needs the "Collect License Lens History" permission to start the login snapshot job and change its nightly schedule.'
        }
      });
      const element = await mount();
      byId(element, 'hour').dispatchEvent(new CustomEvent('change', { detail: { value: '6' } }));
      await flush();
      await click(element, 'save-schedule');
      await click(element, 'confirm');
      const panel = byId(element, 'error') as HTMLElement & { friendlyMessage: string };
      expect(panel.friendlyMessage).toBe('The nightly schedule was not changed.');
    });

    it('reads the status again on Refresh', async () => {
      statusMock.mockResolvedValue(adminStatus());
      const element = await mount();
      await click(element, 'refresh');
      expect(statusMock).toHaveBeenCalledTimes(2);
    });
  });
});
