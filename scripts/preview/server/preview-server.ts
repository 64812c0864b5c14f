/**
 * The preview's HTTP server (node:http, 127.0.0.1 only):
 *   GET  /                  the app page (SLDS, the bundle, the root component)
 *   GET  /preview.js        the bundle built by build-bundle.ts
 *   GET  /assets/...        SLDS assets (styles, icon sprites, fonts)
 *   GET  /preview/status    where the data comes from and its problems
 *                           (with several orgs: ?org=<key>, and the org filter's choices)
 *   POST /apex/<Class>.<method>  the local controller, JSON in and out (with
 *                           several orgs: the view of the calling page, see org-views.ts)
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { DEFAULT_DIR, PROJECT_ROOT } from '../../lib/paths';
import { RESOURCE_PATH_PREFIX } from '../build/build-bundle';
import { ApexError } from '../controller/apex-error';
import { serializeApexAnswer } from '../controller/apex-transaction';
import type { ApexDispatcher } from './apex-dispatcher';
import type { DataProblem } from '../data/problems';
import { withoutAbsolutePaths } from './redact-paths';
import { refusalOf } from './request-guard';
import { orgKeyOf, routeApex, type OrgFilterStatus, type OrgViewRouter } from './org-views';

/** The host the preview listens on: never exposed beyond this machine. */
export const PREVIEW_HOST = '127.0.0.1';
/** SLDS assets folder, served at /assets. */
export const SLDS_ASSETS_DIR = path.join(
  PROJECT_ROOT,
  'node_modules',
  '@salesforce-ux',
  'design-system',
  'assets'
);
/** Static resources, served at /resource/<name> like the platform's resource URLs. */
export const STATIC_RESOURCES_DIR = path.join(DEFAULT_DIR, 'staticresources');
const RESOURCE_META_SUFFIX = '.resource-meta.xml';
const SLDS_STYLESHEET = '/assets/styles/salesforce-lightning-design-system.min.css';
const BUNDLE_PATH = '/preview.js';
const APEX_PREFIX = '/apex/';
const STATUS_PATH = '/preview/status';
/** Largest Apex request body accepted (bytes). */
const MAX_BODY_BYTES = 1_000_000;
/** After a 413, how much more of the body is read and dropped before the connection is cut. */
const DRAIN_MAX_BYTES = 16_000_000;
const DRAIN_MAX_MS = 10_000;

const HTTP = {
  ok: 200,
  noContent: 204,
  found: 302,
  badRequest: 400,
  notFound: 404,
  notAllowed: 405,
  tooLarge: 413,
  error: 500
};

const CONTENT_TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf'
};

/** What the page's banner shows. */
export interface PreviewStatus {
  source: string;
  problems: DataProblem[];
  /** With several orgs (npm start -- --target-org A --target-org B): the org filter. */
  orgs?: OrgFilterStatus;
}

