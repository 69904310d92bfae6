import { useServices } from '../app-context.js';
import { refreshAll } from '../components/use-balance.js';
import { TxStatus } from '../components/tx-status.js';
import type { MarketTask, TaskPhase } from '../market/types.js';
import { useTransaction } from '../market/use-transaction.js';
import { marketWriter } from '../market/writer.js';

/** The owner may cancel a task nobody has committed to; the bounty is credited back to them. */
export function CancelPanel({ task, phase }: { task: MarketTask; phase: TaskPhase }) {
  const { wallet, loaded } = useServices();
  const tx = useTransaction();
  const market = loaded.config.marketAddress;
  const isOwner = wallet.connection?.address.toLowerCase() === task.owner.toLowerCase();
  const cancellable = task.state === 'open' && task.submissionCount === 0n;
  if ((!isOwner || !cancellable) && tx.state.status === 'idle') return null;
  return (
    <section aria-labelledby="cancel-heading" class="panel">
      <h2 id="cancel-heading">Cancel this task</h2>
      <p>
        Nobody has committed yet, so you may cancel: the bounty is credited back to you (withdraw it
        from the Account page).
      </p>
      <button
        type="button"
        disabled={!market || tx.busy || tx.done || !cancellable || phase === 'cancelled'}
        onClick={async () => {
          if (!market) return;
          const receipt = await tx.run('Cancel', async () =>
            marketWriter(await wallet.signer(), market, loaded.config.chainId).cancel(task.id),
          );
          if (receipt) refreshAll();
        }}
      >
        Cancel task #{task.id.toString()}
      </button>
      <TxStatus state={tx.state} />
    </section>
  );
}
