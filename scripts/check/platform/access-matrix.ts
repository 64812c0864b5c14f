/**
 * Access matrix check (platform step): holds every user-mode database operation reachable
 * from an @AuraEnabled entry point to what Salesforce documents it needs, for every
 * persona that can call that entry point.
 *
 * - object-access.json (beside this file) records, per object and operation, the documented
 *   requirement and the page it comes from ("unverified" plus the code's fallback where
 *   the docs are silent). Its "project" section names the features (groups of entry
 *   points), the personas (permission sets plus declared profile assumptions) and the
 *   objects of DML on generic SObject lists.
 * - The Apex below <projectRoot>/force-app is walked from each entry point
 *   (access-trace.ts): SOQL, dynamic SOQL, DML, Database.* calls, custom metadata reads
 *   and enqueued jobs, with their access mode and the guards on the path.
 * - Personas come from the permission set XML (userPermissions, objectPermissions,
 *   fieldPermissions, classAccesses).
 *
 * Findings (each fails the step):
 * - gap: a persona can call an entry point, and a user-mode operation on its path needs a
 *   permission the persona lacks, with no guard on the path refusing first;
 * - substitute: a guard checks the operation's permission but lets another one stand in
 *   for it ("Assign Permission Sets OR View Setup" where View Setup is documented);
 * - an operation the table has no documented requirement for, a relationship or dynamic
 *   SOQL the walk cannot read, DML on a generic SObject list with no declared objects, a
 *   table entry without citation or fallback.
 * A feature refused by a guard that names the missing permission is not a gap: the matrix
 * prints "needs <permission>". System-mode operations are listed, not checked.
 *
 * Usage: ts-node scripts/check/platform/access-matrix.ts [projectRoot] [--markdown file.md]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { Finding, formatFinding, listFiles } from '../../lib/files';
import { PROJECT_ROOT } from '../../lib/paths';
import { ApexModel, readApexModel } from './access-apex-model';
import {
  and,
  atom,
  describe,
  evaluate,
  Formula,
  fromRequirement,
  implies,
  RequirementExpression,
  TRUE,
  variablesOf
} from './access-formula';
import { AccessEvent, AccessWalker, Clause, Operation, TraceEvent } from './access-trace';
import type { PlatformCheck, PlatformCheckResult } from './platform-checks';

// ------------------------------------------------------------------ the table

/** One documented rule: what an operation needs, and where that is written. */
export interface OperationRule {
  requires: RequirementExpression;
  allRows?: RequirementExpression;
  status: 'documented' | 'unverified';
  citation?: string;
  /** A second page that supports part of the rule. */
  seeAlso?: string;
  quote?: string;
  fallback?: string;
  note?: string;
}

interface ObjectRules {
  custom?: boolean;
  note?: string;
  read?: OperationRule;
  create?: OperationRule;
  update?: OperationRule;
  delete?: OperationRule;
  enqueue?: OperationRule;
}

/** A feature of the matrix: entry points (`Class.method` or `Class.*`). */
export interface FeatureSpec {
  id: string;
  label: string;
  entryPoints: string[];
  discriminator?: { name: string; values: string[] };
  /** Whether the feature must see every row (allRows requirements apply). */
  needsAllRows?: boolean;
}

/** A persona: permission sets, plus permissions its profile is assumed to grant. */
export interface PersonaSpec {
  id: string;
  label: string;
  permissionSets: string[];
  profileGrants?: string[];
  note?: string;
}

interface DmlTarget {
  objects?: string[];
  byValue?: Record<string, string[]>;
  reason: string;
}

/** The project section of object-access.json. */
export interface ProjectModel {
  features: FeatureSpec[];
  personas: PersonaSpec[];
  dmlTargets: Record<string, DmlTarget>;
}

/** object-access.json. */
export interface AccessTable {
  permissions: Record<string, { label: string; implies?: string[]; citation?: string }>;
  objects: Record<string, ObjectRules>;
  customObjects: { status: string; citation: string; quote?: string };
  customMetadata: OperationRule;
  accessModes: { citation: string };
  fields: Record<string, { read: OperationRule }>;
  relationships: Record<string, string>;
  project?: ProjectModel;
}

