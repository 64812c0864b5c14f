/**
 * License Lens analytics: the product's rules as pure functions (no DOM).
 * Components, the local preview and the scripts all import them from here.
 */
export * from './licenses';
export * from './time';
export * from './settings';
export * from './logins';
export { summarizeUserLogins } from './accumulate';
export { topApplications, NO_APPLICATION_LABEL, DEFAULT_TOP_APPLICATIONS } from './applications';
export type { ApplicationUsage } from './applications';
export * from './pricing';
export * from './activity';
export * from './waste';
export * from './integrations';
export * from './filters';
export * from './table';
export * from './csv';
export * from './trend';
export * from './dashboard';
