import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadDemoOrg } from '../demo-org/load-demo-org';
import { createPreviewServer, listen } from '../server/preview-server';
import { ApexError } from '../controller/apex-error';
import {
  CUSTOM_METADATA_DIR,
  readPolicyMetadata,
  type PolicyMetadata,
  type PolicyRecord
} from '../controller/custom-metadata';
import {
  INTEGRATION_MESSAGE,
  LIVE_RUN_STOPS,
  MAX_PAGE_SIZE,
  NOT_SENT,
  POLICY_APEX_METHODS,
  PolicyController,
  ROLLUP_MESSAGE,
  SELF_MESSAGE,
  UNSENT_NOTIFIER,
  type PolicyControllerOptions,
  type PolicyNotifier
} from '../controller/policy-controller';
import { policyOf } from '../controller/policy-ladder';
import { readExportFolder } from '../data/read-export';
import { createApexDispatcher } from '../server/apex-dispatcher';
import { LocalController } from '../controller/local-controller';
import { ReclaimController } from '../controller/reclaim-controller';
import { readOrgMetadata } from '../controller/custom-metadata';
import {
  FIXTURE_METADATA,
  FIXTURE_NOW,
  cleanUp,
  copyOfSmallExport,
  readJson,
  tempDir,
  writeJson
} from './helpers';

const DAY = 86_400_000;
const OLD = '2026-06-01T10:00:00.000+0000';
const LONG_AGO = '2025-01-01T10:00:00.000+0000';

afterAll(cleanUp);

/** A user record of the export (Salesforce license unless said otherwise). */
function userRecord(
  index: number,
  fields: {
    username?: string;
    lastLogin?: string | null;
    created?: string;
    active?: boolean;
    userType?: string;
    profile?: string;
    license?: [string, string];
  } = {}
): Record<string, unknown> {
  const [license, key] = fields.license ?? ['Salesforce', 'SFDC'];
  return {
    attributes: { type: 'User' },
    Id: userId(index),
    Username: fields.username ?? `user${index}@policy.example.com`,
    Name: `User ${index}`,
    IsActive: fields.active ?? true,
    UserType: fields.userType ?? 'Standard',
    Department: null,
    Division: null,
    ForecastEnabled: false,
    LastLoginDate: fields.lastLogin === undefined ? OLD : fields.lastLogin,
    CreatedDate: fields.created ?? LONG_AGO,
    ProfileId: '00e000000000004AAA',
    Profile: {
      attributes: { type: 'Profile' },
      Name: fields.profile ?? 'Standard User',
      UserLicense: { attributes: { type: 'UserLicense' }, Name: license, LicenseDefinitionKey: key }
    },
    UserRole: null
  };
}

function userId(index: number): string {
  return `005000000000${String(index).padStart(3, '0')}AAA`;
}

/**
 * The small export plus: 10 and 11 inactive candidates (11 never logged in),
 * 12 on an excluded profile, 13 on another license, 14 a new hire, 15 a guest,
 * 16 inactive, and `extra` more candidates from 100 on.
 */
function exportDir(extra = 0): string {
  const dir = copyOfSmallExport();
  const users = readJson(dir, 'User.json');
  const logins = readJson(dir, 'UserLogin.json');
  const added = [
    userRecord(10),
    userRecord(11, { lastLogin: null }),
    userRecord(12, { profile: 'Excluded Profile' }),
    userRecord(13, { license: ['Salesforce Platform', 'AUL'] }),
    userRecord(14, { lastLogin: null, created: '2026-11-01T10:00:00.000+0000' }),
    userRecord(15, { userType: 'Guest' }),
    userRecord(16, { active: false }),
    ...Array.from({ length: extra }, (_, i) => userRecord(100 + i))
  ];
  users.result.records.push(...added);
  users.result.totalSize = users.result.records.length;
  for (const record of added) {
    logins.result.records.push({
      attributes: { type: 'UserLogin' },
      Id: `06l${String(record.Id).slice(3)}`,
      UserId: record.Id,
      IsFrozen: false
    });
  }
  logins.result.totalSize = logins.result.records.length;
  writeJson(dir, 'User.json', users);
  writeJson(dir, 'UserLogin.json', logins);
  return dir;
}

function policyRecord(name: string, fields: Partial<PolicyRecord> = {}): PolicyRecord {
  return {
    name,
    label: name,
    licenseKey: 'Salesforce',
    inactivityDays: 90,
    noticeDays: 14,
    deactivateAfterFrozenDays: 30,
    maxActionsPerRun: 25,
    dryRun: 'false',
    active: 'true',
    ...fields
  };
}

function metadata(policies: PolicyRecord[], enabled = true): PolicyMetadata {
  return {
    policiesEnabled: enabled,
    policies,
    exclusions: [{ name: 'X', policy: '*', kind: 'Profile', value: 'excluded profile' }]
  };
}

