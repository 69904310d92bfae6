import { cancel } from '@tem/core/market';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '@tem/testkit/roles';
import type { FunctionHandler } from './http/handler.js';
import { silentLogger } from './lib/logger.js';
import { createServices } from './services.js';
import type { TaskListJson } from './tasks.js';
import { tasksHandlerFromServices } from './tasks.js';
import {
  startMarketFixture,
  type FixtureTask,
  type MarketFixture,
} from './test-support/market-fixture.js';

let fx: MarketFixture;
let handler: FunctionHandler;
let clock = 0;
const tasks: FixtureTask[] = [];

async function list(query = ''): Promise<{ response: Response; body: TaskListJson }> {
  const response = await handler(new Request(`http://localhost/api/tasks${query}`), {
    params: {},
    ip: '10.0.0.1',
  });
  return { response, body: (await response.clone().json()) as TaskListJson };
}

beforeAll(async () => {
  fx = await startMarketFixture();
  // Bounties 3, 1, 2 ether; commit deadlines 3000, 1000, 2000 s from now; the last is cancelled.
  tasks.push(await fx.createTask({ bountyWei: 3n * 10n ** 18n, commitSeconds: 3000 }));
  tasks.push(await fx.createTask({ bountyWei: 1n * 10n ** 18n, commitSeconds: 1000 }));
  tasks.push(await fx.createTask({ bountyWei: 2n * 10n ** 18n, commitSeconds: 2000 }));
  tasks.push(await fx.createTask({ bountyWei: 5n * 10n ** 18n, commitSeconds: 500 }));
  await cancel(fx.client(ROLES.owner), { taskId: tasks[3]!.taskId });
  handler = tasksHandlerFromServices(
    createServices(fx.env(), { log: silentLogger, now: () => clock }),
  );
});

afterAll(async () => {
  await fx?.close();
});

describe('GET /api/tasks', () => {
  it('lists tasks newest first with chain state and CDN cache headers', async () => {
    const { response, body } = await list();
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toMatch(/^public, max-age=5/);
    expect(response.headers.get('netlify-vary')).toBe('query');
    expect(body.total).toBe(4);
    expect(body.items.map((t) => t.id)).toEqual(['4', '3', '2', '1']);
    expect(body.market).toBe(fx.market);
    expect(body.chainId).toBe(366);
    expect(body.items[3]!.bountyWei).toBe((3n * 10n ** 18n).toString());
    expect(body.items[3]!.specCid).toBe(tasks[0]!.specCid);
    expect(body.items[0]!.phase).toBe('cancelled');
  });

  it('filters open and closed tasks', async () => {
    expect((await list('?status=open')).body.items.map((t) => t.id)).toEqual(['3', '2', '1']);
    expect((await list('?status=closed')).body.items.map((t) => t.id)).toEqual(['4']);
    expect((await list('?phase=commit')).body.total).toBe(3);
  });

  it('sorts by bounty and by deadline', async () => {
    expect((await list('?sort=bounty')).body.items.map((t) => t.id)).toEqual(['4', '1', '3', '2']);
    expect((await list('?sort=bounty&order=asc')).body.items.map((t) => t.id)).toEqual([
      '2',
      '3',
      '1',
      '4',
    ]);
    expect((await list('?status=open&sort=deadline')).body.items.map((t) => t.id)).toEqual([
      '2',
      '3',
      '1',
    ]);
  });

  it('pages', async () => {
    const first = await list('?pageSize=3&sort=id&order=asc');
    expect(first.body.items.map((t) => t.id)).toEqual(['1', '2', '3']);
    expect(first.body.totalPages).toBe(2);
    const second = await list('?pageSize=3&page=2&sort=id&order=asc');
    expect(second.body.items.map((t) => t.id)).toEqual(['4']);
    expect((await list('?page=9')).body.items).toEqual([]);
  });

  it('reuses chain reads for the TTL, then reads again', async () => {
    await list();
    await fx.createTask();
    expect((await list()).body.total).toBe(4);
    clock += 5_001;
    expect((await list()).body.total).toBe(5);
  });

  it('refuses bad query parameters with 400 naming the parameter', async () => {
    for (const query of [
      '?status=maybe',
      '?sort=price',
      '?page=0',
      '?pageSize=101',
      '?foo=1',
      '?page=1&page=2',
      '?order=up',
    ]) {
      const { response, body } = await list(query);
      expect(response.status, query).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect((body as unknown as { detail: string }).detail).toMatch(
        /status|sort|page|pageSize|foo|order/,
      );
    }
  });
});
