/**
 * A stand-in for the Salesforce endpoints the integration scripts use, served
 * on 127.0.0.1 (ephemeral port) over a FakeOrg, reproducing the documented
 * request and response shapes:
 * - POST /services/oauth2/token (client_credentials; fake-oauth.ts)
 * - GET  /services/oauth2/userinfo                  the token's user (what `sf org login access-token` reads)
 * - GET  /services/data/vXX.X/sobjects/User/<id>    the caller's own User record (the same command reads Username)
 * - GET  /services/data/vXX.X/query?q=…            {totalSize, done, records}
 * - GET  /services/data/vXX.X/sobjects/<T>/describe {name, fields:[{name}]}
 * - POST /services/data/vXX.X/sobjects/<T>          201 {id, success, errors}
 * - PATCH /services/data/vXX.X/sobjects/<T>/<id>    204
 * - POST /services/data/vXX.X/composite             {compositeResponse:[…]}
 * - GET  /services/data/vXX.X/limits                {DailyApiRequests:{Max, Remaining}}
 *   (and every /services/data answer carries Sforce-Limit-Info: api-usage=<used>/<max>)
 * - POST /services/data/vXX.X/metadata/deployRequest (multipart zip) 201 {id, deployResult}
 * - GET  /services/data/vXX.X/metadata/deployRequest/<id>?includeDetails=true
 * With an ExportOrg (startStandIn's second argument), also the seven export
 * objects through REST query (2,000-record batches, query locators) and Bulk
 * API 2.0 query jobs (export-routes.ts).
 * Errors use Salesforce's body `[{message, errorCode, fields}]`. Every request
 * is recorded; faults drop a connection before or after a request is applied,
 * or halfway through its answer.
 *
 * /limits: "This resource is available in REST API version 29.0 and later for
 * API users with the View Setup and Configuration permission"
 * (https://developer.salesforce.com/docs/atlas.en-us.224.0.api_rest.meta/api/resources_limits.htm);
 * without it a stand-in with export data answers 403 INSUFFICIENT_ACCESS (the code is
 * unverified; the provisioning-only stand-in does not check it yet).
 * Every request to /services/data counts toward DailyApiRequests, Bulk API 2.0
 * and /limits requests included: the documentation found does not say that
 * any of them is free, so the stand-in takes the strict side (unverified).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { applyDeploy, unzip } from './fake-deploy';
import { issueClientCredentialsToken, OAuthError } from './fake-oauth';
import { ApiError, type FakeOrg, type Row } from './fake-org';
import { MalformedQueryError, parseSoql } from './mini-soql';
import type { ExportOrg } from './export-org';
import { ExportRoutes, BULK_QUERY_JOBS_PER_DAY } from './export-routes';

/** One request the stand-in received. */
export interface RecordedRequest {
  method: string;
  path: string;
  /** The SOQL of a query request. */
  soql?: string;
  /** Parsed JSON body, or form fields of the token request. */
  body?: unknown;
  userId?: string;
}

/** Drop the connection of the next request(s) matching method and path. */
export interface Fault {
  method: string;
  path: RegExp;
  /**
   * before: the org never sees it; after: the org applies it, the answer is
   * lost; mid-body: the status line, headers and half the answer arrive, then
   * the connection drops.
   */
  when: 'before' | 'after' | 'mid-body';
  times: number;
}

/** A running stand-in. */
export interface StandIn {
  url: string;
  org: FakeOrg;
  requests: RecordedRequest[];
  /** Access token of the admin user (as if `sf org login` had run). */
  adminToken: string;
  addFault(fault: Fault): void;
  /** Export-object routes (REST query paging, Bulk API 2.0 jobs), when started with an ExportOrg. */
  exportRoutes: ExportRoutes | null;
  /** Ends every session: later requests answer 401 INVALID_SESSION_ID. */
  expireSessions(): void;
  /**
   * Whether answers carry Sforce-Limit-Info ("returned in each request to REST API",
   * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_api_usage.htm);
   * on by default. Whether Bulk API 2.0 answers carry it is unverified: the stand-in sends
   * it on every /services/data answer, and tests switch it off to see the /limits fallback.
   */
  sendLimitInfo(on: boolean): void;
  /** A session for a user of the org (as if that user had logged in through the sf CLI). */
  issueToken(userId: string): string;
  close(): Promise<void>;
}

