/**
 * Platform check "SOQL field properties": every field our Apex uses in WHERE,
 * GROUP BY, HAVING or ORDER BY, inside an aggregate function or inside a date
 * function must have what Salesforce documents for that use (the Filter, Group
 * or Sort property; a field type the function accepts), and an aggregate query
 * read by a SOQL for-loop must be capped at 2,000 rows by its LIMIT.
 *
 * The documented properties live in field-properties.json next to this file:
 * each standard object with the URL of its object-reference page, each rule
 * with the URL it comes from. Fields of this package's own objects are derived
 * from the <type> of their field-meta.xml by the per-type rules of that table.
 * A field the table marks unverified is reported as a warning, never as a pass.
 *
 * How the Apex is read: each file is tokenized with the lexer of
 * @apexdevtools/apex-parser, and only the SOQL fragments ([SELECT ...], and the
 * string expression handed to Database.query / queryWithBinds / getQueryLocator /
 * countQuery and their *WithBinds forms) are parsed with that package's grammar.
 * Parsing whole files with it costs about 7 s for this project; fragments cost
 * well under one. Dynamic query text is worked out from string literals, `+`,
 * `?:` (every branch is checked), constants and local variables assigned once;
 * a query the check cannot reduce to text is reported as a warning.
 *
 * Usage: ts-node scripts/check/platform/soql-fields.ts [projectRoot]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  ApexErrorListener,
  ApexLexer,
  ApexParser,
  ApexParserFactory,
  ApexParserRuleContext,
  Arth2ExpressionContext,
  CondExpressionContext,
  DotExpressionContext,
  ExpressionContext,
  FieldExpressionContext,
  FieldNameContext,
  IdPrimaryContext,
  LiteralPrimaryContext,
  PrimaryExpressionContext,
  QueryContext,
  SoqlFunctionContext,
  SoqlLiteralContext,
  SubExpressionContext,
  SubQueryContext
} from '@apexdevtools/apex-parser';
import { Finding, formatFinding, listFiles } from '../../lib/files';
import type { PlatformCheck, PlatformCheckResult } from './platform-checks';

// ---------------------------------------------------------------------------
// The committed table (field-properties.json)
// ---------------------------------------------------------------------------

/** Documented properties of one field. */
export interface FieldEntry {
  /** API field type as the reference names it: string, picklist, dateTime, id, reference, ... */
  type: string;
  /** Documented properties, e.g. ["Filter", "Group", "Nillable", "Sort"]. */
  properties: string[];
  /** Properties the documentation neither grants nor denies: using them is a warning. */
  unverifiedProperties?: string[];
  /** Set when the field's properties could not be read in the documentation; says why. */
  unverified?: string;
  /** What else the documentation says that matters to a query (access, version caveats). */
  note?: string;
  /** For a custom field: the metadata <type> its properties were derived from. */
  derivedFrom?: string;
}

/** One standard object: the page its properties come from and the fields we use. */
export interface ObjectEntry {
  citation: string;
  /** Field name -> properties. A name ending in "*" covers every field with that prefix. */
  fields: Record<string, FieldEntry>;
  /** Relationship name -> the object it points to and the reference field behind it. */
  relationships?: Record<string, { object: string; field: string }>;
  /** Child relationship name (parent-child sub-select) -> child object. */
  childRelationships?: Record<string, string>;
  note?: string;
}

/** What a custom field of one metadata <type> supports. */
export interface CustomFieldTypeRule {
  /** The API field type a describe reports (what the aggregate rule looks at). */
  apiType: string;
  properties: string[];
  unverifiedProperties?: string[];
  note?: string;
}

/** A rule, with the page it comes from. */
export interface CitedRule {
  rule: string;
  citation: string;
}

/** The whole of field-properties.json. */
export interface FieldPropertiesTable {
  apiVersion: string;
  objects: Record<string, ObjectEntry>;
  customObjects: {
    citation: string;
    note?: string;
    /** Pages the per-type rules come from (WHERE, ORDER BY, GROUP BY, aggregates). */
    fieldTypeCitations: string[];
    /** Fields every custom object has (Id, Name, CreatedDate, ...). */
    standardFields: Record<string, FieldEntry>;
    /** Metadata <type> of a custom field -> what it supports. */
    fieldTypes: Record<string, CustomFieldTypeRule>;
    /** A formula field: its result type's rule minus these properties. */
    formula: { removes: string[]; citation: string };
  };
  rules: {
    where: CitedRule;
    groupBy: CitedRule;
    orderBy: CitedRule;
    aggregateFunctions: CitedRule & { accepts: Record<string, string[]> };
    dateFunctions: CitedRule & { accepts: Record<string, string[]>; groupOrSortUnverified: string };
    aggregateForLoop: CitedRule & { maxRows: number };
    aggregateLimitNeedsGroupBy: CitedRule;
  };
  /** Constants an aggregate for-loop's LIMIT may bind; each is verified in the Apex source. */
  boundedLimitConstants: { className: string; constant: string; reason: string }[];
}

/** Where the table lives. */
export const FIELD_PROPERTIES_FILE = path.join(__dirname, 'field-properties.json');

/** Reads the committed table and refuses entries without a citation or properties. */
export function loadFieldProperties(file: string = FIELD_PROPERTIES_FILE): FieldPropertiesTable {
  const table = JSON.parse(fs.readFileSync(file, 'utf8')) as FieldPropertiesTable;
  const isUrl = (value: unknown): boolean => typeof value === 'string' && /^https:\/\//.test(value);
  for (const [name, entry] of Object.entries(table.objects)) {
    if (!isUrl(entry.citation)) throw new Error(`${file}: object ${name} has no citation URL`);
    for (const [field, props] of Object.entries(entry.fields))
      if (!Array.isArray(props.properties) || typeof props.type !== 'string')
        throw new Error(`${file}: ${name}.${field} needs "type" and "properties"`);
  }
  if (!table.customObjects.fieldTypeCitations.every(isUrl))
    throw new Error(`${file}: customObjects.fieldTypeCitations must be URLs`);
  for (const [name, rule] of Object.entries(table.rules))
    if (!isUrl(rule.citation)) throw new Error(`${file}: rule ${name} has no citation URL`);
  return table;
}

