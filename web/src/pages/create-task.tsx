import { useEffect, useRef, useState } from 'preact/hooks';
import { cidOfBytes, localGatewayStore } from '@tem/core/ipfs';
import { taskMarketInterface } from '@tem/core/market';
import { useServices } from '../app-context.js';
import { TxStatus } from '../components/tx-status.js';
import { refreshAll, useBalance } from '../components/use-balance.js';
import { useChainNow } from '../components/use-now.js';
import { formatTfuel, parseTfuel } from '../format/index.js';
import { useTransaction } from '../market/use-transaction.js';
import { marketWriter } from '../market/writer.js';
import { buildSpec, num } from '../wizard/build-spec.js';
import { FIELD_INFO } from '../wizard/fields.js';
import {
  defaultForm,
  REVIEW_STEP,
  WIZARD_STEPS,
  type Form,
  type FormField,
} from '../wizard/form.js';
import { ReviewSummary } from '../wizard/review-summary.js';
import type { Errors } from '../wizard/validate.js';
import { FieldHelp, WizardField } from '../wizard/wizard-field.js';

/** Where the create step is: filling in, sending (upload then transaction), or done. */
type Submission = 'editing' | 'sending' | 'created';

/** The create-task wizard: spec with validation, upload through the storage interface, one transaction. */
export function CreateTask() {
  const { wallet, loaded, reader } = useServices();
  const config = loaded.config;
  const chainNow = useChainNow();
  const [form, setForm] = useState<Form>(() => defaultForm(config));
  const [step, setStep] = useState(0);
  const [errors, setErrors] = useState<Errors>({});
  const [upload, setUpload] = useState<{
    status: 'idle' | 'uploading' | 'done' | 'failed';
    text?: string;
  }>({ status: 'idle' });
  const [createdId, setCreatedId] = useState<string | null>(null);
  const [pinnedByOwner, setPinnedByOwner] = useState(false);
  const [specDownload, setSpecDownload] = useState<string | null>(null);
  const [submission, setSubmission] = useState<Submission>('editing');
  // Set synchronously on the first click: a second click in the same tick finds it taken.
  const sending = useRef(false);
  const balance = useBalance(wallet.connection?.address ?? null);
  const tx = useTransaction();

  const built = step === REVIEW_STEP ? buildSpec(form) : null;
  const reviewSpec = built?.spec ?? null;
  // Exactly the bytes that are uploaded and hashed into the on-chain CID.
  const reviewText = reviewSpec ? JSON.stringify(reviewSpec, null, 2) : '';
  useEffect(() => {
    if (!reviewText) return setSpecDownload(null);
    const url = URL.createObjectURL(new Blob([reviewText], { type: 'application/json' }));
    setSpecDownload(url);
    return () => URL.revokeObjectURL(url);
  }, [reviewText]);

  const bounty = parseTfuel(form.bounty);
  const overBalance = bounty.ok && balance !== null && bounty.wei > balance;

  const set = (key: FormField) => (value: string) => {
    setForm((f) => ({ ...f, [key]: value }));
    // A field's error goes away as soon as the visitor edits it; Next re-validates.
    setErrors((e) => {
      if (!e[key]) return e;
      const rest = { ...e };
      delete rest[key];
      return rest;
    });
  };
  const validateStep = (index: number): boolean => {
    const all = buildSpec(form).errors;
    const fields =
      index === REVIEW_STEP
        ? (Object.keys(all) as FormField[])
        : (WIZARD_STEPS[index]?.fields ?? []);
    const found: Errors = {};
    for (const f of fields) if (all[f]) found[f] = all[f];
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) requestAnimationFrame(() => document.getElementById(`field-${first}`)?.focus());
    return !first;
  };
  const field = (key: Exclude<FormField, 'keyRegime'>) => (
    <WizardField field={key} value={form[key]} onInput={set(key)} error={errors[key]} />
  );

  const create = async () => {
    if (sending.current || submission !== 'editing') return;
    sending.current = true;
    setSubmission('sending');
    const done = await createOnce();
    setSubmission(done ? 'created' : 'editing');
    sending.current = false;
  };

  /** Uploads the spec and sends createTask; true once the task exists on chain. */
  const createOnce = async (): Promise<boolean> => {
    if (!validateStep(REVIEW_STEP)) return false;
    const market = config.marketAddress;
    const { spec } = buildSpec(form);
    const bounty = parseTfuel(form.bounty);
    if (!spec || !bounty.ok || !market || !reader) return false;
    const bytes = new TextEncoder().encode(JSON.stringify(spec, null, 2));
    let cid: string;
    try {
      const expected = (await cidOfBytes(bytes)).toString();
      if (config.uploadUrl) {
        setUpload({ status: 'uploading', text: 'Uploading the spec…' });
        cid = (
          await localGatewayStore({ url: config.uploadUrl }).put({ kind: 'file', content: bytes })
        ).toString();
        if (cid !== expected) throw new Error(`the store answered ${cid}, expected ${expected}`);
        setUpload({ status: 'done', text: `Spec uploaded: ${cid}` });
      } else {
        // No storage endpoint on this deployment: the owner pins the downloaded spec themselves.
        if (!pinnedByOwner) throw new Error('download the spec, pin it on IPFS, then tick the box');
        cid = expected;
        setUpload({ status: 'done', text: `Using the spec you pinned: ${cid}` });
      }
    } catch (error) {
      setUpload({ status: 'failed', text: `Upload failed: ${(error as Error).message}` });
      return false;
    }
    const now = await reader.chainTime();
    const commitDeadline = now + num(form.commitMinutes) * 60;
    const revealDeadline = commitDeadline + num(form.revealMinutes) * 60;
    const scoringDeadline = revealDeadline + num(form.scoringMinutes) * 60;
    const receipt = await tx.run('Create task', async () =>
      marketWriter(await wallet.signer(), market, loaded.config.chainId).createTask({
        specCid: cid,
        commitDeadline,
        revealDeadline,
        scoringDeadline,
        verifier: spec.verifier.address,
        minScore: BigInt(form.minScore.trim()),
        bounty: bounty.wei,
      }),
    );
    if (!receipt) return false;
    for (const log of receipt.logs) {
      const parsed = taskMarketInterface.parseLog(log);
      if (parsed?.name === 'TaskCreated') setCreatedId((parsed.args[0] as bigint).toString());
    }
    refreshAll();
    return true;
  };

  /** After a task is created: the same parameters, a new title, nothing sent twice by accident. */
  const startAnother = () => {
    setForm((f) => ({ ...f, title: '', description: '' }));
    setStep(0);
    setSubmission('editing');
    setUpload({ status: 'idle' });
    setCreatedId(null);
    setPinnedByOwner(false);
  };

  if (!config.marketAddress) return <p>No market is configured on this deployment.</p>;
  const balanceWarning = overBalance ? (
    <p class="warning" role="alert" data-testid="balance-warning">
      Your wallet holds {formatTfuel(balance ?? 0n)} TFuel: a bounty of {formatTfuel(bounty.wei)}{' '}
      TFuel (plus gas) cannot be escrowed. Lower the bounty or add TFuel to the wallet.
    </p>
  ) : null;
  const errorCount = Object.keys(errors).length;

  return (
    <section aria-labelledby="create-heading">
      <h1 id="create-heading">Create a task</h1>
      <p class="lead">
        A task asks edge nodes to train an Alice-and-Bob neural cipher with your parameters. Your
        bounty is escrowed in the contract and paid to the best scored result, or refunded. Every
        field says what it does; the defaults are the hackathon’s settings.
      </p>
      <ol class="steps" aria-label="Wizard steps">
        {WIZARD_STEPS.map(({ label }, i) => (
          <li
            key={label}
            aria-current={i === step ? 'step' : undefined}
            class={i === step ? 'current' : undefined}
          >
            {label}
          </li>
        ))}
      </ol>
      {!wallet.connection ? (
        <p class="muted">You can fill the form now; creating the task needs a connected wallet.</p>
      ) : null}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (step < REVIEW_STEP) {
            if (validateStep(step)) setStep(step + 1);
          } else void create();
        }}
      >
        {step === 0 ? (
          <fieldset>
            <legend>Describe the task</legend>
            {field('title')}
            {field('description')}
          </fieldset>
        ) : null}
        {step === 1 ? (
          <>
            <fieldset>
              <legend>The cipher</legend>
              <div class="field">
                <label for="field-keyRegime">{FIELD_INFO.keyRegime.label}</label>
                <div id="field-keyRegime-help" class="help">
                  <FieldHelp field="keyRegime" />
                </div>
                <select
                  id="field-keyRegime"
                  value={form.keyRegime}
                  aria-describedby="field-keyRegime-help"
                  onChange={(e) => set('keyRegime')(e.currentTarget.value)}
                >
                  <option value="short-key">Short key (one key per stream)</option>
                  <option value="otp">One-time pad (reference)</option>
                </select>
              </div>
              {field('payloadWords')}
              {field('keyWords')}
            </fieldset>
            <fieldset>
              <legend>Training (what edge nodes run)</legend>
              {field('population')}
              {field('noveltyMapSize')}
              {field('steps')}
              {field('generations')}
              {field('eveAdvantage')}
            </fieldset>
            <fieldset>
              <legend>Scoring (what the verifier runs on every submission)</legend>
              {field('streamCount')}
              {field('streamWords')}
            </fieldset>
          </>
        ) : null}
        {step === 2 ? (
          <>
            <fieldset>
              <legend>Bounty and minimum score</legend>
              {field('bounty')}
              {balanceWarning}
              {field('minScore')}
            </fieldset>
            <fieldset>
              <legend>Deadlines, counted from the moment the task is created</legend>
              {field('commitMinutes')}
              {field('revealMinutes')}
              {field('scoringMinutes')}
            </fieldset>
            <fieldset>
              <legend>Verifier</legend>
              {field('verifierUrl')}
              {field('verifierAddress')}
            </fieldset>
          </>
        ) : null}
        {step === REVIEW_STEP ? (
          <div>
            <h2>Review</h2>
            {errorCount > 0 ? (
              <div role="alert" class="error">
                <p>
                  {errorCount === 1 ? 'One field needs' : `${errorCount} fields need`} a change
                  before the task can be created:
                </p>
                <ul>
                  {Object.entries(errors).map(([key, message]) => (
                    <li key={key}>
                      {FIELD_INFO[key as FormField].label}: {message}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            {reviewSpec && bounty.ok ? (
              <>
                <p>
                  The spec is uploaded to IPFS and its CID goes on chain with the bounty, in one
                  transaction.
                </p>
                <ReviewSummary
                  spec={reviewSpec}
                  bountyWei={bounty.wei}
                  windows={{
                    commitMinutes: num(form.commitMinutes),
                    revealMinutes: num(form.revealMinutes),
                    scoringMinutes: num(form.scoringMinutes),
                  }}
                  minScore={BigInt(form.minScore.trim())}
                  chainNow={chainNow}
                />
                {balanceWarning}
                <details class="spec-details">
                  <summary>The task spec as JSON (exactly what is uploaded)</summary>
                  <pre class="spec-json" tabIndex={0} aria-label="Task spec JSON">
                    {reviewText}
                  </pre>
                  {specDownload ? (
                    <p>
                      <a href={specDownload} download="task-spec.json">
                        Download the spec (task-spec.json)
                      </a>
                    </p>
                  ) : null}
                </details>
              </>
            ) : null}
            {!config.uploadUrl ? (
              <div class="field">
                <p>
                  This deployment has no upload endpoint. Download the spec and pin it on IPFS
                  yourself (for example with Storacha or a Kubo node, CIDv1, raw leaves); the CID is
                  computed here and must match.
                </p>
                <label>
                  <input
                    type="checkbox"
                    checked={pinnedByOwner}
                    onChange={(e) => setPinnedByOwner(e.currentTarget.checked)}
                    class="checkbox"
                  />{' '}
                  I have pinned task-spec.json on IPFS
                </label>
              </div>
            ) : null}
          </div>
        ) : null}
        <div class="wizard-nav">
          {step > 0 && submission === 'editing' ? (
            <button type="button" onClick={() => setStep(step - 1)}>
              Back
            </button>
          ) : null}
          {step < REVIEW_STEP ? (
            <button type="submit">Next</button>
          ) : (
            <button
              type="submit"
              disabled={!wallet.connection || submission !== 'editing' || tx.busy || overBalance}
            >
              {submission === 'created'
                ? `Task #${createdId ?? ''} created`
                : submission === 'sending'
                  ? 'Creating the task…'
                  : 'Upload spec and create task'}
            </button>
          )}
        </div>
      </form>
      {upload.text ? (
        <p
          role={upload.status === 'failed' ? 'alert' : 'status'}
          class={upload.status === 'failed' ? 'error' : undefined}
        >
          {upload.text}
        </p>
      ) : null}
      <TxStatus state={tx.state} />
      {createdId ? (
        <p class="actions">
          <a href={`#/tasks/${createdId}`} data-testid="created-task-link">
            Open task #{createdId}
          </a>
          <button type="button" class="secondary" onClick={startAnother}>
            Create another task
          </button>
        </p>
      ) : null}
    </section>
  );
}