const DATA_PREFIX = /^\/services\/data\/v(\d+\.\d+)(\/.*)$/;
const ADMIN_TOKEN = 'stand-in-admin-session';
const HTTP_OK = 200;
const HTTP_CREATED = 201;
const HTTP_NO_CONTENT = 204;
const HTTP_BAD_REQUEST = 400;
const HTTP_UNAUTHORIZED = 401;
const HTTP_FORBIDDEN = 403;
const HTTP_NOT_FOUND = 404;
const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

interface Reply {
  status: number;
  body?: unknown;
  /** A text answer (CSV) with its own headers, instead of a JSON body. */
  text?: string;
  /** A text answer generated piece by piece (long CSV results). */
  chunks?: Iterable<string>;
  headers?: Record<string, string>;
  /** Sforce-Limit-Info of a counted /services/data request. */
  limitInfo?: string;
}

/** Writes generated pieces, waiting for the socket to drain, then ends the answer. */
function writeChunks(res: http.ServerResponse, chunks: Iterable<string>): void {
  const iterator = chunks[Symbol.iterator]();
  const pump = (): void => {
    for (;;) {
      const next = iterator.next();
      if (next.done) {
        res.end();
        return;
      }
      if (!res.write(next.value)) {
        res.once('drain', pump);
        return;
      }
    }
  };
  res.on('close', () => iterator.return?.());
  pump();
}

function errorBody(error: ApiError): Reply {
  return {
    status: error.status,
    body: [{ message: error.message, errorCode: error.errorCode, fields: error.fields }]
  };
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The `file` part of a multipart/form-data body. */
function multipartFile(body: Buffer, contentType: string): Buffer {
  const boundary = /boundary=([^;]+)/.exec(contentType)?.[1];
  if (!boundary) throw new ApiError(HTTP_BAD_REQUEST, 'INVALID_MULTIPART_REQUEST', 'no boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, headerEnd).toString();
    if (/name="file"/.test(headers)) return part.subarray(headerEnd + 4);
    start = next;
  }
  throw new ApiError(HTTP_BAD_REQUEST, 'INVALID_MULTIPART_REQUEST', 'no file part');
}

function selectFields(
  org: FakeOrg,
  object: string,
  row: Row,
  fields: string[],
  base: string
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    attributes: { type: object, url: `${base}/sobjects/${object}/${row.Id}` }
  };
  for (const field of fields) {
    const [head, tail] = field.split('.');
    if (tail) {
      // Several fields of one relationship share one nested record, as Salesforce returns them.
      const related = org.related(object, row, head);
      const nested = out[head] as Record<string, unknown> | null | undefined;
      out[head] = related
        ? {
            ...(nested ?? {
              attributes: { type: head, url: `${base}/sobjects/${head}/${related.Id}` }
            }),
            [tail]: related[tail]
          }
        : null;
    } else if (head in row) {
      out[head] = row[head];
    } else {
      throw new ApiError(
        HTTP_BAD_REQUEST,
        'INVALID_FIELD',
        `No such column '${head}' on entity '${object}'.`
      );
    }
  }
  return out;
}

function matches(
  org: FakeOrg,
  object: string,
  row: Row,
  field: string,
  op: '=' | '!=',
  value: unknown
): boolean {
  const [head, tail] = field.split('.');
  const actual: unknown = tail ? org.related(object, row, head)?.[tail] : row[head];
  if (!tail && !(head in row))
    throw new ApiError(
      HTTP_BAD_REQUEST,
      'INVALID_FIELD',
      `No such column '${head}' on entity '${object}'.`
    );
  return op === '=' ? actual === value : actual !== value;
}

