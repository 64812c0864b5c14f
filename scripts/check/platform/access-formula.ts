/**
 * Boolean formulas over permission names, for the access matrix: what a documented
 * requirement asks for ("Manage Users OR Monitor Login History"), what a guard in the
 * Apex checks, and what a persona holds. Atoms are permission API names as permission
 * set XML spells them (ViewSetup, ManageUsers) or object/field permissions
 * ("Read:LL_Snapshot_Run__c", "FieldRead:LL_Snapshot_Run__c.Status__c"). Opaque atoms
 * stand for conditions the check cannot read (a null check, a size check): they may be
 * true or false, so nothing is ever proved from them.
 */

/** A boolean formula. */
export type Formula =
  | { k: 'const'; value: boolean }
  | { k: 'atom'; name: string }
  | { k: 'opaque'; id: string }
  | { k: 'not'; f: Formula }
  | { k: 'and'; fs: Formula[] }
  | { k: 'or'; fs: Formula[] };

/** A requirement as the JSON table writes it. `true` means everyone. */
export type RequirementExpression =
  | boolean
  | string
  | { anyOf: RequirementExpression[] }
  | { allOf: RequirementExpression[] };

export const TRUE: Formula = { k: 'const', value: true };
export const FALSE: Formula = { k: 'const', value: false };

/** The atom for one permission or object/field permission. */
export function atom(name: string): Formula {
  return { k: 'atom', name };
}

/** A condition the check cannot read; the same id means the same condition. */
export function opaque(id: string): Formula {
  return { k: 'opaque', id };
}

/** Negation, simplified. */
export function not(f: Formula): Formula {
  if (f.k === 'const') return { k: 'const', value: !f.value };
  if (f.k === 'not') return f.f;
  return { k: 'not', f };
}

/** Conjunction, simplified (constants folded, nested ands flattened). */
export function and(...fs: Formula[]): Formula {
  const parts: Formula[] = [];
  for (const f of fs) {
    if (f.k === 'const') {
      if (!f.value) return FALSE;
      continue;
    }
    if (f.k === 'and') parts.push(...f.fs);
    else parts.push(f);
  }
  if (parts.length === 0) return TRUE;
  return parts.length === 1 ? parts[0] : { k: 'and', fs: parts };
}

/** Disjunction, simplified (constants folded, nested ors flattened). */
export function or(...fs: Formula[]): Formula {
  const parts: Formula[] = [];
  for (const f of fs) {
    if (f.k === 'const') {
      if (f.value) return TRUE;
      continue;
    }
    if (f.k === 'or') parts.push(...f.fs);
    else parts.push(f);
  }
  if (parts.length === 0) return FALSE;
  return parts.length === 1 ? parts[0] : { k: 'or', fs: parts };
}

/** `if c then t else e`. */
export function ifThenElse(c: Formula, t: Formula, e: Formula): Formula {
  if (c.k === 'const') return c.value ? t : e;
  return or(and(c, t), and(not(c), e));
}

/** The formula of a requirement expression from the JSON table. */
export function fromRequirement(expression: RequirementExpression): Formula {
  if (typeof expression === 'boolean') return { k: 'const', value: expression };
  if (typeof expression === 'string') return atom(expression);
  if ('anyOf' in expression) return or(...expression.anyOf.map(fromRequirement));
  return and(...expression.allOf.map(fromRequirement));
}

/** Permission atoms and opaque ids a formula mentions. */
export function variablesOf(
  f: Formula,
  into = { atoms: new Set<string>(), opaques: new Set<string>() }
) {
  if (f.k === 'atom') into.atoms.add(f.name);
  else if (f.k === 'opaque') into.opaques.add(f.id);
  else if (f.k === 'not') variablesOf(f.f, into);
  else if (f.k === 'and' || f.k === 'or') for (const part of f.fs) variablesOf(part, into);
  return into;
}

