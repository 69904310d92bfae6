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
  /** What a task of this kind asks, in plain words, for the wizard. */
  about: string;
  load(): Promise<ComponentType<SubmissionViewProps>>;
}

/** Every kind's submission view. A new kind adds its line here (and its folder beside this file). */
export const KIND_VIEWS: readonly KindView[] = [
  {
    kind: 'bisuna-cipher',
    label: 'Encryption preview',
    about:
      'Alice encrypts, Bob decrypts with the key they share, and Eve, who sees only the ciphertext, tries to decrypt too. Scoring checks that Bob decrypts every test stream, that the ciphertext looks random and depends on every key bit, and that a fresh Eve learns nothing.',
    load: () => import('../preview/encryption-preview.js').then((m) => m.EncryptionPreview),
  },
  {
    kind: 'bisuna-multiplexer',
    label: 'Truth table',
    about:
      'The multiplexer is a classic test of evolving logic. The network sees k address bits and 2^k data bits, each 0 or 1; the address, read as a binary number, picks one data bit, and the network must answer with that bit. With k = 2 that is 6 inputs and 64 cases, with k = 3 11 inputs and 2,048 cases. Scoring runs every case: the share it gets right, and a perfect network above all others (smaller perfect networks higher).',
    load: () => import('./multiplexer/coverage-view.js').then((m) => m.CoverageView),
  },
  {
    kind: 'bisuna-double-pole',
    label: 'Cart and poles',
    about:
      'Two poles, 1 m and 10 cm long, stand hinged on a cart on a 4.8 m track; every 0.02 s the network pushes the cart left or right. A run lasts while both poles stay within 36° of upright and the cart on the track. Without velocities the network sees only where the cart and poles are, not how fast they move, and must work that out over time: the hard classic. Scoring: steps balanced from the standard start, up to 100,000 (33 minutes of simulated time); a network that makes it all the way then ranks by generalisation: from how many of 625 other starting states it balances 1,000 steps.',
    load: () => import('./double-pole/cart-view.js').then((m) => m.CartView),
  },
];

/** The view of a kind, or undefined for a kind this site does not know. */
export const kindView = (kind: string): KindView | undefined =>
  KIND_VIEWS.find((v) => v.kind === kind);
