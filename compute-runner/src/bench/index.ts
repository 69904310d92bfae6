import { bisunaBench } from './bisuna.js';
import { bisunaTrainingBench } from './bisuna-training.js';
import { ipfsBench } from './cid.js';
import { kindsBench } from './kinds.js';
import { commandsBench } from './commands.js';
import { nistBench } from './nist.js';
import { scoringBench } from './scoring.js';
import type { BenchSuite } from './suite.js';

/** Every suite `tem bench` knows, in the order `tem bench all` runs them. Add new suites here. */
export const benchSuites: BenchSuite[] = [
  ipfsBench,
  nistBench,
  scoringBench,
  bisunaBench,
  bisunaTrainingBench,
  kindsBench,
  commandsBench,
];
