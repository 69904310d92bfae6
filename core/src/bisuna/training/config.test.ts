import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TRAINING_CONFIG,
  environmentConfPath,
  trainingConfigFromIni,
  trainingConfigFromJson,
} from './config.js';
import { TrainingConfigError } from './errors.js';
import { parseIni } from './ini.js';

const hackathon = readFileSync(
  path.join(import.meta.dirname, 'fixtures/DistributedPopulationCPA.ini'),
  'utf8',
);

describe('reference ini', () => {
  it('reads the hackathon configuration', () => {
    const c = trainingConfigFromIni(hackathon);
    expect(c).toMatchObject({
      generations: 500000,
      population: 100,
      noveltyMapSize: 20,
      stepMutations: 5,
      initialMutations: 200,
      steps: 300,
      payloadWords: 3,
      keyWords: 3,
      eveAdvantage: 100,
      numGensMaxExpectedReward: 20,
      adversaryRequiresTraining: true,
      preTrainAB: true,
      keyRegime: 'short-key',
      evePretrainGenerations: 100,
    });
    expect(c.mutation).toEqual(DEFAULT_TRAINING_CONFIG.mutation);
    expect(environmentConfPath(hackathon)).toBe('DistributedPopulationCPA.ini');
  });

  it('takes the environment section from a separate EnvironmentConf text and our KeyRegime key', () => {
    const main = hackathon.replace(/\[SymmetricEncryptionCPA\][\s\S]*$/, '');
    const env =
      '[SymmetricEncryptionCPA]\nPayloadSize = 2\nKeySize = 2\nMaxSteps = 40\nKeyRegime = otp\n';
    expect(trainingConfigFromIni(main, env)).toMatchObject({
      payloadWords: 2,
      keyWords: 2,
      steps: 40,
      keyRegime: 'otp',
    });
  });

  it('parses comments, colons and inline comments like inih', () => {
    const s = parseIni('; c\n# c\n[A]\nx: 1\ny = two ; note\n');
    expect(s.get('A')).toEqual(
      new Map([
        ['x', '1'],
        ['y', 'two'],
      ]),
    );
  });

  it.each([
    [
      'a non-integer',
      ['PopulationSize = 100', 'PopulationSize = ten'],
      /\[Population\] PopulationSize = 'ten': expected an integer/,
    ],
    [
      'a probability above 1',
      ['ChanceAddNeuron = 0.01', 'ChanceAddNeuron = 1.5'],
      /ChanceAddNeuron = '1.5'/,
    ],
    [
      'a bad boolean',
      ['PreTrainAB = true', 'PreTrainAB = maybe'],
      /PreTrainAB = 'maybe': expected true or false/,
    ],
    [
      'another environment',
      ['EnvironmentName = SymmetricEncryptionCPA', 'EnvironmentName = MountainCar'],
      /EnvironmentName = 'MountainCar'/,
    ],
    [
      'a map as large as the population',
      ['NoveltyMapSize = 20', 'NoveltyMapSize = 100'],
      /noveltyMapSize = 100: must be smaller than population/,
    ],
    [
      'otp with a short key',
      ['KeySize = 3', 'KeySize = 1\nKeyRegime = otp'],
      /keyWords = 1: must equal payloadWords/,
    ],
    [
      'an unknown key regime',
      ['KeySize = 3', 'KeySize = 3\nKeyRegime = none'],
      /KeyRegime = 'none'/,
    ],
    ['test mode', ['TestMode = false', 'TestMode = true'], /TestMode = true/],
    ['a broken line', ['[Thread]', '[Thread]\nnot a pair'], /ini line \d+: expected 'key = value'/],
  ])('rejects %s with an error naming it', (_, [from, to], message) => {
    const text = hackathon.replace(from!, to!);
    expect(() => trainingConfigFromIni(text)).toThrow(TrainingConfigError);
    expect(() => trainingConfigFromIni(text)).toThrow(message);
  });
});

describe('JSON config', () => {
  it('fills missing fields from the defaults', () => {
    const c = trainingConfigFromJson({
      population: 10,
      noveltyMapSize: 3,
      mutation: { addNeuron: 0.05 },
    });
    expect(c.population).toBe(10);
    expect(c.mutation.addNeuron).toBe(0.05);
    expect(c.mutation.delNeuron).toBe(0.01);
    expect(c.keyRegime).toBe('short-key');
  });

  it.each([
    [[], /expected a JSON object/],
    [{ populaton: 10 }, /populaton: unknown training config key/],
    [{ mutation: { add: 1 } }, /mutation.add: unknown mutation key/],
    [{ steps: 1.5 }, /steps = 1.5: expected an integer/],
    [{ mutation: { weightMutation: -1 } }, /mutation.weightMutation = -1/],
    [{ keyRegime: 'xor' }, /keyRegime = "xor"/],
    [{ preTrainAB: 'yes' }, /preTrainAB = "yes": expected true or false/],
  ])('rejects %j', (value, message) => {
    expect(() => trainingConfigFromJson(value)).toThrow(message);
  });
});
