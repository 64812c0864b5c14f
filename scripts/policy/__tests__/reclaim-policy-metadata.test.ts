import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { DEFAULT_DIR } from '../../lib/paths';
import {
  INTEGRATION_MESSAGE,
  MAX_LADDER_ROWS_PER_USER,
  LIVE_RUN_STOPS,
  MAX_PAGE_SIZE,
  NOT_SENT,
  PASSES,
  ROLLUP_MESSAGE,
  SELF_MESSAGE
} from '../../preview/controller/policy-controller';
import {
  LEGACY_UNSENT_PREFIX,
  MAX_ACTIONS_PER_RUN,
  MAX_DAYS,
  MAX_NOTICE_DAYS
} from '../../preview/controller/policy-ladder';
import { TRIED_AGAIN } from '../../preview/controller/notice-notifier';
import { CLOSING_LINE } from '../../preview/controller/notice-template';
import { MAX_MESSAGES_PER_SEND } from '../../preview/controller/email-outbox';

/**
 * Reclaim policies ship safe (switched off; the sample inactive and a dry
 * run; new policies dry run and inactive unless an admin changes them), their
 * metadata matches what the Apex reads, and the preview's copy of the Apex
 * constants has not drifted.
 */
const fieldParser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name) => name === 'value'
});
const recordParser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name) => name === 'values'
});
const OBJECTS = path.join(DEFAULT_DIR, 'objects');
const CLASSES = path.join(DEFAULT_DIR, 'classes', 'reclaim');

function field(object: string, name: string) {
  return fieldParser.parse(
    fs.readFileSync(path.join(OBJECTS, object, 'fields', `${name}.field-meta.xml`), 'utf8')
  ).CustomField;
}

function picklistValues(object: string, name: string): string[] {
  return field(object, name).valueSet.valueSetDefinition.value.map(
    (v: { fullName: string }) => v.fullName
  );
}

function recordValues(file: string): Map<string, string> {
  const record = recordParser.parse(
    fs.readFileSync(path.join(DEFAULT_DIR, 'customMetadata', file), 'utf8')
  ).CustomMetadata;
  return new Map(
    (record.values as { field: string; value: string | { '#text': string } }[]).map((entry) => [
      entry.field,
      typeof entry.value === 'string' ? entry.value : entry.value['#text']
    ])
  );
}

