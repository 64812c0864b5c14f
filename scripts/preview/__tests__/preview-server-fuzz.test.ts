/**
 * Fuzz-style test of the preview server: a fixed number of generated requests
 * (malformed paths, request lines, headers, methods and bodies) sent as raw
 * bytes to 127.0.0.1 only. The server must keep serving, never answer with a
 * file outside its roots (the SLDS assets, the static resources, the bundle),
 * and never show an absolute path of this machine.
 *
 * Generation is seeded, so a failure names the request that caused it and the
 * same run can be repeated.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import type * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../../lib/paths';
import { ReclaimController } from '../controller/reclaim-controller';
import { readExportFolder } from '../data/read-export';
import { createApexDispatcher } from '../server/apex-dispatcher';
import {
  createPreviewServer,
  listen,
  SLDS_ASSETS_DIR,
  STATIC_RESOURCES_DIR
} from '../server/preview-server';
import { cleanUp, FIXTURE_NOW, fixtureController, SMALL_EXPORT, tempDir } from './helpers';
import { rawExchange, rawStatus } from './raw-http';

/** How many generated requests, how many at once, and how long each may take. */
const REQUEST_COUNT = 600;
const CONCURRENCY = 8;
const EXCHANGE_TIMEOUT_MS = 1000;
/** The health check between batches may take longer on a busy machine. */
const HEALTH_TIMEOUT_MS = 5000;
const SEED = 0x5eed13;

/** A marker in a file next to the bundle: outside every root, so it must never be served. */
const SECRET_MARKER = `LL-FUZZ-SECRET-${crypto.randomUUID()}`;

let server: http.Server;
let port: number;
let bundleFile: string;
let secretFile: string;
/** SHA-256 of every file the server may send: the bundle and the files under its roots. */
const servable = new Set<string>();
/** SHA-256 of the first PREFIX_BYTES of each such file, to judge an answer cut short. */
const servablePrefixes = new Set<string>();
const PREFIX_BYTES = 1024;

function sha256(bytes: Buffer): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

function addServable(file: string): void {
  const content = fs.readFileSync(file);
  servable.add(sha256(content));
  if (content.length >= PREFIX_BYTES)
    servablePrefixes.add(sha256(content.subarray(0, PREFIX_BYTES)));
}

function addFilesUnder(folder: string): void {
  for (const entry of fs.readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) addServable(path.join(entry.parentPath, entry.name));
  }
}

/**
 * Whether an answer's body is a file the server may send. An answer cut short
 * (the server may reset a connection whose request body it did not read) is
 * judged by its first PREFIX_BYTES; a shorter cut one only by the marker check.
 */
function isServable(answer: ParsedAnswer): boolean {
  if (answer.complete) return servable.has(sha256(answer.body));
  if (answer.body.length < PREFIX_BYTES) return true;
  return servablePrefixes.has(sha256(answer.body.subarray(0, PREFIX_BYTES)));
}

/** A small seeded generator (mulberry32): the same seed gives the same requests. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = seededRandom(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const chance = (probability: number) => random() < probability;

const METHODS = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'OPTIONS',
  'PATCH',
  'TRACE',
  'get',
  'FOO',
  'G\u0000T',
  ''
];

const ROUTE_PREFIXES = [
  '/',
  '/assets/',
  '/assets/styles/',
  '/assets/icons/utility-sprite/svg/',
  '/resource/',
  '/resource/LL_ChartJs/',
  '/apex/',
  '/preview/',
  '//'
];

const TRAVERSALS = [
  '../',
  '..%2f',
  '..%2F',
  '%2e%2e/',
  '%2e%2e%2f',
  '.%2e/',
  '..%5c',
  '..\\',
  '%252e%252e%252f',
  '....//',
  '..;/',
  '%c0%ae%c0%ae/',
  '%e0%80%ae%e0%80%ae/',
  './',
  '%2f',
  ''
];

const TARGETS = [
  'package.json',
  'secret.txt',
  'etc/passwd',
  'preview.js',
  'styles/salesforce-lightning-design-system.min.css',
  'symbols.svg',
  'LL_ChartJs',
  'LL_ChartJs.resource-meta.xml',
  'LL_LicenseController.getLicenseSeats',
  'LL_ReclaimController.reclaim',
  '__proto__',
  'constructor',
  'status',
  '%00',
  '%00.css',
  '%',
  '%zz',
  '%u002e',
  '\u00e9t\u00e9',
  'a b',
  '',
  'x'.repeat(300)
];

/** Request targets that are not paths at all. */
const ODD_TARGETS = [
  'http://[/',
  'http://[::1/',
  'http://127.0.0.1/assets/../../package.json',
  'http://evil.example/preview/status',
  '*',
  'http://',
  '//evil.example/',
  '/?' + 'q'.repeat(2000),
  '/#fragment',
  '/assets/' + '../'.repeat(40) + 'etc/passwd',
  '/' + 'a/'.repeat(2000)
];

