/**
 * The report as tables: what every output format (HTML, CSV, XLSX) writes.
 * Built from each org's figures (analyze-org.ts) and the merged "All orgs"
 * figures; the formats only render these tables, so they cannot disagree.
 */
import {
  parseInstant,
  type CellValue,
  type DashboardKpis,
  type UserInsight
} from '../../../force-app/main/default/lwc/llAnalytics/llAnalytics';
import { ALL_ORGS_LABEL } from '../multi-org/merge-orgs';
import type { OrgFigures } from './analyze-org';

/** How a column's values are shown (HTML alignment, XLSX number format). */
export type ColumnKind = 'text' | 'count' | 'money' | 'percent' | 'instant' | 'boolean';

export interface ReportColumn {
  label: string;
  kind: ColumnKind;
}

/** One table of the report; `id` names its CSV file and XLSX sheet. */
export interface ReportTable {
  id: string;
  title: string;
  /** The table's caption: what a row is. */
  caption: string;
  columns: ReportColumn[];
  rows: CellValue[][];
}

/** The outcome of one org, as the pull and the analysis left it. */
export interface OrgOutcome {
  org: string;
  /** complete: every object pulled and analysed; partial: some left out; failed: nothing to show. */
  status: 'complete' | 'partial' | 'failed';
  /** Sentences naming what was not pulled or analysed, and why. */
  failures: string[];
  apiCalls: number;
  stoppedByBudget: boolean;
  figures: OrgFigures | null;
}

export interface ReportModel {
  /** ISO instant the figures are computed at. */
  generatedAt: string;
  orgs: OrgOutcome[];
  /** The merged view; null when no org could be analysed. */
  consolidated: OrgFigures | null;
  /** What the merged view had to decide or leave out (time zone, substitute Ids, failures). */
  consolidatedNotes: string[];
  tables: ReportTable[];
}

const col = (label: string, kind: ColumnKind = 'text'): ReportColumn => ({ label, kind });

function iso(epochMs: number | null): string | null {
  return epochMs === null ? null : new Date(epochMs).toISOString();
}

/** The merged view, when it adds a row: it exists and there is more than one org. */
export function mergedView(model: Pick<ReportModel, 'orgs' | 'consolidated'>): OrgFigures | null {
  return model.orgs.length > 1 ? model.consolidated : null;
}

/** The "All orgs" row's own figures: partial unless every org is complete, the requests summed. */
export function allOrgsOutcome(
  orgs: readonly OrgOutcome[]
): Pick<OrgOutcome, 'status' | 'apiCalls' | 'stoppedByBudget'> {
  return {
    status: orgs.every((org) => org.status === 'complete') ? 'complete' : 'partial',
    apiCalls: orgs.reduce((sum, org) => sum + org.apiCalls, 0),
    stoppedByBudget: orgs.some((org) => org.stoppedByBudget)
  };
}

/** The figures of each org that has them, then the merged view, labelled. */
function labelled(model: Pick<ReportModel, 'orgs' | 'consolidated'>): [string, OrgFigures][] {
  const rows: [string, OrgFigures][] = [];
  for (const org of model.orgs) if (org.figures) rows.push([org.org, org.figures]);
  const merged = mergedView(model);
  if (merged) rows.push([ALL_ORGS_LABEL, merged]);
  return rows;
}

function summaryTable(model: Pick<ReportModel, 'orgs' | 'consolidated'>): ReportTable {
  const kpiCells = (k: DashboardKpis | null): CellValue[] =>
    k
      ? [
          k.seatsBought,
          k.seatsUsed,
          k.usersInView,
          k.activeWithinThreshold,
          k.inactive,
          k.neverLoggedIn,
          k.integrationsOnHumanSeats,
          k.adminIntegrations,
          k.frozen,
          k.inactivityDays,
          k.currencyIsoCode,
          k.estimatedMonthlyWaste,
          k.estimatedAnnualWaste
        ]
      : Array<CellValue>(13).fill(null);
  const windowCells = (f: OrgFigures | null): CellValue[] => [
    f?.window ? f.window.requestedDays : null,
    f?.window ? f.window.coveredDays : null
  ];
  const rows: CellValue[][] = model.orgs.map((org) => [
    org.org,
    org.status,
    ...kpiCells(org.figures?.analysis.kpis ?? null),
    ...windowCells(org.figures),
    org.apiCalls
  ]);
  const merged = mergedView(model);
  if (merged) {
    const all = allOrgsOutcome(model.orgs);
    rows.push([
      ALL_ORGS_LABEL,
      all.status,
      ...kpiCells(merged.analysis.kpis),
      ...windowCells(merged),
      all.apiCalls
    ]);
  }
  return {
    id: 'summary',
    title: 'Summary',
    caption:
      'Headline figures per org and for all orgs together (seats count UserLicense pools; waste per the LL_License_Price prices)',
    columns: [
      col('Org'),
      col('Status'),
      col('Seats bought', 'count'),
      col('Seats used', 'count'),
      col('Users with a seat', 'count'),
      col('Active', 'count'),
      col('Inactive', 'count'),
      col('Never logged in', 'count'),
      col('Integrations on human seats', 'count'),
      col('Of which admin', 'count'),
      col('Frozen', 'count'),
      col('Inactivity threshold (days)', 'count'),
      col('Currency'),
      col('Monthly waste', 'money'),
      col('Annual waste', 'money'),
      col('Login window (days)', 'count'),
      col('Days read', 'count'),
      col('API requests spent', 'count')
    ],
    rows
  };
}

