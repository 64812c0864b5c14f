/**
 * Walks the Apex reachable from one entry point, in source order, and records what the
 * access matrix needs:
 * - every database access (SOQL, dynamic SOQL, DML, Database.* methods, custom metadata
 *   reads, enqueued jobs) with its access mode and the conditions on the path to it;
 * - every guard: an `if` whose branch throws (or adds to the list of missing permissions
 *   that is then thrown through `forPermissions`), or returns early. After a guard the
 *   negation of its condition holds; a throwing guard holds in the callers too.
 *
 * Conditions become formulas over permission names where the check can read them
 * (`granted.PermissionsViewSetup == true`, `Schema.SObjectType.UserLogin.isAccessible()`,
 * Boolean helpers with a single expression or if/return chain, comparisons of a
 * discriminator parameter with a constant); everything else is an opaque condition.
 *
 * The call graph is conservative: a call resolves by the static type of its receiver
 * (locals, parameters, fields, `X.getInstance()` return types); an interface call reaches
 * every implementation; a receiver of unknown type reaches every project method of that
 * name and arity. Instantiating a Queueable, Batchable, Schedulable or Finalizer class
 * follows its execute/start/finish methods (Salesforce runs them as the same user).
 * Recursion is cut at the first repeat. Branches are both walked unless the
 * discriminator (e.g. `action == LL_ReclaimAction.FREEZE`) decides them.
 */
import type { ApexClass, ApexMethod, ApexModel, Expr, Stmt } from './access-apex-model';
import { and, FALSE, Formula, ifThenElse, not, opaque, or, TRUE, atom } from './access-formula';

/** Where an event happened: file, line and the method it is in. */
export interface TraceSite {
  file: string;
  line: number;
  className: string;
  methodName: string;
}

/** A condition on the path, with what the code does when it fails. */
export interface Clause {
  formula: Formula;
  /** branch: inside an if; return/throw: an early exit before the rest. */
  kind: 'branch' | 'return' | 'throw';
  /** Permission labels a throwing guard names (LL_MissingPermissionException). */
  labels: string[];
  site: TraceSite;
  text: string;
}

/** An operation on the database. */
export type Operation = 'read' | 'create' | 'update' | 'delete' | 'enqueue';

/** Access modes: user (permissions checked), system, unstated (no mode written), metadata. */
export type AccessMode = 'user' | 'system' | 'unstated' | 'metadata';

/** A database access reached from the entry point. */
export interface AccessEvent {
  k: 'access';
  /** The object, or undefined for DML on a generic SObject list. */
  object?: string;
  operation: Operation;
  /** Fields read on this object whose access the table may restrict (e.g. DeveloperName). */
  fields: string[];
  mode: AccessMode;
  /** SOQL, relationship X.Y, dynamic SOQL, DML, Database.update, enqueue ... */
  via: string;
  site: TraceSite;
  path: Clause[];
}

/** A throwing guard, recorded where its condition is checked. */
export interface GuardEvent {
  k: 'guard';
  clause: Clause;
  path: Clause[];
}

/** An SObject instantiated on the path (`new UserLogin(...)`). */
export interface ConstructEvent {
  k: 'construct';
  type: string;
  site: TraceSite;
}

/** Something the walk could not resolve statically. */
export interface UnresolvedEvent {
  k: 'unresolved';
  message: string;
  site: TraceSite;
}

export type TraceEvent = AccessEvent | GuardEvent | ConstructEvent | UnresolvedEvent;

/** What the walker needs to know about the platform. */
export interface TraceOptions {
  /** The discriminating parameter and its value for this walk, e.g. action = Freeze. */
  discriminator?: { name: string; value: string };
  /** Whether a name is an SObject type (standard objects known to the table, __c, __mdt). */
  isSObjectType: (name: string) => boolean;
  /** The requirement of an object operation, for describe checks such as isAccessible(). */
  describeRequirement: (object: string, operation: Operation) => Formula;
  /** Relationship name to object, e.g. ("User", "Profile") -> "Profile". */
  relationshipTarget: (object: string, relationship: string) => string | undefined;
}

/** A method being walked, with its variables. */
interface Frame {
  cls: ApexClass;
  method: ApexMethod;
  /** Lowercased variable name to declared type. */
  scope: Map<string, string>;
  /** Lowercased parameter name to the argument expression in the caller. */
  bindings: Map<string, { expr: Expr; frame: Frame }>;
}

const ASYNC_INTERFACES = ['queueable', 'database.batchable', 'schedulable', 'finalizer'];
const ASYNC_METHODS = new Set(['execute', 'start', 'finish']);
/** What each DML verb needs; an upsert may insert or update, so it is held to both. */
const DML_METHODS: Record<string, Operation[]> = {
  insert: ['create'],
  update: ['update'],
  upsert: ['create', 'update'],
  delete: ['delete'],
  undelete: ['update'],
  merge: ['update']
};
const QUERY_METHODS = new Set([
  'query',
  'querywithbinds',
  'getquerylocator',
  'getquerylocatorwithbinds',
  'countquery',
  'countquerywithbinds'
]);
const ENQUEUE_CALLS = new Set([
  'system.enqueuejob',
  'database.executebatch',
  'system.schedule',
  'system.schedulebatch'
]);
/**
 * Metadata API deployments from Apex (custom metadata records): recorded as an
 * 'enqueue' of METADATA_DEPLOY_OBJECT, which object-access.json holds to its
 * documented rule like any other operation.
 */
const METADATA_DEPLOY_CALLS = new Set(['metadata.operations.enqueuedeployment']);
/** The object name a Metadata API deployment from Apex is recorded under. */
export const METADATA_DEPLOY_OBJECT = 'Metadata.CustomMetadata';
const DESCRIBE_CHECKS: Record<string, Operation> = {
  isaccessible: 'read',
  iscreateable: 'create',
  isupdateable: 'update',
  isdeletable: 'delete'
};
const MAX_INLINE_DEPTH = 6;