/** Targets the server answers with content: where every generated request starts. */
const GOOD_TARGETS = [
  '/',
  '/preview.js',
  '/preview/status',
  '/favicon.ico',
  '/assets/styles/salesforce-lightning-design-system.min.css',
  '/assets/icons/utility-sprite/svg/symbols.svg',
  '/resource/LL_ChartJs',
  '/apex/LL_LicenseController.getLicenseSeats',
  '/apex/LL_InsightsController.getUserPage',
  '/apex/LL_ReclaimController.previewReclaim',
  '/apex/LL_ReclaimController.reclaim'
];

/** A path target: a route prefix, traversals, a target name (the secret file now and then). */
function pathTarget(): string {
  const traversals = Array.from({ length: Math.floor(random() * 6) }, () => pick(TRAVERSALS));
  const secretFromAssets = path.relative(SLDS_ASSETS_DIR, secretFile).split(path.sep).join('/');
  const target = chance(0.1) ? secretFromAssets : pick(TARGETS);
  const query = chance(0.1) ? '?x=' + pick(TRAVERSALS) : '';
  return `${pick(ROUTE_PREFIXES)}${traversals.join('')}${target}${query}`;
}

const HOSTS = [
  () => `127.0.0.1:${port}`,
  () => `127.0.0.1:${port}`,
  () => `localhost:${port}`,
  () => `[::1]:${port}`,
  () => 'evil.example',
  () => `127.0.0.1:${port}, evil.example`,
  () => '',
  () => 'x'.repeat(5000),
  () => null
];

const ORIGINS = [
  () => null,
  () => null,
  () => `http://127.0.0.1:${port}`,
  () => 'http://evil.example',
  () => 'null',
  () => `http://127.0.0.1:${port}\u0000`
];

const CONTENT_TYPES = [
  'application/json',
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=--x',
  'application/json, text/plain',
  ''
];

const BODIES: Array<() => Buffer> = [
  () => Buffer.from(''),
  () => Buffer.from('{}'),
  () => Buffer.from('{'),
  () => Buffer.from('null'),
  () => Buffer.from('[]'),
  () => Buffer.from('"text"'),
  () => Buffer.from('{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}'),
  () => Buffer.from('{"userIds":"not a list","action":{"x":1},"pageSize":-1}'),
  () => Buffer.from('{"userIds":[null,1,{}],"action":"Freeze","reason":"' + 'r'.repeat(500) + '"}'),
  () => Buffer.from('{"pageSize":1e308,"windowDays":"30","afterUserId":"\\u0000"}'),
  () => Buffer.from('['.repeat(5000) + ']'.repeat(5000)),
  () => Buffer.from('{"a":"' + 'b'.repeat(200_000) + '"}'),
  () => crypto.randomBytes(Math.floor(random() * 4096))
];

/** Extra header lines, some of them malformed. */
const EXTRA_HEADERS = [
  '',
  '',
  'Expect: 100-continue\r\n',
  'Connection: Upgrade\r\nUpgrade: websocket\r\n',
  'Transfer-Encoding: chunked\r\n',
  'X-No-Colon\r\n',
  'X-Nul: a\u0000b\r\n',
  'Content-Length: -1\r\n',
  'Content-Length: abc\r\n',
  'Range: bytes=0-10\r\n',
  'Accept-Encoding: gzip\r\n',
  `X-Long: ${'h'.repeat(20_000)}\r\n`
];

interface FuzzRequest {
  description: string;
  bytes: Buffer;
}

/** The parts of one request. */
interface RequestParts {
  method: string;
  target: string;
  version: string;
  host: string | null;
  origin: string | null;
  contentType: string | null;
  body: Buffer;
  /** Added to the body's true length in Content-Length; null sends no Content-Length. */
  lengthError: number | null;
  /** Extra header lines, ending in CRLF. */
  extra: string;
}

