import {
  commitSeed,
  fixTestSeed,
  revealSeed,
  settleSeed,
  type MarketClient,
  type MarketTxOptions,
  type ScoreDomainParameters,
  type TxResult,
} from '@tem/core/market';
import { useState } from 'preact/hooks';
import { useServices } from '../app-context.js';
import { Address } from '../components/address.js';
import { verifierName } from '../components/leaderboard.js';
import { TxStatus } from '../components/tx-status.js';
import { refreshAll } from '../components/use-balance.js';
import { explainSeedRefusal } from '../market/explain-refusal.js';
import {
  SeedMaterialError,
  fetchSeedCommitment,
  fetchSeedContribution,
  fetchTestSeedSignature,
} from '../market/seed-relay.js';
import { describeSeed } from '../market/seed-state.js';
import type { TaskBoard } from '../market/task-board.js';
import { useTransaction } from '../market/use-transaction.js';
import type { TaskVerifierEndpoint } from '../market/verifier-endpoints.js';

interface Props {
  board: TaskBoard;
  now: number;
  domain: ScoreDomainParameters;
  endpoints: readonly TaskVerifierEndpoint[];
}

/**
 * Fetches every listed verifier's material, then relays what came, one transaction after another
 * (the last result counts). A verifier that does not answer is noted and skipped: the others'
 * material still moves the seed on. Fails only when nothing came.
 */
async function gatherAndRelay<M>(
  endpoints: readonly TaskVerifierEndpoint[],
  fetchOne: (endpoint: TaskVerifierEndpoint) => Promise<M>,
  relay: (endpoint: TaskVerifierEndpoint, material: M) => Promise<TxResult>,
  note: (problems: string[]) => void,
): Promise<TxResult> {
  const settled = await Promise.allSettled(endpoints.map(fetchOne));
  const problems = settled.flatMap((r, i) => {
    if (r.status === 'fulfilled') return [];
    const e = endpoints[i]!;
    const reason = r.reason instanceof SeedMaterialError ? r.reason.reason : String(r.reason);
    return [`${verifierName(e.index)} ${e.address}: ${reason}`];
  });
  note(problems);
  let last: TxResult | undefined;
  for (const [i, r] of settled.entries()) {
    if (r.status === 'fulfilled') last = await relay(endpoints[i]!, r.value);
  }
  if (!last) throw new Error(`no verifier gave its part: ${problems.join('; ')}`);
  return last;
}

const bit = (mask: number, i: number) => ((mask >> i) & 1) === 1;

/**
 * The verifier set, the threshold and the test seed's progress, with the relay the seed's phase
 * allows: anyone may fetch the verifiers' signed seed material from their endpoints (checked here
 * against the chain first) and send it.
 */
