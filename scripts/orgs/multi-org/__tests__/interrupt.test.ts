/**
 * watchInterrupts over a scripted signal source: the first SIGINT or SIGTERM
 * aborts the pull's signal, the second exits at once; and the lines that name
 * what each org got to.
 */
import { EventEmitter } from 'node:events';
import { InterruptedError } from '../../pull/pull-errors';
import type { OrgPull } from '../../pull/pull-orgs';
import { interruptionLines, PullsInterrupted, watchInterrupts } from '../interrupt';

function watched() {
  const source = new EventEmitter();
  const err: string[] = [];
  const exits: number[] = [];
  const watch = watchInterrupts(
    { stderr: (text) => err.push(text), exit: (code) => exits.push(code) },
    source
  );
  return { source, err, exits, watch };
}

function pull(overrides: Partial<OrgPull>): OrgPull {
  return {
    org: 'org-a',
    orgId: null,
    status: 'failed',
    data: null,
    failures: [],
    apiCalls: 0,
    stoppedByBudget: false,
    ...overrides
  };
}

describe('watchInterrupts', () => {
  it('aborts the signal on the first Ctrl-C and exits with 130 on the second', () => {
    const { source, err, exits, watch } = watched();
    source.emit('SIGINT');
    expect(watch.signal.aborted).toBe(true);
    expect(watch.signal.reason).toBeInstanceOf(InterruptedError);
    expect((watch.signal.reason as InterruptedError).signalName).toBe('SIGINT');
    expect(err.join('')).toMatch(/Ctrl-C: stopping the pull and aborting its open Bulk API 2.0/);
    expect(exits).toEqual([]);
    source.emit('SIGINT');
    expect(exits).toEqual([130]);
    watch.dispose();
  });

  it('takes SIGTERM the same way (143 when it comes second)', () => {
    const { source, exits, watch } = watched();
    source.emit('SIGTERM');
    expect((watch.signal.reason as InterruptedError).signalName).toBe('SIGTERM');
    source.emit('SIGTERM');
    expect(exits).toEqual([143]);
    watch.dispose();
  });

  it('stops listening once disposed', () => {
    const { source, watch } = watched();
    watch.dispose();
    expect(source.listenerCount('SIGINT') + source.listenerCount('SIGTERM')).toBe(0);
    source.emit('SIGINT');
    expect(watch.signal.aborted).toBe(false);
  });
});

describe('interruptionLines', () => {
  it('names each org: pulled before, stopped with its query jobs, not pulled', () => {
    const lines = interruptionLines([
      pull({ org: 'org-a', status: 'complete', apiCalls: 12, interrupted: false }),
      pull({
        org: 'org-b',
        status: 'partial',
        apiCalls: 7,
        interrupted: true,
        abandonedJobs: [
          { id: '750A', aborted: true, reason: null },
          { id: '750B', aborted: false, reason: 'no answer within 5 s' }
        ]
      }),
      pull({ org: 'org-c', apiCalls: 3, interrupted: true, abandonedJobs: [] }),
      pull({ org: 'org-d', interrupted: true })
    ]);
    expect(lines).toEqual([
      'org-a: pulled (complete) before the interruption',
      'org-b: stopped after 7 API requests; Bulk API 2.0 query job 750A aborted; Bulk API 2.0 query job 750B could not be aborted (no answer within 5 s): it runs on in the org until it ends',
      'org-c: stopped after 3 API requests; no query job was open',
      'org-d: not pulled'
    ]);
  });

  it('PullsInterrupted carries the exit code of its signal', () => {
    expect(new PullsInterrupted([], 'SIGINT').exitCode).toBe(130);
    expect(new PullsInterrupted([], 'SIGTERM').exitCode).toBe(143);
    expect(new PullsInterrupted([], null).exitCode).toBe(130);
  });
});
