/**
 * @tem/core: the isomorphic library of the Theta Edge Marketplace. It runs in browsers, Web
 * Workers, worker threads and Node alike, and imports no Node built-ins.
 *
 * Import the area you need by subpath, e.g. `@tem/core/ipfs`, so bundles stay small.
 */
export {};
