/// <reference lib="webworker" />
// Placeholder worker: replaced by the scoring worker once @tem/core/scoring lands.
self.onmessage = () => {
  self.postMessage({ type: 'error', message: 'scoring is not available yet' });
};
