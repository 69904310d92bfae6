import { useServices } from '../app-context.js';
import { refreshAll } from '../components/use-balance.js';
import { TxStatus } from '../components/tx-status.js';
import type { MarketTask, TaskPhase } from '../market/types.js';
import { useTransaction } from '../market/use-transaction.js';
import { marketWriter } from '../market/writer.js';

/** Finalize: anyone may, once the scoring deadline passed. */
export function FinalizePanel({ task, phase }: { task: MarketTask; phase: TaskPhase }) {
  const { wallet, loaded } = useServices();
  const tx = useTransaction();
  if (phase !== 'finalizable' && tx.state.status === 'idle') return null;
  const market = loaded.config.marketAddress;
  return (
    <section aria-labelledby="finalize-heading" class="panel">
      <h2 id="finalize-heading">Finalize</h2>
      <p>
        The scoring deadline has passed. Finalizing credits the bounty to the best solver at or
        above the minimum score, or refunds the owner. Anyone may do it.
      </p>
      <button
        type="button"
        disabled={!wallet.connection || !market || tx.busy || tx.done || phase !== 'finalizable'}
        onClick={async () => {
          if (!market) return;
          const receipt = await tx.run('Finalize', async () =>
            marketWriter(await wallet.signer(), market, loaded.config.chainId).finalize(task.id),
          );
          if (receipt) refreshAll();
        }}
      >
        Finalize task #{task.id.toString()}
      </button>
      {!wallet.connection ? <p class="muted">Connect a wallet to finalize.</p> : null}
      <TxStatus state={tx.state} />
    </section>
  );
}
