/**
 * Apex syntax check: parses every .cls and .trigger with the Apex ANTLR grammar
 * (@apexdevtools/apex-parser) and reports each syntax error with file and line.
 * The parser's own check() helper missed errors in trials, so errors are collected
 * here from an error listener attached to both lexer and parser.
 *
 * Usage: ts-node scripts/check/apex-syntax.ts [dir ...]   (default: force-app)
 */
import * as fs from 'node:fs';
import { ApexErrorListener, ApexParserFactory } from '@apexdevtools/apex-parser';
import { FORCE_APP, PROJECT_ROOT } from '../lib/paths';
import { Finding, formatFinding, listFiles } from '../lib/files';

class CollectingErrorListener extends ApexErrorListener {
  readonly errors: { line: number; column: number; message: string }[] = [];

  apexSyntaxError(line: number, column: number, msg: string): void {
    this.errors.push({ line, column: column + 1, message: msg });
  }
}

/** Syntax errors of one Apex source text (empty when it parses). */
export function apexSyntaxErrors(source: string, isTrigger: boolean): Omit<Finding, 'file'>[] {
  const listener = new CollectingErrorListener();
  const { parser } = ApexParserFactory.createLexerAndParser(source, listener);
  if (isTrigger) parser.triggerUnit();
  else parser.compilationUnit();
  return listener.errors;
}

/** Syntax errors of every Apex file below the given folders. */
export function checkApexSyntax(dirs: string[]): { files: number; findings: Finding[] } {
  const files = dirs.flatMap((dir) => listFiles(dir, (f) => /\.(cls|trigger)$/.test(f)));
  const findings = files.flatMap((file) =>
    apexSyntaxErrors(fs.readFileSync(file, 'utf8'), file.endsWith('.trigger')).map((error) => ({
      file,
      ...error
    }))
  );
  return { files: files.length, findings };
}

if (require.main === module) {
  const dirs = process.argv.slice(2);
  const { files, findings } = checkApexSyntax(dirs.length ? dirs : [FORCE_APP]);
  for (const finding of findings) console.error(formatFinding(finding, PROJECT_ROOT));
  console.log(`Apex syntax: ${files} files, ${findings.length} errors.`);
  process.exitCode = findings.length ? 1 : 0;
}
