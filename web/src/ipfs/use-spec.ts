import { useEffect, useState } from 'preact/hooks';
import { useServices } from '../app-context.js';
import type { MarketTask } from '../market/types.js';
import type { LoadedSpec } from './spec-cache.js';

// zod (the spec schema) and the IPFS verifier are large: they load after the first paint.
const loadSpec = (gateways: string[], cid: string) =>
  import('./spec-cache.js').then((m) => m.loadSpec(gateways, cid));

const NO_VALID_CID: LoadedSpec = { ok: false, message: 'the task has no valid spec CID' };

/**
 * The spec of a task, or null while the task or its spec loads (`task` null: the task itself is
 * still loading). A spec loaded for another CID is never returned, not even for one render.
 */
export function useSpec(task: Pick<MarketTask, 'specCid'> | null): LoadedSpec | null {
  const { loaded } = useServices();
  const cid = task ? task.specCid : undefined;
  const [result, setResult] = useState<{ cid: string; spec: LoadedSpec } | null>(null);
  useEffect(() => {
    if (!cid) return;
    let live = true;
    void loadSpec(loaded.config.gateways, cid).then((spec) => live && setResult({ cid, spec }));
    return () => {
      live = false;
    };
  }, [cid, loaded.config.gateways]);
  if (cid === undefined) return null;
  if (cid === null) return NO_VALID_CID;
  return result?.cid === cid ? result.spec : null;
}

/** What the task list shows of a spec: its title and its kind's name. */
export interface SpecHeadline {
  title: string;
  /** The kind's name, e.g. "Boolean multiplexer". */
  kind: string;
  /** The kind's id, e.g. `bisuna-multiplexer`. */
  kindId: string;
}

/** Titles and kinds of the listed tasks' specs (task id → headline), filled in as specs arrive. */
export function useSpecTitles(tasks: MarketTask[]): Map<string, SpecHeadline> {
  const { loaded } = useServices();
  const [titles, setTitles] = useState(() => new Map<string, SpecHeadline>());
  useEffect(() => {
    let live = true;
    for (const task of tasks.slice(0, 200)) {
      if (!task.specCid) continue;
      void loadSpec(loaded.config.gateways, task.specCid).then((s) => {
        if (!live || !s.ok) return;
        setTitles((prev) =>
          new Map(prev).set(task.id.toString(), {
            title: s.spec.title,
            kind: s.kind.title,
            kindId: s.kind.id,
          }),
        );
      });
    }
    return () => {
      live = false;
    };
  }, [tasks, loaded.config.gateways]);
  return titles;
}
