import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { cidOfBytes, localGatewayStore } from '@tem/core/ipfs';
import { createTask } from '@tem/core/market';
import { useServices } from '../app-context.js';
import { TxStatus } from '../components/tx-status.js';
import { refreshAll, useBalance } from '../components/use-balance.js';
import { useAsync } from '../components/use-async.js';
import { useChainNow } from '../components/use-now.js';
import { formatTfuel, parseTfuel } from '../format/index.js';
import { explainCreateRefusal } from '../market/explain-refusal.js';
import { documentedLimits } from '../market/market-limits.js';
import { useTransaction } from '../market/use-transaction.js';
import { buildSpec } from '../wizard/build-spec.js';
import { fieldInfo, type FieldInfo } from '../wizard/fields.js';
import {
  BOND_PERCENT_OF_BOUNTY,
  defaultForm,
  keyOfStep,
  majority,
  REVIEW_STEP,
  WIZARD_STEPS,
  type ErrorKey,
  type Form,
  type FormField,
} from '../wizard/form.js';
import { KindChoice, KindParamsFields } from '../wizard/kind-fields.js';
import { CIPHER } from '../wizard/kind-params.js';
import { ReviewSummary } from '../wizard/review-summary.js';
import { taskParams } from '../wizard/task-params.js';
import { errorLabel, verifierCountOf, type Errors } from '../wizard/validate.js';
import { FieldHelp, WizardField } from '../wizard/wizard-field.js';

/** Where the create step is: filling in, sending (upload then transaction), or done. */
type Submission = 'editing' | 'sending' | 'created';

/** The proposed bond: a share of the bounty as typed, or null when the bounty is not an amount. */
function proposedBond(bounty: string): string | null {
  const parsed = parseTfuel(bounty);
  return parsed.ok
    ? formatTfuel((parsed.wei * BOND_PERCENT_OF_BOUNTY) / 100n, 18).replace(/,/g, '')
    : null;
}

const KINDS: Partial<Record<FormField, 'text' | 'multiline' | 'amount'>> = {
  title: 'text',
  description: 'multiline',
  bounty: 'amount',
  commitBond: 'amount',
};

/**
 * The create-task wizard: spec with validation, the verifier set, bond and windows within the
 * deployed contract's bounds, upload through the storage interface, one transaction through
 * core's `createTask`.
 */
