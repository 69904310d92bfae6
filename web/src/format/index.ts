/** Display helpers: TFuel amounts, scores, countdowns, safe links. */
export * from './safe-url.js';
export * from './tfuel.js';
export * from './time.js';
export * from './score.js';