export const TABLE_FILE = path.join(__dirname, 'object-access.json');

/** Reads a table (the repository's by default). */
export function readAccessTable(file = TABLE_FILE): AccessTable {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as AccessTable;
}

/** The project model of a project root: its own object-access.json "project" section. */
export function readProjectModel(projectRoot: string): ProjectModel {
  const file = path.join(projectRoot, 'scripts', 'check', 'platform', 'object-access.json');
  if (!fs.existsSync(file)) return { features: [], personas: [], dmlTargets: {} };
  const project = (JSON.parse(fs.readFileSync(file, 'utf8')) as { project?: ProjectModel }).project;
  return {
    features: project?.features ?? [],
    personas: project?.personas ?? [],
    dmlTargets: project?.dmlTargets ?? {}
  };
}

const OBJECT_PERMISSION_PREFIX: Record<Operation, string> = {
  read: 'Read',
  create: 'Create',
  update: 'Edit',
  delete: 'Delete',
  enqueue: 'Create'
};

/** A requirement resolved for one access: its formula, text and source. */
export interface ResolvedRequirement {
  formula: Formula;
  allRows?: Formula;
  status: string;
  citation: string;
}

/** Custom fields of the project: whether required (no field-level security), lookups. */
interface CustomField {
  required: boolean;
  referenceTo?: string;
}

/** Looks up what the table documents for an object operation and the fields it reads. */
export class Requirements {
  constructor(
    private readonly table: AccessTable,
    private readonly customFields: Map<string, CustomField>
  ) {}

  isSObjectType(name: string): boolean {
    return Boolean(this.objectRules(name)) || /__(c|mdt|e|x)$/i.test(name);
  }

  private objectRules(name: string): ObjectRules | undefined {
    const key = Object.keys(this.table.objects).find((k) => k.toLowerCase() === name.toLowerCase());
    return key ? this.table.objects[key] : undefined;
  }

  relationshipTarget(object: string, relationship: string): string | undefined {
    const key = `${object}.${relationship}`.toLowerCase();
    const known = Object.entries(this.table.relationships).find(([k]) => k.toLowerCase() === key);
    if (known) return known[1];
    if (/__r$/i.test(relationship)) {
      return this.customFields.get(
        `${object}.${relationship.replace(/__r$/i, '__c')}`.toLowerCase()
      )?.referenceTo;
    }
    return undefined;
  }

  /** The requirement of an operation, or undefined when the table has none. */
  of(object: string, operation: Operation, fields: string[] = []): ResolvedRequirement | undefined {
    if (/__mdt$/i.test(object)) {
      const rule = this.table.customMetadata;
      return {
        formula: fromRequirement(rule.requires),
        status: rule.status,
        citation: rule.citation ?? ''
      };
    }
    const rules = this.objectRules(object);
    const isCustom = /__c$/i.test(object) || Boolean(rules?.custom);
    let base: ResolvedRequirement | undefined;
    if (isCustom) {
      base = {
        formula: atom(`${OBJECT_PERMISSION_PREFIX[operation]}:${object}`),
        status: this.table.customObjects.status,
        citation: this.table.customObjects.citation
      };
    } else {
      const rule = rules?.[operation];
      if (!rule) return undefined;
      base = {
        formula: fromRequirement(rule.requires),
        allRows: rule.allRows === undefined ? undefined : fromRequirement(rule.allRows),
        status: rule.status,
        citation: [rule.citation ?? rule.fallback ?? '', rule.seeAlso].filter(Boolean).join(' ; ')
      };
    }
    const fieldFormulas: Formula[] = [];
    const citations = [base.citation];
    for (const field of fields) {
      const documented = Object.entries(this.table.fields).find(
        ([k]) => k.toLowerCase() === `${object}.${field}`.toLowerCase()
      )?.[1];
      if (documented && operation === 'read') {
        fieldFormulas.push(fromRequirement(documented.read.requires));
        if (documented.read.citation) citations.push(documented.read.citation);
      } else if (isCustom && /__c$/i.test(field) && operation === 'read') {
        const custom = this.customFields.get(`${object}.${field}`.toLowerCase());
        if (!custom?.required) fieldFormulas.push(atom(`FieldRead:${object}.${field}`));
      }
    }
    return {
      ...base,
      formula: and(base.formula, ...fieldFormulas),
      citation: [...new Set(citations)].join(' ; ')
    };
  }

