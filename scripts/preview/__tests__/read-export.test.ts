import * as fs from 'node:fs';
import * as path from 'node:path';
import { readExportFolder, extractRecords } from '../data/read-export';
import { parseDateTime } from '../data/record-schema';
import {
  cleanUp,
  copyOfSmallExport,
  FIXTURE_NOW,
  FIXTURE_USERS,
  fixtureController,
  readJson,
  SMALL_EXPORT,
  writeJson
} from './helpers';

afterEach(cleanUp);

describe('readExportFolder on a good export', () => {
  const data = readExportFolder(SMALL_EXPORT);

  it('reads every object without problems', () => {
    expect(data.problems).toEqual([]);
    expect(data.unavailable.size).toBe(0);
    expect(data.source).toContain(SMALL_EXPORT);
  });

  it('keeps users sorted by Id with nested relationship fields flattened', () => {
    expect(data.users.map((user) => user.id)).toEqual(Object.values(FIXTURE_USERS));
    const ada = data.users[0];
    expect(ada).toMatchObject({
      name: 'Ada Admin',
      isActive: true,
      profileName: 'System Administrator',
      licenseName: 'Salesforce',
      licenseDefinitionKey: 'SFDC',
      roleName: null,
      lastLoginDate: Date.parse('2026-11-23T17:00:00.000Z'),
      createdDate: Date.parse('2024-01-15T10:00:00.000Z')
    });
    expect(data.users[1].roleName).toBe('Ops Lead');
    expect(data.users[3].lastLoginDate).toBeNull();
  });

  it('collects frozen users, UserLogin owners and sorted PSL names per user', () => {
    expect([...data.frozenUserIds]).toEqual([FIXTURE_USERS.dan]);
    expect(data.userLoginIds.size).toBe(4);
    expect(data.permissionSetLicensesByUser.get(FIXTURE_USERS.ben)).toEqual([
      'SalesConsoleUser',
      'SalesforceAPIIntegrationPsl'
    ]);
  });

  it('keeps every LoginHistory row and the org time zone', () => {
    expect(data.logins.size).toBe(8);
    expect(data.logins.rowsOfUser(FIXTURE_USERS.ada).rows).toHaveLength(4);
    expect(data.logins.rowsOfUser(FIXTURE_USERS.dan).rows).toHaveLength(0);
    expect(data.logins.newestTime()).toBe(Date.parse('2026-11-23T19:00:00.000Z'));
    expect(data.organization?.timeZoneSidKey).toBe('America/Los_Angeles');
  });
});

