import * as fs from 'node:fs';
import { DiskLoginTableBuilder } from '../../../preview/data/disk-login-table';
import { MemoryLoginTable } from '../../../preview/data/login-table';
import { ALL_ORGS_LABEL, mergeOrgData, mergedTimeZone } from '../merge-orgs';
import { ALL_ORGS_KEY, orgViews } from '../pulled-org';
import { pulled, smallOrg } from './small-org';

describe('mergeOrgData', () => {
  it('keeps every user of every org as a seat of its own, with Ids unique across the merge', () => {
    const a = smallOrg();
    const b = smallOrg({ source: 'b' }); // the same Ids as a: every one collides
    const { data, substitutedIds } = mergeOrgData([
      { org: 'org-a', data: a },
      { org: 'org-b', data: b }
    ]);
    expect(data.users).toHaveLength(10);
    expect(new Set(data.users.map((u) => u.id)).size).toBe(10);
    expect(data.users.map((u) => u.id)).toEqual([...data.users.map((u) => u.id)].sort());
    // org-a keeps its Ids; org-b's five users get substitutes of the same shape.
    for (const user of a.users) expect(data.users.some((u) => u.id === user.id)).toBe(true);
    expect(substitutedIds).toEqual([
      { org: 'org-a', users: 0, licenses: 0 },
      { org: 'org-b', users: 5, licenses: 0 }
    ]);
    for (const user of data.users) expect(user.id).toMatch(/^005[0-9A-Za-z]{15}$/);
    // Usernames are unchanged: two users per username, one per org.
    expect(data.users.filter((u) => u.username === a.users[0].username)).toHaveLength(2);
    expect(data.problems.map((p) => p.message).join(' ')).toContain('org-b: 5 record Ids');
  });

  it('keeps the merged logins on disk when the orgs keep theirs there (a live pull), with the same rows', () => {
    const toDisk = (data: ReturnType<typeof smallOrg>) => {
      const builder = new DiskLoginTableBuilder();
      builder.addTable(data.logins);
      return { ...data, logins: builder.build() };
    };
    const inMemory = [smallOrg(), smallOrg()];
    const onDisk = inMemory.map(toDisk);
    const fromMemory = mergeOrgData(inMemory.map((data, i) => ({ org: `org-${i}`, data }))).data;
    const fromDisk = mergeOrgData(onDisk.map((data, i) => ({ org: `org-${i}`, data }))).data;
    expect(fromMemory.logins.footprint().diskBytes).toBe(0);
    expect(fromDisk.logins.footprint().diskBytes).toBeGreaterThan(0);
    expect(fromDisk.logins.size).toBe(fromMemory.logins.size);
    const loginsOf = (data: typeof fromMemory, id: string) => {
      const { rows, time, combo } = data.logins.rowsOfUser(id);
      return Array.from(
        rows,
        (row) => `${time[row]} ${JSON.stringify(data.logins.combos[combo[row]])}`
      ).sort();
    };
    for (const user of fromMemory.users) {
      expect(loginsOf(fromDisk, user.id)).toEqual(loginsOf(fromMemory, user.id));
    }
    for (const data of [...onDisk, fromDisk]) data.logins.dispose();
  });

  it("drops the merged rows it collected when copying an org's logins fails", () => {
    const builder = new DiskLoginTableBuilder();
    const dispose = jest.spyOn(builder, 'dispose');
    const broken = smallOrg();
    jest.spyOn(broken.logins, 'forEachChunk').mockImplementation(() => {
      throw new Error('ENOSPC: no space left on device');
    });
    let folder: string | null = null;
    jest.spyOn(builder, 'add').mockImplementation(function (this: DiskLoginTableBuilder, row) {
      DiskLoginTableBuilder.prototype.add.call(this, row);
      folder = this.directory;
    });
    expect(() =>
      mergeOrgData(
        [
          { org: 'org-a', data: smallOrg() },
          { org: 'org-b', data: broken }
        ],
        { loginSink: () => builder }
      )
    ).toThrow(/ENOSPC/);
    expect(dispose).toHaveBeenCalled();
    // org-a's rows had made the scratch folder; it is gone.
    expect(folder).not.toBeNull();
    expect(fs.existsSync(folder!)).toBe(false);
  });

  it("attaches each org's logins, frozen state and permission set licenses to the right user", () => {
    const a = smallOrg();
    const b = smallOrg();
    const { data } = mergeOrgData([
      { org: 'org-a', data: a },
      { org: 'org-b', data: b }
    ]);
    expect(data.logins.size).toBe(a.logins.size + b.logins.size);
    const ivanIds = data.users.filter((u) => u.name === 'Ivan ETL').map((u) => u.id);
    expect(ivanIds).toHaveLength(2);
    for (const id of ivanIds) expect(data.logins.rowsOfUser(id).rows).toHaveLength(6);
    const adaIds = data.users.filter((u) => u.name === 'Ada Active').map((u) => u.id);
    for (const id of adaIds)
      expect(data.permissionSetLicensesByUser.get(id)).toEqual(['SalesUserPsl']);
    expect(data.userLoginIds.size).toBe(10);
  });

  it("sums license pools with the same name and keeps the first org's Id", () => {
    const a = smallOrg({ salesforceSeats: 10 });
    const b = smallOrg({ salesforceSeats: 30 });
    const { data } = mergeOrgData([
      { org: 'org-a', data: a },
      { org: 'org-b', data: b }
    ]);
    expect(data.userLicenses).toHaveLength(2);
    const salesforce = data.userLicenses.find((row) => row.name === 'Salesforce')!;
    expect(salesforce).toMatchObject({
      id: a.userLicenses[0].id,
      totalLicenses: 40,
      usedLicenses: 10
    });
    // the input rows are not changed
    expect(a.userLicenses[0].totalLicenses).toBe(10);
  });

  it('gives a pool that shares an Id with another name a substitute Id', () => {
    const a = smallOrg();
    const b = smallOrg();
    b.userLicenses[0] = {
      ...b.userLicenses[0],
      name: 'Salesforce Platform',
      masterLabel: 'Salesforce Platform'
    };
    const { data, substitutedIds } = mergeOrgData([
      { org: 'org-a', data: a },
      { org: 'org-b', data: b }
    ]);
    expect(data.userLicenses).toHaveLength(3);
    expect(new Set(data.userLicenses.map((row) => row.id)).size).toBe(3);
    expect(substitutedIds[1].licenses).toBe(1);
  });

  it('keeps a common time zone, and counts days in UTC with a warning when the orgs differ', () => {
    const paris = smallOrg({ timeZone: 'Europe/Paris' });
    expect(
      mergedTimeZone([
        { org: 'a', data: paris },
        { org: 'b', data: smallOrg({ timeZone: 'Europe/Paris' }) }
      ])
    ).toEqual({
      timeZone: 'Europe/Paris',
      warning: null
    });
    const merged = mergeOrgData([
      { org: 'a', data: paris },
      { org: 'b', data: smallOrg({ timeZone: 'America/New_York' }) }
    ]);
    expect(merged.timeZone).toBe('UTC');
    expect(merged.data.organization?.timeZoneSidKey).toBe('UTC');
    expect(
      merged.data.problems.some((p) => p.message.includes('a: Europe/Paris, b: America/New_York'))
    ).toBe(true);
  });

  it('keeps an object one org could not read unreadable, naming the org, and prefixes problems', () => {
    const a = smallOrg();
    const b = {
      ...smallOrg(),
      unavailable: new Map([['LoginHistory' as const, 'budget reached']]),
      logins: MemoryLoginTable.empty()
    };
    b.problems = [
      { file: 'User.json', field: null, severity: 'warning', message: 'has 1 bad row.' }
    ];
    const { data } = mergeOrgData([
      { org: 'org-a', data: a },
      { org: 'org-b', data: b }
    ]);
    expect(data.unavailable.get('LoginHistory')).toBe('org-b: budget reached');
    expect(data.problems.map((p) => p.message)).toContain('org-b: has 1 bad row.');
    expect(data.source).toBe(`${ALL_ORGS_LABEL} (org-a, org-b)`);
  });

  it('refuses no org and two orgs with one name', () => {
    expect(() => mergeOrgData([])).toThrow('at least one');
    expect(() =>
      mergeOrgData([
        { org: 'x', data: smallOrg() },
        { org: 'x', data: smallOrg() }
      ])
    ).toThrow('same name');
  });
});

describe('orgViews', () => {
  it('offers All orgs first, then each org with data, and names failed and partial orgs', () => {
    const views = orgViews([
      pulled('org-a', smallOrg()),
      pulled('org-b', null, 'failed', ['org-b: connection refused.']),
      pulled('org-c', smallOrg(), 'partial', ['LoginHistory stopped at the API budget.'])
    ]);
    expect(views.views.map((v) => [v.key, v.label, v.status])).toEqual([
      [ALL_ORGS_KEY, ALL_ORGS_LABEL, 'merged'],
      ['1', 'org-a', 'complete'],
      ['3', 'org-c', 'partial']
    ]);
    expect(views.views[0].data.users).toHaveLength(10);
    expect(views.incomplete).toEqual([
      { org: 'org-b', status: 'failed', failures: ['org-b: connection refused.'] },
      { org: 'org-c', status: 'partial', failures: ['LoginHistory stopped at the API budget.'] }
    ]);
  });

  it('has no merged view for a single org with data', () => {
    const views = orgViews([pulled('only', smallOrg())]);
    expect(views.views.map((v) => v.key)).toEqual(['1']);
    expect(views.merged).toBeNull();
  });
});