function runQuery(org: FakeOrg, soql: string, userId: string, base: string): Reply {
  let query;
  try {
    query = parseSoql(soql);
  } catch (error) {
    if (error instanceof MalformedQueryError)
      throw new ApiError(HTTP_BAD_REQUEST, 'MALFORMED_QUERY', error.message);
    throw error;
  }
  if (query.count || query.where.some((c) => c.op !== '=' && c.op !== '!=')) {
    throw new ApiError(
      HTTP_BAD_REQUEST,
      'MALFORMED_QUERY',
      `the stand-in models COUNT() and date-time comparisons only on export objects: ${soql}`
    );
  }
  const rowsOfObject =
    query.object === 'UserRecordAccess'
      ? org.userRecordAccessRows(query.where, userId)
      : org.visibleRows(query.object, userId);
  // Fields with their own access rule (FIELD_ACCESS_RULES), wherever the query names them.
  for (const field of [
    ...query.fields,
    ...query.where.map((c) => c.field),
    ...(query.orderBy ? [query.orderBy.field] : [])
  ]) {
    if (!field.includes('.')) org.checkFieldAccess(query.object, field, userId);
  }
  let rows = rowsOfObject.filter((row) =>
    query.where.every((c) =>
      matches(org, query.object, row, c.field, c.op === '=' ? '=' : '!=', c.value)
    )
  );
  if (query.orderBy) {
    const { field, descending } = query.orderBy;
    rows = [...rows].sort(
      (a, b) => String(a[field]).localeCompare(String(b[field])) * (descending ? -1 : 1)
    );
  }
  if (query.limit !== null) rows = rows.slice(0, query.limit);
  const records = rows.map((row) => selectFields(org, query.object, row, query.fields, base));
  return { status: HTTP_OK, body: { totalSize: records.length, done: true, records } };
}

function deployStatus(org: FakeOrg, id: string, base: string): Reply {
  const deploy = org.state.deploys[id];
  if (!deploy)
    return {
      status: HTTP_NOT_FOUND,
      body: [{ errorCode: 'NOT_FOUND', message: `No deploy ${id}` }]
    };
  const done = deploy.pollsLeft <= 0;
  deploy.pollsLeft -= 1;
  const components = Object.keys(deploy.files).filter((f) => f !== 'package.xml');
  return {
    status: HTTP_OK,
    body: {
      id,
      url: `${base}/metadata/deployRequest/${id}`,
      deployResult: {
        id,
        done,
        status: done ? (deploy.success ? 'Succeeded' : 'Failed') : 'InProgress',
        success: done && deploy.success,
        checkOnly: false,
        numberComponentsTotal: components.length,
        numberComponentsDeployed: done && deploy.success ? components.length : 0,
        numberComponentErrors: deploy.failures.length,
        details: {
          componentSuccesses: [],
          componentFailures: done
            ? deploy.failures.map((f) => ({ ...f, problemType: 'Error', success: false }))
            : []
        }
      }
    }
  };
}

