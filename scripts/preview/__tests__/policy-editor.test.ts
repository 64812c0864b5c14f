import type { PolicyEditDto, PolicySaveResultDto } from '../../../force-app/types/contract';
import { ApexError } from '../controller/apex-error';
import type { PolicyMetadata } from '../controller/custom-metadata';
import { PolicyController } from '../controller/policy-controller';
import {
  CUSTOMIZE_APPLICATION,
  POLICY_ADMIN_PERMISSIONS,
  PolicyEditor,
  QUEUED_MESSAGE
} from '../controller/policy-editor';
import { RECLAIM_ADMIN_PERMISSIONS } from '../controller/reclaim-controller';
import { VIEWER_PERMISSIONS } from '../controller/collection-controller';
import { readExportFolder } from '../data/read-export';
import { createApexDispatcher } from '../server/apex-dispatcher';
import { LocalController } from '../controller/local-controller';
import { ReclaimController } from '../controller/reclaim-controller';
import { readOrgMetadata } from '../controller/custom-metadata';
import { FIXTURE_METADATA, FIXTURE_NOW, cleanUp, copyOfSmallExport } from './helpers';

afterAll(cleanUp);

function metadata(): PolicyMetadata {
  return {
    policiesEnabled: true,
    policies: [
      {
        name: 'Existing',
        label: 'Existing policy',
        licenseKey: 'Salesforce',
        inactivityDays: 90,
        noticeDays: 14,
        deactivateAfterFrozenDays: 30,
        maxActionsPerRun: 25,
        dryRun: 'true',
        active: 'false'
      }
    ],
    exclusions: [
      { name: 'Existing_X1', policy: 'Existing', kind: 'User', value: 'keep@example.com' },
      { name: 'Existing_X2', policy: 'Existing', kind: 'Profile', value: 'Support' },
      { name: 'All_X1', policy: '*', kind: 'PublicGroup', value: 'Board' }
    ]
  };
}

function newPolicy(overrides: Partial<PolicyEditDto> = {}): PolicyEditDto {
  return {
    policyName: 'Full_60',
    label: 'Full, 60 days',
    licenseKey: 'Salesforce',
    inactivityDays: 60,
    noticeDays: 7,
    deactivateAfterFrozenDays: null,
    maxActionsPerRun: 10,
    dryRun: true,
    active: false,
    isNew: true,
    exclusions: [
      { kind: 'PermissionSet', value: 'Keep_Seat', recordName: null, allPolicies: false }
    ],
    ...overrides
  };
}

function controllerWith(granted?: ReadonlySet<string>, readOnlyCopyOf?: string) {
  const data = readExportFolder(copyOfSmallExport());
  const md = metadata();
  const controller = new PolicyController({
    data,
    clock: () => FIXTURE_NOW,
    metadata: md,
    granted,
    readOnlyCopyOf
  });
  return { controller, md, data };
}

function apexMessage(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(ApexError);
    return (error as ApexError).message;
  }
  throw new Error('expected an ApexError');
}

describe('PolicyEditor permissions (LL_PolicyEditAccessGuard)', () => {
  it('refuses the Viewer, naming every missing permission as Setup labels it', () => {
    const { controller } = controllerWith(VIEWER_PERMISSIONS);
    const expected =
      'License Lens needs the "Customize Application" and "Manage Internal Users" permissions to create and edit reclaim policies. Ask your Salesforce admin for a permission set that grants them.';
    expect(apexMessage(() => controller.editor.getPolicyEdit({}))).toBe(expected);
    expect(
      apexMessage(() => controller.editor.savePolicy({ policy: newPolicy(), requestId: 'r1' }))
    ).toBe(expected);
    expect(apexMessage(() => controller.editor.getPolicySaveStatus({ requestId: 'r1' }))).toBe(
      expected
    );
  });

  it('refuses a Reclaim Admin without Customize Application, and nothing is saved', () => {
    const { controller, md } = controllerWith(RECLAIM_ADMIN_PERMISSIONS);
    expect(
      apexMessage(() => controller.editor.savePolicy({ policy: newPolicy(), requestId: 'r1' }))
    ).toBe(
      'License Lens needs the "Customize Application" permission to create and edit reclaim policies. Ask your Salesforce admin for a permission set that grants it.'
    );
    expect(md.policies.map((p) => p.name)).toEqual(['Existing']);
  });

  it('lets a Reclaim Admin with Customize Application (Manage Users standing in) through', () => {
    const granted = new Set([
      CUSTOMIZE_APPLICATION,
      'Manage Users',
      'View Setup and Configuration'
    ]);
    const { controller } = controllerWith(granted);
    expect(controller.editor.missingPermissions()).toEqual([]);
    const editor = new PolicyEditor({ metadata, clock: () => FIXTURE_NOW });
    expect(editor.missingPermissions()).toEqual([]);
    expect(POLICY_ADMIN_PERMISSIONS.has(CUSTOMIZE_APPLICATION)).toBe(true);
  });
});

