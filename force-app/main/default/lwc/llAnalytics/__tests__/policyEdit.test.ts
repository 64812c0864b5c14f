import {
  DETACHED_POLICY,
  POLICY_MAX_EXCLUSIONS,
  developerNameOf,
  exclusionProblem,
  exclusionRecordName,
  exclusionsOfPolicy,
  fieldLabel,
  newPolicyDefaults,
  plannedExclusions,
  saveRefusal,
  validatePolicyEdit
} from '../policyEdit';
import type { PolicyEditDto } from '../../../../../types/contract';

function valid(overrides: Partial<PolicyEditDto> = {}): PolicyEditDto {
  return {
    ...newPolicyDefaults(),
    policyName: 'Full_90',
    label: 'Full, 90 days',
    ...overrides
  };
}

function fields(input: PolicyEditDto, existing: string[] = []): string[] {
  return validatePolicyEdit(input, existing).map((error) => error.field);
}

describe('newPolicyDefaults', () => {
  it('starts inactive and in dry run, with values the nightly job accepts', () => {
    const defaults = newPolicyDefaults();
    expect(defaults).toMatchObject({ active: false, dryRun: true, isNew: true, exclusions: [] });
    expect(validatePolicyEdit({ ...defaults, policyName: 'A', label: 'A' }, [])).toEqual([]);
  });
});

describe('developerNameOf', () => {
  it.each([
    ['Full license, 90 days', 'Full_license_90_days'],
    ['  --Sales--  ', 'Sales'],
    ['90 days', 'P_90_days'],
    ['Équipe été', 'Equipe_ete'],
    ['!!!', ''],
    ['A'.repeat(39) + ' b', 'A'.repeat(39)]
  ])('%j -> %j', (label, name) => {
    expect(developerNameOf(label)).toBe(name);
  });

  it('always gives a name the rules accept', () => {
    for (const label of ['x y z', '1st policy', 'a__b', 'Ünïcode ok']) {
      const name = developerNameOf(label);
      expect(fields(valid({ policyName: name }))).toEqual([]);
    }
  });
});

describe('validatePolicyEdit', () => {
  it('accepts a valid new policy', () => {
    expect(validatePolicyEdit(valid(), ['Other'])).toEqual([]);
  });

  it.each([
    ['', 'Enter an API name.'],
    ['A'.repeat(41), 'At most 40 characters.'],
    ['1abc', 'Letters, digits'],
    ['a__b', 'Letters, digits'],
    ['ends_', 'Letters, digits'],
    ['has space', 'Letters, digits']
  ])('refuses the API name %j', (policyName, message) => {
    const [error] = validatePolicyEdit(valid({ policyName }), []);
    expect(error.field).toBe('policyName');
    expect(error.message).toContain(message);
  });

  it('refuses a new policy whose name exists, and an edit of one that does not', () => {
    expect(validatePolicyEdit(valid(), ['Full_90'])[0].message).toBe(
      'A policy named Full_90 exists already: edit it instead.'
    );
    expect(validatePolicyEdit(valid({ isNew: false }), [])[0].message).toContain(
      'No policy named Full_90'
    );
    expect(fields(valid({ isNew: false }), ['Full_90'])).toEqual([]);
  });

  it('checks the label and the license', () => {
    expect(fields(valid({ label: '  ' }))).toEqual(['label']);
    expect(fields(valid({ label: 'x'.repeat(41) }))).toEqual(['label']);
    expect(fields(valid({ licenseKey: '' }))).toEqual(['licenseKey']);
    expect(fields(valid({ licenseKey: 'k'.repeat(81) }))).toEqual(['licenseKey']);
    expect(fields(valid({ licenseKey: '*' }))).toEqual([]);
  });

  it('holds every number to the nightly job ranges', () => {
    expect(fields(valid({ inactivityDays: 0 }))).toEqual(['inactivityDays']);
    expect(fields(valid({ inactivityDays: 3651 }))).toEqual(['inactivityDays']);
    expect(fields(valid({ inactivityDays: 1.5 }))).toEqual(['inactivityDays']);
    expect(fields(valid({ inactivityDays: null }))).toEqual(['inactivityDays']);
    expect(fields(valid({ inactivityDays: 3650 }))).toEqual([]);
    expect(fields(valid({ noticeDays: 0 }))).toEqual([]);
    expect(fields(valid({ noticeDays: 366 }))).toEqual(['noticeDays']);
    expect(fields(valid({ noticeDays: -1 }))).toEqual(['noticeDays']);
    expect(fields(valid({ deactivateAfterFrozenDays: null }))).toEqual([]);
    expect(fields(valid({ deactivateAfterFrozenDays: 0 }))).toEqual(['deactivateAfterFrozenDays']);
    expect(fields(valid({ deactivateAfterFrozenDays: 30 }))).toEqual([]);
    expect(fields(valid({ maxActionsPerRun: 0 }))).toEqual(['maxActionsPerRun']);
    expect(fields(valid({ maxActionsPerRun: 1001 }))).toEqual(['maxActionsPerRun']);
    expect(fields(valid({ maxActionsPerRun: Number.NaN }))).toEqual(['maxActionsPerRun']);
  });

  it('creates a policy only inactive and in dry run; an edit may switch both', () => {
    expect(fields(valid({ active: true, dryRun: false }))).toEqual(['active', 'dryRun']);
    expect(fields(valid({ isNew: false, active: true, dryRun: false }), ['Full_90'])).toEqual([]);
  });

  it('lists every broken rule at once, in form order', () => {
    expect(
      fields(
        valid({ policyName: '', label: '', licenseKey: '', inactivityDays: 0, noticeDays: 999 })
      )
    ).toEqual(['policyName', 'label', 'licenseKey', 'inactivityDays', 'noticeDays']);
  });

  it('checks each own exclusion and skips those of every policy', () => {
    const input = valid({
      exclusions: [
        { kind: 'PermissionSet', value: 'Keep_Seat', recordName: null, allPolicies: false },
        { kind: 'User', value: 'not-a-username', recordName: null, allPolicies: false },
        { kind: 'Profile', value: 'System Administrator', recordName: null, allPolicies: false },
        { kind: 'Profile', value: 'system administrator', recordName: null, allPolicies: false },
        { kind: 'User', value: 'anything', recordName: 'All_X1', allPolicies: true }
      ]
    });
    expect(validatePolicyEdit(input, [])).toEqual([
      { field: 'exclusions.1', message: expect.stringContaining('email address') },
      { field: 'exclusions.3', message: 'Listed twice.' }
    ]);
  });

  it('caps the own exclusions', () => {
    const exclusions = Array.from({ length: POLICY_MAX_EXCLUSIONS + 1 }, (_, i) => ({
      kind: 'User' as const,
      value: `u${i}@example.com`,
      recordName: null,
      allPolicies: false
    }));
    expect(fields(valid({ exclusions }))).toEqual(['exclusions']);
  });
});

