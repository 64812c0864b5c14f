/**
 * The baseline's matching and policy (code-analyzer-baseline.ts): which finding an entry
 * accepts, what fails, what only warns, what is stale, and which entries are refused.
 */
import {
  BaselineEntry,
  LocatedFinding,
  accepts,
  isIsoDate,
  judgeFindings,
  parseBaseline,
  passes,
  proposedEntry
} from '../code-analyzer-baseline';

const STORE = 'force-app/main/default/classes/reclaim/LL_ReclaimAuditStore.cls';

function finding(overrides: Partial<LocatedFinding> = {}): LocatedFinding {
  return {
    engine: 'sfge',
    rule: 'ApexFlsViolation',
    severity: 2,
    file: STORE,
    line: 83,
    method: 'LL_ReclaimAuditStore.findBatch',
    message: 'FLS validation is missing for [READ] operation on [LL_Reclaim_Audit__c]',
    ...overrides
  };
}

function entry(overrides: Partial<BaselineEntry> = {}): BaselineEntry {
  return {
    engine: 'sfge',
    rule: 'ApexFlsViolation',
    file: STORE,
    method: 'LL_ReclaimAuditStore.findBatch',
    reason: 'The audit trail is read in system mode on purpose.',
    apexDocPointer: `${STORE}#LL_ReclaimAuditStore.findBatch`,
    reviewed: '2026-12-02',
    ...overrides
  };
}

describe('accepts', () => {
  it('matches engine, rule, file and method, whatever the line', () => {
    expect(accepts(entry(), finding({ line: 83 }))).toBe(true);
    expect(accepts(entry(), finding({ line: 140 }))).toBe(true);
  });

  it.each([
    ['engine', { engine: 'pmd' as const }],
    ['rule', { rule: 'DatabaseOperationsMustUseWithSharing' }],
    ['file', { file: 'force-app/main/default/classes/reclaim/LL_ReclaimService.cls' }],
    ['method', { method: 'LL_ReclaimAuditStore.updateRows' }]
  ])('does not match another %s', (_field, other) => {
    expect(accepts(entry(), finding(other))).toBe(false);
  });

  it('narrows to findings whose message contains the entry message', () => {
    const maxRows = entry({ rule: 'MissingNullCheckOnSoqlVariable', message: 'variable maxRows' });
    const onMaxRows = finding({
      rule: 'MissingNullCheckOnSoqlVariable',
      message: 'Null check is missing for variable maxRows used in SOQL query.'
    });
    const onBatchId = finding({
      rule: 'MissingNullCheckOnSoqlVariable',
      message: 'Null check is missing for variable batchId used in SOQL query.'
    });
    expect(accepts(maxRows, onMaxRows)).toBe(true);
    expect(accepts(maxRows, onBatchId)).toBe(false);
  });
});

describe('judgeFindings', () => {
  it('accepts baselined findings and passes', () => {
    const judgement = judgeFindings('sfge', [finding(), finding({ line: 90 })], [entry()]);
    expect(judgement.accepted).toHaveLength(2);
    expect(judgement.failing).toEqual([]);
    expect(judgement.stale).toEqual([]);
    expect(passes(judgement)).toBe(true);
  });

  it('fails on an unbaselined finding of severity 1 or 2', () => {
    const critical = finding({ severity: 1, method: 'LL_ReclaimAuditStore.insertRows' });
    const high = finding({ method: 'LL_ReclaimAuditStore.updateRows' });
    const judgement = judgeFindings('sfge', [critical, high], []);
    expect(judgement.failing).toEqual([critical, high]);
    expect(passes(judgement)).toBe(false);
  });

  it('only warns about an unbaselined finding of severity 3 or more', () => {
    const moderate = finding({ rule: 'MissingNullCheckOnSoqlVariable', severity: 3 });
    const low = finding({ rule: 'UnimplementedType', severity: 4 });
    const judgement = judgeFindings('sfge', [moderate, low], []);
    expect(judgement.warnings).toEqual([moderate, low]);
    expect(judgement.failing).toEqual([]);
    expect(passes(judgement)).toBe(true);
  });

  it('fails on a stale entry: one that matches no finding', () => {
    const judgement = judgeFindings('sfge', [], [entry()]);
    expect(judgement.stale).toEqual([entry()]);
    expect(passes(judgement)).toBe(false);
  });

  it('a baselined severity-3 finding is neither a warning nor stale', () => {
    const moderate = finding({ rule: 'MissingNullCheckOnSoqlVariable', severity: 3 });
    const judgement = judgeFindings('sfge', [moderate], [entry({ rule: moderate.rule })]);
    expect(judgement.accepted).toHaveLength(1);
    expect(judgement.warnings).toEqual([]);
    expect(judgement.stale).toEqual([]);
  });

  it("leaves the other engine's entries to the other step", () => {
    const pmdEntry = entry({ engine: 'pmd', rule: 'ApexCRUDViolation' });
    const judgement = judgeFindings('sfge', [finding()], [entry(), pmdEntry]);
    expect(judgement.stale).toEqual([]);
    expect(passes(judgement)).toBe(true);
  });
});

