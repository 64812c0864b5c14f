/**
 * The report's output formats, each a rendering of the same tables
 * (report-model.ts):
 *   - HTML: one self-contained file (inline CSS, no script, no external URL),
 *     tables with a caption and `th scope`, every text escaped;
 *   - CSV: one file per table, written by the app's own CSV writer
 *     (c/llAnalytics toCsv: RFC 4180 quoting, UTF-8 byte order mark, a guard
 *     quote in front of text a spreadsheet would read as a formula);
 *   - XLSX: one workbook, a sheet per table, written with write-excel-file;
 *     text goes in as string cells (never formulas).
 */
import writeXlsxFile from 'write-excel-file/node';
import type { Cell, Sheet } from 'write-excel-file/node';
import { toCsv, type CellValue } from '../../../force-app/main/default/lwc/llAnalytics/llAnalytics';
import { ALL_ORGS_LABEL } from '../multi-org/merge-orgs';
import type { ColumnKind, ReportModel, ReportTable } from './report-model';

/** Output formats, as --format names them. */
export const REPORT_FORMATS = ['html', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Name of the HTML file and of the workbook in the output folder. */
export const HTML_FILE = 'license-lens-report.html';
export const XLSX_FILE = 'license-lens-report.xlsx';
/** Excel's limit on a sheet name's length. */
const SHEET_NAME_MAX = 31;

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;'
};

/** Text safe inside HTML element content and double- or single-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);
}

const NUMBER = new Intl.NumberFormat('en-US');
const MONEY = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2
});

/** A cell as the HTML shows it. */
function displayText(value: CellValue, kind: ColumnKind): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') {
    if (kind === 'money') return MONEY.format(value);
    if (kind === 'percent') return `${value}%`;
    return NUMBER.format(value);
  }
  if (kind === 'instant') return value.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
  return value;
}

const isNumeric = (kind: ColumnKind) => kind === 'count' || kind === 'money' || kind === 'percent';

function htmlTable(table: ReportTable): string {
  const head = table.columns
    .map(
      (column) =>
        `<th scope="col"${isNumeric(column.kind) ? ' class="num"' : ''}>${escapeHtml(column.label)}</th>`
    )
    .join('');
  const body = table.rows
    .map((row) => {
      const cells = row.map((value, index) => {
        const kind = table.columns[index].kind;
        const text = escapeHtml(displayText(value, kind));
        const cls = isNumeric(kind) ? ' class="num"' : '';
        return index === 0 ? `<th scope="row"${cls}>${text}</th>` : `<td${cls}>${text}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  const empty = table.rows.length === 0 ? `<p class="empty">None.</p>` : '';
  return `<section aria-labelledby="t-${escapeHtml(table.id)}">
<h2 id="t-${escapeHtml(table.id)}">${escapeHtml(table.title)}</h2>
${
  empty ||
  `<div class="scroll"><table>
<caption>${escapeHtml(table.caption)}</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table></div>`
}
</section>`;
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:2rem;color:#181818;background:#fff}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.2rem;margin:2rem 0 .5rem}
.meta{color:#444;margin:0 0 1rem}
.alert{border:2px solid #b86c00;background:#fff6e5;padding:.75rem 1rem;border-radius:4px}
.alert h2{margin-top:0}
.scroll{overflow-x:auto}
table{border-collapse:collapse;font-size:.9rem;min-width:50%}
caption{text-align:left;color:#444;padding:.25rem 0;caption-side:top}
th,td{border:1px solid #c9c9c9;padding:.3rem .5rem;text-align:left;vertical-align:top}
thead th{background:#f3f3f3}
tbody th{font-weight:600}
.num{text-align:right;font-variant-numeric:tabular-nums}
.empty{color:#444}
`;

/** The whole report as one HTML document. */
export function renderHtml(model: ReportModel): string {
  const missing = model.orgs.filter((org) => org.status !== 'complete');
  const alert = missing.length
    ? `<section class="alert" role="alert" aria-labelledby="missing">
<h2 id="missing">This report is incomplete</h2>
<ul>${missing
        .map(
          (org) =>
            `<li><strong>${escapeHtml(org.org)}</strong> (${escapeHtml(org.status)}): ${escapeHtml(org.failures.join(' ') || 'no reason given')}</li>`
        )
        .join('')}</ul>
</section>`
    : '';
  const orgNames = model.orgs.map((org) => org.org).join(', ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>License Lens report</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>License Lens report</h1>
<p class="meta">Orgs: ${escapeHtml(orgNames)}. Figures as of ${escapeHtml(displayText(model.generatedAt, 'instant'))}; "${escapeHtml(ALL_ORGS_LABEL)}" counts every org's users as seats of their own.</p>
</header>
<main>
${alert}
${model.tables.map(htmlTable).join('\n')}
</main>
</body>
</html>
`;
}

/** One CSV document per table: `<id>.csv`. */
export function renderCsvFiles(model: ReportModel): { file: string; content: string }[] {
  return model.tables.map((table) => ({
    file: `${table.id}.csv`,
    content: toCsv(
      table.columns.map((column) => column.label),
      table.rows
    )
  }));
}

const XLSX_FORMATS: Partial<Record<ColumnKind, string>> = {
  count: '#,##0',
  money: '#,##0.00',
  percent: '0.0'
};

function xlsxCell(value: CellValue, kind: ColumnKind): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return { value, type: Number, format: XLSX_FORMATS[kind] };
  if (typeof value === 'boolean') return { value, type: Boolean };
  if (kind === 'instant' && !Number.isNaN(Date.parse(value))) {
    return { value: new Date(value), type: Date, format: 'yyyy-mm-dd hh:mm' };
  }
  return { value, type: String };
}

/** The workbook: a sheet per table, a bold header row. */
export async function renderXlsx(model: ReportModel): Promise<Buffer> {
  const sheets: Sheet<Buffer>[] = model.tables.map((table) => ({
    sheet: table.title.slice(0, SHEET_NAME_MAX),
    data: [
      table.columns.map((column) => ({
        value: column.label,
        type: String,
        fontWeight: 'bold' as const
      })),
      ...table.rows.map((row) =>
        row.map((value, index) => xlsxCell(value, table.columns[index].kind))
      )
    ],
    stickyRowsCount: 1
  }));
  return writeXlsxFile(sheets).toBuffer();
}
