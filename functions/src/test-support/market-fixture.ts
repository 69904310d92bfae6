/**
 * Test fixture: a real local marketplace (anvil + deployed TaskMarket + the local IPFS gateway)
 * with helpers to publish specs and bundles and to move tasks through commit and reveal.
 * Used by this package's tests and benchmark only.
 */
import type { AnvilChain } from '@tem/contracts';
import type { ContentStore } from '@tem/core/ipfs';
import {
  commit,
  commitSeed,
  createTask,
  deriveSeedContribution,
  fixTestSeed,
  getTask,
  reveal,
  revealSeed,
  seedContributionCommitment,
  signSeedCommitment,
  signTestSeed,
  type MarketClient,
} from '@tem/core/market';
import { Wallet } from 'ethers';
import { LIGHT_SCORING, defaultTaskSpec, type TaskSpec } from '@tem/core/task';
import type { Gateway } from '@tem/gateway';
import { publishFiles, publishReferenceBundle, referenceAgents } from '@tem/testkit/bundle';
import { startTestChain } from '@tem/testkit/chain';
import { startTestGateway, type TestGateway } from '@tem/testkit/gateway';
import { QUORUM, ROLES } from '@tem/testkit/roles';
import { verifierEnv } from '@tem/testkit/verifier-env';
import type { FunctionsEnv } from '../lib/config.js';

/** Options of one task the fixture creates. */
export interface FixtureTaskOptions {
  /** Verifier address (default: the fixture's verifier). */
  verifier?: string;
  /** Several verifiers (default: `[verifier]`), and the signatures a score needs. */
  verifiers?: string[];
  threshold?: number;
  /** Each half of the seed window in seconds, with several verifiers (default 100). */
  seedWindow?: number;
  commitBond?: bigint;
  maxBundleBytes?: number;
  bountyWei?: bigint;
  /** Seconds from chain time to the commit deadline (default 1000). */
  commitSeconds?: number;
  title?: string;
  /** Scoring parameters (default: a light test set, so that real scoring takes well under a second). */
  scoring?: Partial<TaskSpec['scoring']>;
}

/** A created task. */
export interface FixtureTask<S = TaskSpec> {
  taskId: bigint;
  specCid: string;
  /** The published spec: the fixture's cipher spec unless the options gave one. */
  spec: S;
  commitDeadline: bigint;
  revealDeadline: bigint;
  scoringDeadline: bigint;
}

/** A committed submission (reveal it with {@link MarketFixture.reveal}). */
export interface FixtureSubmission {
  taskId: bigint;
  submissionId: bigint;
  resultCid: string;
  salt: string;
}

/** A running local marketplace. */
export interface MarketFixture {
  chain: AnvilChain;
  gateway: Gateway;
  market: string;
  store: ContentStore;
  verifier: { address: string; privateKey: string };
  /** Three dev accounts for quorum tasks (sorted by address), `verifier` among them. */
  quorum: { address: string; privateKey: string }[];
  /** The reference agents used as bundle contents. */
  agents: { alice: Uint8Array; bob: Uint8Array };
  /** Environment for the functions (override what a test needs). */
  env(extra?: Record<string, string>): FunctionsEnv;
  createTask(options?: FixtureTaskOptions): Promise<FixtureTask>;
  /**
   * A task whose spec is `spec` (of any kind, or of a kind no verifier knows) instead of the
   * fixture's cipher spec, its verifiers set to the task's.
   */
  createTaskWithSpec<S extends object>(
    spec: S,
    options?: FixtureTaskOptions,
  ): Promise<FixtureTask<S>>;
  /** Uploads a bundle directory for `task` (manifest + alice + bob, or the given files). */
  uploadBundle(
    task: FixtureTask<unknown>,
    files?: Partial<Record<string, Uint8Array>>,
  ): Promise<string>;
  /** Uploads exactly `files` as a directory (a bundle of another kind). */
  uploadFiles(files: ReadonlyMap<string, Uint8Array>): Promise<string>;
  /** Commits `resultCid` to `task` as dev account `solver`. */
  commit(
    task: FixtureTask<unknown>,
    resultCid: string,
    solver?: number,
  ): Promise<FixtureSubmission>;
  /** Moves chain time into the reveal window of `task` (if not there yet). */
  openReveal(task: FixtureTask<unknown>): Promise<void>;
  /** Moves chain time past the reveal deadline of `task` (if not there yet). */
  closeReveal(task: FixtureTask<unknown>): Promise<void>;
  /**
   * Fixes the test seed of `task` with its verifiers' keys (dev accounts), after its reveal
   * window: `fixTestSeed` for one verifier, every verifier's commit and reveal for several.
   */
  fixSeed(task: FixtureTask<unknown>): Promise<string>;
  reveal(submission: FixtureSubmission, solver?: number): Promise<void>;
  client(account: number): MarketClient;
  close(): Promise<void>;
}

/**
 * Starts the test kit's chain (anvil with TaskMarket) and gateway on a fresh data directory; the
 * functions sign as the kit's verifier.
 */
