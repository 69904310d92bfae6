import { useEffect, useRef, useState } from 'preact/hooks';
import { parseResultManifest } from '@tem/core/task';
import { isTaskMarketContractError } from '@tem/core/market';
import { useServices } from '../app-context.js';
import { ipfsClient, loadSpec } from '../ipfs/spec-cache.js';
import testImageUrl from '../assets/TestImage.bmp';
import { paintBmp } from './bmp-canvas.js';
import { runPreview, type PreviewResult } from './run-preview.js';

const MAX_IMAGE_BYTES = 4 * 1024 * 1024;

/** The bundle's agents and the task spec, fetched once per submission. */
interface Inputs {
  run: (bmp: Uint8Array) => PreviewResult;
}

async function loadInputs(
  gateways: string[],
  specCid: string | null,
  resultCid: string | null,
): Promise<Inputs> {
  if (!specCid) throw new Error('the task has no valid spec CID');
  if (!resultCid) throw new Error('this submission is not revealed yet');
  const spec = await loadSpec(gateways, specCid);
  if (!spec.ok) throw new Error(spec.message);
  const cipherSpec = spec.spec;
  if (cipherSpec.kind !== 'bisuna-cipher')
    throw new Error(`a ${cipherSpec.kind} task has no encryption preview`);
  const ipfs = ipfsClient(gateways);
  const limit = { maxBytes: cipherSpec.scoring.maxBundleBytes };
  const [manifest, alice, bob] = await Promise.all([
    ipfs.json(`${resultCid}/manifest.json`, { maxBytes: 1024 * 1024 }).then(parseResultManifest),
    ipfs.bytes(`${resultCid}/alice.dat`, limit),
    ipfs.bytes(`${resultCid}/bob.dat`, limit),
  ]);
  return { run: (bmp) => runPreview(cipherSpec, manifest, alice, bob, bmp) };
}

/** Encryption preview: a submission's Alice encrypts an image, its Bob decrypts it. */
export function EncryptionPreview({
  taskId,
  submissionId,
}: {
  taskId: bigint;
  submissionId: bigint;
}) {
  const { reader, loaded } = useServices();
  const [inputs, setInputs] = useState<Inputs | null>(null);
  const [image, setImage] = useState<{ name: string; bytes: Uint8Array } | null>(null);
  const [result, setResult] = useState<PreviewResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [runs, setRuns] = useState(0);
  // The result whose images are on the canvases: the figures show only once it is painted.
  const [painted, setPainted] = useState<PreviewResult | null>(null);
  const canvases = [
    useRef<HTMLCanvasElement>(null),
    useRef<HTMLCanvasElement>(null),
    useRef<HTMLCanvasElement>(null),
  ];

  useEffect(() => {
    if (!reader) return;
    let live = true;
    setError(null);
    reader
      .getBoard(taskId)
      .then(({ task, submissions }) => {
        const submission = submissions.find((s) => s.id === submissionId);
        if (!submission) throw new Error(`task ${taskId} has no submission ${submissionId}`);
        return loadInputs(loaded.config.gateways, task.specCid, submission.resultCid);
      })
      .then((i) => live && setInputs(i))
      .catch(
        (e: unknown) =>
          live &&
          setError(
            isTaskMarketContractError(e, 'TaskNotFound')
              ? `there is no task #${taskId}`
              : (e as Error).message,
          ),
      );
    return () => {
      live = false;
    };
  }, [reader, taskId, submissionId, loaded.config.gateways]);

  useEffect(() => {
    if (image) return;
    fetch(new URL(testImageUrl, import.meta.url))
      .then((r) => r.arrayBuffer())
      .then((b) => setImage({ name: 'TestImage.bmp', bytes: new Uint8Array(b) }))
      .catch((e: unknown) => setError(`could not load the default image: ${(e as Error).message}`));
  }, [image]);

  useEffect(() => {
    if (!inputs || !image) return;
    try {
      setResult(inputs.run(image.bytes));
      setError(null);
    } catch (e) {
      setResult(null);
      setError((e as Error).message);
    }
  }, [inputs, image, runs]);

  useEffect(() => {
    if (!result) {
      // A failed run leaves no earlier image behind.
      for (const ref of canvases) if (ref.current) ref.current.width = ref.current.height = 0;
      setPainted(null);
      return;
    }
    const layers = [result.image.data, result.cipher, result.decrypted];
    canvases.forEach((ref, i) => ref.current && paintBmp(ref.current, result.image, layers[i]!));
    setPainted(result);
  }, [result]);
  const shown = result !== null && painted === result ? result : null;

  const pick = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_IMAGE_BYTES) {
      setError(`${file.name} is larger than 4 MiB`);
      return;
    }
    setImage({ name: file.name.slice(0, 100), bytes: new Uint8Array(await file.arrayBuffer()) });
  };

  const labels = ['Original', 'Ciphertext (Alice)', 'Decryption (Bob)'];
  return (
    <section aria-labelledby="preview-heading">
      <p>
        <a href={`#/tasks/${taskId}`}>← Task #{taskId.toString()}</a>
      </p>
      <h1 id="preview-heading">
        Encryption preview: submission #{submissionId.toString()} of task #{taskId.toString()}
      </h1>
      <p>
        The submission's Alice encrypts the image's pixels with a fresh random key under the task's
        key regime; its Bob decrypts them. Everything runs in your browser on agents fetched from
        IPFS and verified block by block.
      </p>
      <div class="field">
        <label for="preview-image">Image (24- or 32-bit BMP; default TestImage.bmp)</label>
        <input
          id="preview-image"
          type="file"
          accept=".bmp,image/bmp"
          onChange={(e) => void pick(e.currentTarget.files?.[0])}
        />
      </div>
      <button type="button" disabled={!inputs || !image} onClick={() => setRuns(runs + 1)}>
        Encrypt again with a new key
      </button>
      {!inputs && !error ? <p role="status">Fetching the agents from IPFS…</p> : null}
      {error ? (
        <p role="alert" class="error">
          {error}
        </p>
      ) : null}
      {shown ? (
        <p role="status" data-testid="preview-stats">
          {image?.name}: {shown.image.width}×{shown.image.height}. Bob recovered{' '}
          {(shown.accuracy * 100).toFixed(2)}% of the bits; Alice changed{' '}
          {(shown.changed * 100).toFixed(1)}% of the bytes.
        </p>
      ) : null}
      <div class="canvases" data-painted={shown ? 'true' : 'false'}>
        {labels.map((label, i) => (
          <figure key={label}>
            <canvas ref={canvases[i]} role="img" aria-label={label} data-layer={i} />
            <figcaption>{label}</figcaption>
          </figure>
        ))}
      </div>
    </section>
  );
}
