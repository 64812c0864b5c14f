/**
 * Loads the demo org into the preview through the same path as an export:
 * queried records → validation → OrgData.
 */
import { LoginTableBuilder } from '../data/login-table';
import { OrgDataBuilder, type OrgData } from '../data/org-data';
import { EXPORT_OBJECTS } from '../data/sf-export-format';
import { createDemoOrg, type DemoOrgOptions } from './demo-org';

const NUMBER_FORMAT = new Intl.NumberFormat('en-US');

/** The demo org as OrgData. */
export function loadDemoOrg(options: DemoOrgOptions): OrgData {
  const demo = createDemoOrg(options);
  const builder = new OrgDataBuilder();
  for (const object of EXPORT_OBJECTS) builder.addRecords(object, demo.records(object));
  return builder.build(`demo org (${NUMBER_FORMAT.format(demo.users)} users, seed ${demo.seed})`);
}

/**
 * The demo org as OrgData, its LoginHistory added as rows rather than records:
 * the same OrgData as loadDemoOrg (same rows, same order) in a fraction of the
 * time, for tests and measurements over large demo orgs.
 */
export function loadDemoOrgQuickly(options: DemoOrgOptions): OrgData {
  const demo = createDemoOrg(options);
  const builder = new OrgDataBuilder();
  for (const object of EXPORT_OBJECTS) {
    if (object !== 'LoginHistory') builder.addRecords(object, demo.records(object));
  }
  const logins = new LoginTableBuilder();
  for (const row of demo.loginRows()) logins.add(row);
  const data = builder.build(
    `demo org (${NUMBER_FORMAT.format(demo.users)} users, seed ${demo.seed})`
  );
  return { ...data, logins: logins.build() };
}
