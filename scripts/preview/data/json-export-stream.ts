/**
 * Stream-parses one JSON export file and hands over its records one at a time,
 * so memory stays flat however many records the file holds. Two shapes are read:
 *
 * - `sf data query --json` output: `{ "status": 0, "result": { "totalSize": N,
 *   "done": true, "records": [ ... ] } }`, or a bare query result `{ "records": [...] }`;
 * - `sf data export bulk --result-format json` output: a top-level array of flat
 *   records whose keys are the CSV column names ("Profile.Name") and whose values
 *   are the CSV cells as text (the sf CLI converts the Bulk API CSV with csv-parse).
 *
 * Parsing uses @streamparser/json's tokenizer and token parser with
 * `keepStack: false`, which drops each record from its array once emitted.
 */
import { TokenParser, TokenType, Tokenizer } from '@streamparser/json';
import { readFileInChunks, type ProgressListener } from './file-chunks';
import type { SfRecord } from './sf-export-format';

/** Which shape the file had. */
export type JsonExportShape = 'query-output' | 'bulk-array' | 'other';

/** What was seen besides the records. */
export interface JsonExportSummary {
  shape: JsonExportShape;
  /** `status` of sf --json output, null when absent. */
  status: number | null;
  /** `message` of sf --json error output, null when absent. */
  message: string | null;
  /** `result.totalSize` (or `totalSize` of a bare result), null when absent. */
  totalSize: number | null;
  /** True when a `result.records` (or bare `records`) array was found. */
  hasRecordsArray: boolean;
  /** Records handed over. */
  records: number;
}

const QUERY_OUTPUT_PATHS = [
  '$.status',
  '$.message',
  '$.result.totalSize',
  '$.result.records.*',
  '$.totalSize',
  '$.records.*'
];
const BULK_ARRAY_PATHS = ['$.*'];

type Container = { kind: 'object'; key: string | null; expectKey: boolean } | { kind: 'array' };

/**
 * Follows the token stream just enough to know where a value starts: the
 * top-level shape and whether a records array opens at result.records or records.
 */
class PathWatcher {
  readonly stack: Container[] = [];
  rootToken: TokenType | null = null;
  hasRecordsArray = false;

  see(token: TokenType, value: unknown): void {
    if (this.rootToken === null) this.rootToken = token;
    const top = this.stack[this.stack.length - 1];
    if (top?.kind === 'object' && top.expectKey && token === TokenType.STRING) {
      top.key = value as string;
      top.expectKey = false;
      return;
    }
    switch (token) {
      case TokenType.LEFT_BRACE:
        this.stack.push({ kind: 'object', key: null, expectKey: true });
        return;
      case TokenType.LEFT_BRACKET:
        if (this.isAtRecords()) this.hasRecordsArray = true;
        this.stack.push({ kind: 'array' });
        return;
      case TokenType.RIGHT_BRACE:
      case TokenType.RIGHT_BRACKET:
        this.stack.pop();
        return;
      case TokenType.COMMA:
        if (top?.kind === 'object') top.expectKey = true;
        return;
      default:
        return;
    }
  }

  /** True when the value about to open is $.result.records or $.records. */
  private isAtRecords(): boolean {
    const keys = this.stack.map((container) =>
      container.kind === 'object' ? container.key : null
    );
    if (keys.length === 1) return keys[0] === 'records';
    return keys.length === 2 && keys[0] === 'result' && keys[1] === 'records';
  }
}

function isRecord(value: unknown): value is SfRecord {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Reads `filePath` and calls `onRecord` for each record, in file order.
 * Throws (with the parser's message) when the file is not valid JSON; records
 * handed over before the error stay handed over.
 */
export function streamJsonExport(
  filePath: string,
  displayName: string,
  onRecord: (record: SfRecord, shape: 'query-output' | 'bulk-array') => void,
  progress?: ProgressListener
): JsonExportSummary {
  const summary: JsonExportSummary = {
    shape: 'other',
    status: null,
    message: null,
    totalSize: null,
    hasRecordsArray: false,
    records: 0
  };
  const watcher = new PathWatcher();
  const tokenizer = new Tokenizer();
  let parser: TokenParser | null = null;

  const makeParser = (shape: JsonExportShape): TokenParser => {
    summary.shape = shape;
    const made = new TokenParser({
      paths: shape === 'bulk-array' ? BULK_ARRAY_PATHS : QUERY_OUTPUT_PATHS,
      keepStack: false
    });
    made.onValue = ({ value, key, stack }) => {
      if (shape === 'bulk-array') {
        if (isRecord(value)) {
          summary.records += 1;
          onRecord(value, shape);
        }
        return;
      }
      const depth = stack.length;
      const inRecords = typeof key === 'number';
      if (inRecords) {
        if (isRecord(value)) {
          summary.records += 1;
          onRecord(value, 'query-output');
        }
      } else if (key === 'status' && depth === 1 && typeof value === 'number') {
        summary.status = value;
      } else if (key === 'message' && depth === 1 && typeof value === 'string') {
        summary.message = value;
      } else if (key === 'totalSize' && typeof value === 'number') {
        summary.totalSize = value;
      }
    };
    return made;
  };

  tokenizer.onToken = (info) => {
    // The watcher is only needed until the records array opens (millions of tokens follow).
    if (!watcher.hasRecordsArray) watcher.see(info.token, info.value);
    if (parser === null) {
      parser = makeParser(
        info.token === TokenType.LEFT_BRACKET
          ? 'bulk-array'
          : info.token === TokenType.LEFT_BRACE
            ? 'query-output'
            : 'other'
      );
    }
    parser.write(info);
  };

  readFileInChunks(
    filePath,
    displayName,
    {
      bytes: (chunk) => tokenizer.write(chunk),
      text: (chunk) => tokenizer.write(chunk)
    },
    { progress, records: () => summary.records }
  );
  if (watcher.rootToken === null) throw new Error('the file is empty');
  if (!tokenizer.isEnded) tokenizer.end();
  if (!(parser as TokenParser | null)?.isEnded) throw new Error('the JSON ends too early');
  summary.hasRecordsArray = watcher.hasRecordsArray;
  return summary;
}