export interface PreviewServerOptions {
  /** Answers the Apex calls (see apex-dispatcher.ts). */
  apex: ApexDispatcher;
  status: PreviewStatus;
  /** Path of the built bundle. */
  bundleFile: string;
  /** Tag of the root component, for the page title area. */
  rootTag: string;
  /**
   * Several orgs: each request is answered from its view (org-views.ts);
   * `apex` and `status` are then the default view's.
   */
  orgs?: OrgViewRouter;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** The preview page: SLDS, a header, the banner host, the app host and the bundle. */
export function pageHtml(rootTag: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="referrer" content="same-origin" />
    <title>License Lens (local preview)</title>
    <link rel="stylesheet" href="${SLDS_STYLESHEET}" />
  </head>
  <body class="slds-scope">
    <div class="slds-p-horizontal_medium slds-p-vertical_xx-small slds-text-body_small slds-theme_shade">
      <span class="slds-badge slds-m-right_x-small">Local preview</span>
      <span id="preview-source">License Lens running on this machine</span>
    </div>
    <div id="preview-banner" class="slds-m-horizontal_medium slds-m-top_x-small"></div>
    <main id="app" class="slds-p-around_medium" data-root="${escapeHtml(rootTag)}"></main>
    <script src="${BUNDLE_PATH}"></script>
  </body>
</html>
`;
}

/**
 * Headers on every answer: nothing cached, no content sniffing, and no other
 * site may frame the page (its reclaim buttons act on the data).
 */
const SAFETY_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "frame-ancestors 'none'",
  'Cross-Origin-Resource-Policy': 'same-origin'
};

function send(
  response: http.ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  extraHeaders: Record<string, string> = {}
): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  response.writeHead(status, { ...SAFETY_HEADERS, ...extraHeaders, 'Content-Type': type });
  response.end(body);
}

function sendJson(response: http.ServerResponse, status: number, value: unknown): void {
  send(response, status, CONTENT_TYPES['.json'], JSON.stringify(value));
}

/** An error answer: `{ message, exceptionType? }`, with any absolute path left out. */
function sendError(
  response: http.ServerResponse,
  status: number,
  message: string,
  exceptionType?: string
): void {
  const body = { message: withoutAbsolutePaths(message), ...(exceptionType && { exceptionType }) };
  sendJson(response, status, body);
}

function notFound(response: http.ServerResponse): void {
  send(response, HTTP.notFound, 'text/plain; charset=utf-8', 'Not found');
}

/**
 * Sends a file that must lie inside `root` once symbolic links are resolved;
 * any failure (missing, a folder, a link out of `root`) is a 404.
 */
function sendFileUnder(response: http.ServerResponse, root: string, file: string): void {
  Promise.all([fs.promises.realpath(root), fs.promises.realpath(file)])
    .then(([realRoot, realFile]) => {
      if (!realFile.startsWith(realRoot + path.sep)) throw new Error('outside the root');
      return fs.promises.readFile(realFile);
    })
    .then(
      (content) => send(response, HTTP.ok, contentTypeOf(file), content),
      () => notFound(response)
    );
}

/** Sends a file the server was configured with (the bundle). */
function sendFile(response: http.ServerResponse, file: string): void {
  fs.promises.readFile(file).then(
    (content) => send(response, HTTP.ok, contentTypeOf(file), content),
    () => notFound(response)
  );
}

function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
}

/** The file under SLDS_ASSETS_DIR for a URL path, or null when it escapes the folder. */
export function assetFile(urlPath: string): string | null {
  return fileUnder(SLDS_ASSETS_DIR, urlPath.slice('/assets/'.length));
}

/**
 * The file inside `root` a relative URL path names, or null when it escapes
 * `root`, is not valid percent-encoding, or holds a NUL byte (which node:fs
 * refuses by throwing).
 */
function fileUnder(root: string, relativeUrlPath: string): string | null {
  let relative: string;
  try {
    relative = decodeURIComponent(relativeUrlPath);
  } catch {
    return null;
  }
  if (relative.includes('\0')) return null;
  const file = path.resolve(root, relative);
  return file.startsWith(root + path.sep) ? file : null;
}

/**
 * The file of a static resource URL: /resource/<name> is the single-file
 * resource <name>.<ext>; /resource/<name>/<path> a file of a folder resource.
 */
export function resourceFile(urlPath: string, dir = STATIC_RESOURCES_DIR): string | null {
  const rest = urlPath.slice(RESOURCE_PATH_PREFIX.length);
  const slash = rest.indexOf('/');
  if (slash >= 0) return fileUnder(dir, rest);
  if (!/^\w+$/.test(rest) || !fs.existsSync(dir)) return null;
  const file = fs
    .readdirSync(dir)
    .find((name) => name.startsWith(`${rest}.`) && !name.endsWith(RESOURCE_META_SUFFIX));
  return file ? path.join(dir, file) : null;
}

/** A request body over MAX_BODY_BYTES: answered with 413 (see answerTooLarge). */
class BodyTooLargeError extends ApexError {
  constructor() {
    super(`Request body over ${MAX_BODY_BYTES} bytes.`, HTTP.tooLarge);
  }
}

/**
 * Reads a request body of at most MAX_BODY_BYTES. A larger body (declared in
 * Content-Length or found while reading) rejects with BodyTooLargeError
 * without reading further; the caller answers and then drains the rest.
 */
function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    if (Number(request.headers['content-length']) > MAX_BODY_BYTES) {
      reject(new BodyTooLargeError());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        request.off('data', onData);
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/**
 * After a 413 has been written, reads and drops the rest of the body so the
 * client is not reset before it reads the answer; a client that keeps
 * sending past DRAIN_MAX_BYTES or DRAIN_MAX_MS loses its connection.
 */
function drainRest(request: http.IncomingMessage): void {
  let drained = 0;
  const cutOff = () => request.socket.destroy();
  const timer = setTimeout(cutOff, DRAIN_MAX_MS);
  timer.unref();
  request.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_MAX_BYTES) cutOff();
  });
  request.once('close', () => clearTimeout(timer));
  request.resume();
}

async function answerApex(
  apex: ApexDispatcher,
  qualifiedName: string,
  request: http.IncomingMessage,
  response: http.ServerResponse
): Promise<void> {
  try {
    const body = await readBody(request);
    let params: unknown;
    try {
      params = body ? JSON.parse(body) : {};
    } catch {
      throw new ApexError(`${qualifiedName}: the request body is not JSON.`);
    }
    const json = serializeApexAnswer(qualifiedName, apex(qualifiedName, params));
    send(response, HTTP.ok, CONTENT_TYPES['.json'], json);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      sendError(response, error.statusCode, error.message, error.exceptionType);
      drainRest(request);
    } else if (error instanceof ApexError) {
      sendError(response, error.statusCode, error.message, error.exceptionType);
    } else {
      const message = error instanceof Error ? error.message : String(error);
      sendError(
        response,
        HTTP.error,
        `${qualifiedName} failed: ${message}`,
        'System.UnexpectedException'
      );
    }
  }
}

/** The path of a request target, or null when the target is not a valid URL. */
function pathOf(target: string | undefined): string | null {
  try {
    return new URL(target ?? '/', 'http://preview.invalid').pathname;
  } catch {
    return null;
  }
}

/** The status as the page may see it: names of files and folders, not where they are. */
function publicStatus(status: PreviewStatus): PreviewStatus {
  return {
    source: withoutAbsolutePaths(status.source),
    problems: status.problems.map((problem) => ({
      ...problem,
      message: withoutAbsolutePaths(problem.message)
    })),
    ...(status.orgs && {
      orgs: {
        ...status.orgs,
        incomplete: status.orgs.incomplete.map((org) => ({
          ...org,
          failures: org.failures.map(withoutAbsolutePaths)
        }))
      }
    })
  };
}

/** The status of the view a request names (?org=), or null for an unknown view. */
function orgStatus(router: OrgViewRouter, target: string | undefined): PreviewStatus | null {
  const key = orgKeyOf(target) ?? router.defaultKey;
  const status = router.status(key);
  if (!status) return null;
  return publicStatus({
    ...status,
    orgs: { selected: key, choices: router.choices, incomplete: router.incomplete }
  });
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Routes one request that passed the guard. */
function route(
  options: PreviewServerOptions,
  page: string,
  status: PreviewStatus,
  urlPath: string,
  request: http.IncomingMessage,
  response: http.ServerResponse
): void {
  if (urlPath.startsWith(APEX_PREFIX)) {
    let apex = options.apex;
    if (options.orgs) {
      const routed = routeApex(options.orgs, single(request.headers.referer));
      if (!('apex' in routed)) {
        sendError(response, routed.status, routed.message);
        return;
      }
      apex = routed.apex;
    }
    void answerApex(apex, urlPath.slice(APEX_PREFIX.length), request, response);
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    send(response, HTTP.notAllowed, 'text/plain; charset=utf-8', 'Method not allowed', {
      Allow: 'GET, HEAD'
    });
    return;
  }
  if ((urlPath === '/' || urlPath === '/index.html') && options.orgs && !orgKeyOf(request.url)) {
    // Several orgs: every page names its view, so its Apex calls can be routed.
    send(response, HTTP.found, 'text/plain; charset=utf-8', '', {
      Location: `/?org=${encodeURIComponent(options.orgs.defaultKey)}`
    });
  } else if (urlPath === '/' || urlPath === '/index.html') {
    send(response, HTTP.ok, 'text/html; charset=utf-8', page);
  } else if (urlPath === BUNDLE_PATH) {
    sendFile(response, options.bundleFile);
  } else if (urlPath === STATUS_PATH && options.orgs) {
    const viewStatus = orgStatus(options.orgs, request.url);
    if (viewStatus) sendJson(response, HTTP.ok, viewStatus);
    else sendError(response, HTTP.notFound, 'The preview has no such org view.');
  } else if (urlPath === STATUS_PATH) {
    sendJson(response, HTTP.ok, status);
  } else if (urlPath.startsWith('/assets/')) {
    const file = assetFile(urlPath);
    if (file) sendFileUnder(response, SLDS_ASSETS_DIR, file);
    else notFound(response);
  } else if (urlPath.startsWith(RESOURCE_PATH_PREFIX)) {
    const file = resourceFile(urlPath);
    if (file) sendFileUnder(response, STATIC_RESOURCES_DIR, file);
    else notFound(response);
  } else if (urlPath === '/favicon.ico') {
    send(response, HTTP.noContent, 'image/x-icon', '');
  } else {
    notFound(response);
  }
}

/**
 * Creates (does not start) the preview server. Every request passes the
 * guard (loopback Host, own Origin, JSON Apex calls; see request-guard.ts)
 * and no single request can stop the server: a failure is answered with 500.
 */
export function createPreviewServer(options: PreviewServerOptions): http.Server {
  const page = pageHtml(options.rootTag);
  const status = publicStatus(options.status);
  return http.createServer((request, response) => {
    try {
      const urlPath = pathOf(request.url);
      if (urlPath === null) {
        send(response, HTTP.badRequest, 'text/plain; charset=utf-8', 'Bad request target');
        return;
      }
      const isApex = urlPath.startsWith(APEX_PREFIX);
      if (isApex && request.method !== 'POST') {
        send(response, HTTP.notAllowed, CONTENT_TYPES['.json'], notPostBody, { Allow: 'POST' });
        return;
      }
      const refusal = refusalOf(request.headers, isApex);
      if (refusal) {
        sendError(response, refusal.status, refusal.message);
        return;
      }
      route(options, page, status, urlPath, request, response);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      sendError(response, HTTP.error, `The preview could not answer: ${message}`);
    }
  });
}

const notPostBody = JSON.stringify({ message: 'Apex methods are called with POST.' });

/** Starts listening on PREVIEW_HOST; resolves the bound port (0 picks a free one). */
export function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, PREVIEW_HOST, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
