/**
 * Browser side of an `@salesforce/apex/<Class>.<method>` import in the local
 * preview. Like the platform's, the default export is both a function (an
 * imperative call returning a promise) and a wire adapter (its `adapter`
 * property), so components use it unchanged with `@wire` or `await`.
 *
 * Each call is `POST /apex/<Class>.<method>` with the parameters as JSON. A
 * failed call rejects with the platform's error shape
 * (`{ status, statusText, ok: false, body: { message, exceptionType } }`), which
 * the components' error panel already understands.
 *
 * Calls are boxcarred as Salesforce does: "The framework queues up Apex
 * actions before sending them to the server ... When the browser finishes
 * processing events and JavaScript on the client, the enqueued actions on the
 * stack are sent to the server in a batch" (LWC Developer Guide, Batching of
 * Apex Actions: https://developer.salesforce.com/docs/platform/lwc/guide/apex-batched-actions.html).
 * The actions of one boxcar are "processed serially and in order in a separate
 * transaction context" (Salesforce Architects, Boxcarring in Lightning Actions:
 * https://architect.salesforce.com/docs/architect/reference-diagrams/guide/boxcarring-in-lightning-actions.html),
 * and "the server returns the XHR response to the client when all actions
 * have been processed" (Aura Components Developer Guide, Batching of
 * Server-side Actions: https://developer.salesforce.com/docs/platform/aura-platform/guide/controllers-server-actions-batching.html).
 * So the calls a component makes in one task are sent one after the other
 * when the task ends, each with its own limits, and all of them settle
 * together when the last one has answered: calls made "at once" do not run in
 * parallel in the preview either.
 */

/** Path prefix of the local controller endpoints (see the preview server). */
export const APEX_ENDPOINT_PREFIX = '/apex/';

type Params = Record<string, unknown> | undefined | void;

/** The error an Apex call rejects with, shaped like the platform's. */
export interface ApexCallError {
  status: number;
  statusText: string;
  ok: false;
  body: { message: string; exceptionType?: string };
}

interface WireValue {
  data: unknown;
  error: unknown;
}

type DataCallback = (value: WireValue) => void;

/** An Apex import: callable, and a wire adapter through `adapter`. */
export type ApexMethod = ((params?: Params) => Promise<unknown>) & {
  adapter: new (dataCallback: DataCallback) => {
    connect(): void;
    disconnect(): void;
    update(config: Params): void;
  };
};

function networkError(qualifiedName: string, cause: unknown): ApexCallError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return {
    status: 0,
    statusText: 'Network error',
    ok: false,
    body: { message: `${qualifiedName}: the preview server could not be reached (${detail}).` }
  };
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return { message: text };
  }
}

/** Calls one local controller method; resolves its result or rejects with ApexCallError. */
async function sendApexCall(qualifiedName: string, params: Params): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`${APEX_ENDPOINT_PREFIX}${qualifiedName}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(params ?? {})
    });
  } catch (cause) {
    throw networkError(qualifiedName, cause);
  }
  const body = await readJson(response);
  if (response.ok) return body;
  const message =
    body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string'
      ? (body as { message: string }).message
      : `${qualifiedName} failed with HTTP ${response.status}.`;
  const error: ApexCallError = {
    status: response.status,
    statusText: response.statusText,
    ok: false,
    body: { ...(body as object), message }
  };
  throw error;
}

/** One queued call and how to settle it. */
interface QueuedCall {
  qualifiedName: string;
  params: Params;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Runs `flush` when the current task and its promise callbacks are done. */
function afterThisTask(flush: () => void): void {
  setTimeout(flush, 0);
}

/** The calls queued in the current task (see the module comment). */
let boxcar: QueuedCall[] = [];

/** Sends the queued calls one after the other, then settles them all together. */
async function sendBoxcar(): Promise<void> {
  const calls = boxcar;
  boxcar = [];
  const outcomes: Outcome[] = [];
  for (const call of calls) {
    // Sequential on purpose: a boxcar's actions are processed serially.
    try {
      // eslint-disable-next-line no-await-in-loop
      outcomes.push({ ok: true, value: await sendApexCall(call.qualifiedName, call.params) });
    } catch (error) {
      outcomes.push({ ok: false, error });
    }
  }
  calls.forEach((call, index) => {
    const outcome = outcomes[index];
    if (outcome.ok) call.resolve(outcome.value);
    else call.reject(outcome.error);
  });
}

/** Queues a call in this task's boxcar; settles when the whole boxcar has been answered. */
function callApex(qualifiedName: string, params: Params): Promise<unknown> {
  return new Promise((resolve, reject) => {
    boxcar.push({ qualifiedName, params, resolve, reject });
    if (boxcar.length === 1) afterThisTask(() => void sendBoxcar());
  });
}

/**
 * Creates the module value for `@salesforce/apex/<qualifiedName>`.
 * @param qualifiedName `<Class>.<method>`, e.g. `LL_LicenseController.getLicenseSeats`
 */
export function createApexMethod(qualifiedName: string): ApexMethod {
  const method = ((params?: Params) => callApex(qualifiedName, params)) as ApexMethod;

  /** Wire adapter: calls the method whenever the wire's config changes. */
  class ApexWireAdapter {
    private readonly dataCallback: DataCallback;
    private connected = false;
    private latestRequest = 0;

    constructor(dataCallback: DataCallback) {
      this.dataCallback = dataCallback;
    }

    connect(): void {
      this.connected = true;
    }

    disconnect(): void {
      this.connected = false;
    }

    update(config: Params): void {
      const request = ++this.latestRequest;
      const isCurrent = () => this.connected && request === this.latestRequest;
      callApex(qualifiedName, config).then(
        (data) => {
          if (isCurrent()) this.dataCallback({ data, error: undefined });
        },
        (error: unknown) => {
          if (isCurrent()) this.dataCallback({ data: undefined, error });
        }
      );
    }
  }

  method.adapter = ApexWireAdapter;
  return method;
}
