import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import JSZip from 'jszip';
import { ALL_ORGS_LABEL } from '../../multi-org/merge-orgs';
import {
  HOSTILE_DEPARTMENT,
  HOSTILE_NAME,
  pulled,
  SMALL_METADATA,
  SMALL_NOW,
  smallOrg
} from '../../multi-org/__tests__/small-org';
import type { PulledOrg } from '../../multi-org/pulled-org';
import { buildReportModel, EXIT, writeReportFiles } from '../run-report';
import { escapeHtml, renderCsvFiles, renderHtml, renderXlsx } from '../render';
import type { ReportModel, ReportTable } from '../report-model';
import { runReportCli } from '../report-cli';

function table(model: ReportModel, id: string): ReportTable {
  const found = model.tables.find((t) => t.id === id);
  if (!found) throw new Error(`no table ${id}`);
  return found;
}

/** The row of a table whose first cells are `keys`, as column label -> value. */
function rowOf(t: ReportTable, ...keys: unknown[]): Record<string, unknown> {
  const row = t.rows.find((r) => keys.every((key, index) => r[index] === key));
  if (!row) throw new Error(`no row ${keys.join(' / ')} in ${t.id}`);
  return Object.fromEntries(t.columns.map((c, i) => [c.label, row[i]]));
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'll-report-'));
}

describe('report tables over the small org (worked out by hand)', () => {
  let model: ReportModel;
  beforeAll(async () => {
    model = await buildReportModel([pulled('org-a', smallOrg())], SMALL_METADATA, SMALL_NOW);
  });

  it('counts the KPIs as the dashboard does', () => {
    expect(rowOf(table(model, 'summary'), 'org-a')).toMatchObject({
      Status: 'complete',
      'Seats bought': 15,
      'Seats used': 5,
      'Users with a seat': 5,
      Active: 1,
      Inactive: 2,
      'Never logged in': 1,
      'Integrations on human seats': 1,
      'Of which admin': 0,
      'Inactivity threshold (days)': 90,
      Currency: 'USD',
      // Salesforce: 2 inactive + 1 never + 5 unassigned = 8 seats x 150 x 12 = 14,400;
      // plus moving Ivan to a free integration seat: 150 x 12 = 1,800.
      'Annual waste': 16200,
      'Monthly waste': 1350,
      'Login window (days)': 30,
      'Days read': 30,
      'API requests spent': 12
    });
  });

  it('lists seats per pool, the waste per license, and the users behind it', () => {
    expect(rowOf(table(model, 'licenses'), 'org-a', 'UserLicense', 'Salesforce')).toMatchObject({
      'Seats bought': 10,
      'Seats used': 5,
      'Seats free': 5,
      'Percent used': 50
    });
    expect(rowOf(table(model, 'waste'), 'org-a', 'Salesforce')).toMatchObject({
      'Inactive seats': 2,
      'Never-logged-in seats': 1,
      'Unassigned seats': 5,
      'Wasted seats': 8,
      'Monthly price': 150,
      'Annual waste': 14400
    });
    const names = (id: string) =>
      table(model, id)
        .rows.map((r) => r[1])
        .sort();
    expect(names('inactive-users')).toEqual([HOSTILE_NAME, 'Ian Inactive'].sort());
    expect(names('never-logged-in')).toEqual(['Nora Never']);
    expect(rowOf(table(model, 'integrations'), 'org-a', 'Ivan ETL')).toMatchObject({
      'API share of logins': 100,
      'Fits a free integration seat': true,
      'Annual saving': 1800
    });
    expect(table(model, 'failures').rows).toEqual([]);
  });
});

