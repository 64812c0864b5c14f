import * as crypto from 'node:crypto';
import { inMemory } from './in-memory';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createDemoOrg, type DemoOrg } from '../demo-org/demo-org';
import { writeDemoExport } from '../demo-org/export-demo-org';
import { loadDemoOrg } from '../demo-org/load-demo-org';
import { integrationCount } from '../demo-org/population';
import { deriveSeed, mulberry32 } from '../demo-org/prng';
import { caseSafeSuffix, demoId } from '../demo-org/salesforce-ids';
import { readExportFolder } from '../data/read-export';
import {
  EXPORT_FILES,
  EXPORT_OBJECTS,
  type ExportObject,
  type SfRecord
} from '../data/sf-export-format';
import { cleanUp, tempDir } from './helpers';

afterEach(cleanUp);

const NOW = Date.parse('2026-11-23T20:00:00.000Z');
const HISTORY_MS = 180 * 86_400_000;
const USERS = 400;

function records(demo: DemoOrg, object: ExportObject): SfRecord[] {
  return [...demo.records(object)];
}

function digest(items: Iterable<SfRecord>): string {
  const hash = crypto.createHash('sha256');
  for (const item of items) hash.update(JSON.stringify(item));
  return hash.digest('hex');
}

describe('prng and ids', () => {
  it('mulberry32 repeats its sequence for a seed and differs between seeds', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, mulberry32(seed));
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    expect(draw(7).every((value) => value >= 0 && value < 1)).toBe(true);
    expect(deriveSeed(1, 2)).not.toBe(deriveSeed(1, 3));
  });

  it('computes the case-safe suffix of 15-character Ids', () => {
    expect(caseSafeSuffix('005000000000000')).toBe('AAA');
    expect(caseSafeSuffix('A0000B0000C0000')).toBe('BBB');
    expect(caseSafeSuffix('AAAAAaaaaa00000')).toBe('5AA');
  });

  it('makes 18-character Ids that sort in creation order', () => {
    const ids = [1, 9, 10, 61, 62, 3843, 3844].map((n) => demoId('User', n));
    expect(ids.every((id) => /^005[A-Za-z0-9]{15}$/.test(id))).toBe(true);
    expect([...ids].sort()).toEqual(ids);
  });
});