  /** What `Schema.SObjectType.X.isAccessible()` and friends check. */
  describe(object: string, operation: Operation): Formula {
    return this.of(object, operation)?.formula ?? TRUE;
  }

  /** A readable name for a permission atom. */
  label(name: string): string {
    const known = this.table.permissions[name]?.label;
    if (known) return known;
    const objectPermission = /^(Read|Create|Edit|Delete):(.+)$/.exec(name);
    if (objectPermission) return `${objectPermission[1]} on ${objectPermission[2]}`;
    const fieldPermission = /^FieldRead:(.+)$/.exec(name);
    if (fieldPermission) return `Read on field ${fieldPermission[1]}`;
    return name;
  }

  /** The permission a Setup label names ("Manage Users" -> ManageUsers), if the table knows it. */
  permissionOfLabel(label: string): string | undefined {
    return Object.entries(this.table.permissions).find(
      ([, p]) => p.label.toLowerCase() === label.toLowerCase()
    )?.[0];
  }

  /** Permissions a permission implies (Manage Users implies View All Users). */
  implied(name: string): string[] {
    return this.table.permissions[name]?.implies ?? [];
  }
}

/** Checks the table itself: documented rules cite a page, unverified ones state a fallback. */
export function validateTable(table: AccessTable, file: string): Finding[] {
  const findings: Finding[] = [];
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const lineOf = (key: string): number => {
    const index = text.indexOf(`"${key}"`);
    return index < 0 ? 1 : text.slice(0, index).split('\n').length;
  };
  const check = (where: string, rule: OperationRule): void => {
    if (rule.seeAlso !== undefined && !/^https:\/\//.test(rule.seeAlso)) {
      findings.push({
        file,
        line: lineOf(where),
        message: `${where}: seeAlso must be a URL (object-access.json)`
      });
    }
    if (rule.status === 'documented' && !/^https:\/\//.test(rule.citation ?? '')) {
      findings.push({
        file,
        line: lineOf(where),
        message: `${where}: a documented rule needs a citation URL (object-access.json)`
      });
    }
    if (rule.status === 'unverified' && !rule.fallback) {
      findings.push({
        file,
        line: lineOf(where),
        message: `${where}: an unverified rule must say what the code does instead (fallback)`
      });
    }
    if (rule.status !== 'documented' && rule.status !== 'unverified') {
      findings.push({
        file,
        line: lineOf(where),
        message: `${where}: status must be documented or unverified`
      });
    }
  };
  for (const [object, rules] of Object.entries(table.objects)) {
    for (const operation of ['read', 'create', 'update', 'delete', 'enqueue'] as const) {
      const rule = rules[operation];
      if (rule) check(object, rule);
    }
  }
  for (const [field, rules] of Object.entries(table.fields)) check(field, rules.read);
  check('customMetadata', table.customMetadata);
  return findings;
}

// ------------------------------------------------------------------ project metadata

const XML = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name) =>
    [
      'userPermissions',
      'objectPermissions',
      'fieldPermissions',
      'classAccesses',
      'customPermissions'
    ].includes(name)
});

/** A permission set as the matrix reads it. */
export interface PermissionSetGrants {
  name: string;
  label: string;
  file: string;
  granted: Set<string>;
  classes: Set<string>;
}