/** Readable source-like text of an expression (for messages and opaque ids). */
export function printExpr(e: Expr | undefined): string {
  if (!e) return '';
  switch (e.k) {
    case 'lit':
      return e.kind === 'string' ? `'${e.value}'` : e.value;
    case 'id':
      return e.name;
    case 'this':
      return 'this';
    case 'super':
      return 'super';
    case 'field':
      return `${printExpr(e.target)}.${e.name}`;
    case 'call':
      return `${e.target ? `${printExpr(e.target)}.` : ''}${e.name}(${e.args.map(printExpr).join(', ')})`;
    case 'new':
      return `new ${e.type}(${e.args.map(printExpr).join(', ')})`;
    case 'soql':
      return e.text.replace(/\s+/g, ' ');
    case 'not':
      return `!${printExpr(e.e)}`;
    case 'bin':
      return `${printExpr(e.l)} ${e.op} ${printExpr(e.r)}`;
    case 'cond':
      return `${printExpr(e.c)} ? ${printExpr(e.t)} : ${printExpr(e.f)}`;
    case 'cast':
      return `(${e.type}) ${printExpr(e.e)}`;
    case 'other':
      return `…(${e.parts.map(printExpr).join(', ')})`;
  }
}

/** The class part of a type: `List<User>` -> List, `LL_X.Inner` kept. */
function baseType(type: string): string {
  return type.replace(/<.*$/, '').replace(/\[\]$/, '');
}

/** The element type of a collection type: `List<User>` -> User, `Map<Id,User>` -> User. */
function elementType(type: string): string {
  const match = /^(?:List|Set)<(.+)>$/i.exec(type) ?? /^Map<[^,]+,(.+)>$/i.exec(type);
  if (match) return match[1];
  return type.replace(/\[\]$/, '');
}

/** Parsed SOQL: the object, the fields by path, the access mode. */
export interface SoqlShape {
  object?: string;
  paths: string[];
  mode: 'user' | 'system' | 'unstated';
}