describe('createDemoOrg', () => {
  const demo = createDemoOrg({ users: USERS, seed: 42, now: NOW });
  const users = records(demo, 'User');
  const logins = records(demo, 'LoginHistory');
  const userLogins = records(demo, 'UserLogin');

  it('is deterministic: same seed and now, same records', () => {
    const again = createDemoOrg({ users: USERS, seed: 42, now: NOW });
    expect(digest(again.records('User'))).toBe(digest(users));
    expect(digest(again.records('LoginHistory'))).toBe(digest(logins));
    for (const object of EXPORT_OBJECTS.filter((o) => o !== 'User' && o !== 'LoginHistory')) {
      expect(records(again, object)).toEqual(records(demo, object));
    }
  });

  it('changes with the seed', () => {
    const other = createDemoOrg({ users: USERS, seed: 43, now: NOW });
    expect(digest(other.records('User'))).not.toBe(digest(users));
    expect(digest(other.records('LoginHistory'))).not.toBe(digest(logins));
  });

  it('has the requested number of users, each with a UserLogin', () => {
    expect(users).toHaveLength(USERS);
    expect(userLogins).toHaveLength(USERS);
    expect(new Set(users.map((user) => user.Id)).size).toBe(USERS);
  });

  it('keeps six months of logins ending before now, all of known users', () => {
    const ids = new Set(users.map((user) => user.Id));
    const times = logins.map((login) => Date.parse(login.LoginTime as string));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(NOW - HISTORY_MS);
    expect(Math.max(...times)).toBeLessThan(NOW);
    expect(logins.every((login) => ids.has(login.UserId))).toBe(true);
  });

  it('mixes interactive, SSO, mobile, API and client-credentials logins, and failures', () => {
    const kinds = new Set(logins.map((l) => `${l.LoginType}|${l.LoginSubType}|${l.Status}`));
    expect(kinds).toEqual(
      new Set([
        'Application|null|Success',
        'Application|null|Invalid Password',
        'SAML Sfdc Initiated SSO|null|Success',
        'Remote Access 2.0|null|Success',
        'Remote Access 2.0|OauthClientCredentials|Success',
        'Other Apex API|null|Success'
      ])
    );
  });

  it('counts UsedLicenses as the active users on each license', () => {
    for (const license of records(demo, 'UserLicense')) {
      const active = users.filter(
        (user) =>
          user.IsActive &&
          (user.Profile as { UserLicense: { Name: string } }).UserLicense.Name === license.Name
      ).length;
      expect(license.UsedLicenses).toBe(active);
      expect(license.TotalLicenses as number).toBeGreaterThanOrEqual(active);
    }
  });

  it('has never-logged-in, frozen and inactive users', () => {
    const neverLoggedIn = users.filter((user) => user.IsActive && user.LastLoginDate === null);
    const frozen = userLogins.filter((login) => login.IsFrozen);
    const inactive = users.filter((user) => !user.IsActive);
    expect(neverLoggedIn.length).toBeGreaterThan(USERS * 0.02);
    expect(frozen.length).toBeGreaterThan(0);
    expect(inactive.length).toBeGreaterThan(USERS * 0.04);
  });

  it('runs integrations on Salesforce Integration seats with the API PSL, and a few on admin seats', () => {
    const profileOf = (user: SfRecord) => (user.Profile as { Name: string }).Name;
    const integrationSeats = users.filter(
      (user) => profileOf(user) === 'Minimum Access - API Only Integrations'
    );
    expect(integrationSeats).toHaveLength(integrationCount(USERS));
    const assignees = new Set(
      records(demo, 'PermissionSetLicenseAssign')
        .filter(
          (a) =>
            (a.PermissionSetLicense as { DeveloperName: string }).DeveloperName ===
            'SalesforceAPIIntegrationPsl'
        )
        .map((a) => a.AssigneeId)
    );
    expect(integrationSeats.every((user) => assignees.has(user.Id))).toBe(true);

    const adminIntegrations = users.filter(
      (user) => profileOf(user) === 'System Administrator' && /Admin$/.test(user.Name as string)
    );
    expect(adminIntegrations).toHaveLength(integrationCount(USERS));
    for (const admin of adminIntegrations) {
      const own = logins.filter((login) => login.UserId === admin.Id && login.Status === 'Success');
      const api = own.filter(
        (login) =>
          login.LoginType !== 'Application' && login.LoginType !== 'SAML Sfdc Initiated SSO'
      );
      expect(api.length / own.length).toBeGreaterThan(0.99);
    }
  });

  it('sets LastLoginDate to the newest successful login when there is one in the history', () => {
    const newest = new Map<unknown, string>();
    for (const login of logins) {
      if (login.Status !== 'Success') continue;
      const time = login.LoginTime as string;
      if ((newest.get(login.UserId) ?? '') < time) newest.set(login.UserId, time);
    }
    for (const user of users) {
      if (newest.has(user.Id)) expect(user.LastLoginDate).toBe(newest.get(user.Id));
    }
  });

  it('rejects sizes outside what it makes', () => {
    expect(() => createDemoOrg({ users: 0, now: NOW })).toThrow(/--users must be a whole number/);
    expect(() => createDemoOrg({ users: 1.5, now: NOW })).toThrow(/--users/);
  });
});

describe('demo export', () => {
  it('writes sf data query --json files that read back as the same org (one path)', () => {
    const demo = createDemoOrg({ users: 300, seed: 9, now: NOW });
    const dir = tempDir();
    const counts = writeDemoExport(demo, dir);
    for (const object of EXPORT_OBJECTS) {
      const output = JSON.parse(fs.readFileSync(path.join(dir, EXPORT_FILES[object].file), 'utf8'));
      expect(output.status).toBe(0);
      expect(output.result.done).toBe(true);
      expect(output.result.totalSize).toBe(counts[object]);
      expect(output.result.records).toHaveLength(counts[object]);
      expect(output.result.records[0].attributes.type).toBe(object);
    }
    const fromFiles = readExportFolder(dir);
    const direct = loadDemoOrg({ users: 300, seed: 9, now: NOW });
    expect(fromFiles.problems).toEqual([]);
    expect(fromFiles.users).toEqual(direct.users);
    expect(fromFiles.userLicenses).toEqual(direct.userLicenses);
    expect(fromFiles.permissionSetLicenses).toEqual(direct.permissionSetLicenses);
    expect([...fromFiles.frozenUserIds]).toEqual([...direct.frozenUserIds]);
    expect(fromFiles.logins.size).toBe(direct.logins.size);
    expect(Array.from(inMemory(fromFiles.logins).time)).toEqual(
      Array.from(inMemory(direct.logins).time)
    );
    expect(fromFiles.logins.combos).toEqual(direct.logins.combos);
  });
});