describe('two orgs, one failed', () => {
  let model: ReportModel;
  beforeAll(async () => {
    model = await buildReportModel(
      [
        pulled('org-a', smallOrg()),
        pulled('org-b', smallOrg({ salesforceSeats: 20 })),
        pulled('org-c', null, 'failed', ['org-c: no usable sf CLI login.'])
      ],
      SMALL_METADATA,
      SMALL_NOW
    );
  });

  it("adds the consolidated row: counts summed, each org's users their own seats", () => {
    const all = rowOf(table(model, 'summary'), ALL_ORGS_LABEL);
    expect(all).toMatchObject({
      Status: 'partial',
      'Seats bought': 15 + 25,
      'Users with a seat': 10,
      Inactive: 4,
      'Never logged in': 2,
      'Integrations on human seats': 2
    });
    expect(
      rowOf(table(model, 'licenses'), ALL_ORGS_LABEL, 'UserLicense', 'Salesforce')
    ).toMatchObject({
      'Seats bought': 30,
      'Seats used': 10
    });
    expect(rowOf(table(model, 'summary'), 'org-c')).toMatchObject({
      Status: 'failed',
      'Seats bought': null
    });
  });

  it('names the failed org and what the merged view decided', () => {
    const failures = table(model, 'failures').rows;
    expect(failures).toContainEqual(['org-c', 'failed', 'org-c: no usable sf CLI login.']);
    expect(
      failures.some((r) => r[0] === ALL_ORGS_LABEL && String(r[2]).includes('leaves out org-c'))
    ).toBe(true);
    expect(failures.some((r) => String(r[2]).includes('substitute Ids'))).toBe(true);
    const html = renderHtml(model);
    expect(html).toContain('This report is incomplete');
    expect(html).toMatch(/<strong>org-c<\/strong> \(failed\)/);
  });
});

describe('formats', () => {
  let model: ReportModel;
  beforeAll(async () => {
    model = await buildReportModel([pulled('<org & "a">', smallOrg())], SMALL_METADATA, SMALL_NOW);
  });

  it('HTML: self-contained, escaped, tables with captions and th scope', () => {
    const html = renderHtml(model);
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\//i);
    expect(html).toContain('<style>');
    expect(html).not.toContain('<b>Eve</b>');
    expect(html).toContain(escapeHtml(HOSTILE_NAME));
    expect(html).toContain('&lt;org &amp; &quot;a&quot;&gt;');
    const tables = html.match(/<table>/g) ?? [];
    const captions = html.match(/<caption>/g) ?? [];
    expect(tables.length).toBeGreaterThan(3);
    expect(captions.length).toBe(tables.length);
    expect(html).toContain('<th scope="col"');
    expect(html).toContain('<th scope="row"');
    expect(html).not.toMatch(/<th(?=[\s>])(?![^>]*scope=)[^>]*>/);
  });

  it('escapeHtml escapes the five HTML specials', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;'
    );
  });

  it('CSV: one file per table, RFC 4180 quoting, formulas neutralised', () => {
    const files = renderCsvFiles(model);
    expect(files.map((f) => f.file)).toEqual(model.tables.map((t) => `${t.id}.csv`));
    const inactive = files.find((f) => f.file === 'inactive-users.csv')!.content;
    expect(inactive.startsWith('\uFEFFOrg,Name,')).toBe(true);
    expect(inactive).toContain('"<b>Eve</b> & ""Co"""');
    expect(inactive).toContain(`'=cmd|' /C calc'!A0`);
    expect(inactive).not.toMatch(/,=cmd/);
    expect(inactive.split('\r\n').length).toBe(2 + 2); // header, two users, final empty
  });

  it('XLSX: a sheet per table, readable back, text as strings, never a formula', async () => {
    const zip = await JSZip.loadAsync(await renderXlsx(model));
    const workbook = await zip.file('xl/workbook.xml')!.async('string');
    for (const t of model.tables) expect(workbook).toContain(`name="${t.title.slice(0, 31)}"`);
    const sheets = Object.keys(zip.files).filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f));
    expect(sheets).toHaveLength(model.tables.length);
    let xml = '';
    for (const sheet of sheets) xml += await zip.file(sheet)!.async('string');
    const shared = (await zip.file('xl/sharedStrings.xml')?.async('string')) ?? '';
    expect(xml).not.toContain('<f>');
    expect(shared).toContain('<t>&lt;b&gt;Eve&lt;/b&gt; &amp; "Co"</t>');
    expect(shared).toContain(`<t>${HOSTILE_DEPARTMENT}</t>`);
    // the summary's annual waste is a number cell
    expect(xml).toMatch(/<v>16200<\/v>/);
  });

  it('writes the asked formats only', async () => {
    const dir = tempDir();
    const written = await writeReportFiles(model, dir, ['html']);
    expect(written).toEqual([path.join(dir, 'license-lens-report.html')]);
    expect(fs.readdirSync(dir)).toEqual(['license-lens-report.html']);
  });
});

