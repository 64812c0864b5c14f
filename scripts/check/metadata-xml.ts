/**
 * Metadata XML checks that need no org:
 * - well-formedness, with the line of the first error;
 * - every element is one the Metadata API knows for that type, walking the
 *   nested types of jsforce's ApiSchemas (generated from the Metadata API WSDL).
 *   Types the schema predates (e.g. External Client Apps) are reported as
 *   unchecked, never silently passed as valid.
 */
import * as fs from 'node:fs';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ApiSchemas } from '@jsforce/jsforce-node/lib/api/metadata/schema';
import type { Finding } from '../lib/files';

type SchemaProps = Record<string, string | string[] | Record<string, unknown>>;
interface SchemaType {
  type: string;
  props: SchemaProps;
  extends?: string;
}

/**
 * Elements newer than the WSDL jsforce's schema was generated from, each one
 * documented by Salesforce and used in sf-retrieved source (e.g. lwc-recipes'
 * flexipages). Kept short and explicit: anything else unknown still fails.
 */
const SCHEMA_EXTENSIONS: Record<string, SchemaType> = {
  FlexiPageRegion: { type: 'FlexiPageRegion', props: { itemInstances: ['ItemInstance'] } },
  ItemInstance: {
    type: 'ItemInstance',
    props: { componentInstance: '?ComponentInstance', fieldInstance: '?FieldInstance' }
  },
  ComponentInstance: { type: 'ComponentInstance', props: { identifier: '?string' } }
};

const SCHEMAS: Record<string, SchemaType> = {
  ...(ApiSchemas as unknown as Record<string, SchemaType>)
};
for (const [name, extension] of Object.entries(SCHEMA_EXTENSIONS)) {
  const base = SCHEMAS[name];
  SCHEMAS[name] = base ? { ...base, props: { ...base.props, ...extension.props } } : extension;
}
const LEAF_TYPES = new Set([
  'string',
  'boolean',
  'number',
  'any',
  'date',
  'dateTime',
  'double',
  'int'
]);
const ORDERED_NODE = { preserveOrder: true, ignoreAttributes: true, parseTagValue: false } as const;

type OrderedNode = { [tag: string]: OrderedNode[] } | { '#text': string };

/** The props of a schema type, including those of the types it extends. */
function propsOf(typeName: string): SchemaProps | undefined {
  const schema = SCHEMAS[typeName];
  if (!schema) return undefined;
  const inherited = schema.extends ? (propsOf(schema.extends) ?? {}) : {};
  return { ...inherited, ...schema.props };
}

/** The type name a prop declares: "?string" → "string", ["X"] → "X". */
function typeNameOf(declared: SchemaProps[string]): string | undefined {
  if (typeof declared === 'string') return declared.replace(/^\?/, '');
  if (Array.isArray(declared))
    return typeof declared[0] === 'string' ? declared[0].replace(/^\?/, '') : undefined;
  return undefined;
}

function tagOf(node: OrderedNode): string | undefined {
  return Object.keys(node).find((key) => key !== '#text' && key !== ':@' && !key.startsWith('?'));
}

/** Line numbers of each element, in document order, for error messages. */
function elementLines(xml: string): Map<string, number[]> {
  const lines = new Map<string, number[]>();
  xml.split('\n').forEach((text, index) => {
    for (const match of text.matchAll(/<([A-Za-z_][\w.-]*)[\s>/]/g)) {
      const list = lines.get(match[1]) ?? [];
      list.push(index + 1);
      lines.set(match[1], list);
    }
  });
  return lines;
}

export interface XmlCheckResult {
  /** Root element = metadata type name. */
  type: string | null;
  /** False when the schema does not know the type (nothing was checked). */
  checked: boolean;
  findings: Finding[];
}

/** Checks one metadata XML file; see the module comment. */
export function checkMetadataXml(file: string): XmlCheckResult {
  const xml = fs.readFileSync(file, 'utf8');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    return {
      type: null,
      checked: false,
      findings: [
        {
          file,
          line: valid.err.line,
          column: valid.err.col,
          message: `Malformed XML: ${valid.err.msg}`
        }
      ]
    };
  }
  const tree = new XMLParser(ORDERED_NODE).parse(xml) as OrderedNode[];
  const root = tree.find((node) => tagOf(node));
  const type = root ? tagOf(root)! : null;
  if (!root || !type)
    return { type, checked: false, findings: [{ file, line: 1, message: 'No root element' }] };
  if (!SCHEMAS[type]) return { type, checked: false, findings: [] };

  const lines = elementLines(xml);
  const seen = new Map<string, number>();
  const lineOf = (tag: string): number => {
    const index = seen.get(tag) ?? 0;
    seen.set(tag, index + 1);
    return lines.get(tag)?.[index] ?? 1;
  };
  const findings: Finding[] = [];
  const walk = (children: OrderedNode[], typeName: string, trail: string): void => {
    const props = propsOf(typeName);
    for (const child of children) {
      const tag = tagOf(child);
      if (!tag) continue;
      const line = lineOf(tag);
      if (!props) continue;
      if (!(tag in props)) {
        findings.push({
          file,
          line,
          message: `Unknown element <${tag}> in ${trail} (${typeName})`
        });
        continue;
      }
      const childType = typeNameOf(props[tag]);
      const grandChildren = (child as Record<string, OrderedNode[]>)[tag];
      if (childType && !LEAF_TYPES.has(childType) && SCHEMAS[childType]) {
        walk(grandChildren, childType, `${trail}/${tag}`);
      } else {
        // Leaf or opaque element: still consume the line numbers of nested tags.
        const consume = (nodes: OrderedNode[]): void => {
          for (const node of nodes) {
            const nested = tagOf(node);
            if (nested) {
              lineOf(nested);
              consume((node as Record<string, OrderedNode[]>)[nested]);
            }
          }
        };
        consume(grandChildren);
      }
    }
  };
  walk((root as Record<string, OrderedNode[]>)[type], type, type);
  return { type, checked: true, findings };
}
