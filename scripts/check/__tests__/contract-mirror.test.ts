/**
 * The controller contract is declared once in force-app/types/contract.ts and
 * mirrored by the Apex DTO classes (LL_<Name>.cls for each exported interface
 * <Name> ending in "Dto"). Apex serialises exactly the @AuraEnabled fields, so
 * a field on one side only is data the page waits for in vain, or sends for
 * nothing. This test keeps the two in step: same field names, compatible types.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..', '..', '..');
const CONTRACT = join(ROOT, 'force-app', 'types', 'contract.ts');
const CLASSES = join(ROOT, 'force-app', 'main', 'default', 'classes');

/** The kind of value a field carries, as both languages can say it. */
type Kind = 'string' | 'number' | 'boolean' | 'list' | 'object';

interface Field {
  name: string;
  kind: Kind;
}

function kindOfTs(type: ts.TypeNode | undefined): Kind {
  if (!type) return 'object';
  if (ts.isArrayTypeNode(type)) return 'list';
  if (ts.isUnionTypeNode(type)) {
    const kinds = new Set(
      type.types
        .filter(
          (member) =>
            !(ts.isLiteralTypeNode(member) && member.literal.kind === ts.SyntaxKind.NullKeyword)
        )
        .map((member) => kindOfTs(member))
    );
    return kinds.size === 1 ? [...kinds][0] : 'string';
  }
  if (ts.isLiteralTypeNode(type)) return ts.isStringLiteral(type.literal) ? 'string' : 'object';
  if (type.kind === ts.SyntaxKind.StringKeyword) return 'string';
  if (type.kind === ts.SyntaxKind.NumberKeyword) return 'number';
  if (type.kind === ts.SyntaxKind.BooleanKeyword) return 'boolean';
  if (ts.isTypeReferenceNode(type)) {
    const name = type.typeName.getText();
    if (name === 'Array' || name === 'ReadonlyArray') return 'list';
    // Type aliases of string unions (SeatSource, ReclaimAction, ...) are strings.
    return aliasKinds.get(name) ?? 'object';
  }
  return 'object';
}

const source = ts.createSourceFile(
  CONTRACT,
  readFileSync(CONTRACT, 'utf8'),
  ts.ScriptTarget.Latest,
  true
);
const aliasKinds = new Map<string, Kind>();
for (const statement of source.statements) {
  if (ts.isTypeAliasDeclaration(statement)) {
    aliasKinds.set(statement.name.text, kindOfTs(statement.type));
  }
}

/** Exported interfaces named *Dto, with their fields. */
function contractDtos(): Map<string, Field[]> {
  const dtos = new Map<string, Field[]>();
  for (const statement of source.statements) {
    if (!ts.isInterfaceDeclaration(statement) || !statement.name.text.endsWith('Dto')) continue;
    const fields: Field[] = [];
    for (const member of statement.members) {
      if (ts.isPropertySignature(member) && member.name && ts.isIdentifier(member.name)) {
        fields.push({ name: member.name.text, kind: kindOfTs(member.type) });
      }
    }
    dtos.set(statement.name.text, fields);
  }
  return dtos;
}

function findApexClasses(dir: string, found = new Map<string, string>()): Map<string, string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) findApexClasses(path, found);
    else if (entry.name.endsWith('.cls')) found.set(entry.name.slice(0, -'.cls'.length), path);
  }
  return found;
}

function kindOfApex(type: string): Kind {
  const bare = type.replace(/\s+/g, '');
  if (/^(List|Set)</i.test(bare) || bare.endsWith('[]')) return 'list';
  if (/^(String|Id|Date|Datetime)$/i.test(bare)) return 'string';
  if (/^(Integer|Long|Decimal|Double)$/i.test(bare)) return 'number';
  if (/^Boolean$/i.test(bare)) return 'boolean';
  return 'object';
}

/** @AuraEnabled public fields and properties of an Apex class. */
function apexFields(path: string): Field[] {
  const text = readFileSync(path, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '');
  const fields: Field[] = [];
  const pattern =
    /@AuraEnabled\s+public\s+(?:final\s+)?([\w<>,.\s[\]]+?)\s+(\w+)\s*(?:(?:=[^;]*)?;|\{\s*get;)/g;
  for (const match of text.matchAll(pattern)) {
    fields.push({ name: match[2], kind: kindOfApex(match[1]) });
  }
  return fields;
}

const dtos = contractDtos();
const apexClasses = findApexClasses(CLASSES);
const mirrored = [...dtos.keys()].filter((name) => apexClasses.has(`LL_${name}`));

describe('the Apex DTOs mirror force-app/types/contract.ts', () => {
  it('finds the DTOs on both sides', () => {
    expect(mirrored).toEqual(
      expect.arrayContaining(['UserPageDto', 'LoginWindowDto', 'LoginTrendDto'])
    );
    expect(mirrored.length).toBeGreaterThanOrEqual(15);
  });

  it.each(mirrored)('%s: same fields, compatible types', (name) => {
    const contract = dtos.get(name) ?? [];
    const apex = apexFields(apexClasses.get(`LL_${name}`) as string);
    const byName = (fields: Field[]) => new Map(fields.map((field) => [field.name, field.kind]));
    expect([...byName(apex).keys()].sort()).toEqual([...byName(contract).keys()].sort());
    const apexKinds = byName(apex);
    for (const field of contract) {
      // An object field (a nested DTO, an alias we cannot see through) is only checked by name.
      if (field.kind === 'object' || apexKinds.get(field.name) === 'object') continue;
      expect({ field: field.name, kind: apexKinds.get(field.name) }).toEqual({
        field: field.name,
        kind: field.kind
      });
    }
  });
});
