import {
  commit,
  createMarketClient,
  createTask,
  fixTestSeed,
  getTask,
  recordScore,
  reveal,
  signScore,
  signTestSeed,
} from '@tem/core/market';
import { createVerifiedFetch, localGatewayStore, type ContentStore } from '@tem/core/ipfs';
import { scoreSubmission } from '@tem/core/scoring';
import { LIGHT_SCORING, defaultTaskSpec, parseResultManifest, parseTaskSpec } from '@tem/core/task';
import { publishFiles as publishFolder, publishReferenceBundle } from '@tem/testkit/bundle';
import { ROLES, VERIFIERS } from '@tem/testkit/roles';
import type { Stack } from './stack.js';

/** A verifier with no functions server in the stack: its signatures are made here. */
export const OFFLINE_VERIFIER = VERIFIERS[3];

const client = (stack: Stack, account: number) =>
  createMarketClient({ address: stack.market, signer: stack.chain.wallet(account) });

/** Moves chain time to `deadline` (plus a second) when it is not there yet. */
export async function passDeadline(stack: Stack, deadline: bigint): Promise<void> {
  const now = await stack.chain.now();
  if (now <= deadline) await stack.chain.increaseTime(deadline - now + 1n);
}

/** A cipher spec scored lightly, for the reference's U1 pair (P inputs, the otp layout). */
function lightCipherSpec(title: string, verifierAddress: string) {
  const spec = defaultTaskSpec({
    title,
    verifierUrl: 'http://127.0.0.1:9/api/verify',
    verifierAddress,
    training: { keyRegime: 'otp' },
  });
  spec.scoring = { ...spec.scoring, ...LIGHT_SCORING };
  return spec;
}

/**
 * Creates a task straight on the chain (as any owner's tool would): uploads a light spec titled
 * `title` to the gateway, escrows `bounty` wei, deadlines `minutes` apart from chain time now.
 * One verifier, the offline one, unless `verifiers` (dev accounts) and `threshold` say otherwise;
 * with several, each half of the seed window is `seedMinutes` long.
 */
export async function createTaskOnChain(
  stack: Stack,
  options: {
    title: string;
    bounty?: bigint;
    commitBond?: bigint;
    minutes?: [number, number, number];
    verifiers?: number[];
    threshold?: number;
    seedMinutes?: number;
    /** The spec (of any kind) for this verifier address; default a light cipher spec. */
    spec?: (verifierAddress: string) => object;
  },
): Promise<{ taskId: bigint; specCid: string }> {
  const verifiers = (options.verifiers ?? [OFFLINE_VERIFIER]).map(
    (account) => stack.chain.accounts[account]!.address,
  );
  const spec = options.spec?.(verifiers[0]!) ?? lightCipherSpec(options.title, verifiers[0]!);
  const specCid = (
    await storeOf(stack).put({
      kind: 'file',
      content: new TextEncoder().encode(JSON.stringify(spec, null, 2)),
    })
  ).toString();
  const [commitMinutes, revealMinutes, scoringMinutes] = options.minutes ?? [10, 1440, 1440];
  const now = await stack.chain.now();
  const commitDeadline = now + BigInt(commitMinutes * 60);
  const revealDeadline = commitDeadline + BigInt(revealMinutes * 60);
  const { taskId } = await createTask(client(stack, ROLES.owner), {
    specCid,
    bounty: options.bounty ?? 10n ** 18n,
    commitBond: options.commitBond ?? 0n,
    commitDeadline,
    revealDeadline,
    scoringDeadline: revealDeadline + BigInt(scoringMinutes * 60),
    verifiers,
    threshold: options.threshold ?? 1,
    seedWindow: verifiers.length > 1 ? (options.seedMinutes ?? 10) * 60 : 0,
    minScore: 0n,
  });
  return { taskId, specCid };
}

/**
 * Commits and reveals one submission of `taskId` (a result bundle of the reference's U1 pair),
 * moving chain time past the commit deadline in between.
 */
export async function revealedSubmission(
  stack: Stack,
  taskId: bigint,
  specCid: string,
  published?: string,
): Promise<{ submissionId: bigint; resultCid: string }> {
  const resultCid = published ?? (await publishBundle(stack, taskId, specCid));
  const solver = client(stack, ROLES.solver);
  const { submissionId, salt } = await commit(solver, { taskId, resultCid });
  await passDeadline(stack, (await getTask(solver, { taskId })).commitDeadline);
  await reveal(solver, { taskId, submissionId, resultCid, salt });
  return { submissionId, resultCid };
}

/**
 * Takes one submission of a task whose verifier is the offline one to a recorded score:
 * publishes a result bundle (or takes the `published` one), commits, moves chain time past the commit deadline, reveals, past
 * the reveal deadline, relays the verifier's test seed signature, and relays its signature over
 * `score` (or the score computed over the test seed) (the site shows recorded scores as they are; computing a real one is the flow test's
 * job).
 */
export async function scoredSubmission(
  stack: Stack,
  taskId: bigint,
  specCid: string,
  score: bigint | ((testSeed: string) => Promise<bigint>),
  published?: string,
): Promise<{ submissionId: bigint; resultCid: string; testSeed: string }> {
  const { submissionId, resultCid } = await revealedSubmission(stack, taskId, specCid, published);
  const solver = client(stack, ROLES.solver);
  await passDeadline(stack, (await getTask(solver, { taskId })).revealDeadline);
  const verifier = stack.chain.wallet(OFFLINE_VERIFIER);
  const domain = { chainId: stack.chain.chainId, contract: stack.market };
  const { revealsDigest } = await getTask(solver, { taskId });
  const relayer = client(stack, ROLES.relayer);
  const { testSeed } = await fixTestSeed(relayer, {
    taskId,
    signature: await signTestSeed(verifier, { ...domain, taskId, revealsDigest }),
  });
  const value = typeof score === 'bigint' ? score : await score(testSeed);
  const signature = await signScore(verifier, {
    ...domain,
    taskId,
    submissionId,
    resultCid,
    score: value,
    testSeed,
  });
  await recordScore(relayer, { taskId, submissionId, score: value, signatures: [signature] });
  return { submissionId, resultCid, testSeed };
}

/**
 * The score every honest verifier computes for a result bundle under a task's spec and seed
 * (core's scoring, over the gateway, as the verifiers and the browser re-check run it).
 */
export async function trueScore(
  stack: Stack,
  specCid: string,
  resultCid: string,
  testSeed: string,
): Promise<bigint> {
  const ipfs = createVerifiedFetch({ gateways: [stack.gateway.url] });
  const { score } = await scoreSubmission({
    spec: parseTaskSpec(await ipfs.json(specCid)),
    manifest: parseResultManifest(await ipfs.json(`${resultCid}/manifest.json`)),
    alice: await ipfs.bytes(`${resultCid}/alice.dat`),
    bob: await ipfs.bytes(`${resultCid}/bob.dat`),
    testSeed,
    testFiles: new Map(),
  });
  return score;
}

const storeOf = (stack: Stack): ContentStore => localGatewayStore({ url: stack.gateway.url });

/** Publishes a cipher result bundle (manifest plus the reference's U1 agents); returns its CID. */
export function publishBundle(stack: Stack, taskId: bigint, specCid: string): Promise<string> {
  return publishReferenceBundle(storeOf(stack), { taskId, specCid });
}

/** Publishes a result bundle's files as a folder on the gateway and returns its CID. */
export function publishFiles(
  stack: Stack,
  files: ReadonlyMap<string, Uint8Array>,
): Promise<string> {
  return publishFolder(storeOf(stack), files);
}