describe('getPolicyEdit', () => {
  it('answers a new policy inactive and in dry run, with the exclusions of every policy', () => {
    const { controller } = controllerWith();
    const fresh = controller.editor.getPolicyEdit({ policyName: ' ' });
    expect(fresh).toMatchObject({ isNew: true, active: false, dryRun: true, policyName: '' });
    expect(fresh.exclusions).toEqual([
      { kind: 'PublicGroup', value: 'Board', recordName: 'All_X1', allPolicies: true }
    ]);
  });

  it('reads an existing policy with its own exclusions first', () => {
    const { controller } = controllerWith();
    expect(controller.editor.getPolicyEdit({ policyName: 'Existing' })).toEqual({
      policyName: 'Existing',
      label: 'Existing policy',
      licenseKey: 'Salesforce',
      inactivityDays: 90,
      noticeDays: 14,
      deactivateAfterFrozenDays: 30,
      maxActionsPerRun: 25,
      dryRun: true,
      active: false,
      isNew: false,
      exclusions: [
        { kind: 'User', value: 'keep@example.com', recordName: 'Existing_X1', allPolicies: false },
        { kind: 'Profile', value: 'Support', recordName: 'Existing_X2', allPolicies: false },
        { kind: 'PublicGroup', value: 'Board', recordName: 'All_X1', allPolicies: true }
      ]
    });
    expect(apexMessage(() => controller.editor.getPolicyEdit({ policyName: 'Nope' }))).toContain(
      'No reclaim policy named "Nope"'
    );
  });
});

