/** Encryption preview: a submission's Alice encrypts an image, its Bob decrypts it. */
export function EncryptionPreview({
  taskId,
  submissionId,
}: {
  taskId: bigint;
  submissionId: bigint;
}) {
  return (
    <section>
      <h1>
        Encryption preview: task #{taskId.toString()}, submission #{submissionId.toString()}
      </h1>
    </section>
  );
}
