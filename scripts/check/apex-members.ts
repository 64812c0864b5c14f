/**
 * Where things are in an Apex file: every class, method, constructor and property with
 * the lines it spans, its annotations and whether an ApexDoc comment precedes it. The
 * code analyzer steps use it to name the method a finding sits in (the baseline keys on
 * the method, not the line, which moves), to check that a baseline entry's ApexDoc
 * pointer exists, to leave @IsTest classes out of Graph Engine's workspace, and to find
 * asynchronous entry points (Batchable, Queueable, Schedulable, Finalizer).
 *
 * Parsing uses @apexdevtools/apex-parser, the grammar of the apex-syntax step.
 */
import {
  ApexErrorListener,
  ApexParserFactory,
  ClassBodyDeclarationContext,
  ClassDeclarationContext,
  ModifierContext
} from '@apexdevtools/apex-parser';

/** One declaration and the lines it spans (annotations and modifiers included). */
export interface ApexMember {
  /** `Outer`, `Outer.Inner`, `Outer.method`, `Outer.Inner.method`. */
  label: string;
  kind: 'class' | 'interface' | 'enum' | 'method' | 'constructor' | 'property' | 'trigger';
  /** Simple name: the method's or the class's own name. */
  name: string;
  startLine: number;
  endLine: number;
  /** Annotation names, lower case, without `@`. */
  annotations: string[];
  /** Other modifiers, lower case (`global`, `static`, `withoutsharing` …). */
  modifiers: string[];
  /** Types a class implements, as written (`Database.Batchable<SObject>`). */
  implementsTypes: string[];
  /** True when an ApexDoc comment (`/** … *\/`) comes right before the declaration. */
  hasApexDoc: boolean;
}

/** The declarations of one Apex source, outermost first; empty when it does not parse. */
export interface ApexFileMembers {
  parsed: boolean;
  members: ApexMember[];
}

class CountingListener extends ApexErrorListener {
  errors = 0;
  apexSyntaxError(): void {
    this.errors++;
  }
}

/** True when the text before `index` ends with an ApexDoc comment. */
function apexDocBefore(source: string, index: number): boolean {
  const before = source.slice(0, index).trimEnd();
  if (!before.endsWith('*/')) return false;
  const open = before.lastIndexOf('/*');
  return open >= 0 && before.startsWith('/**', open);
}

function annotationsOf(modifiers: ModifierContext[]): string[] {
  return modifiers
    .filter((m) => m.annotation())
    .map((m) => m.annotation().id().getText().toLowerCase());
}

function plainModifiersOf(modifiers: ModifierContext[]): string[] {
  return modifiers.filter((m) => !m.annotation()).map((m) => m.getText().toLowerCase());
}

/** A parse tree node's extent: its first token and its last. */
interface Span {
  start: { line: number; start: number };
  stop?: { line: number } | null;
}

/** Collects declarations from parse trees. */
class MemberCollector {
  readonly members: ApexMember[] = [];

  constructor(private readonly source: string) {}

  member(
    label: string,
    name: string,
    kind: ApexMember['kind'],
    span: Span,
    modifiers: ModifierContext[],
    implementsTypes: string[] = []
  ): void {
    this.members.push({
      label,
      kind,
      name,
      startLine: span.start.line,
      endLine: span.stop?.line ?? span.start.line,
      annotations: annotationsOf(modifiers),
      modifiers: plainModifiersOf(modifiers),
      implementsTypes,
      hasApexDoc: apexDocBefore(this.source, span.start.start)
    });
  }

  classDeclaration(
    ctx: ClassDeclarationContext,
    outer: string | undefined,
    span: Span,
    modifiers: ModifierContext[]
  ): void {
    const name = ctx.id().getText();
    const label = outer ? `${outer}.${name}` : name;
    const implementsTypes = ctx.typeList()
      ? ctx
          .typeList()
          .typeRef_list()
          .map((t) => t.getText())
      : [];
    this.member(label, name, 'class', span, modifiers, implementsTypes);
    for (const body of ctx.classBody().classBodyDeclaration_list()) this.bodyMember(body, label);
  }

  private bodyMember(body: ClassBodyDeclarationContext, owner: string): void {
    const declaration = body.memberDeclaration();
    if (!declaration) return;
    const modifiers = body.modifier_list();
    const method = declaration.methodDeclaration();
    const constructor = declaration.constructorDeclaration();
    const property = declaration.propertyDeclaration();
    const innerClass = declaration.classDeclaration();
    const innerInterface = declaration.interfaceDeclaration();
    const innerEnum = declaration.enumDeclaration();
    if (method) {
      const name = method.id().getText();
      this.member(`${owner}.${name}`, name, 'method', body, modifiers);
    } else if (constructor) {
      const ids = constructor.qualifiedName().id_list();
      const name = ids[ids.length - 1].getText();
      this.member(`${owner}.${name}`, name, 'constructor', body, modifiers);
    } else if (property) {
      const name = property.id().getText();
      this.member(`${owner}.${name}`, name, 'property', body, modifiers);
    } else if (innerClass) {
      this.classDeclaration(innerClass, owner, body, modifiers);
    } else if (innerInterface) {
      const name = innerInterface.id().getText();
      this.member(`${owner}.${name}`, name, 'interface', body, modifiers);
    } else if (innerEnum) {
      const name = innerEnum.id().getText();
      this.member(`${owner}.${name}`, name, 'enum', body, modifiers);
    }
  }
}

/** The declarations of an Apex class or trigger source. */
export function apexMembersOf(source: string, isTrigger = false): ApexFileMembers {
  const listener = new CountingListener();
  const { parser } = ApexParserFactory.createLexerAndParser(source, listener);
  const collector = new MemberCollector(source);
  if (isTrigger) {
    const unit = parser.triggerUnit();
    if (listener.errors === 0) {
      const name = unit.id(0).getText();
      collector.member(name, name, 'trigger', unit, []);
    }
  } else {
    const unit = parser.compilationUnit();
    const declaration = listener.errors === 0 ? unit.typeDeclaration() : null;
    if (declaration) {
      const modifiers = declaration.modifier_list();
      const classCtx = declaration.classDeclaration();
      const interfaceCtx = declaration.interfaceDeclaration();
      const enumCtx = declaration.enumDeclaration();
      if (classCtx) {
        collector.classDeclaration(classCtx, undefined, declaration, modifiers);
      } else if (interfaceCtx) {
        const name = interfaceCtx.id().getText();
        collector.member(name, name, 'interface', declaration, modifiers);
      } else if (enumCtx) {
        const name = enumCtx.id().getText();
        collector.member(name, name, 'enum', declaration, modifiers);
      }
    }
  }
  return { parsed: listener.errors === 0, members: collector.members };
}

/**
 * The label of the innermost declaration spanning `line`: the method, constructor or
 * property it sits in, else the class. `(file)` when no declaration spans it (a comment
 * above the class, or a file that did not parse).
 */
export function memberLabelAt(members: ApexMember[], line: number): string {
  let best: ApexMember | undefined;
  for (const member of members) {
    if (line < member.startLine || line > member.endLine) continue;
    const span = member.endLine - member.startLine;
    if (!best || span <= best.endLine - best.startLine) best = member;
  }
  return best ? best.label : '(file)';
}

/** True when the file's outermost class is annotated @IsTest. */
export function isTestClass(file: ApexFileMembers): boolean {
  const outer = file.members[0];
  return Boolean(outer && outer.kind === 'class' && outer.annotations.includes('istest'));
}
