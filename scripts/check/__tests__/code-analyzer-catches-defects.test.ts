/**
 * The code analyzer steps (`pmd`, `graph-engine`) each catch their kind of defect: each is
 * handed deliberately broken Apex kept outside force-app (scripts/check/fixtures/broken)
 * with an empty baseline and must fail, naming the rule, the file and the method. A
 * reviewed baseline entry then accepts the finding, and an entry that matches nothing
 * fails the step as stale.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runPmd, runPmdRules } from '../apex-pmd';
import { AnalyzerRun, reportAgainstBaseline } from '../code-analyzer';
import { BaselineEntry, LocatedFinding, judgeFindings } from '../code-analyzer-baseline';
import { runGraphEngine } from '../graph-engine';

const BROKEN = 'scripts/check/fixtures/broken';
const ABSOLUTE_BROKEN = path.join(__dirname, '..', 'fixtures', 'broken');
const SLOW_MS = 600_000;

/** The fields a baseline keys on, to compare findings briefly. */
function keyOf(f: LocatedFinding): string {
  return `${f.rule} ${f.file.replace(`${BROKEN}/`, '')} ${f.method}`;
}

/** An entry accepting every finding with that rule in that method. */
function entryFor(f: LocatedFinding, pointerMember = f.method): BaselineEntry {
  return {
    engine: f.engine,
    rule: f.rule,
    file: f.file,
    method: f.method,
    reason: 'Seeded defect, accepted to test the baseline.',
    apexDocPointer: `${f.file}#${pointerMember}`,
    reviewed: '2026-12-02'
  };
}

/** Runs reportAgainstBaseline with a temporary baseline; its verdict and printed lines. */
function reportWith(
  run: AnalyzerRun,
  engine: 'pmd' | 'sfge',
  entries: BaselineEntry[]
): { passes: boolean; lines: string[]; proposalDir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'll-baseline-'));
  const baselineFile = path.join(dir, 'baseline.json');
  fs.writeFileSync(baselineFile, JSON.stringify({ entries }));
  const lines: string[] = [];
  const passes = reportAgainstBaseline(run, engine, {
    baselineFile,
    proposalDir: dir,
    log: (line) => lines.push(line)
  });
  return { passes, lines, proposalDir: dir };
}