/** Three-valued truth: true, false, or undefined when it depends on an opaque condition. */
export type Truth = boolean | undefined;

/**
 * Evaluates a formula for a holder of `granted` (every atom not granted is false);
 * opaque conditions are unknown, so the result may be undefined.
 */
export function evaluate(f: Formula, granted: ReadonlySet<string>): Truth {
  switch (f.k) {
    case 'const':
      return f.value;
    case 'atom':
      return granted.has(f.name);
    case 'opaque':
      return undefined;
    case 'not': {
      const inner = evaluate(f.f, granted);
      return inner === undefined ? undefined : !inner;
    }
    case 'and': {
      let unknown = false;
      for (const part of f.fs) {
        const value = evaluate(part, granted);
        if (value === false) return false;
        if (value === undefined) unknown = true;
      }
      return unknown ? undefined : true;
    }
    case 'or': {
      let unknown = false;
      for (const part of f.fs) {
        const value = evaluate(part, granted);
        if (value === true) return true;
        if (value === undefined) unknown = true;
      }
      return unknown ? undefined : false;
    }
  }
}

/** Evaluates with every atom and opaque id assigned (two-valued). */
function evaluateTotal(f: Formula, truth: ReadonlyMap<string, boolean>): boolean {
  switch (f.k) {
    case 'const':
      return f.value;
    case 'atom':
      return truth.get(`a:${f.name}`) ?? false;
    case 'opaque':
      return truth.get(`o:${f.id}`) ?? false;
    case 'not':
      return !evaluateTotal(f.f, truth);
    case 'and':
      return f.fs.every((part) => evaluateTotal(part, truth));
    case 'or':
      return f.fs.some((part) => evaluateTotal(part, truth));
  }
}

/** Most variables an implication check enumerates (2^n assignments). */
const MAX_VARIABLES = 16;

/**
 * Whether `premise` implies `conclusion` for every assignment of permissions and
 * opaque conditions. When it does not, returns a counterexample: the permissions
 * held in an assignment where the premise holds and the conclusion fails. Formulas
 * with more than 16 variables are not proved (returns a counterexample of `[]`
 * and `undecided`).
 */
export function implies(
  premise: Formula,
  conclusion: Formula
): { holds: true } | { holds: false; heldPermissions: string[]; undecided?: boolean } {
  const vars = variablesOf(conclusion, variablesOf(premise));
  const keys = [...[...vars.atoms].map((a) => `a:${a}`), ...[...vars.opaques].map((o) => `o:${o}`)];
  if (keys.length > MAX_VARIABLES) return { holds: false, heldPermissions: [], undecided: true };
  const truth = new Map<string, boolean>();
  let best: string[] | undefined;
  for (let mask = 0; mask < 1 << keys.length; mask++) {
    keys.forEach((key, index) => truth.set(key, (mask & (1 << index)) !== 0));
    if (evaluateTotal(premise, truth) && !evaluateTotal(conclusion, truth)) {
      const held = keys
        .filter((key) => key.startsWith('a:') && truth.get(key))
        .map((key) => key.slice(2));
      if (!best || held.length > best.length) best = held;
    }
  }
  return best ? { holds: false, heldPermissions: best.sort() } : { holds: true };
}

/** Readable text of a formula, permission names replaced by `label`. */
export function describe(f: Formula, label: (name: string) => string = (n) => n): string {
  switch (f.k) {
    case 'const':
      return f.value ? 'nothing' : 'never';
    case 'atom':
      return label(f.name);
    case 'opaque':
      return `(${f.id})`;
    case 'not':
      return `not ${describe(f.f, label)}`;
    case 'and':
      return f.fs.map((part) => wrap(part, label)).join(' AND ');
    case 'or':
      return f.fs.map((part) => wrap(part, label)).join(' OR ');
  }
}

function wrap(f: Formula, label: (name: string) => string): string {
  const text = describe(f, label);
  return f.k === 'and' || f.k === 'or' ? `(${text})` : text;
}
