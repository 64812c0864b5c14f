// Ambient types for the Apex methods the components import: one declaration per
// @AuraEnabled method, shapes from ./contract.ts. An Apex import is both a
// function (imperative call) and a wire adapter, hence LlApexMethod.

type LlApexMethod<Params, Result> = ((params: Params) => Promise<Result>) & {
  adapter: import('lwc').WireAdapterConstructor;
};

declare module '@salesforce/apex/LL_LicenseController.getLicenseSeats' {
  const getLicenseSeats: LlApexMethod<void, import('./contract').LicenseSeatDto[]>;
  export default getLicenseSeats;
}

declare module '@salesforce/apex/LL_InsightsController.getOrgContext' {
  const getOrgContext: LlApexMethod<void, import('./contract').OrgContextDto>;
  export default getOrgContext;
}

declare module '@salesforce/apex/LL_InsightsController.getUserPage' {
  const getUserPage: LlApexMethod<
    {
      afterUserId: string | null;
      pageSize: number;
      windowDays: number;
      /** Oldest day of the slice (YYYY-MM-DD); null/absent = the window's first day. */
      sliceFirstDay?: string | null;
      /** Newest day of the slice (YYYY-MM-DD); null/absent = today. */
      sliceLastDay?: string | null;
    },
    import('./contract').UserPageDto
  >;
  export default getUserPage;
}

declare module '@salesforce/apex/LL_InsightsController.getLoginTrend' {
  const getLoginTrend: LlApexMethod<
    {
      windowDays: number;
      sliceFirstDay?: string | null;
      sliceLastDay?: string | null;
      /** With a one-day slice: read only [partStart, partEnd) of that day (ISO instants). */
      partStart?: string | null;
      partEnd?: string | null;
    },
    import('./contract').LoginTrendDto
  >;
  export default getLoginTrend;
}

// Reclaim (LL_ReclaimController): not cacheable, so call these imperatively,
// never with @wire. Parameters are matched by name.

declare module '@salesforce/apex/LL_ReclaimController.previewReclaim' {
  const previewReclaim: LlApexMethod<
    {
      action: import('./contract').ReclaimAction;
      userIds: string[];
      reason: string;
      permissionSetLicense?: string | null;
      /** What the dashboard showed of each user; the preview then skips newer logins, as reclaim does. */
      inactivity?: import('./contract').ReclaimInactivityDto[] | null;
    },
    import('./contract').ReclaimResultDto
  >;
  export default previewReclaim;
}

declare module '@salesforce/apex/LL_ReclaimController.reclaim' {
  const reclaim: LlApexMethod<
    {
      action: import('./contract').ReclaimAction;
      userIds: string[];
      reason: string;
      /** Client-generated idempotency key (1..64 of A-Z a-z 0-9 - _); a retry with it acts no further. */
      requestId: string;
      permissionSetLicense?: string | null;
      inactivity?: import('./contract').ReclaimInactivityDto[] | null;
    },
    import('./contract').ReclaimResultDto
  >;
  export default reclaim;
}

declare module '@salesforce/apex/LL_ReclaimController.getReclaimStatus' {
  const getReclaimStatus: LlApexMethod<
    { auditBatchId: string },
    import('./contract').ReclaimResultDto
  >;
  export default getReclaimStatus;
}

// Reclaim policies (LL_ReclaimController): read-only, not cacheable; call imperatively.

declare module '@salesforce/apex/LL_ReclaimController.listReclaimPolicies' {
  const listReclaimPolicies: LlApexMethod<void, import('./contract').PolicyPreviewDto[]>;
  export default listReclaimPolicies;
}

declare module '@salesforce/apex/LL_ReclaimController.previewPolicy' {
  const previewPolicy: LlApexMethod<
    {
      policyName: string;
      /** nextAfterUserId of the previous page; null or blank for the first page. */
      afterUserId: string | null;
    },
    import('./contract').PolicyPreviewDto
  >;
  export default previewPolicy;
}

// Reclaim outcomes and policy simulation (LL_ReclaimController): read-only, not cacheable.

declare module '@salesforce/apex/LL_ReclaimController.getReclaimOutcomes' {
  const getReclaimOutcomes: LlApexMethod<
    {
      /** First org-local day ("YYYY-MM-DD"). */
      fromDay: string;
      /** Last org-local day ("YYYY-MM-DD"), at most 731 days after fromDay. */
      toDay: string;
      /** nextAfterId of the previous page; null for the first page. */
      afterId: string | null;
      /** Rows per page, 1..1000; null for 1000. */
      pageSize: number | null;
    },
    import('./contract').ReclaimOutcomePageDto
  >;
  export default getReclaimOutcomes;
}

declare module '@salesforce/apex/LL_ReclaimController.simulatePolicy' {
  const simulatePolicy: LlApexMethod<
    {
      policyName: string;
      /** nextAfterUserId of the previous page; null for the first page. */
      afterUserId: string | null;
      /** Users per page, 1..500; null for 500. */
      pageSize: number | null;
    },
    import('./contract').PolicySimulationPageDto
  >;
  export default simulatePolicy;
}

// History (LL_HistoryController): not cacheable; call imperatively.

declare module '@salesforce/apex/LL_HistoryController.getHistory' {
  const getHistory: LlApexMethod<
    {
      /** "YYYY-MM"; null for the month of the newest kept day. */
      lastMonth: string | null;
      /** 1..12 months back from lastMonth. */
      months: number;
    },
    import('./contract').HistorySliceDto
  >;
  export default getHistory;
}

// Collection (LL_CollectionController): not cacheable, call imperatively.

declare module '@salesforce/apex/LL_CollectionController.getCollectionStatus' {
  const getCollectionStatus: LlApexMethod<
    { jobId?: string | null },
    import('./contract').CollectionStatusDto
  >;
  export default getCollectionStatus;
}

declare module '@salesforce/apex/LL_CollectionController.collectNow' {
  const collectNow: LlApexMethod<void, import('./contract').CollectionStatusDto>;
  export default collectNow;
}

declare module '@salesforce/apex/LL_CollectionController.setNightlySchedule' {
  const setNightlySchedule: LlApexMethod<
    { enabled: boolean; hour: number | null },
    import('./contract').CollectionStatusDto
  >;
  export default setNightlySchedule;
}