/** The text of `public static final String NAME = '...';` (or Integer) in an Apex class. */
function apexConstant(file: string, name: string): string {
  const source = fs.readFileSync(path.join(CLASSES, file), 'utf8');
  const match = new RegExp(
    `static final (?:String|Integer) ${name} =\\s*('(?:[^'\\\\]|\\\\.)*'|[^;]+);`
  ).exec(source);
  if (!match) throw new Error(`${file}: no constant ${name}`);
  const value = match[1].trim();
  return value.startsWith("'") ? value.slice(1, -1).replace(/\\'/g, "'") : value;
}

describe('reclaim policy metadata', () => {
  it('ships with policies switched off (kill switch unchecked, default false)', () => {
    expect(field('LL_Setting__mdt', 'Reclaim_Policies_Enabled__c').defaultValue).toBe('false');
    expect(recordValues('LL_Setting.Default.md-meta.xml').get('Reclaim_Policies_Enabled__c')).toBe(
      'false'
    );
  });

  it('makes new policies dry runs and inactive unless an admin says otherwise', () => {
    expect(field('LL_Reclaim_Policy__mdt', 'Dry_Run__c').defaultValue).toBe('true');
    expect(field('LL_Reclaim_Policy__mdt', 'Active__c').defaultValue).toBe('false');
  });

  it('ships exactly one policy record, inactive and a dry run', () => {
    const records = fs
      .readdirSync(path.join(DEFAULT_DIR, 'customMetadata'))
      .filter((file) => file.startsWith('LL_Reclaim_Policy.'));
    expect(records).toEqual(['LL_Reclaim_Policy.Sample_Full_License_90_Days.md-meta.xml']);
    const sample = recordValues(records[0]);
    expect(sample.get('Active__c')).toBe('false');
    expect(sample.get('Dry_Run__c')).toBe('true');
    expect(
      fs
        .readdirSync(path.join(DEFAULT_DIR, 'customMetadata'))
        .some((f) => f.startsWith('LL_Reclaim_Policy_Exclusion.'))
    ).toBe(false);
  });

  it('lets admins edit every policy field in Setup (subscriber controlled)', () => {
    for (const object of ['LL_Reclaim_Policy__mdt', 'LL_Reclaim_Policy_Exclusion__mdt']) {
      for (const file of fs.readdirSync(path.join(OBJECTS, object, 'fields'))) {
        expect([
          file,
          field(object, file.replace('.field-meta.xml', '')).fieldManageability
        ]).toEqual([file, 'SubscriberControlled']);
      }
    }
  });

  it('offers the exclusion kinds LL_ReclaimPolicyConfig reads, and nothing else', () => {
    expect(field('LL_Reclaim_Policy_Exclusion__mdt', 'Kind__c').valueSet.restricted).toBe('true');
    expect(picklistValues('LL_Reclaim_Policy_Exclusion__mdt', 'Kind__c')).toEqual(
      ['KIND_PERMISSION_SET', 'KIND_PROFILE', 'KIND_PUBLIC_GROUP', 'KIND_USER'].map((name) =>
        apexConstant('LL_ReclaimPolicyConfig.cls', name)
      )
    );
  });

  it('lets the audit trail hold the Notify step, DryRun rows and the policy name', () => {
    expect(picklistValues('LL_Reclaim_Audit__c', 'Action__c')).toContain(
      apexConstant('LL_ReclaimLadder.cls', 'NOTIFY')
    );
    expect(picklistValues('LL_Reclaim_Audit__c', 'Status__c')).toContain(
      apexConstant('LL_ReclaimLadder.cls', 'DRY_RUN')
    );
    // Policy__c holds a DeveloperName (at most 40 characters).
    expect(field('LL_Reclaim_Audit__c', 'Policy__c').length).toBe('40');
  });
});

describe('the preview mirrors the Apex constants', () => {
  it.each([
    ['LL_ReclaimPolicyService.cls', 'SELF_MESSAGE', SELF_MESSAGE],
    ['LL_ReclaimPolicyService.cls', 'INTEGRATION_MESSAGE', INTEGRATION_MESSAGE],
    ['LL_ReclaimPolicyService.cls', 'ROLLUP_MESSAGE', ROLLUP_MESSAGE],
    ['LL_ReclaimNotifier.cls', 'NOT_SENT', NOT_SENT],
    ['LL_ReclaimNotifier.cls', 'LEGACY_UNSENT_PREFIX', LEGACY_UNSENT_PREFIX],
    ['LL_ReclaimPolicyService.cls', 'LIVE_RUN_STOPS', LIVE_RUN_STOPS],
    ['LL_ReclaimNotifier.cls', 'TRIED_AGAIN', TRIED_AGAIN],
    ['LL_NoticeTemplate.cls', 'CLOSING_LINE', CLOSING_LINE],
    ['LL_EmailSender.cls', 'MAX_MESSAGES_PER_SEND', String(MAX_MESSAGES_PER_SEND)],
    [
      'LL_PolicyCandidateSelector.cls',
      'MAX_LADDER_ROWS_PER_USER',
      String(MAX_LADDER_ROWS_PER_USER)
    ],
    ['LL_ReclaimPolicyConfig.cls', 'MAX_DAYS', String(MAX_DAYS)],
    ['LL_ReclaimPolicyConfig.cls', 'MAX_NOTICE_DAYS', String(MAX_NOTICE_DAYS)],
    ['LL_ReclaimPolicyConfig.cls', 'MAX_ACTIONS_PER_RUN', String(MAX_ACTIONS_PER_RUN)]
  ])('%s %s', (file, name, value) => {
    expect(apexConstant(file, name)).toBe(value);
  });

  it('pages of 200 users, the reclaim request maximum', () => {
    expect(apexConstant('LL_ReclaimRequest.cls', 'MAX_USERS_PER_REQUEST')).toBe(
      String(MAX_PAGE_SIZE)
    );
  });

  it('runs the passes in the same order', () => {
    const source = fs.readFileSync(path.join(CLASSES, 'LL_ReclaimPolicyJob.cls'), 'utf8');
    const passes = /PASSES = new List<String>\{([^}]*)\}/.exec(source)![1];
    expect(passes.split(',').map((entry) => entry.trim().replace('LL_ReclaimLadder.', ''))).toEqual(
      PASSES.map((action) => action.toUpperCase())
    );
  });
});