/** A request the server answers normally: the starting point of every generated one. */
function goodRequest(): RequestParts {
  const target = pick(GOOD_TARGETS);
  const isApex = target.startsWith('/apex/');
  return {
    method: isApex ? 'POST' : pick(['GET', 'HEAD']),
    target,
    version: 'HTTP/1.1',
    host: `127.0.0.1:${port}`,
    origin: chance(0.5) ? `http://127.0.0.1:${port}` : null,
    contentType: isApex ? 'application/json' : null,
    body: Buffer.from(isApex ? '{}' : ''),
    lengthError: 0,
    extra: ''
  };
}

/** Ways to spoil one part of a request; paths weigh most. */
const SPOILERS: Array<(parts: RequestParts) => void> = [
  (parts) => (parts.target = pathTarget()),
  (parts) => (parts.target = pathTarget()),
  (parts) => (parts.target = pathTarget()),
  (parts) => (parts.target = pick(ODD_TARGETS)),
  (parts) => (parts.method = pick(METHODS)),
  (parts) => (parts.version = pick(['HTTP/1.0', 'HTTP/2.0', 'HTTP/9', 'HTTP/1.1x', ''])),
  (parts) => (parts.host = pick(HOSTS)()),
  (parts) => (parts.origin = pick(ORIGINS)()),
  (parts) => (parts.contentType = pick(CONTENT_TYPES)),
  (parts) => (parts.body = pick(BODIES)()),
  (parts) => (parts.body = pick(BODIES)()),
  (parts) => (parts.lengthError = pick([-1, 1, 1000, null])),
  (parts) => {
    parts.extra = pick(EXTRA_HEADERS);
    if (/^(Transfer-Encoding|Content-Length)/.test(parts.extra)) parts.lengthError = null;
  }
];

/** One request: a good one with up to three parts spoiled (a tenth are left good). */
function generateRequest(index: number): FuzzRequest {
  const parts = goodRequest();
  const spoilCount = chance(0.1) ? 0 : 1 + (chance(0.35) ? 1 : 0) + (chance(0.1) ? 1 : 0);
  for (let i = 0; i < spoilCount; i++) pick(SPOILERS)(parts);
  const lines = [`${parts.method} ${parts.target} ${parts.version}`];
  if (parts.host !== null) lines.push(`Host: ${parts.host}`);
  if (parts.origin !== null) lines.push(`Origin: ${parts.origin}`);
  if (parts.contentType !== null) lines.push(`Content-Type: ${parts.contentType}`);
  if (parts.lengthError !== null) {
    lines.push(`Content-Length: ${Math.max(0, parts.body.length + parts.lengthError)}`);
  }
  lines.push('Connection: close');
  const head = `${lines.join('\r\n')}\r\n${parts.extra}\r\n`;
  const description = `#${index} (seed ${SEED}): ${JSON.stringify(head.slice(0, 300))} + ${parts.body.length} body bytes`;
  return { description, bytes: Buffer.concat([Buffer.from(head, 'latin1'), parts.body]) };
}

interface ParsedAnswer {
  status: number;
  headers: string;
  body: Buffer;
  /** Whether the whole body arrived (its Content-Length, or the last chunk). */
  complete: boolean;
}

/** The body of a chunked answer, joined as far as it arrived, and whether the last chunk came. */
function dechunk(bytes: Buffer): { body: Buffer; complete: boolean } {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < bytes.length) {
    const lineEnd = bytes.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(bytes.subarray(at, lineEnd).toString('latin1'), 16);
    if (size === 0) return { body: Buffer.concat(parts), complete: true };
    if (!Number.isFinite(size)) break;
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return { body: Buffer.concat(parts), complete: false };
}

/** The first response of a raw exchange (its body by Content-Length or chunks), or null. */
function parseAnswer(raw: string): ParsedAnswer | null {
  const status = rawStatus(raw);
  const headEnd = raw.indexOf('\r\n\r\n');
  if (status === 0 || headEnd < 0) return null;
  const headers = raw.slice(0, headEnd);
  const rest = Buffer.from(raw.slice(headEnd + 4), 'latin1');
  if (/\r\ntransfer-encoding: *chunked/i.test(headers))
    return { status, headers, ...dechunk(rest) };
  const length = /\r\ncontent-length: *(\d+)/i.exec(headers);
  if (!length) return { status, headers, body: rest, complete: false };
  const body = rest.subarray(0, Number(length[1]));
  return { status, headers, body, complete: body.length === Number(length[1]) };
}