describe('pmd step: every PMD Apex rule', () => {
  let run: AnalyzerRun;
  beforeAll(async () => {
    run = await runPmdRules([path.join(ABSOLUTE_BROKEN, 'pmd-security')]);
  }, SLOW_MS);

  it('runs the Security and AppExchange categories, not only Recommended', () => {
    expect(run.rules).toEqual(
      expect.arrayContaining(['ApexSOQLInjection', 'AvoidHardcodedCredentialsInSetPassword'])
    );
    expect(run.rules.length).toBeGreaterThan(80);
  });

  it('fails on SOQL injection through string concatenation, naming file, line and method', () => {
    const { failing } = judgeFindings('pmd', run.findings, []);
    expect(failing).toContainEqual(
      expect.objectContaining({
        rule: 'ApexSOQLInjection',
        severity: 2,
        file: `${BROKEN}/pmd-security/SoqlInjection.cls`,
        line: 13,
        method: 'SoqlInjection.byName'
      })
    );
  });

  it(
    'fails on a hard-coded password, an AppExchange rule the Recommended set leaves out',
    async () => {
      const { failing } = judgeFindings('pmd', run.findings, []);
      expect(failing.map(keyOf)).toContain(
        'AvoidHardcodedCredentialsInSetPassword pmd-security/HardcodedPassword.cls HardcodedPassword.reset'
      );
      const recommended = await runPmd([path.join(ABSOLUTE_BROKEN, 'pmd-security')]);
      expect(recommended.findings.map((f) => f.rule)).toContain('ApexSOQLInjection');
      expect(recommended.findings.map((f) => f.rule)).not.toContain(
        'AvoidHardcodedCredentialsInSetPassword'
      );
    },
    SLOW_MS
  );

  it('the step fails without a baseline and writes entries to review', () => {
    const { passes, lines, proposalDir } = reportWith(run, 'pmd', []);
    expect(passes).toBe(false);
    expect(lines).toContainEqual(
      expect.stringMatching(/^error .*SoqlInjection\.cls:13 \[ApexSOQLInjection/)
    );
    const proposal = JSON.parse(
      fs.readFileSync(path.join(proposalDir, 'code-analyzer-pmd-proposed.json'), 'utf8')
    );
    expect(proposal.entries).toContainEqual(
      expect.objectContaining({ rule: 'ApexSOQLInjection', method: 'SoqlInjection.byName' })
    );
  });

  it('passes once every failing finding is baselined, and fails again on a stale entry', () => {
    const failing = judgeFindings('pmd', run.findings, []).failing;
    const entries = failing.map((f) => entryFor(f));
    expect(reportWith(run, 'pmd', entries).passes).toBe(true);

    const injection = entries.find((e) => e.rule === 'ApexSOQLInjection') as BaselineEntry;
    const stale = { ...injection, method: 'SoqlInjection.somewhereElse' };
    const { passes, lines } = reportWith(run, 'pmd', [...entries, stale]);
    expect(passes).toBe(false);
    expect(lines).toContainEqual(
      expect.stringContaining('stale baseline entry (matches no finding): pmd ApexSOQLInjection')
    );
  });

  it('refuses an entry whose ApexDoc pointer names no documented member', () => {
    const failing = judgeFindings('pmd', run.findings, []).failing;
    const entries = failing.map((f) => entryFor(f, 'SoqlInjection.missing'));
    const { passes, lines } = reportWith(run, 'pmd', entries);
    expect(passes).toBe(false);
    expect(lines).toContainEqual(expect.stringContaining('apexDocPointer SoqlInjection.missing'));
  });
});

describe('graph-engine step: data flow from entry points', () => {
  let run: AnalyzerRun;
  const classes = 'graph-engine/force-app/main/default/classes';
  beforeAll(async () => {
    run = await runGraphEngine([path.join(ABSOLUTE_BROKEN, 'graph-engine')]);
  }, SLOW_MS);

  it('fails on a system-mode read in a class without a sharing declaration, returned from @AuraEnabled', () => {
    const { failing } = judgeFindings('sfge', run.findings, []);
    const read = failing.filter((f) => f.method === 'LL_SeededAuditReader.readRows');
    expect(read.map(keyOf).sort()).toEqual([
      `ApexFlsViolation ${classes}/LL_SeededAuditReader.cls LL_SeededAuditReader.readRows`,
      `DatabaseOperationsMustUseWithSharing ${classes}/LL_SeededAuditReader.cls LL_SeededAuditReader.readRows`
    ]);
    const fls = read.find((f) => f.rule === 'ApexFlsViolation');
    expect(fls?.message).toContain('[READ] operation on [LL_Reclaim_Audit__c]');
    // The sink is in the helper; the path starts at the @AuraEnabled method.
    expect(fls?.entryPoint?.method).toBe('LL_SeededAuditReader.rowsForComponent');
  });

  it('analyzes Queueable.execute, an entry point Graph Engine does not know by itself', () => {
    const { failing } = judgeFindings('sfge', run.findings, []);
    const purge = failing.filter((f) => f.method === 'LL_SeededAsyncPurge.execute');
    expect(purge.map((f) => f.rule)).toEqual(
      expect.arrayContaining(['ApexFlsViolation', 'DatabaseOperationsMustUseWithSharing'])
    );
    expect(purge.some((f) => f.message.includes('[DELETE] operation'))).toBe(true);
  });

  it('passes with a reviewed baseline and fails on a stale entry', () => {
    const failing = judgeFindings('sfge', run.findings, []).failing;
    expect(reportWith(run, 'sfge', []).passes).toBe(false);
    const keys = new Map(failing.map((f) => [keyOf(f), entryFor(f)]));
    const entries = [...keys.values()];
    expect(reportWith(run, 'sfge', entries).passes).toBe(true);

    const stale = { ...entries[0], method: 'LL_SeededAuditReader.rowsForComponent' };
    expect(reportWith(run, 'sfge', [...entries, stale]).passes).toBe(false);
  });
});
