import { LightningElement, api } from 'lwc';

/**
 * The pager under a License Lens table: the row summary (announced politely to
 * screen readers) and Previous / Next buttons. It only renders: the card owns
 * the page number and tells the pager what to show; the pager raises
 * `previous` and `next` when a button is pressed.
 */
export default class LlPager extends LightningElement {
  /** The row summary, e.g. "Rows 1–50 of 105, page 1 of 3". */
  @api summary = '';
  /** True on the first page. */
  @api previousDisabled = false;
  /** True on the last page. */
  @api nextDisabled = false;

  handlePrevious(): void {
    this.dispatchEvent(new CustomEvent('previous'));
  }

  handleNext(): void {
    this.dispatchEvent(new CustomEvent('next'));
  }
}
