/**
 * The preview page's own chrome (not part of the app): a banner that tells the
 * visitor where the data comes from and which export files had problems. It
 * reads GET /preview/status from the preview server.
 *
 * With several live orgs (`npm start -- --target-org A --target-org B`) it also
 * holds the org filter: a select of "All orgs" and each org. The app's
 * components are the ones an org runs, and an org's page only ever sees its
 * own org, so the filter does not talk to them: choosing another org loads
 * the page again at `/?org=<key>`, and the server answers that page's Apex
 * calls from that org's controllers. Orgs that failed or were pulled only in
 * part are named in a banner (and in the browser console).
 */

// Type only: erased when the client is bundled, so no server code reaches the browser.
import type { OrgFilterStatus } from '../server/org-views';

/** Path of the status endpoint of the preview server. */
export const STATUS_ENDPOINT = '/preview/status';

/**
 * Query parameter of the page naming the org view: the server's ORG_PARAM
 * (scripts/preview/server/org-views.ts), repeated because the client bundle
 * takes no server code; preview-shell.test.ts checks they agree.
 */
export const ORG_PARAM = 'org';

/** What the server says about its data source (see scripts/preview/server). */
export interface PreviewStatus {
  source: string;
  problems: { file: string; field: string | null; message: string }[];
  /** Present when the preview serves several orgs. */
  orgs?: OrgFilterStatus;
}

function element(tag: string, className: string, text?: string): HTMLElement {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Builds the banner listing data problems; null when there are none. */
export function problemBanner(status: PreviewStatus): HTMLElement | null {
  if (status.problems.length === 0) return null;
  const banner = element('div', 'slds-notify slds-notify_alert slds-alert_warning');
  banner.setAttribute('role', 'alert');
  banner.dataset.id = 'data-problems';
  const body = element('div', 'slds-text-align_left');
  body.appendChild(
    element(
      'h2',
      'slds-text-heading_small',
      `Some of the data in ${status.source} could not be used; the page shows what could be read.`
    )
  );
  const list = element('ul', 'slds-list_dotted');
  for (const problem of status.problems) {
    list.appendChild(element('li', '', problem.message));
  }
  body.appendChild(list);
  banner.appendChild(body);
  return banner;
}

/** The org filter: a labelled select; choosing an org calls `go` with its key. */
export function orgFilter(orgs: OrgFilterStatus, go: (key: string) => void): HTMLElement {
  const wrapper = element('span', 'slds-m-left_medium');
  const label = element('label', 'slds-m-right_x-small', 'Org');
  label.setAttribute('for', 'preview-org');
  const select = document.createElement('select');
  select.id = 'preview-org';
  select.dataset.id = 'org-filter';
  for (const choice of orgs.choices) {
    const option = document.createElement('option');
    option.value = choice.key;
    option.textContent = choice.status === 'partial' ? `${choice.label} (partial)` : choice.label;
    option.selected = choice.key === orgs.selected;
    select.appendChild(option);
  }
  select.addEventListener('change', () => go(select.value));
  wrapper.append(label, select);
  return wrapper;
}

/** The sentence naming one failed or partial org. */
export function incompleteOrgLine(org: OrgFilterStatus['incomplete'][number]): string {
  const what =
    org.status === 'failed' ? 'could not be pulled and is not shown' : 'was pulled only in part';
  return `${org.org} ${what}: ${org.failures.join(' ')}`;
}

/** Builds the banner naming orgs that failed or were pulled in part; null when there are none. */
export function incompleteOrgsBanner(orgs: OrgFilterStatus): HTMLElement | null {
  if (orgs.incomplete.length === 0) return null;
  const banner = element('div', 'slds-notify slds-notify_alert slds-alert_error');
  banner.setAttribute('role', 'alert');
  banner.dataset.id = 'incomplete-orgs';
  const body = element('div', 'slds-text-align_left');
  body.appendChild(
    element('h2', 'slds-text-heading_small', 'Not every org is complete; the figures leave out:')
  );
  const list = element('ul', 'slds-list_dotted');
  for (const org of orgs.incomplete) list.appendChild(element('li', '', incompleteOrgLine(org)));
  body.appendChild(list);
  banner.appendChild(body);
  return banner;
}

/** The status URL for this page's org view (the page's own ?org=). */
export function statusUrl(pageSearch: string): string {
  const key = new URLSearchParams(pageSearch).get(ORG_PARAM);
  return key === null
    ? STATUS_ENDPOINT
    : `${STATUS_ENDPOINT}?${ORG_PARAM}=${encodeURIComponent(key)}`;
}

/** Loads the page again showing another org view. */
function showOrg(key: string): void {
  const params = new URLSearchParams(window.location.search);
  params.set(ORG_PARAM, key);
  window.location.search = params.toString();
}

/** Fills the page's source line, org filter and banners from the server status. */
export async function showPreviewStatus(sourceLine: HTMLElement, bannerHost: HTMLElement) {
  const response = await fetch(statusUrl(window.location.search));
  const status = (await response.json()) as PreviewStatus & { message?: string };
  if (!response.ok) {
    sourceLine.textContent = status.message ?? `Preview status unavailable (${response.status}).`;
    return;
  }
  sourceLine.textContent = `Data: ${status.source}`;
  if (status.orgs) {
    sourceLine.after(orgFilter(status.orgs, showOrg));
    const orgsBanner = incompleteOrgsBanner(status.orgs);
    if (orgsBanner) bannerHost.appendChild(orgsBanner);
    for (const org of status.orgs.incomplete)
      console.warn(`License Lens: ${incompleteOrgLine(org)}`);
  }
  const banner = problemBanner(status);
  if (banner) bannerHost.appendChild(banner);
}
