import { z } from 'zod';

/**
 * Where the runner stands with one task. The phases run in this order; `skipped` and `failed` end a
 * task early. A phase says what the runner last knew of the task on chain; the transaction in
 * flight for it, if any, is `sent`. The result bundle stays in the state folder until the commit
 * deadline has passed (`committed`), then it is uploaded (`uploaded`) and revealed: only its CID,
 * computed locally, enters the commitment.
 */
export const TASK_PHASES = [
  'accepted',
  'training',
  'trained',
  'committing',
  'committed',
  'uploaded',
  'revealing',
  'revealed',
  'seeding',
  'scoring',
  'scored',
  'finalizing',
  'finalized',
  'withdrawn',
  'lost',
  'skipped',
  'failed',
] as const;
export type TaskPhase = (typeof TASK_PHASES)[number];

/** Phases after which the runner has nothing more to do for the task. */
export const TERMINAL_PHASES = ['withdrawn', 'lost', 'skipped', 'failed'] as const;
export type TerminalPhase = (typeof TERMINAL_PHASES)[number];

/**
 * The transactions the runner sends, by lifecycle step (each a TaskMarket function): its own
 * commit and reveal, the verifiers' seed parts it relays (`fixTestSeed` with one verifier;
 * `commitSeed` and `revealSeed` per verifier and `settleSeed` with several), the quorum's score,
 * finalize, and its withdrawal (to itself or to a configured payee).
 */
export const TX_STEPS = [
  'commit',
  'reveal',
  'fixTestSeed',
  'commitSeed',
  'revealSeed',
  'settleSeed',
  'recordScore',
  'finalize',
  'withdraw',
  'withdrawTo',
] as const;
export type TxStep = (typeof TX_STEPS)[number];

/** Steps sent once per verifier: their transactions are kept as `step:index`. */
export const PER_VERIFIER_STEPS: ReadonlySet<TxStep> = new Set(['commitSeed', 'revealSeed']);

const bytes32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'must be 0x and 64 hex digits');
const wholeNumber = z.string().regex(/^[0-9]+$/, 'must be a whole number in decimal');
const text = z.string().min(1, 'must not be empty');

/**
 * A transaction the runner signed for a task, written down BEFORE it is broadcast. Until it is
 * settled (mined, or its nonce taken by another transaction) the runner decides nothing else for
 * the task: after a crash it waits while the transaction is pending, reads its receipt when it
 * is mined, and broadcasts the same bytes again when a node lost it.
 */
export const sentTxSchema = z.object({
  step: z.enum(TX_STEPS),
  /** The verifier whose seed part it relays (`commitSeed`, `revealSeed`). */
  verifierIndex: z.int().min(0).max(6).optional(),
  /** 0x-hex transaction hash. */
  hash: bytes32,
  nonce: z.int().min(0),
  /** The signed transaction, 0x-hex: sent again byte for byte, so it can be mined only once. */
  raw: z.string().regex(/^0x[0-9a-fA-F]+$/, 'must be 0x-hex'),
  /** Wei per gas (a legacy transaction): with the receipt's gas used, what it cost. */
  gasPrice: wholeNumber,
  /** When it was signed (ISO). */
  signedAt: z.string(),
});
export type SentTx = z.infer<typeof sentTxSchema>;

/** What the verifiers answered for this runner's submission, and what it did with their scores. */
export const quorumReportSchema = z.object({
  /** The score m verifiers signed, when they did. */
  score: wholeNumber.optional(),
  /** Verifiers whose valid signature of that score was received. */
  agreed: z.array(z.string()),
  /** Verifiers that signed another score. */
  disagreed: z.array(z.object({ verifier: z.string(), score: wholeNumber })),
  /** Verifiers that gave no usable answer (unreachable, refused, a bad signature), and why. */
  missing: z.array(z.object({ verifier: z.string(), reason: z.string() })),
  /** When they were asked (ISO). */
  at: z.string(),
});
export type QuorumReport = z.infer<typeof quorumReportSchema>;

