import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ContentStore } from '@tem/core/ipfs';
import {
  BUNDLE_FILES,
  RESULT_MANIFEST_SCHEMA,
  RESULT_MANIFEST_VERSION,
  type ResultManifest,
} from '@tem/core/task';
import { SHARED_DATA } from './paths.js';

/** The reference's U1 pair (P inputs, the otp layout): the agents of the tests' cipher bundles. */
export async function referenceAgents(): Promise<{ alice: Uint8Array; bob: Uint8Array }> {
  const [alice, bob] = await Promise.all([
    readFile(path.join(SHARED_DATA, 'bisuna/U1/alicesCPAbisuna.dat')),
    readFile(path.join(SHARED_DATA, 'bisuna/U1/bobsCPAbisuna.dat')),
  ]);
  return { alice: new Uint8Array(alice), bob: new Uint8Array(bob) };
}

/** A cipher bundle's manifest for `task`, pair 0 and 0, with a one-generation training record. */
export function bundleManifest(task: { taskId: bigint; specCid: string }): ResultManifest {
  return {
    schema: RESULT_MANIFEST_SCHEMA,
    version: RESULT_MANIFEST_VERSION,
    taskId: task.taskId.toString(),
    specCid: task.specCid,
    pair: { alice: 0, bob: 0 },
    training: { seed: 'fixture', generations: 1, seconds: 1, bestFitness: 1, runner: 'testkit' },
    history: [],
  };
}

/**
 * Uploads a cipher result bundle for `task` as a directory (manifest plus the reference's U1
 * agents); `files` replaces any of them, or drops one given as `undefined`. Returns its CID.
 */
export async function publishReferenceBundle(
  store: ContentStore,
  task: { taskId: bigint; specCid: string },
  files: Partial<Record<string, Uint8Array>> = {},
): Promise<string> {
  const { alice, bob } = await referenceAgents();
  const all: Record<string, Uint8Array | undefined> = {
    [BUNDLE_FILES.manifest]: new TextEncoder().encode(JSON.stringify(bundleManifest(task))),
    [BUNDLE_FILES.alice]: alice,
    [BUNDLE_FILES.bob]: bob,
    ...files,
  };
  return publishFiles(
    store,
    new Map(Object.entries(all).filter((e): e is [string, Uint8Array] => e[1] !== undefined)),
  );
}

/** Uploads exactly `files` as a directory and returns its CID. */
export async function publishFiles(
  store: ContentStore,
  files: ReadonlyMap<string, Uint8Array>,
): Promise<string> {
  const entries = [...files].map(([name, content]) => ({ path: name, content }));
  return (await store.put({ kind: 'directory', entries })).toString();
}