describe('readExportFolder on broken exports', () => {
  it('throws for a folder that does not exist', () => {
    expect(() => readExportFolder(path.join(SMALL_EXPORT, 'nope'))).toThrow(/no such folder/);
  });

  it('names a missing required file and the command that creates it', () => {
    const dir = copyOfSmallExport();
    fs.rmSync(path.join(dir, 'LoginHistory.json'));
    const data = readExportFolder(dir);
    const problem = data.problems.find((p) => p.file === 'LoginHistory.json');
    expect(problem?.severity).toBe('error');
    expect(problem?.message).toMatch(/LoginHistory\.json is missing/);
    expect(problem?.message).toContain('sf data query --query "SELECT Id, UserId, LoginTime');
    expect(data.unavailable.get('LoginHistory')).toMatch(/LoginHistory\.json is missing/);
    expect(data.users).toHaveLength(4);
  });

  it('does not complain about a missing optional file', () => {
    const dir = copyOfSmallExport();
    fs.rmSync(path.join(dir, 'PermissionSetLicenseAssign.json'));
    fs.rmSync(path.join(dir, 'Organization.json'));
    const data = readExportFolder(dir);
    expect(data.problems).toEqual([]);
    expect(data.organization).toBeNull();
  });

  it('names a file that is not JSON and keeps the other objects', () => {
    const dir = copyOfSmallExport();
    fs.writeFileSync(path.join(dir, 'UserLicense.json'), '{ "status": 0, "result": ');
    const data = readExportFolder(dir);
    expect(data.problems).toHaveLength(1);
    expect(data.problems[0]).toMatchObject({
      file: 'UserLicense.json',
      field: null,
      severity: 'error'
    });
    expect(data.problems[0].message).toMatch(/^UserLicense\.json could not be read as JSON/);
    expect(data.unavailable.has('UserLicense')).toBe(true);
    expect(data.permissionSetLicenses).toHaveLength(3);
  });

  it('names records with a missing or invalid field, skips them and keeps the rest', () => {
    const dir = copyOfSmallExport();
    const users = readJson(dir, 'User.json');
    delete users.result.records[1].CreatedDate;
    users.result.records[2].IsActive = 'yes';
    users.result.records[3].IsActive = 'no';
    writeJson(dir, 'User.json', users);
    const data = readExportFolder(dir);
    expect(data.users.map((user) => user.id)).toEqual([FIXTURE_USERS.ada]);
    const messages = data.problems.map((p) => p.message);
    expect(messages).toContain(
      `User.json: 1 of 4 records have no "CreatedDate" field (add it to the query), first at record 2, Id ${FIXTURE_USERS.ben}; those records were skipped.`
    );
    expect(messages).toContain(
      `User.json: 2 of 4 records have an invalid "IsActive" (expected true or false), first at record 3, Id ${FIXTURE_USERS.cleo}; those records were skipped.`
    );
    expect(data.problems.every((p) => p.severity === 'warning')).toBe(true);
    expect(data.problems.map((p) => p.field).sort()).toEqual(['CreatedDate', 'IsActive']);
  });

  it('uses the fallback for an optional field missing from the query, and says so', () => {
    const dir = copyOfSmallExport();
    const logins = readJson(dir, 'LoginHistory.json');
    for (const record of logins.result.records) delete record.Application;
    writeJson(dir, 'LoginHistory.json', logins);
    const data = readExportFolder(dir);
    expect(data.logins.size).toBe(8);
    expect(data.logins.combos.every((combo) => combo.application === null)).toBe(true);
    expect(data.problems).toHaveLength(1);
    expect(data.problems[0].message).toBe(
      'LoginHistory.json: 8 of 8 records have no "Application" field (add it to the query), first at record 1, Id 0Ya000000000001AAA; used null instead.'
    );
  });

  it('rejects a file that holds another object', () => {
    const dir = copyOfSmallExport();
    fs.copyFileSync(path.join(dir, 'User.json'), path.join(dir, 'PermissionSetLicense.json'));
    const data = readExportFolder(dir);
    expect(data.unavailable.get('PermissionSetLicense')).toMatch(
      /PermissionSetLicense\.json holds User records; expected PermissionSetLicense/
    );
  });

  it('reports sf CLI error output and truncated query results', () => {
    const dir = copyOfSmallExport();
    writeJson(dir, 'UserLogin.json', { status: 1, name: 'NoOrgFound', message: 'No default org.' });
    const logins = readJson(dir, 'LoginHistory.json');
    logins.result.totalSize = 60000;
    writeJson(dir, 'LoginHistory.json', logins);
    const data = readExportFolder(dir);
    expect(data.unavailable.get('UserLogin')).toBe(
      'UserLogin.json holds an sf CLI error (status 1) instead of query results: No default org.'
    );
    const truncated = data.problems.find((p) => p.file === 'LoginHistory.json');
    expect(truncated?.severity).toBe('warning');
    expect(truncated?.message).toContain('holds 8 of 60000 records');
    expect(truncated?.message).toContain('SF_ORG_MAX_QUERY_LIMIT=60000');
    expect(data.logins.size).toBe(8);
  });

  it('reads an export without UserLogin.json (needs Manage Users): frozen state unknown, said once', () => {
    const dir = copyOfSmallExport();
    fs.rmSync(path.join(dir, 'UserLogin.json'));
    const data = readExportFolder(dir);
    expect(data.unavailable.has('UserLogin')).toBe(false);
    expect(data.problems).toEqual([
      expect.objectContaining({
        file: 'UserLogin.json',
        severity: 'warning',
        message: expect.stringContaining("every user's frozen state is unknown")
      })
    ]);
    const page = fixtureController(data).getUserPage({ pageSize: 200 });
    expect(page.users.ids.length).toBeGreaterThan(0);
    expect(page.users.isFrozen.every((frozen) => frozen === null)).toBe(true);
  });

  it('reads files written as UTF-16 (Windows PowerShell redirection) or with a UTF-8 BOM', () => {
    const dir = copyOfSmallExport();
    const users = fs.readFileSync(path.join(dir, 'User.json'), 'utf8');
    fs.writeFileSync(
      path.join(dir, 'User.json'),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(users, 'utf16le')])
    );
    fs.writeFileSync(
      path.join(dir, 'UserLogin.json'),
      `\uFEFF${fs.readFileSync(path.join(dir, 'UserLogin.json'), 'utf8')}`
    );
    const data = readExportFolder(dir);
    expect(data.problems).toEqual([]);
    expect(data.users).toHaveLength(4);
    expect(data.frozenUserIds.size).toBe(1);
  });

  it('replaces an unknown time zone with UTC and says so', () => {
    const dir = copyOfSmallExport();
    const org = readJson(dir, 'Organization.json');
    org.result.records[0].TimeZoneSidKey = 'Mars/Olympus_Mons';
    writeJson(dir, 'Organization.json', org);
    const data = readExportFolder(dir);
    expect(data.organization?.timeZoneSidKey).toBe('UTC');
    expect(data.problems[0].message).toMatch(/Mars\/Olympus_Mons.*using UTC/);
  });
});

