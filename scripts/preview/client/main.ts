/**
 * Entry of the preview bundle. Synthetic shadow must load before any
 * component, as on the platform; then the app's root component is mounted and
 * the preview banner filled in.
 */
import '@lwc/synthetic-shadow';
import { createElement } from 'lwc';
import RootComponent, { ROOT_TAG } from 'll-preview:root';
import { showPreviewStatus } from './preview-shell';

const APP_HOST_ID = 'app';
const SOURCE_LINE_ID = 'preview-source';
const BANNER_HOST_ID = 'preview-banner';

function byId(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (!found) throw new Error(`The preview page has no #${id} element.`);
  return found;
}

byId(APP_HOST_ID).appendChild(createElement(ROOT_TAG, { is: RootComponent }));
showPreviewStatus(byId(SOURCE_LINE_ID), byId(BANNER_HOST_ID)).catch((error: unknown) => {
  byId(SOURCE_LINE_ID).textContent = `Preview status unavailable: ${String(error)}`;
});