// ---------------------------------------------------------------------------
// Apex as tokens; SOQL fragments parsed with the apex-parser grammar
// ---------------------------------------------------------------------------

/** One default-channel token with its brace depth (0 outside any class). */
interface ApexToken {
  type: number;
  text: string;
  line: number;
  /** Character offsets in the file, inclusive. */
  start: number;
  stop: number;
  depth: number;
}

type Node = ApexParserRuleContext;

/** The base class of every rule context (antlr4's ParserRuleContext), for instanceof. */
const RULE_CONTEXT = Object.getPrototypeOf(SoqlLiteralContext) as abstract new (
  ...args: never[]
) => Node;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

class CollectingListener extends ApexErrorListener {
  readonly errors: { line: number; message: string }[] = [];
  apexSyntaxError(line: number, _column: number, message: string): void {
    this.errors.push({ line, message });
  }
}

/** One Apex file: its text, its tokens, and fragment parsing that keeps file lines. */
class ApexSource {
  readonly tokens: ApexToken[] = [];
  readonly className: string;

  constructor(
    readonly file: string,
    readonly text: string
  ) {
    this.className = path.basename(file).replace(/\.(cls|trigger)$/, '');
    const stream = ApexParserFactory.createTokenStream(text);
    stream.fill();
    let depth = 0;
    for (const token of stream.tokens) {
      if (token.channel !== 0 || token.type === ApexLexer.EOF) continue;
      if (token.type === ApexLexer.RBRACE) depth--;
      this.tokens.push({
        type: token.type,
        text: token.text,
        line: token.line,
        start: token.start,
        stop: token.stop,
        depth
      });
      if (token.type === ApexLexer.LBRACE) depth++;
    }
  }

  /**
   * Parses tokens [first, last] with one grammar rule. The fragment keeps its place
   * in the file (everything before it blanked, newlines kept), so the tree's lines
   * and character offsets are the file's.
   */
  parse<T extends Node>(
    first: number,
    last: number,
    rule: (parser: ApexParser) => T
  ): { tree: T; errors: string[] } {
    const from = this.tokens[first].start;
    const to = this.tokens[last].stop;
    const text = this.text.slice(0, from).replace(/[^\n]/g, ' ') + this.text.slice(from, to + 1);
    return parseText(text, rule);
  }

  /** Index of the token starting at a character offset. */
  tokenAt(offset: number): number {
    let low = 0;
    let high = this.tokens.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.tokens[middle].start < offset) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Index of the bracket that closes the one at `open` (same kind), or -1. */
  closing(open: number): number {
    const openType = this.tokens[open].type;
    const closeType =
      openType === ApexLexer.LBRACK
        ? ApexLexer.RBRACK
        : openType === ApexLexer.LPAREN
          ? ApexLexer.RPAREN
          : ApexLexer.RBRACE;
    let level = 0;
    for (let i = open; i < this.tokens.length; i++) {
      if (this.tokens[i].type === openType) level++;
      else if (this.tokens[i].type === closeType && --level === 0) return i;
    }
    return -1;
  }

  /** True when no token between a and b (inclusive) sits shallower than `depth`. */
  sameScope(a: number, b: number, depth: number): boolean {
    for (let i = Math.min(a, b); i <= Math.max(a, b); i++)
      if (this.tokens[i].depth < depth) return false;
    return true;
  }
}

/** Parses a text with one rule; errors include text left over after the rule. */
function parseText<T extends Node>(
  text: string,
  rule: (parser: ApexParser) => T
): { tree: T; errors: string[] } {
  const listener = new CollectingListener();
  const { parser } = ApexParserFactory.createLexerAndParser(text, listener);
  const tree = rule(parser);
  const errors = listener.errors.map((e) => `line ${e.line}: ${e.message}`);
  if (parser.getCurrentToken().type !== ApexParser.EOF) errors.push('text after the end');
  return { tree, errors };
}

/** The value of an Apex string literal token ('...' with backslash escapes). */
export function apexStringValue(literal: string): string {
  const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };
  return literal
    .slice(1, -1)
    .replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_match, escape: string) =>
      escape.length === 5
        ? String.fromCharCode(parseInt(escape.slice(1), 16))
        : (escapes[escape] ?? escape)
    );
}

/** A variable or field declaration found in the tokens. */
interface Declaration {
  index: number;
  depth: number;
  modifiers: Set<string>;
  typeText: string;
  /** Token range of the initializer, when there is one. */
  initializer?: [number, number];
}

const TYPE_END = new Set([ApexLexer.Identifier, ApexLexer.GT, ApexLexer.RBRACK]);
const ASSIGNMENTS = new Set([ApexLexer.ASSIGN, ApexLexer.ADD_ASSIGN]);

/** Every declaration of `name` in a source (fields, locals, parameters). */
function declarationsOf(source: ApexSource, name: string): Declaration[] {
  const tokens = source.tokens;
  const wanted = name.toLowerCase();
  const found: Declaration[] = [];
  for (let i = 1; i < tokens.length - 1; i++) {
    if (tokens[i].text.toLowerCase() !== wanted || !TYPE_END.has(tokens[i - 1].type)) continue;
    const next = tokens[i + 1].type;
    if (![ApexLexer.ASSIGN, ApexLexer.SEMI, ApexLexer.COMMA, ApexLexer.RPAREN].includes(next))
      continue;
    let typeStart = i - 1;
    while (
      typeStart > 0 &&
      [
        ApexLexer.Identifier,
        ApexLexer.DOT,
        ApexLexer.LT,
        ApexLexer.GT,
        ApexLexer.COMMA,
        ApexLexer.LBRACK,
        ApexLexer.RBRACK
      ].includes(tokens[typeStart - 1].type) &&
      !(tokens[typeStart - 1].type === ApexLexer.COMMA && !insideGenerics(tokens, typeStart - 1))
    )
      typeStart--;
    const modifiers = new Set<string>();
    for (let m = typeStart - 1; m >= 0; m--) {
      const type = tokens[m].type;
      if (type === ApexLexer.SEMI || type === ApexLexer.LBRACE || type === ApexLexer.RBRACE) break;
      if (type === ApexLexer.LPAREN || type === ApexLexer.COMMA) break;
      modifiers.add(tokens[m].text.toLowerCase());
    }
    const declaration: Declaration = {
      index: i,
      depth: tokens[i].depth,
      modifiers,
      typeText: tokens
        .slice(typeStart, i)
        .map((t) => t.text)
        .join('')
    };
    if (next === ApexLexer.ASSIGN) {
      const end = endOfExpression(tokens, i + 2);
      if (end >= i + 2) declaration.initializer = [i + 2, end];
    }
    found.push(declaration);
  }
  return found;
}

