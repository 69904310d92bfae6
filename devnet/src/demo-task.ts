import { localGatewayStore } from '@tem/core/ipfs';
import { createTask, type MarketClient } from '@tem/core/market';
import {
  LIGHT_SCORING,
  defaultTaskSpec,
  type ScoringParameters,
  type TaskSpec,
  type TrainingParameters,
} from '@tem/core/task';
import { parseEther } from 'ethers';
import type { DemoKind } from './demo-kinds.js';
import { DevnetError } from './errors.js';

/**
 * The demo's bounty: more than the runner's gas at Theta's 4000 gwei minimum (about 640,000 gas for
 * commit, reveal, three seed commitments and contributions, the score, finalize and withdraw: some
 * 2.5 TFuel), so `--theta-rpc` pays too.
 */
export const DEMO_BOUNTY_WEI = parseEther('10');

/** The demo's commit bond: paid with the commit, returned with the reveal. */
export const DEMO_COMMIT_BOND_WEI = parseEther('0.01');

/** Signatures a score of the demo task needs, of its three verifiers. */
export const DEMO_THRESHOLD = 2;

/**
 * Real-time windows of the demo task (seconds of chain time; see the README on fast-forward): the
 * commit window, the reveal window, each half of the seed window (commitments, then
 * contributions), and the scoring window after it.
 */
export const DEMO_WINDOWS = { commit: 120, reveal: 60, seed: 30, scoring: 90 } as const;

/**
 * The demo's training: long enough (about 6 s of one core) for the winning pair to be a real
 * keystream cipher, decrypting every stream and passing the verifier's key gate (every key bit
 * reaching about half the ciphertext), small enough for the demo to reach its payout in 90 s.
 */
export const DEMO_TRAINING: Partial<TrainingParameters> = {
  population: 40,
  noveltyMapSize: 8,
  steps: 100,
  initialMutations: 50,
  stepMutations: 5,
  eveAdvantage: 4,
  generations: 250,
};

/** Light scoring, with four random streams of 1,024 words so the key trials read four keys. */
export const DEMO_SCORING: Pick<ScoringParameters, 'streams' | 'eve'> = {
  ...LIGHT_SCORING,
  streams: { count: 4, words: 1_024 },
};

/** The cipher demo's spec: it trains in seconds on one core and scores in a few seconds. */
export function demoSpec(verifier: { url: string; address: string }): TaskSpec {
  const spec = defaultTaskSpec({
    title: 'Demo: neural encryption on the local stack',
    description:
      'Seeded by npm start: a small BiSUNA cipher task (small population, 250 generations, light scoring) so the whole lifecycle runs in about a minute and a half.',
    verifierUrl: verifier.url,
    verifierAddress: verifier.address,
    training: DEMO_TRAINING,
  });
  Object.assign(spec.scoring, structuredClone(DEMO_SCORING));
  return spec;
}

/** The demo task as created on chain. */
export interface DemoTask {
  taskId: bigint;
  specCid: string;
  bounty: bigint;
  commitDeadline: bigint;
  revealDeadline: bigint;
  /** End of the seed commitments (then of the contributions). */
  seedCommitDeadline: bigint;
  seedRevealDeadline: bigint;
  scoringDeadline: bigint;
}

/** A verifier the demo task names: its verify endpoint and address. */
export interface DemoVerifier {
  url: string;
  address: string;
}

/**
 * Uploads the spec of `kind`'s demo (naming every verifier's endpoint) to the local gateway and
 * creates the task from the owner's account: the verifiers, threshold {@link DEMO_THRESHOLD}, a
 * commit bond, the kind's minScore.
 */
export async function createDemoTask(options: {
  kind: DemoKind;
  owner: MarketClient;
  gatewayUrl: string;
  verifiers: DemoVerifier[];
  chainNow: () => Promise<bigint>;
}): Promise<DemoTask> {
  let specCid: string;
  try {
    const spec = options.kind.spec(options.verifiers[0]!);
    spec.verifiers = options.verifiers.map(({ url, address }) => ({ url, address }));
    const json = new TextEncoder().encode(JSON.stringify(spec));
    specCid = (
      await localGatewayStore({ url: options.gatewayUrl }).put({ kind: 'file', content: json })
    ).toString();
  } catch (error) {
    throw new DevnetError('demo spec', `uploading the spec failed: ${(error as Error).message}`);
  }
  const now = await options.chainNow();
  const commitDeadline = now + BigInt(DEMO_WINDOWS.commit);
  const revealDeadline = commitDeadline + BigInt(DEMO_WINDOWS.reveal);
  const seedCommitDeadline = revealDeadline + BigInt(DEMO_WINDOWS.seed);
  const seedRevealDeadline = seedCommitDeadline + BigInt(DEMO_WINDOWS.seed);
  const scoringDeadline = seedRevealDeadline + BigInt(DEMO_WINDOWS.scoring);
  try {
    const { taskId } = await createTask(options.owner, {
      specCid,
      bounty: DEMO_BOUNTY_WEI,
      commitDeadline,
      revealDeadline,
      scoringDeadline,
      verifiers: options.verifiers.map((v) => v.address),
      threshold: DEMO_THRESHOLD,
      seedWindow: DEMO_WINDOWS.seed,
      commitBond: DEMO_COMMIT_BOND_WEI,
      minScore: options.kind.minScore,
    });
    return {
      taskId,
      specCid,
      bounty: DEMO_BOUNTY_WEI,
      commitDeadline,
      revealDeadline,
      seedCommitDeadline,
      seedRevealDeadline,
      scoringDeadline,
    };
  } catch (error) {
    throw new DevnetError('demo task', `creating the task failed: ${(error as Error).message}`);
  }
}
