import { recordScore } from '@tem/core/market';
import { useState } from 'preact/hooks';
import { useServices } from '../app-context.js';
import type { Standing } from '../components/rank.js';
import { TxStatus } from '../components/tx-status.js';
import { refreshAll } from '../components/use-balance.js';
import { formatScore } from '../format/index.js';
import { explainScoreRefusal } from '../market/explain-refusal.js';
import { relayableScore } from '../market/signed-scores.js';
import type { MarketTask } from '../market/types.js';
import { useTransaction } from '../market/use-transaction.js';

/**
 * Relays a submission's quorum-signed score when it would change the chain (it beats the best):
 * anyone may, and pays the gas. Hidden when there is nothing worth relaying.
 */
export function RelayScore({ task, standing }: { task: MarketTask; standing: Standing }) {
  const { wallet, reader } = useServices();
  const tx = useTransaction();
  const [relayed, setRelayed] = useState<bigint | null>(null);
  const s = standing.submission;
  const group = relayableScore(task, s.id, standing.groups);
  if (!group && tx.state.status === 'idle') return null;
  const relay = async () => {
    if (!group || !s.resultCid) return;
    const result = await tx.run(
      `Relay the score of #${s.id}`,
      (client, options) =>
        recordScore(client, {
          taskId: task.id,
          submissionId: s.id,
          score: group.score,
          signatures: [...group.signatures.values()],
          solver: s.solver,
          resultCid: s.resultCid!,
          ...options,
        }),
      async () => (reader ? explainScoreRefusal(await reader.refusalContext(task.id), s.id) : null),
    );
    if (!result) return;
    setRelayed(group.score);
    refreshAll();
  };
  return (
    <div class="relay-score">
      {group ? (
        <button
          type="button"
          disabled={!wallet.connection || tx.busy || relayed === group.score}
          title={wallet.connection ? undefined : 'Connect a wallet to relay'}
          onClick={() => void relay()}
        >
          Relay score {formatScore(group.score)}
        </button>
      ) : null}
      <TxStatus state={tx.state} />
    </div>
  );
}
