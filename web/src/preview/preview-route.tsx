import { lazy, Suspense } from 'preact/compat';

// The BiSUNA engine is heavy: it loads only when someone opens a preview.
const EncryptionPreview = lazy(() =>
  import('./encryption-preview.js').then((m) => ({ default: m.EncryptionPreview })),
);

/**
 * The encryption preview page, code-split out of the initial bundle. Keyed by task and
 * submission: another hash mounts a fresh preview, so no image of the previous submission stays
 * on its canvases.
 */
export function PreviewRoute({ taskId, submissionId }: { taskId: bigint; submissionId: bigint }) {
  return (
    <Suspense fallback={<p role="status">Loading the BiSUNA engine…</p>}>
      <EncryptionPreview
        key={`${taskId}/${submissionId}`}
        taskId={taskId}
        submissionId={submissionId}
      />
    </Suspense>
  );
}
