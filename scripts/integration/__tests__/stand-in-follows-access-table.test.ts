/**
 * The REST stand-in must be as strict as Salesforce, and Salesforce's rules are written
 * once, with their citations, in scripts/check/platform/object-access.json (the access
 * matrix reads it). This test keeps the stand-in's hand-written read rules in step with
 * that table wherever the table's rule is documented, so the two cannot drift apart.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ACCESS_RULES } from '../stand-in/fake-org';
import { PROJECT_ROOT } from '../../lib/paths';

type Requirement = boolean | string | { anyOf: Requirement[] } | { allOf: Requirement[] };
interface ReadRule {
  requires: Requirement;
  allRows?: Requirement;
  status: 'documented' | 'unverified';
}

const TABLE = JSON.parse(
  fs.readFileSync(path.join(PROJECT_ROOT, 'scripts/check/platform/object-access.json'), 'utf8')
) as { objects: Record<string, { read?: ReadRule }> };

/** The permissions any one of which satisfies a requirement (true: everyone, []). */
function anyOf(requirement: Requirement): string[] {
  if (requirement === true) return [];
  if (typeof requirement === 'string') return [requirement];
  if (typeof requirement === 'object' && 'anyOf' in requirement) {
    return requirement.anyOf.flatMap((part) => anyOf(part));
  }
  throw new Error(`Not a simple "any of" requirement: ${JSON.stringify(requirement)}`);
}

const shared = Object.keys(ACCESS_RULES).filter(
  (object) => TABLE.objects[object]?.read?.status === 'documented'
);

describe('the REST stand-in follows the cited access table', () => {
  it('compares every object both know with a documented rule', () => {
    expect(shared).toEqual(
      expect.arrayContaining(['User', 'UserLogin', 'LoginHistory', 'PermissionSetLicenseAssign'])
    );
  });

  it.each(shared)(
    '%s: the same permissions open it, extras only where marked unverified',
    (object) => {
      const rule = TABLE.objects[object].read as ReadRule;
      const standIn = ACCESS_RULES[object];
      const ownRowsOnly = rule.requires === true && rule.allRows !== undefined;
      const documented = anyOf(ownRowsOnly ? (rule.allRows as Requirement) : rule.requires);
      expect(standIn.otherwise).toBe(ownRowsOnly ? 'own-rows' : 'not-supported');
      expect(standIn.anyOf).toEqual(expect.arrayContaining(documented));
      const extras = standIn.anyOf.filter((permission) => !documented.includes(permission));
      for (const extra of extras) {
        // "ViewAllData" or its label "View All Data", and the word "unverified".
        const label = extra.replace(/(?<=[a-z])(?=[A-Z])/g, ' ');
        expect(standIn.source).toMatch(/unverified/i);
        expect(standIn.source.includes(extra) || standIn.source.includes(label)).toBe(true);
      }
    }
  );
});
