import { cancel } from '@tem/core/market';
import { useServices } from '../app-context.js';
import { refreshAll } from '../components/use-balance.js';
import { TxStatus } from '../components/tx-status.js';
import { explainCancelRefusal } from '../market/explain-refusal.js';
import type { MarketTask, TaskPhase } from '../market/types.js';
import { useTransaction } from '../market/use-transaction.js';

/** The owner may cancel a task nobody has committed to; the bounty is credited back to them. */
export function CancelPanel({ task, phase }: { task: MarketTask; phase: TaskPhase }) {
  const { wallet, reader } = useServices();
  const tx = useTransaction();
  const account = wallet.connection?.address ?? null;
  const isOwner = account?.toLowerCase() === task.owner.toLowerCase();
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
        disabled={tx.busy || tx.done || !cancellable || phase === 'cancelled'}
        onClick={async () => {
          const result = await tx.run(
            'Cancel',
            (client, options) => cancel(client, { taskId: task.id, ...options }),
            async () =>
              reader && account
                ? explainCancelRefusal(await reader.refusalContext(task.id), account)
                : null,
          );
          if (result) refreshAll();
        }}
      >
        Cancel task #{task.id.toString()}
      </button>
      <TxStatus state={tx.state} />
    </section>
  );
}