/** True when the token at `index` is inside <...> of a generic type. */
function insideGenerics(tokens: ApexToken[], index: number): boolean {
  let level = 0;
  for (let i = index; i >= 0 && i > index - 40; i--) {
    if (tokens[i].type === ApexLexer.GT) level--;
    else if (tokens[i].type === ApexLexer.LT) level++;
    if (level > 0) return true;
    if (tokens[i].type === ApexLexer.SEMI || tokens[i].type === ApexLexer.LBRACE) return false;
  }
  return false;
}

/** Last token of the expression starting at `first` (before a top-level `;` `,` `)`). */
function endOfExpression(tokens: ApexToken[], first: number): number {
  let level = 0;
  for (let i = first; i < tokens.length; i++) {
    const type = tokens[i].type;
    if (type === ApexLexer.LPAREN || type === ApexLexer.LBRACK || type === ApexLexer.LBRACE)
      level++;
    else if (type === ApexLexer.RPAREN || type === ApexLexer.RBRACK || type === ApexLexer.RBRACE) {
      if (level === 0) return i - 1;
      level--;
    } else if (level === 0 && (type === ApexLexer.SEMI || type === ApexLexer.COMMA)) return i - 1;
  }
  return tokens.length - 1;
}

/** True when `name` is assigned again (=, +=) inside the declaration's scope. */
function isReassigned(source: ApexSource, declaration: Declaration, name: string): boolean {
  const tokens = source.tokens;
  for (let j = 1; j < tokens.length - 1; j++) {
    if (j === declaration.index || tokens[j].text.toLowerCase() !== name.toLowerCase()) continue;
    if (!ASSIGNMENTS.has(tokens[j + 1].type)) continue;
    if (TYPE_END.has(tokens[j - 1].type) || tokens[j - 1].type === ApexLexer.DOT) continue;
    if (source.sameScope(declaration.index, j, declaration.depth)) return true;
  }
  return false;
}

/** The declaration of `name` visible at token `use` (innermost scope wins). */
function visibleDeclaration(
  source: ApexSource,
  name: string,
  use: number
): Declaration | undefined {
  return declarationsOf(source, name)
    .filter((d) => source.sameScope(d.index, use, d.depth))
    .sort((a, b) => b.depth - a.depth || b.index - a.index)[0];
}

/** The Apex files of a project, read lazily, found by class name. */
class ApexProject {
  private readonly sources = new Map<string, ApexSource>();
  private readonly fileOfClass = new Map<string, string>();

  constructor(readonly files: string[]) {
    for (const file of files)
      this.fileOfClass.set(
        path
          .basename(file)
          .replace(/\.(cls|trigger)$/, '')
          .toLowerCase(),
        file
      );
  }

  source(file: string): ApexSource {
    let source = this.sources.get(file);
    if (!source) {
      source = new ApexSource(file, fs.readFileSync(file, 'utf8'));
      this.sources.set(file, source);
    }
    return source;
  }

  sourceOfClass(className: string): ApexSource | undefined {
    const file = this.fileOfClass.get(className.toLowerCase());
    return file ? this.source(file) : undefined;
  }

  /** A class-level declaration ClassName.NAME (top-level class body only). */
  classConstant(
    className: string,
    name: string
  ): { source: ApexSource; declaration: Declaration } | undefined {
    const source = this.sourceOfClass(className);
    const declaration = source && declarationsOf(source, name).find((d) => d.depth === 1);
    return source && declaration ? { source, declaration } : undefined;
  }
}

/** At most this many text variants of one dynamic query are checked. */
const MAX_DYNAMIC_VARIANTS = 64;

/**
 * Works out the possible texts of a string expression: literals, `+`, `?:`,
 * parentheses, final constants (ClassName.NAME too) and locals assigned once.
 * Undefined when some part is not known before run time.
 */
class StringEvaluator {
  constructor(private readonly project: ApexProject) {}

  evaluate(source: ApexSource, expression: ExpressionContext, depth = 0): string[] | undefined {
    if (depth > 20) return undefined;
    if (expression instanceof SubExpressionContext)
      return this.evaluate(source, expression.expression(), depth + 1);
    if (expression instanceof Arth2ExpressionContext && expression.ADD()) {
      const left = this.evaluate(source, expression.expression(0), depth + 1);
      const right = this.evaluate(source, expression.expression(1), depth + 1);
      if (!left || !right || left.length * right.length > MAX_DYNAMIC_VARIANTS) return undefined;
      return left.flatMap((l) => right.map((r) => l + r));
    }
    if (expression instanceof CondExpressionContext) {
      const whenTrue = this.evaluate(source, expression.expression(1), depth + 1);
      const whenFalse = this.evaluate(source, expression.expression(2), depth + 1);
      return whenTrue && whenFalse ? [...whenTrue, ...whenFalse] : undefined;
    }
    if (expression instanceof PrimaryExpressionContext) {
      const primary = expression.primary();
      if (primary instanceof LiteralPrimaryContext) {
        const literal = primary.literal().StringLiteral();
        return literal ? [apexStringValue(literal.getText())] : undefined;
      }
      if (primary instanceof IdPrimaryContext) {
        const name = primary.id().getText();
        const use = source.tokenAt(expression.start.start);
        const declaration = visibleDeclaration(source, name, use);
        if (!declaration) return undefined;
        const isField = declaration.depth === 1;
        if (isField ? !declaration.modifiers.has('final') : isReassigned(source, declaration, name))
          return undefined;
        return this.initializer(source, declaration, depth);
      }
      return undefined;
    }
    if (expression instanceof DotExpressionContext && !expression.dotMethodCall()) {
      const constant = this.project.classConstant(
        expression.expression().getText(),
        expression.anyId().getText()
      );
      if (!constant || !constant.declaration.modifiers.has('final')) return undefined;
      return this.initializer(constant.source, constant.declaration, depth);
    }
    return undefined;
  }

