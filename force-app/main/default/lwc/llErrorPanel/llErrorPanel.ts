import { LightningElement, api } from 'lwc';
import { reduceErrors, missingPermission, permissionSetGranting } from 'c/llErrors';

/**
 * Shows an error as an SLDS alert: a friendly message, the permission to ask the
 * admin for when the server names one, and the raw messages behind a toggle.
 */
export default class LlErrorPanel extends LightningElement {
  /** A friendly one-line summary shown above the details. */
  @api friendlyMessage = 'Something went wrong while loading License Lens data.';
  /** Any error or list of errors (Apex, UI API, network, JS). */
  @api errors: unknown;

  showDetails = false;

  get messages(): string[] {
    return reduceErrors(this.errors);
  }

  get hasMessages(): boolean {
    return this.messages.length > 0;
  }

  get permission(): string | null {
    return missingPermission(this.messages);
  }

  /** The License Lens permission set that grants the missing permission, if one does. */
  get permissionSet(): string | null {
    return permissionSetGranting(this.permission);
  }

  get detailsLabel(): string {
    return this.showDetails ? 'Hide details' : 'Show details';
  }

  handleToggleDetails(): void {
    this.showDetails = !this.showDetails;
  }
}