/** Reads every permission set below force-app. */
export function readPermissionSets(projectRoot: string): Map<string, PermissionSetGrants> {
  const sets = new Map<string, PermissionSetGrants>();
  const files = listFiles(path.join(projectRoot, 'force-app'), (f) =>
    f.endsWith('.permissionset-meta.xml')
  );
  for (const file of files) {
    const name = path.basename(file).replace('.permissionset-meta.xml', '');
    const xml = XML.parse(fs.readFileSync(file, 'utf8')).PermissionSet ?? {};
    const granted = new Set<string>();
    const classes = new Set<string>();
    const on = (value: unknown): boolean => String(value) === 'true';
    for (const p of xml.userPermissions ?? []) if (on(p.enabled)) granted.add(String(p.name));
    // Custom permissions, as FeatureManagement.checkPermission reads them.
    for (const c of xml.customPermissions ?? []) {
      if (on(c.enabled)) granted.add(`Custom:${String(c.name)}`);
    }
    for (const o of xml.objectPermissions ?? []) {
      const object = String(o.object);
      const all = on(o.modifyAllRecords);
      if (on(o.allowRead) || on(o.viewAllRecords) || all) granted.add(`Read:${object}`);
      if (on(o.allowCreate) || all) granted.add(`Create:${object}`);
      if (on(o.allowEdit) || all) granted.add(`Edit:${object}`);
      if (on(o.allowDelete) || all) granted.add(`Delete:${object}`);
    }
    for (const f of xml.fieldPermissions ?? []) {
      if (on(f.readable) || on(f.editable)) granted.add(`FieldRead:${String(f.field)}`);
      if (on(f.editable)) granted.add(`FieldEdit:${String(f.field)}`);
    }
    for (const c of xml.classAccesses ?? [])
      if (on(c.enabled)) classes.add(String(c.apexClass).toLowerCase());
    sets.set(name, { name, label: String(xml.label ?? name), file, granted, classes });
  }
  return sets;
}

/** Custom fields below force-app: required flag and lookup target. */
function readCustomFields(projectRoot: string): Map<string, CustomField> {
  const fields = new Map<string, CustomField>();
  const files = listFiles(path.join(projectRoot, 'force-app'), (f) =>
    f.endsWith('.field-meta.xml')
  );
  for (const file of files) {
    const object = path.basename(path.dirname(path.dirname(file)));
    const field = path.basename(file).replace('.field-meta.xml', '');
    const xml = XML.parse(fs.readFileSync(file, 'utf8')).CustomField ?? {};
    fields.set(`${object}.${field}`.toLowerCase(), {
      required: String(xml.required) === 'true' || String(xml.type) === 'MasterDetail',
      referenceTo: xml.referenceTo ? String(xml.referenceTo) : undefined
    });
  }
  return fields;
}

// ------------------------------------------------------------------ analysis

/** A persona with everything it holds. */
export interface Persona {
  id: string;
  label: string;
  granted: Set<string>;
  classes: Set<string>;
  declared: boolean;
}

/** One walk: a feature's entry point, for one discriminator value. */
interface Trace {
  feature: FeatureSpec;
  entry: string;
  value?: string;
  events: TraceEvent[];
}

/** A user-mode (or unstated-mode) operation with its resolved requirement. */
interface CheckedAccess {
  trace: Trace;
  event: AccessEvent;
  object: string;
  requirement: ResolvedRequirement;
  /** The requirement plus allRows when the feature needs every row. */
  formula: Formula;
}

/** One cell of the matrix. */
export interface MatrixCell {
  text: string;
  state: 'works' | 'needs' | 'fails' | 'no access';
}

/** What the analysis produced. */
export interface AccessMatrixResult {
  findings: Finding[];
  features: FeatureSpec[];
  personas: Persona[];
  /** matrix[featureId][personaId] */
  matrix: Record<string, Record<string, MatrixCell>>;
  entryPoints: string[];
  unassigned: string[];
  systemMode: string[];
  unstatedMode: string[];
  userModeCount: number;
}

function entryMatches(pattern: string, entry: string): boolean {
  const [cls, method] = pattern.toLowerCase().split('.');
  const [entryCls, entryMethod] = entry.toLowerCase().split('.');
  return cls === entryCls && (method === '*' || method === entryMethod);
}

/** Where a finding is: file and line only. */
function at(site: { file: string; line: number }): { file: string; line: number } {
  return { file: site.file, line: site.line };
}

