/**
 * Platform check: enumerated metadata VALUES are ones Salesforce documents.
 *
 * scripts/check/metadata-xml.ts proves every element NAME exists in the
 * Metadata API schema; it accepts any text inside. This check reads the
 * committed table metadata-values.json (each list with the documentation it
 * comes from and how strong that evidence is) and reports every value outside
 * its list: a tab style that does not exist ("Custom62: Clipboard"), a
 * permission name with a typo ("FreezeUser"), a page template Salesforce does
 * not know.
 *
 * It walks every *-meta.xml under the package directories named in
 * sfdx-project.json and under config/external-client-app, and says which
 * other folders hold metadata it did not check.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { listFiles, type Finding } from '../../lib/files';
import type { PlatformCheck, PlatformCheckResult } from './platform-checks';

/** Where a rule's list comes from (see evidenceLevels in the JSON). */
export type Evidence = 'docs' | 'wsdl' | 'salesforce-source' | 'unverified';

export interface Citation {
  url: string;
  /** A short paraphrase or quote of what the page says. */
  says: string;
}

/** One documented enumeration: where it sits in which metadata type, and its values. */
export interface ValueRule {
  /** `Type.path.to.element`, quoted in every finding. */
  id: string;
  /** Root element of the file (the metadata type). */
  type: string;
  /** Element names from the root down to the element holding the value. */
  path: string[];
  /** Allowed values, when they do not depend on another element. */
  values?: string[];
  /** Allowed values chosen by the text of another element (e.g. regions by template). */
  valuesBy?: {
    key: string[];
    /** `fail`: a key value without a list is a finding; `skip`: reported as not checked. */
    onMissingKey: 'fail' | 'skip';
    map: Record<string, string[]>;
  };
  /** Only elements whose sibling `sibling` has this text (e.g. regions of type Region). */
  where?: { sibling: string; equals: string };
  /** The element holds several values separated by this string. */
  separator?: string;
  evidence: Evidence;
  hint?: string;
  note?: string;
  citations: Citation[];
}

export interface ValueTable {
  rules: ValueRule[];
}

/** An element of a metadata file, with the line it starts on. */
interface XmlElement {
  tag: string;
  line: number;
  column: number;
  /** Trimmed, entity-decoded text of a leaf element; '' for elements with children. */
  text: string;
  children: XmlElement[];
}

export const VALUE_TABLE_FILE = path.join(__dirname, 'metadata-values.json');
/** Metadata kept outside the package directories that this check also reads. */
/**
 * Deploy units outside sfdx-project.json's package directories: the External Client App and the
 * integration user's permission set (deployed by `npm run provision`, not with the package).
 */
export const EXTRA_METADATA_DIRS = [path.join('config', 'external-client-app'), 'integration-user'];
/** Top-level folders that never hold deployable metadata (tests keep broken fixtures). */
const NOT_METADATA_DIRS = new Set(['node_modules', 'scripts', 'artifacts', 'coverage']);
/** Lists longer than this are summarised in findings instead of printed whole. */
const MAX_LISTED_VALUES = 12;

/** Reads the committed table. */
export function loadValueTable(file: string = VALUE_TABLE_FILE): ValueTable {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as ValueTable;
}

/** Package directories from sfdx-project.json (force-app when the file is absent), plus EXTRA_METADATA_DIRS. */
export function metadataRoots(projectRoot: string): string[] {
  const projectFile = path.join(projectRoot, 'sfdx-project.json');
  const packageDirs = fs.existsSync(projectFile)
    ? ((
        JSON.parse(fs.readFileSync(projectFile, 'utf8')) as {
          packageDirectories?: { path: string }[];
        }
      ).packageDirectories?.map((dir) => dir.path) ?? [])
    : ['force-app'];
  const roots = [...packageDirs, ...EXTRA_METADATA_DIRS].map((dir) =>
    path.resolve(projectRoot, dir)
  );
  return [...new Set(roots)].filter((dir) => fs.existsSync(dir));
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'"
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X'))
      return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return ENTITIES[name] ?? whole;
  });
}

