import { compileGenome, NetworkKernel, Mt19937Random, type Module } from '../bisuna/index.js';
import { runEveEpisode, type EpisodeEngine } from '../bisuna/training/cpa-episode.js';
import type { MutationRates } from '../bisuna/training/mutation.js';
import { cloneModule } from '../bisuna/training/mutation.js';
import { createPopulation, spectrumDiversityEvolve } from '../bisuna/training/population.js';
import { deriveSeed } from '../bisuna/training/random.js';
import type { EveTrainer, EveTrainingOptions } from './eve-game.js';

/** Population settings of the verifier's Eve besides the spec's budget. */
export interface EvolutionSettings {
  mutation: MutationRates;
  initialMutations: number;
  stepMutations: number;
  /** Where Eve's episodes run (same results either way); default WebAssembly where it runs. */
  engine?: EpisodeEngine;
}

/**
 * The verifier's Eve trainer: the BiSUNA evolution of the engine (spec §8, with the training
 * fixes) on the distinguishing game, every cell evaluated on the same fresh game each generation,
 * novelty map of max(1, floor(population / 5)) niches (the reference's 20 of 100). Returns the
 * best Eve of the last evaluated generation (ties: the lowest index).
 */
export function evolutionEveTrainer(settings: EvolutionSettings): EveTrainer {
  return {
    async train(o: EveTrainingOptions): Promise<Module> {
      const P = o.payloadWords;
      const pop = createPopulation(
        new Mt19937Random(deriveSeed(o.seed, 1), 'libc++'),
        {
          inputs: 3 * P,
          outputs: 1,
          populationSize: o.population,
          noveltyMapSize: Math.max(1, Math.floor(o.population / 5)),
          initialMutations: settings.initialMutations,
          stepMutations: settings.stepMutations,
        },
        settings.mutation,
      );
      const evolveRng = new Mt19937Random(deriveSeed(o.seed, 2), 'libc++');
      let best: Module = cloneModule(pop.cells[0]!.module);
      for (let g = 0; g < o.generations; g++) {
        await o.checkpoint?.('eve training');
        const game = o.gameFor(g);
        let bestIdx = 0;
        pop.cells.forEach((cell, i) => {
          const eve = new NetworkKernel(compileGenome(cell.module));
          const rng = new Mt19937Random(deriveSeed(o.seed, 3, g), 'libc++');
          cell.fitness = runEveEpisode(
            eve,
            game.payloads,
            game.ciphers,
            P,
            game.steps,
            rng,
            settings.engine,
          );
          if (cell.fitness > pop.cells[bestIdx]!.fitness) bestIdx = i;
        });
        best = cloneModule(pop.cells[bestIdx]!.module);
        o.onGeneration?.(g + 1);
        if (g + 1 < o.generations) spectrumDiversityEvolve(pop, evolveRng, settings.mutation);
      }
      return best;
    },
  };
}
