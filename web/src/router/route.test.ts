import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash } from './route.js';

describe('parseRoute', () => {
  it.each([
    ['', { page: 'tasks' }],
    ['#/', { page: 'tasks' }],
    ['#/tasks', { page: 'tasks' }],
    ['#/tasks/7', { page: 'task', taskId: 7n }],
    ['#/tasks/7/preview/2', { page: 'preview', taskId: 7n, submissionId: 2n }],
    ['#/create', { page: 'create' }],
    ['#/account', { page: 'account' }],
  ])('parses %s', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it('round-trips through routeHash', () => {
    for (const hash of ['#/', '#/tasks/12', '#/tasks/3/preview/0', '#/create', '#/account']) {
      expect(routeHash(parseRoute(hash))).toBe(hash);
    }
  });

  it.each([
    '#/tasks/07',
    '#/tasks/-1',
    '#/tasks/0x1',
    '#/tasks/1/2',
    '#/<script>',
    `#/tasks/${'9'.repeat(100)}`,
  ])('sends %s to not-found without throwing', (hash) => {
    expect(parseRoute(hash).page).toBe('not-found');
  });
});