function setUp(
  policies: PolicyRecord[] = [policyRecord('Live')],
  options: Partial<PolicyControllerOptions> & { enabled?: boolean; extra?: number } = {}
) {
  const data = readExportFolder(exportDir(options.extra ?? 0));
  const controller = new PolicyController({
    data,
    clock: () => FIXTURE_NOW,
    metadata: metadata(policies, options.enabled ?? true),
    ...options
  });
  return { data, controller };
}

/** A notifier that always sends (a stand-in for the email one): the seam answers sent. */
const SENDING: PolicyNotifier = {
  sendsNotices: () => true,
  notifyAll: (users, policy, now) =>
    new Map(
      users.map((user) => [
        user.id,
        {
          sent: true,
          message: `Emailed ${user.username}: freeze due on ${new Date(now + policy.noticeDays * DAY).toISOString().slice(0, 10)}.`
        }
      ])
    )
};

function apexMessage(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(ApexError);
    return (error as ApexError).message;
  }
  throw new Error('expected an ApexError');
}

function rowsOf(controller: PolicyController, userIndex: number) {
  return controller
    .auditTrail()
    .filter((row) => row.userId === userId(userIndex))
    .map((row) => [row.action, row.status]);
}

describe('previewPolicy (LL_ReclaimController.previewPolicy)', () => {
  it('lists active users of the license past the threshold, by Id, with exclusions and next steps', () => {
    const { controller } = setUp();
    const preview = controller.previewPolicy({ policyName: 'Live' });
    expect(preview).toMatchObject({
      policyName: 'Live',
      policiesEnabled: true,
      dryRun: false,
      nextAfterUserId: null,
      note: null
    });
    expect(preview.candidates.map((c) => [c.userId, c.step, c.excludedBecause])).toEqual([
      [userId(10), 'Notify', null],
      [userId(11), 'Notify', null],
      [userId(12), null, 'Excluded: profile Excluded Profile.']
    ]);
    expect(preview.candidates[1].lastLoginDate).toBeNull();
    expect(controller.auditTrail()).toEqual([]);
  });

  it('covers every license with *, and a LicenseDefinitionKey', () => {
    const all = setUp([policyRecord('All', { licenseKey: '*' })]).controller;
    expect(all.previewPolicy({ policyName: 'All' }).candidates.map((c) => c.userId)).toContain(
      userId(13)
    );
    const byKey = setUp([policyRecord('Aul', { licenseKey: 'AUL' })]).controller;
    expect(byKey.previewPolicy({ policyName: 'Aul' }).candidates.map((c) => c.userId)).toEqual([
      userId(13)
    ]);
  });

  it('reads keyset pages of at most 200 users', () => {
    const { controller } = setUp(undefined, { extra: 450 });
    const ids: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page = controller.previewPolicy({ policyName: 'Live', afterUserId: after });
      expect(page.candidates.length).toBeLessThanOrEqual(MAX_PAGE_SIZE);
      ids.push(...page.candidates.map((c) => c.userId));
      after = page.nextAfterUserId;
      pages++;
    } while (after !== null);
    expect(pages).toBe(3);
    expect(ids).toHaveLength(453);
    expect(new Set(ids).size).toBe(453);
  });

  it('refuses an unknown policy, a value out of range and a bad afterUserId as the Apex does', () => {
    const { controller } = setUp([
      policyRecord('Live'),
      policyRecord('Bad', { maxActionsPerRun: 0 })
    ]);
    expect(apexMessage(() => controller.previewPolicy({ policyName: 'Nope' }))).toBe(
      'No reclaim policy named "Nope" (Setup, Custom Metadata Types, License Lens Reclaim Policy).'
    );
    expect(apexMessage(() => controller.previewPolicy({ policyName: 'Bad' }))).toBe(
      'Reclaim policy Bad: Max Actions Per Run must be a whole number from 1 to 1000.'
    );
    expect(
      apexMessage(() =>
        controller.previewPolicy({ policyName: 'Live', afterUserId: '001000000000001AAA' })
      )
    ).toBe('afterUserId must be a user Id; got "001000000000001AAA".');
  });

  it('leaves out yourself, the integration user and a recent rollup login', () => {
    const { controller } = setUp(undefined, {
      extra: 2,
      actingUserId: userId(10),
      permissionSetsByUser: new Map([[userId(11), ['LL_Integration_User']]]),
      rollupLastLoginByUser: new Map([[userId(100), FIXTURE_NOW - DAY]])
    });
    const why = new Map(
      controller
        .previewPolicy({ policyName: 'Live' })
        .candidates.map((c) => [c.userId, c.excludedBecause])
    );
    expect(why.get(userId(10))).toBe(SELF_MESSAGE);
    expect(why.get(userId(11))).toBe(INTEGRATION_MESSAGE);
    expect(why.get(userId(100))).toBe(ROLLUP_MESSAGE);
    expect(why.get(userId(101))).toBeNull();
  });
});

