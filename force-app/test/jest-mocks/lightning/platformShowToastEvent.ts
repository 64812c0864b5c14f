/** Jest stand-in for lightning/platformShowToastEvent: a plain CustomEvent. */
export const SHOW_TOAST_EVENT_NAME = 'lightning__showtoast';

export class ShowToastEvent extends CustomEvent<unknown> {
  constructor(toast: { title?: string; message?: string; variant?: string; mode?: string }) {
    super(SHOW_TOAST_EVENT_NAME, {
      composed: true,
      cancelable: true,
      bubbles: true,
      detail: toast
    });
  }
}
