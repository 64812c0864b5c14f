/**
 * The governor limits of one Apex transaction, enforced per call of the local
 * controller, so that a read the org would refuse fails in the preview (and in
 * `npm test`) too. Each limit cites the Salesforce documentation it comes from.
 * The local controller reports every simulated SOQL query here, with the rows
 * it touches, exactly where the Apex it mirrors runs that query.
 */
import { ApexError } from './apex-error';

/**
 * Per-transaction limits (Apex Developer Guide, "Execution Governors and Limits":
 * https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_gov_limits.htm):
 * 100 SOQL queries and 50,000 rows retrieved by SOQL queries per synchronous transaction.
 * Aggregate queries count every row they aggregate ("Working with SOQL Aggregate Functions").
 * An aggregate query read in a SOQL for-loop may return at most 2,000 rows ("SOQL For Loops":
 * https://developer.salesforce.com/docs/platform/apex-dev/references/apex-dev/langcon-apex-loops-for-soql.html).
 */
export const APEX_LIMITS = Object.freeze({
  soqlQueries: 100,
  queryRows: 50_000,
  aggregateRowsInForLoop: 2_000,
  /**
   * "Total heap size: 6 MB" for synchronous Apex (same page). An @AuraEnabled
   * method's answer is built in the heap before the framework serialises it,
   * so its JSON text is a lower bound on the heap the answer needed: an answer
   * longer than this cannot have been returned. Counted as 6,000,000 bytes,
   * the stricter reading of "6 MB".
   */
  heapBytes: 6_000_000
});

/**
 * The JSON an Apex method's answer is sent as, refused as Salesforce would
 * refuse it: an answer whose JSON text is longer than the synchronous heap
 * (APEX_LIMITS.heapBytes) fails the call with System.LimitException.
 * @param qualifiedName `<Class>.<method>`, for the message
 * @param answer what the method returned
 * @throws ApexError (500, System.LimitException) when the answer is too large
 */
export function serializeApexAnswer(qualifiedName: string, answer: unknown): string {
  const json = JSON.stringify(answer) ?? 'null';
  if (json.length > APEX_LIMITS.heapBytes) {
    throw limitError(
      `Apex heap size too large: ${qualifiedName} answered ${json.length} characters of JSON, ` +
        `more than the ${APEX_LIMITS.heapBytes}-byte synchronous heap can hold.`
    );
  }
  return json;
}

/** One simulated SOQL query. */
export interface SoqlUse {
  /** What it reads, for the error message (e.g. "LoginHistory aggregate"). */
  label: string;
  /** Rows it touches: rows returned, or for an aggregate every row aggregated. */
  rowsTouched: number;
  /** For an aggregate query read in a for-loop: the rows (groups) the loop receives. */
  aggregateRowsInForLoop?: number;
}

/** What one call used, for benchmarks and tests. */
export interface TransactionUse {
  queries: number;
  queryRows: number;
  /** The most rows a single query touched. */
  maxQueryRows: number;
}

/** One Apex transaction's limits and what it has used so far. */
export class ApexTransaction {
  private queries = 0;
  private queryRows = 0;
  private maxQueryRows = 0;
  private readonly queryLog: SoqlUse[] = [];

  /**
   * Counts one SOQL query.
   * @throws ApexError (500, System.LimitException / System.QueryException) past a limit,
   * as Salesforce would fail the transaction
   */
  soql(use: SoqlUse): void {
    this.queries += 1;
    if (this.queries > APEX_LIMITS.soqlQueries) {
      throw limitError(`Too many SOQL queries: ${this.queries}`);
    }
    const inLoop = use.aggregateRowsInForLoop;
    if (inLoop !== undefined && inLoop > APEX_LIMITS.aggregateRowsInForLoop) {
      throw new ApexError(
        `${use.label}: an aggregate query returned ${inLoop} rows in a SOQL for loop ` +
          `(more than ${APEX_LIMITS.aggregateRowsInForLoop} is a run-time exception).`,
        500,
        'System.QueryException'
      );
    }
    this.queryLog.push({ ...use });
    this.queryRows += use.rowsTouched;
    this.maxQueryRows = Math.max(this.maxQueryRows, use.rowsTouched);
    if (this.queryRows > APEX_LIMITS.queryRows) {
      throw limitError(`Too many query rows: ${this.queryRows}`);
    }
  }

  /** Rows still available to SOQL in this transaction. */
  remainingRows(): number {
    return APEX_LIMITS.queryRows - this.queryRows;
  }

  /** Every query counted so far, in order (a failed one included). */
  log(): readonly SoqlUse[] {
    return [...this.queryLog];
  }

  use(): TransactionUse {
    return { queries: this.queries, queryRows: this.queryRows, maxQueryRows: this.maxQueryRows };
  }
}

function limitError(message: string): ApexError {
  return new ApexError(message, 500, 'System.LimitException');
}
