import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseTaskSpecJson } from '@tem/core/task';
import { loadTrainingConfig } from '../src/commands/train.js';

const example = (name: string) => fileURLToPath(new URL(`../examples/${name}`, import.meta.url));

describe('the example configs', () => {
  it("the hackathon's ini trains the reference CPA setup", async () => {
    const config = await loadTrainingConfig(example('DistributedPopulationCPA.ini'));
    expect(config).toMatchObject({
      payloadWords: 3,
      keyWords: 3,
      steps: 300,
      population: 100,
      noveltyMapSize: 20,
      initialMutations: 200,
      stepMutations: 5,
      eveAdvantage: 100,
      generations: 500_000,
    });
  });

  it('the task spec is a valid spec that tem train reads', async () => {
    const text = await readFile(example('task-spec.json'), 'utf8');
    const spec = parseTaskSpecJson(text);
    expect(spec.kind).toBe('bisuna-cipher');
    const config = await loadTrainingConfig(example('task-spec.json'));
    expect(config).toMatchObject({ population: spec.training.population, generations: 1000 });
  });
});
