/**
 * Salesforce Code Analyzer, offline, for the `pmd` and `graph-engine` steps: drives
 * @salesforce/code-analyzer-core with one engine plugin (the sf plugin cannot be installed
 * here), locates every violation down to its method, and judges the findings against the
 * reviewed baseline (scripts/check/code-analyzer-baseline.json; see
 * code-analyzer-baseline.ts for the format and the policy).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeAnalyzer,
  CodeAnalyzerConfig,
  EventType,
  LogLevel
} from '@salesforce/code-analyzer-core';
import type { EngineLogEvent, LogEvent } from '@salesforce/code-analyzer-core';
import { PROJECT_ROOT } from '../lib/paths';
import { ApexFileMembers, apexMembersOf, memberLabelAt } from './apex-members';
import {
  BaselineEngine,
  BaselineEntry,
  LocatedFinding,
  describeEntry,
  describeFinding,
  judgeFindings,
  parseBaseline,
  passes,
  proposedEntry
} from './code-analyzer-baseline';

/** The committed, reviewed baseline. */
export const BASELINE_FILE = path.join(__dirname, 'code-analyzer-baseline.json');
const ARTIFACTS = path.join(PROJECT_ROOT, 'artifacts');

/** An engine plugin, as core's addEnginePlugin takes it. */
export type EnginePlugin = Parameters<CodeAnalyzer['addEnginePlugin']>[0];

/** What one analyzer run found. */
export interface AnalyzerRun {
  /** Files analyzed (targets). */
  files: number;
  /** Names of the rules that ran. */
  rules: string[];
  findings: LocatedFinding[];
  /** Error log lines from the engine (e.g. a path Graph Engine could not analyze). */
  engineErrors: string[];
  seconds: number;
}

/** What to run: one engine, its rule selector, the workspace and the files to analyze. */
export interface AnalyzerRequest {
  engine: BaselineEngine;
  plugin: EnginePlugin;
  /** Code Analyzer rule selector, e.g. `pmd:Apex` or `sfge`. */
  selector: string;
  /** The engine's config block (java_command …). */
  engineConfig: Record<string, unknown>;
  /** Every file the engine may read (Graph Engine builds its graph from all of them). */
  workspace: string[];
  /** The files to analyze; defaults to the workspace. */
  targets?: string[];
}

/** Project-relative path with forward slashes (absolute when outside the project). */
export function projectPath(file: string): string {
  const relative = path.relative(PROJECT_ROOT, file);
  return relative.startsWith('..') ? file : relative.split(path.sep).join('/');
}

/** Parses Apex files once per run to name the method a line sits in. */
export class MemberIndex {
  private readonly byFile = new Map<string, ApexFileMembers>();

  membersOf(file: string): ApexFileMembers {
    let members = this.byFile.get(file);
    if (!members) {
      members = fs.existsSync(file)
        ? apexMembersOf(fs.readFileSync(file, 'utf8'), file.endsWith('.trigger'))
        : { parsed: false, members: [] };
      this.byFile.set(file, members);
    }
    return members;
  }

  labelAt(file: string, line: number): string {
    return memberLabelAt(this.membersOf(file).members, line);
  }
}

/** Pseudo-rule for an entry point Graph Engine could not analyze (an engine limitation). */
export const INTERNAL_ERROR_RULE = 'InternalExecutionError';
/** Pseudo-rule for an entry point whose paths took longer than the thread timeout. */
export const TIMEOUT_RULE = 'PathEvaluationTimeout';
const ENTRY_POINT_ERROR = /scanning entry point: (.+?):(\d+):(\d+): ([\s\S]*)$/;

/**
 * The readable part of an entry point error: Graph Engine's advice, then the exception's
 * class and message without its object dumps and stack ("UnexpectedException: Did not
 * expect NOT_A_MATCH … parameterType = Date, type = OrderedTreeSet").
 */
