/** An error the local controller answers with, as an AuraHandledException would be. */
export class ApexError extends Error {
  constructor(
    message: string,
    /** HTTP status the preview server answers with. */
    readonly statusCode = 400,
    readonly exceptionType = 'System.AuraHandledException'
  ) {
    super(message);
    this.name = 'ApexError';
  }
}
