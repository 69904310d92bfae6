import { describe, expect, it } from 'vitest';
import { readPopulation, writePopulation } from '../format/dat-codec.js';
import { trainingConfigFromJson } from './config.js';
import { encodeModules, u16ToBase64 } from './genome-codec.js';
import { interfaceModule } from './mutation.js';
import { stateFromJson, stateToJson, toDatPopulation } from './state-json.js';
import { createTrainingState } from './trainer.js';

const config = trainingConfigFromJson({ population: 8, noveltyMapSize: 3, initialMutations: 20 });

describe('training state JSON', () => {
  it('round-trips a state exactly', () => {
    const state = createTrainingState(config, 3);
    const json = JSON.parse(JSON.stringify(stateToJson(state)));
    expect(stateToJson(stateFromJson(json))).toEqual(json);
  });

  it('restores a checkpoint written before eveCoevolution existed with its default', () => {
    const otp = createTrainingState({ ...config, keyRegime: 'otp' }, 3);
    const json = JSON.parse(JSON.stringify(stateToJson(otp)));
    delete json.config.eveCoevolution;
    expect(stateFromJson(json).config.eveCoevolution).toBe(false);
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

  it('rejects a checkpoint of an older short-key layout naming both shapes', () => {
    const state = createTrainingState(config, 3);
    const json = JSON.parse(JSON.stringify(stateToJson(state)));
    const old = state.alices.cells.map((_, i) => interfaceModule(i, 6, 3));
    json.alices.genomes = u16ToBase64(encodeModules(old));
    json.alices.config.obs = 6;
    expect(() => stateFromJson(json)).toThrow(
      /alices has 6 inputs and 3 outputs; short-key needs 4 inputs \(3 key words \+ a step counter\).*older short-key layout/,
    );
    const otp = JSON.parse(
      JSON.stringify(stateToJson(createTrainingState({ ...config, keyRegime: 'otp' }, 3))),
    );
    expect(stateFromJson(otp).alices.cells[0]!.module.params.nInputs).toBe(3);
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
      obs: 4, // short-key: the 3 key words, then the step counter
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