function siteKey(e: { site: { file: string; line: number } }): string {
  return `${e.site.file}:${e.site.line}`;
}

/** Runs the analysis over a project root. */
export function analyzeAccessMatrix(
  projectRoot: string,
  table = readAccessTable()
): AccessMatrixResult {
  const findings: Finding[] = validateTable(table, TABLE_FILE);
  const project = readProjectModel(projectRoot);
  const model: ApexModel = readApexModel(path.join(projectRoot, 'force-app'));
  for (const site of model.unparsed) {
    findings.push({
      ...site,
      message:
        'access matrix: this class does not parse, so its accesses are unknown (see apex-syntax)'
    });
  }
  const requirements = new Requirements(table, readCustomFields(projectRoot));
  const permissionSets = readPermissionSets(projectRoot);

  // Entry points and features.
  const entryPoints = [...model.classes.values()]
    .filter((c) => !c.isTest && !c.outer)
    .flatMap((c) =>
      c.methods
        .filter((m) => m.annotations.includes('auraenabled'))
        .map((m) => `${c.name}.${m.name}`)
    );
  const assigned = new Set<string>();
  const features: FeatureSpec[] = [];
  for (const feature of project.features) {
    const entries = entryPoints.filter((e) => feature.entryPoints.some((p) => entryMatches(p, e)));
    entries.forEach((e) => assigned.add(e));
    features.push({ ...feature, entryPoints: entries });
  }
  const unassigned = entryPoints.filter((e) => !assigned.has(e));
  for (const entry of unassigned) {
    features.push({ id: entry, label: `${entry} (in no feature)`, entryPoints: [entry] });
  }

  // Walk every entry point of every feature, per discriminator value.
  const traces: Trace[] = [];
  for (const feature of features) {
    const values = feature.discriminator?.values ?? [undefined];
    for (const entry of feature.entryPoints) {
      for (const value of values) {
        const walker = new AccessWalker(model, {
          discriminator:
            value === undefined || !feature.discriminator
              ? undefined
              : { name: feature.discriminator.name, value },
          isSObjectType: (name) => requirements.isSObjectType(name),
          describeRequirement: (object, operation) => requirements.describe(object, operation),
          relationshipTarget: (object, relationship) =>
            requirements.relationshipTarget(object, relationship)
        });
        const [cls, method] = entry.split('.');
        walker.walkEntry(cls, method);
        traces.push({ feature, entry, value, events: walker.events });
      }
    }
  }

  // Resolve objects and requirements.
  const reported = new Set<string>();
  const report = (finding: Finding): void => {
    const key = `${finding.file}:${finding.line}:${finding.message}`;
    if (!reported.has(key)) {
      reported.add(key);
      findings.push(finding);
    }
  };
  const checked: CheckedAccess[] = [];
  const systemMode = new Map<string, string>();
  const unstatedMode = new Map<string, string>();
  for (const trace of traces) {
    const declaredGeneric = new Set<string>();
    let genericSite: AccessEvent | undefined;
    for (const event of trace.events) {
      if (event.k === 'unresolved')
        report({ ...at(event.site), message: `access matrix: ${event.message}` });
      if (event.k !== 'access') continue;
      let objects = event.object ? [event.object] : [];
      if (!event.object) {
        const target = project.dmlTargets[`${event.site.className}.${event.site.methodName}`];
        const declared = target
          ? (trace.value !== undefined && target.byValue?.[trace.value]) || target.objects
          : undefined;
        if (!declared) {
          if (!target?.byValue || trace.value === undefined) {
            report({
              ...at(event.site),
              message: `access matrix: ${event.via} on a generic SObject list in ${event.site.className}.${event.site.methodName}: declare its objects in object-access.json project.dmlTargets`
            });
          }
          continue;
        }
        objects = declared;
        genericSite = event;
        declared.forEach((o) => declaredGeneric.add(o.toLowerCase()));
      }
      for (const object of objects) {
        const where = `${event.site.className}.${event.site.methodName} ${object} ${event.operation} (${path.basename(event.site.file)}:${event.site.line})`;
        if (event.mode === 'system') {
          const cls = model.classes.get(event.site.className);
          const method = cls?.methods.find((m) => m.name === event.site.methodName);
          const justified = /system[ _]mode|without sharing/i.test(
            `${method?.doc ?? ''} ${cls?.doc ?? ''}`
          );
          systemMode.set(
            where,
            `system mode: ${where}${justified ? '' : ' — ApexDoc does not justify it'}`
          );
          continue;
        }
        if (event.mode === 'unstated')
          unstatedMode.set(where, `mode not stated (held to user mode): ${where} via ${event.via}`);
        const requirement = requirements.of(object, event.operation, event.fields);
        if (!requirement) {
          report({
            ...at(event.site),
            message: `access matrix: ${object} ${event.operation} has no documented requirement in object-access.json; add it with its citation (or as unverified, with the code's fallback)`
          });
          continue;
        }
        const formula =
          trace.feature.needsAllRows && requirement.allRows
            ? and(requirement.formula, requirement.allRows)
            : requirement.formula;
        checked.push({ trace, event, object, requirement, formula });
      }
    }
    if (genericSite) {
      for (const event of trace.events) {
        if (
          event.k === 'construct' &&
          !/__(c|mdt)$/i.test(event.type) &&
          !declaredGeneric.has(event.type.toLowerCase())
        ) {
          report({
            ...at(event.site),
            message: `access matrix: ${event.type} is built on the ${trace.feature.label}${trace.value ? ` (${trace.value})` : ''} path but object-access.json dmlTargets does not list it for ${genericSite.site.className}.${genericSite.site.methodName}`
          });
        }
      }
    }
  }

  // Guards that let a substitute stand in for the documented permission.
  const text = (f: Formula): string => describe(f, (n) => requirements.label(n));
  const substitutes = new Set<string>();
  for (const access of checked) {
    const premise = and(...access.event.path.map((c) => c.formula));
    const proof = implies(premise, access.formula);
    if (proof.holds) continue;
    // Only a guard that names one of the documented permissions is checking for this
    // operation; other guards on the path are about other data.
    const needed = variablesOf(access.formula).atoms;
    const guard = [...access.event.path]
      .reverse()
      .find(
        (c) =>
          c.kind === 'throw' &&
          c.labels.some((l) => needed.has(requirements.permissionOfLabel(l) ?? ''))
      );
    if (!guard) continue;
    const key = `${siteKey(guard)}>${siteKey(access.event)}:${access.object}:${access.event.operation}`;
    if (substitutes.has(key)) continue;
    substitutes.add(key);
    const held =
      proof.heldPermissions.map((n) => requirements.label(n)).join(', ') || 'no permission';
    report({
      file: guard.site.file,
      line: guard.site.line,
      message: `access matrix: guard in ${guard.site.className}.${guard.site.methodName} lets a user holding only ${held} through, but ${access.object} ${access.event.operation} in user mode (${access.event.site.className}.${access.event.site.methodName}, line ${access.event.site.line}) needs ${text(access.formula)} (${access.requirement.citation})`
    });
  }

  // Personas: each permission set alone, plus the declared combinations.
  const personas: Persona[] = [];
  const withImplied = (granted: Set<string>): Set<string> => {
    for (const name of [...granted]) requirements.implied(name).forEach((i) => granted.add(i));
    return granted;
  };
  for (const set of permissionSets.values()) {
    personas.push({
      id: set.name,
      label: `${set.label} (${set.name})`,
      granted: withImplied(new Set(set.granted)),
      classes: set.classes,
      declared: false
    });
  }
  for (const spec of project.personas) {
    const granted = new Set<string>(spec.profileGrants ?? []);
    const classes = new Set<string>();
    for (const name of spec.permissionSets) {
      const set = permissionSets.get(name);
      if (!set) {
        findings.push({
          file: path.join(projectRoot, 'scripts/check/platform/object-access.json'),
          line: 1,
          message: `access matrix: persona ${spec.label} names permission set ${name}, which does not exist`
        });
        continue;
      }
      set.granted.forEach((g) => granted.add(g));
      set.classes.forEach((c) => classes.add(c));
    }
    // A declared persona made of one permission set replaces that set's own persona.
    const alone = spec.permissionSets.length === 1 && !spec.profileGrants?.length;
    const index = alone
      ? personas.findIndex((p) => !p.declared && p.id === spec.permissionSets[0])
      : -1;
    if (index >= 0) personas.splice(index, 1);
    personas.push({
      id: spec.id,
      label: spec.label,
      granted: withImplied(granted),
      classes,
      declared: true
    });
  }

  // Gaps and the matrix.
  const reachable = (pathClauses: Clause[], persona: Persona): boolean =>
    pathClauses.every((c) => evaluate(c.formula, persona.granted) !== false);
  const matrix: AccessMatrixResult['matrix'] = {};
  for (const feature of features) {
    matrix[feature.id] = {};
    for (const persona of personas) {
      const callable = feature.entryPoints.filter((e) =>
        persona.classes.has(e.split('.')[0].toLowerCase())
      );
      const needs = new Set<string>();
      const fails = new Set<string>();
      for (const trace of traces.filter(
        (t) => t.feature === feature && callable.includes(t.entry)
      )) {
        for (const event of trace.events) {
          if (event.k !== 'guard' || !reachable(event.path, persona)) continue;
          if (evaluate(event.clause.formula, persona.granted) === false) {
            const labels = event.clause.labels.length
              ? event.clause.labels
              : [text(event.clause.formula)];
            labels.forEach((l) => needs.add(l));
          }
        }
        for (const access of checked.filter((a) => a.trace === trace)) {
          if (!reachable(access.event.path, persona)) continue;
          if (evaluate(access.formula, persona.granted) !== false) continue;
          fails.add(`${access.object} ${access.event.operation} needs ${text(access.formula)}`);
          report({
            ...at(access.event.site),
            message: `access matrix: ${persona.label} grants ${trace.entry} but ${access.object} ${access.event.operation} in user mode needs ${text(access.formula)} (${access.requirement.citation}) [${feature.label}${trace.value ? `: ${trace.value}` : ''}, via ${access.event.via}]`
          });
        }
      }
      matrix[feature.id][persona.id] =
        callable.length === 0
          ? { state: 'no access', text: 'no access' }
          : fails.size > 0
            ? { state: 'fails', text: `fails: ${[...fails].join('; ')}` }
            : needs.size > 0
              ? { state: 'needs', text: `needs ${[...needs].join(' + ')}` }
              : { state: 'works', text: 'works' };
    }
  }

  return {
    findings,
    features,
    personas,
    matrix,
    entryPoints,
    unassigned,
    systemMode: [...systemMode.values()].sort(),
    unstatedMode: [...unstatedMode.values()].sort(),
    userModeCount: new Set(
      checked.map((c) => `${siteKey(c.event)}:${c.object}:${c.event.operation}`)
    ).size
  };
}

