/**
 * A small model of a project's Apex for the access matrix: classes (with sharing,
 * interfaces, fields, ApexDoc) and methods, with bodies turned into a compact tree of
 * statements and expressions. Only what the access matrix reads is kept: calls, `new`,
 * SOQL literals, DML statements, conditions, returns and throws; every other expression
 * keeps its sub-expressions so that calls inside it are still seen.
 *
 * Parsing uses @apexdevtools/apex-parser (the grammar of the apex-syntax step).
 * Classes annotated @IsTest are read but marked, so that the call graph leaves them out.
 */
import * as fs from 'node:fs';
import {
  ApexErrorListener,
  ApexParserFactory,
  BlockContext,
  CastExpressionContext,
  ClassBodyDeclarationContext,
  ClassDeclarationContext,
  CompilationUnitContext,
  CondExpressionContext,
  ConstructorDeclarationContext,
  DeleteStatementContext,
  DotExpressionContext,
  EqualityExpressionContext,
  ExpressionContext,
  ExpressionListContext,
  FieldDeclarationContext,
  ForStatementContext,
  FormalParametersContext,
  IdPrimaryContext,
  IfStatementContext,
  InsertStatementContext,
  InterfaceDeclarationContext,
  LiteralPrimaryContext,
  LocalVariableDeclarationContext,
  LogAndExpressionContext,
  LogOrExpressionContext,
  MergeStatementContext,
  MethodCallExpressionContext,
  MethodDeclarationContext,
  ModifierContext,
  NegExpressionContext,
  NewExpressionContext,
  PrimaryExpressionContext,
  PropertyDeclarationContext,
  ReturnStatementContext,
  SoqlPrimaryContext,
  StatementContext,
  SubExpressionContext,
  SuperPrimaryContext,
  ThisPrimaryContext,
  ThrowStatementContext,
  TryStatementContext,
  UndeleteStatementContext,
  UpdateStatementContext,
  UpsertStatementContext
} from '@apexdevtools/apex-parser';
import { listFiles } from '../../lib/files';

/** Where something is in the source. */
export interface SourceSite {
  file: string;
  line: number;
}

/** An expression, reduced to what the access matrix reads. */
export type Expr =
  | { k: 'lit'; kind: 'string' | 'boolean' | 'null' | 'number'; value: string; line: number }
  | { k: 'id'; name: string; line: number }
  | { k: 'this'; line: number }
  | { k: 'super'; line: number }
  | { k: 'field'; target: Expr; name: string; line: number }
  | { k: 'call'; target: Expr | null; name: string; args: Expr[]; line: number }
  | { k: 'new'; type: string; args: Expr[]; line: number }
  | { k: 'soql'; text: string; line: number }
  | { k: 'not'; e: Expr; line: number }
  | { k: 'bin'; op: string; l: Expr; r: Expr; line: number }
  | { k: 'cond'; c: Expr; t: Expr; f: Expr; line: number }
  | { k: 'cast'; type: string; e: Expr; line: number }
  | { k: 'other'; parts: Expr[]; line: number };

/** DML operations written as statements (`insert x;`) or Database methods. */
export type DmlOperation = 'insert' | 'update' | 'upsert' | 'delete' | 'undelete' | 'merge';

/** A statement, reduced to what the access matrix reads. */
export type Stmt =
  | { k: 'local'; type: string; vars: { name: string; init?: Expr }[]; line: number }
  | { k: 'expr'; e: Expr; line: number }
  | { k: 'if'; c: Expr; then: Stmt[]; else?: Stmt[]; line: number }
  | { k: 'return'; e?: Expr; line: number }
  | { k: 'throw'; e: Expr; line: number }
  | { k: 'try'; body: Stmt[]; catches: Stmt[][]; fin?: Stmt[]; line: number }
  | {
      k: 'loop';
      header: Expr[];
      vars: { name: string; type: string }[];
      body: Stmt[];
      line: number;
    }
  | { k: 'switch'; e: Expr; cases: Stmt[][]; line: number }
  | { k: 'dml'; op: DmlOperation; e: Expr; mode: 'user' | 'system' | 'unstated'; line: number }
  | { k: 'block'; body: Stmt[]; line: number }
  | { k: 'other'; line: number };

