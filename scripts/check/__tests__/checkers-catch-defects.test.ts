/**
 * Each checker in `npm test` is shown to catch a defect: it is handed a
 * deliberately broken input kept outside force-app (scripts/check/fixtures/broken)
 * and must fail with a message naming the file and the line.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { checkApexSyntax } from '../apex-syntax';
import { checkApexSemantics } from '../apex-semantic';
import { FAILING_SEVERITY, runPmd } from '../apex-pmd';
import { checkMetadataXml } from '../metadata-xml';
import { PROJECT_ROOT } from '../../lib/paths';

const BROKEN = path.join(__dirname, '..', 'fixtures', 'broken');
const BIN = path.join(PROJECT_ROOT, 'node_modules', '.bin');
const SLOW_CHECK_MS = 120_000;

describe('checkers catch seeded defects', () => {
  it('Apex syntax: a missing semicolon is reported with file and line', () => {
    const { files, findings } = checkApexSyntax([path.join(BROKEN, 'apex-syntax')]);
    expect(files).toBe(1);
    expect(findings).toEqual([
      expect.objectContaining({
        file: path.join(BROKEN, 'apex-syntax', 'BrokenSyntax.cls'),
        line: 4,
        message: expect.stringContaining("missing ';'")
      })
    ]);
  });

  it('Prettier (Apex plugin) refuses the same syntax error with exit code 2', () => {
    const file = path.join(BROKEN, 'apex-syntax', 'BrokenSyntax.cls');
    const result = spawnSync(path.join(BIN, 'prettier'), ['--check', '--ignore-path', '', file], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8'
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('BrokenSyntax.cls');
  });

  it(
    'Apex semantics: an unknown LoginHistory field is reported with file and line',
    () => {
      const findings = checkApexSemantics(path.join(BROKEN, 'apex-semantic'));
      expect(findings).toEqual([
        expect.objectContaining({
          file: expect.stringMatching(/UnknownLoginField\.cls$/),
          line: 3,
          message: expect.stringContaining(
            "Unknown field 'LoginCountryName' on SObject 'Schema.LoginHistory'"
          )
        })
      ]);
    },
    SLOW_CHECK_MS
  );

  it(
    'PMD: SOQL and DML without user mode fail at severity 2 with file and line',
    async () => {
      const { findings } = await runPmd([path.join(BROKEN, 'apex-pmd')]);
      const failing = findings.filter((f) => f.severity <= FAILING_SEVERITY);
      expect(failing.map((f) => [path.basename(f.file), f.line, f.rule])).toEqual([
        ['QueryInLoop.cls', 4, 'ApexCRUDViolation'],
        ['QueryInLoop.cls', 6, 'ApexCRUDViolation']
      ]);
      expect(findings.some((f) => f.rule === 'OperationWithLimitsInLoop' && f.line === 4)).toBe(
        true
      );
    },
    SLOW_CHECK_MS
  );

  it('TypeScript: a type error fails tsc with file(line,col)', () => {
    const result = spawnSync(path.join(BIN, 'tsc'), ['-p', path.join(BROKEN, 'typescript')], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8'
    });
    expect(result.status).not.toBe(0);
    expect(result.stdout).toMatch(/wrongType\.ts\(4,\d+\): error TS2322/);
  });

  it('Metadata XML: malformed XML is reported with file and line', () => {
    const file = path.join(BROKEN, 'xml', 'Malformed.permissionset-meta.xml');
    const { findings } = checkMetadataXml(file);
    expect(findings).toEqual([
      expect.objectContaining({ file, line: 7, message: expect.stringContaining('Malformed XML') })
    ]);
  });

  it('Metadata XML: an element the Metadata API does not know is reported with its line', () => {
    const file = path.join(BROKEN, 'xml', 'UnknownElement.permissionset-meta.xml');
    const { checked, findings } = checkMetadataXml(file);
    expect(checked).toBe(true);
    expect(findings).toEqual([
      expect.objectContaining({
        file,
        line: 10,
        message:
          'Unknown element <permissionName> in PermissionSet/userPermissions (PermissionSetUserPermission)'
      })
    ]);
  });
});