/** Handles one /services/data request (also composite sub-requests). */
async function handleData(
  org: FakeOrg,
  method: string,
  resource: string,
  search: URLSearchParams,
  body: unknown,
  rawBody: Buffer,
  contentType: string,
  userId: string,
  base: string,
  exportRoutes: ExportRoutes | null = null
): Promise<Reply> {
  const describe = /^\/sobjects\/(\w+)\/describe$/.exec(resource);
  const sobject = describe ? null : /^\/sobjects\/(\w+)(?:\/(\w+))?$/.exec(resource);
  if (method === 'GET' && resource === '/query')
    return runQuery(org, search.get('q') ?? '', userId, base);
  if (method === 'GET' && resource === '/limits') {
    // Enforced on stand-ins with export data only for now: verify-integration's test of a
    // permission set without ViewSetup reads /limits and expects to get past it (see the report).
    if (exportRoutes && !org.permissionsOf(userId).has('ViewSetup')) {
      throw new ApiError(
        403,
        'INSUFFICIENT_ACCESS',
        'The /limits resource needs View Setup and Configuration.'
      );
    }
    return {
      status: HTTP_OK,
      body: {
        DailyApiRequests: {
          Max: org.state.apiMax,
          Remaining: org.state.apiMax - org.state.apiUsed
        },
        DailyBulkV2QueryJobs: {
          Max: BULK_QUERY_JOBS_PER_DAY,
          Remaining: BULK_QUERY_JOBS_PER_DAY - (exportRoutes?.bulkJobsToday ?? 0)
        }
      }
    };
  }
  if (method === 'GET' && describe) {
    return {
      status: HTTP_OK,
      body: {
        name: describe[1],
        fields: org.describeFields(describe[1], userId).map((name) => ({ name }))
      }
    };
  }
  if (method === 'GET' && sobject?.[1] === 'User' && sobject[2]) {
    return userRecord(org, sobject[2], userId, base);
  }
  if (method === 'POST' && sobject && !sobject[2]) {
    const id = org.create(sobject[1], body as Record<string, unknown>, userId);
    return { status: HTTP_CREATED, body: { id, success: true, errors: [] } };
  }
  if (method === 'PATCH' && sobject?.[2]) {
    org.update(sobject[1], sobject[2], body as Record<string, unknown>, userId);
    return { status: HTTP_NO_CONTENT };
  }
  if (method === 'POST' && resource === '/composite') return composite(org, body, userId, base);
  if (method === 'POST' && resource === '/metadata/deployRequest') {
    org.requireDeployRights(userId);
    const deploy = applyDeploy(org, await unzip(multipartFile(rawBody, contentType)));
    return {
      status: HTTP_CREATED,
      body: { id: deploy.id, deployResult: { id: deploy.id, done: false, status: 'Pending' } }
    };
  }
  const deployId = /^\/metadata\/deployRequest\/(\w+)$/.exec(resource);
  if (method === 'GET' && deployId) return deployStatus(org, deployId[1], base);
  return {
    status: HTTP_NOT_FOUND,
    body: [{ errorCode: 'NOT_FOUND', message: `The stand-in has no ${method} ${resource}` }]
  };
}

interface SubRequest {
  method: string;
  url: string;
  referenceId: string;
  body?: unknown;
}

const HALTED = {
  errorCode: 'PROCESSING_HALTED',
  message: 'The transaction was rolled back since another operation in the same transaction failed.'
};

/** POST /composite with allOrNone: runs sub-requests in order, rolls back all on a failure. */
async function composite(
  org: FakeOrg,
  body: unknown,
  userId: string,
  base: string
): Promise<Reply> {
  const { allOrNone, compositeRequest } = body as {
    allOrNone?: boolean;
    compositeRequest: SubRequest[];
  };
  const saved = org.snapshot();
  const replies: { referenceId: string; reply: Reply }[] = [];
  let failed = false;
  for (const sub of compositeRequest) {
    if (failed && allOrNone) {
      replies.push({
        referenceId: sub.referenceId,
        reply: { status: HTTP_BAD_REQUEST, body: [HALTED] }
      });
      continue;
    }
    const url = new URL(sub.url, base);
    const resource = DATA_PREFIX.exec(url.pathname)?.[2] ?? url.pathname;
    let reply: Reply;
    try {
      reply = await handleData(
        org,
        sub.method,
        resource,
        url.searchParams,
        sub.body,
        Buffer.alloc(0),
        '',
        userId,
        base
      );
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      reply = errorBody(error);
    }
    if (reply.status >= HTTP_BAD_REQUEST) failed = true;
    replies.push({ referenceId: sub.referenceId, reply });
  }
  if (failed && allOrNone) {
    org.restore(saved);
    for (const r of replies)
      if (r.reply.status < HTTP_BAD_REQUEST) r.reply = { status: HTTP_BAD_REQUEST, body: [HALTED] };
  }
  return {
    status: HTTP_OK,
    body: {
      compositeResponse: replies.map(({ referenceId, reply }) => ({
        body: reply.body ?? null,
        httpHeaders: {},
        httpStatusCode: reply.status,
        referenceId
      }))
    }
  };
}

