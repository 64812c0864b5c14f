/**
 * The reviewed baseline of Salesforce Code Analyzer findings (PMD and Graph Engine):
 * findings the team has read and decided to keep, each with its reason and a pointer to
 * the ApexDoc that explains it. Pure functions only; the steps do the reading and running.
 *
 * An entry names the engine, the rule, the file and the method (never the line, which
 * moves). It accepts every finding of that rule whose primary location lies in that method;
 * `message`, when given, narrows it to findings whose message contains that text (for a
 * method with several findings of one rule that deserve different answers).
 *
 * Policy, enforced by `judgeFindings`:
 * - a finding no entry accepts fails its step at severity 1-2 (Critical, High) and is
 *   printed as a warning at severity 3-5;
 * - an entry that accepts no finding is stale and fails its step;
 * - an entry without a real reason, ApexDoc pointer or review date is invalid and fails.
 */

/** The engines whose findings a baseline entry can accept. */
export const BASELINE_ENGINES = ['pmd', 'sfge'] as const;
export type BaselineEngine = (typeof BASELINE_ENGINES)[number];

/** One reviewed, accepted finding. */
export interface BaselineEntry {
  engine: BaselineEngine;
  rule: string;
  /** Project-relative path with forward slashes. */
  file: string;
  /** `Class.method` (`Outer.Inner.method`, `Class` for class-level findings). */
  method: string;
  /** Optional: only findings whose message contains this text. */
  message?: string;
  /** Why the finding stays: what the code does on purpose and why that is safe. */
  reason: string;
  /** `<file>#<Class.member>`: the ApexDoc that explains the decision. */
  apexDocPointer: string;
  /** Review date, YYYY-MM-DD. */
  reviewed: string;
}

/** A finding as the steps see it: located down to the method. */
export interface LocatedFinding {
  engine: BaselineEngine;
  rule: string;
  /** 1 Critical, 2 High, 3 Moderate, 4 Low, 5 Info. */
  severity: number;
  /** Project-relative path with forward slashes. */
  file: string;
  line: number;
  /** Label of the declaration the finding sits in (see apex-members). */
  method: string;
  message: string;
  /** Graph Engine: the entry point the path starts from. */
  entryPoint?: { file: string; line: number; method: string };
}

/** Severities at or below this number fail (1 Critical, 2 High). */
export const FAILING_SEVERITY = 2;

/** A value in the baseline file that cannot be used, with where it is. */
export interface BaselineProblem {
  index: number;
  message: string;
}

