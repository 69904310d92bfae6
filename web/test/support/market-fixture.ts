import {
  commit,
  createMarketClient,
  createTask,
  getTask,
  recordScore,
  reveal,
  signScore,
} from '@tem/core/market';
import { localGatewayStore } from '@tem/core/ipfs';
import { LIGHT_SCORING, defaultTaskSpec } from '@tem/core/task';
import { publishBundle, type Stack } from './stack.js';

/** Accounts of the browser tests' chain, by role (anvil's dev accounts). */
export const ACCOUNTS = { owner: 1, solver: 2, verifier: 3, relayer: 4 } as const;

const client = (stack: Stack, account: number) =>
  createMarketClient({ address: stack.market, signer: stack.chain.wallet(account) });

/**
 * Creates a task straight on the chain (as any owner's tool would): uploads a light spec titled
 * `title` to the gateway, escrows `bounty` wei, deadlines `minutes` apart from chain time now.
 */
export async function createTaskOnChain(
  stack: Stack,
  options: { title: string; bounty?: bigint; minutes?: [number, number, number] },
): Promise<{ taskId: bigint; specCid: string }> {
  const spec = defaultTaskSpec({
    title: options.title,
    verifierUrl: 'http://127.0.0.1:9/api/verify',
    verifierAddress: stack.chain.accounts[ACCOUNTS.verifier]!.address,
    // The bundles are the reference's U1 pair: P inputs, the otp layout.
    training: { keyRegime: 'otp' },
  });
  spec.scoring = { ...spec.scoring, ...LIGHT_SCORING };
  const specCid = (
    await localGatewayStore({ url: stack.gateway.url }).put({
      kind: 'file',
      content: new TextEncoder().encode(JSON.stringify(spec, null, 2)),
    })
  ).toString();
  const [commitMinutes, revealMinutes, scoringMinutes] = options.minutes ?? [10, 1440, 1440];
  const now = await stack.chain.now();
  const commitDeadline = now + BigInt(commitMinutes * 60);
  const revealDeadline = commitDeadline + BigInt(revealMinutes * 60);
  const { taskId } = await createTask(client(stack, ACCOUNTS.owner), {
    specCid,
    bounty: options.bounty ?? 10n ** 18n,
    commitDeadline,
    revealDeadline,
    scoringDeadline: revealDeadline + BigInt(scoringMinutes * 60),
    verifier: stack.chain.accounts[ACCOUNTS.verifier]!.address,
    minScore: 0n,
  });
  return { taskId, specCid };
}

/**
 * Takes one submission of `taskId` to a recorded score: publishes a result bundle, commits, moves
 * chain time past the commit deadline, reveals, and relays the verifier's signature over `score`
 * (the site shows recorded scores as they are; computing a real one is the flow test's job).
 */
export async function scoredSubmission(
  stack: Stack,
  taskId: bigint,
  specCid: string,
  score: bigint,
): Promise<{ submissionId: bigint; resultCid: string }> {
  const resultCid = await publishBundle(stack.gateway.url, taskId, specCid);
  const solver = client(stack, ACCOUNTS.solver);
  const { submissionId, salt } = await commit(solver, { taskId, resultCid });
  const task = await getTask(solver, { taskId });
  const now = await stack.chain.now();
  if (now < task.commitDeadline) await stack.chain.increaseTime(task.commitDeadline - now + 1n);
  await reveal(solver, { taskId, submissionId, resultCid, salt });
  const { testSeed } = await getTask(solver, { taskId });
  const signature = await signScore(stack.chain.wallet(ACCOUNTS.verifier), {
    chainId: stack.chain.chainId,
    contract: stack.market,
    taskId,
    submissionId,
    resultCid,
    score,
    testSeed,
  });
  await recordScore(client(stack, ACCOUNTS.relayer), { taskId, submissionId, score, signature });
  return { submissionId, resultCid };
}