/** Fields of every record, whatever its phase. */
const everyRecord = {
  /** Decimal string of the uint256 task id. */
  taskId: wholeNumber,
  /** The transaction in flight for this task, if any. */
  sent: sentTxSchema.optional(),
  /** Hashes of this task's mined, successful transactions, by {@link txKey}. */
  txs: z.record(z.string(), z.string()),
  /** Wei this task's mined transactions cost in gas, reverted ones included. */
  gasWei: wholeNumber.optional(),
  updatedAt: z.string(),
};

/** A task the runner took: its spec and the folder it trains in. */
const taken = {
  ...everyRecord,
  specCid: text,
  /** Folder of checkpoints and the result bundle for this task. */
  workDir: text,
  /** Training seed, fixed when training starts so a resumed run continues the same run. */
  seed: z.int().optional(),
};

/** What the commitment hides, written down (with the commit transaction) before it is sent. */
const secret = {
  resultCid: text,
  /** 0x-prefixed 32-byte salt of the commitment. Losing it loses the reveal. */
  salt: bytes32,
  commitment: bytes32,
};

/** A task whose commit landed: its submission on chain, and what the verifiers said of it. */
const submitted = {
  ...taken,
  ...secret,
  submissionId: wholeNumber,
  score: wholeNumber.optional(),
  /** What the verifiers answered when the runner last asked them for its score. */
  quorum: quorumReportSchema.optional(),
  /** Why no score was recorded, or why the score was not relayed. */
  reason: z.string().optional(),
};

const phase = <P extends TaskPhase, S extends z.ZodRawShape>(name: P, shape: S) =>
  z.object({ phase: z.literal(name), ...shape });

/** The runner's record of one task: each phase carries exactly the fields known by then. */
export const taskRecordSchema = z.discriminatedUnion('phase', [
  phase('accepted', taken),
  phase('training', { ...taken, seed: z.int() }),
  /** `resultCid`: a CID an older runner uploaded before committing (now computed at the commit). */
  phase('trained', { ...taken, resultCid: text.optional() }),
  phase('committing', { ...taken, ...secret }),
  phase('committed', submitted),
  phase('uploaded', submitted),
  phase('revealing', submitted),
  phase('revealed', submitted),
  phase('seeding', submitted),
  /** The score m verifiers signed, relayed by the transaction in flight. */
  phase('scoring', { ...submitted, score: wholeNumber }),
  phase('scored', submitted),
  phase('finalizing', submitted),
  phase('finalized', submitted),
  /** `paid`: wei won (bounty and forfeited bonds), once the contract shows no credit left for it. */
  phase('withdrawn', { ...submitted, paid: wholeNumber }),
  phase('lost', { ...submitted, reason: z.string() }),
  phase('skipped', { ...everyRecord, specCid: text.optional(), reason: z.string() }),
  /** Whatever the task had when it failed, and why it failed. */
  phase('failed', {
    ...z.object(submitted).partial().shape,
    ...everyRecord,
    paid: wholeNumber.optional(),
    reason: z.string(),
  }),
]);
export type TaskRecord = z.infer<typeof taskRecordSchema>;

/** The record of a task in phase `P`. */
export type RecordIn<P extends TaskPhase> = Extract<TaskRecord, { phase: P }>;

/** Every field of any phase, each optional: a record read whatever its phase (`tem status`). */
export type RecordFields = { [K in AnyKey]?: FieldOf<TaskRecord, K> };

/** Fields to merge into a record; the store checks that the result fits its phase. */
export type RecordChange = Omit<RecordFields, 'taskId' | 'updatedAt'>;
type AnyKey = TaskRecord extends infer R ? (R extends unknown ? keyof R : never) : never;
type FieldOf<R, K extends PropertyKey> = R extends unknown
  ? K extends keyof R
    ? R[K]
    : never
  : never;

/** Key of a mined transaction in {@link TaskRecord.txs}: the step, or `step:index` per verifier. */
export function txKey(sent: Pick<SentTx, 'step' | 'verifierIndex'>): string {
  return sent.verifierIndex === undefined ? sent.step : `${sent.step}:${sent.verifierIndex}`;
}

/** True when the runner has nothing more to do for the task. */
export function isTerminal<R extends { phase: TaskPhase }>(
  record: R,
): record is R & { phase: TerminalPhase } {
  return (TERMINAL_PHASES as readonly TaskPhase[]).includes(record.phase);
}