/** A method or constructor. */
export interface ApexMethod {
  className: string;
  name: string;
  isConstructor: boolean;
  isStatic: boolean;
  annotations: string[];
  returnType: string;
  params: { name: string; type: string }[];
  body?: Stmt[];
  doc: string;
  line: number;
}

/** A class or interface. Inner classes are named `Outer.Inner`. */
export interface ApexClass {
  name: string;
  simpleName: string;
  outer?: string;
  file: string;
  line: number;
  kind: 'class' | 'interface' | 'enum';
  sharing: 'with' | 'without' | 'inherited' | 'unstated';
  isTest: boolean;
  extendsType?: string;
  implementsTypes: string[];
  fields: Map<string, { type: string; init?: Expr; isStatic: boolean; isFinal: boolean }>;
  methods: ApexMethod[];
  doc: string;
}

/** Every class of a project, by name (outer and `Outer.Inner`). */
export interface ApexModel {
  classes: Map<string, ApexClass>;
  /** Files that did not parse (the apex-syntax step reports why). */
  unparsed: SourceSite[];
}

class SilentListener extends ApexErrorListener {
  errors = 0;
  apexSyntaxError(): void {
    this.errors++;
  }
}

type Ctx = {
  start: { line: number; start: number };
  stop?: { stop: number } | null;
  children?: unknown[] | null;
  getText(): string;
};

/** The node's source text, with its original spacing. */
function textOf(source: string, ctx: Ctx): string {
  const end = ctx.stop ? ctx.stop.stop + 1 : ctx.start.start;
  return source.slice(ctx.start.start, end);
}