describe('runReportCli', () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return {
      out,
      err,
      io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) }
    };
  };
  const pullOf =
    (pulls: PulledOrg[]) =>
    () =>
    async (
      _targets: string[],
      onProgress: (e: { org: string; phase: string; message: string }) => void
    ) => {
      for (const p of pulls) onProgress({ org: p.org, phase: 'done', message: `${p.org}: pulled` });
      return pulls;
    };

  it.each([
    [[], 'at least one --target-org'],
    [['-o', 'a'], '--out'],
    [['-o', 'a', '-o', 'a', '--out', 'x'], 'given twice'],
    [['-o', 'a', '--out', 'x', '--format', 'pdf'], '--format'],
    [['-o', 'a', '--out', 'x', '--max-api-share', '1.5'], '--max-api-share'],
    [['-o', 'a', '--out', 'x', '--bogus'], 'bogus']
  ])('exits 2 on a usage error: %j', async (args, text) => {
    const { err, io: streams } = io();
    const pull = jest.fn();
    expect(await runReportCli(args, streams, pull)).toBe(EXIT.usage);
    expect(err.join('').toLowerCase()).toContain(text.toLowerCase());
    expect(pull).not.toHaveBeenCalled();
  });

  it('exits 0 for a complete report; --json is one JSON document on stdout, progress on stderr', async () => {
    const dir = tempDir();
    const { out, err, io: streams } = io();
    const code = await runReportCli(
      ['-o', 'org-a', '--target-org', 'org-b', '--out', dir, '--json', '--format', 'csv,html'],
      streams,
      pullOf([pulled('org-a', smallOrg()), pulled('org-b', smallOrg())]),
      SMALL_NOW
    );
    expect(code).toBe(EXIT.complete);
    const summary = JSON.parse(out.join(''));
    expect(summary.status).toBe('complete');
    expect(summary.orgs.map((o: { org: string; status: string }) => [o.org, o.status])).toEqual([
      ['org-a', 'complete'],
      ['org-b', 'complete']
    ]);
    expect(summary.consolidated.counts.users).toBe(10);
    expect(summary.files).toContain(path.join(dir, 'license-lens-report.html'));
    expect(summary.files.filter((f: string) => f.endsWith('.csv'))).toHaveLength(7);
    expect(err.join('')).toContain('org-a: pulled');
  });

  it('exits 1 for a partial report and still writes it, naming the failure', async () => {
    const dir = tempDir();
    const { out, io: streams } = io();
    const code = await runReportCli(
      ['-o', 'org-a', '-o', 'org-b', '--out', dir, '--format', 'html'],
      streams,
      pullOf([
        pulled('org-a', smallOrg()),
        pulled('org-b', null, 'failed', ['org-b: unreachable.'])
      ]),
      SMALL_NOW
    );
    expect(code).toBe(EXIT.partial);
    expect(out.join('')).toContain('org-b [failed]');
    expect(fs.readFileSync(path.join(dir, 'license-lens-report.html'), 'utf8')).toContain(
      'org-b: unreachable.'
    );
  });

  it('exits 3 when the folder cannot be written', async () => {
    const dir = tempDir();
    const blocker = path.join(dir, 'file');
    fs.writeFileSync(blocker, '');
    const { err, io: streams } = io();
    const code = await runReportCli(
      ['-o', 'org-a', '--out', path.join(blocker, 'sub'), '--format', 'html'],
      streams,
      pullOf([pulled('org-a', smallOrg())]),
      SMALL_NOW
    );
    expect(code).toBe(EXIT.notWritten);
    expect(err.join('')).toContain('No report written');
  });

  it('--help and --dry-run pull nothing', async () => {
    const pull = jest.fn();
    const { out, io: streams } = io();
    expect(await runReportCli(['--help'], streams, pull)).toBe(0);
    expect(
      await runReportCli(['-o', 'a', '--out', tempDir(), '--dry-run', '--json'], streams, pull)
    ).toBe(0);
    expect(pull).not.toHaveBeenCalled();
    expect(out.join('')).toContain('Exit codes');
    expect(out.join('')).toContain('"dryRun": true');
  });
});
