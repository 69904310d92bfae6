/** Hash routing: `#/`, `#/tasks/:id`, `#/tasks/:id/preview/:submission`, `#/create`, `#/account`. */
export * from './route.js';
export * from './use-route.js';