describe('implausible LoginTimes', () => {
  it('reports rows from year 9999 or before 2000, leaves them out, and keeps "as of" and the calls', () => {
    const dir = copyOfSmallExport();
    const logins = readJson(dir, 'LoginHistory.json');
    const [first] = logins.result.records;
    logins.result.records.push(
      { ...first, Id: '0Ya000000000091AAA', LoginTime: '9999-12-31T23:59:59.000+0000' },
      { ...first, Id: '0Ya000000000092AAA', LoginTime: '1970-01-01T00:00:00.000+0000' },
      { ...first, Id: '0Ya000000000093AAA', LoginTime: '2026-11-24T19:59:59.000+0000' }
    );
    logins.result.totalSize = logins.result.records.length;
    writeJson(dir, 'LoginHistory.json', logins);
    const data = readExportFolder(dir, { readAt: FIXTURE_NOW, progress: null });
    // Within the day of skew after reading: kept.
    expect(data.logins.size).toBe(9);
    expect(data.logins.newestTime()).toBe(Date.parse('2026-11-24T19:59:59.000Z'));
    expect(data.problems).toEqual([
      {
        file: 'LoginHistory.json',
        field: 'LoginTime',
        severity: 'warning',
        message:
          'LoginHistory.json: 2 of 11 records have an implausible "LoginTime" (expected a time from ' +
          '2000-01-01T00:00:00.000Z to 2026-11-24T20:00:00.000Z, the time of reading plus one day), ' +
          'first at record 9, Id 0Ya000000000091AAA; those records were skipped.'
      }
    ]);
    const page = fixtureController(data).getUserPage({ pageSize: 200 });
    expect(page.users.ids.length).toBeGreaterThan(0);
  });

  it('uses the time of reading by default', () => {
    const dir = copyOfSmallExport();
    const logins = readJson(dir, 'LoginHistory.json');
    logins.result.records[0].LoginTime = '9999-12-31T23:59:59.000+0000';
    writeJson(dir, 'LoginHistory.json', logins);
    const data = readExportFolder(dir, { progress: null });
    expect(data.logins.size).toBe(7);
    expect(data.logins.newestTime()).toBeLessThan(Date.now());
  });
});

describe('extractRecords', () => {
  it('accepts sf --json output and a bare query result', () => {
    const records = [{ Id: '005000000000001AAA' }];
    expect(extractRecords({ status: 0, result: { totalSize: 1, done: true, records } })).toEqual({
      records,
      totalSize: 1
    });
    expect(extractRecords({ records })).toEqual({ records, totalSize: null });
  });

  it('explains what is wrong with other JSON', () => {
    expect(extractRecords([1, 2])).toEqual({
      error: 'has no "result.records" array; expected the output of "sf data query --json".'
    });
    expect(extractRecords('text')).toHaveProperty('error');
  });
});

describe('parseDateTime', () => {
  it('reads the REST format exactly and falls back to Date.parse for ISO text', () => {
    expect(parseDateTime('2026-05-01T12:34:56.123+0000')).toBe(
      Date.parse('2026-05-01T12:34:56.123Z')
    );
    expect(parseDateTime('2026-11-23T07:29:07.000Z')).toBe(Date.parse('2026-11-23T07:29:07.000Z'));
  });

  it('rejects impossible dates and times', () => {
    expect(parseDateTime('2026-02-30T12:00:00.000+0000')).toBeNaN();
    expect(parseDateTime('2026-05-01T24:00:00.000+0000')).toBeNaN();
    expect(parseDateTime('2026-0a-01T12:00:00.000+0000')).toBeNaN();
    expect(parseDateTime('yesterday')).toBeNaN();
  });
});
