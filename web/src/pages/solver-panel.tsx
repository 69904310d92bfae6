import { useEffect, useRef, useState } from 'preact/hooks';
import {
  cidToBytes,
  commit,
  eventsNamed,
  randomSalt,
  reveal,
  waitForMarketTx,
} from '@tem/core/market';
import { useServices } from '../app-context.js';
import { Address } from '../components/address.js';
import { Tfuel } from '../components/tfuel.js';
import { refreshAll, useBalance } from '../components/use-balance.js';
import { TxStatus } from '../components/tx-status.js';
import { explainCommitRefusal, explainRevealRefusal } from '../market/explain-refusal.js';
import {
  loadSecret,
  parseSecret,
  saveSecret,
  secretDownloadUrl,
  type CommitSecret,
} from '../market/salt-store.js';
import type { SpecKind } from '../kinds/spec-kind.js';
import type { MarketSubmission, MarketTask, TaskPhase } from '../market/types.js';
import { useTransaction } from '../market/use-transaction.js';

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Commit and reveal by hand through core's actions: the salt is drawn and kept in localStorage
 * (and offered as a download) before the wallet is asked, the commit transaction's hash as soon
 * as the wallet sent it, so a commit whose receipt this tab never saw is found again from it.
 */
export function SolverPanel({
  task,
  phase,
  submissions,
  kind,
}: {
  task: MarketTask;
  phase: TaskPhase;
  submissions: MarketSubmission[];
  /** The task's kind once its spec is loaded: what its result bundle holds. */
  kind: SpecKind | null;
}) {
  const { wallet, loaded, reader } = useServices();
  const market = loaded.config.marketAddress;
  const account = wallet.connection?.address ?? null;
  const balance = useBalance(account);
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
    setSecret(
      account && market ? loadSecret(loaded.config.chainId, market, task.id, account) : null,
    );
  }, [account, market, task.id, loaded.config.chainId]);
  // A commit whose receipt this tab never saw (closed, reloaded): its receipt names the submission.
  useEffect(() => {
    if (!secret || secret.submissionId || !secret.txHash || !reader) return;
    let live = true;
    void waitForMarketTx(reader.client, secret.txHash, { timeoutMs: 120_000 })
      .then(({ events }) => {
        const committed = eventsNamed(events, 'SolutionCommitted')[0];
        if (!live || !committed) return;
        const done: CommitSecret = {
          ...secret,
          submissionId: committed.args.submissionId.toString(),
          commitment: committed.args.commitment,
        };
        saveSecret(done);
        setSecret(done);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [secret, reader]);
  useEffect(() => {
    if (!secret) return setDownload(null);
    const url = secretDownloadUrl(secret);
    setDownload(url);
    return () => URL.revokeObjectURL(url);
  }, [secret]);

  if (phase !== 'commit' && phase !== 'reveal') return null;
  const submission = secret?.submissionId
    ? submissions.find((s) => s.id.toString() === secret.submissionId)
    : undefined;

  const onCommit = async (event: Event) => {
    event.preventDefault();
    if (committing.current || !market || !account || (secret && !replaceSecret)) return;
    committing.current = true;
    try {
      await commitOnce(market, account);
    } finally {
      committing.current = false;
    }
  };

  const commitOnce = async (market: string, solver: string) => {
    const cid = resultCid.trim();
    try {
      cidToBytes(cid);
    } catch {
      setCidError('Enter the CID of your result bundle (bafy… or Qm…).');
      return;
    }
    setCidError(null);
    // Saved before the wallet is asked: a commit that lands while the tab dies must still be
    // revealable.
    let kept: CommitSecret = {
      chainId: loaded.config.chainId,
      market,
      taskId: task.id.toString(),
      solver,
      resultCid: cid,
      salt: randomSalt(),
      submissionId: null,
      txHash: null,
      commitment: null,
      savedAt: new Date().toISOString(),
    };
    const keep = (next: CommitSecret) => {
      kept = next;
      saveSecret(next);
      setSecret(next);
    };
    keep(kept);
    setReplaceSecret(false);
    const result = await tx.run(
      'Commit',
      (client, options) =>
        commit(client, {
          taskId: task.id,
          resultCid: cid,
          salt: kept.salt,
          commitBond: task.commitBond,
          ...options,
          onSent: (sent) => {
            keep({ ...kept, txHash: sent.hash });
            return options.onSent?.(sent);
          },
        }),
      async () =>
        reader ? explainCommitRefusal(await reader.refusalContext(task.id), { balance }) : null,
    );
    if (!result) return;
    keep({
      ...kept,
      txHash: result.hash,
      submissionId: result.submissionId.toString(),
      commitment: result.commitment,
    });
    refreshAll();
  };

  const onReveal = async () => {
    if (!secret?.submissionId) return;
    const submissionId = BigInt(secret.submissionId);
    const result = await tx.run(
      'Reveal',
      (client, options) =>
        reveal(client, {
          taskId: task.id,
          submissionId,
          solver: secret.solver,
          resultCid: secret.resultCid,
          salt: secret.salt,
          ...options,
        }),
      async () =>
        reader
          ? explainRevealRefusal(await reader.refusalContext(task.id), submissionId, secret.solver)
          : null,
    );
    if (!result) return;
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
      if (!market || !same(parsed.market, market) || parsed.chainId !== loaded.config.chainId)
        throw new Error('the file is for another market or chain');
      saveSecret(parsed);
      setSecret(parsed);
      setFileError(null);
    } catch (error) {
      setFileError((error as Error).message);
    }
  };

  const bond = task.commitBond;
  return (
    <section aria-labelledby="solver-heading" class="panel">
      <h2 id="solver-heading">Submit a result</h2>
      {!wallet.connection ? <p class="muted">Connect a wallet to commit or reveal.</p> : null}
      {phase === 'commit' && wallet.connection ? (
        <form onSubmit={onCommit}>
          <p>
            Commit first: only a hash of your result CID and a secret salt goes on chain, so nobody
            can copy your answer. Reveal after the commit deadline.
          </p>
          <p data-testid="commit-bond">
            {bond > 0n ? (
              <>
                Committing pays a bond of <Tfuel wei={bond} />: it comes back when you reveal; a
                commitment never revealed forfeits it to the bounty.
              </>
            ) : (
              'This task asks no commit bond.'
            )}
          </p>
          {kind ? (
            <div data-testid="bundle-files">
              <p>
                A {kind.title.toLowerCase()} result bundle is a folder on IPFS holding (
                <code>tem train</code> writes it, <code>tem submit</code> uploads it):
              </p>
              <ul>
                {kind.bundleFiles.map((f) => (
                  <li key={f.name}>
                    <code>{f.name}</code>: {f.what}
                    {f.required ? '' : ' (optional)'}
                    {f.scored ? '' : ', not scored'}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
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
          {secret?.submissionId && !submission?.revealed ? (
            <>
              {!same(secret.solver, wallet.connection.address) ? (
                <p>
                  This secret is of solver <Address value={secret.solver} />: anyone holding it may
                  reveal, and the submission and its bond stay the solver’s.
                </p>
              ) : null}
              <button
                type="button"
                disabled={tx.busy || revealedNow === secret.submissionId}
                onClick={() => void onReveal()}
              >
                Reveal submission #{secret.submissionId}
              </button>
            </>
          ) : null}
          {secret?.submissionId && submission?.revealed ? (
            <p>Submission #{secret.submissionId} is revealed.</p>
          ) : null}
          {secret && !secret.submissionId ? (
            <p>
              {secret.txHash
                ? 'Reading the commit transaction for its submission number…'
                : 'This secret’s commit was never seen sent from this browser: load the secret file of a confirmed commit.'}
            </p>
          ) : null}
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