/** Reads the FROM object, field paths and access mode of a SOQL text. */
export function parseSoql(text: string): SoqlShape {
  let soql = text.replace(/^\s*\[|\]\s*$/g, '').replace(/'(?:\\.|[^'\\])*'/g, "''");
  // Bind expressions are Apex, not fields.
  soql = soql.replace(/:\s*[A-Za-z_][\w.]*(\([^)]*\))?/g, ':bind');
  // Child subqueries (SELECT ... FROM Children) in the select list: left out of the object.
  for (let i = 0; i < 5 && /\(\s*SELECT\b/i.test(soql); i++) {
    soql = soql.replace(/\(\s*SELECT\b[^()]*\)/gi, '');
  }
  const object = /\bFROM\s+([A-Za-z_]\w*)/i.exec(soql)?.[1];
  const mode =
    /\bWITH\s+USER_MODE\b/i.test(soql) || /\bWITH\s+SECURITY_ENFORCED\b/i.test(soql)
      ? 'user'
      : /\bWITH\s+SYSTEM_MODE\b/i.test(soql)
        ? 'system'
        : 'unstated';
  const withoutFrom = soql.replace(/\bFROM\s+[A-Za-z_]\w*/i, ' ');
  const paths = new Set<string>();
  for (const match of withoutFrom.matchAll(/\b[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+\b/g))
    paths.add(match[0]);
  for (const match of withoutFrom.matchAll(/(?<![.\w])[A-Za-z_]\w*__c\b/g)) paths.add(match[0]);
  return { object, paths: [...paths], mode };
}

/** Walks one entry point; see the module description. */
export class AccessWalker {
  readonly events: TraceEvent[] = [];
  private readonly stack: string[] = [];
  private readonly classesByLowerName = new Map<string, ApexClass>();
  private readonly implementorsOf = new Map<string, ApexClass[]>();
  private readonly subclassesOf = new Map<string, ApexClass[]>();
  private readonly methodsByName = new Map<string, ApexMethod[]>();
  /** Calls whose receiver type is unknown (resolved by name), for the report. */
  readonly unknownReceivers: string[] = [];

  constructor(
    private readonly model: ApexModel,
    private readonly options: TraceOptions
  ) {
    const liveClasses = [...model.classes.values()].filter((c) => !c.isTest);
    for (const c of liveClasses) this.classesByLowerName.set(c.name.toLowerCase(), c);
    for (const c of liveClasses) {
      for (const implemented of c.implementsTypes) {
        const target =
          this.resolveClass(implemented, c)?.name.toLowerCase() ?? implemented.toLowerCase();
        this.implementorsOf.set(target, [...(this.implementorsOf.get(target) ?? []), c]);
      }
      if (c.extendsType) {
        const parent =
          this.resolveClass(c.extendsType, c)?.name.toLowerCase() ?? c.extendsType.toLowerCase();
        this.subclassesOf.set(parent, [...(this.subclassesOf.get(parent) ?? []), c]);
      }
      for (const m of c.methods) {
        const key = `${m.name.toLowerCase()}/${m.params.length}`;
        this.methodsByName.set(key, [...(this.methodsByName.get(key) ?? []), m]);
      }
    }
  }

  /** Walks an entry method from an empty path. */
  walkEntry(className: string, methodName: string): void {
    const cls = this.classesByLowerName.get(className.toLowerCase());
    const methods =
      cls?.methods.filter((m) => m.name.toLowerCase() === methodName.toLowerCase()) ?? [];
    for (const method of methods) this.walkMethod(method, new Map(), []);
  }

  // ---------------------------------------------------------------- classes and types

  private classOf(name: string): ApexClass | undefined {
    return this.classesByLowerName.get(name.toLowerCase());
  }

  /** Resolves a type name seen from a class (inner classes first), or undefined. */
  resolveClass(typeName: string, from?: ApexClass): ApexClass | undefined {
    const name = baseType(typeName);
    if (!name) return undefined;
    for (
      let scope: ApexClass | undefined = from;
      scope;
      scope = scope.outer ? this.classOf(scope.outer) : undefined
    ) {
      const inner = this.classOf(`${scope.name}.${name}`);
      if (inner) return inner;
    }
    return this.classOf(name);
  }

  private superOf(cls: ApexClass): ApexClass | undefined {
    return cls.extendsType ? this.resolveClass(cls.extendsType, cls) : undefined;
  }

  /** The static type of an expression: a class used statically, or an instance type. */
  private typeOf(e: Expr, frame: Frame): { static: boolean; type: string } | undefined {
    switch (e.k) {
      case 'id': {
        const lower = e.name.toLowerCase();
        const local = frame.scope.get(lower);
        if (local) return { static: false, type: local };
        const field = this.fieldOf(frame.cls, e.name);
        if (field) return { static: false, type: field.type };
        const cls = this.resolveClass(e.name, frame.cls);
        if (cls) return { static: true, type: cls.name };
        return { static: true, type: e.name };
      }
      case 'this':
        return { static: false, type: frame.cls.name };
      case 'super':
        return frame.cls.extendsType ? { static: false, type: frame.cls.extendsType } : undefined;
      case 'field': {
        const target = this.typeOf(e.target, frame);
        if (!target) return undefined;
        const cls = this.resolveClass(target.type, frame.cls);
        if (cls) {
          const inner = this.classOf(`${cls.name}.${e.name}`);
          if (target.static && inner) return { static: true, type: inner.name };
          const field = this.fieldOf(cls, e.name);
          if (field) return { static: false, type: field.type };
          return undefined;
        }
        if (target.static) return { static: true, type: `${target.type}.${e.name}` };
        return undefined;
      }
      case 'call': {
        const methods = this.resolveCall(e, frame, false);
        return methods.length > 0 ? { static: false, type: methods[0].returnType } : undefined;
      }
      case 'new':
        return { static: false, type: e.type };
      case 'cast':
        return { static: false, type: e.type };
      case 'cond':
        return this.typeOf(e.t, frame) ?? this.typeOf(e.f, frame);
      case 'soql':
        return { static: false, type: `List<${parseSoql(e.text).object ?? 'SObject'}>` };
      default:
        return undefined;
    }
  }

  private fieldOf(cls: ApexClass, name: string) {
    const lower = name.toLowerCase();
    for (let scope: ApexClass | undefined = cls; scope; ) {
      for (const [fieldName, field] of scope.fields)
        if (fieldName.toLowerCase() === lower) return { ...field, owner: scope };
      scope = this.superOf(scope) ?? (scope.outer ? this.classOf(scope.outer) : undefined);
    }
    return undefined;
  }

  /** Project methods a call may reach (see the module description). */
  private resolveCall(e: Expr & { k: 'call' }, frame: Frame, record = true): ApexMethod[] {
    const arity = e.args.length;
    const named = (cls: ApexClass | undefined): ApexMethod[] => {
      const found: ApexMethod[] = [];
      for (let scope = cls; scope; scope = this.superOf(scope)) {
        found.push(
          ...scope.methods.filter(
            (m) => m.name.toLowerCase() === e.name.toLowerCase() && m.params.length === arity
          )
        );
        if (found.length > 0) break;
      }
      return found;
    };
    if (!e.target || e.target.k === 'this') {
      for (
        let scope: ApexClass | undefined = frame.cls;
        scope;
        scope = scope.outer ? this.classOf(scope.outer) : undefined
      ) {
        const found = named(scope);
        if (found.length > 0) return found;
      }
      return [];
    }
    if (e.target.k === 'super') return named(this.superOf(frame.cls));
    const target = this.typeOf(e.target, frame);
    if (target) {
      const cls = this.resolveClass(target.type, frame.cls);
      if (cls) {
        const found = named(cls);
        if (target.static) return found;
        const overrides = this.descendantsOf(cls).flatMap((c) =>
          c.methods.filter(
            (m) => m.name.toLowerCase() === e.name.toLowerCase() && m.params.length === arity
          )
        );
        return [...found.filter((m) => m.body), ...overrides];
      }
      // A known platform type (String, List<User>, UserPermissionAccess, System ...): no project code.
      if (!target.static || !/^[a-z]/.test(target.type) || this.looksLikePlatform(target.type))
        return [];
    }
    const candidates = (this.methodsByName.get(`${e.name.toLowerCase()}/${arity}`) ?? []).filter(
      (m) => m.body
    );
    if (candidates.length > 0 && record)
      this.unknownReceivers.push(`${frame.cls.name}.${frame.method.name}: ${printExpr(e)}`);
    return candidates;
  }

  private looksLikePlatform(type: string): boolean {
    return /^[A-Z]/.test(type);
  }

  /** Subclasses and implementations of a class or interface, transitively. */
  private descendantsOf(cls: ApexClass): ApexClass[] {
    const out: ApexClass[] = [];
    const pending = [cls.name.toLowerCase()];
    const seen = new Set<string>();
    while (pending.length > 0) {
      const name = pending.pop() as string;
      if (seen.has(name)) continue;
      seen.add(name);
      for (const child of [
        ...(this.subclassesOf.get(name) ?? []),
        ...(this.implementorsOf.get(name) ?? [])
      ]) {
        out.push(child);
        pending.push(child.name.toLowerCase());
      }
    }
    return out;
  }

  private isAsyncClass(cls: ApexClass): boolean {
    const seen = new Set<string>();
    for (
      let scope: ApexClass | undefined = cls;
      scope && !seen.has(scope.name);
      scope = this.superOf(scope)
    ) {
      seen.add(scope.name);
      if (scope.implementsTypes.some((t) => ASYNC_INTERFACES.includes(baseType(t).toLowerCase())))
        return true;
    }
    return false;
  }

  // ---------------------------------------------------------------- walking

  private siteOf(frame: Frame, line: number): TraceSite {
    return { file: frame.cls.file, line, className: frame.cls.name, methodName: frame.method.name };
  }

  private walkMethod(method: ApexMethod, bindings: Frame['bindings'], path: Clause[]): Clause[] {
    const key = `${method.className}.${method.name}/${method.params.length}`.toLowerCase();
    if (!method.body || this.stack.includes(key)) return [];
    const cls = this.classOf(method.className);
    if (!cls) return [];
    this.stack.push(key);
    const scope = new Map<string, string>();
    for (const p of method.params) scope.set(p.name.toLowerCase(), p.type);
    const frame: Frame = { cls, method, scope, bindings };
    const result = this.walkStmts(method.body, frame, path);
    this.stack.pop();
    return result.persistent;
  }

  /** Walks statements; returns the path after them, whether they always exit, and lasting guards. */
  private walkStmts(
    stmts: Stmt[],
    frame: Frame,
    path: Clause[]
  ): { path: Clause[]; exits: boolean; persistent: Clause[] } {
    let current = path;
    const persistent: Clause[] = [];
    const after = (lasting: Clause[]): void => {
      if (lasting.length === 0) return;
      persistent.push(...lasting);
      current = [...current, ...lasting];
    };
    for (const stmt of stmts) {
      switch (stmt.k) {
        case 'local':
          for (const v of stmt.vars) {
            if (v.init) after(this.walkExpr(v.init, frame, current));
            frame.scope.set(v.name.toLowerCase(), stmt.type);
            // The initial value stands for the variable (later assignments are not followed).
            if (v.init) frame.bindings.set(v.name.toLowerCase(), { expr: v.init, frame });
          }
          break;
        case 'expr':
          after(this.walkExpr(stmt.e, frame, current));
          break;
        case 'return':
          if (stmt.e) after(this.walkExpr(stmt.e, frame, current));
          return { path: current, exits: true, persistent };
        case 'throw':
          after(this.walkExpr(stmt.e, frame, current));
          return { path: current, exits: true, persistent };
        case 'dml':
          after(this.walkExpr(stmt.e, frame, current));
          this.recordDml(stmt.op, stmt.e, stmt.mode, `DML ${stmt.op}`, frame, stmt.line, current);
          break;
        case 'block': {
          const inner = this.walkStmts(stmt.body, frame, current);
          after(inner.persistent);
          if (inner.exits) return { path: current, exits: true, persistent };
          break;
        }
        case 'try': {
          const body = this.walkStmts(stmt.body, frame, current);
          for (const handler of stmt.catches) this.walkStmts(handler, frame, current);
          if (stmt.fin) this.walkStmts(stmt.fin, frame, current);
          after(body.persistent);
          if (body.exits && stmt.catches.length === 0)
            return { path: current, exits: true, persistent };
          break;
        }
        case 'loop':
          for (const v of stmt.vars) frame.scope.set(v.name.toLowerCase(), v.type);
          for (const header of stmt.header) after(this.walkExpr(header, frame, current));
          this.walkStmts(stmt.body, frame, current);
          break;
        case 'switch':
          after(this.walkExpr(stmt.e, frame, current));
          for (const branch of stmt.cases) this.walkStmts(branch, frame, current);
          break;
        case 'if': {
          const outcome = this.walkIf(stmt, frame, current);
          after(outcome.persistent);
          current = outcome.path;
          if (outcome.exits) return { path: current, exits: true, persistent };
          break;
        }
        default:
          break;
      }
    }
    return { path: current, exits: false, persistent };
  }

  private walkIf(
    stmt: Stmt & { k: 'if' },
    frame: Frame,
    path: Clause[]
  ): { path: Clause[]; exits: boolean; persistent: Clause[] } {
    const persistent = this.walkExpr(stmt.c, frame, path);
    let current = [...path, ...persistent];
    const condition = this.condition(stmt.c, frame, 0);
    const decided = condition.k === 'const' ? condition.value : undefined;
    const site = this.siteOf(frame, stmt.line);
    const text = printExpr(stmt.c);
    const branch = (formula: Formula): Clause => ({
      formula,
      kind: 'branch',
      labels: [],
      site,
      text
    });
    const thenResult =
      decided === false
        ? undefined
        : this.walkStmts(stmt.then, frame, [...current, branch(condition)]);
    const elseResult =
      decided === true || !stmt.else
        ? undefined
        : this.walkStmts(stmt.else, frame, [...current, branch(not(condition))]);
    if (decided === true) {
      return {
        path: thenResult?.path ?? current,
        exits: Boolean(thenResult?.exits),
        persistent: [...persistent, ...(thenResult?.persistent ?? [])]
      };
    }
    if (decided === false) {
      if (!elseResult) return { path: current, exits: false, persistent };
      return {
        path: elseResult.path,
        exits: elseResult.exits,
        persistent: [...persistent, ...elseResult.persistent]
      };
    }
    if (thenResult?.exits && elseResult?.exits) return { path: current, exits: true, persistent };
    const delegated = !stmt.else ? this.delegatedMissingGuards(stmt.then, frame) : undefined;
    if (delegated && thenResult?.exits) {
      const guards: Clause[] = delegated.map((g) => ({
        formula: g.formula,
        kind: 'throw',
        labels: g.labels,
        site,
        text
      }));
      for (const guard of guards) this.events.push({ k: 'guard', clause: guard, path });
      return {
        path: [...current, ...guards],
        exits: false,
        persistent: [...persistent, ...guards]
      };
    }
    const missingLabels = this.missingListAdds(stmt.then, frame);
    if (thenResult?.exits && !stmt.else) {
      const throws = this.alwaysThrows(stmt.then);
      const guard: Clause = {
        formula: not(condition),
        kind: throws ? 'throw' : 'return',
        labels: throws ? this.thrownLabels(stmt.then, frame) : [],
        site,
        text
      };
      current = [...current, guard];
      if (throws) {
        this.events.push({ k: 'guard', clause: guard, path });
        return { path: current, exits: false, persistent: [...persistent, guard] };
      }
      return { path: current, exits: false, persistent };
    }
    if (missingLabels && !stmt.else) {
      const guard: Clause = {
        formula: not(condition),
        kind: 'throw',
        labels: missingLabels,
        site,
        text
      };
      this.events.push({ k: 'guard', clause: guard, path });
      return { path: [...current, guard], exits: false, persistent: [...persistent, guard] };
    }
    return { path: current, exits: false, persistent };
  }

  private alwaysThrows(stmts: Stmt[]): boolean {
    const last = stmts[stmts.length - 1];
    if (!last) return false;
    if (last.k === 'throw') return true;
    if (last.k === 'block') return this.alwaysThrows(last.body);
    if (last.k === 'if')
      return (
        Boolean(last.else) && this.alwaysThrows(last.then) && this.alwaysThrows(last.else ?? [])
      );
    return false;
  }

  /** Labels named by `throw X.forPermissions(new List<String>{...}, ...)` at the end of a branch. */
  private thrownLabels(stmts: Stmt[], frame: Frame): string[] {
    const last = stmts[stmts.length - 1];
    if (!last) return [];
    if (last.k === 'block') return this.thrownLabels(last.body, frame);
    if (last.k !== 'throw' || last.e.k !== 'call' || last.e.name.toLowerCase() !== 'forpermissions')
      return [];
    return this.stringList(last.e.args[0], frame);
  }

  /**
   * Labels added by `missing.add(...)` in a branch, when `missing` is later thrown through
   * `forPermissions(missing, ...)` in the same method; undefined otherwise.
   */
  private missingListAdds(stmts: Stmt[], frame: Frame): string[] | undefined {
    const thrownLists = new Set<string>();
    const findThrown = (list: Stmt[]): void => {
      for (const s of list) {
        if (
          s.k === 'throw' &&
          s.e.k === 'call' &&
          s.e.name.toLowerCase() === 'forpermissions' &&
          s.e.args[0]?.k === 'id'
        ) {
          thrownLists.add(s.e.args[0].name.toLowerCase());
        }
        if (s.k === 'if') {
          findThrown(s.then);
          findThrown(s.else ?? []);
        }
        if (s.k === 'block') findThrown(s.body);
      }
    };
    findThrown(frame.method.body ?? []);
    const labels: string[] = [];
    let found = false;
    for (const s of stmts) {
      if (
        s.k === 'expr' &&
        s.e.k === 'call' &&
        s.e.name.toLowerCase() === 'add' &&
        s.e.target?.k === 'id' &&
        thrownLists.has(s.e.target.name.toLowerCase())
      ) {
        found = true;
        labels.push(...this.stringList(s.e.args[0], frame));
      }
    }
    return found ? labels : undefined;
  }

  /**
   * `List<String> missing = guard.missingPermissions(); if (!missing.isEmpty()) throw
   * X.forPermissions(missing, ...)`: the list is built by another method, as
   * `if (cond) list.add(LABEL)` statements followed by `return list;`. Each add becomes a
   * guard (not cond, naming LABEL), read in the callee. Undefined when the branch is not
   * that shape.
   */
  private delegatedMissingGuards(
    stmts: Stmt[],
    frame: Frame
  ): { formula: Formula; labels: string[] }[] | undefined {
    const last = stmts[stmts.length - 1];
    if (
      !last ||
      last.k !== 'throw' ||
      last.e.k !== 'call' ||
      last.e.name.toLowerCase() !== 'forpermissions' ||
      last.e.args[0]?.k !== 'id'
    ) {
      return undefined;
    }
    const bound = frame.bindings.get(last.e.args[0].name.toLowerCase());
    if (!bound || bound.expr.k !== 'call') return undefined;
    const methods = this.resolveCall(bound.expr, bound.frame, false);
    if (methods.length !== 1 || !methods[0].body) return undefined;
    const callee = this.calleeFrame(methods[0], bound.expr.args, bound.frame);
    if (!callee) return undefined;
    const body = methods[0].body;
    const returned = body[body.length - 1];
    if (returned?.k !== 'return' || returned.e?.k !== 'id') return undefined;
    const list = returned.e.name.toLowerCase();
    const guards: { formula: Formula; labels: string[] }[] = [];
    for (const statement of body) {
      if (statement.k !== 'if' || statement.else) continue;
      const adds = statement.then.filter(
        (t): t is Stmt & { k: 'expr' } =>
          t.k === 'expr' &&
          t.e.k === 'call' &&
          t.e.name.toLowerCase() === 'add' &&
          t.e.target?.k === 'id' &&
          t.e.target.name.toLowerCase() === list
      );
      if (adds.length === 0) continue;
      const labels = adds.flatMap((t) =>
        t.e.k === 'call' ? this.stringList(t.e.args[0], callee) : []
      );
      guards.push({ formula: not(this.condition(statement.c, callee, 1)), labels });
    }
    return guards.length ? guards : undefined;
  }

  /** Walks an expression; returns throwing guards that hold after it (from calls inside). */
  private walkExpr(e: Expr, frame: Frame, path: Clause[]): Clause[] {
    const lasting: Clause[] = [];
    const current = (): Clause[] => (lasting.length ? [...path, ...lasting] : path);
    switch (e.k) {
      case 'soql':
        this.recordSoql(e.text, 'SOQL', undefined, frame, e.line, current());
        break;
      case 'field':
        lasting.push(...this.walkExpr(e.target, frame, path));
        break;
      case 'not':
        lasting.push(...this.walkExpr(e.e, frame, path));
        break;
      case 'cast':
        lasting.push(...this.walkExpr(e.e, frame, path));
        break;
      case 'bin':
        lasting.push(...this.walkExpr(e.l, frame, path));
        lasting.push(...this.walkExpr(e.r, frame, current()));
        break;
      case 'cond': {
        lasting.push(...this.walkExpr(e.c, frame, path));
        const condition = this.condition(e.c, frame, 0);
        const site = this.siteOf(frame, e.line);
        const text = printExpr(e.c);
        if (!(condition.k === 'const' && !condition.value)) {
          this.walkExpr(e.t, frame, [
            ...current(),
            { formula: condition, kind: 'branch', labels: [], site, text }
          ]);
        }
        if (!(condition.k === 'const' && condition.value)) {
          this.walkExpr(e.f, frame, [
            ...current(),
            { formula: not(condition), kind: 'branch', labels: [], site, text }
          ]);
        }
        break;
      }
      case 'other':
        for (const part of e.parts) lasting.push(...this.walkExpr(part, frame, current()));
        break;
      case 'new':
        for (const arg of e.args) lasting.push(...this.walkExpr(arg, frame, current()));
        this.walkNew(e, frame, current());
        break;
      case 'call':
        if (e.target) lasting.push(...this.walkExpr(e.target, frame, path));
        for (const arg of e.args) lasting.push(...this.walkExpr(arg, frame, current()));
        lasting.push(...this.walkCall(e, frame, current()));
        break;
      default:
        break;
    }
    return lasting;
  }

  private walkNew(e: Expr & { k: 'new' }, frame: Frame, path: Clause[]): void {
    const typeName = baseType(e.type);
    if (this.options.isSObjectType(typeName)) {
      this.events.push({ k: 'construct', type: typeName, site: this.siteOf(frame, e.line) });
      return;
    }
    const cls = this.resolveClass(typeName, frame.cls);
    if (!cls) return;
    const constructors = cls.methods.filter(
      (m) => m.isConstructor && m.params.length === e.args.length
    );
    const bindings = (m: ApexMethod) =>
      new Map(m.params.map((p, i) => [p.name.toLowerCase(), { expr: e.args[i], frame }]));
    for (const clinit of cls.methods.filter((m) => m.name === '<clinit>'))
      this.walkMethod(clinit, new Map(), path);
    for (const constructor of constructors)
      this.walkMethod(constructor, bindings(constructor), path);
    if (this.isAsyncClass(cls)) {
      for (const m of cls.methods.filter((x) => ASYNC_METHODS.has(x.name.toLowerCase()))) {
        this.walkMethod(m, new Map(), path);
      }
    }
  }

  private walkCall(e: Expr & { k: 'call' }, frame: Frame, path: Clause[]): Clause[] {
    const name = e.name.toLowerCase();
    const targetText = e.target ? printExpr(e.target).toLowerCase() : '';
    const qualified = `${targetText}.${name}`;
    const site = this.siteOf(frame, e.line);
    if (METADATA_DEPLOY_CALLS.has(qualified)) {
      this.events.push({
        k: 'access',
        object: METADATA_DEPLOY_OBJECT,
        operation: 'enqueue',
        fields: [],
        mode: 'unstated',
        via: 'Metadata.Operations.enqueueDeployment',
        site,
        path
      });
      return [];
    }
    if (ENQUEUE_CALLS.has(qualified)) {
      this.events.push({
        k: 'access',
        object: 'AsyncApexJob',
        operation: 'enqueue',
        fields: [],
        mode: 'unstated',
        via: printExpr({ ...e, args: [] }).replace(/\(\)$/, ''),
        site,
        path
      });
      return [];
    }
    if (
      (targetText === 'database' || targetText === 'system.database') &&
      DML_METHODS[name] &&
      e.args[0]
    ) {
      this.recordDml(
        name as keyof typeof DML_METHODS,
        e.args[0],
        this.modeOfArgs(e.args),
        `Database.${e.name}`,
        frame,
        e.line,
        path
      );
      return [];
    }
    if (
      (targetText === 'database' || targetText === 'system.database') &&
      QUERY_METHODS.has(name) &&
      e.args[0]
    ) {
      const text = this.stringValue(e.args[0], frame, 0, true);
      if (text === undefined || !/\bFROM\b/i.test(text)) {
        this.events.push({
          k: 'unresolved',
          message: `dynamic SOQL in Database.${e.name} whose text cannot be read statically (${printExpr(e.args[0])})`,
          site
        });
      } else {
        this.recordSoql(text, `Database.${e.name}`, this.modeOfArgs(e.args), frame, e.line, path);
      }
      return [];
    }
    if (e.target?.k === 'id' && /__mdt$/i.test(e.target.name) && /^get(all|instance)$/.test(name)) {
      this.events.push({
        k: 'access',
        object: e.target.name,
        operation: 'read',
        fields: [],
        mode: 'metadata',
        via: `${e.target.name}.${e.name}`,
        site,
        path
      });
      return [];
    }
    const lasting: Clause[] = [];
    for (const method of this.resolveCall(e, frame)) {
      const bindings = new Map(
        method.params.map((p, i) => [p.name.toLowerCase(), { expr: e.args[i], frame }])
      );
      lasting.push(...this.walkMethod(method, bindings, [...path, ...lasting]));
    }
    return lasting;
  }

  private modeOfArgs(args: Expr[]): 'user' | 'system' | 'unstated' {
    const text = args.map(printExpr).join(' ').toUpperCase();
    if (text.includes('ACCESSLEVEL.USER_MODE')) return 'user';
    if (text.includes('ACCESSLEVEL.SYSTEM_MODE')) return 'system';
    return 'unstated';
  }

  private recordSoql(
    text: string,
    via: string,
    modeOverride: 'user' | 'system' | 'unstated' | undefined,
    frame: Frame,
    line: number,
    path: Clause[]
  ): void {
    const site = this.siteOf(frame, line);
    const shape = parseSoql(text);
    if (!shape.object) {
      this.events.push({
        k: 'unresolved',
        message: `SOQL without a readable FROM object (${text.slice(0, 60)})`,
        site
      });
      return;
    }
    const mode = modeOverride && modeOverride !== 'unstated' ? modeOverride : shape.mode;
    const effectiveMode = mode === 'unstated' && frame.cls.sharing === 'without' ? 'system' : mode;
    const fieldsByObject = new Map<string, Set<string>>([[shape.object, new Set()]]);
    const viaByObject = new Map<string, string>([[shape.object, via]]);
    for (const fieldPath of shape.paths) {
      const segments = fieldPath.split('.');
      // A path may start with the object's own name (SELECT User.Name FROM User) or a function alias.
      let object = shape.object;
      for (let i = 0; i < segments.length - 1; i++) {
        const next = this.options.relationshipTarget(object, segments[i]);
        if (!next) {
          this.events.push({
            k: 'unresolved',
            message: `relationship ${object}.${segments[i]} in ${fieldPath} is not in object-access.json relationships`,
            site
          });
          object = '';
          break;
        }
        viaByObject.set(next, `${via} relationship ${segments.slice(0, i + 1).join('.')}`);
        object = next;
        if (!fieldsByObject.has(object)) fieldsByObject.set(object, new Set());
      }
      if (object) fieldsByObject.get(object)?.add(segments[segments.length - 1]);
    }
    for (const [object, fields] of fieldsByObject) {
      this.events.push({
        k: 'access',
        object,
        operation: 'read',
        fields: [...fields],
        mode: effectiveMode,
        via: viaByObject.get(object) ?? via,
        site,
        path
      });
    }
  }

  private recordDml(
    op: keyof typeof DML_METHODS,
    records: Expr,
    mode: 'user' | 'system' | 'unstated',
    via: string,
    frame: Frame,
    line: number,
    path: Clause[]
  ): void {
    const site = this.siteOf(frame, line);
    const type = this.typeOf(records, frame);
    const object = type ? baseType(elementType(type.type)) : undefined;
    const effectiveMode = mode === 'unstated' && frame.cls.sharing === 'without' ? 'system' : mode;
    const known =
      object && object.toLowerCase() !== 'sobject' && this.options.isSObjectType(object)
        ? object
        : undefined;
    for (const operation of DML_METHODS[op]) {
      this.events.push({
        k: 'access',
        object: known,
        operation,
        fields: [],
        mode: effectiveMode,
        via,
        site,
        path
      });
    }
  }

  // ---------------------------------------------------------------- conditions and values

  /** Whether an expression is the discriminating parameter (by name, through bindings). */
  private isDiscriminator(e: Expr, frame: Frame, depth: number): boolean {
    const name = this.options.discriminator?.name.toLowerCase();
    if (!name || depth > MAX_INLINE_DEPTH) return false;
    if (e.k === 'field') return e.name.toLowerCase() === name;
    if (e.k === 'id') {
      const bound = frame.bindings.get(e.name.toLowerCase());
      if (bound)
        return (
          this.isDiscriminator(bound.expr, bound.frame, depth + 1) || e.name.toLowerCase() === name
        );
      return e.name.toLowerCase() === name;
    }
    return false;
  }

  /** The formula of a Boolean condition (see the module description). */
  condition(e: Expr, frame: Frame, depth: number): Formula {
    const unknown = (): Formula =>
      opaque(`${frame.cls.name}.${frame.method.name}: ${printExpr(e)}`);
    if (depth > MAX_INLINE_DEPTH) return unknown();
    switch (e.k) {
      case 'lit':
        return e.kind === 'boolean' ? (e.value === 'true' ? TRUE : FALSE) : unknown();
      case 'not':
        return not(this.condition(e.e, frame, depth));
      case 'bin': {
        if (e.op === '&&')
          return and(this.condition(e.l, frame, depth), this.condition(e.r, frame, depth));
        if (e.op === '||')
          return or(this.condition(e.l, frame, depth), this.condition(e.r, frame, depth));
        const negate = e.op === '!=';
        const compared =
          this.comparison(e.l, e.r, frame, depth) ?? this.comparison(e.r, e.l, frame, depth);
        if (!compared) return unknown();
        return negate ? not(compared) : compared;
      }
      case 'field': {
        const permission = /^Permissions(\w+)$/.exec(e.name);
        return permission ? atom(permission[1]) : unknown();
      }
      case 'id': {
        const bound = frame.bindings.get(e.name.toLowerCase());
        return bound ? this.condition(bound.expr, bound.frame, depth + 1) : unknown();
      }
      case 'call': {
        // FeatureManagement.checkPermission('X'): the custom permission X (atom Custom:X).
        if (
          e.name.toLowerCase() === 'checkpermission' &&
          e.target &&
          /^(?:System\.)?FeatureManagement$/i.test(printExpr(e.target)) &&
          e.args.length === 1
        ) {
          const name = this.stringValue(e.args[0], frame, depth + 1, false);
          return name ? atom(`Custom:${name}`) : unknown();
        }
        const describe = DESCRIBE_CHECKS[e.name.toLowerCase()];
        if (describe && e.args.length === 0 && e.target) {
          const object = this.describedObject(e.target);
          if (object) return this.options.describeRequirement(object, describe);
        }
        const methods = this.resolveCall(e, frame, false);
        if (methods.length === 1 && methods[0].body && /^boolean$/i.test(methods[0].returnType)) {
          const callee = this.calleeFrame(methods[0], e.args, frame);
          if (callee)
            return this.returnedCondition(methods[0].body, callee, depth + 1) ?? unknown();
        }
        return unknown();
      }
      default:
        return unknown();
    }
  }

  /** `left == right` where left is a permission field, a Boolean or the discriminator. */
  private comparison(left: Expr, right: Expr, frame: Frame, depth: number): Formula | undefined {
    if (right.k === 'lit' && right.kind === 'boolean') {
      const value = this.condition(left, frame, depth);
      return right.value === 'true' ? value : not(value);
    }
    const value = this.options.discriminator?.value;
    if (value !== undefined && this.isDiscriminator(left, frame, depth)) {
      const constant = this.stringValue(right, frame, depth, false);
      if (constant !== undefined) return constant === value ? TRUE : FALSE;
    }
    return undefined;
  }

  /** The object of `Schema.SObjectType.X`, `Schema.sObjectType.X`, `X.SObjectType.getDescribe()`. */
  private describedObject(target: Expr): string | undefined {
    const text = printExpr(target);
    return (
      /(?:^|\.)sobjecttype\.(\w+)$/i.exec(text)?.[1] ??
      /^(?:Schema\.)?(\w+)\.sobjecttype\.getdescribe\(\)$/i.exec(text)?.[1]
    );
  }

  private calleeFrame(method: ApexMethod, args: Expr[], caller: Frame): Frame | undefined {
    const cls = this.classOf(method.className);
    if (!cls) return undefined;
    return {
      cls,
      method,
      scope: new Map(method.params.map((p) => [p.name.toLowerCase(), p.type])),
      bindings: new Map(
        method.params.map((p, i) => [p.name.toLowerCase(), { expr: args[i], frame: caller }])
      )
    };
  }

  /** The condition a Boolean method returns, for bodies made of if/return chains. */
  private returnedCondition(stmts: Stmt[], frame: Frame, depth: number): Formula | undefined {
    const [first, ...rest] = stmts;
    if (!first) return undefined;
    if (first.k === 'return') return first.e ? this.condition(first.e, frame, depth) : undefined;
    if (first.k === 'local') {
      for (const v of first.vars)
        if (v.init) frame.bindings.set(v.name.toLowerCase(), { expr: v.init, frame: { ...frame } });
      return this.returnedCondition(rest, frame, depth);
    }
    if (first.k === 'block') return this.returnedCondition([...first.body, ...rest], frame, depth);
    if (first.k === 'if') {
      const condition = this.condition(first.c, frame, depth);
      const thenValue = this.returnedCondition([...first.then, ...rest], frame, depth);
      const elseValue = this.returnedCondition([...(first.else ?? []), ...rest], frame, depth);
      if (!thenValue || !elseValue) return undefined;
      return ifThenElse(condition, thenValue, elseValue);
    }
    return undefined;
  }

  /**
   * The string value of an expression: literals, `+` concatenation, static final String
   * constants, String methods made of if/return chains. With `loose`, unknown parts become
   * '' and both sides of a ternary are kept (enough to read the object and fields of
   * dynamic SOQL).
   */
  stringValue(
    e: Expr | undefined,
    frame: Frame,
    depth: number,
    loose: boolean
  ): string | undefined {
    if (!e || depth > MAX_INLINE_DEPTH) return loose ? '' : undefined;
    switch (e.k) {
      case 'lit':
        return e.kind === 'string' ? e.value : loose ? '' : undefined;
      case 'id': {
        const bound = frame.bindings.get(e.name.toLowerCase());
        if (bound) return this.stringValue(bound.expr, bound.frame, depth + 1, loose);
        const field = this.fieldOf(frame.cls, e.name);
        if (field?.init && (field.isFinal || loose)) {
          return this.stringValue(field.init, { ...frame, cls: field.owner }, depth + 1, loose);
        }
        return loose ? '' : undefined;
      }
      case 'field': {
        const target = this.typeOf(e.target, frame);
        const cls = target?.static ? this.resolveClass(target.type, frame.cls) : undefined;
        const field = cls ? this.fieldOf(cls, e.name) : undefined;
        if (field?.init && (field.isFinal || loose)) {
          return this.stringValue(field.init, { ...frame, cls: field.owner }, depth + 1, loose);
        }
        return loose ? '' : undefined;
      }
      case 'other': {
        if (!loose) return undefined;
        return e.parts.map((p) => this.stringValue(p, frame, depth, loose) ?? '').join('');
      }
      case 'cond': {
        const condition = this.condition(e.c, frame, depth);
        if (condition.k === 'const')
          return this.stringValue(condition.value ? e.t : e.f, frame, depth, loose);
        if (loose)
          return `${this.stringValue(e.t, frame, depth, loose)} ${this.stringValue(e.f, frame, depth, loose)}`;
        return undefined;
      }
      case 'call': {
        const methods = this.resolveCall(e, frame, false);
        if (methods.length === 1 && methods[0].body && /^string$/i.test(methods[0].returnType)) {
          const callee = this.calleeFrame(methods[0], e.args, frame);
          if (callee) return this.returnedString(methods[0].body, callee, depth + 1);
        }
        return loose ? '' : undefined;
      }
      default:
        return loose ? '' : undefined;
    }
  }

  private returnedString(stmts: Stmt[], frame: Frame, depth: number): string | undefined {
    const [first, ...rest] = stmts;
    if (!first) return undefined;
    if (first.k === 'return') return this.stringValue(first.e, frame, depth, false);
    if (first.k === 'block') return this.returnedString([...first.body, ...rest], frame, depth);
    if (first.k === 'if') {
      const condition = this.condition(first.c, frame, depth);
      if (condition.k !== 'const') return undefined;
      return this.returnedString(
        [...(condition.value ? first.then : (first.else ?? [])), ...rest],
        frame,
        depth
      );
    }
    if (first.k === 'local' || first.k === 'expr') return this.returnedString(rest, frame, depth);
    return undefined;
  }

  /** The strings of `new List<String>{ A, B }`, a single string, or a bound list. */
  private stringList(e: Expr | undefined, frame: Frame): string[] {
    if (!e) return [];
    if (e.k === 'new') {
      return e.args.map((arg) => this.stringValue(arg, frame, 0, false) ?? printExpr(arg));
    }
    const single = this.stringValue(e, frame, 0, false);
    return single === undefined ? [printExpr(e)] : [single];
  }
}
