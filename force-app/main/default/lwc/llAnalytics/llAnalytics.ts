/**
 * License Lens analytics: the product's rules as pure functions (no DOM).
 * Components, the local preview and the scripts all import them from here.
 */
export * from './licenses';