/** Apex string literal body, quotes removed and escapes resolved. */
export function unquoteApexString(literal: string): string {
  return literal
    .slice(1, -1)
    .replace(/\\(.)/g, (_m, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
}

/** The ApexDoc comment right before `index`, or ''. */
function docBefore(source: string, index: number): string {
  const before = source.slice(0, index).trimEnd();
  if (!before.endsWith('*/')) return '';
  const open = before.lastIndexOf('/**');
  return open < 0 ? '' : before.slice(open);
}

/** Converts parse trees of one file into the model's classes. */
class Converter {
  constructor(
    private readonly source: string,
    private readonly file: string
  ) {}

  classesOf(unit: CompilationUnitContext): ApexClass[] {
    const declaration = unit.typeDeclaration();
    if (!declaration) return [];
    const modifiers = declaration.modifier_list();
    const out: ApexClass[] = [];
    const startIndex = (modifiers[0] ?? declaration).start.start;
    const classCtx = declaration.classDeclaration();
    const interfaceCtx = declaration.interfaceDeclaration();
    if (classCtx) this.classOf(classCtx, modifiers, undefined, startIndex, out);
    else if (interfaceCtx) out.push(this.interfaceOf(interfaceCtx, undefined, startIndex));
    return out;
  }

  private classOf(
    ctx: ClassDeclarationContext,
    modifiers: ModifierContext[],
    outer: ApexClass | undefined,
    startIndex: number,
    out: ApexClass[]
  ): void {
    const simpleName = ctx.id().getText();
    const modifierText = modifiers.map((m) => m.getText().toLowerCase());
    const sharing = modifierText.includes('withoutsharing')
      ? 'without'
      : modifierText.includes('withsharing')
        ? 'with'
        : modifierText.includes('inheritedsharing')
          ? 'inherited'
          : 'unstated';
    const apexClass: ApexClass = {
      name: outer ? `${outer.name}.${simpleName}` : simpleName,
      simpleName,
      outer: outer?.name,
      file: this.file,
      line: ctx.start.line,
      kind: 'class',
      sharing: sharing === 'unstated' && outer ? outer.sharing : sharing,
      isTest: annotationsOf(modifiers).includes('istest') || Boolean(outer?.isTest),
      extendsType: ctx.typeRef() ? ctx.typeRef().getText() : undefined,
      implementsTypes: ctx.typeList()
        ? ctx
            .typeList()
            .typeRef_list()
            .map((t) => t.getText())
        : [],
      fields: new Map(),
      methods: [],
      doc: docBefore(this.source, startIndex)
    };
    out.push(apexClass);
    for (const member of ctx.classBody().classBodyDeclaration_list()) {
      this.memberOf(member, apexClass, out);
    }
  }

  private interfaceOf(
    ctx: InterfaceDeclarationContext,
    outer: ApexClass | undefined,
    startIndex: number
  ): ApexClass {
    const simpleName = ctx.id().getText();
    const apexInterface: ApexClass = {
      name: outer ? `${outer.name}.${simpleName}` : simpleName,
      simpleName,
      outer: outer?.name,
      file: this.file,
      line: ctx.start.line,
      kind: 'interface',
      sharing: 'unstated',
      isTest: Boolean(outer?.isTest),
      implementsTypes: ctx.typeList()
        ? ctx
            .typeList()
            .typeRef_list()
            .map((t) => t.getText())
        : [],
      fields: new Map(),
      methods: [],
      doc: docBefore(this.source, startIndex)
    };
    for (const method of ctx.interfaceBody().interfaceMethodDeclaration_list()) {
      apexInterface.methods.push({
        className: apexInterface.name,
        name: method.id().getText(),
        isConstructor: false,
        isStatic: false,
        annotations: [],
        returnType: method.typeRef() ? method.typeRef().getText() : 'void',
        params: this.paramsOf(method.formalParameters()),
        doc: '',
        line: method.start.line
      });
    }
    return apexInterface;
  }

  private memberOf(member: ClassBodyDeclarationContext, owner: ApexClass, out: ApexClass[]): void {
    const declaration = member.memberDeclaration();
    const modifiers = member.modifier_list();
    const startIndex = member.start.start;
    const isStatic = modifiers.some((m) => m.getText().toLowerCase() === 'static');
    if (!declaration) {
      // A static or instance initializer block: its calls run when the class loads.
      const block = member.block();
      if (block) {
        owner.methods.push({
          className: owner.name,
          name: '<clinit>',
          isConstructor: false,
          isStatic: true,
          annotations: [],
          returnType: 'void',
          params: [],
          body: this.block(block),
          doc: '',
          line: member.start.line
        });
      }
      return;
    }
    const method = declaration.methodDeclaration();
    const constructor = declaration.constructorDeclaration();
    const field = declaration.fieldDeclaration();
    const property = declaration.propertyDeclaration();
    const innerClass = declaration.classDeclaration();
    const innerInterface = declaration.interfaceDeclaration();
    if (method) owner.methods.push(this.methodOf(method, owner, modifiers, isStatic, startIndex));
    else if (constructor) owner.methods.push(this.constructorOf(constructor, owner, startIndex));
    else if (field) this.fieldOf(field, owner, modifiers, isStatic);
    else if (property) this.propertyOf(property, owner, isStatic);
    else if (innerClass) this.classOf(innerClass, modifiers, owner, startIndex, out);
    else if (innerInterface) out.push(this.interfaceOf(innerInterface, owner, startIndex));
  }

  private methodOf(
    ctx: MethodDeclarationContext,
    owner: ApexClass,
    modifiers: ModifierContext[],
    isStatic: boolean,
    startIndex: number
  ): ApexMethod {
    return {
      className: owner.name,
      name: ctx.id().getText(),
      isConstructor: false,
      isStatic,
      annotations: annotationsOf(modifiers),
      returnType: ctx.typeRef() ? ctx.typeRef().getText() : 'void',
      params: this.paramsOf(ctx.formalParameters()),
      body: ctx.block() ? this.block(ctx.block()) : undefined,
      doc: docBefore(this.source, startIndex),
      line: ctx.start.line
    };
  }

  private constructorOf(
    ctx: ConstructorDeclarationContext,
    owner: ApexClass,
    startIndex: number
  ): ApexMethod {
    return {
      className: owner.name,
      name: '<init>',
      isConstructor: true,
      isStatic: false,
      annotations: [],
      returnType: owner.name,
      params: this.paramsOf(ctx.formalParameters()),
      body: this.block(ctx.block()),
      doc: docBefore(this.source, startIndex),
      line: ctx.start.line
    };
  }

  private fieldOf(
    ctx: FieldDeclarationContext,
    owner: ApexClass,
    modifiers: ModifierContext[],
    isStatic: boolean
  ): void {
    const type = ctx.typeRef().getText();
    const isFinal = modifiers.some((m) => m.getText().toLowerCase() === 'final');
    for (const declarator of ctx.variableDeclarators().variableDeclarator_list()) {
      const init = declarator.expression();
      owner.fields.set(declarator.id().getText(), {
        type,
        init: init ? this.expr(init) : undefined,
        isStatic,
        isFinal
      });
    }
  }

  private propertyOf(ctx: PropertyDeclarationContext, owner: ApexClass, isStatic: boolean): void {
    owner.fields.set(ctx.id().getText(), {
      type: ctx.typeRef().getText(),
      isStatic,
      isFinal: false
    });
  }

  private paramsOf(ctx: FormalParametersContext): { name: string; type: string }[] {
    const list = ctx.formalParameterList();
    if (!list) return [];
    return list
      .formalParameter_list()
      .map((p) => ({ name: p.id().getText(), type: p.typeRef().getText() }));
  }

  private block(ctx: BlockContext): Stmt[] {
    return ctx.statement_list().map((s) => this.statement(s));
  }

  private statementsOf(ctx: StatementContext | undefined | null): Stmt[] {
    if (!ctx) return [];
    const stmt = this.statement(ctx);
    return stmt.k === 'block' ? stmt.body : [stmt];
  }

  private statement(ctx: StatementContext): Stmt {
    const line = ctx.start.line;
    const block = ctx.block();
    if (block) return { k: 'block', body: this.block(block), line };
    const ifCtx: IfStatementContext | null = ctx.ifStatement();
    if (ifCtx) {
      const branches = ifCtx.statement_list();
      return {
        k: 'if',
        c: this.expr(ifCtx.parExpression().expression()),
        then: this.statementsOf(branches[0]),
        else: branches[1] ? this.statementsOf(branches[1]) : undefined,
        line
      };
    }
    const local = ctx.localVariableDeclarationStatement();
    if (local) return this.local(local.localVariableDeclaration(), line);
    const expression = ctx.expressionStatement();
    if (expression) return { k: 'expr', e: this.expr(expression.expression()), line };
    const ret: ReturnStatementContext | null = ctx.returnStatement();
    if (ret)
      return { k: 'return', e: ret.expression() ? this.expr(ret.expression()) : undefined, line };
    const thr: ThrowStatementContext | null = ctx.throwStatement();
    if (thr) return { k: 'throw', e: this.expr(thr.expression()), line };
    const tryCtx: TryStatementContext | null = ctx.tryStatement();
    if (tryCtx) {
      return {
        k: 'try',
        body: this.block(tryCtx.block()),
        catches: tryCtx.catchClause_list().map((c) => this.block(c.block())),
        fin: tryCtx.finallyBlock() ? this.block(tryCtx.finallyBlock().block()) : undefined,
        line
      };
    }
    const forCtx: ForStatementContext | null = ctx.forStatement();
    if (forCtx) return this.forLoop(forCtx, line);
    const whileCtx = ctx.whileStatement();
    if (whileCtx) {
      return {
        k: 'loop',
        header: [this.expr(whileCtx.parExpression().expression())],
        vars: [],
        body: this.statementsOf(whileCtx.statement()),
        line
      };
    }
    const doCtx = ctx.doWhileStatement();
    if (doCtx) {
      return {
        k: 'loop',
        header: [this.expr(doCtx.parExpression().expression())],
        vars: [],
        body: this.block(doCtx.block()),
        line
      };
    }
    const switchCtx = ctx.switchStatement();
    if (switchCtx) {
      return {
        k: 'switch',
        e: this.expr(switchCtx.expression()),
        cases: switchCtx.whenControl_list().map((w) => this.block(w.block())),
        line
      };
    }
    const runAs = ctx.runAsStatement();
    if (runAs) return { k: 'block', body: runAs.block() ? this.block(runAs.block()) : [], line };
    const dml = this.dml(ctx);
    if (dml) return dml;
    return { k: 'other', line };
  }

  private dml(ctx: StatementContext): Stmt | undefined {
    const line = ctx.start.line;
    const forms: [
      DmlOperation,
      (
        | InsertStatementContext
        | UpdateStatementContext
        | DeleteStatementContext
        | UpsertStatementContext
        | UndeleteStatementContext
        | null
      )
    ][] = [
      ['insert', ctx.insertStatement()],
      ['update', ctx.updateStatement()],
      ['delete', ctx.deleteStatement()],
      ['upsert', ctx.upsertStatement()],
      ['undelete', ctx.undeleteStatement()]
    ];
    for (const [op, statement] of forms) {
      if (!statement) continue;
      const level = statement.accessLevel();
      const mode = !level ? 'unstated' : level.USER() ? 'user' : 'system';
      return { k: 'dml', op, e: this.expr(statement.expression()), mode, line };
    }
    const merge: MergeStatementContext | null = ctx.mergeStatement();
    if (merge) {
      const level = merge.accessLevel();
      const mode = !level ? 'unstated' : level.USER() ? 'user' : 'system';
      return { k: 'dml', op: 'merge', e: this.expr(merge.expression(0)), mode, line };
    }
    return undefined;
  }

  private local(ctx: LocalVariableDeclarationContext, line: number): Stmt {
    return {
      k: 'local',
      type: ctx.typeRef().getText(),
      vars: ctx
        .variableDeclarators()
        .variableDeclarator_list()
        .map((d) => ({
          name: d.id().getText(),
          init: d.expression() ? this.expr(d.expression()) : undefined
        })),
      line
    };
  }

  private forLoop(ctx: ForStatementContext, line: number): Stmt {
    const control = ctx.forControl();
    const body = this.statementsOf(ctx.statement());
    const enhanced = control.enhancedForControl();
    if (enhanced) {
      return {
        k: 'loop',
        header: [this.expr(enhanced.expression())],
        vars: [{ name: enhanced.id().getText(), type: enhanced.typeRef().getText() }],
        body,
        line
      };
    }
    const header: Expr[] = [];
    const vars: { name: string; type: string }[] = [];
    const init = control.forInit();
    if (init?.localVariableDeclaration()) {
      const local = this.local(init.localVariableDeclaration(), line);
      if (local.k === 'local') {
        for (const v of local.vars) {
          vars.push({ name: v.name, type: local.type });
          if (v.init) header.push(v.init);
        }
      }
    } else if (init?.expressionList()) {
      header.push(...this.exprList(init.expressionList()));
    }
    if (control.expression()) header.push(this.expr(control.expression()));
    if (control.forUpdate()) header.push(...this.exprList(control.forUpdate().expressionList()));
    return { k: 'loop', header, vars, body, line };
  }

  private exprList(ctx: ExpressionListContext | null | undefined): Expr[] {
    return ctx ? ctx.expression_list().map((e) => this.expr(e)) : [];
  }

  expr(ctx: ExpressionContext): Expr {
    const line = ctx.start.line;
    if (ctx instanceof PrimaryExpressionContext) {
      const primary = ctx.primary();
      if (primary instanceof IdPrimaryContext)
        return { k: 'id', name: primary.id().getText(), line };
      if (primary instanceof ThisPrimaryContext) return { k: 'this', line };
      if (primary instanceof SuperPrimaryContext) return { k: 'super', line };
      if (primary instanceof SoqlPrimaryContext) {
        return {
          k: 'soql',
          text: textOf(this.source, primary.soqlLiteral() as unknown as Ctx),
          line
        };
      }
      if (primary instanceof LiteralPrimaryContext) {
        const literal = primary.literal();
        if (literal.StringLiteral()) {
          return { k: 'lit', kind: 'string', value: unquoteApexString(literal.getText()), line };
        }
        if (literal.BooleanLiteral()) {
          return { k: 'lit', kind: 'boolean', value: literal.getText().toLowerCase(), line };
        }
        if (literal.NULL()) return { k: 'lit', kind: 'null', value: 'null', line };
        return { k: 'lit', kind: 'number', value: literal.getText(), line };
      }
      return { k: 'other', parts: [], line };
    }
    if (ctx instanceof DotExpressionContext) {
      const target = this.expr(ctx.expression());
      const call = ctx.dotMethodCall();
      if (call) {
        return {
          k: 'call',
          target,
          name: call.anyId().getText(),
          args: this.exprList(call.expressionList()),
          line
        };
      }
      return { k: 'field', target, name: ctx.anyId().getText(), line };
    }
    if (ctx instanceof MethodCallExpressionContext) {
      const call = ctx.methodCall();
      const args = this.exprList(call.expressionList());
      if (call.id()) return { k: 'call', target: null, name: call.id().getText(), args, line };
      return { k: 'other', parts: args, line };
    }
    if (ctx instanceof NewExpressionContext) {
      const creator = ctx.creator();
      const type = creator.createdName().getText();
      const rest = creator.classCreatorRest();
      const args = rest
        ? this.exprList(rest.arguments().expressionList())
        : this.descendantExpressions(creator as unknown as Ctx);
      return { k: 'new', type, args, line };
    }
    if (ctx instanceof CastExpressionContext) {
      return { k: 'cast', type: ctx.typeRef().getText(), e: this.expr(ctx.expression()), line };
    }
    if (ctx instanceof SubExpressionContext) return this.expr(ctx.expression());
    if (ctx instanceof NegExpressionContext && ctx.BANG()) {
      return { k: 'not', e: this.expr(ctx.expression()), line };
    }
    if (ctx instanceof LogAndExpressionContext || ctx instanceof LogOrExpressionContext) {
      return {
        k: 'bin',
        op: ctx instanceof LogAndExpressionContext ? '&&' : '||',
        l: this.expr(ctx.expression(0)),
        r: this.expr(ctx.expression(1)),
        line
      };
    }
    if (ctx instanceof EqualityExpressionContext) {
      const op = ctx.EQUAL() || ctx.TRIPLEEQUAL() ? '==' : '!=';
      return {
        k: 'bin',
        op,
        l: this.expr(ctx.expression(0)),
        r: this.expr(ctx.expression(1)),
        line
      };
    }
    if (ctx instanceof CondExpressionContext) {
      return {
        k: 'cond',
        c: this.expr(ctx.expression(0)),
        t: this.expr(ctx.expression(1)),
        f: this.expr(ctx.expression(2)),
        line
      };
    }
    return { k: 'other', parts: this.descendantExpressions(ctx as unknown as Ctx), line };
  }

  /** The nearest expressions below a node (not below those expressions). */
  private descendantExpressions(ctx: Ctx): Expr[] {
    const found: Expr[] = [];
    const visit = (node: unknown): void => {
      const children = (node as Ctx).children;
      if (!children) return;
      for (const child of children) {
        if (child instanceof ExpressionContext) found.push(this.expr(child));
        else visit(child);
      }
    };
    visit(ctx);
    return found;
  }
}

function annotationsOf(modifiers: ModifierContext[]): string[] {
  return modifiers
    .filter((m) => m.annotation())
    .map((m) => m.annotation().id().getText().toLowerCase());
}

/** Parses one Apex source; classes (outer first) or undefined when it does not parse. */
export function parseApexClasses(source: string, file: string): ApexClass[] | undefined {
  for (const predictionMode of [SLL, LL]) {
    const listener = new SilentListener();
    const { parser } = ApexParserFactory.createLexerAndParser(source, listener);
    (parser as unknown as { _interp: { predictionMode: number } })._interp.predictionMode =
      predictionMode;
    const unit = parser.compilationUnit();
    if (listener.errors === 0) return new Converter(source, file).classesOf(unit);
  }
  return undefined;
}

/** ANTLR prediction modes: SLL is much faster and exact for almost every input; LL decides the rest. */
const SLL = 0;
const LL = 1;

/** Test classes are left out of the call graph, so they are not even parsed. */
const TEST_CLASS = /^\s*(?:\/\*[\s\S]*?\*\/\s*|\/\/[^\n]*\n\s*)*@istest\b/i;

/** Reads every .cls below `dir` into a model. */
export function readApexModel(dir: string): ApexModel {
  const classes = new Map<string, ApexClass>();
  const unparsed: SourceSite[] = [];
  for (const file of listFiles(dir, (f) => f.endsWith('.cls'))) {
    const source = fs.readFileSync(file, 'utf8');
    if (TEST_CLASS.test(source)) continue;
    const parsed = parseApexClasses(source, file);
    if (!parsed) {
      unparsed.push({ file, line: 1 });
      continue;
    }
    for (const apexClass of parsed) classes.set(apexClass.name, apexClass);
  }
  return { classes, unparsed };
}