describe('exclusionProblem', () => {
  it.each([
    ['Nope', 'x', 'Choose what the exclusion names'],
    ['User', '  ', 'Enter the name to exclude.'],
    ['Profile', 'p'.repeat(256), 'At most 255 characters.'],
    ['PermissionSet', 'Has Space', 'An API name'],
    ['PublicGroup', '9group', 'An API name'],
    ['User', 'a b@example.com', 'email address'],
    ['PermissionSet', 'LL_Integration_User', 'integration user']
  ])('%s %j: %s', (kind, value, message) => {
    expect(exclusionProblem(kind, value)).toContain(message);
  });

  it.each([
    ['PermissionSet', 'ns__Managed_Set'],
    ['Profile', 'Custom: Sales Profile'],
    ['PublicGroup', 'Keep_Seats'],
    ['User', 'ada@example.com']
  ])('accepts %s %j', (kind, value) => {
    expect(exclusionProblem(kind, value)).toBeNull();
  });
});

describe('saveRefusal and fieldLabel', () => {
  it('names each field as the form labels it', () => {
    expect(
      saveRefusal([
        { field: 'inactivityDays', message: 'A whole number of days from 1 to 3650.' },
        { field: 'exclusions.0', message: 'Listed twice.' }
      ])
    ).toBe(
      'Reclaim policy not saved. Inactivity days: A whole number of days from 1 to 3650. Exclusion 1: Listed twice.'
    );
    expect(fieldLabel('maxActionsPerRun')).toBe('Cap per run');
  });
});

describe('exclusion records', () => {
  const current = [
    { recordName: 'Full_90_X1', policy: 'Full_90', kind: 'User', value: 'ada@example.com' },
    { recordName: 'Full_90_X2', policy: 'Full_90', kind: 'Profile', value: 'Support' },
    { recordName: 'All_X1', policy: '*', kind: 'PublicGroup', value: 'Board' },
    { recordName: 'Other_X1', policy: 'Other', kind: 'User', value: 'bob@example.com' },
    { recordName: 'Blank_X1', policy: 'Full_90', kind: 'User', value: ' ' }
  ];

  it('exclusionRecordName takes the first free name and stays within 40 characters', () => {
    expect(exclusionRecordName('Full_90', new Set(['Full_90_X1']))).toBe('Full_90_X2');
    const long = `${'A'.repeat(34)}_B`;
    const name = exclusionRecordName(long, new Set());
    expect(name).toBe(`${'A'.repeat(34)}_X1`);
    expect(name.length).toBeLessThanOrEqual(40);
  });

  it('exclusionsOfPolicy lists own exclusions first, then those of every policy', () => {
    expect(exclusionsOfPolicy('Full_90', current)).toEqual([
      { kind: 'User', value: 'ada@example.com', recordName: 'Full_90_X1', allPolicies: false },
      { kind: 'Profile', value: 'Support', recordName: 'Full_90_X2', allPolicies: false },
      { kind: 'PublicGroup', value: 'Board', recordName: 'All_X1', allPolicies: true }
    ]);
  });

  it('plannedExclusions keeps, updates, adds and detaches', () => {
    const input = valid({
      isNew: false,
      exclusions: [
        { kind: 'User', value: ' ada@example.com ', recordName: 'Full_90_X1', allPolicies: false },
        { kind: 'PermissionSet', value: 'Keep', recordName: null, allPolicies: false },
        { kind: 'PublicGroup', value: 'Board', recordName: 'All_X1', allPolicies: true },
        { kind: 'User', value: 'eve@example.com', recordName: 'Other_X1', allPolicies: false }
      ]
    });
    expect(plannedExclusions(input, current)).toEqual([
      { recordName: 'Full_90_X1', policy: 'Full_90', kind: 'User', value: 'ada@example.com' },
      { recordName: 'Full_90_X3', policy: 'Full_90', kind: 'PermissionSet', value: 'Keep' },
      { recordName: 'Full_90_X4', policy: 'Full_90', kind: 'User', value: 'eve@example.com' },
      { recordName: 'Full_90_X2', policy: DETACHED_POLICY, kind: 'Profile', value: 'Support' },
      { recordName: 'Blank_X1', policy: DETACHED_POLICY, kind: 'User', value: ' ' }
    ]);
  });
});