describe('savePolicy and getPolicySaveStatus', () => {
  it('queues the deployment, changes the records only when it completes, then previews the policy', () => {
    const { controller, md } = controllerWith();
    const queued = controller.editor.savePolicy({ policy: newPolicy(), requestId: 'req-1' });
    expect(queued).toEqual({
      requestId: 'req-1',
      policyName: 'Full_60',
      deploymentId: expect.stringMatching(/^0Af\d{15}$/),
      status: 'Queued',
      message: QUEUED_MESSAGE,
      requestedBy: 'preview-admin'
    });
    expect(controller.listPolicies().map((p) => p.policyName)).toEqual(['Existing']);

    const done: PolicySaveResultDto = controller.editor.getPolicySaveStatus({ requestId: 'req-1' });
    expect(done.status).toBe('Succeeded');
    expect(done.message).toBe('Deployed: reclaim policy Full_60 and 1 exclusion record.');
    const listed = controller.listPolicies().find((p) => p.policyName === 'Full_60');
    expect(listed).toMatchObject({ inactivityDays: 60, active: false, dryRun: true, note: null });
    expect(md.exclusions.find((e) => e.name === 'Full_60_X1')).toEqual({
      name: 'Full_60_X1',
      policy: 'Full_60',
      kind: 'PermissionSet',
      value: 'Keep_Seat'
    });
    expect(controller.previewPolicy({ policyName: 'Full_60' }).policyName).toBe('Full_60');
    expect(controller.editor.changeLog()).toHaveLength(1);
  });

  it('answers a retried request with the first one, never a second deployment', () => {
    const { controller } = controllerWith();
    const first = controller.editor.savePolicy({ policy: newPolicy(), requestId: 'same' });
    const again = controller.editor.savePolicy({
      policy: newPolicy({ inactivityDays: 5 }),
      requestId: 'same'
    });
    expect(again).toEqual(first);
    expect(controller.editor.changeLog()).toHaveLength(1);
  });

  it('refuses invalid input with every broken rule, and queues nothing', () => {
    const { controller } = controllerWith();
    expect(
      apexMessage(() =>
        controller.editor.savePolicy({
          policy: newPolicy({ inactivityDays: 0, active: true, policyName: 'Existing' }),
          requestId: 'bad'
        })
      )
    ).toBe(
      'Reclaim policy not saved. API name: A policy named Existing exists already: edit it instead. Inactivity days: A whole number of days from 1 to 3650. Active: A new policy is created inactive: preview its candidates first, then edit it to switch it on.'
    );
    expect(apexMessage(() => controller.editor.savePolicy({ requestId: 'x' }))).toBe(
      'policy is required.'
    );
    expect(controller.editor.changeLog()).toEqual([]);
  });

  it('edits a policy: new values, a kept, an added and a removed (detached) exclusion', () => {
    const { controller, md } = controllerWith();
    const current = controller.editor.getPolicyEdit({ policyName: 'Existing' });
    const edited: PolicyEditDto = {
      ...current,
      inactivityDays: 120,
      active: true,
      dryRun: false,
      exclusions: [
        current.exclusions[0],
        { kind: 'User', value: 'new@example.com', recordName: null, allPolicies: false },
        current.exclusions[2]
      ]
    };
    controller.editor.savePolicy({ policy: edited, requestId: 'edit-1' });
    expect(controller.editor.getPolicySaveStatus({ requestId: 'edit-1' }).status).toBe('Succeeded');
    expect(controller.listPolicies()[0]).toMatchObject({
      policyName: 'Existing',
      inactivityDays: 120,
      active: true,
      dryRun: false
    });
    expect(md.exclusions).toEqual([
      { name: 'Existing_X1', policy: 'Existing', kind: 'User', value: 'keep@example.com' },
      { name: 'Existing_X2', policy: '(removed)', kind: 'Profile', value: 'Support' },
      { name: 'All_X1', policy: '*', kind: 'PublicGroup', value: 'Board' },
      { name: 'Existing_X3', policy: 'Existing', kind: 'User', value: 'new@example.com' }
    ]);
  });

  it('checks the request id and whose request it is', () => {
    const { controller } = controllerWith();
    expect(
      apexMessage(() => controller.editor.savePolicy({ policy: newPolicy(), requestId: 'a b' }))
    ).toContain('requestId must be 1 to 40 letters');
    expect(apexMessage(() => controller.editor.getPolicySaveStatus({ requestId: 'none' }))).toBe(
      'No policy save of yours with request id none.'
    );
    const data = readExportFolder(copyOfSmallExport());
    const shared = metadata();
    const ada = new PolicyController({ data, clock: () => FIXTURE_NOW, metadata: shared });
    ada.editor.savePolicy({ policy: newPolicy(), requestId: 'mine' });
    const other = new PolicyEditor({
      metadata: () => shared,
      clock: () => FIXTURE_NOW,
      actingUserId: '005000000000002AAA'
    });
    expect(apexMessage(() => other.getPolicySaveStatus({ requestId: 'mine' }))).toBe(
      'No policy save of yours with request id mine.'
    );
  });

  it('refuses to save on a read-only copy of real orgs', () => {
    const { controller } = controllerWith(undefined, 'org-a');
    expect(
      apexMessage(() => controller.editor.savePolicy({ policy: newPolicy(), requestId: 'r' }))
    ).toBe(
      'This preview shows a copy of org-a read through the API; License Lens saves reclaim policies only from inside the org. Nothing was changed.'
    );
  });

  it('answers through the dispatcher under the Apex names', () => {
    const { controller, data } = controllerWith();
    const dispatch = createApexDispatcher(
      new LocalController({
        data,
        metadata: readOrgMetadata(FIXTURE_METADATA),
        clock: () => FIXTURE_NOW
      }),
      new ReclaimController({ data, clock: () => FIXTURE_NOW }),
      { policy: controller }
    );
    expect(dispatch('LL_PolicyEditController.getPolicyEdit', {})).toMatchObject({ isNew: true });
    expect(
      dispatch('LL_PolicyEditController.savePolicy', { policy: newPolicy(), requestId: 'd1' })
    ).toMatchObject({ status: 'Queued' });
    expect(
      dispatch('LL_PolicyEditController.getPolicySaveStatus', { requestId: 'd1' })
    ).toMatchObject({ status: 'Succeeded' });
  });
});