describe('the nightly job (LL_ReclaimPolicyJob) in the preview', () => {
  it('does nothing, and reads nothing, with the kill switch off', () => {
    const { controller, data } = setUp(undefined, { enabled: false });
    const run = controller.runNightlyDaysLater({ days: 0 });
    expect(run.policiesEnabled).toBe(false);
    expect(run.stopReason).toMatch(/switched off/);
    expect(run.policies).toEqual([]);
    expect(controller.auditTrail()).toEqual([]);
    expect(data.frozenUserIds.has(userId(10))).toBe(false);
    // The preview still works, and says the switch is off.
    expect(controller.previewPolicy({ policyName: 'Live' }).policiesEnabled).toBe(false);
  });

  it('never freezes after a live notice nobody received: the Notify row is Failed and the ladder stops', () => {
    const { controller, data } = setUp(undefined, { notifier: UNSENT_NOTIFIER });
    expect(controller.runNightly().policies[0].steps).toEqual({
      Notify: 2,
      Freeze: 0,
      Deactivate: 0
    });
    const notice = controller.auditTrail()[0];
    expect(notice).toMatchObject({
      action: 'Notify',
      status: 'Failed',
      policy: 'Live',
      message: expect.stringMatching(new RegExp(`^${NOT_SENT}: `))
    });
    // 14 and 44 days later: no freeze, no deactivation, and no new row every night.
    for (const days of [14, 30]) {
      expect(controller.runNightlyDaysLater({ days }).policies[0].steps).toEqual({
        Notify: 0,
        Freeze: 0,
        Deactivate: 0
      });
    }
    expect(data.frozenUserIds.has(userId(10))).toBe(false);
    expect(data.users.find((u) => u.id === userId(10))!.isActive).toBe(true);
    expect(controller.reclaim.auditTrail()).toEqual([]);
    expect(rowsOf(controller, 10)).toEqual([['Notify', 'Failed']]);
    expect(controller.previewPolicy({ policyName: 'Live' }).candidates[0]).toMatchObject({
      step: 'Done',
      stepMessage: expect.stringMatching(/^No notice was sent on 2026-11-23 \(Notify Failed\)/)
    });
  });

  it('walks the live ladder with the advanced clock once notices are sent: notice, freeze after 14 days, deactivate after 30 frozen', () => {
    const { controller, data } = setUp(undefined, { notifier: SENDING });
    const night0 = controller.runNightly();
    expect(night0.policies).toEqual([
      { name: 'Live', steps: { Notify: 2, Freeze: 0, Deactivate: 0 }, stopReason: null }
    ]);
    const notice = controller.auditTrail()[0];
    expect(notice).toMatchObject({ action: 'Notify', status: 'Succeeded', policy: 'Live' });
    expect(notice.message).toBe(`Emailed user10@policy.example.com: freeze due on 2026-12-07.`);

    expect(controller.runNightlyDaysLater({ days: 13 }).policies[0].steps).toEqual({
      Notify: 0,
      Freeze: 0,
      Deactivate: 0
    });
    expect(controller.previewPolicy({ policyName: 'Live' }).candidates[0]).toMatchObject({
      step: 'Wait',
      dueAt: '2026-12-07T20:00:00.000Z'
    });

    expect(controller.runNightlyDaysLater({ days: 1 }).policies[0].steps.Freeze).toBe(2);
    expect(data.frozenUserIds.has(userId(10))).toBe(true);
    expect(data.frozenUserIds.has(userId(11))).toBe(true);
    expect(rowsOf(controller, 10)).toEqual([
      ['Notify', 'Succeeded'],
      ['Freeze', 'Succeeded']
    ]);

    expect(controller.runNightlyDaysLater({ days: 29 }).policies[0].steps.Deactivate).toBe(0);
    expect(controller.runNightlyDaysLater({ days: 1 }).policies[0].steps.Deactivate).toBe(2);
    expect(data.users.find((u) => u.id === userId(10))!.isActive).toBe(false);
    expect(rowsOf(controller, 10)).toEqual([
      ['Notify', 'Succeeded'],
      ['Freeze', 'Succeeded'],
      ['Deactivate', 'Succeeded']
    ]);
    // Inactive users are no candidates any more: the ladder has ended.
    expect(controller.runNightlyDaysLater({ days: 1 }).policies[0].steps).toEqual({
      Notify: 0,
      Freeze: 0,
      Deactivate: 0
    });
    // The excluded profile was never touched.
    expect(rowsOf(controller, 12)).toEqual([]);
  });

  it('a dry run writes DryRun rows for each step and changes nothing', () => {
    const { controller, data } = setUp([policyRecord('Dry', { dryRun: 'true' })]);
    controller.runNightly();
    controller.runNightlyDaysLater({ days: 14 });
    controller.runNightlyDaysLater({ days: 30 });
    expect(rowsOf(controller, 10)).toEqual([
      ['Notify', 'DryRun'],
      ['Freeze', 'DryRun'],
      ['Deactivate', 'DryRun']
    ]);
    const freeze = controller.auditTrail().find((row) => row.action === 'Freeze')!;
    expect(freeze.message).toMatch(
      /^Dry run: Freeze \(Noticed on 2026-11-23; 14 notice days have passed\.\) Nothing changed\. The guardrails would answer Ready$/
    );
    expect(data.frozenUserIds.has(userId(10))).toBe(false);
    expect(data.users.find((u) => u.id === userId(10))!.isActive).toBe(true);
    expect(controller.reclaim.auditTrail()).toEqual([]);
    // The dry run walks the whole ladder on paper, says what a live run would email, and sends nothing.
    const dryNotice = controller.auditTrail().find((row) => row.action === 'Notify')!;
    expect(dryNotice.message).toContain(
      'A live run would email the user and their manager that the freeze comes on or after 2026-12-07'
    );
    expect(controller.noticeOutbox().messages).toEqual([]);
  });

  it('a dry run says a live run would stop when the notifier sends nothing', () => {
    const { controller } = setUp([policyRecord('Dry', { dryRun: 'true' })], {
      notifier: UNSENT_NOTIFIER
    });
    controller.runNightly();
    const dryNotice = controller.auditTrail().find((row) => row.action === 'Notify')!;
    expect(dryNotice.message!.endsWith(LIVE_RUN_STOPS)).toBe(true);
  });

  it('respects the cap across the passes of one run', () => {
    const { controller } = setUp([policyRecord('Capped', { maxActionsPerRun: 3 })], {
      extra: 5,
      notifier: SENDING
    });
    expect(controller.runNightly().policies[0].steps).toEqual({
      Notify: 3,
      Freeze: 0,
      Deactivate: 0
    });
    // 14 days later: the 3 noticed are due a freeze (first pass) and use the whole cap.
    expect(controller.runNightlyDaysLater({ days: 14 }).policies[0].steps).toEqual({
      Notify: 0,
      Freeze: 3,
      Deactivate: 0
    });
    expect(controller.runNightlyDaysLater({ days: 0 }).policies[0].steps).toEqual({
      Notify: 3,
      Freeze: 0,
      Deactivate: 0
    });
  });

  it('a login after the notice halts the ladder; the next round starts with a new notice', () => {
    const { controller, data } = setUp(undefined, { notifier: SENDING });
    controller.runNightly();
    controller.advanceDays(5);
    data.users.find((u) => u.id === userId(10))!.lastLoginDate = controller.now();
    controller.runNightlyDaysLater({ days: 9 });
    expect(data.frozenUserIds.has(userId(10))).toBe(false);
    expect(data.frozenUserIds.has(userId(11))).toBe(true);
    // 91 days after that login, user 10 is a candidate again: a new notice, not a freeze.
    controller.runNightlyDaysLater({ days: 82 });
    expect(rowsOf(controller, 10)).toEqual([
      ['Notify', 'Succeeded'],
      ['Notify', 'Succeeded']
    ]);
  });

  it('the freeze re-checks logins through the manual path: a newer LoginHistory login skips it', () => {
    const dir = exportDir();
    const history = readJson(dir, 'LoginHistory.json');
    history.result.records.push({
      attributes: { type: 'LoginHistory' },
      Id: '0Ya000000000099AAA',
      UserId: userId(11),
      LoginTime: '2026-11-30T10:00:00.000+0000',
      LoginType: 'Remote Access 2.0',
      LoginSubType: null,
      Status: 'Success',
      Application: 'Integration'
    });
    history.result.totalSize = history.result.records.length;
    writeJson(dir, 'LoginHistory.json', history);
    const data = readExportFolder(dir);
    const controller = new PolicyController({
      data,
      clock: () => FIXTURE_NOW,
      metadata: metadata([policyRecord('Live')]),
      notifier: SENDING
    });
    controller.runNightly();
    controller.runNightlyDaysLater({ days: 14 });
    expect(data.frozenUserIds.has(userId(11))).toBe(false);
    const skipped = controller
      .auditTrail()
      .find((r) => r.userId === userId(11) && r.action === 'Freeze')!;
    expect(skipped.status).toBe('Skipped');
    expect(skipped.message).toMatch(
      /successful login \(2026-11-30T10:00:00.000Z, any login type\) newer/
    );
  });

  it('does not run a policy whose exclusions the data cannot apply, and applies them when it can', () => {
    const withSet: PolicyMetadata = {
      ...metadata([policyRecord('Live')]),
      exclusions: [{ name: 'PS', policy: 'Live', kind: 'PermissionSet', value: 'Keep_Me' }]
    };
    const blind = new PolicyController({
      data: readExportFolder(exportDir()),
      clock: () => FIXTURE_NOW,
      metadata: withSet
    });
    expect(blind.runNightly().policies[0].stopReason).toMatch(/no permission set assignments/);
    expect(blind.auditTrail()).toEqual([]);
    expect(blind.previewPolicy({ policyName: 'Live' }).note).toMatch(/cannot be applied/);

    const seeing = new PolicyController({
      data: readExportFolder(exportDir()),
      clock: () => FIXTURE_NOW,
      metadata: withSet,
      permissionSetsByUser: new Map([[userId(10), ['Keep_Me']]])
    });
    expect(seeing.runNightly().policies[0]).toMatchObject({
      stopReason: null,
      steps: { Notify: 2 }
    });
    expect(rowsOf(seeing, 10)).toEqual([]);
  });

  it('skips an invalid policy with its reason and runs the others; a rerun the same night adds nothing', () => {
    const { controller } = setUp([policyRecord('A_Bad', { noticeDays: -1 }), policyRecord('Live')]);
    const run = controller.runNightly();
    expect(run.policies.map((p) => [p.name, p.stopReason])).toEqual([
      ['A_Bad', 'Reclaim policy A_Bad: Notice Days must be a whole number from 0 to 365.'],
      ['Live', null]
    ]);
    expect(controller.runNightly().policies[1].steps.Notify).toBe(0);
    expect(controller.auditTrail()).toHaveLength(2);
  });

  it('refuses a clock advance that is not a whole number of days', () => {
    const { controller } = setUp();
    expect(apexMessage(() => controller.runNightlyDaysLater({ days: 1.5 }))).toMatch(
      /whole number/
    );
    expect(apexMessage(() => controller.runNightlyDaysLater({ days: -1 }))).toMatch(/whole number/);
  });
});

