import { createVerifiedFetch, type VerifiedFetch } from '@tem/core/ipfs';
import { kindOf, parseAnyTaskSpec, type AnyTaskSpec } from '@tem/core/kinds';
import type { SpecKind } from '../kinds/spec-kind.js';

/**
 * A spec as loaded: valid (with what its kind says about it, as plain data the first bundle can
 * show without loading the kinds), or the reason it is not (invalid specs are shown as such,
 * never trusted).
 */
export type LoadedSpec =
  { ok: true; spec: AnyTaskSpec; kind: SpecKind } | { ok: false; message: string };

const MAX_SPEC_BYTES = 256 * 1024;
const cache = new Map<string, Promise<LoadedSpec>>();
let client: { gateways: string; fetch: VerifiedFetch } | null = null;

/** One verified-fetch client per gateway list. */
export function ipfsClient(gateways: string[]): VerifiedFetch {
  const key = gateways.join(' ');
  if (!client || client.gateways !== key) {
    client = {
      gateways: key,
      fetch: createVerifiedFetch({ gateways, timeoutMs: 20_000, gatewayTimeoutMs: 8_000 }),
    };
  }
  return client.fetch;
}

/** A spec of any kind, validated by its kind's schema, with its kind's description of it. */
export function specOf(value: unknown): LoadedSpec {
  const spec = parseAnyTaskSpec(value);
  const kind = kindOf(spec);
  return {
    ok: true,
    spec,
    kind: {
      id: kind.id,
      title: kind.title,
      summary: kind.summary,
      rows: kind.describe(spec),
      bundleFiles: kind.bundleFiles.map((f) => ({ ...f })),
    },
  };
}

/** Fetches and validates a task spec by CID (every block verified), cached per CID. */
export function loadSpec(gateways: string[], cid: string): Promise<LoadedSpec> {
  let pending = cache.get(cid);
  if (!pending) {
    pending = ipfsClient(gateways)
      .json(cid, { maxBytes: MAX_SPEC_BYTES })
      .then(
        (value): LoadedSpec => {
          try {
            return specOf(value);
          } catch (error) {
            return { ok: false, message: (error as Error).message.slice(0, 500) };
          }
        },
        (error: unknown): LoadedSpec => ({
          ok: false,
          message: (error as Error).message?.slice(0, 300) ?? String(error),
        }),
      );
    cache.set(cid, pending);
    // A failed fetch may succeed later (gateway down): do not keep it.
    void pending.then((r) => {
      if (!r.ok && !/invalid task spec/.test(r.message)) cache.delete(cid);
    });
  }
  return pending;
}