  private initializer(
    source: ApexSource,
    declaration: Declaration,
    depth: number
  ): string[] | undefined {
    if (!declaration.initializer) return undefined;
    const [first, last] = declaration.initializer;
    const { tree, errors } = source.parse(first, last, (p) => p.expression());
    return errors.length ? undefined : this.evaluate(source, tree, depth + 1);
  }
}

/** A parsed SOQL statement and where it came from. */
export interface SoqlStatement {
  file: string;
  line: number;
  /** The Apex class of the file (file name), for unqualified bind constants. */
  className: string;
  query: QueryContext;
  /** 'inline' for [SELECT ...], 'dynamic' for the string of a Database.* call. */
  origin: 'inline' | 'dynamic';
  /** True when the query is the iterable of an Apex for-loop `for (T x : <query>)`. */
  forLoopIterable: boolean;
  /** Token index of the query's start in its file, for looking up bind names. */
  tokenIndex: number;
}

const DYNAMIC_QUERY_METHODS = new Set([
  'query',
  'querywithbinds',
  'getquerylocator',
  'getquerylocatorwithbinds',
  'countquery',
  'countquerywithbinds'
]);

const MAY_HOLD_SOQL = /\[\s*select\b|\bdatabase\s*\.\s*(query|getquerylocator|countquery)/i;

/** True when tokens before `first` read `for ( Type name :`. */
function isForLoopIterable(tokens: ApexToken[], first: number): boolean {
  let i = first - 1;
  if (tokens[i]?.type !== ApexLexer.COLON) return false;
  i--;
  if (!tokens[i] || !IDENTIFIER.test(tokens[i].text)) return false;
  i--;
  const typeTokens = new Set([
    ApexLexer.Identifier,
    ApexLexer.DOT,
    ApexLexer.LT,
    ApexLexer.GT,
    ApexLexer.COMMA,
    ApexLexer.LBRACK,
    ApexLexer.RBRACK
  ]);
  const typeEnd = i;
  while (i >= 0 && (typeTokens.has(tokens[i].type) || IDENTIFIER.test(tokens[i].text))) {
    if (tokens[i].type === ApexLexer.LPAREN) break;
    i--;
  }
  return (
    i < typeEnd && tokens[i]?.type === ApexLexer.LPAREN && tokens[i - 1]?.type === ApexLexer.FOR
  );
}

/** Every SOQL statement of a project's Apex, and what could not be read. */
export function readProjectSoql(projectRoot: string): {
  project: ApexProject;
  statements: SoqlStatement[];
  /** Dynamic queries whose text is not known before run time (warnings). */
  unresolved: Finding[];
  /** SOQL the grammar refuses (findings). */
  unparsable: Finding[];
  filesWithSoql: number;
} {
  const files = listFiles(path.join(projectRoot, 'force-app'), (f) => /\.(cls|trigger)$/.test(f));
  const project = new ApexProject(files);
  const evaluator = new StringEvaluator(project);
  const statements: SoqlStatement[] = [];
  const unresolved: Finding[] = [];
  const unparsable: Finding[] = [];
  let filesWithSoql = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    if (!MAY_HOLD_SOQL.test(text)) continue;
    const source = project.source(file);
    const tokens = source.tokens;
    const before = statements.length + unresolved.length + unparsable.length;
    for (let i = 0; i < tokens.length - 1; i++) {
      if (tokens[i].type === ApexLexer.LBRACK && tokens[i + 1].type === ApexLexer.SELECT) {
        const close = source.closing(i);
        const { tree, errors } = source.parse(i, close, (p) => p.soqlLiteral());
        if (close < 0 || errors.length) {
          unparsable.push({
            file,
            line: tokens[i].line,
            message: `SOQL does not parse: ${errors[0]}`
          });
          continue;
        }
        statements.push({
          file,
          line: tokens[i].line,
          className: source.className,
          query: tree.query(),
          origin: 'inline',
          forLoopIterable: isForLoopIterable(tokens, i),
          tokenIndex: i
        });
        i = close;
        continue;
      }
      const isDatabaseCall =
        tokens[i].text.toLowerCase() === 'database' &&
        tokens[i + 1]?.type === ApexLexer.DOT &&
        DYNAMIC_QUERY_METHODS.has(tokens[i + 2]?.text.toLowerCase() ?? '') &&
        tokens[i + 3]?.type === ApexLexer.LPAREN;
      if (!isDatabaseCall) continue;
      const method = `Database.${tokens[i + 2].text}`;
      const argumentEnd = endOfExpression(tokens, i + 4);
      const { tree, errors } = source.parse(i + 4, argumentEnd, (p) => p.expression());
      const texts = errors.length ? undefined : evaluator.evaluate(source, tree);
      if (!texts) {
        unresolved.push({
          file,
          line: tokens[i].line,
          message: `${method}: query text not known before run time, its fields are not checked`
        });
        continue;
      }
      const first = tokens[i - 2]?.type === ApexLexer.DOT ? i - 2 : i;
      for (const soql of new Set(texts)) {
        const parsed = parseText(soql, (p) => p.query());
        if (parsed.errors.length) {
          unparsable.push({
            file,
            line: tokens[i].line,
            message: `${method}: SOQL does not parse (${parsed.errors[0]}): ${soql}`
          });
          continue;
        }
        statements.push({
          file,
          line: tokens[i].line,
          className: source.className,
          query: parsed.tree,
          origin: 'dynamic',
          forLoopIterable: isForLoopIterable(tokens, first),
          tokenIndex: i
        });
      }
    }
    if (statements.length + unresolved.length + unparsable.length > before) filesWithSoql++;
  }
  return { project, statements, unresolved, unparsable, filesWithSoql };
}