describe('parseBaseline', () => {
  it('reads valid entries', () => {
    const { entries, problems } = parseBaseline({ entries: [entry()] });
    expect(problems).toEqual([]);
    expect(entries).toEqual([entry()]);
  });

  it('refuses a file without an entries list', () => {
    expect(parseBaseline([entry()]).problems).toHaveLength(1);
    expect(parseBaseline(null).problems).toHaveLength(1);
  });

  it.each([
    ['a missing reason', { reason: '' }, 'reason is missing'],
    ['a placeholder reason', { reason: 'TODO: explain' }, 'reason is a placeholder'],
    ['a missing method', { method: undefined }, 'method is missing'],
    ['a pointer without a member', { apexDocPointer: STORE }, 'apexDocPointer must look like'],
    ['a pointer that is not Apex', { apexDocPointer: 'README.md#Security' }, 'apexDocPointer'],
    ['an impossible date', { reviewed: '2026-02-30' }, 'reviewed must be a date'],
    ['a date in another format', { reviewed: '02/12/2026' }, 'reviewed must be a date'],
    ['an unknown engine', { engine: 'eslint' }, 'engine must be one of'],
    ['backslashes in the file', { file: STORE.replace(/\//g, '\\') }, 'forward slashes']
  ])('refuses an entry with %s', (_case, change, expected) => {
    const raw = { ...entry(), ...change } as unknown;
    const { entries, problems } = parseBaseline({ entries: [raw] });
    expect(entries).toEqual([]);
    expect(problems).toEqual([{ index: 0, message: expect.stringContaining(expected) }]);
  });

  it('refuses a duplicate entry but keeps the first', () => {
    const { entries, problems } = parseBaseline({ entries: [entry(), entry()] });
    expect(entries).toHaveLength(1);
    expect(problems).toEqual([{ index: 1, message: 'duplicates an earlier entry' }]);
  });

  it('two entries that differ only by message are not duplicates', () => {
    const batchId = entry({ rule: 'MissingNullCheckOnSoqlVariable', message: 'batchId' });
    const maxRows = entry({ rule: 'MissingNullCheckOnSoqlVariable', message: 'maxRows' });
    expect(parseBaseline({ entries: [batchId, maxRows] }).problems).toEqual([]);
  });
});

describe('proposedEntry', () => {
  it('copies the key of the finding and leaves placeholders the parser refuses', () => {
    const proposal = proposedEntry(finding(), '2026-12-02');
    expect(proposal).toMatchObject({
      engine: 'sfge',
      rule: 'ApexFlsViolation',
      file: STORE,
      method: 'LL_ReclaimAuditStore.findBatch',
      reviewed: '2026-12-02'
    });
    expect(accepts(proposal, finding())).toBe(true);
    const { problems } = parseBaseline({ entries: [proposal] });
    expect(problems[0].message).toContain('reason is a placeholder');
    expect(problems[0].message).toContain('apexDocPointer is a placeholder');
  });
});

describe('isIsoDate', () => {
  it('accepts real dates only', () => {
    expect(isIsoDate('2026-12-02')).toBe(true);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
  });
});
