/**
 * Loads the demo org into the preview through the same path as an export:
 * queried records → validation → OrgData.
 */
import { LoginTableBuilder } from '../data/login-table';
import { OrgDataBuilder, type OrgData } from '../data/org-data';
import { EXPORT_OBJECTS, type SfRecord } from '../data/sf-export-format';
import { createDemoOrg, type DemoOrgOptions } from './demo-org';

const NUMBER_FORMAT = new Intl.NumberFormat('en-US');

/** The demo org as OrgData. */
export function loadDemoOrg(options: DemoOrgOptions): OrgData {
  const demo = createDemoOrg(options);
  const builder = new OrgDataBuilder();
  for (const object of EXPORT_OBJECTS) builder.addRecords(object, demo.records(object));
  return builder.build(`demo org (${NUMBER_FORMAT.format(demo.users)} users, seed ${demo.seed})`);
}

/** Records of the first `count` items, generated no further. */
function* firstOf<T>(items: Iterable<T>, count: number): Generator<T> {
  if (count <= 0) return;
  let taken = 0;
  for (const item of items) {
    yield item;
    if (++taken >= count) return;
  }
}

/**
 * The demo org as OrgData, its LoginHistory added as rows rather than records:
 * the same OrgData as loadDemoOrg (same rows, same order) in a fraction of the
 * time, for tests and measurements over large demo orgs.
 * @param firstUsers keep only the first that many users (by Id) with their
 * logins, assignments and UserLogin rows (license pools stay the whole org's):
 * pages of those users read, and cost, exactly what they do in the whole org
 * (each user's records come from the user's own seed), without generating
 * everyone's
 */
export function loadDemoOrgQuickly(options: DemoOrgOptions, firstUsers?: number): OrgData {
  const demo = createDemoOrg(options);
  const kept = firstUsers ?? demo.users;
  const builder = new OrgDataBuilder();
  builder.addRecords('Organization', demo.records('Organization'));
  const userIds = new Set<string>();
  const users = [...firstOf(demo.records('User'), kept)];
  for (const user of users) userIds.add(user.Id as string);
  builder.addRecords('User', users);
  const own = (field: string) => (record: SfRecord) => userIds.has(record[field] as string);
  builder.addRecords('UserLicense', demo.records('UserLicense'));
  builder.addRecords('PermissionSetLicense', demo.records('PermissionSetLicense'));
  builder.addRecords(
    'PermissionSetLicenseAssign',
    [...demo.records('PermissionSetLicenseAssign')].filter(own('AssigneeId'))
  );
  builder.addRecords('UserLogin', [...demo.records('UserLogin')].filter(own('UserId')));
  const logins = new LoginTableBuilder();
  for (const row of demo.loginRows(kept)) logins.add(row);
  const data = builder.build(
    `demo org (${NUMBER_FORMAT.format(demo.users)} users, seed ${demo.seed})`
  );
  return { ...data, logins: logins.build() };
}
