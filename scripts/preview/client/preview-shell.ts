/**
 * The preview page's own chrome (not part of the app): a banner that tells the
 * visitor where the data comes from and which export files had problems. It
 * reads GET /preview/status from the preview server.
 */

/** Path of the status endpoint of the preview server. */
export const STATUS_ENDPOINT = '/preview/status';

/** What the server says about its data source (see scripts/preview/server). */
export interface PreviewStatus {
  source: string;
  problems: { file: string; field: string | null; message: string }[];
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

/** Fills the page's source line and problem banner from the server status. */
export async function showPreviewStatus(sourceLine: HTMLElement, bannerHost: HTMLElement) {
  const response = await fetch(STATUS_ENDPOINT);
  const status = (await response.json()) as PreviewStatus;
  sourceLine.textContent = `Data: ${status.source}`;
  const banner = problemBanner(status);
  if (banner) bannerHost.appendChild(banner);
}
