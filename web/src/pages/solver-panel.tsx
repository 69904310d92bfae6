import { useEffect, useRef, useState } from 'preact/hooks';
import { useServices } from '../app-context.js';
import { refreshAll } from '../components/use-balance.js';
import { TxStatus } from '../components/tx-status.js';
import { cidToBytes, computeCommitment, randomSalt, taskMarketInterface } from '@tem/core/market';
import {
  loadSecret,
  parseSecret,
  saveSecret,
  secretDownloadUrl,
  type CommitSecret,
} from '../market/salt-store.js';
import type { MarketSubmission, MarketTask, TaskPhase } from '../market/types.js';
import { useTransaction } from '../market/use-transaction.js';
import { marketWriter } from '../market/writer.js';

/** Commit and reveal by hand: the salt is kept in localStorage and offered as a download. */
export function SolverPanel({
  task,
  phase,
  submissions,
}: {
  task: MarketTask;
  phase: TaskPhase;
  submissions: MarketSubmission[];
}) {
  const { wallet, loaded } = useServices();
  const market = loaded.config.marketAddress;
  const solver = wallet.connection?.address ?? null;
  const [secret, setSecret] = useState<CommitSecret | null>(null);
  const [resultCid, setResultCid] = useState('');
  const [cidError, setCidError] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [download, setDownload] = useState<string | null>(null);
  // One secret is kept per task and solver: a new commit replaces it, so ask first.
  const [replaceSecret, setReplaceSecret] = useState(false);
  // The submission this page revealed: its button stays disabled until the chain says revealed.
  const [revealedNow, setRevealedNow] = useState<string | null>(null);
  // Taken synchronously by the first click: a double click must not draw a second salt.
  const committing = useRef(false);
  const tx = useTransaction();

  useEffect(() => {
    setSecret(solver && market ? loadSecret(loaded.config.chainId, market, task.id, solver) : null);
  }, [solver, market, task.id, loaded.config.chainId]);
  // A commit whose receipt this tab never saw (closed, reloaded): find its id by the commitment.
  useEffect(() => {
    if (!secret || secret.submissionId) return;
    const found = submissions.find(
      (s) =>
        s.commitment.toLowerCase() === secret.commitment.toLowerCase() &&
        s.solver.toLowerCase() === secret.solver.toLowerCase(),
    );
    if (!found) return;
    const done = { ...secret, submissionId: found.id.toString() };
    saveSecret(done);
    setSecret(done);
  }, [secret, submissions]);
  useEffect(() => {
    if (!secret) return setDownload(null);
    const url = secretDownloadUrl(secret);
    setDownload(url);
    return () => URL.revokeObjectURL(url);
  }, [secret]);

  if (phase !== 'commit' && phase !== 'reveal') return null;
  const mine = submissions.filter((s) => solver && s.solver.toLowerCase() === solver.toLowerCase());
  const revealed = secret?.submissionId
    ? mine.find((s) => s.id.toString() === secret.submissionId)?.revealed
    : false;

  const commit = async (event: Event) => {
    event.preventDefault();
    if (committing.current || !market || !solver || (secret && !replaceSecret)) return;
    committing.current = true;
    try {
      await commitOnce(market, solver);
    } finally {
      committing.current = false;
    }
  };

  const commitOnce = async (market: string, solver: string) => {
    try {
      cidToBytes(resultCid.trim());
    } catch {
      setCidError('Enter the CID of your result bundle (bafy… or Qm…).');
      return;
    }
    setCidError(null);
    const salt = randomSalt();
    const commitment = computeCommitment({
      chainId: loaded.config.chainId,
      contract: market,
      taskId: task.id,
      solver,
      resultCid: resultCid.trim(),
      salt,
    });
    // Saved before sending: a commit that lands while the tab dies must still be revealable.
    const pending: CommitSecret = {
      chainId: loaded.config.chainId,
      market,
      taskId: task.id.toString(),
      solver,
      resultCid: resultCid.trim(),
      salt,
      submissionId: null,
      commitment,
      savedAt: new Date().toISOString(),
    };
    saveSecret(pending);
    setSecret(pending);
    setReplaceSecret(false);
    const receipt = await tx.run('Commit', async () =>
      marketWriter(await wallet.signer(), market, loaded.config.chainId).commit(
        task.id,
        commitment,
      ),
    );
    if (!receipt) return;
    for (const log of receipt.logs) {
      const parsed = taskMarketInterface.parseLog(log);
      if (parsed?.name === 'SolutionCommitted') {
        const done = { ...pending, submissionId: (parsed.args[1] as bigint).toString() };
        saveSecret(done);
        setSecret(done);
      }
    }
    refreshAll();
  };

  const reveal = async () => {
    if (!market || !secret?.submissionId) return;
    const receipt = await tx.run('Reveal', async () =>
      marketWriter(await wallet.signer(), market, loaded.config.chainId).reveal(
        task.id,
        BigInt(secret.submissionId!),
        secret.resultCid,
        secret.salt,
      ),
    );
    if (!receipt) return;
    setRevealedNow(secret.submissionId);
    refreshAll();
  };

  const importSecret = async (file: File | undefined) => {
    if (!file) return;
    try {
      if (file.size > 10_000) throw new Error('the file is too large to be a commit secret');
      const parsed = parseSecret(JSON.parse(await file.text()));
      if (parsed.taskId !== task.id.toString())
        throw new Error(`the file is for task ${parsed.taskId}`);
      saveSecret(parsed);
      setSecret(parsed);
      setFileError(null);
    } catch (error) {
      setFileError((error as Error).message);
    }
  };

  return (
    <section aria-labelledby="solver-heading" class="panel">
      <h2 id="solver-heading">Submit a result</h2>
      {!wallet.connection ? <p class="muted">Connect a wallet to commit or reveal.</p> : null}
      {phase === 'commit' && wallet.connection ? (
        <form onSubmit={commit}>
          <p>
            Commit first: only a hash of your result CID and a secret salt goes on chain, so nobody
            can copy your answer. Reveal after the commit deadline.
          </p>
          <label for="result-cid">Result bundle CID</label>
          <input
            id="result-cid"
            name="result-cid"
            value={resultCid}
            onInput={(e) => setResultCid(e.currentTarget.value)}
            aria-invalid={cidError ? 'true' : undefined}
            aria-describedby={cidError ? 'result-cid-error' : undefined}
            autoComplete="off"
            spellcheck={false}
          />
          {cidError ? (
            <p id="result-cid-error" class="error">
              {cidError}
            </p>
          ) : null}
          {secret ? (
            <p>
              <input
                id="replace-secret"
                type="checkbox"
                checked={replaceSecret}
                onChange={(e) => setReplaceSecret(e.currentTarget.checked)}
              />{' '}
              <label for="replace-secret">
                I kept a copy of the commit secret of submission{' '}
                {secret.submissionId ? `#${secret.submissionId}` : '(pending)'}: a new commit
                replaces it in this browser
              </label>
            </p>
          ) : null}
          <button type="submit" disabled={tx.busy || (secret !== null && !replaceSecret)}>
            Commit
          </button>
        </form>
      ) : null}
      {secret ? (
        <div class="secret" data-testid="commit-secret">
          <p>
            Your commit secret for submission{' '}
            {secret.submissionId ? `#${secret.submissionId}` : '(pending)'} is saved in this
            browser. <strong>Keep a copy: without the salt you cannot reveal.</strong>{' '}
            {download ? (
              <a href={download} download={`tem-task-${task.id}-commit.json`}>
                Download the commit secret
              </a>
            ) : null}
          </p>
        </div>
      ) : null}
      {phase === 'reveal' && wallet.connection ? (
        <div>
          {secret?.submissionId && !revealed ? (
            <button
              type="button"
              disabled={tx.busy || revealedNow === secret.submissionId}
              onClick={() => void reveal()}
            >
              Reveal submission #{secret.submissionId}
            </button>
          ) : null}
          {revealed ? <p>Submission #{secret?.submissionId} is revealed.</p> : null}
          {!secret ? <p>No commit secret for this task is saved in this browser.</p> : null}
          <label for="secret-file">Load a commit secret file</label>
          <input
            id="secret-file"
            type="file"
            accept="application/json,.json"
            onChange={(e) => void importSecret(e.currentTarget.files?.[0])}
          />
          {fileError ? (
            <p class="error" role="alert">
              {fileError}
            </p>
          ) : null}
        </div>
      ) : null}
      <TxStatus state={tx.state} />
    </section>
  );
}
