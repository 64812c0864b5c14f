// Ambient types for LL_PolicyEditController (the policy editor, c/llPolicyEditor):
// creating and editing a reclaim policy. Not cacheable; call imperatively.
// LlApexMethod is declared in apex.d.ts.

declare module '@salesforce/apex/LL_PolicyEditController.getPolicyEdit' {
  const getPolicyEdit: LlApexMethod<
    {
      /** DeveloperName of the policy; null or blank for a new policy's defaults. */
      policyName: string | null;
    },
    import('./contract').PolicyEditDto
  >;
  export default getPolicyEdit;
}

declare module '@salesforce/apex/LL_PolicyEditController.savePolicy' {
  const savePolicy: LlApexMethod<
    {
      policy: import('./contract').PolicyEditDto;
      /** Idempotency key, 1..40 letters, digits, "-", "_". */
      requestId: string;
    },
    import('./contract').PolicySaveResultDto
  >;
  export default savePolicy;
}

declare module '@salesforce/apex/LL_PolicyEditController.getPolicySaveStatus' {
  const getPolicySaveStatus: LlApexMethod<
    { requestId: string },
    import('./contract').PolicySaveResultDto
  >;
  export default getPolicySaveStatus;
}