/** The access token of an `Authorization: Bearer <token>` header ('' without one). */
function bearerToken(req: http.IncomingMessage): string {
  return String(req.headers.authorization ?? '').replace(/^Bearer /, '');
}

/**
 * GET /services/oauth2/userinfo: "information about the user associated with the
 * ... access token ... only for the current user"
 * (https://help.salesforce.com/HTViewHelpDoc?id=remoteaccess_using_userinfo_endpoint.htm),
 * in its OpenID Connect fields (sub, user_id, organization_id, preferred_username).
 * An unknown token answers 403 Bad_OAuth_Token (the status and text are unverified).
 */
function userInfo(org: FakeOrg, userId: string | undefined, base: string): Reply {
  const user = userId ? org.state.users.find((row) => row.Id === userId) : undefined;
  if (!userId || !user) {
    return {
      status: HTTP_FORBIDDEN,
      text: 'Bad_OAuth_Token',
      headers: { 'content-type': 'text/plain' }
    };
  }
  return {
    status: HTTP_OK,
    body: {
      sub: `${base}/id/${org.state.orgId}/${userId}`,
      user_id: userId,
      organization_id: org.state.orgId,
      preferred_username: user.Username,
      email: user.Email ?? null,
      name: user.LastName ?? null
    }
  };
}

/**
 * GET /sobjects/User/<id>: the caller's own User record, or any with View All
 * Users; otherwise NOT_FOUND, as for a record the caller cannot see.
 */
function userRecord(org: FakeOrg, id: string, userId: string, base: string): Reply {
  const user = org.state.users.find((row) => row.Id === id);
  const visible = user && (id === userId || org.permissionsOf(userId).has('ViewAllUsers'));
  if (!visible) {
    return {
      status: HTTP_NOT_FOUND,
      body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]
    };
  }
  const { Id, Username, Email, LastName, ProfileId, IsActive } = user;
  return {
    status: HTTP_OK,
    body: {
      attributes: { type: 'User', url: `${base}/sobjects/User/${Id}` },
      Id,
      Username,
      Email,
      LastName,
      ProfileId,
      IsActive
    }
  };
}

