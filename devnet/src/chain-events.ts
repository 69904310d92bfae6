import { scanEvents, type MarketClient, type TaskMarketEvent } from '@tem/core/market';
import { cidFromBytes } from '@tem/core/market';
import { clock, tfuel } from './report.js';

/** The verifier sets of the tasks whose creation was seen, by task id. */
export type VerifierSets = Map<bigint, readonly string[]>;

/**
 * One line describing a TaskMarket event; undefined for events not worth a line. `verifiers`
 * (filled from the `TaskCreated` events seen) names verifiers by address where an event gives
 * only their index.
 */
export function describeMarketEvent(
  event: TaskMarketEvent,
  name: (address: string) => string,
  verifiers: VerifierSets = new Map(),
): string | undefined {
  const verifier = (taskId: bigint, index: number | bigint) => {
    const address = verifiers.get(taskId)?.[Number(index)];
    return address ? name(address) : `verifier #${index}`;
  };
  const signers = (taskId: bigint, mask: number) =>
    [0, 1, 2, 3, 4, 5, 6]
      .filter((i) => (mask & (1 << i)) !== 0)
      .map((i) => verifier(taskId, i))
      .join(', ');
  switch (event.eventName) {
    case 'TaskCreated': {
      const a = event.args;
      verifiers.set(a.taskId, [...a.verifiers]);
      return `task #${a.taskId} created by ${name(a.owner)}: bounty ${tfuel(a.bounty)}, bond ${tfuel(a.commitBond)}, ${a.threshold} of ${a.verifiers.length} verifiers (${a.verifiers.map(name).join(', ')}), commit by ${clock(a.commitDeadline)}, reveal by ${clock(a.revealDeadline)}, scoring by ${clock(a.scoringDeadline)} (chain time, UTC)`;
    }
    case 'TaskFunded':
      return `task #${event.args.taskId} funded with ${tfuel(event.args.amount)} by ${name(event.args.funder)}`;
    case 'TaskCancelled':
      return `task #${event.args.taskId} cancelled; ${tfuel(event.args.refund)} refunded`;
    case 'SolutionCommitted':
      return `task #${event.args.taskId}: submission #${event.args.submissionId} committed by ${name(event.args.solver)}`;
    case 'SolutionRevealed': {
      const cid = cidFromBytes(event.args.resultCid) ?? 'an invalid CID';
      return `task #${event.args.taskId}: submission #${event.args.submissionId} revealed, result ${cid}`;
    }
    case 'SeedCommitted':
      return `task #${event.args.taskId}: test seed: ${name(event.args.verifier)} committed to its contribution`;
    case 'SeedRevealed':
      return `task #${event.args.taskId}: test seed: ${verifier(event.args.taskId, event.args.verifierIndex)} revealed its contribution`;
    case 'TestSeedFixed':
      return `task #${event.args.taskId}: test seed fixed ${event.args.testSeed.slice(0, 18)}…${Number(event.args.contributors) > 1 ? ` from the contributions of ${signers(event.args.taskId, Number(event.args.contributors))}` : ''}`;
    case 'ScoreRecorded':
      return `task #${event.args.taskId}: submission #${event.args.submissionId} scored ${event.args.score}${event.args.best ? ' (best so far)' : ''}, signed by ${signers(event.args.taskId, Number(event.args.signers))}`;
    case 'TaskFinalized':
      return event.args.winningSubmissionId === 0n
        ? `task #${event.args.taskId} finalized with no winner; ${tfuel(event.args.amount)} back to ${name(event.args.payee)}`
        : `task #${event.args.taskId} finalized: submission #${event.args.winningSubmissionId} wins, ${tfuel(event.args.amount)} credited to ${name(event.args.payee)}`;
    case 'Withdrawn':
      return `${name(event.args.account)} withdrew ${tfuel(event.args.amount)}`;
    default:
      return undefined;
  }
}

/**
 * Polls TaskMarket's events from `fromBlock` on and hands each to `onEvent`, in chain order,
 * until `signal` aborts. Read failures are passed to `onError` and retried at the next poll.
 */
export async function followMarketEvents(
  client: MarketClient,
  fromBlock: number,
  onEvent: (event: TaskMarketEvent) => void,
  options: { signal: AbortSignal; intervalMs?: number; onError?: (error: unknown) => void },
): Promise<void> {
  let next = fromBlock;
  while (!options.signal.aborted) {
    try {
      const latest = await client.provider.getBlockNumber();
      if (latest >= next) {
        const { events, toBlock } = await scanEvents(client, { fromBlock: next, toBlock: latest });
        for (const event of events) onEvent(event);
        next = toBlock + 1;
      }
    } catch (error) {
      if (!options.signal.aborted) options.onError?.(error);
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 1_000));
  }
}
