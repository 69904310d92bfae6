import { useEffect, useState } from 'preact/hooks';
import { defaultTaskSpec } from '@tem/core/task';
import { cidOfBytes, localGatewayStore } from '@tem/core/ipfs';
import { taskMarketInterface } from '@tem/core/market';
import { useServices } from '../app-context.js';
import { TxStatus } from '../components/tx-status.js';
import { refreshAll } from '../components/use-balance.js';
import { parseTfuel } from '../format/index.js';
import { useTransaction } from '../market/use-transaction.js';
import { marketWriter } from '../market/writer.js';
import { NumberField, TextField } from '../components/fields.js';
import { buildSpec, economicErrors, num, type Errors, type Form } from './wizard-spec.js';

const STEPS = ['Describe', 'Parameters', 'Bounty and deadlines', 'Review and create'] as const;

const STEP_FIELDS: (keyof Form)[][] = [
  ['title', 'description'],
  [
    'payloadWords',
    'keyWords',
    'keyRegime',
    'population',
    'noveltyMapSize',
    'steps',
    'generations',
    'eveAdvantage',
    'streamCount',
    'streamWords',
  ],
  [
    'bounty',
    'commitMinutes',
    'revealMinutes',
    'scoringMinutes',
    'minScore',
    'verifierUrl',
    'verifierAddress',
  ],
  [],
];