export async function startMarketFixture(): Promise<MarketFixture> {
  const testChain = await startTestChain();
  const { chain, market, client } = testChain;
  let testGateway: TestGateway | undefined;
  try {
    testGateway = await startTestGateway('tem-functions-');
    const { gateway: gw, store } = testGateway;
    const verifier = chain.accounts[ROLES.verifier]!;
    const quorum = QUORUM.map((i) => chain.accounts[i]!).sort((a, b) =>
      BigInt(a.address) < BigInt(b.address) ? -1 : 1,
    );
    const keyOf = (address: string) =>
      chain.accounts.find((a) => a.address.toLowerCase() === address.toLowerCase())?.privateKey;
    const agents = await referenceAgents();
    const closeReveal = async (task: FixtureTask<unknown>) => {
      const now = await chain.now();
      if (now < task.revealDeadline) await chain.increaseTime(task.revealDeadline - now + 1n);
    };

    async function createFixtureTask<S extends object = TaskSpec>(
      options: FixtureTaskOptions,
      given?: S,
    ): Promise<FixtureTask<S>> {
      const verifiers = options.verifiers ?? [options.verifier ?? verifier.address];
      const spec = defaultTaskSpec({
        title: options.title ?? 'Fixture task',
        verifierUrl: 'http://127.0.0.1/api/verify',
        verifierAddress: verifiers[0]!,
        // The fixture's agents are the reference's U1 pair: P inputs, the otp layout.
        training: { keyRegime: 'otp' },
      });
      if (verifiers.length > 1) {
        spec.verifiers = verifiers.map((address, i) => ({
          url: `http://127.0.0.1:${9000 + i}/api/verify`,
          address,
        }));
        spec.verifier = spec.verifiers[0]!;
      }
      Object.assign(spec.scoring, structuredClone(options.scoring ?? LIGHT_SCORING));
      if (options.maxBundleBytes !== undefined)
        spec.scoring.maxBundleBytes = options.maxBundleBytes;
      const published = given
        ? {
            ...given,
            verifier: spec.verifier,
            ...(spec.verifiers && { verifiers: spec.verifiers }),
          }
        : spec;
      const specCid = (
        await store.put({
          kind: 'file',
          content: new TextEncoder().encode(JSON.stringify(published)),
        })
      ).toString();
      const now = await chain.now();
      const commitDeadline = now + BigInt(options.commitSeconds ?? 1000);
      const revealDeadline = commitDeadline + 1000n;
      const scoringDeadline = revealDeadline + 100_000n;
      const { taskId } = await createTask(client(ROLES.owner), {
        specCid,
        bounty: options.bountyWei ?? 10n ** 18n,
        commitDeadline,
        revealDeadline,
        scoringDeadline,
        verifiers,
        threshold: options.threshold ?? (verifiers.length === 1 ? 1 : 2),
        seedWindow: verifiers.length === 1 ? 0 : (options.seedWindow ?? 100),
        commitBond: options.commitBond ?? 0n,
      });
      return {
        taskId,
        specCid,
        spec: published as S,
        commitDeadline,
        revealDeadline,
        scoringDeadline,
      };
    }

    return {
      chain,
      gateway: gw,
      market,
      store,
      verifier,
      quorum,
      agents,
      client,
      env: (extra = {}) =>
        verifierEnv(
          {
            rpcUrl: chain.rpcUrl,
            market,
            gatewayUrl: gw.url,
            privateKey: verifier.privateKey,
          },
          { SITE_ORIGIN: 'https://site.example', CHAIN_CACHE_TTL_SECONDS: '5', ...extra },
        ),
      createTask: (options = {}) => createFixtureTask(options),
      createTaskWithSpec: (spec, options = {}) => createFixtureTask(options, spec),
      uploadBundle: (task, files = {}) => publishReferenceBundle(store, task, files),
      uploadFiles: (files) => publishFiles(store, files),
      async commit(task, resultCid, solver: number = ROLES.solver) {
        const result = await commit(client(solver), { taskId: task.taskId, resultCid });
        return {
          taskId: task.taskId,
          submissionId: result.submissionId,
          resultCid,
          salt: result.salt,
        };
      },
      async openReveal(task) {
        const now = await chain.now();
        if (now < task.commitDeadline) await chain.increaseTime(task.commitDeadline - now + 1n);
      },
      closeReveal,
      async fixSeed(task) {
        await closeReveal(task);
        const relayer = client(ROLES.relayer);
        const onChain = await getTask(relayer, { taskId: task.taskId });
        const domain = {
          chainId: chain.chainId,
          contract: market,
          taskId: task.taskId,
          revealsDigest: onChain.revealsDigest,
        };
        const signer = (address: string) => new Wallet(keyOf(address)!);
        if (onChain.verifiers.length === 1) {
          const signature = await signTestSeed(signer(onChain.verifiers[0]!), domain);
          return (await fixTestSeed(relayer, { taskId: task.taskId, signature })).testSeed;
        }
        const contributions = await Promise.all(
          onChain.verifiers.map((v) => deriveSeedContribution(signer(v), domain)),
        );
        for (const [verifierIndex, contribution] of contributions.entries()) {
          const commitment = seedContributionCommitment(contribution);
          const signature = await signSeedCommitment(signer(onChain.verifiers[verifierIndex]!), {
            ...domain,
            commitment,
          });
          await commitSeed(relayer, { taskId: task.taskId, commitment, signature, verifierIndex });
        }
        let seed: string | undefined;
        for (const [verifierIndex, contribution] of contributions.entries()) {
          seed = (await revealSeed(relayer, { taskId: task.taskId, verifierIndex, contribution }))
            .testSeed;
        }
        return seed!;
      },
      async reveal(submission, solver: number = ROLES.solver) {
        await reveal(client(solver), submission);
      },
      async close() {
        await testGateway!.close();
        await testChain.stop();
      },
    };
  } catch (error) {
    await testGateway?.close();
    await testChain.stop();
    throw error;
  }
}