// ---------------------------------------------------------------------------
// What a query does with its fields
// ---------------------------------------------------------------------------

/** The clause a field is used in. */
export type Clause = 'SELECT' | 'WHERE' | 'GROUP BY' | 'HAVING' | 'ORDER BY';

/** One field used by a query, maybe wrapped in an aggregate or date function. */
export interface FieldUse {
  clause: Clause;
  /** Aggregate or date function applied to the field (upper case); undefined for a bare field. */
  fn?: string;
  /** The path as written, e.g. ["Profile", "UserLicense", "Name"]. */
  path: string[];
  line: number;
}

/** What the rules need to know about one SELECT (or sub-select). */
export interface QueryShape {
  /** The FROM object; for a parent-child sub-select, the child relationship name. */
  from: string;
  alias?: string;
  /** Set for a (SELECT ...) inside a SELECT list: `from` is a child relationship of it. */
  childOf?: QueryShape;
  uses: FieldUse[];
  /** Semi-joins in WHERE and parent-child sub-selects. */
  subqueries: QueryShape[];
  /** Has GROUP BY or an aggregate function other than the row count COUNT(). */
  isAggregate: boolean;
  /** Applies an aggregate function to a field (COUNT(Id) counts, COUNT() does not). */
  hasFieldAggregate: boolean;
  hasGroupBy: boolean;
  limit?: { literal?: number; bind?: string; offset: number };
  line: number;
}

export const AGGREGATE_FUNCTIONS = new Set(['AVG', 'COUNT', 'COUNT_DISTINCT', 'MIN', 'MAX', 'SUM']);
export const DATE_FUNCTIONS = new Set([
  'CALENDAR_MONTH',
  'CALENDAR_QUARTER',
  'CALENDAR_YEAR',
  'DAY_IN_MONTH',
  'DAY_IN_WEEK',
  'DAY_IN_YEAR',
  'DAY_ONLY',
  'FISCAL_MONTH',
  'FISCAL_QUARTER',
  'FISCAL_YEAR',
  'HOUR_IN_DAY',
  'WEEK_IN_MONTH',
  'WEEK_IN_YEAR'
]);

/** Child rule contexts of a node (terminals skipped). */
function ruleChildren(node: Node): Node[] {
  return (node.children ?? []).filter((child): child is Node => child instanceof RULE_CONTEXT);
}

/** Instances of `type` below `node` (itself included), not looking inside sub-selects. */
function outsideSubqueries<T extends Node>(
  node: Node,
  type: abstract new (...args: never[]) => T
): T[] {
  const found: T[] = [];
  const walk = (current: Node): void => {
    if (current instanceof type) found.push(current);
    for (const child of ruleChildren(current)) if (!(child instanceof SubQueryContext)) walk(child);
  };
  walk(node);
  return found;
}

/** Sub-selects below `node` that are not nested in another sub-select. */
function directSubqueries(node: Node): SubQueryContext[] {
  const found: SubQueryContext[] = [];
  const walk = (current: Node): void => {
    for (const child of ruleChildren(current)) {
      if (child instanceof SubQueryContext) found.push(child);
      else walk(child);
    }
  };
  walk(node);
  return found;
}

function pathOf(field: FieldNameContext): string[] {
  return field.soqlId_list().map((id) => id.getText());
}

/** The field a soqlFunction applies to, looking through FORMAT, toLabel, convertCurrency, ... */
function functionUses(fn: SoqlFunctionContext, clause: Clause, line?: number): FieldUse[] {
  const inner = fn.soqlFunction();
  if (inner) return functionUses(inner, clause, line);
  const field = fn.fieldName() ?? fn.dateFieldName()?.fieldName();
  if (!field) return [];
  const name = (fn.start.text ?? '').toUpperCase();
  const wraps = AGGREGATE_FUNCTIONS.has(name) || DATE_FUNCTIONS.has(name);
  return [
    { clause, fn: wraps ? name : undefined, path: pathOf(field), line: line ?? field.start.line }
  ];
}

/** Uses of a slot that holds a field or a function (WHERE operand, GROUP BY item, ORDER BY item). */
function slotUses(
  slot: { fieldName(): FieldNameContext | null; soqlFunction(): SoqlFunctionContext | null },
  clause: Clause,
  line?: number
): FieldUse[] {
  const fn = slot.soqlFunction();
  if (fn) return functionUses(fn, clause, line);
  const field = slot.fieldName();
  return field ? [{ clause, path: pathOf(field), line: line ?? field.start.line }] : [];
}

/**
 * Reads a SELECT or sub-select. `line` pins every use to one line (dynamic SOQL,
 * whose own lines are lines of the string, not of the file).
 */
export function shapeOf(
  query: QueryContext | SubQueryContext,
  line?: number,
  childOf?: QueryShape
): QueryShape {
  const from = query.fromNameList();
  const shape: QueryShape = {
    from: from.fieldName(0).getText(),
    alias: from.fieldName_list().length === 1 ? from.soqlId(0)?.getText() : undefined,
    childOf,
    uses: [],
    subqueries: [],
    isAggregate: false,
    hasFieldAggregate: false,
    hasGroupBy: false,
    line: line ?? query.start.line
  };
  const uses = shape.uses;
  const entries =
    query instanceof QueryContext
      ? query.selectList().selectEntry_list()
      : query.subFieldList().subFieldEntry_list();
  for (const entry of entries) {
    const fn = entry.soqlFunction();
    if (fn) {
      uses.push(...functionUses(fn, 'SELECT', line));
      if (AGGREGATE_FUNCTIONS.has((fn.start.text ?? '').toUpperCase())) {
        shape.isAggregate = true;
        if (fn.fieldName()) shape.hasFieldAggregate = true;
      }
    }
    const child = entry.subQuery();
    if (child) shape.subqueries.push(shapeOf(child, line, shape));
  }
  const where = query.whereClause();
  if (where) {
    for (const expression of outsideSubqueries(where, FieldExpressionContext))
      uses.push(...slotUses(expression, 'WHERE', line));
    for (const semiJoin of directSubqueries(where)) shape.subqueries.push(shapeOf(semiJoin, line));
  }
  if (query instanceof QueryContext) {
    const groupBy = query.groupByClause();
    if (groupBy) {
      shape.isAggregate = true;
      shape.hasGroupBy = true;
      for (const item of groupBy.fieldGroupByList()?.fieldGroupBy_list() ?? [])
        uses.push(...slotUses(item, 'GROUP BY', line));
      const having = groupBy.logicalExpression();
      if (having)
        for (const expression of outsideSubqueries(having, FieldExpressionContext))
          uses.push(...slotUses(expression, 'HAVING', line));
    }
  }
  for (const item of query.orderByClause()?.fieldOrderList().fieldOrder_list() ?? [])
    uses.push(...slotUses(item, 'ORDER BY', line));
  const limit = query.limitClause();
  if (limit) {
    const literal = limit.IntegerLiteral();
    shape.limit = literal
      ? { literal: Number(literal.getText()), offset: limit.start.start }
      : { bind: limit.boundExpression()?.expression().getText(), offset: limit.start.start };
  }
  return shape;
}

