/** The pages of the site, addressed by hash (`#/tasks/7`) so any IPFS gateway can serve them. */
export type Route =
  | { page: 'tasks' }
  | { page: 'task'; taskId: bigint }
  | { page: 'preview'; taskId: bigint; submissionId: bigint }
  | { page: 'create' }
  | { page: 'account' }
  | { page: 'not-found'; path: string };

const decimal = /^(0|[1-9][0-9]{0,77})$/;

/**
 * Parses a location hash into a route; anything unknown is `not-found`, never an exception.
 *
 * @example
 * parseRoute('#/tasks/7'); // { page: 'task', taskId: 7n }
 */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\?.*$/, '') || '/';
  const parts = path.split('/').filter(Boolean);
  if (parts.length === 0) return { page: 'tasks' };
  const [first, second, third, fourth] = parts;
  if (first === 'tasks' && parts.length === 1) return { page: 'tasks' };
  if (first === 'tasks' && second && decimal.test(second)) {
    if (parts.length === 2) return { page: 'task', taskId: BigInt(second) };
    if (parts.length === 4 && third === 'preview' && fourth && decimal.test(fourth)) {
      return { page: 'preview', taskId: BigInt(second), submissionId: BigInt(fourth) };
    }
  }
  if (first === 'create' && parts.length === 1) return { page: 'create' };
  if (first === 'account' && parts.length === 1) return { page: 'account' };
  return { page: 'not-found', path: path.slice(0, 200) };
}

/** The hash for a route: the inverse of `parseRoute`. */
export function routeHash(route: Route): string {
  switch (route.page) {
    case 'tasks':
      return '#/';
    case 'task':
      return `#/tasks/${route.taskId}`;
    case 'preview':
      return `#/tasks/${route.taskId}/preview/${route.submissionId}`;
    case 'create':
      return '#/create';
    case 'account':
      return '#/account';
    case 'not-found':
      return `#${route.path}`;
  }
}