// ------------------------------------------------------------------ output

/** The matrix as text lines (declared personas only), for the step's report. */
export function matrixLines(result: AccessMatrixResult): string[] {
  const personas = result.personas.filter((p) => p.declared);
  const lines = ['Access matrix (rows: features, columns: personas):'];
  for (const feature of result.features) {
    lines.push(`  ${feature.label}`);
    for (const persona of personas)
      lines.push(`    ${persona.label}: ${result.matrix[feature.id][persona.id].text}`);
  }
  return lines;
}

/** The matrix and the documented requirements as Markdown, for the README. */
export function renderMarkdown(result: AccessMatrixResult, table = readAccessTable()): string {
  const personas = result.personas.filter((p) => p.declared);
  const escape = (s: string): string => s.replace(/\|/g, '\\|');
  const out: string[] = [];
  out.push('### Access matrix');
  out.push('');
  out.push(
    'Derived by `npm test` (platform step, `scripts/check/platform/access-matrix.ts`) from the Apex and the permission sets: every user-mode operation reachable from each `@AuraEnabled` method, held to what Salesforce documents (table below). "needs X" means License Lens refuses with an error naming X before touching the data.'
  );
  out.push('');
  out.push(`| Feature | ${personas.map((p) => escape(p.label)).join(' | ')} |`);
  out.push(`|---|${personas.map(() => '---').join('|')}|`);
  for (const feature of result.features) {
    out.push(
      `| ${escape(feature.label)} | ${personas.map((p) => escape(result.matrix[feature.id][p.id].text)).join(' | ')} |`
    );
  }
  out.push('');
  out.push('### What each operation needs (documented)');
  out.push('');
  out.push('| Object | Operation | Needs | Source |');
  out.push('|---|---|---|---|');
  const label = (n: string): string => table.permissions[n]?.label ?? n;
  for (const [object, rules] of Object.entries(table.objects)) {
    if (rules.custom) {
      out.push(
        `| ${object} | read/write | object permission from the permission set | [Apex AccessLevel](${table.customObjects.citation}) |`
      );
      continue;
    }
    for (const operation of ['read', 'create', 'update', 'delete', 'enqueue'] as const) {
      const rule = rules[operation];
      if (!rule) continue;
      let needs = describe(fromRequirement(rule.requires), label);
      if (rule.allRows !== undefined)
        needs += `; all rows: ${describe(fromRequirement(rule.allRows), label)}`;
      const source =
        rule.status === 'documented'
          ? `[documented](${rule.citation})${rule.seeAlso ? `, [see also](${rule.seeAlso})` : ''}`
          : `unverified: ${rule.fallback ?? ''}`;
      out.push(`| ${object} | ${operation} | ${escape(needs)} | ${escape(source)} |`);
    }
  }
  for (const [field, rules] of Object.entries(table.fields)) {
    const rule = rules.read;
    const source =
      rule.status === 'documented'
        ? `[documented](${rule.citation})`
        : `unverified: ${rule.fallback ?? ''}`;
    out.push(
      `| ${field} | read | ${escape(describe(fromRequirement(rule.requires), label))} | ${escape(source)} |`
    );
  }
  out.push(
    `| custom metadata (__mdt) | read | nothing (Public types) | [documented](${table.customMetadata.citation}) |`
  );
  out.push('');
  return out.join('\n');
}

