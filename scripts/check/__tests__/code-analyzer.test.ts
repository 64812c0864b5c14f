/**
 * The parts of the code analyzer steps that need no engine: Graph Engine's per-entry-point
 * errors as findings, and the ApexDoc pointer check.
 */
import * as path from 'node:path';
import {
  INTERNAL_ERROR_RULE,
  MemberIndex,
  TIMEOUT_RULE,
  entryPointErrorFinding,
  pointerProblems,
  projectPath
} from '../code-analyzer';
import { BaselineEntry } from '../code-analyzer-baseline';

const READER = path.join(
  __dirname,
  '..',
  'fixtures',
  'broken',
  'graph-engine',
  'force-app',
  'main',
  'default',
  'classes',
  'LL_SeededAuditReader.cls'
);
const READER_PATH = projectPath(READER);

describe('entryPointErrorFinding', () => {
  it('turns an internal error at an entry point into a failing finding there', () => {
    const message =
      `Internal execution error while scanning entry point: ${READER}:14:44: Graph Engine ` +
      'identified your source and sink, but you must manually verify that you have a ' +
      'sanitizer in this path. Error and stacktrace: UnexpectedException: Did not expect ' +
      'NOT_A_MATCH when ranking parameter match. parameterType = Date, type = ' +
      'OrderedTreeSet{internalList=[NULL, Object]}: com.salesforce.graph.ops.TypeableUtil.' +
      'rankParameterMatch(TypeableUtil.java:211);com.salesforce.graph.vertex.Typeable.x(T.java:41)';
    expect(entryPointErrorFinding('sfge', message, new MemberIndex())).toEqual({
      engine: 'sfge',
      rule: INTERNAL_ERROR_RULE,
      severity: 2,
      file: READER_PATH,
      line: 14,
      method: 'LL_SeededAuditReader.rowsForComponent',
      message:
        'Graph Engine identified your source and sink, but you must manually verify that you ' +
        'have a sanitizer in this path. UnexpectedException: Did not expect NOT_A_MATCH when ' +
        'ranking parameter match. parameterType = Date, type = OrderedTreeSet'
    });
  });

  it('turns a timeout into a warning (it depends on the machine)', () => {
    const message = `Internal execution error while scanning entry point: ${READER}:14:44: Path evaluation timed out after 60000 ms`;
    expect(entryPointErrorFinding('sfge', message, new MemberIndex())).toMatchObject({
      rule: TIMEOUT_RULE,
      severity: 3,
      method: 'LL_SeededAuditReader.rowsForComponent'
    });
  });

  it('leaves other engine errors alone', () => {
    expect(entryPointErrorFinding('sfge', 'java not found', new MemberIndex())).toBeUndefined();
  });
});

describe('pointerProblems', () => {
  const entry = (apexDocPointer: string): BaselineEntry => ({
    engine: 'sfge',
    rule: 'ApexFlsViolation',
    file: READER_PATH,
    method: 'LL_SeededAuditReader.readRows',
    reason: 'test',
    apexDocPointer,
    reviewed: '2026-12-02'
  });

  it('accepts a documented method or class', () => {
    expect(pointerProblems([entry(`${READER_PATH}#LL_SeededAuditReader.readRows`)])).toEqual([]);
    expect(pointerProblems([entry(`${READER_PATH}#LL_SeededAuditReader`)])).toEqual([]);
  });

  it('refuses a missing file or member', () => {
    expect(pointerProblems([entry('force-app/Nope.cls#Nope.x')])).toEqual([
      expect.stringContaining('file force-app/Nope.cls does not exist')
    ]);
    expect(pointerProblems([entry(`${READER_PATH}#LL_SeededAuditReader.gone`)])).toEqual([
      expect.stringContaining('LL_SeededAuditReader.gone is not declared')
    ]);
  });
});