describe('listReclaimPolicies (LL_ReclaimController.listReclaimPolicies)', () => {
  it('lists every record by name with its values and the kill switch, no candidates; a bad record with its problem', () => {
    const { controller } = setUp(
      [policyRecord('Live'), policyRecord('A_Bad', { noticeDays: -1, label: 'Bad one' })],
      { enabled: false }
    );
    const listed = controller.listPolicies();
    expect(listed.map((entry) => [entry.policyName, entry.note])).toEqual([
      ['A_Bad', 'Reclaim policy A_Bad: Notice Days must be a whole number from 0 to 365.'],
      ['Live', null]
    ]);
    expect(listed[0]).toMatchObject({ label: 'Bad one', noticeDays: null, policiesEnabled: false });
    expect(listed[1]).toMatchObject({
      label: 'Live',
      licenseKey: 'Salesforce',
      inactivityDays: 90,
      noticeDays: 14,
      deactivateAfterFrozenDays: 30,
      maxActionsPerRun: 25,
      dryRun: false,
      active: true,
      policiesEnabled: false,
      candidates: [],
      nextAfterUserId: null
    });
    expect(controller.auditTrail()).toEqual([]);
  });
});

describe('over a copy of real orgs (npm start -- --target-org)', () => {
  it('refuses to run policies, changes nothing, and still previews read-only with a note', () => {
    const { controller, data } = setUp(undefined, { readOnlyCopyOf: 'org-a', notifier: SENDING });
    const refusal =
      'This preview shows a copy of org-a read through the API; License Lens runs reclaim policies only from inside the org. Nothing was changed.';
    expect(apexMessage(() => controller.runNightly())).toBe(refusal);
    expect(apexMessage(() => controller.runNightlyDaysLater({ days: 14 }))).toBe(refusal);
    expect(controller.now()).toBe(FIXTURE_NOW);
    expect(controller.auditTrail()).toEqual([]);
    expect(data.frozenUserIds.has(userId(10))).toBe(false);
    // Its reclaim path refuses as well (the policy steps would go through it).
    expect(
      apexMessage(() =>
        controller.reclaim.reclaim({ action: 'Freeze', userIds: [userId(10)], reason: 'x' })
      )
    ).toMatch(/^This preview shows a copy of org-a .* License Lens reclaims only/);
    const preview = controller.previewPolicy({ policyName: 'Live' });
    expect(preview.candidates.map((c) => c.step)).toEqual(['Notify', 'Notify', null]);
    expect(preview.note).toMatch(/copy of org-a .*not the org's own records; nothing runs here\.$/);
  });
});

describe('the shipped policy records and the dispatcher', () => {
  it('ships policies switched off and a sample that is inactive and a dry run', () => {
    const shipped = readPolicyMetadata(CUSTOM_METADATA_DIR);
    expect(shipped.policiesEnabled).toBe(false);
    expect(shipped.policies).toHaveLength(1);
    expect(policyOf(shipped.policies[0])).toMatchObject({ active: false, dryRun: true });
  });

  it('switches the shipped kill switch on only when told to (npm start -- --policies-enabled)', () => {
    const data = readExportFolder(exportDir());
    const shipped = new PolicyController({ data, clock: () => FIXTURE_NOW });
    expect(shipped.listPolicies()[0].policiesEnabled).toBe(false);
    expect(shipped.runNightly().stopReason).toMatch(/^Reclaim policies are switched off/);
    const enabled = new PolicyController({ data, clock: () => FIXTURE_NOW, policiesEnabled: true });
    expect(enabled.listPolicies()[0]).toMatchObject({ policiesEnabled: true, active: false });
    const run = enabled.runNightly();
    expect(run).toMatchObject({ policiesEnabled: true, stopReason: null, policies: [] });
  });

  it('reads a settings record without the kill switch field as policies off', () => {
    expect(readPolicyMetadata(path.join(FIXTURE_METADATA)).policiesEnabled).toBe(false);
  });

  it('routes previewPolicy and the preview-only nightly run', () => {
    const data = readExportFolder(exportDir());
    const policy = new PolicyController({
      data,
      clock: () => FIXTURE_NOW,
      metadata: metadata([policyRecord('Live')])
    });
    const dispatch = createApexDispatcher(
      new LocalController({
        data,
        metadata: readOrgMetadata(FIXTURE_METADATA),
        clock: () => FIXTURE_NOW
      }),
      new ReclaimController({ data, clock: () => FIXTURE_NOW }),
      { policy }
    );
    expect(Object.keys(POLICY_APEX_METHODS)).toHaveLength(9);
    expect(
      (dispatch('LL_ReclaimController.listReclaimPolicies', {}) as { policyName: string }[]).map(
        (entry) => entry.policyName
      )
    ).toEqual(['Live']);
    expect(
      (
        dispatch('LL_ReclaimController.previewPolicy', { policyName: 'Live' }) as {
          candidates: unknown[];
        }
      ).candidates
    ).toHaveLength(3);
    dispatch('Preview.runReclaimPoliciesDaysLater', { days: 0 });
    expect(dispatch('Preview.reclaimPolicyAuditTrail', {})).toHaveLength(2);
  });
});

describe('over HTTP, on the demo org', () => {
  it('previews the live policy, runs the nightly job N days later and lists the rows', async () => {
    const now = Date.parse('2026-11-23T20:00:00.000Z');
    const data = loadDemoOrg({ users: 400, seed: 7, now });
    const policy = new PolicyController({
      data,
      clock: () => now,
      metadata: { policiesEnabled: true, policies: [policyRecord('Live')], exclusions: [] },
      notifier: SENDING
    });
    const bundleFile = path.join(tempDir(), 'preview.js');
    fs.writeFileSync(bundleFile, '');
    const server = createPreviewServer({
      apex: createApexDispatcher(
        new LocalController({
          data,
          metadata: readOrgMetadata(FIXTURE_METADATA),
          clock: () => now
        }),
        new ReclaimController({ data, clock: () => now }),
        { policy }
      ),
      status: { source: 'demo org', problems: [] },
      bundleFile,
      rootTag: 'c-ll-license-utilization'
    });
    const port = await listen(server, 0);
    const call = async (method: string, body: unknown) => {
      const response = await fetch(`http://127.0.0.1:${port}/apex/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body)
      });
      return { status: response.status, body: await response.json() };
    };
    try {
      const preview = await call('LL_ReclaimController.previewPolicy', { policyName: 'Live' });
      expect(preview.status).toBe(200);
      const due = preview.body.candidates.filter((c: { step: string }) => c.step === 'Notify');
      expect(due.length).toBeGreaterThan(0);
      const night = await call('Preview.runReclaimPoliciesDaysLater', { days: 0 });
      expect(night.body.policies[0].steps.Notify).toBe(Math.min(25, due.length));
      await call('Preview.runReclaimPoliciesDaysLater', { days: 14 });
      const trail = await call('Preview.reclaimPolicyAuditTrail', {});
      const actions = new Set(trail.body.map((row: { action: string }) => row.action));
      expect(actions).toEqual(new Set(['Notify', 'Freeze']));
      expect(
        (await call('LL_ReclaimController.previewPolicy', { policyName: 'Nope' })).status
      ).toBe(400);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('notices by email into the preview outbox (LL_ReclaimNotifier, LL_EmailSender)', () => {
  const managers = new Map([
    [userId(10), userId(13)],
    [userId(11), userId(13)]
  ]);

  function messageOf(controller: PolicyController, index: number, action = 'Notify') {
    const rows = controller
      .auditTrail()
      .filter((row) => row.userId === userId(index) && row.action === action);
    return rows[rows.length - 1];
  }

  it('emails the user and their manager, records what was sent to whom, and the ladder goes on after the notice days', () => {
    const { controller, data } = setUp(undefined, { managerByUser: managers });
    expect(controller.runNightly().policies[0]).toEqual({
      name: 'Live',
      steps: { Notify: 2, Freeze: 0, Deactivate: 0 },
      stopReason: null
    });
    const outbox = controller.noticeOutbox();
    expect(outbox.messages.map((message) => message.targetUserId)).toEqual([
      userId(10),
      userId(13),
      userId(11),
      userId(13)
    ]);
    expect(outbox.usedToday).toBe(4);
    expect(outbox.messages[0].subject).toBe(
      'Action needed: your Salesforce access will be frozen on or after 2026-12-07'
    );
    expect(outbox.messages[0].body).toContain(
      'To keep your seat, log in to Salesforce before 2026-12-07.'
    );
    expect(outbox.messages[1].body).toMatch(
      /^Hello User,\n\nUser 10 \(user10@policy\.example\.com\), who reports to you/
    );
    expect(messageOf(controller, 10)).toMatchObject({
      status: 'Succeeded',
      message:
        'Notice emailed to the user (user10@policy.example.com) and their manager (user13@policy.example.com): freeze on or after 2026-12-07, deactivation on or after 2027-01-06 (America/Los_Angeles); a login before then keeps the seat.'
    });

    expect(controller.runNightlyDaysLater({ days: 13 }).policies[0].steps.Freeze).toBe(0);
    expect(controller.runNightlyDaysLater({ days: 1 }).policies[0].steps.Freeze).toBe(2);
    expect(data.frozenUserIds.has(userId(10))).toBe(true);
    // No second notice: the round has its sent notice.
    expect(controller.noticeOutbox().messages).toHaveLength(4);
  });

  it('a daily limit reached defers the notices (Skipped), stops the pass, and nothing is frozen; they are tried again', () => {
    const { controller, data } = setUp(undefined, { email: { dailyLimit: 0 } });
    const night0 = controller.runNightly().policies[0];
    expect(night0.steps.Notify).toBe(2);
    expect(night0.stopReason).toBe(
      "Notices stopped: the org's daily single-email limit is reached (The daily limit for the org would be exceeded by this request.)."
    );
    expect(messageOf(controller, 10)).toMatchObject({ status: 'Skipped' });
    expect(messageOf(controller, 10).message).toMatch(
      /^No notice was sent: .*Tried again on the next nightly run/
    );
    expect(controller.noticeOutbox().messages).toEqual([]);

    const later = controller.runNightlyDaysLater({ days: 14 }).policies[0];
    expect(later.steps).toEqual({ Notify: 2, Freeze: 0, Deactivate: 0 });
    expect(data.frozenUserIds.has(userId(10))).toBe(false);
    expect(rowsOf(controller, 10)).toEqual([
      ['Notify', 'Skipped'],
      ['Notify', 'Skipped']
    ]);
  });

  it('near the daily limit sends the notices that fit and defers the rest to the next night', () => {
    const { controller } = setUp(undefined, { email: { dailyLimit: 1 } });
    const night0 = controller.runNightly().policies[0];
    expect(night0.stopReason).toMatch(
      /daily single-email limit is reached: 1 of 2 messages fitted/
    );
    expect(messageOf(controller, 10).status).toBe('Succeeded');
    expect(messageOf(controller, 11).status).toBe('Skipped');
    // The next GMT day has room again: user 11 gets the notice; user 10 waits out the notice days.
    expect(controller.runNightlyDaysLater({ days: 1 }).policies[0].steps.Notify).toBe(1);
    expect(messageOf(controller, 11).status).toBe('Succeeded');
    expect(controller.noticeOutbox().messages.map((message) => message.targetUserId)).toEqual([
      userId(10),
      userId(11)
    ]);
  });

  it('"System email only" refuses every notice until switched back; the freeze counts from the notice that was sent', () => {
    const { controller, data } = setUp();
    expect(controller.setEmailDeliverability({ access: 'SystemEmailOnly' })).toEqual({
      deliverability: 'SystemEmailOnly'
    });
    expect(controller.runNightly().policies[0].stopReason).toMatch(/NO_MASS_MAIL_PERMISSION/);
    expect(messageOf(controller, 10).status).toBe('Skipped');
    expect(controller.runNightlyDaysLater({ days: 14 }).policies[0].steps.Freeze).toBe(0);

    controller.setEmailDeliverability({ access: 'AllEmail' });
    expect(controller.runNightlyDaysLater({ days: 1 }).policies[0].steps).toEqual({
      Notify: 2,
      Freeze: 0,
      Deactivate: 0
    });
    expect(messageOf(controller, 10).status).toBe('Succeeded');
    expect(controller.runNightlyDaysLater({ days: 13 }).policies[0].steps.Freeze).toBe(0);
    expect(controller.runNightlyDaysLater({ days: 1 }).policies[0].steps.Freeze).toBe(2);
    expect(data.frozenUserIds.has(userId(11))).toBe(true);
  });

  it('a notice refused for the user is Failed and stops the ladder; a copy refused for the manager still lets the notice count', () => {
    const { controller, data } = setUp(undefined, {
      managerByUser: managers,
      email: { refusedTargets: new Set([userId(10), userId(13)]) }
    });
    controller.runNightly();
    expect(messageOf(controller, 10)).toMatchObject({
      status: 'Failed',
      message: expect.stringMatching(
        /^No notice was sent: Salesforce refused the email to the user/
      )
    });
    expect(messageOf(controller, 11)).toMatchObject({
      status: 'Succeeded',
      message: expect.stringContaining(
        'The copy to the manager (user13@policy.example.com) was not sent: INVALID_EMAIL_ADDRESS'
      )
    });
    controller.runNightlyDaysLater({ days: 14 });
    expect(data.frozenUserIds.has(userId(10))).toBe(false);
    expect(data.frozenUserIds.has(userId(11))).toBe(true);
  });

  it('an inactive or frozen manager gets no copy, and the row says why', () => {
    const { controller, data } = setUp(undefined, {
      managerByUser: new Map([
        [userId(10), userId(16)],
        [userId(11), userId(13)]
      ])
    });
    (data.frozenUserIds as Set<string>).add(userId(13));
    controller.runNightly();
    expect(messageOf(controller, 10).message).toContain(
      'No copy to the manager (user16@policy.example.com): not active.'
    );
    expect(messageOf(controller, 11).message).toContain(
      'No copy to the manager (user13@policy.example.com): frozen.'
    );
    expect(controller.noticeOutbox().messages.map((message) => message.targetUserId)).toEqual([
      userId(10),
      userId(11)
    ]);
  });

  it('sends a chunk of 200 users and their managers in 4 calls of 100, and never twice on a rerun of the same day', () => {
    const many = new Map(
      Array.from({ length: 198 }, (_, i) => [userId(100 + i), userId(13)] as [string, string])
    );
    const { controller } = setUp([policyRecord('Live', { maxActionsPerRun: 1000 })], {
      extra: 198,
      managerByUser: many
    });
    expect(controller.runNightly().policies[0].steps.Notify).toBe(200);
    expect(controller.noticeOutbox().messages).toHaveLength(200 + 198);
    controller.runNightlyDaysLater({ days: 0 });
    expect(controller.noticeOutbox().messages).toHaveLength(398);
  });

  it('a notifier that throws leaves no Notify row Requested: Skipped with the error, the pass stops, nothing is frozen', () => {
    const throwing: PolicyNotifier = {
      sendsNotices: () => true,
      notifyAll: () => {
        throw new ApexError(
          'Insufficient permissions: refused in the preview test',
          500,
          'System.QueryException'
        );
      }
    };
    const { controller, data } = setUp(undefined, { notifier: throwing });
    expect(controller.runNightly().policies[0]).toMatchObject({
      steps: { Notify: 0, Freeze: 0, Deactivate: 0 },
      stopReason: 'System.QueryException: Insufficient permissions: refused in the preview test'
    });
    const rows = controller.auditTrail().filter((row) => row.action === 'Notify');
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.status).toBe('Skipped');
      expect(row.message).toBe(
        `${NOT_SENT}: the notices of this run failed (System.QueryException: Insufficient permissions: refused in the preview test). Tried again on the next nightly run; nothing is frozen before a notice is sent.`
      );
    }
    controller.runNightlyDaysLater({ days: 14 });
    expect(data.frozenUserIds.has(userId(10))).toBe(false);
  });

  it('answers the preview-only outbox methods, and refuses an unknown deliverability', () => {
    const { controller } = setUp();
    controller.runNightly();
    const outbox = POLICY_APEX_METHODS['Preview.reclaimNoticeOutbox'](
      controller,
      undefined as never
    ) as {
      deliverability: string;
      dailyLimit: number;
      messages: unknown[];
    };
    expect(outbox).toMatchObject({ deliverability: 'AllEmail', dailyLimit: 5000 });
    expect(outbox.messages).toHaveLength(2);
    expect(
      apexMessage(() =>
        POLICY_APEX_METHODS['Preview.setEmailDeliverability'](controller, {
          access: 'Some'
        } as never)
      )
    ).toBe('access must be one of AllEmail, SystemEmailOnly, NoAccess; got Some.');
  });
});