/** The create-task wizard: spec with validation, upload through the storage interface, one transaction. */
export function CreateTask() {
  const { wallet, loaded, reader } = useServices();
  const config = loaded.config;
  const defaults = defaultTaskSpec({
    verifierUrl: 'https://example.invalid',
    verifierAddress: '0x0000000000000000000000000000000000000001',
  });
  const [form, setForm] = useState<Form>({
    title: '',
    description: '',
    payloadWords: String(defaults.training.payloadWords),
    keyWords: String(defaults.training.keyWords),
    keyRegime: defaults.training.keyRegime,
    population: String(defaults.training.population),
    noveltyMapSize: String(defaults.training.noveltyMapSize),
    steps: String(defaults.training.steps),
    generations: String(defaults.training.generations),
    eveAdvantage: String(defaults.training.eveAdvantage),
    streamCount: String(defaults.scoring.streams.count),
    streamWords: String(defaults.scoring.streams.words),
    verifierUrl: config.verifier?.url ?? '',
    verifierAddress: config.verifier?.address ?? '',
    bounty: '1',
    commitMinutes: '1440',
    revealMinutes: '720',
    scoringMinutes: '720',
    minScore: '0',
  });
  const [step, setStep] = useState(0);
  const [errors, setErrors] = useState<Errors>({});
  const [upload, setUpload] = useState<{
    status: 'idle' | 'uploading' | 'done' | 'failed';
    text?: string;
  }>({ status: 'idle' });
  const [createdId, setCreatedId] = useState<string | null>(null);
  const [pinnedByOwner, setPinnedByOwner] = useState(false);
  const [specDownload, setSpecDownload] = useState<string | null>(null);
  const reviewSpec = step === 3 ? buildSpec(form).spec : null;
  // Exactly the bytes that are uploaded and hashed into the on-chain CID.
  const reviewText = reviewSpec ? JSON.stringify(reviewSpec, null, 2) : '';
  useEffect(() => {
    if (!reviewText) return setSpecDownload(null);
    const url = URL.createObjectURL(new Blob([reviewText], { type: 'application/json' }));
    setSpecDownload(url);
    return () => URL.revokeObjectURL(url);
  }, [reviewText]);
  const tx = useTransaction();

  const set = (key: keyof Form) => (value: string) => {
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
    const all = { ...buildSpec(form).errors, ...economicErrors(form) };
    const fields = index === 3 ? (Object.keys(all) as (keyof Form)[]) : (STEP_FIELDS[index] ?? []);
    const found: Errors = {};
    for (const f of fields) if (all[f]) found[f] = all[f];
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) requestAnimationFrame(() => document.getElementById(`field-${first}`)?.focus());
    return !first;
  };
  const fieldProps = (key: keyof Form) => ({
    id: `field-${key}`,
    value: form[key],
    onInput: set(key),
    error: errors[key],
  });

  const create = async () => {
    if (!validateStep(3)) return;
    const market = config.marketAddress;
    const { spec } = buildSpec(form);
    const bounty = parseTfuel(form.bounty);
    if (!spec || !bounty.ok || !market || !reader) return;
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
      return;
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
    if (!receipt) return;
    for (const log of receipt.logs) {
      const parsed = taskMarketInterface.parseLog(log);
      if (parsed?.name === 'TaskCreated') setCreatedId((parsed.args[0] as bigint).toString());
    }
    refreshAll();
  };

  if (!config.marketAddress) return <p>No market is configured on this deployment.</p>;
  const specText = reviewText;

  return (
    <section aria-labelledby="create-heading">
      <h1 id="create-heading">Create a task</h1>
      <ol class="steps" aria-label="Wizard steps">
        {STEPS.map((label, i) => (
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
          if (step < 3) {
            if (validateStep(step)) setStep(step + 1);
          } else void create();
        }}
      >
        {step === 0 ? (
          <fieldset>
            <legend>Describe the task</legend>
            <TextField label="Title" {...fieldProps('title')} maxLength={120} />
            <TextField
              label="Description"
              {...fieldProps('description')}
              multiline
              maxLength={10_000}
            />
          </fieldset>
        ) : null}
        {step === 1 ? (
          <fieldset>
            <legend>Training and scoring parameters</legend>
            <NumberField label="Payload words" {...fieldProps('payloadWords')} />
            <NumberField label="Key words" {...fieldProps('keyWords')} />
            <div class="field">
              <label for="field-keyRegime">Key regime</label>
              <select
                id="field-keyRegime"
                value={form.keyRegime}
                onChange={(e) => set('keyRegime')(e.currentTarget.value)}
              >
                <option value="short-key">Short key (one key per stream)</option>
                <option value="otp">One-time pad (reference)</option>
              </select>
            </div>
            <NumberField label="Population" {...fieldProps('population')} />
            <NumberField label="Novelty map size" {...fieldProps('noveltyMapSize')} />
            <NumberField label="Steps per episode" {...fieldProps('steps')} />
            <NumberField label="Generations" {...fieldProps('generations')} />
            <NumberField label="Eve advantage" {...fieldProps('eveAdvantage')} />
            <NumberField label="Test streams" {...fieldProps('streamCount')} />
            <NumberField label="Words per test stream" {...fieldProps('streamWords')} />
          </fieldset>
        ) : null}
        {step === 2 ? (
          <fieldset>
            <legend>Bounty, deadlines and verifier</legend>
            <TextField label="Bounty (TFuel)" {...fieldProps('bounty')} inputMode="decimal" />
            <NumberField label="Commit window (minutes)" {...fieldProps('commitMinutes')} />
            <NumberField label="Reveal window (minutes)" {...fieldProps('revealMinutes')} />
            <NumberField label="Scoring window (minutes)" {...fieldProps('scoringMinutes')} />
            <NumberField label="Minimum score" {...fieldProps('minScore')} />
            <TextField label="Verifier URL" {...fieldProps('verifierUrl')} />
            <TextField label="Verifier address" {...fieldProps('verifierAddress')} />
          </fieldset>
        ) : null}
        {step === 3 ? (
          <div>
            <h2>Review</h2>
            {Object.keys(errors).length > 0 ? (
              <ul role="alert" class="error">
                {Object.entries(errors).map(([field, message]) => (
                  <li key={field}>
                    {field}: {message}
                  </li>
                ))}
              </ul>
            ) : null}
            <p>
              Bounty {form.bounty} TFuel; commit window {form.commitMinutes} min, then reveal{' '}
              {form.revealMinutes} min, then scoring {form.scoringMinutes} min. The spec below is
              uploaded to IPFS and its CID goes on chain with the bounty, in one transaction.
            </p>
            <pre class="spec-json" tabIndex={0} aria-label="Task spec JSON">
              {specText}
            </pre>
            {specDownload ? (
              <p>
                <a href={specDownload} download="task-spec.json">
                  Download the spec (task-spec.json)
                </a>
              </p>
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
                    style={{ width: 'auto' }}
                  />{' '}
                  I have pinned task-spec.json on IPFS
                </label>
              </div>
            ) : null}
          </div>
        ) : null}
        <div class="wizard-nav">
          {step > 0 ? (
            <button type="button" onClick={() => setStep(step - 1)}>
              Back
            </button>
          ) : null}
          {step < 3 ? (
            <button type="submit">Next</button>
          ) : (
            <button
              type="submit"
              disabled={!wallet.connection || tx.busy || upload.status === 'uploading'}
            >
              Upload spec and create task
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
        <p>
          <a href={`#/tasks/${createdId}`} data-testid="created-task-link">
            Open task #{createdId}
          </a>
        </p>
      ) : null}
    </section>
  );
}
