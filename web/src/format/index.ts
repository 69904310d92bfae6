/** Display helpers: TFuel amounts, countdowns, safe links. */
export * from './safe-url.js';
export * from './tfuel.js';
export * from './time.js';
