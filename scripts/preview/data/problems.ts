/**
 * Problems found while reading an export: collected per file and field (one
 * message for 10,000 bad rows, not 10,000 messages) and worded so the reader
 * knows which file and field to fix.
 */
import { KIND_DESCRIPTION, type FieldIssue, type FieldSpec } from './record-schema';

/** One problem, as the preview banner and the server log show it. */
export interface DataProblem {
  file: string;
  /** Field path, or null when the whole file is concerned. */
  field: string | null;
  /** error: the file could not be used at all; warning: some records or fields were. */
  severity: 'error' | 'warning';
  message: string;
}

/** Where a field issue was first seen. */
export interface IssueSite {
  index: number;
  id: unknown;
  /** True when the record was skipped because of it. */
  skipped: boolean;
}

/** What a valid value looks like, for 'implausible' issues ("a time from 2000-01-01 to ..."). */
export type ExpectedValue = string;

interface FieldIssueCount {
  file: string;
  spec: FieldSpec;
  issue: FieldIssue;
  count: number;
  skipped: number;
  first: IssueSite;
  expected?: ExpectedValue;
}

const NUMBER_FORMAT = new Intl.NumberFormat('en-US');

function plural(count: number, word: string): string {
  return `${NUMBER_FORMAT.format(count)} ${word}${count === 1 ? '' : 's'}`;
}

function describeSite(site: IssueSite): string {
  const id = typeof site.id === 'string' ? `, Id ${site.id}` : '';
  return `first at record ${NUMBER_FORMAT.format(site.index + 1)}${id}`;
}

/** Collects problems while files are read. */
export class ProblemLog {
  private readonly fileProblems: DataProblem[] = [];
  private readonly fieldIssues = new Map<string, FieldIssueCount>();
  private readonly recordTotals = new Map<string, number>();

  /**
   * A problem that concerns a whole file (missing, unreadable, wrong shape).
   * @param predicate what is wrong, read after the file name: "is missing from ..."
   */
  fileProblem(file: string, severity: DataProblem['severity'], predicate: string): void {
    this.fileProblems.push({ file, field: null, severity, message: `${file} ${predicate}` });
  }

  /**
   * A problem with one field of one record; counted with its kind.
   * @param expected for 'implausible': the values that would have been accepted
   */
  fieldIssue(
    file: string,
    spec: FieldSpec,
    issue: FieldIssue,
    site: IssueSite,
    expected?: ExpectedValue
  ): void {
    const key = `${file}\n${spec.path}\n${issue}`;
    const existing = this.fieldIssues.get(key);
    if (existing) {
      existing.count += 1;
      if (site.skipped) existing.skipped += 1;
      return;
    }
    this.fieldIssues.set(key, {
      file,
      spec,
      issue,
      count: 1,
      skipped: site.skipped ? 1 : 0,
      first: site,
      expected
    });
  }

  /** Forgets the field issues of a file whose records were all dropped (it is reported as unusable instead). */
  forgetFieldIssues(file: string): void {
    for (const [key, counted] of this.fieldIssues)
      if (counted.file === file) this.fieldIssues.delete(key);
  }

  /** How many records a file held, for "12 of 2,500 records" messages. */
  recordsRead(file: string, total: number): void {
    this.recordTotals.set(file, total);
  }

  /** All problems, file problems first, then field problems per file. */
  problems(): DataProblem[] {
    return [...this.fileProblems, ...[...this.fieldIssues.values()].map((c) => this.describe(c))];
  }

  /** True when nothing was reported. */
  isEmpty(): boolean {
    return this.fileProblems.length === 0 && this.fieldIssues.size === 0;
  }

  private describe(counted: FieldIssueCount): DataProblem {
    const { file, spec, issue, count, skipped, first } = counted;
    const total = this.recordTotals.get(file);
    const share =
      total === undefined
        ? plural(count, 'record')
        : `${NUMBER_FORMAT.format(count)} of ${plural(total, 'record')}`;
    const what =
      issue === 'missing'
        ? `have no "${spec.path}" field (add it to the query)`
        : issue === 'implausible'
          ? `have an implausible "${spec.path}" (expected ${counted.expected ?? 'a plausible value'})`
          : `have an invalid "${spec.path}" (expected ${KIND_DESCRIPTION[spec.kind]}${spec.nullable ? ' or null' : ''})`;
    const consequence =
      skipped > 0
        ? `${skipped === count ? 'those records were' : `${NUMBER_FORMAT.format(skipped)} records were`} skipped`
        : `used ${JSON.stringify(spec.fallback)} instead`;
    return {
      file,
      field: spec.path,
      severity: 'warning',
      message: `${file}: ${share} ${what}, ${describeSite(first)}; ${consequence}.`
    };
  }
}