const REQUIRED_TEXT_FIELDS = ['rule', 'file', 'method', 'reason', 'apexDocPointer'] as const;
const PLACEHOLDER = /^(todo|tbd|fixme|xxx)\b/i;
const POINTER = /^[^#\s]+\.(cls|trigger)#[A-Za-z_][\w.]*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** The key that makes two entries the same: they would accept the same findings. */
function entryKey(entry: BaselineEntry): string {
  return [entry.engine, entry.rule, entry.file, entry.method, entry.message ?? ''].join('|');
}

/**
 * Reads the baseline file's parsed JSON: `{ "entries": [...] }`. Returns the usable
 * entries and a problem for every entry that is not (missing or placeholder text, a
 * pointer not of the form `file.cls#Class.member`, a bad date, an unknown engine, a
 * duplicate).
 */
export function parseBaseline(json: unknown): {
  entries: BaselineEntry[];
  problems: BaselineProblem[];
} {
  const problems: BaselineProblem[] = [];
  const list = (json as { entries?: unknown })?.entries;
  if (!Array.isArray(list)) {
    return { entries: [], problems: [{ index: -1, message: 'expected { "entries": [ ... ] }' }] };
  }
  const entries: BaselineEntry[] = [];
  const seen = new Set<string>();
  list.forEach((raw: unknown, index) => {
    const entry = raw as Record<string, unknown>;
    const wrong: string[] = [];
    if (!BASELINE_ENGINES.includes(entry?.engine as BaselineEngine)) {
      wrong.push(`engine must be one of ${BASELINE_ENGINES.join(', ')}`);
    }
    for (const field of REQUIRED_TEXT_FIELDS) {
      const value = entry?.[field];
      if (typeof value !== 'string' || !value.trim()) wrong.push(`${field} is missing`);
      else if (PLACEHOLDER.test(value.trim())) wrong.push(`${field} is a placeholder`);
    }
    if (entry?.message !== undefined && (typeof entry.message !== 'string' || !entry.message)) {
      wrong.push('message, when present, must be non-empty text');
    }
    if (typeof entry?.apexDocPointer === 'string' && !POINTER.test(entry.apexDocPointer)) {
      wrong.push('apexDocPointer must look like path/File.cls#Class.member');
    }
    if (typeof entry?.reviewed !== 'string' || !isIsoDate(entry.reviewed)) {
      wrong.push('reviewed must be a date YYYY-MM-DD');
    }
    if (typeof entry?.file === 'string' && entry.file.includes('\\')) {
      wrong.push('file must use forward slashes');
    }
    if (wrong.length) {
      problems.push({ index, message: wrong.join('; ') });
      return;
    }
    const usable = entry as unknown as BaselineEntry;
    const key = entryKey(usable);
    if (seen.has(key)) {
      problems.push({ index, message: 'duplicates an earlier entry' });
      return;
    }
    seen.add(key);
    entries.push(usable);
  });
  return { entries, problems };
}

/** True when `entry` accepts `finding`. */
export function accepts(entry: BaselineEntry, finding: LocatedFinding): boolean {
  return (
    entry.engine === finding.engine &&
    entry.rule === finding.rule &&
    entry.file === finding.file &&
    entry.method === finding.method &&
    (entry.message === undefined || finding.message.includes(entry.message))
  );
}

/** What a step makes of its findings against the baseline. */
export interface Judgement {
  /** Findings an entry accepts, with the entry. */
  accepted: { finding: LocatedFinding; entry: BaselineEntry }[];
  /** Findings no entry accepts, severity 1-2: each fails the step. */
  failing: LocatedFinding[];
  /** Findings no entry accepts, severity 3-5: printed, counted, not failing. */
  warnings: LocatedFinding[];
  /** Entries of this engine that accept no finding: each fails the step. */
  stale: BaselineEntry[];
}

/**
 * Judges one engine's findings against the baseline's entries for that engine. Entries of
 * other engines are left alone (the other step judges them).
 */
export function judgeFindings(
  engine: BaselineEngine,
  findings: LocatedFinding[],
  entries: BaselineEntry[]
): Judgement {
  const own = entries.filter((entry) => entry.engine === engine);
  const used = new Set<BaselineEntry>();
  const judgement: Judgement = { accepted: [], failing: [], warnings: [], stale: [] };
  for (const finding of findings) {
    const entry = own.find((candidate) => accepts(candidate, finding));
    if (entry) {
      used.add(entry);
      judgement.accepted.push({ finding, entry });
    } else if (finding.severity <= FAILING_SEVERITY) {
      judgement.failing.push(finding);
    } else {
      judgement.warnings.push(finding);
    }
  }
  judgement.stale = own.filter((entry) => !used.has(entry));
  return judgement;
}

/** True when the step passes: nothing failing, nothing stale. */
export function passes(judgement: Judgement): boolean {
  return judgement.failing.length === 0 && judgement.stale.length === 0;
}

/**
 * A baseline entry to start from for a finding nobody has reviewed yet: reason and
 * pointer are placeholders, which parseBaseline refuses, so that a proposal cannot be
 * committed unread.
 */
export function proposedEntry(finding: LocatedFinding, today: string): BaselineEntry {
  return {
    engine: finding.engine,
    rule: finding.rule,
    file: finding.file,
    method: finding.method,
    reason: `TODO: why ${finding.rule} stays here (finding: ${finding.message})`,
    apexDocPointer: `TODO: ${finding.file}#${finding.method}`,
    reviewed: today
  };
}

/** One line per finding: `file:line [rule, severity N] in Class.method: message`. */
export function describeFinding(finding: LocatedFinding): string {
  const from = finding.entryPoint
    ? ` (entry point ${finding.entryPoint.method}, ${finding.entryPoint.file}:${finding.entryPoint.line})`
    : '';
  return (
    `${finding.file}:${finding.line} [${finding.rule}, severity ${finding.severity}] ` +
    `in ${finding.method}${from}: ${finding.message}`
  );
}

/** One line per entry: `rule in file#method`. */
export function describeEntry(entry: BaselineEntry): string {
  const narrowed = entry.message ? ` (message contains "${entry.message}")` : '';
  return `${entry.engine} ${entry.rule} in ${entry.file}#${entry.method}${narrowed}`;
}