// ---------------------------------------------------------------------------
// Resolving fields against the table
// ---------------------------------------------------------------------------

/** An object the check knows: a standard one from the table, or one of ours from its XML. */
interface KnownObject {
  name: string;
  citation: string;
  field(name: string): FieldEntry | undefined;
  relationship(name: string): string | undefined;
  childRelationship(name: string): string | undefined;
}

/** Finds an entry by case-insensitive key; keys ending in "*" match by prefix. */
function lookup<T>(record: Record<string, T> | undefined, name: string): T | undefined {
  if (!record) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(record)) {
    const lower = key.toLowerCase();
    if (lower === wanted || (lower.endsWith('*') && wanted.startsWith(lower.slice(0, -1))))
      return value;
  }
  return undefined;
}

/** Custom objects of the project, their fields' properties derived from field-meta.xml. */
function customObjects(projectRoot: string, table: FieldPropertiesTable): Map<string, KnownObject> {
  const objects = new Map<string, KnownObject>();
  const fieldFiles = listFiles(path.join(projectRoot, 'force-app'), (f) =>
    /[\\/]objects[\\/][^\\/]+[\\/]fields[\\/][^\\/]+\.field-meta\.xml$/.test(f)
  );
  const byObject = new Map<string, string[]>();
  for (const file of fieldFiles) {
    const objectName = path.basename(path.dirname(path.dirname(file)));
    byObject.set(objectName, [...(byObject.get(objectName) ?? []), file]);
  }
  const tag = (xml: string, name: string): string | undefined =>
    new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
  for (const [objectName, files] of byObject) {
    const fields: Record<string, FieldEntry> = {};
    const relationships: Record<string, string> = {};
    for (const file of files) {
      const xml = fs.readFileSync(file, 'utf8');
      const fieldName = path.basename(file, '.field-meta.xml');
      const xmlType = tag(xml, 'type') ?? '?';
      const rule = table.customObjects.fieldTypes[xmlType];
      if (!rule) {
        fields[fieldName] = {
          type: xmlType,
          properties: [],
          unverified: `no documented rule for custom field type ${xmlType} in field-properties.json`
        };
        continue;
      }
      const isFormula = /<formula>/.test(xml);
      const removed = isFormula ? table.customObjects.formula.removes : [];
      fields[fieldName] = {
        type: rule.apiType,
        properties: rule.properties.filter((p) => !removed.includes(p)),
        unverifiedProperties: (rule.unverifiedProperties ?? []).filter((p) => !removed.includes(p)),
        derivedFrom: `${xmlType}${isFormula ? ' formula' : ''}`
      };
      const referenceTo = tag(xml, 'referenceTo');
      const relationshipName = tag(xml, 'relationshipName');
      if (referenceTo)
        relationships[`${relationshipName ?? fieldName.replace(/__c$/, '')}__r`] = referenceTo;
    }
    objects.set(objectName.toLowerCase(), {
      name: objectName,
      citation: table.customObjects.citation,
      field: (name) => lookup(fields, name) ?? lookup(table.customObjects.standardFields, name),
      relationship: (name) => lookup(relationships, name),
      childRelationship: () => undefined
    });
  }
  return objects;
}

/** Every object the check can resolve fields on. */
function knownObjects(projectRoot: string, table: FieldPropertiesTable): Map<string, KnownObject> {
  const objects = customObjects(projectRoot, table);
  for (const [name, entry] of Object.entries(table.objects)) {
    objects.set(name.toLowerCase(), {
      name,
      citation: entry.citation,
      field: (field) => lookup(entry.fields, field),
      relationship: (relationship) => lookup(entry.relationships, relationship)?.object,
      childRelationship: (child) => lookup(entry.childRelationships, child)
    });
  }
  return objects;
}

type Resolution =
  | { ok: true; object: KnownObject; fieldName: string; entry: FieldEntry; label: string }
  | { ok: false; message: string };

/** Resolves a field path from an object, following parent relationships. */
function resolveField(
  objects: Map<string, KnownObject>,
  fromObject: string,
  alias: string | undefined,
  written: string[]
): Resolution {
  const start = objects.get(fromObject.toLowerCase());
  let segments = written;
  if (
    segments.length > 1 &&
    (segments[0].toLowerCase() === alias?.toLowerCase() ||
      (segments[0].toLowerCase() === fromObject.toLowerCase() && !start?.relationship(segments[0])))
  )
    segments = segments.slice(1);
  const label = `${fromObject}.${segments.join('.')}`;
  const addIt = 'add it to scripts/check/platform/field-properties.json with its citation';
  if (!start)
    return { ok: false, message: `no documented properties for object ${fromObject}: ${addIt}` };
  let object: KnownObject = start;
  for (const relationship of segments.slice(0, -1)) {
    const target: string | undefined = object.relationship(relationship);
    const next: KnownObject | undefined = target ? objects.get(target.toLowerCase()) : undefined;
    if (!target || !next)
      return {
        ok: false,
        message: `no documented ${target ? `properties for object ${target}` : `relationship ${object.name}.${relationship}`} (in ${label}): ${addIt}`
      };
    object = next;
  }
  const fieldName = segments[segments.length - 1];
  const entry = object.field(fieldName);
  if (!entry) {
    const where = `${object.name}.${fieldName}` === label ? '' : ` (in ${label})`;
    const message = `no documented properties for ${object.name}.${fieldName}${where}: ${addIt}`;
    return { ok: false, message };
  }
  return { ok: true, object, fieldName, entry, label };
}