export function SeedPanel({ board, now, domain, endpoints }: Props) {
  const { wallet, reader } = useServices();
  const tx = useTransaction();
  const { task } = board;
  const state = describeSeed(task, now, board.seedContributors);
  // A relay stays disabled after its confirmation until the chain shows a new seed state.
  const progress = `${state.phase}:${task.seedCommitted}:${task.seedRevealed}`;
  const [relayedAt, setRelayedAt] = useState<string | null>(null);
  // Verifiers that did not give their part at the last relay, and why.
  const [problems, setProblems] = useState<string[]>([]);
  const n = task.verifierCount;
  const explain = async () =>
    reader ? explainSeedRefusal(await reader.refusalContext(task.id)) : null;

  const send = async (
    label: string,
    relay: (client: MarketClient, options: MarketTxOptions) => Promise<TxResult>,
  ) => {
    const result = await tx.run(label, relay, explain);
    if (!result) return;
    setRelayedAt(progress);
    refreshAll();
  };

  const reachable = endpoints.filter((e) => e.url);
  let action: { label: string; run: () => Promise<void> } | null = null;
  if (state.phase === 'awaiting-signature' && reachable[0]) {
    const endpoint = reachable[0];
    action = {
      label: 'Ask the verifier and relay the seed',
      run: () =>
        send('Relay the test seed', async (client, options) =>
          fixTestSeed(client, {
            taskId: task.id,
            verifiers: task.verifiers,
            signature: await fetchTestSeedSignature(domain, board, endpoint),
            ...options,
          }),
        ),
    };
  } else if (state.phase === 'committing') {
    const missing = reachable.filter((e) => !bit(task.seedCommitted, e.index));
    if (missing.length > 0) {
      action = {
        label: `Ask ${missing.length === 1 ? 'the verifier' : `${missing.length} verifiers`} and relay seed commitments`,
        run: () =>
          send('Relay seed commitments', (client, options) =>
            gatherAndRelay(
              missing,
              (endpoint) => fetchSeedCommitment(domain, board, endpoint),
              (endpoint, signed) =>
                commitSeed(client, {
                  taskId: task.id,
                  verifierIndex: endpoint.index,
                  ...signed,
                  ...options,
                }),
              setProblems,
            ),
          ),
      };
    }
  } else if (state.phase === 'revealing') {
    const missing = reachable.filter(
      (e) => bit(task.seedCommitted, e.index) && !bit(task.seedRevealed, e.index),
    );
    if (missing.length > 0) {
      action = {
        label: `Ask ${missing.length === 1 ? 'the verifier' : `${missing.length} verifiers`} and relay seed contributions`,
        run: () =>
          send('Relay seed contributions', (client, options) =>
            gatherAndRelay(
              missing,
              (endpoint) => fetchSeedContribution(board, endpoint),
              (endpoint, contribution) =>
                revealSeed(client, {
                  taskId: task.id,
                  verifierIndex: endpoint.index,
                  contribution,
                  ...options,
                }),
              setProblems,
            ),
          ),
      };
    }
  } else if (state.phase === 'settleable') {
    action = {
      label: 'Settle the seed',
      run: () =>
        send('Settle the seed', (client, options) =>
          settleSeed(client, { taskId: task.id, ...options }),
        ),
    };
  }

  return (
    <section aria-labelledby="seed-heading" class="panel" data-testid="seed-panel">
      <h2 id="seed-heading">Verifiers and test seed</h2>
      <p data-testid="quorum">
        {n === 1
          ? 'One verifier scores this task; its signature decides every score.'
          : `${n} verifiers; a score counts with the matching signatures of ${task.threshold} of them, and at least ${task.threshold} must take part in the seed.`}
      </p>
      <ul class="verifier-list">
        {endpoints.map((e) => (
          <li key={e.address} data-verifier={e.address}>
            {verifierName(e.index)} <Address value={e.address} />
            {n > 1
              ? ` · seed ${
                  board.seedContributors !== null
                    ? bit(board.seedContributors, e.index)
                      ? 'in the seed'
                      : 'left out'
                    : bit(task.seedRevealed, e.index)
                      ? 'revealed'
                      : bit(task.seedCommitted, e.index)
                        ? 'committed'
                        : 'not committed'
                }`
              : ''}
            {e.url ? '' : ' · no endpoint known to this site'}
          </li>
        ))}
      </ul>
      <p>
        <strong>Test seed: </strong>
        <span data-testid="seed-state">{state.headline}</span>
      </p>
      <p class="muted">{state.detail}</p>
      {action ? (
        <>
          <p>
            Anyone may relay the verifiers' signed seed material; the site checks it against the
            chain first. It costs you the gas.
          </p>
          <button
            type="button"
            disabled={!wallet.connection || tx.busy || relayedAt === progress}
            onClick={() => void action.run()}
          >
            {action.label}
          </button>
          {!wallet.connection ? <p class="muted">Connect a wallet to relay.</p> : null}
        </>
      ) : null}
      {problems.length > 0 ? (
        <ul class="muted" data-testid="seed-problems">
          {problems.map((p) => (
            <li key={p}>Not relayed: {p}</li>
          ))}
        </ul>
      ) : null}
      <TxStatus state={tx.state} />
    </section>
  );
}