/**
 * Parses well-formed XML into elements with line numbers. Comments, the
 * declaration and attributes are skipped; CDATA counts as text.
 */
function parseElements(xml: string): XmlElement {
  const lineStarts = [0];
  for (let i = 0; i < xml.length; i++) if (xml[i] === '\n') lineStarts.push(i + 1);
  const position = (offset: number): { line: number; column: number } => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - lineStarts[low] + 1 };
  };
  const document: XmlElement = { tag: '#document', line: 1, column: 1, text: '', children: [] };
  const stack: XmlElement[] = [document];
  const texts: string[][] = [[]];
  const token =
    /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<(\/?)([^\s/>]+)[^>]*?(\/?)>|([^<]+)/g;
  for (const match of xml.matchAll(token)) {
    const [, cdata, closing, tag, selfClosing, text] = match;
    if (text !== undefined) texts[texts.length - 1].push(decodeEntities(text));
    else if (cdata !== undefined) texts[texts.length - 1].push(cdata);
    else if (tag === undefined) continue;
    else if (closing) {
      const element = stack.pop()!;
      const content = texts.pop()!;
      element.text = element.children.length === 0 ? content.join('').trim() : '';
    } else {
      const element: XmlElement = { tag, ...position(match.index), text: '', children: [] };
      stack[stack.length - 1].children.push(element);
      if (!selfClosing) {
        stack.push(element);
        texts.push([]);
      }
    }
  }
  return document;
}

/** Elements reached from `from` by following `names` one child level at a time. */
function descend(from: XmlElement, names: string[]): { element: XmlElement; parent: XmlElement }[] {
  let level = [{ element: from, parent: from }];
  for (const name of names) {
    level = level.flatMap(({ element }) =>
      element.children
        .filter((child) => child.tag === name)
        .map((child) => ({ element: child, parent: element }))
    );
  }
  return level;
}

/** Classic edit distance, for "did you mean" hints. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The documented value the writer most likely meant: same case-insensitive
 * text, the same "CustomNN:" number, or a close spelling; undefined otherwise.
 */
export function closestValue(value: string, allowed: string[]): string | undefined {
  const lower = value.toLowerCase();
  const sameText = allowed.find((candidate) => candidate.toLowerCase() === lower);
  if (sameText) return sameText;
  const prefix = /^([^:]+):/.exec(value)?.[1];
  const samePrefix = prefix && allowed.find((candidate) => candidate.startsWith(`${prefix}:`));
  if (samePrefix) return samePrefix;
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of allowed) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  const tolerance = Math.max(2, Math.floor(value.length / 4));
  return best && best.distance <= tolerance ? best.candidate : undefined;
}

function describeAllowed(allowed: string[]): string {
  return allowed.length <= MAX_LISTED_VALUES
    ? `Allowed: ${allowed.join(', ')}.`
    : `Allowed: one of ${allowed.length} documented values (scripts/check/platform/metadata-values.json).`;
}

function sourceOf(rule: ValueRule): string {
  const [first, ...others] = rule.citations;
  const more = others.length > 0 ? ` (+${others.length} more in metadata-values.json)` : '';
  return `Source (${rule.evidence}): ${first?.url ?? 'none'}${more}`;
}

interface FileResult {
  findings: Finding[];
  checkedValues: number;
  notChecked: string[];
}

