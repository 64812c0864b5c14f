import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import * as os from 'node:os';
import {
  assetFile,
  createPreviewServer,
  listen,
  pageHtml,
  SLDS_ASSETS_DIR
} from '../server/preview-server';
import { ReclaimController } from '../controller/reclaim-controller';
import { readExportFolder } from '../data/read-export';
import { createApexDispatcher } from '../server/apex-dispatcher';
import {
  cleanUp,
  FIXTURE_NOW,
  FIXTURE_USERS,
  fixtureController,
  SMALL_EXPORT,
  tempDir
} from './helpers';
import { rawExchange, rawStatus, request } from './raw-http';
import { ApexError } from '../controller/apex-error';
import { PROJECT_ROOT } from '../../lib/paths';

let server: http.Server;
let base: string;
let port: number;
const BUNDLE_TEXT = 'window.previewBundleLoaded = true;';

beforeAll(async () => {
  const bundleFile = path.join(tempDir(), 'preview.js');
  fs.writeFileSync(bundleFile, BUNDLE_TEXT);
  const data = readExportFolder(SMALL_EXPORT);
  server = createPreviewServer({
    apex: createApexDispatcher(
      fixtureController(data),
      new ReclaimController({ data, clock: () => FIXTURE_NOW })
    ),
    status: {
      source: 'fixture export',
      problems: [
        {
          file: 'User.json',
          field: 'CreatedDate',
          severity: 'warning',
          message: 'User.json: 1 bad record.'
        }
      ]
    },
    bundleFile,
    rootTag: 'c-ll-license-utilization'
  });
  port = await listen(server, 0);
  base = `http://127.0.0.1:${port}`;
});

afterAll((done) => {
  cleanUp();
  server.closeAllConnections();
  server.close(done);
});

const JSON_HEADERS = { 'Content-Type': 'application/json' };

function apex(method: string, body: unknown, init: RequestInit = {}): Promise<Response> {
  return fetch(`${base}/apex/${method}`, {
    method: 'POST',
    headers: JSON_HEADERS,
    body: JSON.stringify(body),
    ...init
  });
}

describe('preview server', () => {
  it('serves the page with SLDS, the app host and the bundle', async () => {
    const response = await fetch(`${base}/`);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).toBe(pageHtml('c-ll-license-utilization'));
    expect(html).toContain('/assets/styles/salesforce-lightning-design-system.min.css');
    expect(html).toContain('<script src="/preview.js"></script>');
    expect(html).toContain('id="app"');
  });

  it('serves the bundle and SLDS assets with their content types', async () => {
    const bundle = await fetch(`${base}/preview.js`);
    expect(bundle.headers.get('content-type')).toMatch(/application\/javascript/);
    expect(await bundle.text()).toBe(BUNDLE_TEXT);
    const sprite = await fetch(`${base}/assets/icons/utility-sprite/svg/symbols.svg`);
    expect(sprite.status).toBe(200);
    expect(sprite.headers.get('content-type')).toBe('image/svg+xml');
  });

  it('never serves files outside the SLDS assets', async () => {
    expect(assetFile('/assets/../../../package.json')).toBeNull();
    expect(assetFile('/assets/%2e%2e/%2e%2e/package.json')).toBeNull();
    expect(assetFile('/assets/styles/x.css')).toBe(path.join(SLDS_ASSETS_DIR, 'styles', 'x.css'));
    expect((await fetch(`${base}/assets/%2e%2e/%2e%2e/%2e%2e/package.json`)).status).toBe(404);
  });

  it('answers Apex calls with the controller result', async () => {
    const response = await apex('LL_InsightsController.getUserPage', {
      pageSize: 1,
      windowDays: 30
    });
    expect(response.status).toBe(200);
    const page = await response.json();
    expect(page.users.ids).toHaveLength(1);
    expect(page.nextAfterUserId).toBe(page.users.ids[0]);
  });

  it('answers Apex errors with a status and a {message} body', async () => {
    const bad = await apex('LL_InsightsController.getUserPage', { afterUserId: 'nope' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      message: 'afterUserId must be a User Id or empty, got "nope".',
      exceptionType: 'System.AuraHandledException'
    });
    const unknown = await apex('LL_Nothing.here', {});
    expect(unknown.status).toBe(404);
    const notJson = await fetch(`${base}/apex/LL_LicenseController.getLicenseSeats`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: '{'
    });
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).message).toMatch(/not JSON/);
    expect((await fetch(`${base}/apex/LL_LicenseController.getLicenseSeats`)).status).toBe(405);
  });

  it('answers reclaim calls over the same data, so a freeze shows in the next user page', async () => {
    const freeze = { action: 'Freeze', userIds: [FIXTURE_USERS.ben], reason: 'Left the company' };
    const preview = await (await apex('LL_ReclaimController.previewReclaim', freeze)).json();
    expect(preview.results).toEqual([
      expect.objectContaining({ userId: FIXTURE_USERS.ben, outcome: 'Ready' })
    ]);
    const before = await (await apex('LL_InsightsController.getUserPage', { pageSize: 2 })).json();
    expect([before.users.ids[1], before.users.isFrozen[1]]).toEqual([FIXTURE_USERS.ben, false]);
    expect(
      (await apex('LL_ReclaimController.reclaim', { ...freeze, requestId: 'e2e-1' })).status
    ).toBe(200);
    const after = await (await apex('LL_InsightsController.getUserPage', { pageSize: 2 })).json();
    expect([after.users.ids[1], after.users.isFrozen[1]]).toEqual([FIXTURE_USERS.ben, true]);
  });

  it('reports the data source and its problems', async () => {
    expect(await (await fetch(`${base}/preview/status`)).json()).toEqual({
      source: 'fixture export',
      problems: [
        {
          file: 'User.json',
          field: 'CreatedDate',
          severity: 'warning',
          message: 'User.json: 1 bad record.'
        }
      ]
    });
    expect((await fetch(`${base}/favicon.ico`)).status).toBe(204);
    expect((await fetch(`${base}/nothing`)).status).toBe(404);
  });
});

