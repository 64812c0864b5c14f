// Modules the preview build generates (see scripts/preview/build/build-bundle.ts).

declare module 'll-preview:root' {
  /** The app's root component class (c/llDashboard, or c/llLicenseUtilization before it exists). */
  const RootComponent: typeof import('lwc').LightningElement;
  /** Its custom element tag, e.g. "c-ll-dashboard". */
  export const ROOT_TAG: string;
  export default RootComponent;
}

declare module '@lwc/synthetic-shadow';
