/** Bytes in any shape the importer can read: whole, chunked, streamed, or a browser Blob. */
export type ByteSource =
  Uint8Array | Blob | ReadableStream<Uint8Array> | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

/** One file to store. */
export interface FileContent {
  kind: 'file';
  content: ByteSource;
}

/** One entry of a directory to store: a file (with `content`) or an empty directory (without). */
export interface DirectoryEntryInput {
  /** Relative path with `/` separators, e.g. `assets/app.js`. */
  path: string;
  content?: ByteSource;
}

/** A directory to store, as its list of entries (order does not matter; links are sorted). */
export interface DirectoryContent {
  kind: 'directory';
  entries: DirectoryEntryInput[];
}

/** What a {@link ContentStore} can put. */
export type Content = FileContent | DirectoryContent;

/** Turns any {@link ByteSource} into something the importer iterates chunk by chunk. */
export function toByteIterable(
  source: ByteSource,
): Uint8Array | AsyncIterable<Uint8Array> | Iterable<Uint8Array> {
  if (source instanceof Uint8Array) return source;
  if (typeof Blob !== 'undefined' && source instanceof Blob) return readStream(source.stream());
  if (typeof ReadableStream !== 'undefined' && source instanceof ReadableStream)
    return readStream(source);
  return source as Iterable<Uint8Array> | AsyncIterable<Uint8Array>;
}

async function* readStream(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
