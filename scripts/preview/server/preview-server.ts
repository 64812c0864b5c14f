/**
 * The preview's HTTP server (node:http, 127.0.0.1 only):
 *   GET  /                  the app page (SLDS, the bundle, the root component)
 *   GET  /preview.js        the bundle built by build-bundle.ts
 *   GET  /assets/...        SLDS assets (styles, icon sprites, fonts)
 *   GET  /preview/status    where the data comes from and its problems
 *   POST /apex/<Class>.<method>  the local controller, JSON in and out
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { DEFAULT_DIR, PROJECT_ROOT } from '../../lib/paths';
import { RESOURCE_PATH_PREFIX } from '../build/build-bundle';
import { ApexError } from '../controller/apex-error';
import type { ApexDispatcher } from './apex-dispatcher';
import type { DataProblem } from '../data/problems';

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

const HTTP = {
  ok: 200,
  noContent: 204,
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
}

export interface PreviewServerOptions {
  /** Answers the Apex calls (see apex-dispatcher.ts). */
  apex: ApexDispatcher;
  status: PreviewStatus;
  /** Path of the built bundle. */
  bundleFile: string;
  /** Tag of the root component, for the page title area. */
  rootTag: string;
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

function send(
  response: http.ServerResponse,
  status: number,
  type: string,
  body: string | Buffer
): void {
  response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  response.end(body);
}

function sendJson(response: http.ServerResponse, status: number, value: unknown): void {
  send(response, status, CONTENT_TYPES['.json'], JSON.stringify(value));
}

function sendFile(response: http.ServerResponse, file: string): void {
  fs.readFile(file, (error, content) => {
    if (error) {
      send(response, HTTP.notFound, 'text/plain', 'Not found');
      return;
    }
    send(
      response,
      HTTP.ok,
      CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      content
    );
  });
}

/** The file under SLDS_ASSETS_DIR for a URL path, or null when it escapes the folder. */
export function assetFile(urlPath: string): string | null {
  return fileUnder(SLDS_ASSETS_DIR, urlPath.slice('/assets/'.length));
}

/** The file inside `root` a relative URL path names, or null when it escapes `root`. */
function fileUnder(root: string, relativeUrlPath: string): string | null {
  let relative: string;
  try {
    relative = decodeURIComponent(relativeUrlPath);
  } catch {
    return null;
  }
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

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ApexError(`Request body over ${MAX_BODY_BYTES} bytes.`, HTTP.tooLarge));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
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
    sendJson(response, HTTP.ok, apex(qualifiedName, params));
  } catch (error) {
    if (error instanceof ApexError) {
      sendJson(response, error.statusCode, {
        message: error.message,
        exceptionType: error.exceptionType
      });
    } else {
      const message = error instanceof Error ? error.message : String(error);
      sendJson(response, HTTP.error, {
        message: `${qualifiedName} failed: ${message}`,
        exceptionType: 'System.UnexpectedException'
      });
    }
  }
}

/** Creates (does not start) the preview server. */
export function createPreviewServer(options: PreviewServerOptions): http.Server {
  const page = pageHtml(options.rootTag);
  return http.createServer((request, response) => {
    const urlPath = new URL(request.url ?? '/', 'http://preview.invalid').pathname;
    if (urlPath.startsWith(APEX_PREFIX)) {
      if (request.method !== 'POST') {
        sendJson(response, HTTP.notAllowed, { message: 'Apex methods are called with POST.' });
        return;
      }
      void answerApex(options.apex, urlPath.slice(APEX_PREFIX.length), request, response);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(response, HTTP.notAllowed, 'text/plain', 'Method not allowed');
      return;
    }
    if (urlPath === '/' || urlPath === '/index.html') {
      send(response, HTTP.ok, 'text/html; charset=utf-8', page);
    } else if (urlPath === BUNDLE_PATH) {
      sendFile(response, options.bundleFile);
    } else if (urlPath === STATUS_PATH) {
      sendJson(response, HTTP.ok, options.status);
    } else if (urlPath.startsWith('/assets/')) {
      const file = assetFile(urlPath);
      if (file) sendFile(response, file);
      else send(response, HTTP.notFound, 'text/plain', 'Not found');
    } else if (urlPath.startsWith(RESOURCE_PATH_PREFIX)) {
      const file = resourceFile(urlPath);
      if (file) sendFile(response, file);
      else send(response, HTTP.notFound, 'text/plain', 'Not found');
    } else if (urlPath === '/favicon.ico') {
      send(response, HTTP.noContent, 'image/x-icon', '');
    } else {
      send(response, HTTP.notFound, 'text/plain', 'Not found');
    }
  });
}

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
