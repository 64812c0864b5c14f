// sfdx-lwc-jest ships no types; it re-exports the wire test adapters.
declare module '@salesforce/sfdx-lwc-jest' {
  export {
    createApexTestWireAdapter,
    createLdsTestWireAdapter,
    createTestWireAdapter
  } from '@salesforce/wire-service-jest-util';
}
