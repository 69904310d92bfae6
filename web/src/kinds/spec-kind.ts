import type { BundleFile, SpecRow } from '@tem/core/kinds';

/** What a spec's kind says about it, as plain data (computed where the kinds are loaded). */
export interface SpecKind {
  /** The spec's `kind`, e.g. `bisuna-multiplexer`. */
  id: string;
  title: string;
  summary: string;
  /** The spec as rows of label and value (the kind's `describe`). */
  rows: SpecRow[];
  /** The result bundle's files, manifest first. */
  bundleFiles: BundleFile[];
}

/** The kind of the first task kind, whose pages predate the others. */
export const CIPHER_KIND = 'bisuna-cipher';
