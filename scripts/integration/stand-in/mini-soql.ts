/**
 * The small SOQL subset the integration scripts send, parsed for the stand-in:
 * SELECT <fields, a.b> | COUNT() FROM <object> [WHERE f op literal AND ...]
 * [ORDER BY f [ASC|DESC]] [LIMIT n], where op is =, != or (for date-times)
 * <, <=, >, >=. Anything else is a MALFORMED_QUERY, so a script that starts
 * sending other SOQL makes the tests fail loudly.
 *
 * Date-time literals are accepted only in the three documented forms,
 * unquoted: YYYY-MM-DDThh:mm:ssZ, YYYY-MM-DDThh:mm:ss+hh:mm and
 * YYYY-MM-DDThh:mm:ss-hh:mm (SOQL and SOSL Reference, "Date Formats and Date
 * Literals in WHERE":
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/api/sforce_api_calls_soql_select_dateformats.htm).
 * Fractional seconds are not in that list, so they are refused here.
 */

/** A date-time literal, as epoch ms. */
export interface DateTimeLiteral {
  dateTime: number;
}

export type Literal = string | boolean | null | DateTimeLiteral;

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

export interface Condition {
  field: string;
  op: ComparisonOperator;
  value: Literal;
}

export interface ParsedQuery {
  fields: string[];
  object: string;
  where: Condition[];
  orderBy: { field: string; descending: boolean } | null;
  limit: number | null;
  /** SELECT COUNT(): set only for a count query. */
  count?: true;
}

const QUERY =
  /^SELECT\s+(.+?)\s+FROM\s+(\w+)(?:\s+WHERE\s+(.+?))?(?:\s+ORDER\s+BY\s+([\w.]+)(?:\s+(ASC|DESC))?)?(?:\s+LIMIT\s+(\d+))?\s*$/is;
const DATE_TIME = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:Z|[+-]\\d{2}:\\d{2})';
const CONDITION = new RegExp(
  `^([\\w.]+)\\s*(=|!=|<=|>=|<|>)\\s*('(?:[^'\\\\]|\\\\.)*'|true|false|null|${DATE_TIME})$`,
  'i'
);
const DATE_TIME_LITERAL = new RegExp(`^${DATE_TIME}$`);

/** A query the stand-in cannot read. */
export class MalformedQueryError extends Error {}

function parseLiteral(token: string): Literal {
  if (DATE_TIME_LITERAL.test(token)) {
    const dateTime = Date.parse(token);
    if (Number.isNaN(dateTime)) throw new MalformedQueryError(`invalid date-time: ${token}`);
    return { dateTime };
  }
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
        const value = parseLiteral(c[3]);
        const op = c[2] as ComparisonOperator;
        if (op !== '=' && op !== '!=' && !(value && typeof value === 'object'))
          throw new MalformedQueryError(`unsupported condition: ${text}`);
        return { field: c[1], op, value };
      })
    : [];
  const isCount = /^COUNT\(\s*\)$/i.test(fieldList.trim());
  return {
    fields: isCount ? [] : fieldList.split(',').map((f) => f.trim()),
    object,
    where: conditions,
    orderBy: orderField ? { field: orderField, descending: /desc/i.test(direction ?? '') } : null,
    limit: limit ? Number(limit) : null,
    ...(isCount ? { count: true as const } : {})
  };
}
