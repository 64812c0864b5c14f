/**
 * License Lens analytics: the product's rules as pure functions (no DOM).
 * Components, the local preview and the scripts all import them from here.
 *
 * Modules re-exported by name keep internal building blocks (the one-pass
 * tallies analyzeOrg uses, the group ledger, the id matcher) out of the API.
 */
export * from './licenses';
export * from './time';
export * from './settings';
export * from './logins';
export { summarizeUserLogins } from './accumulate';
export { topApplications, NO_APPLICATION_LABEL, DEFAULT_TOP_APPLICATIONS } from './applications';
export type { ApplicationUsage } from './applications';
export * from './pricing';
export {
  ACTIVITY_STATUSES,
  INTEGRATION_API_SHARE,
  INTEGRATION_MIN_SUCCESSFUL_LOGINS,
  ADMIN_PROFILE_NAMES,
  activityCutoffs,
  isAdminProfile,
  analyzeUsers
} from './activity';
export type {
  ActivityStatus,
  UsageProfile,
  LastLoginSource,
  UserInsight,
  ActivityOptions,
  ActivityCutoffs
} from './activity';
export { UNKNOWN_LICENSE_NAME, unassignedPaidSeats, computeWaste } from './waste';
export type { LicenseWasteRow, WasteReport, WasteOptions } from './waste';
export { availableIntegrationSeats, findIntegrations } from './integrations';
export type { IntegrationFinding, IntegrationReport } from './integrations';
export {
  NONE_FILTER_VALUE,
  NONE_FILTER_LABEL,
  FILTER_FIELDS,
  isEmptyFilter,
  narrowsBeyondLicense,
  createUserFilter,
  filterUsers,
  buildFilterOptions
} from './filters';
export type { UserFilters, FilterField, FilterOption, FilterOptions } from './filters';
export * from './table';
export * from './csv';
export * from './trend';
export * from './dashboard';
export * from './reclaim';
export * from './handOff';
export * from './policyEdit';
export {
  HISTORY_MONTHS_PER_READ,
  HISTORY_MAX_MONTHS,
  HISTORY_MAX_CALLS,
  DEFAULT_HISTORY_READ_OPTIONS,
  monthIndex,
  monthOfIndex,
  addMonths,
  monthOfDay,
  daysInMonth,
  monthsBetween,
  readHistory,
  buildHistoryView,
  defaultHistoryLicense,
  coverageLabel
} from './history';
export type {
  ReadHistorySlice,
  HistoryReadOptions,
  HistoryReadProgress,
  HistoryRead,
  LicenseHistoryPoint,
  LicenseHistory,
  LoginHistoryPoint,
  HistoryView
} from './history';
export {
  CAME_BACK_DAYS,
  OUTCOME_PAGE_SIZE,
  OUTCOME_MAX_CALLS,
  MANUAL_POLICY_LABEL,
  NO_DEPARTMENT_LABEL,
  cameBack,
  checkOutcomePage,
  buildReclaimOutcomes,
  readReclaimOutcomes,
  sharedOutcomeRead,
  OUTCOME_SHOWN_MONTHS,
  outcomeOfMonths,
  outcomeRangeOf,
  OUTCOME_MAX_MONTHS
} from './reclaimOutcomes';
export type {
  ReturnVerdict,
  OutcomeFact,
  OutcomeFigures,
  MonthOutcome,
  DepartmentOutcome,
  PolicyOutcome,
  ReclaimOutcomes,
  ReadOutcomePage,
  OutcomeRead
} from './reclaimOutcomes';
export {
  SIMULATION_PAGE_SIZE,
  SIMULATION_MAX_CALLS,
  SIMULATION_DAYS,
  DAYS_PER_MONTH,
  candidateNight,
  mergeSimulationPages,
  simulatePolicy,
  simulationNotes,
  readPolicySimulation
} from './policySimulation';
export type {
  SimulationGap,
  SimulationUser,
  SimulationInput,
  SimulatedLicense,
  SimulationResult,
  ReadSimulationPage,
  SimulationRead
} from './policySimulation';
