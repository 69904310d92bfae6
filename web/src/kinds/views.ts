import type { ComponentType } from 'preact';
import type { AnyTaskSpec } from '@tem/core/kinds';
import type { MarketSubmission, MarketTask } from '../market/types.js';

/** What every kind's submission view is given: the task, the revealed submission and the spec. */
export interface SubmissionViewProps {
  taskId: bigint;
  submissionId: bigint;
  task: MarketTask;
  submission: MarketSubmission;
  spec: AnyTaskSpec;
}

/** How the site shows a kind's submissions: a link's words and the view, loaded when opened. */
export interface KindView {
  kind: string;
  /** The leaderboard link to the view. */
  label: string;
  load(): Promise<ComponentType<SubmissionViewProps>>;
}

/** Every kind's submission view. A new kind adds its line here (and its folder beside this file). */
export const KIND_VIEWS: readonly KindView[] = [
  {
    kind: 'bisuna-cipher',
    label: 'Encryption preview',
    load: () => import('../preview/encryption-preview.js').then((m) => m.EncryptionPreview),
  },
  {
    kind: 'bisuna-multiplexer',
    label: 'Truth table',
    load: () => import('./multiplexer/coverage-view.js').then((m) => m.CoverageView),
  },
  {
    kind: 'bisuna-double-pole',
    label: 'Cart and poles',
    load: () => import('./double-pole/cart-view.js').then((m) => m.CartView),
  },
];

/** The view of a kind, or undefined for a kind this site does not know. */
export const kindView = (kind: string): KindView | undefined =>
  KIND_VIEWS.find((v) => v.kind === kind);
