/** What tests of other packages build kinds' bundles with (`@tem/core/kinds/test-support`). */
export * from './networks.js';
