/**
 * Reads a permission set's source XML into the facts the policy tests and the
 * provisioning preflight need: its license and its user permissions.
 */
import * as fs from 'node:fs';
import { XMLParser } from 'fast-xml-parser';

/** One `<userPermissions>` entry. */
export interface UserPermission {
  name: string;
  enabled: boolean;
}

/** The parts of a PermissionSet the integration checks look at. */
export interface PermissionSetFacts {
  label: string;
  license: string | null;
  userPermissions: UserPermission[];
  /** Top-level element names, in file order (to spot object/field grants). */
  elements: string[];
}

const REPEATED = new Set(['userPermissions', 'objectPermissions', 'fieldPermissions']);
const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  parseTagValue: false,
  isArray: (name) => REPEATED.has(name)
});

/** Parses PermissionSet source XML. */
export function parsePermissionSet(xml: string): PermissionSetFacts {
  const root = parser.parse(xml).PermissionSet as Record<string, unknown> | undefined;
  if (!root) throw new Error('Not a PermissionSet document.');
  const permissions = (root.userPermissions ?? []) as { name: string; enabled: string }[];
  return {
    label: String(root.label ?? ''),
    license: root.license === undefined ? null : String(root.license),
    userPermissions: permissions.map((p) => ({ name: p.name, enabled: p.enabled === 'true' })),
    elements: Object.keys(root)
  };
}

/** Reads and parses a permission set file. */
export function readPermissionSet(file: string): PermissionSetFacts {
  return parsePermissionSet(fs.readFileSync(file, 'utf8'));
}

/** Names of the enabled user permissions. */
export function enabledPermissionNames(facts: PermissionSetFacts): string[] {
  return facts.userPermissions.filter((p) => p.enabled).map((p) => p.name);
}
