import { finalize } from '@tem/core/market';
import { useServices } from '../app-context.js';
import { Address } from '../components/address.js';
import { Tfuel } from '../components/tfuel.js';
import { refreshAll } from '../components/use-balance.js';
import { TxStatus } from '../components/tx-status.js';
import { formatScore } from '../format/index.js';
import { explainFinalizeRefusal } from '../market/explain-refusal.js';
import type { TaskBoard } from '../market/task-board.js';
import type { TaskPhase } from '../market/types.js';
import { useTransaction } from '../market/use-transaction.js';

/** Who finalizing pays, as the contract decides it from the task's state now. */
function payoutText(board: TaskBoard): preact.ComponentChildren {
  const { task } = board;
  const forfeited = task.commitBond * (task.submissionCount - task.revealCount);
  const amount = (
    <>
      <Tfuel wei={task.bounty + forfeited} />
      {forfeited > 0n ? (
        <>
          {' '}
          (the bounty plus <Tfuel wei={forfeited} /> of forfeited bonds)
        </>
      ) : null}
    </>
  );
  if (task.bestSubmissionId !== 0n && task.bestScore >= task.minScore) {
    return (
      <>
        Finalizing credits {amount} to <Address value={task.bestSolver} />, the solver of submission
        #{task.bestSubmissionId.toString()} (score {formatScore(task.bestScore)}).
      </>
    );
  }
  const why =
    task.bestSubmissionId === 0n
      ? /^0x0*$/.test(task.testSeed)
        ? 'no test seed was fixed, so no score counts'
        : 'no score was recorded'
      : `the best score, ${formatScore(task.bestScore)}, is below the minimum ${formatScore(task.minScore)}`;
  return (
    <>
      Finalizing refunds {amount} to the owner: {why}.
    </>
  );
}

/** Finalize: anyone may, once the scoring deadline passed; then how the task ended. */
export function FinalizePanel({ board, phase }: { board: TaskBoard; phase: TaskPhase }) {
  const { wallet, reader } = useServices();
  const tx = useTransaction();
  const { task, outcome } = board;
  if (outcome) {
    return (
      <section aria-labelledby="finalize-heading" class="panel" data-testid="outcome">
        <h2 id="finalize-heading">Finalized</h2>
        <p>
          {outcome.winningSubmissionId === 0n ? (
            <>
              The owner <Address value={outcome.payee} /> was refunded{' '}
            </>
          ) : (
            <>
              Submission #{outcome.winningSubmissionId.toString()} won:{' '}
              <Address value={outcome.payee} /> was credited{' '}
            </>
          )}
          <Tfuel wei={outcome.amount} />
          {outcome.forfeitedBonds > 0n ? (
            <>
              , including <Tfuel wei={outcome.forfeitedBonds} /> of forfeited bonds
            </>
          ) : null}
          . Credits are withdrawn from the Account page.
        </p>
        <TxStatus state={tx.state} />
      </section>
    );
  }
  if (phase !== 'finalizable' && tx.state.status === 'idle') return null;
  return (
    <section aria-labelledby="finalize-heading" class="panel">
      <h2 id="finalize-heading">Finalize</h2>
      <p>The scoring deadline has passed. Anyone may finalize. {payoutText(board)}</p>
      <button
        type="button"
        disabled={!wallet.connection || tx.busy || tx.done || phase !== 'finalizable'}
        onClick={async () => {
          const result = await tx.run(
            'Finalize',
            (client, options) => finalize(client, { taskId: task.id, ...options }),
            async () =>
              reader ? explainFinalizeRefusal(await reader.refusalContext(task.id)) : null,
          );
          if (result) refreshAll();
        }}
      >
        Finalize task #{task.id.toString()}
      </button>
      {!wallet.connection ? <p class="muted">Connect a wallet to finalize.</p> : null}
      <TxStatus state={tx.state} />
    </section>
  );
}
