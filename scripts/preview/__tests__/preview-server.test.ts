import * as fs from 'node:fs';
import type * as http from 'node:http';
import * as path from 'node:path';
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

let server: http.Server;
let base: string;
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
  base = `http://127.0.0.1:${await listen(server, 0)}`;
});

afterAll((done) => {
  cleanUp();
  server.close(done);
});

function apex(method: string, body: unknown, init: RequestInit = {}): Promise<Response> {
  return fetch(`${base}/apex/${method}`, { method: 'POST', body: JSON.stringify(body), ...init });
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
    expect(page.users).toHaveLength(1);
    expect(page.nextAfterUserId).toBe(page.users[0].id);
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
    expect(before.users[1]).toMatchObject({ id: FIXTURE_USERS.ben, isFrozen: false });
    expect(
      (await apex('LL_ReclaimController.reclaim', { ...freeze, requestId: 'e2e-1' })).status
    ).toBe(200);
    const after = await (await apex('LL_InsightsController.getUserPage', { pageSize: 2 })).json();
    expect(after.users[1]).toMatchObject({ id: FIXTURE_USERS.ben, isFrozen: true });
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
