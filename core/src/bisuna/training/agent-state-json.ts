import type { AgentTrainingConfig, AgentTrainingState } from './agent-trainer.js';
import { TrainingStateError } from './errors.js';
import {
  moduleFromText,
  moduleToText,
  populationFromJson,
  populationToJson,
} from './state-json.js';

export const AGENT_STATE_FORMAT = 'tem/bisuna-agent-training-state';
export const AGENT_STATE_VERSION = 1;

/** A JSON-serialisable copy of a single-population run (genomes packed as base64). */
export function agentStateToJson(s: AgentTrainingState): Record<string, unknown> {
  return {
    format: AGENT_STATE_FORMAT,
    version: AGENT_STATE_VERSION,
    kind: s.kind,
    seed: s.seed,
    config: s.config,
    generation: s.generation,
    population: populationToJson(s.population),
    champion: s.champion && { ...s.champion, module: moduleToText(s.champion.module) },
    history: s.history,
    evaluations: s.evaluations,
    solvedAt: s.solvedAt,
    done: s.done,
    elapsedMs: s.elapsedMs,
  };
}

/** {@link agentStateToJson} without the wall-clock fields: equal exactly for two equal runs. */
export function reproducibleAgentStateJson(s: AgentTrainingState): unknown {
  const json = agentStateToJson(s);
  delete json.elapsedMs;
  if (json.solvedAt) (json.solvedAt as { elapsedMs?: number }).elapsedMs = 0;
  return JSON.parse(JSON.stringify(json));
}

/** Whether `value` looks like {@link agentStateToJson}'s output (of any kind). */
export function isAgentStateJson(value: unknown): value is { kind: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { format?: unknown }).format === AGENT_STATE_FORMAT
  );
}

/**
 * Restores a state written by {@link agentStateToJson} for task kind `kind`, its config checked
 * by `config` (the kind's validator); throws TrainingStateError naming what is wrong.
 */
export function agentStateFromJson<C extends AgentTrainingConfig>(
  value: unknown,
  kind: string,
  config: (value: unknown) => C,
): AgentTrainingState<C> {
  if (!isAgentStateJson(value)) {
    throw new TrainingStateError(`training state: not a ${AGENT_STATE_FORMAT} object`);
  }
  const v = value as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  if (v.version !== AGENT_STATE_VERSION) {
    throw new TrainingStateError(
      `training state: version ${JSON.stringify(v.version)}, expected ${AGENT_STATE_VERSION}`,
    );
  }
  if (v.kind !== kind) {
    throw new TrainingStateError(
      `training state: a run of ${JSON.stringify(v.kind)}, not of ${kind}`,
    );
  }
  for (const k of ['seed', 'generation', 'evaluations', 'elapsedMs']) {
    if (typeof v[k] !== 'number' || !Number.isFinite(v[k]))
      throw new TrainingStateError(`training state: ${k} is not a number`);
  }
  let checked: C;
  try {
    checked = config(v.config);
  } catch (error) {
    throw new TrainingStateError(`training state: config: ${(error as Error).message}`);
  }
  const population = populationFromJson(v.population, 'population');
  const m = population.cells[0]?.module.params;
  if (m && (m.nInputs !== checked.inputs || m.nOutputs !== checked.outputs)) {
    throw new TrainingStateError(
      `training state: networks of ${m.nInputs} inputs and ${m.nOutputs} outputs, the config has ${checked.inputs} and ${checked.outputs}; start a new run`,
    );
  }
  return {
    kind,
    seed: v.seed,
    config: checked,
    generation: v.generation,
    population,
    champion: v.champion
      ? { ...v.champion, module: moduleFromText(v.champion.module, 'champion')! }
      : null,
    history: Array.isArray(v.history) ? v.history : [],
    evaluations: v.evaluations,
    solvedAt: v.solvedAt ?? null,
    done: Boolean(v.done),
    elapsedMs: v.elapsedMs,
  };
}