/** Whether the server still answers an ordinary page request. */
async function stillServes(): Promise<boolean> {
  return (await fetch(`${base}/`)).status === 200;
}

describe('preview server: requests that used to kill it', () => {
  it('answers GET /assets/%00 (a NUL byte in the file name) with 404 and keeps serving', async () => {
    expect((await fetch(`${base}/assets/%00`)).status).toBe(404);
    expect((await fetch(`${base}/assets/styles/%00.css`)).status).toBe(404);
    expect((await fetch(`${base}/resource/LL_ChartJs/%00`)).status).toBe(404);
    expect(await stillServes()).toBe(true);
  });

  it('answers a malformed request target with 400 and keeps serving', async () => {
    const answer = await rawExchange(
      port,
      `GET http://[/ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`
    );
    expect(rawStatus(answer)).toBe(400);
    expect(await stillServes()).toBe(true);
  });
});

describe('preview server: loopback only', () => {
  let guarded: http.Server;
  let guardedPort: number;
  /** The Apex calls that reached the dispatcher. */
  const calls: string[] = [];

  beforeAll(async () => {
    guarded = createPreviewServer({
      apex: (qualifiedName) => {
        calls.push(qualifiedName);
        return { ok: true };
      },
      status: { source: 'secret export', problems: [] },
      bundleFile: path.join(tempDir(), 'none.js'),
      rootTag: 'c-x'
    });
    guardedPort = await listen(guarded, 0);
  });

  beforeEach(() => calls.splice(0));

  afterAll((done) => {
    guarded.closeAllConnections();
    guarded.close(done);
  });

  function reclaimWith(headers: Record<string, string>) {
    return request(guardedPort, {
      method: 'POST',
      path: '/apex/LL_ReclaimController.reclaim',
      headers,
      body: JSON.stringify({ action: 'Freeze', userIds: [FIXTURE_USERS.ben], reason: 'x' })
    });
  }

  it('accepts the loopback Host values: 127.0.0.1, localhost and [::1], with or without a port', async () => {
    const p = guardedPort;
    for (const host of [
      `127.0.0.1:${p}`,
      `localhost:${p}`,
      `[::1]:${p}`,
      'LocalHost',
      '127.0.0.1'
    ]) {
      const answer = await request(p, { path: '/preview/status', headers: { Host: host } });
      expect({ host, status: answer.status }).toEqual({ host, status: 200 });
    }
  });

  it('refuses any other Host, so a DNS-rebound site cannot read the data or call Apex', async () => {
    const p = guardedPort;
    for (const host of [
      `evil.example:${p}`,
      'evil.example',
      `127.0.0.1.evil.example:${p}`,
      `localhost.:${p}`,
      `127.0.0.2:${p}`,
      `user@127.0.0.1:${p}`,
      `127.0.0.1:${p}/x`
    ]) {
      const answer = await request(p, { path: '/preview/status', headers: { Host: host } });
      expect({ host, status: answer.status }).toEqual({ host, status: 403 });
      expect(answer.body.toString()).not.toContain('secret export');
      const post = await reclaimWith({ Host: host, 'Content-Type': 'application/json' });
      expect({ host, status: post.status }).toEqual({ host, status: 403 });
    }
    const noHost = await rawExchange(p, 'GET /preview/status HTTP/1.0\r\n\r\n');
    expect(rawStatus(noHost)).toBe(403);
    expect(noHost).not.toContain('secret export');
    expect(calls).toEqual([]);
  });

  it('refuses a foreign Origin and accepts its own', async () => {
    const p = guardedPort;
    for (const origin of [
      'http://evil.example',
      `http://evil.example:${p}`,
      'null',
      `https://127.0.0.1:${p}`,
      `http://127.0.0.1:${p + 1}`,
      `http://localhost:${p}`
    ]) {
      const host = `127.0.0.1:${p}`;
      const post = await reclaimWith({
        Host: host,
        Origin: origin,
        'Content-Type': 'application/json'
      });
      expect({ origin, status: post.status }).toEqual({ origin, status: 403 });
      const status = await request(p, {
        path: '/preview/status',
        headers: { Host: host, Origin: origin }
      });
      expect({ origin, status: status.status }).toEqual({ origin, status: 403 });
    }
    expect(calls).toEqual([]);
    const own = await reclaimWith({
      Host: `localhost:${p}`,
      Origin: `http://localhost:${p}`,
      'Content-Type': 'application/json'
    });
    expect(own.status).toBe(200);
    expect(calls).toEqual(['LL_ReclaimController.reclaim']);
  });

  it('requires Content-Type application/json on /apex/*, so a cross-site text/plain POST does nothing', async () => {
    const host = `127.0.0.1:${guardedPort}`;
    for (const type of [
      undefined,
      'text/plain',
      'text/plain; charset=utf-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/jsonp'
    ]) {
      const answer = await reclaimWith({ Host: host, ...(type ? { 'Content-Type': type } : {}) });
      expect({ type, status: answer.status }).toEqual({ type, status: 415 });
    }
    expect(calls).toEqual([]);
    const withCharset = await reclaimWith({
      Host: host,
      'Content-Type': 'Application/JSON; charset=utf-8'
    });
    expect(withCharset.status).toBe(200);
    expect(calls).toEqual(['LL_ReclaimController.reclaim']);
  });

  it('forbids framing the page by another site (no clickjacking of the reclaim buttons)', async () => {
    const page = await fetch(`${base}/`);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('preview server: what it reveals and how it refuses big bodies', () => {
  let other: http.Server;
  let otherPort: number;
  const exportFolder = path.join(os.homedir(), 'exports', 'acme-2026');
  const metadataFile = path.join(PROJECT_ROOT, 'force-app', 'main', 'default', 'x.md-meta.xml');

  beforeAll(async () => {
    other = createPreviewServer({
      apex: (qualifiedName) => {
        if (qualifiedName === 'Boom.unexpected') throw new Error(`ENOENT: open '${metadataFile}'`);
        throw new ApexError(
          `License Lens could not count: User.json is missing from ${exportFolder}.`,
          500
        );
      },
      status: {
        source: `export in ${exportFolder}`,
        problems: [
          {
            file: 'User.json',
            field: null,
            severity: 'error',
            message: `User.json is missing from /srv/data/acme/june. Create it with: sf data query`
          }
        ]
      },
      bundleFile: path.join(tempDir(), 'none.js'),
      rootTag: 'c-x'
    });
    otherPort = await listen(other, 0);
  });

  afterAll((done) => {
    other.closeAllConnections();
    other.close(done);
  });

  function post(method: string, body: string | Buffer, headers: Record<string, string> = {}) {
    return request(otherPort, {
      method: 'POST',
      path: `/apex/${method}`,
      headers: { Host: `127.0.0.1:${otherPort}`, 'Content-Type': 'application/json', ...headers },
      body
    });
  }

  it('never reveals an absolute path in /preview/status or in Apex errors', async () => {
    const status = await request(otherPort, { path: '/preview/status' });
    const texts = [
      status.body.toString(),
      (await post('C.m', '{}')).body.toString(),
      (await post('Boom.unexpected', '{}')).body.toString()
    ];
    for (const text of texts) {
      expect(text).not.toContain(os.homedir());
      expect(text).not.toContain(PROJECT_ROOT);
      expect(text).not.toContain('/srv/data');
    }
    expect(JSON.parse(texts[0])).toEqual({
      source: 'export in acme-2026',
      problems: [
        expect.objectContaining({
          message: 'User.json is missing from june. Create it with: sf data query'
        })
      ]
    });
    expect(JSON.parse(texts[1]).message).toBe(
      'License Lens could not count: User.json is missing from acme-2026.'
    );
    expect(JSON.parse(texts[2]).message).toContain('x.md-meta.xml');
  });

  it('delivers the 413 answer for a body over the limit (declared length)', async () => {
    const response = await fetch(`http://127.0.0.1:${otherPort}/apex/C.m`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: 'x'.repeat(2_000_000)
    });
    expect(response.status).toBe(413);
    expect((await response.json()).message).toMatch(/over 1000000 bytes/);
  });

  it('delivers the 413 answer for a chunked body over the limit, then keeps serving', async () => {
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const outgoing = http.request(
        {
          host: '127.0.0.1',
          port: otherPort,
          method: 'POST',
          path: '/apex/C.m',
          headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' }
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() })
          );
        }
      );
      outgoing.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 'y');
      for (let i = 0; i < 24; i++) outgoing.write(chunk);
      outgoing.end();
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).message).toMatch(/over 1000000 bytes/);
    expect((await request(otherPort, { path: '/' })).status).toBe(200);
  });
});