function licenseTable(model: Pick<ReportModel, 'orgs' | 'consolidated'>): ReportTable {
  const rows = labelled(model).flatMap(([org, figures]) =>
    figures.licenses.map((row): CellValue[] => [
      org,
      row.source,
      row.name,
      row.label,
      row.total,
      row.used,
      row.free,
      row.percentUsed
    ])
  );
  return {
    id: 'licenses',
    title: 'Licenses',
    caption:
      'Seats bought and used per license pool, per org and for all orgs (pools with the same name summed)',
    columns: [
      col('Org'),
      col('Source'),
      col('License'),
      col('Label'),
      col('Seats bought', 'count'),
      col('Seats used', 'count'),
      col('Seats free', 'count'),
      col('Percent used', 'percent')
    ],
    rows
  };
}

function wasteTable(model: Pick<ReportModel, 'orgs' | 'consolidated'>): ReportTable {
  const rows = labelled(model).flatMap(([org, { analysis }]) =>
    analysis.waste.rows.map((row): CellValue[] => [
      org,
      row.label,
      row.inactiveSeats,
      row.neverLoggedInSeats,
      row.frozenSeats,
      row.unassignedSeats,
      row.wastedSeats,
      analysis.waste.currencyIsoCode,
      row.priced ? row.monthlyPrice : null,
      row.monthlyWaste,
      row.annualWaste
    ])
  );
  return {
    id: 'waste',
    title: 'Waste in money',
    caption:
      'Seats paid for and not used per license, and what they cost (unpriced licenses count 0)',
    columns: [
      col('Org'),
      col('License'),
      col('Inactive seats', 'count'),
      col('Never-logged-in seats', 'count'),
      col('Frozen seats', 'count'),
      col('Unassigned seats', 'count'),
      col('Wasted seats', 'count'),
      col('Currency'),
      col('Monthly price', 'money'),
      col('Monthly waste', 'money'),
      col('Annual waste', 'money')
    ],
    rows
  };
}

/** Users of one activity, org by org (the merged view would list the same users again). */
function userTable(
  model: Pick<ReportModel, 'orgs'>,
  id: string,
  title: string,
  caption: string,
  pick: (insight: UserInsight) => boolean
): ReportTable {
  const rows = model.orgs.flatMap((org) =>
    (org.figures?.analysis.users ?? []).filter(pick).map((insight): CellValue[] => [
      org.org,
      insight.user.name,
      insight.user.username,
      insight.user.profileName,
      insight.user.licenseName,
      insight.user.department,
      iso(insight.lastSeatLogin),
      insight.daysSinceLastSeatLogin,
      // An Instant: the decoded user page keeps epoch milliseconds.
      iso(parseInstant(insight.user.createdDate)),
      insight.monthlyPrice
    ])
  );
  return {
    id,
    title,
    caption,
    columns: [
      col('Org'),
      col('Name'),
      col('Username'),
      col('Profile'),
      col('License'),
      col('Department'),
      col('Last login on the seat', 'instant'),
      col('Days since', 'count'),
      col('Created', 'instant'),
      col('Monthly price', 'money')
    ],
    rows
  };
}

function integrationTable(model: Pick<ReportModel, 'orgs'>): ReportTable {
  const rows = model.orgs.flatMap((org) =>
    (org.figures?.analysis.integrations.findings ?? []).map((finding): CellValue[] => [
      org.org,
      finding.insight.user.name,
      finding.insight.user.username,
      finding.insight.user.profileName,
      finding.insight.user.licenseName,
      finding.adminProfile,
      Math.round(finding.insight.apiShare * 1000) / 10,
      iso(finding.insight.lastActivity),
      finding.usesFreeSeat,
      finding.annualSaving
    ])
  );
  return {
    id: 'integrations',
    title: 'Integrations on human seats',
    caption: 'Users whose logins are almost all API logins while they hold a full (human) license',
    columns: [
      col('Org'),
      col('Name'),
      col('Username'),
      col('Profile'),
      col('License'),
      col('Administrator profile', 'boolean'),
      col('API share of logins', 'percent'),
      col('Last login', 'instant'),
      col('Fits a free integration seat', 'boolean'),
      col('Annual saving', 'money')
    ],
    rows
  };
}

function failureTable(model: Pick<ReportModel, 'orgs' | 'consolidatedNotes'>): ReportTable {
  const rows: CellValue[][] = [
    ...model.orgs.flatMap((org) => org.failures.map((failure) => [org.org, org.status, failure])),
    ...model.consolidatedNotes.map((note) => [ALL_ORGS_LABEL, 'note', note])
  ];
  return {
    id: 'failures',
    title: 'What is missing',
    caption:
      'What could not be pulled or analysed, per org, and what the all-orgs view had to decide',
    columns: [col('Org'), col('Status'), col('What and why')],
    rows
  };
}

/** Every table of the report, in the order the formats write them. */
export function reportTables(
  model: Pick<ReportModel, 'orgs' | 'consolidated' | 'consolidatedNotes'>
): ReportTable[] {
  return [
    summaryTable(model),
    licenseTable(model),
    wasteTable(model),
    userTable(
      model,
      'inactive-users',
      'Inactive users',
      'Active users with no interactive login within the inactivity threshold',
      (insight) => insight.activity === 'inactive'
    ),
    userTable(
      model,
      'never-logged-in',
      'Never logged in',
      'Active users past the grace days who never logged in',
      (insight) => insight.activity === 'neverLoggedIn'
    ),
    integrationTable(model),
    failureTable(model)
  ];
}