// ---------------------------------------------------------------------------
// The rules
// ---------------------------------------------------------------------------

/** What one run found: violations fail, warnings are printed. */
export interface SoqlFieldsResult {
  findings: Finding[];
  warnings: Finding[];
  statements: SoqlStatement[];
  filesWithSoql: number;
  fieldUsesChecked: number;
  aggregateLoops: number;
}

const CLAUSE_PROPERTY: Partial<
  Record<Clause, { property: string; rule: keyof FieldPropertiesTable['rules'] }>
> = {
  WHERE: { property: 'Filter', rule: 'where' },
  'GROUP BY': { property: 'Group', rule: 'groupBy' },
  HAVING: { property: 'Group', rule: 'groupBy' },
  'ORDER BY': { property: 'Sort', rule: 'orderBy' }
};

function describeProperties(entry: FieldEntry): string {
  return entry.properties.length ? entry.properties.join(', ') : 'none';
}

/** Checks one field use; pushes findings (violations) and warnings (unverified). */
function checkUse(
  use: FieldUse,
  shape: QueryShape,
  fromObject: string,
  objects: Map<string, KnownObject>,
  table: FieldPropertiesTable,
  report: { file: string; findings: Finding[]; warnings: Finding[] }
): boolean {
  if (use.clause === 'SELECT' && !use.fn) return false;
  const at = { file: report.file, line: use.line };
  const written = use.fn ? `${use.fn}(${use.path.join('.')})` : use.path.join('.');
  const resolved = resolveField(objects, fromObject, shape.alias, use.path);
  if (!resolved.ok) {
    report.findings.push({ ...at, message: `SOQL ${use.clause} ${written}: ${resolved.message}` });
    return true;
  }
  const { entry, label, object } = resolved;
  /** Where the field's properties come from: its object page, or for a custom field the rule. */
  const sourceFor = (ruleCitation: string): string =>
    entry.derivedFrom ? `${ruleCitation} (custom ${entry.derivedFrom} field)` : object.citation;
  if (entry.unverified) {
    report.warnings.push({
      ...at,
      message: `SOQL ${use.clause} ${written}: ${label} is unverified (${entry.unverified}); not counted as a pass`
    });
    return true;
  }
  const has = (property: string): boolean =>
    entry.properties.some((p) => p.toLowerCase() === property.toLowerCase());
  const maybe = (property: string): boolean =>
    (entry.unverifiedProperties ?? []).some((p) => p.toLowerCase() === property.toLowerCase());
  const type = entry.type.toLowerCase();

  if (use.fn && AGGREGATE_FUNCTIONS.has(use.fn)) {
    const rule = table.rules.aggregateFunctions;
    const accepted = (rule.accepts[use.fn] ?? []).map((t) => t.toLowerCase());
    if (!accepted.includes(type))
      report.findings.push({
        ...at,
        message: `SOQL ${use.clause} ${written}: ${use.fn}() does not accept ${label}, a ${entry.type} field (${rule.rule}) - ${rule.citation}; field: ${sourceFor(rule.citation)}`
      });
    return true;
  }
  if (use.fn && DATE_FUNCTIONS.has(use.fn)) {
    const rule = table.rules.dateFunctions;
    const accepted = (rule.accepts[use.fn] ?? []).map((t) => t.toLowerCase());
    if (!accepted.includes(type)) {
      report.findings.push({
        ...at,
        message: `SOQL ${use.clause} ${written}: ${use.fn}() does not accept ${label}, a ${entry.type} field (${rule.rule}) - ${rule.citation}; field: ${sourceFor(rule.citation)}`
      });
      return true;
    }
    const needed = CLAUSE_PROPERTY[use.clause];
    if (use.clause === 'WHERE' && needed && !has(needed.property)) {
      const whereRule = table.rules.where;
      report.findings.push({
        ...at,
        message: `SOQL WHERE ${written}: ${label} is not filterable (documented properties: ${describeProperties(entry)}; ${whereRule.rule}) - ${sourceFor(whereRule.citation)}`
      });
    } else if (needed && use.clause !== 'WHERE' && !has(needed.property)) {
      report.warnings.push({
        ...at,
        message: `SOQL ${use.clause} ${written}: ${label} lacks ${needed.property}; ${rule.groupOrSortUnverified} - ${rule.citation}`
      });
    }
    return true;
  }
  const needed = CLAUSE_PROPERTY[use.clause];
  if (!needed) return true;
  if (has(needed.property)) return true;
  const rule = table.rules[needed.rule];
  if (maybe(needed.property)) {
    report.warnings.push({
      ...at,
      message: `SOQL ${use.clause} ${written}: whether ${label} supports ${needed.property} is unverified (${rule.rule}); not counted as a pass - ${sourceFor(rule.citation)}`
    });
    return true;
  }
  const adjective = { Filter: 'filterable', Group: 'groupable', Sort: 'sortable' }[needed.property];
  report.findings.push({
    ...at,
    message: `SOQL ${use.clause} ${written}: ${label} is not ${adjective} (documented properties: ${describeProperties(entry)}; ${rule.rule}) - ${sourceFor(rule.citation)}`
  });
  return true;
}