/** Files and strings that must never appear in an answer. */
function forbiddenTexts(): string[] {
  const texts = [SECRET_MARKER, fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')];
  if (fs.existsSync('/etc/passwd')) texts.push(fs.readFileSync('/etc/passwd', 'utf8'));
  return texts.map((text) => text.slice(0, 200));
}

/** Absolute paths of this machine that must never be shown. */
function privatePaths(): string[] {
  return [PROJECT_ROOT, os.homedir(), path.dirname(secretFile)].filter((p) => p.length > 1);
}

async function servesThePage(): Promise<boolean> {
  const answer = await rawExchange(
    port,
    `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
    HEALTH_TIMEOUT_MS
  );
  return rawStatus(answer) === 200;
}

beforeAll(async () => {
  const dir = tempDir('ll-fuzz-');
  bundleFile = path.join(dir, 'preview.js');
  secretFile = path.join(dir, 'secret.txt');
  fs.writeFileSync(bundleFile, 'window.fuzzBundle = true;');
  fs.writeFileSync(secretFile, SECRET_MARKER);
  addServable(bundleFile);
  addFilesUnder(SLDS_ASSETS_DIR);
  addFilesUnder(STATIC_RESOURCES_DIR);
  const data = readExportFolder(SMALL_EXPORT);
  server = createPreviewServer({
    apex: createApexDispatcher(
      fixtureController(data),
      new ReclaimController({ data, clock: () => FIXTURE_NOW })
    ),
    status: { source: `export in ${SMALL_EXPORT}`, problems: [] },
    bundleFile,
    rootTag: 'c-ll-license-utilization'
  });
  port = await listen(server, 0);
});

afterAll((done) => {
  cleanUp();
  server.closeAllConnections();
  server.close(done);
});

describe('preview server under fuzzed requests (127.0.0.1 only)', () => {
  it(`keeps serving and never answers with a file outside its roots over ${REQUEST_COUNT} requests`, async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    process.on('uncaughtException', onUnhandled);
    const requests = Array.from({ length: REQUEST_COUNT }, (_, index) => generateRequest(index));
    const forbidden = forbiddenTexts();
    const hidden = privatePaths();
    const problems: string[] = [];
    const statuses = new Map<number, number>();
    try {
      for (let start = 0; start < requests.length; start += CONCURRENCY) {
        const batch = requests.slice(start, start + CONCURRENCY);
        const answers = await Promise.all(
          batch.map((request) => rawExchange(port, request.bytes, EXCHANGE_TIMEOUT_MS))
        );
        answers.forEach((raw, i) => {
          const { description } = batch[i];
          const answer = parseAnswer(raw);
          if (!answer) return; // The connection was closed without an answer: allowed.
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          if (answer.status === 400 && process.env.DBG)
            console.log(description, answer.body.toString().slice(0, 80));
          const text = answer.body.toString('latin1');
          for (const secret of forbidden) {
            if (text.includes(secret)) problems.push(`${description} answered a forbidden file`);
          }
          for (const hiddenPath of hidden) {
            if (raw.includes(hiddenPath)) problems.push(`${description} showed ${hiddenPath}`);
          }
          const isFile =
            answer.status === 200 &&
            answer.body.length > 0 &&
            !/content-type: *(text\/html|application\/json)/i.test(answer.headers);
          if (isFile && !isServable(answer)) {
            problems.push(`${description} answered a file that is not under the roots`);
          }
        });
        if (!(await servesThePage())) {
          problems.push(`the server stopped serving after request #${start + batch.length - 1}`);
          break;
        }
      }
    } finally {
      process.off('unhandledRejection', onUnhandled);
      process.off('uncaughtException', onUnhandled);
    }
    expect(problems).toEqual([]);
    expect(unhandled).toEqual([]);
    expect(server.listening).toBe(true);
    expect(await servesThePage()).toBe(true);
    // The generator reached the interesting answers, not only parser rejections.
    for (const status of [200, 400, 403, 404, 405, 415]) {
      expect({ status, seen: (statuses.get(status) ?? 0) > 0 }).toEqual({ status, seen: true });
    }
  }, 120_000);
});