/** Starts the stand-in on 127.0.0.1 with an ephemeral port. */
export async function startStandIn(org: FakeOrg, exportOrg?: ExportOrg): Promise<StandIn> {
  const exportRoutes = exportOrg ? new ExportRoutes(exportOrg) : null;
  const requests: RecordedRequest[] = [];
  const faults: Fault[] = [];
  const tokens = new Map<string, string>([[ADMIN_TOKEN, org.adminId]]);
  const limitInfo = { on: true };
  let base = '';

  const takeFault = (method: string, path: string): Fault | undefined => {
    const fault = faults.find((f) => f.times > 0 && f.method === method && f.path.test(path));
    if (fault) fault.times -= 1;
    return fault;
  };

  const handle = async (req: http.IncomingMessage): Promise<Reply> => {
    const url = new URL(req.url ?? '/', base);
    const method = req.method ?? 'GET';
    const rawBody = await readBody(req);
    const contentType = String(req.headers['content-type'] ?? '');
    const record: RecordedRequest = { method, path: url.pathname };
    requests.push(record);
    if (method === 'POST' && url.pathname === '/services/oauth2/token') {
      // The documented request is a form (Content-Type: application/x-www-form-urlencoded,
      // https://help.salesforce.com/apex/HTViewHelpDoc?id=service.conversation_transcript_api_sample1.htm):
      // any other body carries no grant_type here.
      const form = contentType.toLowerCase().startsWith(FORM_CONTENT_TYPE);
      const params = new URLSearchParams(form ? rawBody.toString() : '');
      record.body = Object.fromEntries(params);
      try {
        const { accessToken, userId } = issueClientCredentialsToken(org, params);
        tokens.set(accessToken, userId);
        return {
          status: HTTP_OK,
          body: {
            access_token: accessToken,
            instance_url: base,
            id: `${base}/id/${org.state.orgId}/${userId}`,
            token_type: 'Bearer',
            scope: 'api',
            issued_at: String(Date.now()),
            signature: 'stand-in'
          }
        };
      } catch (error) {
        if (!(error instanceof OAuthError)) throw error;
        return {
          status: error.status,
          body: { error: error.error, error_description: error.description }
        };
      }
    }
    if (method === 'GET' && url.pathname === '/services/oauth2/userinfo') {
      return userInfo(org, tokens.get(bearerToken(req)), base);
    }
    const data = DATA_PREFIX.exec(url.pathname);
    if (!data)
      return { status: HTTP_NOT_FOUND, body: [{ errorCode: 'NOT_FOUND', message: 'not found' }] };
    const userId = tokens.get(bearerToken(req));
    if (!userId) {
      return {
        status: HTTP_UNAUTHORIZED,
        body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]
      };
    }
    record.userId = userId;
    if (url.searchParams.has('q')) record.soql = url.searchParams.get('q') ?? '';
    const isJson = contentType.includes('application/json') && rawBody.length;
    record.body = isJson ? JSON.parse(rawBody.toString()) : undefined;
    org.countApiRequest();
    const dataBase = `${base}/services/data/v${data[1]}`;
    const exportReply = exportRoutes?.route(
      method,
      data[2],
      url.searchParams,
      record.body,
      userId,
      data[1],
      dataBase
    );
    const reply =
      exportReply ??
      (await handleData(
        org,
        method,
        data[2],
        url.searchParams,
        record.body,
        rawBody,
        contentType,
        userId,
        dataBase,
        exportRoutes
      ));
    // The Limit Info header, on each answer of a counted request (this one included).
    return limitInfo.on
      ? { ...reply, limitInfo: `api-usage=${org.state.apiUsed}/${org.state.apiMax}` }
      : reply;
  };

  const server = http.createServer((req, res) => {
    const fault = takeFault(req.method ?? 'GET', new URL(req.url ?? '/', 'http://x').pathname);
    if (fault?.when === 'before') {
      req.socket.destroy();
      return;
    }
    handle(req)
      .catch((error: unknown) => {
        if (error instanceof ApiError) return errorBody(error);
        return { status: 500, body: [{ errorCode: 'UNKNOWN_EXCEPTION', message: String(error) }] };
      })
      .then((reply) => {
        if (reply.limitInfo) res.setHeader('Sforce-Limit-Info', reply.limitInfo);
        if (fault?.when === 'after') {
          req.socket.destroy();
          return;
        }
        if (reply.chunks && fault?.when !== 'mid-body') {
          // A long CSV answer is sent as it is generated (chunked), not built whole first.
          res.writeHead(reply.status, reply.headers ?? {});
          writeChunks(res, reply.chunks);
          return;
        }
        const text =
          reply.text ??
          (reply.chunks ? [...reply.chunks].join('') : undefined) ??
          (reply.body === undefined ? '' : JSON.stringify(reply.body));
        const headers =
          reply.headers ?? (text ? { 'content-type': 'application/json;charset=UTF-8' } : {});
        if (fault?.when === 'mid-body') {
          res.writeHead(reply.status, {
            ...headers,
            'content-length': String(Buffer.byteLength(text))
          });
          res.write(text.slice(0, Math.floor(text.length / 2)), () => req.socket.destroy());
          return;
        }
        res.writeHead(reply.status, headers);
        res.end(text);
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    org,
    requests,
    adminToken: ADMIN_TOKEN,
    addFault: (fault) => faults.push({ ...fault }),
    exportRoutes,
    expireSessions: () => tokens.clear(),
    sendLimitInfo: (on) => {
      limitInfo.on = on;
    },
    issueToken: (userId) => {
      const token = `stand-in-session-${tokens.size + 1}-${userId}`;
      tokens.set(token, userId);
      return token;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      })
  };
}