export function CreateTask() {
  const { wallet, loaded, reader } = useServices();
  const config = loaded.config;
  const chainNow = useChainNow();
  const [form, setForm] = useState<Form>(() => defaultForm(config));
  // The bond follows the bounty and the threshold the verifier count until edited by hand.
  const [bondEdited, setBondEdited] = useState(false);
  const [thresholdEdited, setThresholdEdited] = useState(false);
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
  const owner = wallet.connection?.address ?? null;
  const balance = useBalance(owner);
  const tx = useTransaction();
  const read = useAsync(async () => (reader ? reader.marketLimits() : null), [reader]);
  const limits =
    read.status === 'ready' && read.value ? read.value : documentedLimits(config.chainId);
  const ctx = useMemo(() => ({ limits, owner }), [limits, owner]);
  const info = useMemo(() => fieldInfo(limits), [limits]);
  const n = verifierCountOf(form, limits);
  const shownRows = n ?? 1;

  const built = step === REVIEW_STEP ? buildSpec(form, ctx) : null;
  const reviewSpec = built?.spec ?? null;
  const params = reviewSpec ? taskParams(form, ctx) : null;
  // Exactly the bytes that are uploaded and hashed into the on-chain CID.
  const reviewText = reviewSpec ? JSON.stringify(reviewSpec, null, 2) : '';
  useEffect(() => {
    if (!reviewText) return setSpecDownload(null);
    const url = URL.createObjectURL(new Blob([reviewText], { type: 'application/json' }));
    setSpecDownload(url);
    return () => URL.revokeObjectURL(url);
  }, [reviewText]);

  const bounty = parseTfuel(form.bounty);
  const bond = parseTfuel(form.commitBond, { allowZero: true });
  const overBalance = bounty.ok && balance !== null && bounty.wei > balance;

  const clearError = (key: ErrorKey) =>
    // A field's error goes away as soon as the visitor edits it; Next re-validates.
    setErrors((e) => {
      if (!e[key]) return e;
      const rest = { ...e };
      delete rest[key];
      return rest;
    });
  const set = (key: FormField) => (value: string) => {
    setForm((f) => {
      const next = { ...f, [key]: value };
      if (key === 'bounty' && !bondEdited) next.commitBond = proposedBond(value) ?? f.commitBond;
      if (key === 'verifierCount' && !thresholdEdited) {
        const count = verifierCountOf(next, limits);
        if (count !== null) next.threshold = String(majority(count));
      }
      return next;
    });
    if (key === 'commitBond') setBondEdited(true);
    if (key === 'threshold') setThresholdEdited(true);
    clearError(key);
  };
  const setRow = (i: number, part: 'url' | 'address') => (value: string) => {
    setForm((f) => ({
      ...f,
      verifiers: f.verifiers.map((row, j) => (j === i ? { ...row, [part]: value } : row)),
    }));
    clearError(part === 'url' ? `verifierUrl.${i}` : `verifierAddress.${i}`);
  };
  const setKind = (kind: string) => {
    setForm((f) => ({ ...f, kind }));
    setErrors({});
  };
  const setParam = (path: string) => (value: string) => {
    setForm((f) => ({
      ...f,
      params: { ...f.params, [f.kind]: { ...f.params[f.kind], [path]: value } },
    }));
    clearError(`param.${path}`);
  };
  const validateStep = (index: number): boolean => {
    const all = buildSpec(form, ctx).errors;
    const found: Errors = {};
    for (const [key, message] of Object.entries(all) as [ErrorKey, string][]) {
      if (index === REVIEW_STEP || keyOfStep(key, WIZARD_STEPS[index]?.fields ?? [])) {
        found[key] = message;
      }
    }
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first)
      requestAnimationFrame(() =>
        document
          .getElementById(
            first.startsWith('param.')
              ? `field-${first.replace(/\./g, '-')}`
              : `field-${first.replace('.', '-')}`,
          )
          ?.focus(),
      );
    return !first;
  };
  const field = (key: Exclude<FormField, 'keyRegime'>) => (
    <WizardField
      id={`field-${key}`}
      info={info[key]}
      kind={KINDS[key] ?? 'number'}
      maxLength={key === 'title' ? 120 : key === 'description' ? 10_000 : undefined}
      value={form[key]}
      onInput={set(key)}
      error={errors[key]}
    />
  );
  const row = (i: number, part: 'url' | 'address') => {
    const base: FieldInfo = part === 'url' ? info.verifierUrl : info.verifierAddress;
    const key: ErrorKey = part === 'url' ? `verifierUrl.${i}` : `verifierAddress.${i}`;
    return (
      <WizardField
        id={`field-verifier${part === 'url' ? 'Url' : 'Address'}-${i}`}
        info={base}
        label={`Verifier ${i + 1} ${base.label}`}
        kind="text"
        value={form.verifiers[i]![part]}
        onInput={setRow(i, part)}
        error={errors[key]}
      />
    );
  };

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
    const { spec } = buildSpec(form, ctx);
    const p = taskParams(form, ctx);
    if (!spec || !p || !reader || !owner) return false;
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
    const now = BigInt(await reader.chainTime());
    const request = {
      owner,
      commitDeadline: now + BigInt(p.commitSeconds),
      revealDeadline: now + BigInt(p.commitSeconds + p.revealSeconds),
      scoringDeadline: now + BigInt(p.commitSeconds + p.revealSeconds + p.scoringSeconds),
      seedWindow: BigInt(p.seedWindow),
      minScore: p.minScore,
      verifiers: p.verifiers,
      threshold: p.threshold,
    };
    const result = await tx.run(
      'Create task',
      (client, options) =>
        createTask(client, {
          specCid: cid,
          bounty: p.bounty,
          commitBond: p.commitBond,
          ...request,
          ...options,
        }),
      async () =>
        explainCreateRefusal(request, await reader.marketLimits(), await reader.chainTime()),
    );
    if (!result) return false;
    setCreatedId(result.taskId.toString());
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
  const bondWarning =
    bounty.ok && bond.ok && bond.wei > bounty.wei ? (
      <p class="warning" data-testid="bond-warning">
        The bond is more than the bounty: solvers risk more than they can win, and few will commit.
      </p>
    ) : null;
  const errorCount = Object.keys(errors).length;

  return (
    <section aria-labelledby="create-heading">
      <h1 id="create-heading">Create a task</h1>
      <p class="lead">
        A task asks edge nodes to train BiSUNA networks for one of the task kinds with your
        parameters: a neural cipher, a Boolean multiplexer or double pole balancing. Your bounty is
        escrowed in the contract and paid to the best scored result, or refunded. Every field says
        what it does; the defaults are each kind’s standard settings.
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
        {step === 1 ? <KindChoice kind={form.kind} onChange={setKind} /> : null}
        {step === 1 && form.kind !== CIPHER ? (
          <KindParamsFields
            kind={form.kind}
            values={form.params[form.kind] ?? {}}
            errors={errors}
            onInput={setParam}
          />
        ) : null}
        {step === 1 && form.kind === CIPHER ? (
          <>
            <fieldset>
              <legend>The cipher</legend>
              <div class="field">
                <label for="field-keyRegime">{info.keyRegime.label}</label>
                <div id="field-keyRegime-help" class="help">
                  <FieldHelp info={info.keyRegime} />
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
              <legend>Scoring (what the verifiers run on every submission)</legend>
              {field('streamCount')}
              {field('streamWords')}
            </fieldset>
          </>
        ) : null}
        {step === 2 ? (
          <fieldset>
            <legend>Verifiers</legend>
            {field('verifierCount')}
            <div class="verifier-rows">
              {Array.from({ length: shownRows }, (_, i) => (
                <div class="verifier-row" key={i}>
                  {row(i, 'url')}
                  {row(i, 'address')}
                </div>
              ))}
            </div>
            {field('threshold')}
          </fieldset>
        ) : null}
        {step === 3 ? (
          <>
            <fieldset>
              <legend>Bounty, bond and minimum score</legend>
              {field('bounty')}
              {balanceWarning}
              {field('commitBond')}
              {bondWarning}
              {field('minScore')}
            </fieldset>
            <fieldset>
              <legend>Deadlines, counted from the moment the task is created</legend>
              {limits.fromContract ? null : (
                <p class="muted">
                  The contract’s minimum window could not be read yet; the bounds below are this
                  network’s documented ones.
                </p>
              )}
              {field('commitMinutes')}
              {field('revealMinutes')}
              {(n ?? 1) > 1 ? field('seedMinutes') : null}
              {field('scoringMinutes')}
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
                  {(Object.entries(errors) as [ErrorKey, string][]).map(([key, message]) => (
                    <li key={key}>
                      {errorLabel(key, info, form.kind)}: {message}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            {reviewSpec && params ? (
              <>
                <p>
                  The spec is uploaded to IPFS and its CID goes on chain with the bounty, in one
                  transaction.
                </p>
                <ReviewSummary spec={reviewSpec} params={params} chainNow={chainNow} />
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