/** The platform step's entry. */
export const accessMatrixCheck: PlatformCheck = {
  id: 'access-matrix',
  title: 'Access matrix (user-mode operations vs documented permissions, per persona)',
  run: (projectRoot: string): PlatformCheckResult => {
    const result = analyzeAccessMatrix(projectRoot);
    const report = [
      ...matrixLines(result),
      ...result.unassigned.map((e) => `entry point in no feature of object-access.json: ${e}`),
      ...result.systemMode,
      ...result.unstatedMode
    ];
    return {
      findings: result.findings,
      summary: `${result.entryPoints.length} entry points, ${result.userModeCount} user-mode operations checked for ${result.personas.length} personas, ${result.systemMode.length} system-mode operations listed`,
      report
    };
  }
};

if (require.main === module) {
  const args = process.argv.slice(2);
  const markdownIndex = args.indexOf('--markdown');
  const markdownFile = markdownIndex >= 0 ? args[markdownIndex + 1] : undefined;
  const rest =
    markdownIndex < 0
      ? args
      : args.filter((_a, i) => i !== markdownIndex && i !== markdownIndex + 1);
  const root = path.resolve(rest[0] ?? PROJECT_ROOT);
  const result = analyzeAccessMatrix(root);
  for (const line of matrixLines(result)) console.log(line);
  for (const line of [...result.systemMode, ...result.unstatedMode]) console.log(line);
  for (const finding of result.findings) console.error(formatFinding(finding, root));
  if (markdownFile) {
    fs.mkdirSync(path.dirname(markdownFile), { recursive: true });
    fs.writeFileSync(markdownFile, renderMarkdown(result));
    console.log(`Markdown written to ${markdownFile}`);
  }
  process.exitCode = result.findings.length ? 1 : 0;
}
