/**
 * The small SOQL subset the integration scripts send, parsed for the stand-in:
 * SELECT <fields, a.b> FROM <object> [WHERE f =|!= literal AND ...]
 * [ORDER BY f [ASC|DESC]] [LIMIT n]. Anything else is a MALFORMED_QUERY, so
 * a script that starts sending other SOQL makes the tests fail loudly.
 */

export type Literal = string | boolean | null;

export interface Condition {
  field: string;
  op: '=' | '!=';
  value: Literal;
}

export interface ParsedQuery {
  fields: string[];
  object: string;
  where: Condition[];
  orderBy: { field: string; descending: boolean } | null;
  limit: number | null;
}

const QUERY =
  /^SELECT\s+(.+?)\s+FROM\s+(\w+)(?:\s+WHERE\s+(.+?))?(?:\s+ORDER\s+BY\s+([\w.]+)(?:\s+(ASC|DESC))?)?(?:\s+LIMIT\s+(\d+))?\s*$/is;
const CONDITION = /^([\w.]+)\s*(=|!=)\s*('(?:[^'\\]|\\.)*'|true|false|null)$/i;

/** A query the stand-in cannot read. */
export class MalformedQueryError extends Error {}

function parseLiteral(token: string): Literal {
  if (/^true$/i.test(token)) return true;
  if (/^false$/i.test(token)) return false;
  if (/^null$/i.test(token)) return null;
  return token.slice(1, -1).replace(/\\(.)/g, '$1');
}

/** Splits a WHERE clause on AND outside string literals. */
function splitConditions(where: string): string[] {
  const parts: string[] = [];
  let current = '';
  let inString = false;
  for (let i = 0; i < where.length; i++) {
    const ch = where[i];
    if (ch === '\\' && inString) {
      current += ch + where[++i];
      continue;
    }
    if (ch === "'") inString = !inString;
    if (!inString && /^\s+AND\s+/i.test(where.slice(i))) {
      parts.push(current.trim());
      i += /^\s+AND\s+/i.exec(where.slice(i))![0].length - 1;
      current = '';
      continue;
    }
    current += ch;
  }
  parts.push(current.trim());
  return parts;
}

/** Parses one query or throws MalformedQueryError. */
export function parseSoql(soql: string): ParsedQuery {
  const match = QUERY.exec(soql.trim());
  if (!match) throw new MalformedQueryError(`unsupported query: ${soql}`);
  const [, fieldList, object, where, orderField, direction, limit] = match;
  const conditions = where
    ? splitConditions(where).map((text) => {
        const c = CONDITION.exec(text);
        if (!c) throw new MalformedQueryError(`unsupported condition: ${text}`);
        return { field: c[1], op: c[2] as '=' | '!=', value: parseLiteral(c[3]) };
      })
    : [];
  return {
    fields: fieldList.split(',').map((f) => f.trim()),
    object,
    where: conditions,
    orderBy: orderField ? { field: orderField, descending: /desc/i.test(direction ?? '') } : null,
    limit: limit ? Number(limit) : null
  };
}