/** The LIMIT an aggregate for-loop needs: a literal <= max, or a verified bounded constant. */
function checkAggregateLoopLimit(
  statement: SoqlStatement,
  shape: QueryShape,
  project: ApexProject,
  table: FieldPropertiesTable
): string | undefined {
  const rule = table.rules.aggregateForLoop;
  const cite = `${rule.rule} - ${rule.citation}`;
  const limit = shape.limit;
  if (!limit) return `aggregate query read by a for-loop has no LIMIT (${cite})`;
  if (limit.literal !== undefined)
    return limit.literal <= rule.maxRows
      ? undefined
      : `aggregate query read by a for-loop has LIMIT ${limit.literal}, more than ${rule.maxRows} (${cite})`;
  const bind = limit.bind ?? '';
  const parts = bind.split('.');
  if (parts.length > 2 || !parts.every((p) => IDENTIFIER.test(p)))
    return `aggregate query read by a for-loop has LIMIT :${bind}, which is not a bounded constant (${cite})`;
  const [className, constant] = parts.length === 2 ? parts : [statement.className, parts[0]];
  const listed = table.boundedLimitConstants.some(
    (c) =>
      c.className.toLowerCase() === className.toLowerCase() &&
      c.constant.toLowerCase() === constant.toLowerCase()
  );
  if (!listed)
    return `aggregate query read by a for-loop has LIMIT :${bind}; ${className}.${constant} is not a bounded constant of field-properties.json (${cite})`;
  const source = project.sourceOfClass(className);
  const declaration =
    parts.length === 2 || !source || source.file !== statement.file
      ? project.classConstant(className, constant)?.declaration
      : visibleDeclaration(
          source,
          constant,
          statement.origin === 'inline' ? source.tokenAt(limit.offset) : statement.tokenIndex
        );
  const declaredIn = project.sourceOfClass(className);
  if (!declaration || !declaredIn)
    return `aggregate query read by a for-loop has LIMIT :${bind}, but ${className}.${constant} is not declared in the Apex (${cite})`;
  const init = declaration.initializer;
  const value =
    init && init[0] === init[1] && declaredIn.tokens[init[0]].type === ApexLexer.IntegerLiteral
      ? Number(declaredIn.tokens[init[0]].text)
      : undefined;
  const isConstant =
    declaration.modifiers.has('static') &&
    declaration.modifiers.has('final') &&
    declaration.typeText.toLowerCase() === 'integer';
  if (!isConstant || value === undefined || value > rule.maxRows)
    return `aggregate query read by a for-loop has LIMIT :${bind}, but ${className}.${constant} is not a static final Integer literal <= ${rule.maxRows} (${cite})`;
  return undefined;
}

/** Runs every rule over a project's SOQL. */
export function checkSoqlFields(
  projectRoot: string,
  table: FieldPropertiesTable = loadFieldProperties()
): SoqlFieldsResult {
  const { project, statements, unresolved, unparsable, filesWithSoql } =
    readProjectSoql(projectRoot);
  const objects = knownObjects(projectRoot, table);
  const findings: Finding[] = [...unparsable];
  const warnings: Finding[] = [...unresolved];
  let fieldUsesChecked = 0;
  let aggregateLoops = 0;
  for (const statement of statements) {
    const pinnedLine = statement.origin === 'dynamic' ? statement.line : undefined;
    const top = shapeOf(statement.query, pinnedLine);
    const report = { file: statement.file, findings, warnings };
    const visit = (shape: QueryShape): void => {
      let fromObject = shape.from;
      if (shape.childOf) {
        const parent = objects.get(shape.childOf.from.toLowerCase());
        const child = parent?.childRelationship(shape.from);
        if (!child) {
          findings.push({
            file: statement.file,
            line: shape.line,
            message: `SOQL sub-select FROM ${shape.from}: no documented child relationship ${shape.childOf.from}.${shape.from}: add it to scripts/check/platform/field-properties.json with its citation`
          });
          return;
        }
        fromObject = child;
      }
      for (const use of shape.uses)
        if (checkUse(use, shape, fromObject, objects, table, report)) fieldUsesChecked++;
      if (shape.hasFieldAggregate && shape.limit && !shape.hasGroupBy) {
        const rule = table.rules.aggregateLimitNeedsGroupBy;
        findings.push({
          file: statement.file,
          line: pinnedLine ?? shape.line,
          message: `SOQL aggregate function with LIMIT but no GROUP BY (${rule.rule}) - ${rule.citation}`
        });
      }
      shape.subqueries.forEach(visit);
    };
    visit(top);
    if (statement.forLoopIterable && top.isAggregate) {
      aggregateLoops++;
      const problem = checkAggregateLoopLimit(statement, top, project, table);
      if (problem) findings.push({ file: statement.file, line: statement.line, message: problem });
    }
  }
  const byPlace = (a: Finding, b: Finding): number =>
    a.file.localeCompare(b.file) || a.line - b.line || a.message.localeCompare(b.message);
  return {
    findings: findings.sort(byPlace),
    warnings: warnings.sort(byPlace),
    statements,
    filesWithSoql,
    fieldUsesChecked,
    aggregateLoops
  };
}

/** The platform check as `npm test` runs it. */
export const soqlFieldsCheck: PlatformCheck = {
  id: 'soql-fields',
  title: 'SOQL field properties (WHERE/GROUP BY/ORDER BY/aggregates against the object reference)',
  run: (projectRoot: string): PlatformCheckResult => {
    const result = checkSoqlFields(projectRoot);
    const dynamic = result.statements.filter((s) => s.origin === 'dynamic').length;
    return {
      findings: result.findings,
      summary:
        `${result.statements.length} SOQL statements (${dynamic} dynamic) in ${result.filesWithSoql} files, ` +
        `${result.fieldUsesChecked} field uses checked, ${result.aggregateLoops} aggregate for-loops, ` +
        `${result.findings.length} violations, ${result.warnings.length} warnings`,
      report: result.warnings.map((w) => `warning ${formatFinding(w, projectRoot)}`)
    };
  }
};

if (require.main === module) {
  const root = path.resolve(process.argv[2] ?? path.join(__dirname, '..', '..', '..'));
  const started = Date.now();
  const result = soqlFieldsCheck.run(root) as PlatformCheckResult;
  console.log(`${result.summary} (${Date.now() - started} ms)`);
  for (const line of result.report ?? []) console.log(line);
  for (const finding of result.findings) console.error(formatFinding(finding, root));
  process.exitCode = result.findings.length ? 1 : 0;
}