function entryPointErrorText(why: string): string {
  const [advice, trace] = why.split(/\s*Error and stacktrace:\s*/);
  const exception = (trace ?? '').split(/\{|: com\.salesforce\.|;/)[0].slice(0, 240);
  return [advice, exception]
    .map((part) => part.trim())
    .filter(Boolean)
    .join(' ')
    .replace(/\s+/g, ' ');
}

/**
 * An engine error about one entry point ("Internal execution error while scanning entry
 * point: <file>:<line>:<column>: <why>"), as a finding at that entry point, so that the
 * baseline can answer it like any other: an internal error is severity 2 (its paths were
 * not checked: fails unless reviewed by hand and baselined), a timeout severity 3 (it
 * depends on the machine's load: a warning). Undefined for any other message.
 */
export function entryPointErrorFinding(
  engine: BaselineEngine,
  message: string,
  members: MemberIndex
): LocatedFinding | undefined {
  const match = ENTRY_POINT_ERROR.exec(message);
  if (!match) return undefined;
  const [, file, line, , why] = match;
  const timedOut = /timed out/i.test(why);
  return {
    engine,
    rule: timedOut ? TIMEOUT_RULE : INTERNAL_ERROR_RULE,
    severity: timedOut ? 3 : 2,
    file: projectPath(file),
    line: Number(line),
    method: members.labelAt(file, Number(line)),
    message: entryPointErrorText(why)
  };
}

/** Runs one engine's selected rules and locates each violation. */
export async function runCodeAnalyzer(request: AnalyzerRequest): Promise<AnalyzerRun> {
  const started = Date.now();
  const targets = request.targets ?? request.workspace;
  const engines: Record<string, Record<string, unknown>> = {
    [request.engine]: request.engineConfig
  };
  // Core registers CPD alongside PMD: it is not an Apex rule set, so it stays off.
  if (request.engine === 'pmd') engines.cpd = { disable_engine: true };
  const analyzer = new CodeAnalyzer(CodeAnalyzerConfig.fromObject({ engines }));
  const engineErrors: string[] = [];
  const keepErrors = (event: LogEvent | EngineLogEvent): void => {
    if (event.logLevel === LogLevel.Error) engineErrors.push(event.message.trim());
  };
  analyzer.onEvent<LogEvent>(EventType.LogEvent, keepErrors);
  analyzer.onEvent<EngineLogEvent>(EventType.EngineLogEvent, keepErrors);
  await analyzer.addEnginePlugin(request.plugin);
  const workspace = await analyzer.createWorkspace(request.workspace, targets);
  const selection = await analyzer.selectRules([request.selector], { workspace });
  const rules = selection.getRulesFor(request.engine).map((rule) => rule.getName());
  const results = await analyzer.run(selection, { workspace });
  const members = new MemberIndex();
  const findings = results.getViolations().map((violation): LocatedFinding => {
    const primary = violation.getPrimaryLocation();
    const file = primary.getFile() ?? '(unknown file)';
    const line = primary.getStartLine() ?? 0;
    const locations = violation.getCodeLocations();
    const source = locations.length > 1 ? locations[0] : undefined;
    const sourceFile = source?.getFile();
    return {
      engine: request.engine,
      rule: violation.getRule().getName(),
      severity: violation.getRule().getSeverityLevel(),
      file: projectPath(file),
      line,
      method: members.labelAt(file, line),
      message: violation.getMessage().trim().replace(/\s+/g, ' '),
      entryPoint:
        source && sourceFile
          ? {
              file: projectPath(sourceFile),
              line: source.getStartLine() ?? 0,
              method: members.labelAt(sourceFile, source.getStartLine() ?? 0)
            }
          : undefined
    };
  });
  const otherErrors: string[] = [];
  for (const message of new Set(engineErrors)) {
    const finding = entryPointErrorFinding(request.engine, message, members);
    if (finding) findings.push(finding);
    else otherErrors.push(message);
  }
  findings.sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule)
  );
  return {
    files: targets.length,
    rules,
    findings,
    engineErrors: otherErrors,
    seconds: (Date.now() - started) / 1000
  };
}

/**
 * Problems with an entry's ApexDoc pointer (`file.cls#Class.member`): the file must exist
 * and the member must be declared there with an ApexDoc comment right before it.
 */
