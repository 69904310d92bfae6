import {
  allItemsFinished,
  claimItem,
  finishItem,
  unfinishedItems,
  type WorkClaims,
} from './work-claims.js';

/** Milliseconds on a clock every thread of the process shares (unlike `performance.now()`). */
export function processClockMs(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * A slice that every lane gets whole: each lane takes items from `claims` and writes their
 * results into `results` (shared memory, indexed from the slice's first item).
 */
export interface SharedWork<R> {
  claims: WorkClaims;
  results: R;
  /** The lane takes only items below this (default: all): later ones may not exist yet. */
  upTo?: number;
  /**
   * Once every item is taken, the lane also runs the items other lanes have not finished within
   * {@link STEAL_AFTER_MS} (the calling thread's lane: a worker paused by garbage collection or
   * descheduled holds up the generation by at most that). Results are the same whoever runs an
   * item.
   */
  steal?: boolean;
  /** The lane takes items from the back of the untaken range (a worker's lane). */
  fromBack?: boolean;
  /**
   * The lane takes no item after this time (`processClockMs`), leaving the rest to a later call
   * or to other lanes (the calling thread's lane: it yields to the event loop between calls).
   */
  until?: number;
}

/** How long a stealing lane waits for other lanes' last items before running them itself. */
export const STEAL_AFTER_MS = 0.1;

/** What a lane answers for a slice with {@link SharedWork}: the items it computed. */
export interface ClaimedResults {
  claimed: number;
  /** The lane stopped at its `until` with items left untaken. */
  stoppedEarly?: boolean;
}

/** Items a lane stopped short of by its `until` (see {@link forEachItem}). */
let stoppedShort = false;

/** Whether the last {@link forEachItem} stopped at its `until` with items left untaken. */
export function stoppedShortOfItems(): boolean {
  return stoppedShort;
}

/**
 * Runs `body` on the items a lane computes of a slice of `count`: all of them in order, or, with
 * `claims`, those it takes (until `shared.until`, if given). Returns how many it ran.
 */
export function forEachItem(
  count: number,
  shared: SharedWork<unknown> | undefined,
  body: (i: number) => void,
) {
  stoppedShort = false;
  if (!shared) {
    for (let i = 0; i < count; i++) body(i);
    return count;
  }
  const { claims, upTo, fromBack, until } = shared;
  let n = 0;
  for (let i = claimItem(claims, upTo, fromBack); i >= 0; i = claimItem(claims, upTo, fromBack)) {
    body(i);
    finishItem(claims, i);
    n++;
    if (until !== undefined && processClockMs() >= until) {
      stoppedShort = true;
      return n;
    }
  }
  if (shared.steal && (upTo ?? claims.count) >= claims.count) {
    const until = processClockMs() + STEAL_AFTER_MS;
    while (!allItemsFinished(claims) && processClockMs() < until);
    for (const i of unfinishedItems(claims)) {
      if (Atomics.load(claims.done, i) === 1) continue;
      body(i);
      finishItem(claims, i);
      n++;
    }
  }
  return n;
}
