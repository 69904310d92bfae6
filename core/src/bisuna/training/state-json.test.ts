import { describe, expect, it } from 'vitest';
import { readPopulation, writePopulation } from '../dat-codec.js';
import { trainingConfigFromJson } from './config.js';
import { stateFromJson, stateToJson, toDatPopulation } from './state-json.js';
import { createTrainingState } from './trainer.js';

const config = trainingConfigFromJson({ population: 8, noveltyMapSize: 3, initialMutations: 20 });

describe('training state JSON', () => {
  it('round-trips a state exactly', () => {
    const state = createTrainingState(config, 3);
    const json = JSON.parse(JSON.stringify(stateToJson(state)));
    expect(stateToJson(stateFromJson(json))).toEqual(json);
  });

  it.each([
    ['not an object', () => 5, /expected an object/],
    ['another format', (j: any) => ({ ...j, format: 'x' }), /format "x"/],
    ['another version', (j: any) => ({ ...j, version: 99 }), /version 99, expected 1/],
    ['a bad phase', (j: any) => ({ ...j, phase: 'lunch' }), /phase "lunch"/],
    [
      'a bad config',
      (j: any) => ({ ...j, config: { ...j.config, population: -1 } }),
      /population = -1/,
    ],
    ['a missing number', (j: any) => ({ ...j, tick: 'x' }), /tick is not a number/],
    [
      'truncated genomes',
      (j: any) => ({ ...j, alices: { ...j.alices, genomes: j.alices.genomes.slice(0, 40) } }),
      /truncated|odd byte count/,
    ],
    [
      'malformed base64',
      (j: any) => ({ ...j, bobs: { ...j.bobs, genomes: '!!!!' } }),
      /malformed base64/,
    ],
    [
      'a population of the wrong size',
      (j: any) => ({ ...j, eves: { ...j.eves, fitness: [1] } }),
      /genomes for population/,
    ],
  ])('rejects %s with a TrainingStateError or config error', (_, edit, message) => {
    const json = JSON.parse(JSON.stringify(stateToJson(createTrainingState(config, 3))));
    let error: unknown;
    try {
      stateFromJson(edit(json));
    } catch (e) {
      error = e;
    }
    expect(['TrainingStateError', 'TrainingConfigError']).toContain((error as Error).name);
    expect((error as Error).message).toMatch(message);
  });

  it('writes populations in the reference .dat layout with the chosen genome in cell 0', () => {
    const state = createTrainingState(config, 3);
    const chosen = state.alices.cells[5]!.module;
    const pop = readPopulation(writePopulation(toDatPopulation(state.alices, chosen)));
    expect(pop.cells).toHaveLength(8);
    expect(pop.cells[0]!.module.conns).toEqual(chosen.conns);
    expect(pop.cells[0]!.module.params.networkID).toBe(0);
    expect(pop.noveltyMap.spectra).toHaveLength(3);
    expect(pop.config).toMatchObject({
      obs: 3,
      actions: 3,
      population: 8,
      stepMuts: 5,
      mapSize: 3,
    });
    expect(pop.cells.every((c) => c.state.neurons.every((n) => n.state === 0 && !n.isFired))).toBe(
      true,
    );
  });
});