/** Checks one file's values against the rules for its root type. */
function checkFile(file: string, rules: ValueRule[], root: string): FileResult {
  const result: FileResult = { findings: [], checkedValues: 0, notChecked: [] };
  const xml = fs.readFileSync(file, 'utf8');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    result.findings.push({
      file,
      line: valid.err.line,
      column: valid.err.col,
      message: `Cannot check metadata values: malformed XML (${valid.err.msg})`
    });
    return result;
  }
  const rootElement = parseElements(xml).children[0];
  if (!rootElement) return result;
  for (const rule of rules.filter((candidate) => candidate.type === rootElement.tag)) {
    for (const { element, parent } of descend(rootElement, rule.path)) {
      if (rule.where) {
        const sibling = parent.children.find((child) => child.tag === rule.where!.sibling);
        if (sibling?.text !== rule.where.equals) continue;
      }
      let allowed = rule.values;
      if (rule.valuesBy) {
        const keyText = descend(rootElement, rule.valuesBy.key)[0]?.element.text ?? '';
        allowed = rule.valuesBy.map[keyText];
        if (!allowed) {
          const what = `${rule.path.join('/')} for ${rule.valuesBy.key.join('/')} '${keyText}'`;
          if (rule.valuesBy.onMissingKey === 'fail')
            result.findings.push({
              file,
              line: element.line,
              column: element.column,
              message: `${rule.type} ${what}: no documented list of values [${rule.id}]. Known: ${Object.keys(rule.valuesBy.map).join(', ')}. Add the list to metadata-values.json with its citation. ${sourceOf(rule)}`
            });
          else
            result.notChecked.push(
              `not checked: ${path.relative(root, file)}:${element.line} ${what} (no documented list) [${rule.id}]`
            );
          continue;
        }
      }
      const values = rule.separator
        ? element.text
            .split(rule.separator)
            .map((part) => part.trim())
            .filter(Boolean)
        : [element.text];
      for (const value of values) {
        result.checkedValues++;
        if (allowed!.includes(value)) continue;
        const guess = closestValue(value, allowed!);
        result.findings.push({
          file,
          line: element.line,
          column: element.column,
          message: [
            `${rule.type} ${rule.path.join('/')}: '${value}' is not a documented value [${rule.id}].`,
            guess ? `Did you mean '${guess}'?` : '',
            describeAllowed(allowed!),
            rule.hint ?? '',
            sourceOf(rule)
          ]
            .filter(Boolean)
            .join(' ')
        });
      }
    }
  }
  return result;
}

/** Top-level folders holding *-meta.xml that none of `roots` covers. */
function uncoveredMetadataDirs(projectRoot: string, roots: string[]): string[] {
  const lines: string[] = [];
  for (const entry of fs.readdirSync(projectRoot, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.') || NOT_METADATA_DIRS.has(entry.name))
      continue;
    const dir = path.join(projectRoot, entry.name);
    const uncovered = listFiles(dir, (file) => file.endsWith('-meta.xml')).filter(
      (file) => !roots.some((root) => file.startsWith(root + path.sep))
    );
    if (uncovered.length > 0)
      lines.push(
        `not checked: ${uncovered.length} metadata file(s) under ${entry.name}/ (not a package directory in sfdx-project.json nor ${EXTRA_METADATA_DIRS.join(', ')})`
      );
  }
  return lines;
}

/** Runs the check over a project root (the repository or a fixture). */
export function checkMetadataValues(
  projectRoot: string,
  table: ValueTable = loadValueTable()
): PlatformCheckResult {
  const roots = metadataRoots(projectRoot);
  const files = roots.flatMap((root) => listFiles(root, (file) => file.endsWith('-meta.xml')));
  const findings: Finding[] = [];
  const notChecked: string[] = [];
  let checkedValues = 0;
  for (const file of files) {
    const result = checkFile(file, table.rules, projectRoot);
    findings.push(...result.findings);
    notChecked.push(...result.notChecked);
    checkedValues += result.checkedValues;
  }
  const unverified = table.rules.filter((rule) => rule.evidence === 'unverified');
  const report = [
    `read: ${roots.map((root) => path.relative(projectRoot, root) || '.').join(', ')}`,
    ...unverified.map((rule) =>
      `unverified list (docs silent, see its note): ${rule.id} — ${rule.hint ?? ''}`.trim()
    ),
    ...notChecked,
    ...uncoveredMetadataDirs(projectRoot, roots)
  ];
  return {
    findings,
    summary: `${checkedValues} enumerated values in ${files.length} files against ${table.rules.length} cited lists (${unverified.length} unverified)`,
    report
  };
}

export const metadataValuesCheck: PlatformCheck = {
  id: 'metadata-values',
  title: 'Metadata values (tab styles, permissions, page templates … against cited lists)',
  run: (projectRoot) => checkMetadataValues(projectRoot)
};