export function pointerProblems(entries: BaselineEntry[], members = new MemberIndex()): string[] {
  const problems: string[] = [];
  for (const entry of entries) {
    const [file, label] = entry.apexDocPointer.split('#');
    const absolute = path.resolve(PROJECT_ROOT, file);
    if (!fs.existsSync(absolute)) {
      problems.push(`${describeEntry(entry)}: apexDocPointer file ${file} does not exist`);
      continue;
    }
    const declared = members.membersOf(absolute).members.filter((m) => m.label === label);
    if (declared.length === 0) {
      problems.push(`${describeEntry(entry)}: apexDocPointer ${label} is not declared in ${file}`);
    } else if (!declared.some((m) => m.hasApexDoc)) {
      problems.push(`${describeEntry(entry)}: apexDocPointer ${label} has no ApexDoc comment`);
    }
  }
  return problems;
}

/** Reads the committed baseline. */
export function readBaseline(file = BASELINE_FILE): ReturnType<typeof parseBaseline> {
  return parseBaseline(JSON.parse(fs.readFileSync(file, 'utf8')));
}

/**
 * Prints a run judged against the baseline and says whether the step passes. Unaccepted
 * findings are also written as proposed entries (placeholders, to be reviewed) to
 * artifacts/code-analyzer-<engine>-proposed.json, for whoever updates the baseline.
 */
export function reportAgainstBaseline(
  run: AnalyzerRun,
  engine: BaselineEngine,
  options: { baselineFile?: string; proposalDir?: string; log?: (line: string) => void } = {}
): boolean {
  const { baselineFile = BASELINE_FILE, proposalDir = ARTIFACTS, log = console.log } = options;
  const { entries, problems } = readBaseline(baselineFile);
  const own = entries.filter((entry) => entry.engine === engine);
  const knownRules = new Set([...run.rules, INTERNAL_ERROR_RULE, TIMEOUT_RULE]);
  const unknownRules = own.filter((entry) => !knownRules.has(entry.rule));
  const pointerIssues = pointerProblems(own);
  const judgement = judgeFindings(engine, run.findings, entries);

  for (const f of judgement.warnings) log(`warning ${describeFinding(f)}`);
  for (const { finding } of judgement.accepted) log(`baselined ${describeFinding(finding)}`);
  for (const f of judgement.failing) log(`error ${describeFinding(f)}`);
  for (const e of judgement.stale)
    log(`error stale baseline entry (matches no finding): ${describeEntry(e)}`);
  for (const e of unknownRules)
    log(`error baseline entry names a rule ${engine} does not have: ${describeEntry(e)}`);
  for (const p of problems) log(`error invalid baseline entry #${p.index + 1}: ${p.message}`);
  for (const p of pointerIssues) log(`error ${p}`);
  for (const message of run.engineErrors) log(`error from the engine: ${message}`);

  const unaccepted = [...judgement.failing, ...judgement.warnings];
  if (unaccepted.length) {
    fs.mkdirSync(proposalDir, { recursive: true });
    const proposal = path.join(proposalDir, `code-analyzer-${engine}-proposed.json`);
    const today = new Date().toISOString().slice(0, 10);
    const proposed = unaccepted.map((finding) => proposedEntry(finding, today));
    fs.writeFileSync(proposal, `${JSON.stringify({ entries: proposed }, null, 2)}\n`);
    log(
      `Not in the baseline: ${judgement.failing.length} failing, ${judgement.warnings.length} ` +
        `warnings. To accept one, fix the code or copy its entry from ${projectPath(proposal)} ` +
        `into ${projectPath(baselineFile)} with a reason and an apexDocPointer.`
    );
  }
  log(
    `${run.files} files, ${run.rules.length} rules, ${run.seconds.toFixed(1)} s: ` +
      `${judgement.failing.length} failing, ${judgement.warnings.length} warnings, ` +
      `${judgement.accepted.length} baselined, ${judgement.stale.length} stale baseline entries.`
  );
  return (
    passes(judgement) &&
    unknownRules.length === 0 &&
    problems.length === 0 &&
    pointerIssues.length === 0 &&
    run.engineErrors.length === 0
  );
}
