import { readFileSync } from 'node:fs';
import { DeployError } from './errors.js';

/** The committed compile output of TaskMarket (`contracts/artifacts/TaskMarket.json`). */
export interface TaskMarketArtifact {
  contractName: string;
  sourceName: string;
  compiler: { name: string; version: string; settings: Record<string, unknown> };
  abi: readonly Record<string, unknown>[];
  /** Creation bytecode, 0x-prefixed. */
  bytecode: string;
  /** Runtime bytecode, 0x-prefixed. */
  deployedBytecode: string;
  metadata: string;
}

/** URL of the committed TaskMarket artifact. */
export const taskMarketArtifactUrl = new URL('../artifacts/TaskMarket.json', import.meta.url);

let cached: TaskMarketArtifact | undefined;

/** Reads the committed TaskMarket artifact (compiled by `npm run compile:contracts`). */
export function loadTaskMarketArtifact(): TaskMarketArtifact {
  if (cached) return cached;
  try {
    cached = JSON.parse(readFileSync(taskMarketArtifactUrl, 'utf8')) as TaskMarketArtifact;
  } catch (err) {
    throw new DeployError(
      `cannot read ${taskMarketArtifactUrl.pathname} (run npm run compile:contracts): ${(err as Error).message}`,
    );
  }
  return cached;
}
